//! The typed reads of the per-file context: text, numbers, dates, lists,
//! enum values, references and URLs, each reporting a located diagnostic
//! and going on.

use jiff::civil::Date;
use serde_yaml::Value;

use super::ctx::{closest, kind_of, Ctx, Obj, Ref, Target};

impl Ctx<'_> {
    pub fn text(&mut self, o: &Obj, key: &str) -> Option<String> {
        let v = o.get(key)?;
        // The common case first: the key path is only built for a message.
        if let Some(t) = plain_text(v) {
            return Some(t.to_string());
        }
        self.as_text(v, &o.child(key))
    }

    pub fn as_text(&mut self, v: &Value, path: &str) -> Option<String> {
        match v {
            Value::String(s) if s.trim().is_empty() => {
                self.error("empty", path, format!("`{path}` is empty"));
                None
            }
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(_) | Value::Bool(_) => {
                self.error_hint(
                    "type",
                    path,
                    format!("`{path}` must be text, found {}", kind_of(v)),
                    "put the value in quotes",
                );
                None
            }
            _ => {
                self.error(
                    "type",
                    path,
                    format!("`{path}` must be text, found {}", kind_of(v)),
                );
                None
            }
        }
    }

    /// Text no longer than `max` characters.
    pub fn text_max(&mut self, o: &Obj, key: &str, max: usize) -> Option<String> {
        let s = self.text(o, key)?;
        let n = s.chars().count();
        if n > max {
            self.error_hint(
                "too-long",
                &o.child(key),
                format!(
                    "`{}` is {n} characters long; the limit is {max}",
                    o.child(key)
                ),
                format!("shorten it by {} characters", n - max),
            );
        }
        Some(s)
    }

    pub fn int(&mut self, o: &Obj, key: &str, min: i64, max: i64) -> Option<i64> {
        let v = o.get(key)?;
        if let Some(n) = v.as_i64().filter(|n| (min..=max).contains(n)) {
            return Some(n);
        }
        let path = o.child(key);
        match v.as_i64() {
            Some(n) if (min..=max).contains(&n) => Some(n),
            Some(n) => {
                self.error(
                    "range",
                    &path,
                    format!("`{path}` is {n}; it must be between {min} and {max}"),
                );
                None
            }
            None if v.as_u64().is_some() => {
                self.error("range", &path, format!("`{path}` is too large"));
                None
            }
            None => {
                self.error(
                    "type",
                    &path,
                    format!("`{path}` must be a whole number, found {}", kind_of(v)),
                );
                None
            }
        }
    }

    pub fn boolean(&mut self, o: &Obj, key: &str) -> Option<bool> {
        let v = o.get(key)?;
        match v.as_bool() {
            Some(b) => Some(b),
            None => {
                let path = o.child(key);
                self.error_hint(
                    "type",
                    &path,
                    format!("`{path}` must be true or false, found {}", kind_of(v)),
                    "write `true` or `false`",
                );
                None
            }
        }
    }

    pub fn date(&mut self, o: &Obj, key: &str) -> Option<Date> {
        let v = o.get(key)?;
        if let Some(d) = v.as_str().and_then(|s| parse_date(s.trim())) {
            return Some(d);
        }
        let path = o.child(key);
        match v {
            Value::String(s) => self.error_hint(
                "date",
                &path,
                format!("`{}` is not a valid date", s.trim()),
                "write dates as YYYY-MM-DD, e.g. 2024-03-15",
            ),
            _ => self.error_hint(
                "date",
                &path,
                format!("`{path}` must be a date, found {}", kind_of(v)),
                "write dates as YYYY-MM-DD",
            ),
        }
        None
    }

    /// Reads `key` as a list; items come with their key paths.
    pub fn list<'v>(&mut self, o: &Obj<'v>, key: &str) -> Vec<(String, &'v Value)> {
        let Some(v) = o.get(key) else {
            return Vec::new();
        };
        let path = o.child(key);
        match v.as_sequence() {
            Some(seq) => seq
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{path}[{i}]"), v))
                .collect(),
            None => {
                self.error_hint(
                    "type",
                    &path,
                    format!("`{path}` must be a list, found {}", kind_of(v)),
                    "write one `- item` per line, or `[a, b]`",
                );
                Vec::new()
            }
        }
    }

    /// A value from a fixed set, with the valid values as a hint.
    pub fn one_of<T>(
        &mut self,
        o: &Obj,
        key: &str,
        parse: fn(&str) -> Option<T>,
        names: &[&str],
    ) -> Option<T> {
        let s = self.text(o, key)?;
        if let Some(t) = parse(&s) {
            return Some(t);
        }
        let path = o.child(key);
        let hint = match closest(&s, names.iter().copied()) {
            Some(c) => format!("did you mean `{c}`? valid values: {}", names.join(", ")),
            None => format!("valid values: {}", names.join(", ")),
        };
        self.error_hint(
            "enum",
            &path,
            format!("`{s}` is not a valid value for `{path}`"),
            hint,
        );
        None
    }

    /// A slug referring to another entry; resolved after all files are read.
    pub fn reference(&mut self, o: &Obj, key: &str, target: Target) -> Option<String> {
        let v = o.get(key)?;
        if let Some(t) = plain_text(v) {
            self.refs.push(Ref {
                target,
                slug: t.to_string(),
                at: o.child(key),
            });
            return Some(t.to_string());
        }
        self.reference_value(v, &o.child(key), target)
    }

    pub fn reference_value(&mut self, v: &Value, path: &str, target: Target) -> Option<String> {
        let s = self.as_text(v, path)?;
        self.refs.push(Ref {
            target,
            slug: s.clone(),
            at: path.to_string(),
        });
        Some(s)
    }

    /// An absolute http(s) URL.
    pub fn url(&mut self, o: &Obj, key: &str) -> Option<String> {
        let s = self.text(o, key)?;
        let parsed = url::Url::parse(&s);
        if let Ok(u) = &parsed {
            if (u.scheme() == "https" || u.scheme() == "http") && u.host().is_some() {
                return Some(s);
            }
        }
        let path = o.child(key);
        match parsed {
            Ok(u) if u.scheme() == "https" || u.scheme() == "http" => {
                self.error_hint(
                    "url",
                    &path,
                    format!("`{s}` has no host name"),
                    "write a full address, e.g. https://baokontum.vn/bai-viet",
                );
                None
            }
            Ok(u) => {
                self.error_hint(
                    "url",
                    &path,
                    format!(
                        "`{path}` uses the `{}:` scheme; only web addresses are allowed",
                        u.scheme()
                    ),
                    "write a full address starting with https://",
                );
                None
            }
            Err(e) => {
                self.error_hint(
                    "url",
                    &path,
                    format!("`{s}` is not a valid URL: {e}"),
                    "write a full address starting with https://",
                );
                None
            }
        }
    }
}

/// Non-empty text, trimmed.
fn plain_text(v: &Value) -> Option<&str> {
    v.as_str().map(str::trim).filter(|t| !t.is_empty())
}

/// A `YYYY-MM-DD` date (exactly that shape: jiff alone would also take
/// other ISO forms).
pub fn parse_date(s: &str) -> Option<Date> {
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shaped.then(|| s.parse::<Date>().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_date_takes_only_yyyy_mm_dd() {
        assert_eq!(
            parse_date("2026-11-29"),
            Some(jiff::civil::date(2026, 11, 29))
        );
        for bad in [
            "garbage",
            "2026-02-30",
            "2026-1-29",
            "20261129",
            "2026-11-29T00:00",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}

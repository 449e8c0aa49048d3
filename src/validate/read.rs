//! The typed reads of the per-file context: text, numbers, dates, lists,
//! enum values, references and URLs, each reporting a located diagnostic
//! and going on.

use jiff::civil::Date;
use serde_yaml::Value;

use super::ctx::{closest, kind_of, Ctx, Obj, Ref, Target};
use crate::msg;

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
                self.error("empty", path, msg!("empty", key = &path));
                None
            }
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(_) | Value::Bool(_) => {
                self.error_hint(
                    "type",
                    path,
                    msg!("type.text", key = &path, found = kind_of(v)),
                    msg!("type.text.hint"),
                );
                None
            }
            _ => {
                self.error(
                    "type",
                    path,
                    msg!("type.text", key = &path, found = kind_of(v)),
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
                msg!("too-long", key = o.child(key), n = n, max = max),
                msg!("too-long.hint", n = n - max),
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
                    msg!("range", key = &path, n = n, min = min, max = max),
                );
                None
            }
            None if v.as_u64().is_some() => {
                self.error("range", &path, msg!("range.large", key = &path));
                None
            }
            None => {
                let message = msg!("type.int", key = &path, found = kind_of(v));
                // `120.000.000`: thousands written as on paper.
                match v.as_str().and_then(super::suggest::grouped_number) {
                    Some(n) => {
                        self.error_hint("type", &path, message, msg!("type.int.grouped", n = n))
                    }
                    None => self.error("type", &path, message),
                }
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
                let hint = match v.as_str().and_then(super::suggest::yes_no) {
                    Some(b) => msg!(
                        "type.bool.meant",
                        value = b.to_string(),
                        text = v.as_str().unwrap_or_default()
                    ),
                    None => msg!("type.bool.hint"),
                };
                self.error_hint(
                    "type",
                    &path,
                    msg!("type.bool", key = &path, found = kind_of(v)),
                    hint,
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
            Value::String(s) => {
                let hint = match super::suggest::day_first_date(s) {
                    Some(d) => msg!("date.meant", date = d),
                    None => msg!("date.hint"),
                };
                self.error_hint("date", &path, msg!("date", text = s.trim()), hint)
            }
            _ => self.error_hint(
                "date",
                &path,
                msg!("type.date", key = &path, found = kind_of(v)),
                msg!("date.hint"),
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
                    msg!("type.list", key = &path, found = kind_of(v)),
                    msg!("type.list.hint"),
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
            Some(c) => msg!("enum.hint-near", word = c, values = names.join(", ")),
            None => msg!("enum.hint", values = names.join(", ")),
        };
        self.error_hint("enum", &path, msg!("enum", text = s, key = &path), hint);
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
                    msg!("url.host", text = s),
                    msg!("url.host.hint"),
                );
                None
            }
            Ok(u) => {
                self.error_hint(
                    "url",
                    &path,
                    msg!("url.scheme", key = &path, scheme = u.scheme()),
                    msg!("url.hint"),
                );
                None
            }
            Err(e) => {
                self.error_hint(
                    "url",
                    &path,
                    msg!("url.invalid", text = s, detail = e.to_string()),
                    msg!("url.hint"),
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

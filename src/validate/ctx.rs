//! The per-file validation context: typed reads of YAML values that
//! report every problem as a located diagnostic and keep going.

use std::cell::OnceCell;
use std::path::Path;

use jiff::civil::Date;
use serde_yaml::{Mapping, Value};

use super::locate::Locator;
use super::yaml_guard;
use crate::diag::{Diagnostic, Severity};
use crate::load::SourceFile;
use crate::messages::Message;
use crate::msg;

/// What a slug refers to; checked once every file is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Field,
    District,
    Unit,
    Author,
}

#[derive(Debug, Clone)]
pub struct Ref {
    pub target: Target,
    pub slug: String,
    /// Key path of the reference inside its file.
    pub at: String,
}

/// A YAML mapping being read, with its key path for locating problems.
pub struct Obj<'v> {
    pub map: &'v Mapping,
    pub path: String,
}

impl<'v> Obj<'v> {
    /// The value of `key`; an explicit `null` (`key:` with nothing) counts
    /// as absent.
    pub fn get(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub fn child(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

/// Problems reported one by one for a file; past this many, the rest are
/// only counted. A hostile 1 MB file of 100,000 unknown keys would
/// otherwise cost seconds of suggestions, locating and printing, and no
/// editor reads the 101st message before fixing the first.
pub const MAX_PER_FILE: usize = 100;

pub struct Ctx<'a> {
    pub file: &'a SourceFile,
    pub root: &'a Path,
    pub today: Date,
    pub diags: Vec<Diagnostic>,
    pub refs: Vec<Ref>,
    /// Problems past [`MAX_PER_FILE`]: (errors, warnings), counted only.
    pub unreported: (usize, usize),
    locator: OnceCell<Locator>,
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a SourceFile, root: &'a Path, today: Date) -> Self {
        Ctx {
            file,
            root,
            today,
            diags: Vec::new(),
            refs: Vec::new(),
            unreported: (0, 0),
            locator: OnceCell::new(),
        }
    }

    /// Whether the file has had its [`MAX_PER_FILE`] reported problems.
    pub fn is_full(&self) -> bool {
        self.diags.len() >= MAX_PER_FILE
    }

    /// One diagnostic saying how many problems were only counted, if any.
    pub fn unreported_summary(&self) -> Option<Diagnostic> {
        let (errors, warnings) = self.unreported;
        if errors + warnings == 0 {
            return None;
        }
        let message = msg!("more-problems", n = errors + warnings, max = MAX_PER_FILE);
        let d = if errors > 0 {
            Diagnostic::error("more-problems", &self.file.path, message)
        } else {
            Diagnostic::warning("more-problems", &self.file.path, message)
        };
        Some(
            d.at_line(self.file.yaml_line.max(1))
                .with_hint(msg!("more-problems.hint")),
        )
    }

    /// File line and column of a key path (the YAML's first line if the
    /// path cannot be placed).
    pub fn locate(&self, path: &str) -> (u32, u32) {
        match self.locator().find(path) {
            Some((line, col)) => (self.file.yaml_line + line - 1, col),
            None => (self.file.yaml_line.max(1), 1),
        }
    }

    pub fn report(
        &mut self,
        severity: Severity,
        code: &'static str,
        at: &str,
        message: Message,
        hint: Option<Message>,
    ) {
        if self.is_full() {
            match severity {
                Severity::Error => self.unreported.0 += 1,
                Severity::Warning => self.unreported.1 += 1,
            }
            return;
        }
        let (line, col) = self.locate(at);
        let mut d = match severity {
            Severity::Error => Diagnostic::error(code, &self.file.path, message),
            Severity::Warning => Diagnostic::warning(code, &self.file.path, message),
        }
        .at(line, col);
        d.hint = hint;
        self.diags.push(d);
    }

    pub fn error(&mut self, code: &'static str, at: &str, message: impl Into<Message>) {
        self.report(Severity::Error, code, at, message.into(), None);
    }

    pub fn error_hint(
        &mut self,
        code: &'static str,
        at: &str,
        message: impl Into<Message>,
        hint: impl Into<Message>,
    ) {
        self.report(Severity::Error, code, at, message.into(), Some(hint.into()));
    }

    /// Parses the file's YAML, reporting a syntax error at its position.
    /// Refused before serde_yaml sees it: control characters, and aliases
    /// that would expand past a budget (see `yaml_guard`).
    pub fn parse_yaml(&mut self) -> Option<Value> {
        let yaml = self.file.yaml_text();
        let first = self.file.yaml_line;
        if let Some(d) = self.control_chars(yaml, first) {
            self.diags.push(d);
            return None;
        }
        if let Err(r) = yaml_guard::check(yaml) {
            self.diags.push(
                Diagnostic::error(r.code, &self.file.path, r.message)
                    .at(first + r.line - 1, r.column)
                    .with_hint(r.hint),
            );
            return None;
        }
        match serde_yaml::from_str::<Value>(yaml) {
            Ok(v) => Some(v),
            Err(e) => {
                if let Some(d) = self.tab_indent(yaml, first) {
                    self.diags.push(d);
                    return None;
                }
                let msg = e.to_string();
                // serde_yaml appends " at line X column Y"; we show our own.
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                let (line, col) = self.error_position(&e, &msg);
                self.diags.push(
                    Diagnostic::error(
                        "yaml-syntax",
                        &self.file.path,
                        msg!("yaml-syntax", detail = msg),
                    )
                    .at(line, col.max(1))
                    .with_hint(msg!("yaml-syntax.hint")),
                );
                None
            }
        }
    }

    /// A tab in a line's indentation (YAML indents with spaces only),
    /// reported at its column: serde_yaml's own message does not say so.
    fn tab_indent(&self, yaml: &str, first: u32) -> Option<Diagnostic> {
        let (n, line) = yaml.lines().enumerate().find(|(_, l)| {
            l.trim_start_matches([' ', '\t']).len() < l.len() && {
                let indent = &l[..l.len() - l.trim_start_matches([' ', '\t']).len()];
                indent.contains('\t')
            }
        })?;
        let col = line.chars().position(|c| c == '\t').unwrap_or(0) as u32 + 1;
        Some(
            Diagnostic::error("yaml-tab", &self.file.path, msg!("yaml-tab", column = col))
                .at(first + n as u32, col)
                .with_hint(msg!("yaml-tab.hint")),
        )
    }

    /// Where a serde_yaml error belongs in the file. A duplicate key is
    /// reported at the mapping that holds it: found again here, at the
    /// second occurrence.
    fn error_position(&self, e: &serde_yaml::Error, msg: &str) -> (u32, u32) {
        let first = self.file.yaml_line;
        let at = e.location().map(|l| (l.line() as u32, l.column() as u32));
        if let Some(key) = msg.strip_prefix("duplicate entry with key ") {
            let key = key.trim_matches('"');
            let loc = self.locator();
            if let Some((line, col)) = loc.duplicate(key, at.map_or(1, |a| a.0)) {
                return (first + line - 1, col);
            }
        }
        at.map_or((first, 1), |(line, col)| (first + line - 1, col))
    }

    fn locator(&self) -> &Locator {
        self.locator
            .get_or_init(|| Locator::new(self.file.yaml_text()))
    }

    /// Refuses control characters written as such in the Markdown body
    /// (a NUL there became U+FFFD when the file was read).
    pub fn check_body(&mut self) {
        let body = self.file.body_text();
        if let Some(d) = self.control_chars(body, self.file.body_line) {
            self.diags.push(d);
        }
    }

    /// The first control character of `text` (which starts at file line
    /// `first`), as a diagnostic that counts the others.
    fn control_chars(&self, text: &str, first: u32) -> Option<Diagnostic> {
        let (at, c, count) = crate::load::find_controls(text)?;
        let (line, col) = crate::load::line_column(text, at);
        let hint = match count {
            1 => msg!("control-char.hint"),
            n => msg!("control-char.hint-more", n = n - 1),
        };
        Some(
            Diagnostic::error(
                "control-char",
                &self.file.path,
                msg!("control-char", code = yaml_guard::code_point(c)),
            )
            .at(first + line - 1, col)
            .with_hint(hint),
        )
    }

    /// Reads `v` as a mapping whose keys must be among `allowed` and must
    /// include `required`.
    pub fn obj<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        allowed: &[&str],
        required: &[&str],
    ) -> Option<Obj<'v>> {
        let Some(map) = v.as_mapping() else {
            let found = kind_of(v);
            self.error_hint(
                "type",
                path,
                msg!("type.mapping", what = name_of(path), found = found),
                msg!("type.mapping.hint", keys = allowed.join(", ")),
            );
            return None;
        };
        let obj = Obj {
            map,
            path: path.to_string(),
        };
        // Keys a mistyped key stands for: reported once, at the typo,
        // not also as missing.
        let mut meant: Vec<&str> = Vec::new();
        for (k, _) in map {
            match k.as_str() {
                Some(k) if allowed.contains(&k) => {}
                // Counted only: no suggestion is looked for.
                Some(_) if self.is_full() => self.unreported.0 += 1,
                Some(k) => {
                    let at = obj.child(k);
                    let hint = match super::suggest::key(k, allowed) {
                        Some(c) => {
                            meant.push(c);
                            msg!("did-you-mean", word = c)
                        }
                        None => msg!("unknown-key.hint", keys = allowed.join(", ")),
                    };
                    self.error_hint("unknown-key", &at, msg!("unknown-key", key = k), hint);
                }
                None => self.error("type", path, msg!("type.key", what = name_of(path))),
            }
        }
        for key in required {
            match map.get(*key) {
                None if meant.contains(key) => {}
                None => self.error("required", path, msg!("required", key = obj.child(key))),
                Some(Value::Null) => self.error(
                    "required",
                    &obj.child(key),
                    msg!("required.empty", key = obj.child(key)),
                ),
                Some(_) => {}
            }
        }
        Some(obj)
    }
}

/// The closest candidate to a misspelt `word`, if any is close enough.
/// Optimal string alignment (transpositions count one edit) is enough for
/// typos and, unlike full Damerau, needs no table per call: a file of
/// 100,000 unknown keys spent most of its check here.
pub fn closest<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let len = word.chars().count();
    let limit = (len / 3).max(1) + 1;
    candidates
        // The length difference is a lower bound of the distance.
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// What a value is, as the messages name it.
pub(super) fn kind_of(v: &Value) -> Message {
    match v {
        Value::Null => msg!("kind.nothing"),
        Value::Bool(_) => msg!("kind.bool"),
        Value::Number(_) => msg!("kind.number"),
        Value::String(_) => msg!("kind.text"),
        Value::Sequence(_) => msg!("kind.list"),
        Value::Mapping(_) => msg!("kind.mapping"),
        Value::Tagged(_) => msg!("kind.tagged"),
    }
}

pub(super) fn name_of(path: &str) -> Message {
    if path.is_empty() {
        msg!("the-file")
    } else {
        msg!("quoted", text = path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_suggests_near_keys_only() {
        let keys = ["title", "summary", "tags"];
        assert_eq!(closest("tittle", keys.iter().copied()), Some("title"));
        assert_eq!(closest("tag", keys.iter().copied()), Some("tags"));
        assert_eq!(closest("zzzzzz", keys.iter().copied()), None);
    }
}

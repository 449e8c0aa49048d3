//! Diagnostics as data: every stage reports problems as [`Diagnostic`]s
//! that carry the file, line and column, instead of failing on the first.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::messages::{Lang, Message};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a catalogue.
/// The message and hint are catalogue ids with arguments
/// ([`Message`]): their text is made where they are shown, in the
/// language chosen there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable rule name, e.g. `unknown-key`, for filtering and tests.
    pub code: &'static str,
    /// Path relative to the catalogue root, with `/` separators.
    pub path: PathBuf,
    /// 1-based line in the file, when known.
    pub line: Option<u32>,
    /// 1-based column (in characters), when known.
    pub column: Option<u32>,
    pub message: Message,
    pub hint: Option<Message>,
}

/// A path as shown to editors: always with `/`, whatever the platform.
pub fn display_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `s` made safe to print on a terminal or in a CI log: control
/// characters (a newline in a file name, ESC, NUL) and the bidirectional
/// overrides become `\u{…}` escapes, so that a name cannot start a line
/// of its own (a GitHub `::error` or `::add-mask::` command) or restyle
/// the terminal.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl Diagnostic {
    pub fn error(
        code: &'static str,
        path: impl Into<PathBuf>,
        message: impl Into<Message>,
    ) -> Self {
        Self::new(Severity::Error, code, path.into(), message.into())
    }

    pub fn warning(
        code: &'static str,
        path: impl Into<PathBuf>,
        message: impl Into<Message>,
    ) -> Self {
        Self::new(Severity::Warning, code, path.into(), message.into())
    }

    fn new(severity: Severity, code: &'static str, path: PathBuf, message: Message) -> Self {
        Diagnostic {
            severity,
            code,
            path,
            line: None,
            column: None,
            message,
            hint: None,
        }
    }

    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_line(mut self, line: u32) -> Self {
        self.line = Some(line);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<Message>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message's text in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        self.message.render(lang)
    }

    /// The hint's text in `lang`, if there is a hint.
    pub fn hint_in(&self, lang: Lang) -> Option<String> {
        self.hint.as_ref().map(|h| h.render(lang))
    }

    /// The severity's word in `lang` (`lỗi`, `error`, …).
    pub fn severity_in(&self, lang: Lang) -> String {
        crate::messages::get(
            match self.severity {
                Severity::Error => "severity-error",
                Severity::Warning => "severity-warning",
            },
            lang,
        )
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error: message` — the compact one-line form, in
    /// the process's language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lang = crate::messages::lang();
        write!(f, "{}", printable(&display_path(&self.path)))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        let sev = self.severity_in(lang);
        let message = self.message_in(lang);
        write!(f, ": {sev}[{}]: {}", self.code, printable(&message))?;
        if let Some(hint) = self.hint_in(lang) {
            write!(f, " ({})", printable(&hint))?;
        }
        Ok(())
    }
}

/// Sorts diagnostics the way editors read them: by file, then line.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
    });
}

pub fn error_count(diags: &[Diagnostic]) -> usize {
    diags.iter().filter(|d| d.is_error()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_what_could_start_a_line_or_restyle_a_terminal() {
        assert_eq!(printable("Sở Y tế/a.md"), "Sở Y tế/a.md");
        assert_eq!(
            printable("a\n::error::x\u{1b}[31m\u{0}\u{202e}"),
            "a\\u{a}::error::x\\u{1b}[31m\\u{0}\\u{202e}"
        );
        let d = Diagnostic::error("x", "units/a\n::add-mask::b.yaml", "bad\rvalue");
        let shown = d.to_string();
        assert!(!shown.contains('\n') && !shown.contains('\r'), "{shown}");
    }
}

//! Writing diagnostics for people and machines: rustc-style text, JSON
//! lines, or GitHub Actions annotations.

use std::io::{self, Write};
use std::path::Path;

use annotate_snippets::{Level, Renderer, Snippet};

use crate::diag::{display_path, printable, Diagnostic, Severity};
use crate::messages::{self, Lang};

mod private;
mod width;

/// How diagnostics are written (the binary maps its `--format` to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// How diagnostics are shown: in which language, and how many columns
/// wide a terminal line may be (excerpts are cut around the column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub lang: Lang,
    pub width: usize,
}

impl Default for View {
    /// The process's language, 100 columns (what a pipe or CI log gets).
    fn default() -> Self {
        View {
            lang: messages::lang(),
            width: 100,
        }
    }
}

/// Writes `diags` in `format`. `source` gives a file's text for the
/// human format's excerpts. Human output carries ANSI styles; write it to
/// an `anstream` stream, which drops them when piped or with NO_COLOR.
pub fn write(
    format: Format,
    diags: &[Diagnostic],
    source: &dyn Fn(&Path) -> Option<String>,
    view: View,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human(diags, source, view, out),
        Format::Json => {
            for d in diags {
                serde_json::to_writer(&mut *out, &json(d, view.lang))?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Github => {
            for d in diags {
                writeln!(out, "{}", github(d, view.lang))?;
            }
            Ok(())
        }
    }
}

/// One diagnostic as a JSON object: its text in `lang`, and the message
/// id and arguments for tools.
pub fn json(d: &Diagnostic, lang: Lang) -> serde_json::Value {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    serde_json::json!({
        "severity": severity,
        "code": d.code,
        "file": display_path(&d.path),
        "line": d.line,
        "column": d.column,
        "message": d.message_in(lang),
        "hint": d.hint_in(lang),
        "message_id": d.message.id,
    })
}

fn human(
    diags: &[Diagnostic],
    source: &dyn Fn(&Path) -> Option<String>,
    view: View,
    out: &mut dyn Write,
) -> io::Result<()> {
    let renderer = Renderer::styled().term_width(view.width);
    for d in diags {
        let text = source(&d.path);
        writeln!(out, "{}\n", render(&renderer, d, text.as_deref(), view))?;
    }
    Ok(())
}

/// One diagnostic, rustc-style: the message and rule, the offending line
/// with a marker under the key or value, then the hint.
fn render(renderer: &Renderer, d: &Diagnostic, text: Option<&str>, view: View) -> String {
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let title = format!("{} [{}]", printable(&d.message_in(view.lang)), d.code);
    let path = printable(&display_path(&d.path)).into_owned();
    let location = match (d.line, d.column) {
        (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
        (Some(l), None) => format!("{path}:{l}"),
        _ => path.clone(),
    };
    // The excerpt never shows what a `private` or `confidential` block
    // holds (CI logs keep what `check` prints), nor raw control characters.
    let excerpt = d.line.zip(text).and_then(|(n, t)| {
        let index = (n as usize).checked_sub(1)?;
        let line = t.lines().nth(index)?;
        let shown = if private::is_private_line(t, index) {
            private::masked(line)
        } else {
            printable(line).into_owned()
        };
        // Cut around the column so that the line and its marker fit.
        let room = view.width.saturating_sub(width::gutter(n));
        let (shown, column) = width::cut(&shown, d.column, room);
        Some((n, shown, column))
    });
    let mut message = level.title(&title);
    message = match &excerpt {
        Some((line, src, column)) => message.snippet(
            Snippet::source(src)
                .line_start(*line as usize)
                .origin(&path)
                .annotation(level.span(marker(src, *column))),
        ),
        // No line to show (a missing file, a whole-file problem): say where.
        None => message.footer(Level::Note.title(&location)),
    };
    let hint = d.hint_in(view.lang);
    let hint = hint.as_deref().map(printable);
    if let Some(hint) = &hint {
        message = message.footer(Level::Help.title(hint));
    }
    let rendered = renderer.render(message).to_string();
    localize_labels(rendered, d.severity, view.lang)
}

/// annotate-snippets writes its labels (`error`, `warning`, `help`,
/// `note`) in English: each is put in `lang`, the first on the title line
/// and one on each footer line (`= help: …`).
fn localize_labels(rendered: String, severity: Severity, lang: Lang) -> String {
    if lang == Lang::En {
        return rendered;
    }
    let word = |id| messages::get(id, lang);
    let (title_label, title_id) = match severity {
        Severity::Error => ("error", "severity-error"),
        Severity::Warning => ("warning", "severity-warning"),
    };
    let mut out = String::with_capacity(rendered.len() + 16);
    for (n, line) in rendered.split_inclusive('\n').enumerate() {
        let footer = |label: &str| {
            let plain = line.trim_start_matches([' ', '|']);
            let visible = strip_ansi(plain);
            visible.trim_start().starts_with(&format!("= {label}:"))
        };
        let fixed = if n == 0 {
            line.replacen(title_label, &word(title_id), 1)
        } else if footer("help") {
            line.replacen("help", &word("label-help"), 1)
        } else if footer("note") {
            line.replacen("note", &word("severity-note"), 1)
        } else {
            line.to_string()
        };
        out.push_str(&fixed);
    }
    out
}

/// `s` without ANSI style sequences (`ESC [ … m`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The byte range to underline in `line`: from the column (or the first
/// non-blank character) to the end of the line's text, at least one byte.
fn marker(line: &str, column: Option<u32>) -> std::ops::Range<usize> {
    let start = match column {
        Some(c) => line
            .char_indices()
            .nth((c as usize).saturating_sub(1))
            .map_or(line.len(), |(i, _)| i),
        None => line.len() - line.trim_start().len(),
    };
    let end = line.trim_end().len().max(start);
    if end > start {
        return start..end;
    }
    // Nothing after the column: underline one character, if there is one.
    let next = line[start..].chars().next().map_or(0, char::len_utf8);
    start..start + next
}

/// Writes the diagnostics of `check` (and, for people, a closing count)
/// to `out`. A reader that stops early (`| head`) is not an error.
pub fn print_check(
    format: Format,
    diags: &[Diagnostic],
    source: &dyn Fn(&Path) -> Option<String>,
    files: usize,
    view: View,
    out: &mut dyn Write,
) -> io::Result<()> {
    // Buffered: a line-buffered terminal stream would make one system
    // call per line of a long report.
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    let written = write(format, diags, source, view, &mut out).and_then(|()| {
        if format == Format::Human {
            writeln!(out, "{}", summary(diags, files, view.lang))?;
        }
        out.flush()
    });
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// `::error file=…,line=…,col=…,title=…::message`, escaped as GitHub's
/// workflow-command format requires.
pub fn github(d: &Diagnostic, lang: Lang) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = format!("file={}", escape_property(&display_path(&d.path)));
    if let Some(l) = d.line {
        props.push_str(&format!(",line={l}"));
    }
    if let Some(c) = d.column {
        props.push_str(&format!(",col={c}"));
    }
    props.push_str(&format!(",title={}", escape_property(d.code)));
    let mut msg = d.message_in(lang);
    if let Some(h) = d.hint_in(lang) {
        msg.push_str(&format!(" ({h})"));
    }
    format!("::{kind} {props}::{}", escape_data(&msg))
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The closing line: counts of errors and warnings.
pub fn summary(diags: &[Diagnostic], files: usize, lang: Lang) -> String {
    let errors = crate::diag::error_count(diags);
    let warnings = diags.len() - errors;
    let count = |n: usize, one: &'static str, many: &'static str| {
        let id = if n == 1 { one } else { many };
        crate::messages::Message::new(id).arg("n", n)
    };
    let warnings = count(warnings, "count-warning-one", "count-warning-many");
    let m = if errors == 0 {
        crate::msg!("summary-ok", files = files, warnings = warnings)
    } else {
        let errors = count(errors, "count-error-one", "count-error-many");
        crate::msg!(
            "summary-errors",
            files = files,
            errors = errors,
            warnings = warnings
        )
    };
    m.render(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_spans_the_rest_of_the_line() {
        assert_eq!(marker("  share: 60", Some(3)), 2..11);
        assert_eq!(marker("  share: 60  ", None), 2..11);
        assert_eq!(marker("title:", Some(7)), 6..6);
        assert_eq!(marker("tên: ạ", Some(6)), 6..9);
    }

    #[test]
    fn plain_rendering_shows_line_marker_and_hint() {
        let d = Diagnostic::error("unknown-key", "a.md", "unknown key `tittle`")
            .at(2, 1)
            .with_hint("did you mean `title`?");
        let view = View {
            lang: Lang::En,
            width: 100,
        };
        let text = render(&Renderer::plain(), &d, Some("---\ntittle: x\n---\n"), view);
        assert!(
            text.contains("error: unknown key `tittle` [unknown-key]"),
            "{text}"
        );
        assert!(text.contains("--> a.md:2:1"), "{text}");
        assert!(text.contains("2 | tittle: x"), "{text}");
        assert!(text.contains("^^^^^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `title`?"), "{text}");
        let whole = Diagnostic::warning("unused", "units/x.yaml", "unused");
        let text = render(&Renderer::plain(), &whole, None, view);
        assert!(text.contains("note: units/x.yaml"), "{text}");
    }

    #[test]
    fn github_escapes() {
        let d =
            Diagnostic::error("unknown-key", "initiatives/2024/a,b.md", "bad: 100%\nx").at(3, 1);
        assert_eq!(
            github(&d, Lang::En),
            "::error file=initiatives/2024/a%2Cb.md,line=3,col=1,title=unknown-key::bad: 100%25%0Ax"
        );
    }
}

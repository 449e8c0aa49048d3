//! Writing diagnostics for people and machines: rustc-style text, JSON
//! lines, or GitHub Actions annotations.

use std::io::{self, Write};
use std::path::Path;

use annotate_snippets::{Level, Renderer, Snippet};

use crate::diag::{display_path, printable, Diagnostic, Severity};

mod private;

/// How diagnostics are written (the binary maps its `--format` to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Writes `diags` in `format`. `source` gives a file's text for the
/// human format's excerpts. Human output carries ANSI styles; write it to
/// an `anstream` stream, which drops them when piped or with NO_COLOR.
pub fn write(
    format: Format,
    diags: &[Diagnostic],
    source: &dyn Fn(&Path) -> Option<String>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human(diags, source, out),
        Format::Json => {
            for d in diags {
                serde_json::to_writer(&mut *out, d)?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Github => {
            for d in diags {
                writeln!(out, "{}", github(d))?;
            }
            Ok(())
        }
    }
}

fn human(
    diags: &[Diagnostic],
    source: &dyn Fn(&Path) -> Option<String>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let renderer = Renderer::styled();
    for d in diags {
        let text = source(&d.path);
        writeln!(out, "{}\n", render(&renderer, d, text.as_deref()))?;
    }
    Ok(())
}

/// One diagnostic, rustc-style: the message and rule, the offending line
/// with a marker under the key or value, then the hint.
fn render(renderer: &Renderer, d: &Diagnostic, text: Option<&str>) -> String {
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let title = format!("{} [{}]", printable(&d.message), d.code);
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
        Some((n, shown))
    });
    let mut message = level.title(&title);
    message = match &excerpt {
        Some((line, src)) => message.snippet(
            Snippet::source(src)
                .line_start(*line as usize)
                .origin(&path)
                .annotation(level.span(marker(src, d.column))),
        ),
        // No line to show (a missing file, a whole-file problem): say where.
        None => message.footer(Level::Note.title(&location)),
    };
    let hint = d.hint.as_deref().map(printable);
    if let Some(hint) = &hint {
        message = message.footer(Level::Help.title(hint));
    }
    let rendered = renderer.render(message).to_string();
    rendered
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
    out: &mut dyn Write,
) -> io::Result<()> {
    // Buffered: a line-buffered terminal stream would make one system
    // call per line of a long report.
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    let written = write(format, diags, source, &mut out).and_then(|()| {
        if format == Format::Human {
            writeln!(out, "{}", summary(diags, files))?;
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
pub fn github(d: &Diagnostic) -> String {
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
    let mut msg = d.message.clone();
    if let Some(h) = &d.hint {
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
pub fn summary(diags: &[Diagnostic], files: usize) -> String {
    let errors = crate::diag::error_count(diags);
    let warnings = diags.len() - errors;
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("1 {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    if errors == 0 {
        format!(
            "checked {files} files: no errors, {}",
            plural(warnings, "warning")
        )
    } else {
        format!(
            "checked {files} files: {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
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
        let text = render(&Renderer::plain(), &d, Some("---\ntittle: x\n---\n"));
        assert!(
            text.contains("error: unknown key `tittle` [unknown-key]"),
            "{text}"
        );
        assert!(text.contains("--> a.md:2:1"), "{text}");
        assert!(text.contains("2 | tittle: x"), "{text}");
        assert!(text.contains("^^^^^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `title`?"), "{text}");
        let whole = Diagnostic::warning("unused", "units/x.yaml", "unused");
        let text = render(&Renderer::plain(), &whole, None);
        assert!(text.contains("note: units/x.yaml"), "{text}");
    }

    #[test]
    fn github_escapes() {
        let d =
            Diagnostic::error("unknown-key", "initiatives/2024/a,b.md", "bad: 100%\nx").at(3, 1);
        assert_eq!(
            github(&d),
            "::error file=initiatives/2024/a%2Cb.md,line=3,col=1,title=unknown-key::bad: 100%25%0Ax"
        );
    }
}

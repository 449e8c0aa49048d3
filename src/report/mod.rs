//! Writing diagnostics for people and machines: rustc-style text, JSON
//! lines, or GitHub Actions annotations.

use std::io::{self, Write};
use std::path::Path;

use annotate_snippets::{Level, Renderer, Snippet};

use crate::diag::{display_path, Diagnostic, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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
        let level = match d.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let origin = display_path(&d.path);
        let title = format!("{} [{}]", d.message, d.code);
        let text = source(&d.path);
        let line_text = d.line.and_then(|n| {
            text.as_deref()?
                .lines()
                .nth(n as usize - 1)
                .map(str::to_string)
        });
        let mut message = level.title(&title);
        let label;
        if let (Some(line), Some(src)) = (d.line, line_text.as_deref()) {
            let start = d
                .column
                .map(|c| {
                    src.char_indices()
                        .nth(c as usize - 1)
                        .map_or(src.len(), |(i, _)| i)
                })
                .unwrap_or_else(|| src.len() - src.trim_start().len());
            let end = src.trim_end().len().max(start);
            label = String::new();
            message = message.snippet(
                Snippet::source(src)
                    .line_start(line as usize)
                    .origin(&origin)
                    .annotation(
                        level
                            .span(start..end.max(start + 1).min(src.len().max(start)))
                            .label(&label),
                    ),
            );
            if let Some(hint) = &d.hint {
                message = message.footer(Level::Help.title(hint));
            }
            writeln!(out, "{}\n", renderer.render(message))?;
        } else {
            let at = match d.line {
                Some(l) => format!("{origin}:{l}"),
                None => origin.clone(),
            };
            let mut m = level.title(&title).footer(Level::Note.title(&at));
            if let Some(hint) = &d.hint {
                m = m.footer(Level::Help.title(hint));
            }
            writeln!(out, "{}\n", renderer.render(m))?;
        }
    }
    Ok(())
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
    fn github_escapes() {
        let d =
            Diagnostic::error("unknown-key", "initiatives/2024/a,b.md", "bad: 100%\nx").at(3, 1);
        assert_eq!(
            github(&d),
            "::error file=initiatives/2024/a%2Cb.md,line=3,col=1,title=unknown-key::bad: 100%25%0Ax"
        );
    }
}

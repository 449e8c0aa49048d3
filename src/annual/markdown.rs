//! Tables as Markdown (GitHub-flavoured pipe tables), to paste into a
//! document.

use super::table::{Cell, Table};
use super::Document;

pub fn render(doc: &Document) -> String {
    let mut out = format!("# {}\n", escape(&doc.title));
    for line in &doc.preamble {
        out.push_str(&format!("\n{}\n", escape(line)));
    }
    for t in &doc.tables {
        out.push_str(&format!("\n## {}\n\n", escape(&t.title)));
        if t.rows.is_empty() {
            out.push_str("_Không có._\n");
        } else {
            table(&mut out, t);
        }
        if let Some(note) = &t.note {
            out.push_str(&format!("\n_{}_\n", escape(note)));
        }
    }
    out
}

fn table(out: &mut String, t: &Table) {
    let numeric: Vec<bool> = (0..t.headers.len())
        .map(|c| {
            t.rows.iter().all(|r| {
                matches!(
                    r.get(c),
                    Some(Cell::Int(_) | Cell::Money(_) | Cell::Empty) | None
                )
            })
        })
        .collect();
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&line(t.headers.iter().map(|h| escape(h)).collect()));
    out.push_str(&line(
        numeric
            .iter()
            .map(|&n| {
                if n {
                    "---:".to_string()
                } else {
                    "---".to_string()
                }
            })
            .collect(),
    ));
    for r in &t.rows {
        out.push_str(&line(r.iter().map(|c| escape(&c.display(false))).collect()));
    }
}

/// Text that Markdown would read as markup, escaped; a line break
/// becomes a space (a table row is one line).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(escape("a|b *c* [d](e)\nf"), "a\\|b \\*c\\* \\[d\\](e) f");
    }
}

//! Checks a YAML document's events before serde_yaml builds it: serde_yaml
//! copies an anchored node at every alias, so a few kilobytes of nested
//! aliases ("billion laughs") become gigabytes; and a double-quoted escape
//! (`"\0"`, `"\e"`) puts a control character in a value that no byte scan
//! of the file can see.
//!
//! Deep flow nesting (`[[[[…`) is refused here too: libyaml's scanner
//! (serde_yaml's) spends time in the depth on every token, so 500,000
//! brackets take minutes before serde_yaml's own depth limit is reached.
//!
//! The walk costs a second parse, so it runs only on documents that can
//! hold one of them: aliases need a `&` and a `*`, escapes a `\`, deep
//! flow nesting more than [`MAX_DEPTH`] brackets.

use saphyr_parser::{Event, Parser};

use crate::messages::Message;
use crate::msg;

/// Aliases may add at most this many nodes to a document: a real entry
/// has a few hundred, and 10,000 more cost serde_yaml about 2 MB.
pub const MAX_ADDED_NODES: u64 = 10_000;
/// And at most this much text (one scalar repeated is copied each time).
pub const MAX_ADDED_BYTES: u64 = 1 << 20;
/// Nesting deeper than this is refused: entries nest four or five levels,
/// and serde_yaml refuses 128 anyway.
pub const MAX_DEPTH: usize = 64;
/// serde_yaml's own limit: it stops after `100 × events` alias jumps, but
/// says so without a line. Refusing at the same count, here, gives one.
const JUMPS_PER_EVENT: u64 = 100;

/// Why a document is refused, at a 1-based line and column of its text.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub line: u32,
    pub column: u32,
    pub message: Message,
    pub hint: Message,
}

/// Refuses a document whose aliases expand past the budget, or with a
/// control character in a scalar (key or value) written as an escape.
pub fn check(yaml: &str) -> Result<(), Refusal> {
    let aliases = yaml.contains('&') && yaml.contains('*');
    let brackets = || {
        let mut open = yaml.bytes().filter(|b| matches!(b, b'[' | b'{'));
        open.nth(MAX_DEPTH).is_some()
    };
    if !aliases && !yaml.contains('\\') && !brackets() {
        return Ok(());
    }
    let walked = walk(yaml, u64::MAX)?;
    let jump_limit = walked.events.saturating_mul(JUMPS_PER_EVENT);
    if walked.jumps > jump_limit {
        // Found only once the whole document is counted: walk again to
        // name the alias that crosses the limit.
        walk(yaml, jump_limit)?;
    }
    Ok(())
}

/// What a node expands to: nodes, bytes of scalar text, aliases followed.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    nodes: u64,
    bytes: u64,
    jumps: u64,
}

impl Size {
    fn add(&mut self, other: Size) {
        self.nodes = self.nodes.saturating_add(other.nodes);
        self.bytes = self.bytes.saturating_add(other.bytes);
        self.jumps = self.jumps.saturating_add(other.jumps);
    }
}

struct Walked {
    events: u64,
    jumps: u64,
}

fn walk(yaml: &str, jump_limit: u64) -> Result<Walked, Refusal> {
    // Expanded size of each completed anchor, by saphyr's anchor id.
    let mut anchors: Vec<Option<Size>> = Vec::new();
    // Open collections: their anchor id and expanded size so far.
    let mut open: Vec<(usize, Size)> = Vec::new();
    let mut written = Size::default();
    let mut total = Size::default();
    let mut events = 0u64;
    for next in Parser::new_from_str(yaml) {
        let (event, span) = next.map_err(|e| {
            let (line, column) = (to_u32(e.marker().line()), to_u32(e.marker().col() + 1));
            // saphyr's scanner runs ahead of its events and stops at 255
            // open brackets: the same refusal as ours, found first.
            if e.info() == "recursion limit exceeded" {
                return too_deep(line, column);
            }
            Refusal {
                code: "yaml-syntax",
                line,
                column,
                message: msg!("yaml-syntax", detail = e.info()),
                hint: msg!("yaml-syntax.hint"),
            }
        })?;
        let done = match event {
            Event::Scalar(value, _, anchor, _) => {
                if let Some(c) = value.chars().find(|c| is_control(*c)) {
                    return Err(Refusal {
                        code: "control-char",
                        line: to_u32(span.start.line()),
                        column: to_u32(span.start.col() + 1),
                        message: msg!("control-char.value", code = code_point(c)),
                        hint: msg!("control-char.value.hint"),
                    });
                }
                let size = Size {
                    nodes: 1,
                    bytes: value.len() as u64,
                    jumps: 0,
                };
                written.add(size);
                total.add(size);
                Some((anchor, size))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if open.len() >= MAX_DEPTH {
                    let at = span.start;
                    return Err(too_deep(to_u32(at.line()), to_u32(at.col() + 1)));
                }
                let size = Size {
                    nodes: 1,
                    ..Size::default()
                };
                written.add(size);
                total.add(size);
                open.push((anchor, size));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => open.pop(),
            Event::Alias(id) => {
                // An alias inside the node it names has no size yet:
                // serde_yaml stops it at its recursion limit, with a line.
                let target = anchors.get(id).copied().flatten().unwrap_or(Size {
                    nodes: 1,
                    ..Size::default()
                });
                let size = Size {
                    jumps: target.jumps.saturating_add(1),
                    ..target
                };
                total.add(size);
                let over = alias_over_budget(&total, &written, jump_limit);
                if let Some(message) = over {
                    return Err(Refusal {
                        code: "yaml-alias-budget",
                        line: to_u32(span.start.line()),
                        column: to_u32(span.start.col() + 1),
                        message,
                        hint: msg!("yaml-alias-budget.hint"),
                    });
                }
                Some((0, size))
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => continue,
        };
        events += 1;
        if let Some((anchor, size)) = done {
            if anchor > 0 {
                if anchors.len() <= anchor {
                    anchors.resize(anchor + 1, None);
                }
                anchors[anchor] = Some(size);
            }
            if let Some((_, parent)) = open.last_mut() {
                parent.add(size);
            }
        }
    }
    Ok(Walked {
        events,
        jumps: total.jumps,
    })
}

fn too_deep(line: u32, column: u32) -> Refusal {
    Refusal {
        code: "yaml-depth",
        line,
        column,
        message: msg!("yaml-depth", max = MAX_DEPTH),
        hint: msg!("yaml-depth.hint"),
    }
}

fn alias_over_budget(total: &Size, written: &Size, jump_limit: u64) -> Option<Message> {
    if total.nodes - written.nodes > MAX_ADDED_NODES {
        Some(msg!("yaml-alias-budget.values", max = MAX_ADDED_NODES))
    } else if total.bytes - written.bytes > MAX_ADDED_BYTES {
        Some(msg!("yaml-alias-budget.bytes"))
    } else if total.jumps > jump_limit {
        Some(msg!("yaml-alias-budget.jumps", times = JUMPS_PER_EVENT))
    } else {
        None
    }
}

/// C0 controls other than TAB and LF, DEL, and C1 controls.
pub fn is_control(c: char) -> bool {
    (c < ' ' && c != '\t' && c != '\n') || ('\u{7f}'..='\u{9f}').contains(&c)
}

/// `U+001B`, the way character tables name it.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ten levels of ten aliases each: 10^9 nodes once expanded.
    fn laughs(levels: usize) -> String {
        let mut s = String::from("a0: &a0 [\"lol\"]\n");
        for i in 1..levels {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            s.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        s
    }

    #[test]
    fn refuses_billion_laughs_at_the_alias_that_crosses_the_budget() {
        let r = check(&laughs(10)).unwrap_err();
        assert_eq!(r.code, "yaml-alias-budget");
        // a4 holds 10^4 + ... nodes: its aliases (line 5) push the added
        // nodes of the file past 10,000.
        assert_eq!(r.line, 5);
        assert!(
            r.message
                .render(crate::messages::Lang::En)
                .contains("10000 values"),
            "{:?}",
            r.message
        );
    }

    #[test]
    fn accepts_a_few_reused_mappings() {
        let doc =
            "base: &b {kind: technical, level: provincial}\none: *b\ntwo: *b\nthree: [*b, *b]\n";
        assert_eq!(check(doc), Ok(()));
        assert_eq!(check(&laughs(3)), Ok(()));
    }

    #[test]
    fn refuses_one_long_scalar_repeated() {
        let long = "x".repeat(100_000);
        let refs = ["*t"; 12].join(", ");
        let doc = format!("t: &t \"{long}\"\nmany: [{refs}]\n");
        let r = check(&doc).unwrap_err();
        assert_eq!((r.code, r.line), ("yaml-alias-budget", 2));
        assert!(
            r.message
                .render(crate::messages::Lang::En)
                .contains("1 MiB"),
            "{:?}",
            r.message
        );
    }

    #[test]
    fn refuses_what_serde_yaml_would_stop_without_a_line() {
        // Few events (59), many jumps (8,166): each level doubles.
        let mut doc = String::from("a0: &a0 x\n");
        for i in 1..12 {
            doc.push_str(&format!("a{i}: &a{i} [*a{0}, *a{0}]\n", i - 1));
        }
        let r = check(&doc).unwrap_err();
        assert_eq!(r.code, "yaml-alias-budget");
        assert!(
            r.message
                .render(crate::messages::Lang::En)
                .contains("100 times"),
            "{:?}",
            r.message
        );
        assert!(r.line > 1);
    }

    #[test]
    fn refuses_escaped_controls_in_values_and_keys() {
        let r = check("title: ok\nsummary: \"a\\eb\"\n").unwrap_err();
        assert_eq!((r.code, r.line, r.column), ("control-char", 2, 10));
        assert!(r
            .message
            .render(crate::messages::Lang::En)
            .contains("U+001B"));
        let r = check("\"k\\0\": v\n").unwrap_err();
        assert_eq!((r.line, r.column), (1, 1));
        assert!(r
            .message
            .render(crate::messages::Lang::En)
            .contains("U+0000"));
        let r = check("a: \"\\x85\"\n").unwrap_err();
        assert!(r
            .message
            .render(crate::messages::Lang::En)
            .contains("U+0085"));
        assert_eq!(check("a: \"tab\\there\\nline\"\n"), Ok(()));
    }

    #[test]
    fn refuses_deep_nesting_at_the_level_that_crosses_it() {
        let doc = format!("a:\n  b: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let r = check(&doc).unwrap_err();
        assert_eq!((r.code, r.line), ("yaml-depth", 2), "{:?}", r.message);
        let fine = format!("a: {}{}\n", "[".repeat(40), "]".repeat(40));
        assert_eq!(check(&fine), Ok(()));
    }

    #[test]
    fn plain_documents_are_not_walked() {
        // Not valid YAML for saphyr either, but it has no `&`+`*` and no
        // `\`: nothing to bound, serde_yaml reports the syntax.
        assert_eq!(check("a: [unclosed\n"), Ok(()));
        assert!(check("a: &x [unclosed *x\n").is_err());
    }
}

//! The editors' guide shows real output: every code block marked
//! `<!-- sample: NAME -->` in `docs/huong-dan-bien-tap.md` is what
//! `sangkien check` prints (in Vietnamese, the default) for the fixture
//! `tests/fixtures/guide/NAME/` laid over the check fixtures' base.

use crate::util;

/// The marked samples of the guide: (name, text of the code block).
fn samples(guide: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = guide;
    while let Some(at) = rest.find("<!-- sample: ") {
        let after = &rest[at + "<!-- sample: ".len()..];
        let name = after[..after.find(" -->").unwrap()].to_string();
        let open = after.find("```\n").unwrap() + 4;
        let close = after[open..].find("```").unwrap();
        out.push((name, after[open..open + close].to_string()));
        rest = &after[open + close..];
    }
    out
}

#[test]
fn the_guides_sample_messages_are_real_output() {
    let guide = std::fs::read_to_string(util::root().join("docs/huong-dan-bien-tap.md")).unwrap();
    let found = samples(&guide);
    assert!(found.len() >= 2, "{found:?}");
    for (name, text) in &found {
        let dir = tempfile::tempdir().unwrap();
        let fixtures = util::root().join("tests/fixtures");
        util::copy_tree(&fixtures.join("check/_base"), dir.path());
        util::copy_tree(&fixtures.join("guide").join(name), dir.path());
        let o = util::vietnamese_bin()
            .args(["check", "--content"])
            .arg(dir.path())
            .output()
            .unwrap();
        let shown = String::from_utf8(o.stdout).unwrap();
        // The diagnostics, without the closing count.
        let diagnostics = shown.rsplit_once("\n\n").map_or("", |(d, _)| d);
        assert_eq!(
            format!("{diagnostics}\n"),
            *text,
            "sample `{name}` of the guide differs from what check prints"
        );
    }
    // No unmarked sample: every block that reads like a message is tested.
    let blocks = guide.split("```").skip(1).step_by(2);
    let messages = blocks
        .filter(|b| b.trim_start().starts_with("lỗi:"))
        .count();
    assert_eq!(messages, found.len(), "a sample message without its marker");
}

#[test]
fn code_blocks_scroll_inside_themselves_on_a_phone() {
    // The site's pages (where a catalogue publishes its own guide) keep a
    // long line inside its block instead of widening the page.
    let css =
        std::fs::read_to_string(util::root().join("themes/default/static/style.css")).unwrap();
    let rule = css
        .split('}')
        .find(|r| r.trim_start().starts_with("pre {") || r.contains("\npre {"))
        .expect("a rule for pre");
    assert!(
        rule.contains("overflow-x: auto") && rule.contains("max-width: 100%"),
        "{rule}"
    );
}

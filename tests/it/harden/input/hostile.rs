//! Hostile YAML and text (items 1, 6 and 9): alias bombs, control
//! characters, and diagnostics that must name their real line.

use super::*;

/// A "billion laughs" at `indent`: level 0 is a string, each next level
/// a list of `width` aliases of the one before.
fn laughs(indent: &str, levels: usize, width: usize) -> String {
    let mut s = format!("{indent}l0: &l0 \"lol\"\n");
    for i in 1..levels {
        let refs = vec![format!("*l{}", i - 1); width].join(", ");
        s.push_str(&format!("{indent}l{i}: &l{i} [{refs}]\n"));
    }
    s
}

/// With 40 aliases a level, level 3 is the first whose aliases add more
/// than 10,000 values (40 + 40·41 + 40·1,641); with 100, level 2
/// (100 + 100·101).
const CROSSING: &str = "l3:";

#[test]
fn alias_bombs_of_8_and_24_kb_under_private_are_refused_at_their_line() {
    for (levels, width, size, crossing) in [(35, 40, 8_000, "l3:"), (42, 100, 24_000, "l2:")] {
        let dir = base();
        let c = catalogue(&dir);
        add_to_front_matter(&c, &format!("private:\n{}", laughs("  ", levels, width)));
        let len = std::fs::metadata(c.join(INI)).unwrap().len();
        assert!(len >= size, "{len} bytes");
        let (code, diags) = check(&c);
        assert_eq!(code, Some(1));
        let line = line_of(&c.join(INI), &format!("  {crossing}"));
        expect(
            &diags,
            "yaml-alias-budget",
            INI,
            Some(line),
            "more than 10000 values",
        );
        assert_eq!(errors(&diags).len(), 1, "{diags:#?}");
        build_refuses(&c, INI);
    }
}

#[test]
fn alias_bombs_in_site_yaml_and_a_unit_are_refused_at_their_line() {
    for file in ["site.yaml", "units/so-y-te.yaml"] {
        let dir = base();
        let c = catalogue(&dir);
        let path = c.join(file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&laughs("", 30, 40));
        std::fs::write(&path, text).unwrap();
        let (code, diags) = check(&c);
        assert_eq!(code, Some(1));
        let line = line_of(&path, CROSSING);
        expect(
            &diags,
            "yaml-alias-budget",
            file,
            Some(line),
            "more than 10000 values",
        );
    }
}

#[test]
fn the_repetition_limit_is_reported_at_a_line() {
    // Few events, each level doubling: serde_yaml's own repetition limit
    // (100 jumps an event) is crossed before 10,000 values are added.
    let dir = base();
    let c = catalogue(&dir);
    let path = c.join("units/so-y-te.yaml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("a0: &a0 x\n");
    for i in 1..12 {
        text.push_str(&format!("a{i}: &a{i} [*a{0}, *a{0}]\n", i - 1));
    }
    std::fs::write(&path, text).unwrap();
    let (_, diags) = check(&c);
    let d = &diags[0];
    assert_eq!(
        (&d["code"], &d["file"]),
        (&"yaml-alias-budget".into(), &"units/so-y-te.yaml".into())
    );
    assert!(d["message"].as_str().unwrap().contains("100 times"), "{d}");
    assert!(d["line"].as_u64().unwrap() > line_of(&path, "a0:"), "{d}");
}

#[test]
fn a_few_reused_anchors_still_work() {
    let dir = base();
    let c = catalogue(&dir);
    add_to_front_matter(
        &c,
        "private:\n  lien_he: &n {ten: \"Chị Lan\", so: 1}\n  du_phong: *n\n  ds: [*n, *n]\n",
    );
    let fields = c.join("fields.yaml");
    let text = std::fs::read_to_string(&fields).unwrap();
    let text = text.replace(
        "description: \"Trồng trọt, chăn nuôi\"",
        "description: &d \"Trồng trọt, chăn nuôi\"",
    );
    std::fs::write(
        &fields,
        format!("{text}- slug: lam-nghiep\n  name: \"Lâm nghiệp\"\n  description: *d\n"),
    )
    .unwrap();
    assert_eq!(check(&c), (Some(0), vec![]));
    util::build_ok(&c, &dir.path().join("site"));
}

#[test]
fn escaped_nul_and_esc_in_text_are_refused_at_their_line() {
    let dir = base();
    let c = catalogue(&dir);
    let path = c.join(INI);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("title: \"Khám bệnh", "title: \"Khám\\0bệnh")
        .replace("outlet: \"Báo Kon Tum\"", "outlet: \"Báo\\e[31m Kon Tum\"");
    std::fs::write(&path, text).unwrap();
    let name = c.join("units/ubnd-tinh.yaml");
    std::fs::write(&name, "name: \"Ủy ban\\x85nhân dân\"\nkind: other\n").unwrap();
    let (code, diags) = check(&c);
    assert_eq!(code, Some(1));
    // The first of a file is reported: parsing stops there.
    expect(&diags, "control-char", INI, Some(3), "U+0000");
    expect(
        &diags,
        "control-char",
        "units/ubnd-tinh.yaml",
        Some(1),
        "U+0085",
    );
    build_refuses(&c, INI);
}

#[test]
fn raw_control_characters_are_refused_at_their_line() {
    let dir = base();
    let c = catalogue(&dir);
    let path = c.join(INI);
    let text = std::fs::read_to_string(&path).unwrap();
    // A raw NUL in a key's value, an ESC in the body.
    let text = text
        .replace("kind: technical", "kind: tech\0nical")
        .replace("phải đi xa", "phải \u{1b}[2J đi xa");
    std::fs::write(&path, text).unwrap();
    std::fs::write(
        c.join("pages/gioi-thieu.md"),
        "---\ntitle: \"Giới thiệu\"\n---\n\nMột\n\nhai \u{7f} ba\n",
    )
    .unwrap();
    let (_, diags) = check(&c);
    let nul = expect(&diags, "control-char", INI, Some(5), "U+0000");
    assert_eq!(nul["column"], 11);
    expect(
        &diags,
        "control-char",
        "pages/gioi-thieu.md",
        Some(7),
        "U+007F",
    );
    expect(&diags, "control-char", INI, Some(34), "U+001B");
    // The YAML's NUL stops the file's checks; the body is checked alone.
    let ini: Vec<_> = errors(&diags)
        .into_iter()
        .filter(|d| d["file"] == INI)
        .collect();
    assert_eq!(ini.len(), 2, "{diags:#?}");
}

/// Output files whose text can be read: pages, feeds, data, and the
/// search's JSON cards (gzip). Binary files (PNG, the search's postings
/// and facets) hold NUL bytes by nature.
fn text_outputs(site: &Path) -> Vec<(String, String)> {
    use std::io::Read;
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(site) {
        let e = e.unwrap();
        // The write stage's own records (NUL-separated paths) are not pages.
        let own = e.file_name().to_string_lossy().starts_with(".sangkien");
        if !e.file_type().is_file() || own {
            continue;
        }
        let mut bytes = std::fs::read(e.path()).unwrap();
        if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut plain = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut plain)
                .unwrap();
            if serde_json::from_slice::<serde_json::Value>(&plain).is_err() {
                continue;
            }
            bytes = plain;
        }
        if let Ok(text) = String::from_utf8(bytes) {
            out.push((e.path().display().to_string(), text));
        }
    }
    out
}

#[test]
fn a_nul_in_markdown_becomes_the_replacement_character() {
    let dir = base();
    let c = catalogue(&dir);
    let path = c.join(INI);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("phải đi xa", "phải\0đi xa");
    std::fs::write(&path, text).unwrap();
    assert_eq!(check(&c), (Some(0), vec![]));
    let site = dir.path().join("site");
    util::build_ok(&c, &site);
    let outputs = text_outputs(&site);
    assert!(outputs.len() > 20, "{} text files", outputs.len());
    for (name, text) in &outputs {
        assert!(
            !text.contains(['\0', '\u{1b}']),
            "{name} holds a NUL or ESC"
        );
    }
    let page = std::fs::read_to_string(site.join("sang-kien/kham-benh-tu-xa/index.html")).unwrap();
    assert!(page.contains("phải\u{fffd}đi xa"), "no U+FFFD in the page");
}

#[test]
fn duplicate_keys_are_reported_at_the_second_one() {
    let dir = base();
    let c = catalogue(&dir);
    add_to_front_matter(&c, "level: national\n");
    let (_, diags) = check(&c);
    let line = line_of(&c.join(INI), "level: national");
    expect(
        &diags,
        "yaml-syntax",
        INI,
        Some(line),
        "duplicate entry with key \"level\"",
    );
}

#[test]
fn a_quoted_unknown_key_with_an_escape_is_reported_at_its_line() {
    let dir = base();
    let c = catalogue(&dir);
    let path = c.join(INI);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("summary:", "\"sum\\x61ry\":");
    std::fs::write(&path, text).unwrap();
    let (_, diags) = check(&c);
    expect(&diags, "unknown-key", INI, Some(4), "unknown key `sumary`");
}

#[test]
fn years_are_compared_and_shown_as_written() {
    let dir = base();
    let c = catalogue(&dir);
    std::fs::create_dir(c.join("initiatives/0000")).unwrap();
    std::fs::rename(c.join(INI), c.join("initiatives/0000/kham-benh-tu-xa.md")).unwrap();
    let (_, diags) = check(&c);
    let file = "initiatives/0000/kham-benh-tu-xa.md";
    expect(
        &diags,
        "year-mismatch",
        file,
        Some(2),
        "the id's year 2024 differs from the folder's year 0000",
    );
    expect(
        &diags,
        "year-mismatch",
        file,
        Some(16),
        "recognised in 2024, but the entry is in the folder for 0000",
    );
    // Written alike, they agree.
    let path = c.join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("KT-2024-001", "KT-0000-001")
        .replace("date: 2024-03-15", "date: 0000-03-15");
    std::fs::write(&path, text).unwrap();
    let (_, diags) = check(&c);
    assert!(
        diags.iter().all(|d| d["code"] != "year-mismatch"),
        "{diags:#?}"
    );
}

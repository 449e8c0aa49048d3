//! The content model's optional keys for the departments: read into the
//! public model when right, a located error (or warning) when wrong.

use super::{base_copy, catalogue, diagnostics, edit};

const INI: &str = "initiatives/2024/kham-benh-tu-xa.md";
const OUTCOMES: &str = "investor: \"Công ty Cổ phần Dược Kon Tum\"
effectiveness:
  decision: \"88/QĐ-UBND\"
  date: 2024-09-01
  body: ubnd-tinh
  scope: province
  note: \"Nhân rộng toàn tỉnh\"
transfers:
  - to: so-y-te
    year: 2025
    value_vnd: 120000000
  - to: \"Bệnh viện Đa khoa tỉnh Gia Lai\"
    year: 2025
funding:
  - year: 2024
    amount_vnd: 30000000
    purpose: completion
    source: \"Quỹ KH&CN\"
---";

fn with_outcomes(dir: &std::path::Path) {
    let text = std::fs::read_to_string(dir.join(INI)).unwrap();
    // The closing `---` of the front matter is the second one.
    let at = text[3..].find("\n---").unwrap() + 4;
    let text = format!("{}{}{}", &text[..at], OUTCOMES, &text[at + 3..]);
    std::fs::write(dir.join(INI), text).unwrap();
}

#[test]
fn outcome_keys_reach_the_public_model() {
    let dir = base_copy();
    let root = dir.path();
    with_outcomes(root);
    edit(
        root,
        "authors/nguyen-thi-hoa.md",
        "consent: true",
        "consent: true\nhonours:\n  - title: \"Chiến sĩ thi đua cơ sở\"\n    year: 2023\n    kind: emulation_grassroots\nexemplary:\n  - year: 2024\n    citation: \"B\"\n  - year: 2022\n    citation: \"A\"",
    );
    edit(
        root,
        "units/so-y-te.yaml",
        "kind:",
        "until: 2030-01-01\nsuccessor: ubnd-tinh\nkind:",
    );
    edit(root, "site.yaml", "title:", "data_licence: \"CC BY-SA 4.0\"\nlogo:\n  src: media/anh.svg\n  alt: \"Biểu trưng\"\ntitle:");
    let c = catalogue(root);
    let i = &c.initiatives[0];
    assert_eq!(i.investor.as_deref(), Some("Công ty Cổ phần Dược Kon Tum"));
    let e = i.effectiveness.as_ref().unwrap();
    assert_eq!(
        (
            e.decision.as_str(),
            e.date.to_string(),
            e.body.as_str(),
            e.scope.as_str()
        ),
        (
            "88/QĐ-UBND",
            "2024-09-01".to_string(),
            "ubnd-tinh",
            "province"
        )
    );
    assert_eq!(e.note.as_deref(), Some("Nhân rộng toàn tỉnh"));
    let t: Vec<_> = i
        .transfers
        .iter()
        .map(|t| (t.to.as_str(), t.year, t.value_vnd))
        .collect();
    assert_eq!(
        t,
        [
            ("so-y-te", 2025, Some(120_000_000)),
            ("Bệnh viện Đa khoa tỉnh Gia Lai", 2025, None)
        ]
    );
    assert_eq!(i.funding.len(), 1);
    assert_eq!(i.funding[0].amount_vnd, 30_000_000);
    assert_eq!(i.funding[0].purpose.as_str(), "completion");
    let a = c.author("nguyen-thi-hoa").unwrap();
    assert_eq!(
        a.honours[0].kind.map(|k| k.as_str()),
        Some("emulation_grassroots")
    );
    let years: Vec<i32> = a.exemplary.iter().map(|e| e.year).collect();
    assert_eq!(years, [2022, 2024], "oldest first");
    let u = c.unit("so-y-te").unwrap();
    assert_eq!(
        u.until.map(|d| d.to_string()).as_deref(),
        Some("2030-01-01")
    );
    assert_eq!(u.successor.as_deref(), Some("ubnd-tinh"));
    assert_eq!(c.site.data_licence, "CC BY-SA 4.0");
    assert_eq!(c.site.logo.as_ref().unwrap().src.path, "media/anh.svg");
    // Defaults.
    let plain = base_copy();
    let c = catalogue(plain.path());
    assert_eq!(c.site.data_licence, "CC BY 4.0");
    assert!(c.initiatives[0].effectiveness.is_none());
    // A single `exemplary` mapping is still one year.
    assert!(c.authors.iter().all(|a| a.exemplary.is_empty()));
}

/// Each wrong value: the rule code, the line of the key, the message.
#[test]
fn wrong_outcome_keys_are_located_errors() {
    let cases: &[(&str, &str, &str, u64, &str)] = &[
        (
            "scope: province",
            "scope: provinc",
            "enum",
            35,
            "`provinc` is not a valid value for `effectiveness.scope`",
        ),
        (
            "date: 2024-09-01",
            "date: 2024-01-01",
            "date-order",
            33,
            "`effectiveness.date` (2024-01-01) is before the recognition date (2024-03-15)",
        ),
        (
            "date: 2024-09-01",
            "date: 2027-01-01",
            "future-date",
            33,
            "the decision date 2027-01-01 is in the future",
        ),
        (
            "body: ubnd-tinh\n  scope",
            "body: ubnd-tnh\n  scope",
            "unknown-ref",
            34,
            "no unit `ubnd-tnh`",
        ),
        (
            "  - to: so-y-te",
            "  - to: so-y-t",
            "unknown-ref",
            38,
            "no unit `so-y-t`",
        ),
        (
            "    value_vnd: 120000000",
            "    value_vnd: -5",
            "range",
            40,
            "`transfers[0].value_vnd` is -5; it must be between 0 and 9223372036854775807",
        ),
        (
            "purpose: completion",
            "purpose: complete",
            "enum",
            46,
            "`complete` is not a valid value for `funding[0].purpose`",
        ),
        (
            "    amount_vnd: 30000000\n",
            "",
            "required",
            44,
            "missing required key `funding[0].amount_vnd`",
        ),
        (
            "investor: \"Công ty Cổ phần Dược Kon Tum\"",
            "investor: cong-ty-duoc",
            "unknown-ref",
            30,
            "no unit `cong-ty-duoc`",
        ),
    ];
    for (from, to, code, line, message) in cases {
        let dir = base_copy();
        with_outcomes(dir.path());
        edit(dir.path(), INI, from, to);
        let got = diagnostics(dir.path());
        assert!(
            got.iter()
                .any(|d| d.0 == *code && d.1 == INI && d.2 == *line && d.3 == *message),
            "{to}: {got:#?}"
        );
    }
}

#[test]
fn wrong_author_unit_and_site_keys_are_located_errors() {
    let author = "authors/nguyen-thi-hoa.md";
    let cases: &[(&str, &str, &str, &str, &str, u64, &str)] = &[
        (author, "consent: true", "consent: true\nhonours:\n  - title: \"X\"\n    year: 2023\n    kind: emulation", "enum", author, 8, "`emulation` is not a valid value for `honours[0].kind`"),
        (author, "consent: true", "consent: true\nexemplary:\n  - year: 2023\n    citation: \"A\"\n  - year: 2023\n    citation: \"B\"", "duplicate-year", author, 5, "`exemplary` names the year 2023 twice"),
        (author, "consent: true", "consent: true\nexemplary:\n  - year: 2023", "required", author, 6, "missing required key `exemplary[0].citation`"),
        ("units/so-y-te.yaml", "kind:", "successor: so-y-te\nuntil: 2025-07-01\nkind:", "successor", "units/so-y-te.yaml", 2, "a unit cannot be its own `successor`"),
        ("units/so-y-te.yaml", "kind:", "successor: ubnd-tinh\nkind:", "successor", "units/so-y-te.yaml", 2, "`successor` without `until`"),
        ("units/so-y-te.yaml", "kind:", "until: 2025-7-1\nkind:", "date", "units/so-y-te.yaml", 2, "`2025-7-1` is not a valid date"),
        ("districts.yaml", "name:", "until: 1/7/2025\n  name:", "date", "districts.yaml", 2, "`1/7/2025` is not a valid date"),
        ("site.yaml", "title:", "data_licence: 4\ntitle:", "type", "site.yaml", 1, "`data_licence` must be text, found a number"),
    ];
    for (file, from, to, code, at, line, message) in cases {
        let dir = base_copy();
        edit(dir.path(), file, from, to);
        let got = diagnostics(dir.path());
        assert!(
            got.iter()
                .any(|d| d.0 == *code && d.1 == *at && d.2 == *line && d.3 == *message),
            "{to}: {got:#?}"
        );
    }
}

/// After a unit's `until`, an entry naming it is warned, with the
/// successor; before it, it is not.
#[test]
fn entries_after_a_reorganisation_name_the_successor() {
    let dir = base_copy();
    let root = dir.path();
    edit(
        root,
        "units/so-y-te.yaml",
        "kind:",
        "until: 2024-03-15\nsuccessor: ubnd-tinh\nkind:",
    );
    let got = diagnostics(root);
    let ceased: Vec<_> = got.iter().filter(|d| d.0 == "ceased-unit").collect();
    assert_eq!(ceased.len(), 1, "{got:#?}");
    assert_eq!((ceased[0].1.as_str(), ceased[0].2), (INI, 7));
    assert_eq!(
        ceased[0].3,
        "`so-y-te` ceased to exist on 2024-03-15, before this entry's date 2024-03-15"
    );
    // The day after the recognition: the entry names it as it was.
    edit(
        root,
        "units/so-y-te.yaml",
        "until: 2024-03-15",
        "until: 2024-03-16",
    );
    assert!(!diagnostics(root).iter().any(|d| d.0 == "ceased-unit"));
}

/// The sample catalogue uses the new keys and checks clean.
#[test]
fn the_sample_uses_the_new_keys() {
    let c = catalogue(&crate::util::content());
    assert!(
        c.initiatives
            .iter()
            .filter(|i| i.effectiveness.is_some())
            .count()
            >= 3
    );
    assert!(c.initiatives.iter().any(|i| !i.transfers.is_empty()));
    assert!(c.initiatives.iter().any(|i| !i.funding.is_empty()));
    assert!(c.initiatives.iter().any(|i| i.investor.is_some()));
    assert!(c.authors.iter().any(|a| a.exemplary.len() >= 2));
    assert!(c
        .authors
        .iter()
        .flat_map(|a| &a.honours)
        .any(|h| h.kind.is_some()));
    let reorganised: Vec<_> = c.units.iter().filter(|u| u.until.is_some()).collect();
    assert!(reorganised.len() >= 8);
    assert!(reorganised.iter().all(|u| u.successor.is_some()));
    assert!(c.districts.iter().all(|d| d.until.is_some()));
}

//! `report commendation`: each rule's edges on a fixture catalogue
//! (tests/fixtures/departments/commendation: one author per edge).

use sangkien::annual::commendation::{candidates, Rule, RULES};

use super::catalogue;
use crate::util;

fn fixture() -> std::path::PathBuf {
    util::root().join("tests/fixtures/departments/commendation")
}

fn rule(title_starts: &str) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.title.starts_with(title_starts))
        .unwrap_or_else(|| panic!("no rule {title_starts}"))
}

fn who(rule: &Rule, year: i32) -> Vec<String> {
    let c = catalogue(&fixture());
    candidates(&c, rule, year)
        .into_iter()
        .map(|x| x.author.slug.clone())
        .collect()
}

#[test]
fn every_rule_names_its_article() {
    assert_eq!(RULES.len(), 3);
    for r in RULES {
        assert!(
            r.article
                .starts_with("Luật Thi đua, khen thưởng 2022, Điều "),
            "{}",
            r.title
        );
        assert!(!r.condition.is_empty());
    }
}

/// Three consecutive grassroots titles ending in the year, and an
/// initiative whose effect reaches a sector or the province within them.
#[test]
fn provincial_title_edges() {
    let r = rule("Chiến sĩ thi đua cấp bộ");
    // Not: a gap (ngat-quang), a run ending the year before (het-som), a
    // unit-wide effect (pham-vi-hep), an effect before the run
    // (ngoai-ky), honours without a `kind` (khong-loai).
    assert_eq!(who(r, 2025), ["du-ba-nam", "trong-nganh"]);
    // The run 2022–2024 with a provincial recognition in 2023.
    assert_eq!(who(r, 2024), ["het-som"]);
    assert!(who(r, 2026).is_empty());
}

/// Two consecutive provincial titles and an initiative of national scope.
#[test]
fn national_title_edges() {
    let r = rule("Chiến sĩ thi đua toàn quốc");
    // chi-cap-tinh has the titles but only a province-wide effect.
    assert_eq!(who(r, 2025), ["toan-quoc"]);
    // 2024 alone is one title, not two.
    assert!(who(r, 2024).is_empty());
}

/// A recognised initiative in the year; a later effectiveness decision
/// does not make an older initiative count again.
#[test]
fn grassroots_title_edges() {
    let r = rule("Chiến sĩ thi đua cơ sở");
    assert_eq!(who(r, 2025), ["khong-loai", "toan-quoc"]);
    let in_2024 = who(r, 2024);
    assert!(in_2024.contains(&"nam-truoc".to_string()));
    assert!(in_2024.contains(&"du-ba-nam".to_string()));
}

#[test]
fn each_line_shows_its_evidence() {
    let c = catalogue(&fixture());
    let list = candidates(&c, rule("Chiến sĩ thi đua cấp bộ"), 2025);
    let x = &list[0];
    assert_eq!(x.author.slug, "du-ba-nam");
    let years: Vec<i32> = x.honours.iter().map(|h| h.0).collect();
    assert_eq!(years, [2023, 2024, 2025]);
    assert_eq!(x.honours[0].2.as_deref(), Some("2023/QĐ-DU"));
    assert_eq!(x.initiatives.len(), 1);
    let e = &x.initiatives[0];
    assert_eq!(e.initiative.id, "KT-2024-001");
    assert_eq!(e.decision, "E1/QĐ-UBND");
    assert_eq!(e.scope.as_str(), "province");

    // The command's Markdown: the article, the honours and the decision.
    let out = util::run_ok(&[
        "report",
        "commendation",
        "--year",
        "2025",
        "--format",
        "md",
        "--content",
        fixture().to_str().unwrap(),
    ]);
    let md = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "## Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        "Luật Thi đua, khen thưởng 2022, Điều 22",
        "| Đủ Ba Năm | ",
        "Chiến sĩ thi đua cơ sở 2023 (2023/QĐ-DU)",
        "E1/QĐ-UBND ngày 10/02/2025",
        "Luật Thi đua, khen thưởng 2022, Điều 21",
        "| Toàn Quốc | ",
    ] {
        assert!(md.contains(needle), "{needle}\n{md}");
    }
    assert!(!md.contains("Ngắt Quãng |"), "{md}");
}

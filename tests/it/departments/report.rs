//! `sangkien report`: the annual figures against a brute-force count over
//! a generated catalogue, the workbook read back (types, headers), and
//! the Markdown and CSV of the sample catalogue as snapshots.

use std::collections::BTreeMap;
use std::path::Path;

use sangkien::annual::{self, Cell, Table};
use sangkien::model::{Catalogue, FundingPurpose, Level};

use super::catalogue;
use crate::util;

const SCOPES: [&str; 4] = ["unit", "sector", "province", "national"];

/// Adds effectiveness decisions, transfers, funding and events to some
/// of a generated catalogue's initiatives (the generator predates them).
pub fn add_outcomes(root: &Path) {
    let mut files: Vec<_> = walkdir::WalkDir::new(root.join("initiatives"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    for (n, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let date = text
            .lines()
            .skip_while(|l| !l.starts_with("recognition:"))
            .find_map(|l| l.strip_prefix("  date: "))
            .unwrap()
            .to_string();
        let year: i32 = date[..4].parse().unwrap();
        let mut add = String::new();
        if n % 3 == 0 {
            add += &format!(
                "effectiveness:\n  decision: \"H{n}/QĐ-UBND\"\n  date: {date}\n  body: so-khcn\n  scope: {}\n",
                SCOPES[n % 4]
            );
        }
        if n % 4 == 1 {
            add += &format!(
                "transfers:\n  - to: \"Công ty {n}\"\n    year: {}\n    value_vnd: {}\n  - to: \"Hợp tác xã {n}\"\n    year: {year}\n",
                year + (n as i32 % 2),
                n * 1000
            );
        }
        if n % 5 == 2 {
            let purposes = FundingPurpose::NAMES;
            add += &format!(
                "funding:\n  - year: {year}\n    amount_vnd: {}\n    purpose: {}\n",
                n * 10,
                purposes[n % purposes.len()]
            );
        }
        if n % 7 == 3 {
            add += &format!("events:\n  - name: \"Techmart {year}\"\n    year: {year}\n    award: \"Giải {n}\"\n");
        }
        let close = text[3..].find("\n---\n").unwrap() + 4;
        std::fs::write(path, format!("{}{add}{}", &text[..close], &text[close..])).unwrap();
    }
}

fn table<'d>(doc: &'d annual::Document, name: &str) -> &'d Table {
    doc.tables
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no table {name}"))
}

fn int(c: &Cell) -> i64 {
    match c {
        Cell::Int(n) => *n,
        Cell::Money(n) => *n as i64,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(c: &Cell) -> &str {
    match c {
        Cell::Text(s) => s,
        other => panic!("not text: {other:?}"),
    }
}

/// Label → (this year, last year), from a comparison table.
fn pairs(t: &Table) -> BTreeMap<String, (i64, i64)> {
    t.rows
        .iter()
        .map(|r| (text(&r[0]).to_string(), (int(&r[1]), int(&r[2]))))
        .collect()
}

fn in_year(c: &Catalogue, y: i32) -> Vec<&sangkien::model::Initiative> {
    c.initiatives
        .iter()
        .filter(|i| i32::from(i.recognition.date.year()) == y)
        .collect()
}

#[test]
fn annual_figures_equal_a_brute_force_count() {
    let dir = tempfile::tempdir().unwrap();
    util::gen_corpus(dir.path(), 3000);
    add_outcomes(dir.path());
    let c = catalogue(dir.path());
    let years: Vec<i32> = c.by_year.keys().map(|y| i32::from(*y)).collect();
    assert!(years.len() >= 5);
    let mut checked_outcomes = 0;
    for &y in &years {
        let doc = annual::annual(&c, y);
        let (now, before) = (in_year(&c, y), in_year(&c, y - 1));
        // By level, with the total.
        let levels = pairs(table(&doc, "Theo cấp"));
        for l in Level::ALL {
            let count = |v: &[&sangkien::model::Initiative]| {
                v.iter().filter(|i| i.level == *l).count() as i64
            };
            assert_eq!(
                levels[annual::labels::level(*l)],
                (count(&now), count(&before)),
                "{y} {l:?}"
            );
        }
        assert_eq!(levels["Tổng cộng"], (now.len() as i64, before.len() as i64));
        // By unit: every unit with an entry in either year, by name.
        let mut units: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for i in &now {
            units
                .entry(c.unit(&i.unit).unwrap().name.clone())
                .or_default()
                .0 += 1;
        }
        for i in &before {
            units
                .entry(c.unit(&i.unit).unwrap().name.clone())
                .or_default()
                .1 += 1;
        }
        let mut got = pairs(table(&doc, "Theo đơn vị"));
        got.remove("Tổng cộng");
        assert_eq!(got, units, "{y}");
        // By field and district: totals agree with the year's count.
        for name in ["Theo lĩnh vực", "Theo địa bàn", "Theo loại"] {
            assert_eq!(
                pairs(table(&doc, name))["Tổng cộng"].0,
                now.len() as i64,
                "{name}"
            );
        }
        // Decisions: one row per decision, counts summing to the year's.
        let d = table(&doc, "Quyết định");
        let sum: i64 = d.rows.iter().map(|r| int(&r[4])).sum();
        assert_eq!(sum, now.len() as i64);
        let distinct: std::collections::BTreeSet<_> = now
            .iter()
            .map(|i| {
                (
                    &i.recognition.decision,
                    i.recognition.date,
                    &i.recognition.body,
                    &i.recognition.round,
                )
            })
            .collect();
        assert_eq!(d.rows.len(), distinct.len());
        // Outcomes dated in the year, whenever recognised.
        let all = &c.initiatives;
        let eff = all
            .iter()
            .filter(|i| {
                i.effectiveness
                    .as_ref()
                    .is_some_and(|e| i32::from(e.date.year()) == y)
            })
            .count();
        assert_eq!(table(&doc, "Hiệu quả").rows.len(), eff);
        let transfers: Vec<_> = all
            .iter()
            .flat_map(|i| &i.transfers)
            .filter(|t| t.year == y)
            .collect();
        assert_eq!(table(&doc, "Chuyển giao").rows.len(), transfers.len());
        let events = all
            .iter()
            .flat_map(|i| &i.events)
            .filter(|e| e.year == y)
            .count();
        assert_eq!(table(&doc, "Sự kiện").rows.len(), events);
        let summary = pairs(table(&doc, "Tổng hợp"));
        let value: u64 = transfers.iter().filter_map(|t| t.value_vnd).sum();
        assert_eq!(summary["Giá trị chuyển giao (đồng)"].0, value as i64);
        let savings: u64 = now
            .iter()
            .filter_map(|i| i.benefits.as_ref()?.savings_vnd)
            .sum();
        assert_eq!(summary["Số tiền làm lợi (đồng)"].0, savings as i64);
        assert_eq!(
            summary["Sáng kiến được công nhận"],
            (now.len() as i64, before.len() as i64)
        );
        // Funding by purpose.
        let f = table(&doc, "Kinh phí");
        for (row, p) in f.rows.iter().zip(FundingPurpose::ALL) {
            let amounts: Vec<u64> = all
                .iter()
                .flat_map(|i| &i.funding)
                .filter(|x| x.purpose == *p && x.year == y)
                .map(|x| x.amount_vnd)
                .collect();
            assert_eq!(text(&row[0]), annual::labels::purpose(*p));
            assert_eq!(
                (int(&row[1]), int(&row[2])),
                (amounts.len() as i64, amounts.iter().sum::<u64>() as i64)
            );
        }
        // The list: every initiative of the year, by id.
        let list = table(&doc, "Danh sách");
        let mut ids: Vec<&str> = now.iter().map(|i| i.id.as_str()).collect();
        ids.sort();
        let got: Vec<&str> = list.rows.iter().map(|r| text(&r[0])).collect();
        assert_eq!(got, ids);
        checked_outcomes += eff + transfers.len() + events;
    }
    assert!(
        checked_outcomes > 500,
        "the generated outcomes were counted: {checked_outcomes}"
    );
}

#[test]
fn the_workbook_reads_back_with_types_and_headers() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bao-cao.xlsx");
    util::run_ok(&[
        "report",
        "--year",
        "2025",
        "--format",
        "xlsx",
        "--out",
        file.to_str().unwrap(),
        "--content",
        util::content().to_str().unwrap(),
    ]);
    let doc = annual::annual(&catalogue(&util::content()), 2025);
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    let names: Vec<String> = doc.tables.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(wb.sheet_names(), names);
    let (mut numbers, mut dates) = (0, 0);
    for t in &doc.tables {
        let range = wb.worksheet_range(t.name).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        let headers: Vec<String> = rows[0].iter().map(|d| d.to_string()).collect();
        assert_eq!(headers, t.headers, "{}", t.name);
        for (r, row) in t.rows.iter().enumerate() {
            for (k, cell) in row.iter().enumerate() {
                let got = rows[r + 1].get(k).unwrap_or(&Data::Empty);
                match cell {
                    Cell::Int(n) => {
                        assert_eq!(got, &Data::Float(*n as f64), "{} {r} {k}", t.name);
                        numbers += 1;
                    }
                    Cell::Money(n) => {
                        assert_eq!(got, &Data::Float(*n as f64));
                        numbers += 1;
                    }
                    Cell::Date(d) => {
                        let Data::DateTime(x) = got else {
                            panic!("{} {r} {k}: {got:?} is not a date", t.name)
                        };
                        // Excel's serial day: days since 1899-12-30.
                        let day = jiff::civil::date(1899, 12, 30)
                            .checked_add(jiff::Span::new().days(x.as_f64() as i64))
                            .unwrap();
                        assert_eq!(day, *d);
                        dates += 1;
                    }
                    Cell::Text(s) => assert_eq!(got, &Data::String(s.clone())),
                    Cell::Empty => assert_eq!(got, &Data::Empty),
                }
            }
        }
    }
    assert!(
        numbers > 50 && dates > 5,
        "{numbers} numbers, {dates} dates"
    );
}

#[test]
fn markdown_of_the_sample_year() {
    let out = util::run_ok(&[
        "report",
        "--year",
        "2025",
        "--format",
        "md",
        "--content",
        util::content().to_str().unwrap(),
    ]);
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn csv_folder_of_the_sample_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bao-cao");
    util::run_ok(&[
        "report",
        "--year",
        "2025",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
        "--content",
        util::content().to_str().unwrap(),
    ]);
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let doc = annual::annual(&catalogue(&util::content()), 2025);
    assert_eq!(names.len(), doc.tables.len());
    let mut all = String::new();
    for n in names {
        let text = std::fs::read_to_string(out.join(&n)).unwrap();
        // Each file parses back with its header and equal-length rows.
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let width = r.headers().unwrap().len();
        assert!(r.records().all(|x| x.unwrap().len() == width), "{n}");
        all += &format!("== {n}\n{text}");
    }
    insta::assert_snapshot!(all);
}

#[test]
fn a_catalogue_with_errors_makes_no_report() {
    let dir = super::base_copy();
    super::edit(
        dir.path(),
        "initiatives/2024/kham-benh-tu-xa.md",
        "kind: technical",
        "kind: technic",
    );
    let out = util::run(&[
        "report",
        "--year",
        "2024",
        "--format",
        "md",
        "--content",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let out = util::run(&[
        "report",
        "--format",
        "md",
        "--content",
        util::content().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--year"));
}

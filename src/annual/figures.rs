//! The annual report's tables (Sở Khoa học và Công nghệ), computed from
//! the public catalogue alone, each year's figure beside the previous
//! year's.

use std::collections::{BTreeMap, BTreeSet};

use super::labels;
use super::table::{Cell, Table};
use crate::model::{Catalogue, FundingPurpose, Initiative, InitiativeKind, Level};

/// The initiatives recognised in `year`.
pub fn of_year(c: &Catalogue, year: i32) -> Vec<&Initiative> {
    i16::try_from(year)
        .ok()
        .and_then(|y| c.by_year.get(&y))
        .map_or_else(Vec::new, |ix| {
            ix.iter().map(|&i| &c.initiatives[i]).collect()
        })
}

/// A unit's name, or the text itself when it names no unit (`investor`,
/// `transfers[].to`).
pub fn unit_name(c: &Catalogue, slug_or_name: &str) -> String {
    c.unit(slug_or_name)
        .map_or_else(|| slug_or_name.to_string(), |u| u.name.clone())
}

/// The figures of one year, for the summary and the public page.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Totals {
    pub initiatives: usize,
    pub decisions: usize,
    pub authors: usize,
    pub units: usize,
    pub effectiveness: usize,
    pub savings_vnd: u64,
    pub hours_saved: u64,
    pub ip_granted: usize,
    pub events: usize,
    pub awards: usize,
    pub transfers: usize,
    pub transfer_value_vnd: u64,
    pub funding_vnd: u64,
    pub replications: usize,
}

pub fn totals(c: &Catalogue, year: i32) -> Totals {
    let list = of_year(c, year);
    let mut t = Totals {
        initiatives: list.len(),
        ..Totals::default()
    };
    let decisions: BTreeSet<(&str, &str)> = list
        .iter()
        .map(|i| (i.recognition.decision.as_str(), i.recognition.body.as_str()))
        .collect();
    t.decisions = decisions.len();
    let authors: BTreeSet<&str> = list
        .iter()
        .flat_map(|i| i.authors.iter().map(|a| a.author.as_str()))
        .collect();
    t.authors = authors.len();
    t.units = list
        .iter()
        .map(|i| i.unit.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    for i in &list {
        if let Some(b) = &i.benefits {
            t.savings_vnd = t.savings_vnd.saturating_add(b.savings_vnd.unwrap_or(0));
            t.hours_saved = t
                .hours_saved
                .saturating_add(b.hours_saved_per_year.unwrap_or(0));
        }
        t.replications += i.applied_in.len();
    }
    // Outcomes dated in the year, whenever the initiative was recognised.
    for i in &c.initiatives {
        if i.effectiveness
            .as_ref()
            .is_some_and(|e| i32::from(e.date.year()) == year)
        {
            t.effectiveness += 1;
        }
        if i.ip
            .as_ref()
            .and_then(|ip| ip.granted)
            .is_some_and(|d| i32::from(d.year()) == year)
        {
            t.ip_granted += 1;
        }
        for e in i.events.iter().filter(|e| e.year == year) {
            t.events += 1;
            t.awards += usize::from(e.award.is_some());
        }
        for x in i.transfers.iter().filter(|x| x.year == year) {
            t.transfers += 1;
            t.transfer_value_vnd = t
                .transfer_value_vnd
                .saturating_add(x.value_vnd.unwrap_or(0));
        }
        for f in i.funding.iter().filter(|f| f.year == year) {
            t.funding_vnd = t.funding_vnd.saturating_add(f.amount_vnd);
        }
    }
    t
}

fn this_and_last(year: i32, first: &str) -> Vec<String> {
    vec![
        first.to_string(),
        format!("Năm {year}"),
        format!("Năm {}", year - 1),
    ]
}

/// Counts of the year and the year before by a key, one row per label.
fn compare(
    name: &'static str,
    file: &'static str,
    title: &str,
    first: &str,
    year: i32,
    rows: Vec<(String, usize, usize)>,
) -> Table {
    let mut t = Table::new(name, file, title);
    t.headers = this_and_last(year, first);
    let (mut now, mut before) = (0, 0);
    for (label, a, b) in rows {
        now += a;
        before += b;
        t.rows
            .push(vec![Cell::Text(label), Cell::count(a), Cell::count(b)]);
    }
    t.rows.push(vec![
        Cell::text("Tổng cộng"),
        Cell::count(now),
        Cell::count(before),
    ]);
    t
}

/// Every table of the annual report for `year`.
pub fn annual(c: &Catalogue, year: i32) -> Vec<Table> {
    let now = of_year(c, year);
    let before = of_year(c, year - 1);
    let count = |list: &[&Initiative], f: &dyn Fn(&Initiative) -> bool| {
        list.iter().filter(|i| f(i)).count()
    };
    let by = |f: &dyn Fn(&Initiative) -> bool| (count(&now, f), count(&before, f));
    let mut out = vec![summary(c, year)];

    let rows = Level::ALL
        .iter()
        .map(|&l| {
            let (a, b) = by(&|i| i.level == l);
            (labels::level(l).to_string(), a, b)
        })
        .collect();
    out.push(compare(
        "Theo cấp",
        "theo-cap",
        "Sáng kiến theo cấp công nhận",
        "Cấp",
        year,
        rows,
    ));
    let rows = InitiativeKind::ALL
        .iter()
        .map(|&k| {
            let (a, b) = by(&|i| i.kind == k);
            (labels::kind(k).to_string(), a, b)
        })
        .collect();
    out.push(compare(
        "Theo loại",
        "theo-loai",
        "Sáng kiến theo loại giải pháp",
        "Loại giải pháp",
        year,
        rows,
    ));
    let rows = c
        .fields
        .iter()
        .map(|f| {
            let (a, b) = by(&|i| i.field == f.slug);
            (f.name.clone(), a, b)
        })
        .collect();
    out.push(compare(
        "Theo lĩnh vực",
        "theo-linh-vuc",
        "Sáng kiến theo lĩnh vực",
        "Lĩnh vực",
        year,
        rows,
    ));
    out.push(by_unit(c, year, &now, &before));
    let district_of = |i: &Initiative| c.unit(&i.unit).and_then(|u| u.district.clone());
    let mut rows: Vec<(String, usize, usize)> = c
        .districts
        .iter()
        .map(|d| {
            let (a, b) = by(&|i| district_of(i).as_deref() == Some(d.slug.as_str()));
            (d.name.clone(), a, b)
        })
        .collect();
    let (a, b) = by(&|i| district_of(i).is_none());
    rows.push(("Cấp tỉnh (không thuộc địa bàn huyện)".to_string(), a, b));
    out.push(compare(
        "Theo địa bàn",
        "theo-dia-ban",
        "Sáng kiến theo địa bàn",
        "Địa bàn",
        year,
        rows,
    ));
    out.push(decisions(c, &now));
    out.extend(super::outcomes::tables(c, year, &now));
    out.push(funding(c, year));
    out.push(list(c, year, &now));
    out
}

fn summary(c: &Catalogue, year: i32) -> Table {
    let (a, b) = (totals(c, year), totals(c, year - 1));
    let mut t = Table::new(
        "Tổng hợp",
        "tong-hop",
        format!("Tổng hợp sáng kiến năm {year}"),
    );
    t.headers = this_and_last(year, "Chỉ tiêu");
    let n = |x: usize| Cell::count(x);
    let m = Cell::Money;
    let rows: [(&str, Cell, Cell); 14] = [
        (
            "Sáng kiến được công nhận",
            n(a.initiatives),
            n(b.initiatives),
        ),
        ("Quyết định công nhận", n(a.decisions), n(b.decisions)),
        ("Tác giả", n(a.authors), n(b.authors)),
        ("Đơn vị có sáng kiến", n(a.units), n(b.units)),
        (
            "Quyết định công nhận hiệu quả, phạm vi ảnh hưởng",
            n(a.effectiveness),
            n(b.effectiveness),
        ),
        ("Số tiền làm lợi (đồng)", m(a.savings_vnd), m(b.savings_vnd)),
        (
            "Giờ công tiết kiệm mỗi năm",
            Cell::Int(a.hours_saved as i64),
            Cell::Int(b.hours_saved as i64),
        ),
        (
            "Văn bằng sở hữu trí tuệ được cấp",
            n(a.ip_granted),
            n(b.ip_granted),
        ),
        ("Lượt tham gia sự kiện, hội chợ", n(a.events), n(b.events)),
        ("Giải thưởng", n(a.awards), n(b.awards)),
        ("Lượt chuyển giao", n(a.transfers), n(b.transfers)),
        (
            "Giá trị chuyển giao (đồng)",
            m(a.transfer_value_vnd),
            m(b.transfer_value_vnd),
        ),
        ("Kinh phí hỗ trợ (đồng)", m(a.funding_vnd), m(b.funding_vnd)),
        (
            "Lượt nhân rộng (đơn vị áp dụng)",
            n(a.replications),
            n(b.replications),
        ),
    ];
    t.rows = rows
        .into_iter()
        .map(|(label, x, y)| vec![Cell::text(label), x, y])
        .collect();
    t.note = Some(
        "Sáng kiến, tác giả, đơn vị, làm lợi, giờ công và nhân rộng: theo năm công nhận; \
         quyết định hiệu quả, văn bằng, sự kiện, chuyển giao, kinh phí: theo năm diễn ra."
            .to_string(),
    );
    t
}

fn by_unit(c: &Catalogue, year: i32, now: &[&Initiative], before: &[&Initiative]) -> Table {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for i in now {
        counts.entry(&i.unit).or_default().0 += 1;
    }
    for i in before {
        counts.entry(&i.unit).or_default().1 += 1;
    }
    let mut rows: Vec<(&str, usize, usize)> =
        counts.into_iter().map(|(u, (a, b))| (u, a, b)).collect();
    rows.sort_by(|x, y| y.1.cmp(&x.1).then(y.2.cmp(&x.2)).then(x.0.cmp(y.0)));
    let rows = rows
        .into_iter()
        .map(|(u, a, b)| (unit_name(c, u), a, b))
        .collect();
    compare(
        "Theo đơn vị",
        "theo-don-vi",
        "Sáng kiến theo đơn vị",
        "Đơn vị",
        year,
        rows,
    )
}

fn decisions(c: &Catalogue, now: &[&Initiative]) -> Table {
    let mut t = Table::new(
        "Quyết định",
        "quyet-dinh",
        "Quyết định và đợt công nhận trong năm",
    )
    .headers(&[
        "Số quyết định",
        "Ngày",
        "Cơ quan công nhận",
        "Đợt",
        "Số sáng kiến",
    ]);
    let mut groups: BTreeMap<(jiff::civil::Date, &str, &str, Option<&str>), usize> =
        BTreeMap::new();
    for i in now {
        let r = &i.recognition;
        *groups
            .entry((
                r.date,
                r.decision.as_str(),
                r.body.as_str(),
                r.round.as_deref(),
            ))
            .or_default() += 1;
    }
    for ((date, decision, body, round), n) in groups {
        t.rows.push(vec![
            Cell::text(decision),
            Cell::Date(date),
            Cell::Text(unit_name(c, body)),
            round.map_or(Cell::Empty, Cell::text),
            Cell::count(n),
        ]);
    }
    t
}

fn funding(c: &Catalogue, year: i32) -> Table {
    let mut t = Table::new("Kinh phí", "kinh-phi", "Kinh phí hỗ trợ theo mục đích");
    t.headers = vec![
        "Mục đích".to_string(),
        format!("Số khoản năm {year}"),
        format!("Kinh phí năm {year} (đồng)"),
        format!("Số khoản năm {}", year - 1),
        format!("Kinh phí năm {} (đồng)", year - 1),
    ];
    let sum = |p: FundingPurpose, y: i32| -> (usize, u64) {
        c.initiatives
            .iter()
            .flat_map(|i| &i.funding)
            .filter(|f| f.purpose == p && f.year == y)
            .fold((0, 0), |(n, s), f| (n + 1, s.saturating_add(f.amount_vnd)))
    };
    let mut total = (0, 0, 0, 0);
    for &p in FundingPurpose::ALL {
        let ((n, s), (n0, s0)) = (sum(p, year), sum(p, year - 1));
        total = (total.0 + n, total.1 + s, total.2 + n0, total.3 + s0);
        t.rows.push(vec![
            Cell::text(labels::purpose(p)),
            Cell::count(n),
            Cell::Money(s),
            Cell::count(n0),
            Cell::Money(s0),
        ]);
    }
    t.rows.push(vec![
        Cell::text("Tổng cộng"),
        Cell::count(total.0),
        Cell::Money(total.1),
        Cell::count(total.2),
        Cell::Money(total.3),
    ]);
    t
}

fn list(c: &Catalogue, year: i32, now: &[&Initiative]) -> Table {
    let mut t = Table::new(
        "Danh sách",
        "danh-sach",
        format!("Danh sách sáng kiến được công nhận năm {year}"),
    )
    .headers(&[
        "Mã số",
        "Tên sáng kiến",
        "Tác giả",
        "Đơn vị",
        "Cấp",
        "Lĩnh vực",
        "Số quyết định",
        "Ngày công nhận",
        "Số tiền làm lợi (đồng)",
        "Giờ công tiết kiệm mỗi năm",
    ]);
    let mut sorted = now.to_vec();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    for i in sorted {
        let authors: Vec<String> = i
            .authors
            .iter()
            .map(|a| {
                c.author(&a.author)
                    .map_or_else(|| a.author.clone(), |x| x.name.clone())
            })
            .collect();
        let b = i.benefits.as_ref();
        t.rows.push(vec![
            Cell::text(&i.id),
            Cell::text(&i.title),
            Cell::Text(authors.join("; ")),
            Cell::Text(unit_name(c, &i.unit)),
            Cell::text(labels::level(i.level)),
            Cell::Text(
                c.field(&i.field)
                    .map_or_else(|| i.field.clone(), |f| f.name.clone()),
            ),
            Cell::text(&i.recognition.decision),
            Cell::Date(i.recognition.date),
            b.and_then(|b| b.savings_vnd)
                .map_or(Cell::Empty, Cell::Money),
            b.and_then(|b| b.hours_saved_per_year)
                .map_or(Cell::Empty, |h| Cell::Int(h as i64)),
        ]);
    }
    t
}

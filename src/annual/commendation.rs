//! The commendation list (Sở Nội vụ): for each emulation title, the
//! authors who meet its initiative condition under the Law on Emulation
//! and Commendation 2022 (Luật Thi đua, khen thưởng số 06/2022/QH15),
//! each with the evidence. The rules are written once, in [`RULES`], with
//! the article they come from: when the law changes, change them here.
//!
//! The list is evidence for the council, not a decision: the titles have
//! other conditions (achievements, the vote) that the catalogue does not
//! hold.

use super::figures::unit_name;
use super::labels;
use super::table::{Cell, Table};
use super::Document;
use crate::model::{Author, Catalogue, HonourKind, Initiative, Level, Scope};

/// How far an initiative's effect must reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Recognised at any level (by the unit, "cơ sở công nhận").
    Recognised,
    /// Recognised (level) or its effect recognised (`effectiveness.scope`)
    /// at least this widely.
    AtLeast(Scope),
}

/// One title's condition on honours and initiatives.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub title: &'static str,
    /// The article of the law the rule comes from.
    pub article: &'static str,
    /// The condition as the council reads it.
    pub condition: &'static str,
    /// This many honours of this kind in consecutive years, the last in
    /// the year of the list; the initiative must fall within those years.
    /// Without it, the initiative must fall within the year itself.
    pub consecutive: Option<(HonourKind, i32)>,
    pub reach: Reach,
}

pub const RULES: &[Rule] = &[
    Rule {
        title: "Chiến sĩ thi đua toàn quốc",
        article: "Luật Thi đua, khen thưởng 2022, Điều 21",
        condition: "hai lần liên tục đạt Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh (lần thứ hai trong năm xét) \
                    và có sáng kiến được công nhận hiệu quả, phạm vi ảnh hưởng toàn quốc trong thời gian đó",
        consecutive: Some((HonourKind::EmulationProvincial, 2)),
        reach: Reach::AtLeast(Scope::National),
    },
    Rule {
        title: "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        article: "Luật Thi đua, khen thưởng 2022, Điều 22",
        condition: "ba lần liên tục đạt Chiến sĩ thi đua cơ sở (lần thứ ba trong năm xét) \
                    và có sáng kiến được công nhận hiệu quả, phạm vi ảnh hưởng trong ngành hoặc toàn tỉnh trở lên trong thời gian đó",
        consecutive: Some((HonourKind::EmulationGrassroots, 3)),
        reach: Reach::AtLeast(Scope::Province),
    },
    Rule {
        title: "Chiến sĩ thi đua cơ sở",
        article: "Luật Thi đua, khen thưởng 2022, Điều 23",
        condition: "có sáng kiến được công nhận trong năm xét (điều kiện Lao động tiên tiến, Chiến sĩ tiên tiến do hội đồng xét)",
        consecutive: None,
        reach: Reach::Recognised,
    },
];

/// How widely a scope reaches: a sector (bộ, ban, ngành) counts as a
/// province, as the titles name them together.
fn rank(s: Scope) -> u8 {
    match s {
        Scope::Unit => 0,
        Scope::Sector | Scope::Province => 1,
        Scope::National => 2,
    }
}

fn level_scope(l: Level) -> Scope {
    match l {
        Level::Grassroots => Scope::Unit,
        Level::Provincial => Scope::Province,
        Level::National => Scope::National,
    }
}

/// One author who meets a rule, with the evidence.
#[derive(Debug, Clone)]
pub struct Candidate<'c> {
    pub author: &'c Author,
    /// The honours counted, oldest first: (year, title, decision).
    pub honours: Vec<(i32, String, Option<String>)>,
    /// The initiatives counted, each with the decision that counts.
    pub initiatives: Vec<Evidence<'c>>,
}

#[derive(Debug, Clone)]
pub struct Evidence<'c> {
    pub initiative: &'c Initiative,
    pub decision: String,
    pub date: jiff::civil::Date,
    pub scope: Scope,
}

/// The authors meeting `rule` in `year`, in slug order.
pub fn candidates<'c>(c: &'c Catalogue, rule: &Rule, year: i32) -> Vec<Candidate<'c>> {
    let first = match rule.consecutive {
        Some((_, n)) => year - n + 1,
        None => year,
    };
    let window = first..=year;
    let mut out = Vec::new();
    for a in &c.authors {
        let mut honours = Vec::new();
        if let Some((kind, _)) = rule.consecutive {
            for y in window.clone() {
                match a
                    .honours
                    .iter()
                    .find(|h| h.kind == Some(kind) && h.year == y)
                {
                    Some(h) => honours.push((h.year, h.title.clone(), h.decision.clone())),
                    None => break,
                }
            }
            if honours.len() != window.clone().count() {
                continue;
            }
        }
        let initiatives = evidence(c, &a.slug, rule.reach, &window);
        if !initiatives.is_empty() {
            out.push(Candidate {
                author: a,
                honours,
                initiatives,
            });
        }
    }
    out
}

/// The author's initiatives that reach far enough within the years.
fn evidence<'c>(
    c: &'c Catalogue,
    author: &str,
    reach: Reach,
    years: &std::ops::RangeInclusive<i32>,
) -> Vec<Evidence<'c>> {
    let Some(list) = c.by_author.get(author) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for &n in list {
        let i = &c.initiatives[n];
        let r = &i.recognition;
        let recognised = (r.decision.clone(), r.date, level_scope(i.level));
        let effect = i
            .effectiveness
            .as_ref()
            .map(|e| (e.decision.clone(), e.date, e.scope));
        let counts = |(_, date, scope): &(String, jiff::civil::Date, Scope)| {
            years.contains(&i32::from(date.year()))
                && match reach {
                    Reach::Recognised => true,
                    Reach::AtLeast(min) => rank(*scope) >= rank(min),
                }
        };
        // The recognition first: for the grassroots title it is the one
        // that counts; for the others, whichever reaches far enough.
        let chosen = [Some(recognised), effect]
            .into_iter()
            .flatten()
            .filter(|e| reach != Reach::Recognised || e.0 == r.decision)
            .find(counts);
        if let Some((decision, date, scope)) = chosen {
            out.push(Evidence {
                initiative: i,
                decision,
                date,
                scope,
            });
        }
    }
    out.sort_by(|a, b| a.initiative.id.cmp(&b.initiative.id));
    out
}

/// The commendation list of `year`: one table per title.
pub fn document(c: &Catalogue, year: i32) -> Document {
    let tables = RULES.iter().map(|rule| table(c, rule, year)).collect();
    Document {
        title: format!("Danh sách tác giả đáp ứng điều kiện về sáng kiến, năm {year}"),
        preamble: vec![
            "Theo Luật Thi đua, khen thưởng số 06/2022/QH15. Danh sách chỉ xét điều kiện về danh hiệu \
             và sáng kiến có trong danh mục; các tiêu chuẩn khác do hội đồng thi đua, khen thưởng xét."
                .to_string(),
        ],
        tables,
    }
}

fn table(c: &Catalogue, rule: &Rule, year: i32) -> Table {
    let (name, file) = match rule.reach {
        Reach::AtLeast(Scope::National) => ("CSTĐ toàn quốc", "cstd-toan-quoc"),
        Reach::AtLeast(_) => ("CSTĐ cấp tỉnh", "cstd-cap-tinh"),
        Reach::Recognised => ("CSTĐ cơ sở", "cstd-co-so"),
    };
    let mut t = Table::new(name, file, rule.title).headers(&[
        "Tác giả",
        "Đơn vị",
        "Danh hiệu đã đạt",
        "Sáng kiến",
        "Quyết định",
        "Phạm vi ảnh hưởng",
    ]);
    for cand in candidates(c, rule, year) {
        let honours: Vec<String> = cand
            .honours
            .iter()
            .map(|(y, title, decision)| match decision {
                Some(d) => format!("{title} {y} ({d})"),
                None => format!("{title} {y}"),
            })
            .collect();
        let initiatives: Vec<String> = cand
            .initiatives
            .iter()
            .map(|e| format!("{} {}", e.initiative.id, e.initiative.title))
            .collect();
        let decisions: Vec<String> = cand
            .initiatives
            .iter()
            .map(|e| {
                format!(
                    "{} ngày {:02}/{:02}/{:04}",
                    e.decision,
                    e.date.day(),
                    e.date.month(),
                    e.date.year()
                )
            })
            .collect();
        let scopes: Vec<&str> = cand
            .initiatives
            .iter()
            .map(|e| labels::scope(e.scope))
            .collect();
        t.rows.push(vec![
            Cell::text(&cand.author.name),
            Cell::Text(unit_name(c, &cand.author.unit)),
            Cell::Text(honours.join("; ")),
            Cell::Text(initiatives.join("; ")),
            Cell::Text(decisions.join("; ")),
            Cell::Text(scopes.join("; ")),
        ]);
    }
    t.note = Some(format!("{}: {}.", rule.article, rule.condition));
    t
}

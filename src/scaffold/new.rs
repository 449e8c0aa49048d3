//! `sangkien new initiative|author|unit`: a new entry with every key ready
//! to fill (optional ones commented). A new initiative is a draft until the
//! editor removes `draft: true`; what the editor did not name on the command
//! line (field, unit, authors, the recognising body) is left blank, so that
//! `check` fails until it is chosen, and the template's placeholder text is
//! refused once the entry is published.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::{free_slug, quoted, slug_of, write_new, Created, ScaffoldError};
use crate::load::{load, Kind, Loaded};
use crate::messages::{Lang, Message};
use crate::model::limits::{TITLE_MAX, YEARS};
use crate::model::UnitKind;
use crate::msg;
use crate::validate::{closest, validate, Validated};

/// What the editor asked for with `new initiative`.
#[derive(Debug, Clone, Default)]
pub struct NewInitiative {
    pub title: String,
    pub field: Option<String>,
    pub unit: Option<String>,
    pub year: Option<i16>,
    pub authors: Vec<String>,
}

/// What the catalogue already holds, read once.
struct Catalogue {
    root: PathBuf,
    loaded: Loaded,
    validated: Validated,
}

impl Catalogue {
    fn read(root: &Path, today: Date) -> Result<Catalogue, ScaffoldError> {
        let loaded = load(root).map_err(ScaffoldError::Load)?;
        let (validated, _) = validate(&loaded, today);
        Ok(Catalogue {
            root: root.to_path_buf(),
            loaded,
            validated,
        })
    }

    fn slugs(&self, kind: fn(&Kind) -> bool) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .loaded
            .files
            .iter()
            .filter(|f| kind(&f.kind))
            .map(|f| f.slug.as_str())
            .collect();
        v.sort();
        v
    }

    /// Checks that `slug` names one of `known`, with a "did you mean".
    fn require(&self, what: &str, slug: &str, known: &[&str]) -> Result<(), ScaffoldError> {
        if known.contains(&slug) {
            return Ok(());
        }
        let what = match what {
            "field" => msg!("new.no-field", slug = slug),
            "unit" => msg!("new.no-unit", slug = slug),
            "district" => msg!("new.no-district", slug = slug),
            _ => msg!("new.no-author", slug = slug),
        };
        Err(ScaffoldError::Invalid(
            match closest(slug, known.iter().copied()) {
                Some(c) => msg!(
                    "new.unknown-near",
                    what = what,
                    word = c,
                    known = choices(known)
                ),
                None => msg!("new.unknown", what = what, known = choices(known)),
            },
        ))
    }

    /// The ids written in initiative files (read from the raw text, so
    /// that files with errors still hold their number).
    fn ids(&self) -> Vec<String> {
        self.loaded
            .files
            .iter()
            .filter(|f| matches!(f.kind, Kind::Initiative { .. }))
            .filter_map(|f| {
                f.yaml_text().lines().find_map(|l| {
                    let v = l.strip_prefix("id:")?.trim();
                    let v = v.split(" #").next()?.trim().trim_matches(['"', '\'']);
                    Some(v.to_string())
                })
            })
            .collect()
    }
}

/// Slugs to choose from, as one line: the first dozen, then a count.
fn choices(known: &[&str]) -> Message {
    const SHOWN: usize = 12;
    if known.is_empty() {
        return msg!("new.none-yet");
    }
    let line = known
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if known.len() > SHOWN {
        return msg!("new.and-more", list = line, n = known.len() - SHOWN);
    }
    msg!("quoted-none", text = line)
}

/// The most frequent item of a list, ties broken by the smallest.
fn most_common<'a>(items: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for i in items {
        *counts.entry(i).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(s, _)| s)
}

/// The next free catalogue number of `year`: the catalogue's usual
/// prefix, the highest number of that year plus one.
fn next_id(ids: &[String], year: i16) -> String {
    let parsed: Vec<(&str, &str, &str)> = ids
        .iter()
        .filter_map(|id| {
            let mut p = id.splitn(3, '-');
            Some((p.next()?, p.next()?, p.next()?))
        })
        .filter(|(_, _, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    let prefix = most_common(parsed.iter().map(|p| p.0)).unwrap_or("SK");
    let year_s = year.to_string();
    let same: Vec<&str> = parsed
        .iter()
        .filter(|p| p.0 == prefix && p.1 == year_s)
        .map(|p| p.2)
        .collect();
    let width = same.iter().map(|n| n.len()).max().unwrap_or(3).max(3);
    let next = same
        .iter()
        .filter_map(|n| n.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    format!("{prefix}-{year}-{next:0width$}")
}

pub fn new_initiative(
    root: &Path,
    req: &NewInitiative,
    today: Date,
) -> Result<Created, ScaffoldError> {
    let title = crate::text::nfc(req.title.trim()).into_owned();
    if title.is_empty() || title.chars().count() > TITLE_MAX {
        return Err(ScaffoldError::Invalid(msg!(
            "new.title-length",
            max = TITLE_MAX
        )));
    }
    let year = req.year.unwrap_or(today.year());
    let first_year = *YEARS.start() as i16;
    if !(first_year..=today.year()).contains(&year) {
        return Err(ScaffoldError::Invalid(msg!(
            "new.year",
            year = year,
            first = first_year
        )));
    }
    let cat = Catalogue::read(root, today)?;
    let mut notes = Vec::new();
    let fields: Vec<&str> = cat
        .validated
        .fields
        .iter()
        .map(|f| f.slug.as_str())
        .collect();
    let units = cat.slugs(|k| matches!(k, Kind::Unit));
    let authors = cat.slugs(|k| matches!(k, Kind::Author));
    let inits = &cat.validated.initiatives;

    // What the editor did not name is left blank, never guessed: a real
    // field, unit or person written as a placeholder would pass `check`
    // and be published wrongly. `check` fails until each is chosen.
    let mut blanks = Vec::new();
    let field = match &req.field {
        Some(f) => {
            cat.require("field", f, &fields)?;
            Choice::Given(f.clone())
        }
        None => {
            blanks.push("field");
            Choice::Blank(format!("chọn một: {}", choices(&fields).render(Lang::Vi)))
        }
    };
    let unit = match &req.unit {
        Some(u) => {
            cat.require("unit", u, &units)?;
            Choice::Given(u.clone())
        }
        None => {
            blanks.push("unit");
            Choice::Blank(format!(
                "đơn vị tạo ra và áp dụng lần đầu; chọn một: {}",
                choices(&units).render(Lang::Vi)
            ))
        }
    };
    for a in &req.authors {
        cat.require("author", a, &authors)?;
    }
    if req.authors.is_empty() {
        blanks.push("authors");
    }
    blanks.push("recognition.body");
    let usual_body = most_common(inits.iter().map(|i| i.recognition.body.as_str()));
    let body = Choice::Blank(match usual_body {
        Some(b) => format!("đơn vị công nhận, thường là: {b}"),
        None => format!(
            "đơn vị công nhận; chọn một: {}",
            choices(&units).render(Lang::Vi)
        ),
    });
    notes.push(msg!("new.blanks", keys = blanks.join(", ")));

    let taken: Vec<&str> = cat.slugs(|k| matches!(k, Kind::Initiative { .. }));
    let base = slug_of(&title, 60);
    if base.is_empty() {
        return Err(ScaffoldError::Invalid(msg!("new.title-no-letters")));
    }
    let folder = cat.root.join("initiatives").join(year.to_string());
    let slug = free_slug(&base, |s| {
        taken.contains(&s) || folder.join(format!("{s}.md")).exists()
    });
    if slug != base {
        notes.push(msg!("new.initiative-taken", base = &base, slug = &slug));
    }
    let id = next_id(&cat.ids(), year);
    let date = if year == today.year() {
        today
    } else {
        Date::new(year, 12, 31).unwrap_or(today)
    };
    let text = initiative_text(&id, &title, (&field, &unit, &body), &req.authors, date);
    let rel = PathBuf::from("initiatives")
        .join(year.to_string())
        .join(format!("{slug}.md"));
    write_new(&cat.root.join(&rel), &text)?;
    Ok(Created { path: rel, notes })
}

/// A reference the editor gave, or a blank with a comment on what to
/// choose.
enum Choice {
    Given(String),
    Blank(String),
}

impl Choice {
    /// The value and its comment, for `key: <here>`.
    fn yaml(&self, comment: &str) -> String {
        match self {
            Choice::Given(v) => format!("{v}  # {comment}"),
            Choice::Blank(what) => format!("  # {what}"),
        }
    }
}

// The template's text that an entry may not keep once published
// (`validate` refuses it outside drafts).
use crate::validate::{PLACEHOLDER_DECISION, PLACEHOLDER_SUMMARY, PLACEHOLDER_TEXT};

fn initiative_text(
    id: &str,
    title: &str,
    (field, unit, body): (&Choice, &Choice, &Choice),
    authors: &[String],
    date: Date,
) -> String {
    let authors: String = if authors.is_empty() {
        "  - author:  # tác giả (authors/<slug>.md)\n".to_string()
    } else {
        authors
            .iter()
            .map(|a| format!("  - author: {a}\n"))
            .collect()
    };
    let field = field.yaml("lĩnh vực, xem fields.yaml");
    let unit = unit.yaml("đơn vị tạo ra và áp dụng lần đầu (units/<slug>.yaml)");
    let body = body.yaml("đơn vị công nhận");
    let kinds = crate::model::InitiativeKind::NAMES.join(" | ");
    let ip_kinds = crate::model::IpKind::NAMES.join(" | ");
    let scopes = crate::model::Scope::NAMES.join(" | ");
    let purposes = crate::model::FundingPurpose::NAMES.join(" | ");
    let y = date.year();
    format!(
        "---\n\
# Tạo bởi `sangkien new initiative`. Điền các giá trị, rồi xoá dòng `draft: true`.\n\
id: {id}  # mã số: không bao giờ dùng lại\n\
title: {title}\n\
summary: \"{PLACEHOLDER_SUMMARY}\"\n\
kind: technical  # {kinds}\n\
field: {field}\n\
unit: {unit}\n\
authors:  # tác giả (authors/<slug>.md); share = tỷ lệ đóng góp %, cho tất cả hoặc không ai\n\
{authors}\
level: grassroots  # grassroots (cơ sở) | provincial (cấp tỉnh) | national (toàn quốc)\n\
recognition:\n\
\x20 decision: \"{PLACEHOLDER_DECISION}\"  # số quyết định công nhận\n\
\x20 date: {date}  # ngày quyết định: cùng năm với mã số và thư mục\n\
\x20 body: {body}\n\
\x20 # round: \"Đợt 1\"\n\
draft: true  # bản nháp, không xuất bản: xoá dòng này khi đã điền đủ\n\
# applied_since: {y}-01-15  # ngày áp dụng lần đầu\n\
# applied_in: [don-vi]  # đơn vị đã nhân rộng\n\
# benefits:\n\
#   summary: \"Hiệu quả …\"\n\
#   savings_vnd: 120000000\n\
#   hours_saved_per_year: 500\n\
# ip:\n\
#   kind: utility_solution  # {ip_kinds}\n\
#   number: \"…\"\n\
#   granted: {y}-06-01\n\
# events:\n\
#   - name: \"Techmart …\"\n\
#     year: {y}\n\
#     award: \"…\"\n\
# press:\n\
#   - title: \"…\"\n\
#     url: https://…\n\
#     outlet: \"Báo Kon Tum\"\n\
#     date: {y}-06-01\n\
# featured:\n\
#   from: {y}-06-01\n\
#   until: {y}-06-30\n\
#   headline: \"…\"\n\
# investor: \"Công ty …\"  # chủ đầu tư, khi không phải đơn vị (slug hoặc tên)\n\
# effectiveness:  # quyết định công nhận hiệu quả, phạm vi ảnh hưởng\n\
#   decision: \"…/QĐ-UBND\"\n\
#   date: {y}-12-01\n\
#   body: ubnd-tinh\n\
#   scope: province  # {scopes}\n\
# transfers:  # chuyển giao\n\
#   - to: \"Công ty …\"  # slug đơn vị hoặc tên tổ chức\n\
#     year: {y}\n\
#     value_vnd: 50000000\n\
# funding:  # kinh phí hỗ trợ\n\
#   - year: {y}\n\
#     amount_vnd: 30000000\n\
#     purpose: completion  # {purposes}\n\
#     source: \"…\"\n\
# tags: [\"chuyển đổi số\"]\n\
# images:\n\
#   - src: ../../media/anh.jpg\n\
#     alt: \"Mô tả ảnh cho người không nhìn thấy\"\n\
#     caption: \"…\"\n\
# attachments:\n\
#   - src: ../../media/tai-lieu.pdf\n\
#     title: \"…\"\n\
# aliases: [/duong-dan-cu/]  # địa chỉ cũ chuyển về trang này\n\
# confidential: \"…\"  # không bao giờ xuất bản\n\
# private:  # không bao giờ xuất bản\n\
#   ghi_chu: \"…\"\n\
---\n\
\n\
## Thực trạng trước khi áp dụng\n\
\n\
{PLACEHOLDER_TEXT}\n\
\n\
## Nội dung giải pháp\n\
\n\
{PLACEHOLDER_TEXT}\n\
\n\
## Hiệu quả\n\
\n\
{PLACEHOLDER_TEXT}\n\
\n\
## Điều kiện áp dụng\n\
\n\
{PLACEHOLDER_TEXT}\n",
        title = quoted(title),
    )
}

/// A name as written (NFC) and the file slug made from it.
fn name_and_slug(name: &str) -> Result<(String, String), ScaffoldError> {
    let name = crate::text::nfc(name.trim()).into_owned();
    let base = slug_of(&name, 60);
    if base.is_empty() {
        return Err(ScaffoldError::Invalid(msg!("new.name-no-letters")));
    }
    Ok((name, base))
}

pub fn new_author(
    root: &Path,
    name: &str,
    unit: Option<&str>,
    today: Date,
) -> Result<Created, ScaffoldError> {
    let (name, base) = name_and_slug(name)?;
    let cat = Catalogue::read(root, today)?;
    let units = cat.slugs(|k| matches!(k, Kind::Unit));
    let mut notes = Vec::new();
    let unit = match unit {
        Some(u) => {
            cat.require("unit", u, &units)?;
            u.to_string()
        }
        None => {
            let u = units.first().copied().unwrap_or("don-vi");
            notes.push(msg!("new.unit-chosen", unit = u));
            u.to_string()
        }
    };
    let taken = cat.slugs(|k| matches!(k, Kind::Author));
    let dir = cat.root.join("authors");
    let slug = free_slug(&base, |s| {
        taken.contains(&s) || dir.join(format!("{s}.md")).exists()
    });
    if slug != base {
        notes.push(msg!("new.author-taken", base = &base, slug = &slug));
    }
    let text = format!(
        "---\n\
# Tạo bởi `sangkien new author`.\n\
name: {name}\n\
unit: {unit}  # nơi công tác (units/<slug>.yaml)\n\
consent: false  # true khi tác giả đồng ý công khai chức danh, trình độ, ảnh và tiểu sử\n\
# position: \"…\"  # chức danh\n\
# qualification: \"…\"  # trình độ chuyên môn\n\
# sort_name: \"…\"  # chỉ khi tên bị sắp xếp sai\n\
# photo:\n\
#   src: ../media/anh.jpg\n\
#   alt: \"Ảnh chân dung …\"\n\
# honours:\n\
#   - title: \"Chiến sĩ thi đua cấp tỉnh\"\n\
#     year: {y}\n\
#     decision: \"…/QĐ-UBND\"\n\
#     kind: emulation_provincial  # {honour_kinds}\n\
# exemplary:  # điển hình tiên tiến; một năm, hoặc danh sách nhiều năm\n\
#   - year: {y}\n\
#     citation: \"…\"\n\
# private:  # không bao giờ xuất bản\n\
#   phone: \"…\"\n\
#   email: \"…\"\n\
---\n\
\n\
Tiểu sử (chỉ xuất bản khi `consent: true`).\n",
        name = quoted(&name),
        y = today.year(),
        honour_kinds = crate::model::HonourKind::NAMES.join(" | "),
    );
    let rel = PathBuf::from("authors").join(format!("{slug}.md"));
    write_new(&cat.root.join(&rel), &text)?;
    Ok(Created { path: rel, notes })
}

pub fn new_unit(
    root: &Path,
    name: &str,
    kind: Option<&str>,
    district: Option<&str>,
    today: Date,
) -> Result<Created, ScaffoldError> {
    let (name, base) = name_and_slug(name)?;
    let kind = kind.unwrap_or("other");
    if UnitKind::parse(kind).is_none() {
        return Err(ScaffoldError::Invalid(msg!(
            "new.unit-kind",
            kind = kind,
            kinds = UnitKind::NAMES.join(", ")
        )));
    }
    let cat = Catalogue::read(root, today)?;
    let districts: Vec<&str> = cat
        .validated
        .districts
        .iter()
        .map(|d| d.slug.as_str())
        .collect();
    if let Some(d) = district {
        cat.require("district", d, &districts)?;
    }
    // One organisation, one file: a second `new unit` with its name is a
    // mistake, not a namesake (unlike two people with one name).
    let rel = PathBuf::from("units").join(format!("{base}.yaml"));
    if cat.root.join(&rel).exists() {
        return Err(ScaffoldError::Invalid(msg!(
            "new.unit-exists",
            unit = &base,
            path = rel.display().to_string()
        )));
    }
    let notes = Vec::new();
    let district_line = match district {
        Some(d) => format!("district: {d}  # địa bàn (districts.yaml)\n"),
        None => format!(
            "# district: {}  # địa bàn (districts.yaml)\n",
            districts.first().copied().unwrap_or("…")
        ),
    };
    let text = format!(
        "# Tạo bởi `sangkien new unit`.\n\
name: {name}\n\
kind: {kind}  # {kinds}\n\
# short_name: \"…\"  # tên viết tắt\n\
{district_line}\
# parent: ubnd-tinh  # đơn vị cấp trên (units/<slug>.yaml)\n\
# website: https://…\n\
# until: 2025-07-01  # ngày đơn vị chấm dứt hoạt động\n\
# successor: …  # đơn vị tiếp nhận nhiệm vụ (units/<slug>.yaml)\n",
        name = quoted(&name),
        kinds = UnitKind::NAMES.join(" | "),
    );
    write_new(&cat.root.join(&rel), &text)?;
    Ok(Created { path: rel, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_id_follows_the_year_and_prefix() {
        let ids: Vec<String> = ["KT-2024-001", "KT-2024-007", "KT-2023-0100", "AB-2024-050"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(next_id(&ids, 2024), "KT-2024-008");
        assert_eq!(next_id(&ids, 2023), "KT-2023-0101");
        assert_eq!(next_id(&ids, 2025), "KT-2025-001");
        assert_eq!(next_id(&[], 2025), "SK-2025-001");
    }
}

//! The expected diagnostics of every fixture case in
//! `tests/fixtures/check/<case>/` (line 0: the diagnostic has no line,
//! e.g. a missing file or a folder named like a file).

use super::{error, warning, Expect};

const INI: &str = "initiatives/2024/kham-benh-tu-xa.md";

pub const CASES: &[(&str, &[Expect])] = &[
    (
        "alias-bad",
        &[
            error("alias", INI, 15, "`https://cu.example.vn/sk/1` is not a site path").hint("write a path of this site, e.g. /cu/sang-kien-12/"),
        ],
    ),
    (
        "applied-after-recognition",
        &[
            error("date-order", INI, 18, "`applied_since` (2024-05-01) is after the recognition date (2024-03-15)"),
        ],
    ),
    (
        "attachment-missing",
        &[
            error("asset-missing", INI, 24, "file not found: `media/bao-cao.pdf`").hint("paths are relative to this entry's file"),
        ],
    ),
    (
        "date-format",
        &[
            error("date", INI, 16, "`15/03/2024` is not a valid date").hint("write dates as YYYY-MM-DD: `2024-03-15`"),
        ],
    ),
    (
        "date-invalid",
        &[
            error("date", INI, 18, "`2023-02-30` is not a valid date").hint("write dates as YYYY-MM-DD, e.g. 2024-03-15"),
        ],
    ),
    (
        "dir-as-file",
        &[
            error("not-a-file", "authors/thu-muc.md", 0, "expected a `.md` file, found a folder with that name").hint("rename the folder, or move its files up one level"),
        ],
    ),
    (
        "duplicate-author",
        &[
            warning("unused", "authors/y-huong.md", 2, "this author has no initiative").hint("list the author under `authors` of an initiative, or delete the file"),
            error("duplicate-author", INI, 11, "`nguyen-thi-hoa` is listed twice"),
        ],
    ),
    (
        "duplicate-field",
        &[
            error("duplicate-slug", "fields.yaml", 6, "the slug `y-te` is listed twice"),
        ],
    ),
    (
        "empty-body",
        &[
            warning("empty-body", INI, 30, "the description (Markdown body) is empty").hint("describe the problem, the solution, its effect and where it applies below the closing `---`"),
        ],
    ),
    (
        "empty-file",
        &[
            error("empty-file", "authors/trong.md", 1, "the file is empty").hint("an entry starts with `---`, its keys, and a closing `---`; or delete the file"),
        ],
    ),
    (
        "enum",
        &[
            error("enum", INI, 5, "`technic` is not a valid value for `kind`").hint("did you mean `technical`? valid values: technical, management, operational, technology_application"),
        ],
    ),
    (
        "enum-unit-kind",
        &[
            error("enum", "units/so-y-te.yaml", 2, "`departmant` is not a valid value for `kind`").hint("did you mean `department`? valid values: department, district, commune, school, hospital, enterprise, association, other"),
        ],
    ),
    (
        "featured-order",
        &[
            error("date-order", INI, 25, "`featured.until` (2024-03-01) is before `featured.from` (2024-04-01)"),
        ],
    ),
    (
        "folder-year",
        &[
            error("folder-year", "initiatives/nam-2024/so-kham-benh.md", 2, "the folder of this initiative is not a year").hint("initiatives live in `initiatives/<year>/<slug>.md`, e.g. initiatives/2024/"),
        ],
    ),
    (
        "front-matter-unclosed",
        &[
            error("front-matter", INI, 1, "the front matter is never closed: add a `---` line after the last key").hint("an entry starts with a `---` line, then YAML keys, then a closing `---` line"),
        ],
    ),
    (
        "future-recognition",
        &[
            error("future-date", "initiatives/2026/kham-benh-tu-xa.md", 16, "the recognition date 2026-12-01 is in the future")
                .hint("today is 2026-11-29"),
        ],
    ),
    (
        "id-duplicate",
        &[
            error("duplicate-id", "initiatives/2024/so-kham-benh.md", 2, "the id `KT-2024-001` is already used").hint("by initiatives/2024/kham-benh-tu-xa.md (the older entry); ids are never reused"),
        ],
    ),
    (
        "id-pattern",
        &[
            error("id", INI, 2, "`kt-24-1` is not a valid catalogue number").hint("write 2–6 capital letters, the recognition year and a 3–5 digit number, e.g. KT-2024-001"),
        ],
    ),
    (
        "image-absolute",
        &[
            error("asset", INI, 21, "`/etc/hostname` must be a path relative to this file").hint("e.g. ../../media/anh.jpg"),
        ],
    ),
    (
        "image-alt-empty",
        &[
            error("alt", INI, 22, "`images[0].alt` is empty").hint("describe what the image shows, for readers who cannot see it"),
        ],
    ),
    (
        "image-missing",
        &[
            error("asset-missing", INI, 21, "file not found: `media/khong-co.svg`").hint("paths are relative to this entry's file"),
        ],
    ),
    (
        "image-outside",
        &[
            error("asset-outside", INI, 21, "`../../../../etc/hostname` points outside the catalogue folder"),
        ],
    ),
    (
        "likely-duplicate",
        &[
            warning("likely-duplicate", INI, 3, "same decision number and title as initiatives/2024/kham-benh-tu-xa-2.md").hint("is this entry written twice?"),
        ],
    ),
    (
        "misplaced-file",
        &[
            warning("misplaced-file", "initiatives/2024/cu/ghi-chu.md", 0, "`initiatives/2024/cu/ghi-chu.md` is not read: it is not where the layout expects entries").hint("initiatives live in `initiatives/<year>/<slug>.md`"),
        ],
    ),
    (
        "missing-site",
        &[
            error("missing-file", "site.yaml", 0, "the catalogue has no `site.yaml`").hint("every catalogue needs site.yaml, fields.yaml and districts.yaml at its root"),
        ],
    ),
    (
        "not-utf8",
        &[
            error("not-utf8", "authors/le-van-binh.md", 2, "the file is not valid UTF-8 text").hint("save it as UTF-8 (in VS Code: “Save with Encoding” → UTF-8)"),
        ],
    ),
    (
        "parent-cycle",
        &[
            error("parent-cycle", "units/so-y-te.yaml", 4, "the chain of `parent` units goes round in a circle").hint("so-y-te → ubnd-tinh → so-y-te"),
            error("parent-cycle", "units/ubnd-tinh.yaml", 4, "the chain of `parent` units goes round in a circle").hint("ubnd-tinh → so-y-te → ubnd-tinh"),
        ],
    ),
    (
        "photo-missing",
        &[
            error("asset-missing", "authors/nguyen-thi-hoa.md", 6, "file not found: `media/hoa.jpg`").hint("paths are relative to this entry's file"),
        ],
    ),
    (
        "range",
        &[
            error("range", "site.yaml", 4, "`per_page` is 500; it must be between 1 and 200"),
        ],
    ),
    (
        "required-key",
        &[
            error("required", INI, 2, "missing required key `summary`"),
        ],
    ),
    (
        "required-nested",
        &[
            error("required", INI, 14, "missing required key `recognition.date`"),
        ],
    ),
    (
        "reserved-page",
        &[
            error("reserved-slug", "pages/tim-kiem.md", 1, "`/tim-kiem/` is a path the site already uses").hint("rename the page file"),
        ],
    ),
    (
        "shares-partial",
        &[
            error("shares", INI, 8, "1 of 2 authors have a `share`").hint("give every author a share (summing to 100), or none"),
        ],
    ),
    (
        "shares-sum",
        &[
            error("shares", INI, 8, "the shares sum to 90, not 100")
                .hint("nguyen-thi-hoa 60 + y-huong 30; make them add up to 100"),
        ],
    ),
    (
        "site-as-dir",
        &[
            error("not-a-file", "site.yaml", 0, "expected a file, found a folder").hint("`site.yaml` must be a YAML file, not a folder"),
        ],
    ),
    (
        "slug-duplicate",
        &[
            error("duplicate-slug", INI, 1, "another initiative has the file name `kham-benh-tu-xa`").hint("initiatives/2023/kham-benh-tu-xa.md would have the same address /sang-kien/kham-benh-tu-xa/"),
        ],
    ),
    (
        "slug-file-name",
        &[
            error("slug", "initiatives/2024/So_Kham_Benh.md", 1, "the file name `So_Kham_Benh` is not a valid slug").hint("rename the file to `so-kham-benh.md`"),
        ],
    ),
    (
        "too-long",
        &[
            error("too-long", INI, 3, "`title` is 255 characters long; the limit is 250"),
        ],
    ),
    (
        "type-bool",
        &[
            error("type", INI, 14, "`draft` must be true or false, found text").hint("write `true` instead of `có`"),
        ],
    ),
    (
        "type-int",
        &[
            error("type", "site.yaml", 4, "`per_page` must be a whole number, found text"),
        ],
    ),
    (
        "type-list",
        &[
            error("type", INI, 8, "`authors` must be a list, found text").hint("write one `- item` per line, or `[a, b]`"),
        ],
    ),
    (
        "type-mapping",
        &[
            error("type", INI, 23, "`featured` must be a mapping of `key: value` lines, found text").hint("expected keys: from, until, headline"),
        ],
    ),
    (
        "type-text",
        &[
            error("type", INI, 3, "`title` must be text, found a number").hint("put the value in quotes"),
        ],
    ),
    (
        "unknown-applied-in",
        &[
            error("unknown-ref", INI, 21, "no unit `so-y-t`").hint("did you mean `so-y-te`?"),
        ],
    ),
    (
        "unknown-author",
        &[
            warning("unused", "authors/nguyen-thi-hoa.md", 2, "this author has no initiative").hint("list the author under `authors` of an initiative, or delete the file"),
            error("unknown-ref", INI, 9, "no author `nguyen-thi-hao`").hint("did you mean `nguyen-thi-hoa`?"),
        ],
    ),
    (
        "unknown-body",
        &[
            error("unknown-ref", INI, 17, "no unit `ubnd`").hint("units are files in units/<slug>.yaml"),
        ],
    ),
    (
        "unknown-district",
        &[
            error("unknown-ref", "units/so-y-te.yaml", 3, "no district `kontum`").hint("did you mean `kon-tum`?"),
        ],
    ),
    (
        "unknown-field",
        &[
            error("unknown-ref", INI, 6, "no field `y-tee`").hint("did you mean `y-te`?"),
        ],
    ),
    (
        "unknown-key",
        &[
            error("unknown-key", INI, 6, "unknown key `sumary`").hint("did you mean `summary`?"),
        ],
    ),
    (
        "unknown-key-nested",
        &[
            error("unknown-key", INI, 25, "unknown key `untill`").hint("did you mean `until`?"),
        ],
    ),
    (
        "unknown-parent",
        &[
            error("unknown-ref", "units/so-y-te.yaml", 4, "no unit `ubnd-tinhh`").hint("did you mean `ubnd-tinh`?"),
        ],
    ),
    (
        "unknown-unit",
        &[
            error("unknown-ref", INI, 7, "no unit `so-yte`").hint("did you mean `so-y-te`?"),
        ],
    ),
    (
        "unused-author",
        &[
            warning("unused", "authors/a-pot.md", 2, "this author has no initiative").hint("list the author under `authors` of an initiative, or delete the file"),
        ],
    ),
    (
        "unused-unit",
        &[
            warning("unused", "units/truong-th-dak-to.yaml", 1, "no entry refers to this unit").hint("refer to it from an entry (`unit`, `applied_in`, `parent`, `recognition.body`), or delete the file"),
        ],
    ),
    (
        "url-javascript",
        &[
            error("url", "units/so-y-te.yaml", 5, "`website` uses the `javascript:` scheme; only web addresses are allowed").hint("write a full address starting with https://"),
        ],
    ),
    (
        "url-malformed",
        &[
            error("url", INI, 28, "`baokontum.example.vn/kham-benh` is not a valid URL: relative URL without a base").hint("write a full address starting with https://"),
        ],
    ),
    (
        "yaml-syntax",
        &[
            error("yaml-syntax", INI, 14, "invalid YAML: mapping values are not allowed in this context").hint("check indentation, and quote text that contains `: ` or starts with a special character"),
        ],
    ),
    (
        "year-mismatch-date",
        &[
            error("year-mismatch", INI, 16, "recognised in 2025, but the entry is in the folder for 2024").hint("move the file to initiatives/2025/ or correct the date"),
        ],
    ),
    (
        "year-mismatch-id",
        &[
            error("year-mismatch", INI, 2, "the id's year 2023 differs from the folder's year 2024").hint("the id, the folder and the recognition date share the recognition year"),
        ],
    ),
    (
        "year-mismatch-no-folder",
        &[
            error(
                "folder-year",
                "initiatives/nam-2024/so-kham-benh.md",
                2,
                "the folder of this initiative is not a year",
            ),
            error(
                "year-mismatch",
                "initiatives/nam-2024/so-kham-benh.md",
                2,
                "the id's year 2023 differs from the recognition year 2024",
            ),
        ],
    ),
    (
        "duplicate-alias",
        &[error(
            "duplicate-alias",
            "initiatives/2024/so-kham-benh.md",
            16,
            "the alias `/cu/kham-benh/` is also claimed by initiatives/2024/kham-benh-tu-xa.md",
        )],
    ),
    (
        "parent-self",
        &[error(
            "parent-cycle",
            "units/so-y-te.yaml",
            4,
            "a unit cannot be its own `parent`",
        )
        .hint("remove `parent`")],
    ),
];

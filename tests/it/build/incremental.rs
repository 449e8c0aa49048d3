//! A build over the previous site keeps the pages made from the same
//! inputs (`render::fingerprint`) and must give, byte for byte, the site a
//! fresh build gives, after every kind of edit.

use std::path::Path;

use super::tree;
use crate::util;

/// Builds `content` into `out` on `today`; returns how many files were
/// kept as they were.
fn build_on(content: &Path, out: &Path, today: &str) -> usize {
    let o = util::bin()
        .env("SANGKIEN_TODAY", today)
        .env("SANGKIEN_LANG", "en")
        .args(["build", "--content"])
        .arg(content)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run sangkien");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "build failed: {stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let kept = stdout
        .split(" kept as they were")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok());
    kept.unwrap_or_else(|| panic!("no count of kept files in: {stdout}"))
}

/// Files of the site other than the search files (which are exported
/// afresh at each build, not kept).
fn pages(site: &Path) -> usize {
    tree(site)
        .keys()
        .filter(|p| !p.starts_with("search-index/"))
        .count()
}

/// Replaces the first `from` in the file (which must hold it).
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// Builds over `out` and fresh into a new folder, and compares.
fn same_as_fresh(content: &Path, out: &Path, today: &str, what: &str) -> usize {
    let kept = build_on(content, out, today);
    let fresh = tempfile::tempdir().unwrap();
    let fresh_out = fresh.path().join("site");
    assert_eq!(build_on(content, &fresh_out, today), 0);
    let (a, b) = (tree(out), tree(&fresh_out));
    let differ: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|p| a.get(*p) != b.get(*p))
        .collect();
    assert!(
        differ.is_empty(),
        "after {what}, the site built over the previous one differs from a fresh build in {} \
         files, e.g. {:?}",
        differ.len(),
        &differ[..differ.len().min(5)]
    );
    kept
}

#[test]
fn a_build_over_the_previous_site_equals_a_fresh_build_after_any_edit() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    util::copy_tree(&util::content(), &content);
    let out = dir.path().join("site");
    let today = "2026-11-29";
    build_on(&content, &out, today);
    let total = pages(&out);

    // Nothing changed: everything that has inputs is kept.
    let kept = same_as_fresh(&content, &out, today, "no edit");
    assert!(kept * 10 > total * 8, "kept {kept} of {total}");

    let entry = content.join("initiatives/2021/bang-tinh-quan-ly-tai-san-cong.md");
    // Text edits: a few pages change, the others are kept.
    edit(&entry, "Giảm 70% số báo cáo", "Giảm 75% số báo cáo");
    let kept_text = same_as_fresh(&content, &out, today, "a benefits edit");
    assert!(kept_text * 10 > total * 7, "kept {kept_text} of {total}");
    edit(&entry, "Xây dựng bảng tính", "Lập bảng tính");
    same_as_fresh(&content, &out, today, "a title edit");
    edit(&entry, "## Thực trạng", "## Thực trạng trước đây");
    same_as_fresh(&content, &out, today, "a body edit");

    // Edits that move the entry in lists or between pages.
    edit(
        &entry,
        "\"bảng tính điện tử\"]",
        "\"bảng tính điện tử\", \"số hoá\"]",
    );
    same_as_fresh(&content, &out, today, "a new tag");
    edit(&entry, "date: 2021-09-10", "date: 2021-12-30");
    same_as_fresh(&content, &out, today, "a new recognition date");
    edit(&entry, "level: grassroots", "level: provincial");
    same_as_fresh(&content, &out, today, "a new level");

    // Entries other pages show: an author, a unit, the site, a field.
    let author = std::fs::read_dir(content.join("authors"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    edit(&author, "name: ", "name: Ông ");
    same_as_fresh(&content, &out, today, "an author's name");
    let site = content.join("site.yaml");
    edit(&site, "title: ", "title: Cổng ");
    same_as_fresh(&content, &out, today, "the site's title");

    // A new entry and a removed one.
    let copy = content.join("initiatives/2021/ban-sao-de-thu.md");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&copy, text.replace("KT-2021-006", "KT-2021-906")).unwrap();
    same_as_fresh(&content, &out, today, "a new initiative");
    std::fs::remove_file(&copy).unwrap();
    same_as_fresh(&content, &out, today, "a removed initiative");

    // A theme template, and the next day (featured entries, dates).
    let templates = content.join("theme/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let card =
        std::fs::read_to_string(util::root().join("themes/default/templates/card.html")).unwrap();
    std::fs::write(templates.join("card.html"), format!("{card}\n<!-- v2 -->")).unwrap();
    same_as_fresh(&content, &out, today, "a theme template");
    same_as_fresh(&content, &out, "2027-03-01", "a later build date");

    // A photo replaced by another with the same name.
    let photo = walkdir::WalkDir::new(content.join("media"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "png" || x == "svg")
        })
        .map(|e| e.into_path());
    if let Some(photo) = photo {
        let mut bytes = std::fs::read(&photo).unwrap();
        if photo.extension().is_some_and(|x| x == "svg") {
            bytes.extend_from_slice(b"\n<!-- v2 -->\n");
        } else {
            bytes.extend_from_slice(b"\0");
        }
        std::fs::write(&photo, bytes).unwrap();
        same_as_fresh(&content, &out, today, "a replaced image");
    }
}

#[test]
fn a_text_edit_in_a_large_catalogue_keeps_all_but_a_few_pages() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    util::gen_corpus(&content, 600);
    let out = dir.path().join("site");
    let today = "2026-11-29";
    build_on(&content, &out, today);
    let total = pages(&out);
    let entry = walkdir::WalkDir::new(content.join("initiatives"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .unwrap()
        .into_path();
    edit(&entry, "summary: ", "summary: Bản sửa. ");
    let kept = same_as_fresh(&content, &out, today, "a summary edit");
    // Its page, its lists, its authors' and unit's pages, the pages that
    // show it as related and the whole-catalogue pages are made again.
    let made = total - kept;
    assert!(made < 80, "{made} of {total} files made again");
}

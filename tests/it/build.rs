//! `sangkien build`: pages, links, privacy, escaping, output safety,
//! feeds and HTML validity.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use scraper::{Html, Selector};

use crate::util;

const TODAY: &str = "2026-11-29";

fn fixture(name: &str) -> PathBuf {
    util::root().join("tests/fixtures/build").join(name)
}

fn build(content: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--content",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    util::run(&args)
}

fn build_ok(content: &Path, out: &Path) -> Output {
    let o = build(content, out, &[]);
    assert!(
        o.status.success(),
        "build failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Every file of a folder: relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

fn text(site: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = site
        .get(path)
        .unwrap_or_else(|| panic!("missing output file {path}"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// A site built once per test run and shared by the tests that only read it.
struct Built {
    site: BTreeMap<String, Vec<u8>>,
    log: String,
}

fn built(name: &str, content: &Path, cell: &'static OnceLock<Built>) -> &'static Built {
    cell.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("build-{name}-{}", std::process::id()));
        let o = build_ok(content, &out);
        let site = tree(&out);
        std::fs::remove_dir_all(&out).unwrap();
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        Built { site, log }
    })
}

fn content_site() -> &'static Built {
    static CELL: OnceLock<Built> = OnceLock::new();
    built("content", &util::content(), &CELL)
}

fn basic_site() -> &'static Built {
    static CELL: OnceLock<Built> = OnceLock::new();
    built("basic", &fixture("basic"), &CELL)
}

/// The public catalogue of a folder, as the build sees it.
fn catalogue(content: &Path) -> sangkien::model::Catalogue {
    let today: jiff::civil::Date = TODAY.parse().unwrap();
    let checked = sangkien::check::check(content, today).unwrap();
    assert!(!checked.has_errors());
    sangkien::model::Catalogue::build(
        checked.validated,
        sangkien::model::Publish {
            drafts: false,
            today,
        },
    )
    .unwrap()
}

/// Text as it appears in HTML after escaping.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn dmy(d: jiff::civil::Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

#[test]
fn content_has_every_kind_of_page_with_its_values() {
    let site = &content_site().site;
    let c = catalogue(&util::content());
    assert!(c.initiatives.len() > 12, "the sample catalogue spans pages");
    for p in [
        "index.html",
        "sang-kien/index.html",
        "sang-kien/trang/2/index.html",
        "tac-gia/index.html",
        "dien-hinh/index.html",
        "don-vi/index.html",
        "thong-ke/index.html",
        "tim-kiem/index.html",
        "404.html",
        "feed.xml",
        "noi-bat/feed.xml",
        "sitemap.xml",
        "robots.txt",
        "assets/style.css",
    ] {
        assert!(site.contains_key(p), "missing {p}");
    }
    for i in &c.initiatives {
        let page = text(site, &format!("sang-kien/{}/index.html", i.slug));
        for v in [&i.id, &i.title, &i.summary, &i.recognition.decision] {
            assert!(page.contains(&esc(v)), "{}: {v}", i.slug);
        }
        assert!(page.contains(&dmy(i.recognition.date)));
        for a in &i.authors {
            assert!(page.contains(&esc(&c.author(&a.author).unwrap().name)));
        }
        for t in &i.tags {
            assert!(page.contains(&esc(t)));
            let slug = sangkien::text::slugify(t);
            let on_a_tag_page = site.iter().any(|(p, b)| {
                p.starts_with(&format!("the/{slug}/"))
                    && String::from_utf8_lossy(b).contains(&format!("/sang-kien/{}/", i.slug))
            });
            assert!(on_a_tag_page, "{} not listed under tag {t}", i.slug);
        }
        for im in &i.images {
            assert!(page.contains(&esc(&im.alt)));
            assert!(site.contains_key(&im.src.path), "asset {}", im.src.path);
        }
        if let Some(s) = i.benefits.as_ref().and_then(|b| b.savings_vnd) {
            assert!(page.contains(" đ<"), "savings shown in đồng");
            assert!(s < 1000 || page.contains('.'));
        }
        let short = text(site, &format!("s/{}/index.html", i.id));
        assert!(short.contains(&format!("url=/sang-kien/{}/", i.slug)));
        for a in &i.aliases {
            let file = if a.ends_with('/') {
                format!("{}index.html", &a[1..])
            } else {
                a[1..].to_string()
            };
            assert!(text(site, &file).contains(&format!("/sang-kien/{}/", i.slug)));
        }
        let in_year = site.iter().any(|(p, b)| {
            p.starts_with(&format!("nam/{}/", i.year()))
                && String::from_utf8_lossy(b).contains(&esc(&i.id))
        });
        assert!(in_year, "{} not listed under its year", i.slug);
    }
    for a in &c.authors {
        let page = text(site, &format!("tac-gia/{}/index.html", a.slug));
        assert!(page.contains(&esc(&a.name)));
        assert!(page.contains(&esc(&c.unit(&a.unit).unwrap().name)));
        for h in &a.honours {
            assert!(page.contains(&esc(&h.title)));
        }
        if let Some(e) = &a.exemplary {
            assert!(page.contains(&esc(&e.citation)));
            assert!(text(site, "dien-hinh/index.html").contains(&esc(&a.name)));
        }
        if let Some(pos) = a.profile.as_ref().and_then(|p| p.position.as_ref()) {
            assert!(page.contains(&esc(pos)));
        }
    }
    for u in &c.units {
        let page = text(site, &format!("don-vi/{}/index.html", u.slug));
        assert!(page.contains(&esc(&u.name)));
    }
    for f in &c.fields {
        assert!(text(site, &format!("linh-vuc/{}/index.html", f.slug)).contains(&esc(&f.name)));
    }
    for d in &c.districts {
        assert!(text(site, &format!("dia-ban/{}/index.html", d.slug)).contains(&esc(&d.name)));
    }
    for l in c.by_level.keys() {
        assert!(site.contains_key(&format!("cap/{}/index.html", l.as_str())));
    }
    for p in &c.pages {
        assert!(text(site, &format!("{}/index.html", p.slug)).contains(&esc(&p.title)));
    }
    // Home: featured on the build date, the newest, key figures.
    let home = text(site, "index.html");
    for f in c.featured() {
        assert!(home.contains(&esc(&f.title)), "featured {}", f.id);
    }
    assert!(home.contains(&esc(&c.initiatives[0].title)));
    assert!(home.contains(&format!("<strong>{}</strong>", c.initiatives.len())));
    // Lists are newest recognition first.
    let list = text(site, "sang-kien/index.html");
    let first = list.find(&esc(&c.initiatives[0].id)).unwrap();
    let second = list.find(&esc(&c.initiatives[1].id)).unwrap();
    assert!(first < second);
}

#[test]
fn author_index_is_in_vietnamese_order_grouped_by_letter() {
    let page = text(&content_site().site, "tac-gia/index.html");
    let doc = Html::parse_document(&page);
    let h2 = Selector::parse("main h2").unwrap();
    let letters: Vec<String> = doc.select(&h2).map(|e| e.text().collect()).collect();
    assert!(letters.len() > 3, "{letters:?}");
    // Đ after D, Ư after U when both are present: the order of the alphabet.
    let alphabet = "A Ă Â B C D Đ E Ê G H I K L M N O Ô Ơ P Q R S T U Ư V X Y";
    let rank = |l: &str| alphabet.split(' ').position(|x| x == l).unwrap_or(99);
    let ranks: Vec<usize> = letters.iter().map(|l| rank(l)).collect();
    let mut sorted = ranks.clone();
    sorted.sort();
    assert_eq!(ranks, sorted, "{letters:?}");
}

#[test]
fn pages_match_snapshots() {
    let site = &basic_site().site;
    insta::assert_snapshot!("initiative", text(site, "sang-kien/qr-ca-phe/index.html"));
    insta::assert_snapshot!(
        "author_without_consent",
        text(site, "tac-gia/y-blin/index.html")
    );
    insta::assert_snapshot!(
        "author_with_consent",
        text(site, "tac-gia/nguyen-thi-hoa/index.html")
    );
    insta::assert_snapshot!("short_link", text(site, "s/KT-2024-001/index.html"));
    insta::assert_snapshot!("feed", text(site, "feed.xml"));
}

#[test]
fn fixture_shows_consent_pagination_featured_and_stats() {
    let site = &basic_site().site;
    let hoa = text(site, "tac-gia/nguyen-thi-hoa/index.html");
    assert!(hoa.contains("Kỹ sư nông nghiệp") && hoa.contains("mười năm"));
    assert!(hoa.contains("src=\"/media/hoa.svg\""));
    assert!(site.contains_key("media/hoa.svg"));
    let page = text(site, "sang-kien/qr-ca-phe/index.html");
    for v in [
        "120.000.000 đ",
        "1.500 giờ",
        "15/04/2024",
        "01/03/2023",
        "Đợt 1 năm 2024",
        "4-0398765",
        "Techmart Kon Tum",
        "Giải Nhì",
        "Báo Kon Tum",
        "Cà phê Đắk Hà.",
        "Hướng dẫn áp dụng",
        "https://sk.example.vn/s/KT-2024-001/",
        "<h3>Thực trạng</h3>",
        "<table>",
        "(tỷ lệ đóng góp 60%)",
    ] {
        assert!(page.contains(v), "initiative page lacks {v}");
    }
    assert!(page.contains("<script type=\"application/ld+json\">"));
    assert!(
        page.contains("property=\"og:image\" content=\"https://sk.example.vn/media/ca-phe.svg\"")
    );
    // per_page is 2: three public initiatives make two pages.
    assert!(site.contains_key("sang-kien/trang/2/index.html"));
    assert!(!site.contains_key("sang-kien/trang/3/index.html"));
    let list2 = text(site, "sang-kien/trang/2/index.html");
    assert!(list2.contains("KT-2023-001") && list2.contains("rel=\"prev\""));
    // Featured on 2026-11-29.
    assert!(text(site, "index.html").contains("Quét mã QR, biết cà phê từ vườn nào"));
    assert!(text(site, "noi-bat/feed.xml").contains("KT-2024-001"));
    // Statistics: charts with tables.
    let stats = text(site, "thong-ke/index.html");
    assert!(stats.matches("<svg").count() >= 6);
    assert!(stats.matches("<table>").count() == stats.matches("<svg").count());
    assert!(stats.contains("121.234.567 đ"), "total savings");
    // Units: children and replicated initiatives.
    let unit = text(site, "don-vi/ubnd-tinh/index.html");
    assert!(unit.contains("Sở Y tế") && unit.contains("Ủy ban nhân dân huyện Đắk Hà"));
    let so_y_te = text(site, "don-vi/so-y-te/index.html");
    assert!(so_y_te.contains("KT-2024-001"), "replicated there");
    // The search page works without JavaScript: browse lists with counts.
    let search = text(site, "tim-kiem/index.html");
    assert!(search.contains("<div id=\"search-app\"></div>"));
    assert!(search.contains(
        "href=\"/linh-vuc/nong-nghiep/\">Nông nghiệp</a> <span class=\"meta\">(2)</span>"
    ));
    assert!(search.contains("href=\"/nam/2024/\""));
}

#[test]
fn featured_depends_on_the_build_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let o = util::bin()
        .env("SANGKIEN_TODAY", "2026-01-01")
        .args(["build", "--content"])
        .arg(fixture("basic"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("Quét mã QR"));
    assert!(!home.contains("h-featured"));
}

/// Internal references of an HTML page: href, src and action values.
fn references(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("[href], [src], [action]").unwrap();
    let mut out = Vec::new();
    for e in doc.select(&sel) {
        for attr in ["href", "src", "action"] {
            if let Some(v) = e.value().attr(attr) {
                out.push(v.to_string());
            }
        }
    }
    let refresh = Selector::parse("meta[http-equiv=refresh]").unwrap();
    for e in doc.select(&refresh) {
        let content = e.value().attr("content").unwrap();
        out.push(content.split("url=").nth(1).unwrap().to_string());
    }
    let og = Selector::parse("meta[property='og:url'], meta[property='og:image']").unwrap();
    for e in doc.select(&og) {
        out.push(e.value().attr("content").unwrap().to_string());
    }
    out
}

/// The output file a reference points at, or `None` for other sites.
/// `base` is the site's base URL; its path is the prefix of site paths.
fn target(reference: &str, base: &str) -> Option<String> {
    let prefix = base.splitn(4, '/').nth(3).map(|p| format!("/{p}"));
    let r = match reference.strip_prefix(base) {
        Some(r) => r,
        None => reference,
    };
    let r = match &prefix {
        Some(p) if !reference.starts_with(base) && r.starts_with('/') => r
            .strip_prefix(p.as_str())
            .unwrap_or_else(|| panic!("{reference} is outside the site's path {p}")),
        _ => r,
    };
    if r.starts_with("http://") || r.starts_with("https://") || r.starts_with("mailto:") {
        return None;
    }
    let path = r.split(['#', '?']).next().unwrap();
    if path.is_empty() {
        return None; // a fragment of the same page
    }
    assert!(path.starts_with('/'), "relative reference {reference}");
    let p = &path[1..];
    Some(if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    })
}

fn assert_links_resolve(site: &BTreeMap<String, Vec<u8>>, base: &str) {
    let mut checked = 0;
    for (path, bytes) in site {
        let refs: Vec<String> = if path.ends_with(".html") {
            references(std::str::from_utf8(bytes).unwrap())
        } else if path.ends_with(".xml") {
            let x = std::str::from_utf8(bytes).unwrap();
            let mut v = Vec::new();
            for piece in x.split("<loc>").skip(1) {
                v.push(piece.split("</loc>").next().unwrap().to_string());
            }
            for piece in x.split("href=\"").skip(1) {
                v.push(piece.split('"').next().unwrap().to_string());
            }
            v
        } else {
            continue;
        };
        for r in refs {
            if let Some(t) = target(&r, base) {
                assert!(site.contains_key(&t), "{path}: {r} → {t} does not exist");
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} references checked");
}

#[test]
fn every_internal_link_resolves() {
    assert_links_resolve(&content_site().site, "https://sangkien.kontum.example.vn");
    assert_links_resolve(&basic_site().site, "https://sk.example.vn");
}

/// Marker words put in the fixture's private places (see
/// tests/fixtures/build/basic): private mappings, confidential text, a
/// draft, and the profile of an author without consent.
const CANARIES: &[&str] = &[
    "canaryauthorphone",
    "canaryauthornote",
    "canarynoconsentposition",
    "canarynoconsentqual",
    "canarynoconsentalt",
    "canarynoconsentbio",
    "canarynoconsentemail",
    "canarynoconsentphoto",
    "canaryconfidential",
    "canaryinitcontact",
    "canarydrafttitle",
    "canarydraftsummary",
    "canarydraftbody",
    "canarydrafttag",
    "canarydraftalt",
    "canarydraftimage",
    "canarydraftfile",
    "canarydraftalias",
];

/// The text of a file, gunzipped when it is gzip.
fn readable(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut s = String::from_utf8_lossy(bytes).into_owned();
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        if flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .is_ok()
        {
            s.push_str(&String::from_utf8_lossy(&out));
        }
    }
    s.to_lowercase()
}

#[test]
fn nothing_private_reaches_any_output_file() {
    // The fixture really holds every marker (so the test can fail).
    let mut source = String::new();
    for (path, bytes) in tree(&fixture("basic")) {
        source.push_str(&path);
        source.push_str(&String::from_utf8_lossy(&bytes));
    }
    for c in CANARIES {
        assert!(source.contains(c), "fixture lacks {c}");
    }
    let built = basic_site();
    // A consenting author's profile is published: the check can see text.
    assert!(
        readable(&built.site["tac-gia/nguyen-thi-hoa/index.html"]).contains("kỹ sư nông nghiệp")
    );
    for (path, bytes) in &built.site {
        let text = readable(bytes);
        for c in CANARIES {
            assert!(!path.contains(c), "{path} is named after private data");
            assert!(!text.contains(c), "{path} contains {c}");
        }
    }
    for c in CANARIES {
        assert!(!built.log.contains(c), "build log contains {c}");
    }

    // Errors on private lines and in a draft: the build log names the
    // files and lines but quotes none of them (`check` does, for editors).
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    util::copy_tree(&fixture("basic"), &cat);
    let author = cat.join("authors/nguyen-thi-hoa.md");
    let text = std::fs::read_to_string(&author).unwrap();
    let text = text.replace("  phone: \"canaryauthorphone\"\n", "");
    let text = text.replace(
        "private:\n  note:",
        "private: \"canaryprivatescalar\"\nx_note:",
    );
    std::fs::write(&author, text).unwrap();
    let draft = cat.join("initiatives/2025/nhap.md");
    let text = std::fs::read_to_string(&draft).unwrap();
    std::fs::write(
        &draft,
        text.replace(
            "summary: \"canarydraftsummary\"",
            "sumary: \"canarydraftsummary\"",
        ),
    )
    .unwrap();
    let o = build(&cat, &dir.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        log.contains("authors/nguyen-thi-hoa.md") && log.contains("initiatives/2025/nhap.md"),
        "{log}"
    );
    for c in CANARIES.iter().chain(&["canaryprivatescalar"]) {
        assert!(!log.contains(c), "build log quotes {c}: {log}");
    }
}

#[test]
fn script_payloads_are_escaped_or_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_ok(&fixture("xss"), &out);
    let site = tree(&out);
    let scripts = Selector::parse("script").unwrap();
    let all = Selector::parse("*").unwrap();
    let mut pages = 0;
    for (path, bytes) in &site {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("<script>alert"), "{path}");
        assert!(!text.contains("<img src=x"), "{path}");
        assert!(!text.contains("<iframe"), "{path}");
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let doc = Html::parse_document(&text);
        for s in doc.select(&scripts) {
            let ok = s.value().attr("type") == Some("application/ld+json")
                || s.value()
                    .attr("src")
                    .is_some_and(|src| src.ends_with("/assets/search.js"));
            assert!(ok, "{path}: unexpected script {}", s.html());
        }
        for e in doc.select(&all) {
            for (name, value) in e.value().attrs() {
                assert!(!name.starts_with("on"), "{path}: {name}={value}");
                assert!(
                    !value.trim().to_lowercase().starts_with("javascript:"),
                    "{path}: {name}={value}"
                );
                assert!(!(name == "style" && value.contains("javascript")), "{path}");
            }
        }
    }
    assert!(pages > 10);
    // The text itself is still there, shown as text.
    let page = String::from_utf8_lossy(&site["sang-kien/x/index.html"]).into_owned();
    assert!(page.contains(
        "Title &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"
    ));
    assert!(
        page.contains("<p>Body "),
        "Markdown text kept, raw HTML cleaned"
    );
}

#[test]
fn failed_build_keeps_the_old_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&fixture("basic"), &out);
    let before = tree(&out);

    // A template that does not parse.
    let theme = dir.path().join("theme");
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::write(
        theme.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}{{ broken",
    )
    .unwrap();
    let o = build(
        &util::content(),
        &out,
        &["--theme", theme.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("page.html"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(tree(&out), before);

    // A template that fails while rendering, after other pages were written.
    std::fs::write(
        theme.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}{{ no_such_value.x }}{% endblock main %}",
    )
    .unwrap();
    let o = build(
        &util::content(),
        &out,
        &["--theme", theme.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(tree(&out), before);
    // No temporary folder is left beside the output.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // An invalid catalogue: exit 1, diagnostics, nothing touched.
    let bad = dir.path().join("bad");
    util::copy_tree(&fixture("basic"), &bad);
    std::fs::write(
        bad.join("units/so-y-te.yaml"),
        "name: \"Sở Y tế\"\nkind: nope\n",
    )
    .unwrap();
    let o = build(&bad, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("units/so-y-te.yaml"), "{err}");
    assert_eq!(tree(&out), before);
}

#[test]
fn foreign_folder_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("docs");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("luan-van.txt"), "không được xóa").unwrap();
    let o = build(&fixture("basic"), &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("refusing"));
    let t = tree(&out);
    assert_eq!(t.len(), 1);
    assert_eq!(t["luan-van.txt"], "không được xóa".as_bytes());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // An empty folder is fine, and then it is ours.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    build_ok(&fixture("basic"), &empty);
    assert!(empty.join(".sangkien-site").is_file());
    build_ok(&fixture("basic"), &empty);
}

#[test]
fn two_builds_give_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    build_ok(&util::content(), &a);
    build_ok(&util::content(), &b);
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs");
    }
    assert_eq!(ta, content_site().site);
}

fn assert_xml(name: &str, bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut elements = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_)) | Ok(quick_xml::events::Event::Empty(_)) => {
                elements += 1
            }
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed XML: {e}"),
        }
        buf.clear();
    }
    elements
}

#[test]
fn feeds_and_sitemap_are_xml() {
    for built in [content_site(), basic_site()] {
        let site = &built.site;
        for f in ["feed.xml", "noi-bat/feed.xml", "sitemap.xml"] {
            assert!(assert_xml(f, &site[f]) > 3, "{f}");
        }
        let feed = text(site, "feed.xml");
        assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
        assert!(feed.matches("<entry>").count() <= 50);
        let sitemap = text(site, "sitemap.xml");
        let html_pages = site
            .keys()
            .filter(|k| k.ends_with("index.html") && !k.starts_with("s/") && !k.starts_with("cu/"))
            .count();
        assert_eq!(sitemap.matches("<loc>").count(), html_pages);
        assert!(text(site, "robots.txt").contains("sitemap.xml"));
    }
}

#[test]
fn pages_are_valid_html5() {
    let title = Selector::parse("head > title").unwrap();
    let main = Selector::parse("main#main").unwrap();
    let h1 = Selector::parse("h1").unwrap();
    let canonical = Selector::parse("link[rel=canonical]").unwrap();
    for built in [content_site(), basic_site()] {
        let mut n = 0;
        for (path, bytes) in &built.site {
            if !path.ends_with(".html") {
                continue;
            }
            let text = std::str::from_utf8(bytes).unwrap();
            let doc = Html::parse_document(text);
            assert!(doc.errors.is_empty(), "{path}: {:?}", doc.errors);
            assert!(
                text.starts_with("<!doctype html>\n<html lang=\"vi\">"),
                "{path}"
            );
            assert_eq!(doc.select(&title).count(), 1, "{path}");
            assert_eq!(doc.select(&canonical).count(), 1, "{path}");
            let redirect = text.contains("http-equiv=\"refresh\"");
            if !redirect {
                assert_eq!(doc.select(&main).count(), 1, "{path}");
                assert_eq!(doc.select(&h1).count(), 1, "{path}: one h1");
                assert!(text.contains("property=\"og:title\""), "{path}");
                assert!(text.contains("name=\"twitter:card\""), "{path}");
                assert!(text.contains("name=\"description\""), "{path}");
                assert_heading_order(path, &doc);
            }
            n += 1;
        }
        assert!(n > 20);
    }
}

/// Headings never skip a level going down (h2 → h4).
fn assert_heading_order(path: &str, doc: &Html) {
    let sel = Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
    let mut last = 0;
    for h in doc.select(&sel) {
        let level = h.value().name()[1..].parse::<usize>().unwrap();
        assert!(level <= last + 1, "{path}: h{level} after h{last}");
        last = level;
    }
}

#[test]
fn typical_page_is_light() {
    use std::io::Write;
    let site = &content_site().site;
    let c = catalogue(&util::content());
    let gz = |b: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b).unwrap();
        e.finish().unwrap().len()
    };
    let css = gz(&site["assets/style.css"]);
    for i in &c.initiatives {
        let page = gz(&site[&format!("sang-kien/{}/index.html", i.slug)]);
        assert!(
            page + css <= 15 * 1024,
            "{}: {} + {css} bytes gzipped",
            i.slug,
            page
        );
    }
    assert!(gz(&site["sang-kien/index.html"]) + css <= 15 * 1024);
}

#[test]
fn english_interface_when_site_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    util::copy_tree(&fixture("basic"), &cat);
    let site_yaml = std::fs::read_to_string(cat.join("site.yaml")).unwrap();
    std::fs::write(
        cat.join("site.yaml"),
        site_yaml.replace("language: vi", "language: en"),
    )
    .unwrap();
    let out = dir.path().join("out");
    build_ok(&cat, &out);
    let page = std::fs::read_to_string(out.join("sang-kien/qr-ca-phe/index.html")).unwrap();
    assert!(page.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert!(page.contains(">Initiatives</a>") && page.contains("120,000,000 VND"));
    assert!(page.contains("Skip to main content"));
    // Official text stays as written.
    assert!(page.contains("Truy xuất nguồn gốc cà phê Đắk Hà bằng mã QR"));
}

#[test]
fn themes_override_templates_and_assets() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    util::copy_tree(&fixture("basic"), &cat);
    // The catalogue's own theme folder, then --theme on top.
    std::fs::create_dir_all(cat.join("theme/static")).unwrap();
    std::fs::write(cat.join("theme/static/style.css"), "body{color:#000}").unwrap();
    std::fs::write(
        cat.join("theme/static/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    let theme = dir.path().join("theme");
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::write(
        theme.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ title }}</h1><p>Giao diện riêng</p>{% endblock main %}",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = build(&cat, &out, &["--theme", theme.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(out.join("assets/style.css")).unwrap(),
        "body{color:#000}"
    );
    assert!(out.join("assets/logo.svg").is_file());
    let page = std::fs::read_to_string(out.join("gioi-thieu/index.html")).unwrap();
    assert!(page.contains("Giao diện riêng"));
    // The theme folder itself is not published.
    assert!(!out.join("theme").exists());
}

#[test]
fn sites_under_a_path_link_within_it() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    util::copy_tree(&fixture("basic"), &cat);
    let site_yaml = std::fs::read_to_string(cat.join("site.yaml")).unwrap();
    let site_yaml = site_yaml.replace(
        "https://sk.example.vn",
        "https://tinh.example.vn/sang-kien-kt",
    );
    std::fs::write(cat.join("site.yaml"), site_yaml).unwrap();
    let out = dir.path().join("out");
    build_ok(&cat, &out);
    let site = tree(&out);
    assert_links_resolve(&site, "https://tinh.example.vn/sang-kien-kt");
    let page = text(&site, "sang-kien/qr-ca-phe/index.html");
    assert!(
        page.contains("href=\"/sang-kien-kt/gioi-thieu/\""),
        "Markdown links get the prefix"
    );
    assert!(
        text(&site, "s/KT-2024-001/index.html").contains("url=/sang-kien-kt/sang-kien/qr-ca-phe/")
    );
}

#[test]
fn an_alias_that_would_overwrite_a_page_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    util::copy_tree(&fixture("basic"), &cat);
    let file = cat.join("initiatives/2024/qr-ca-phe.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("\"/cu/qr.html\"", "\"/tac-gia/\"")).unwrap();
    let out = dir.path().join("out");
    let o = build(&cat, &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("/tac-gia/index.html"), "{err}");
    assert!(err.contains("initiatives/2024/qr-ca-phe.md"), "{err}");
    assert!(!out.exists());
}

#[test]
fn timings_are_printed_per_stage() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = build(&fixture("basic"), &out, &["--timings"]);
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    for stage in ["check+model", "render", "write", "search", "total"] {
        assert!(s.contains(stage), "{s}");
    }
}

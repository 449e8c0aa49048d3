//! Every kind of page, with the values of its source entry.

use scraper::{Html, Selector};

use super::*;
use crate::util;

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
        for e in &a.exemplary {
            assert!(page.contains(&esc(&e.citation)));
            let exemplary = text(site, "dien-hinh/index.html");
            assert!(exemplary.contains(&esc(&a.name)));
            assert!(exemplary.contains(&esc(&e.citation)));
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

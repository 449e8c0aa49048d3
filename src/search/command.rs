//! `sangkien search`: the same engine as the web page, over the cached
//! export of the catalogue; prints results as text or JSON.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::analyzer::analyze;
use super::query::{self, Filters};
use super::{cache, export, Card, SearchError};

/// What to search for.
#[derive(Debug, Clone)]
pub struct Request {
    pub content: PathBuf,
    pub query: String,
    /// Facet name → accepted slugs (or years).
    pub filters: BTreeMap<String, Vec<String>>,
    pub limit: usize,
    pub json: bool,
    /// "Today" for the cache's checks (the binary reads `SANGKIEN_TODAY`).
    pub today: jiff::civil::Date,
}

#[derive(Serialize)]
struct JsonHit<'a> {
    rank: usize,
    doc: u32,
    score: u32,
    #[serde(flatten)]
    card: &'a Card,
}

/// The line above results that match only without the query's
/// diacritics (the same as `search.js`'s).
pub const FALLBACK_NOTICE: &str =
    "Không có kết quả viết đúng dấu như từ khóa; dưới đây là kết quả không phân biệt dấu.";

/// The words before suggestions (the same as `search.js`'s).
pub const SUGGEST: &str = "Có phải bạn muốn tìm";

/// The browse lists offered when nothing is found (site paths): the
/// lists of initiatives, units and authors, and the search page's own
/// lists by field, year, level and district (with their counts).
pub const BROWSE: [(&str, &str); 4] = [
    ("Tất cả sáng kiến", "/sang-kien/"),
    ("Đơn vị", "/don-vi/"),
    ("Tác giả", "/tac-gia/"),
    ("Lĩnh vực, năm, cấp, địa bàn", "/tim-kiem/#h-browse"),
];

#[derive(Serialize)]
struct JsonAnswer<'a> {
    query: &'a str,
    total: usize,
    /// With no result: corrected queries that have results.
    suggestions: &'a [String],
    /// The results match the query without its diacritics.
    folded_fallback: bool,
    hits: Vec<JsonHit<'a>>,
    /// Facet → slug → count.
    facets: BTreeMap<String, BTreeMap<String, u32>>,
    /// Milliseconds spent checking (or rebuilding) the cache, and answering.
    cache_ms: f64,
    query_ms: f64,
    rebuilt: bool,
}

/// Whether `value` is one the content model allows for `facet` though no
/// entry has it (a level, a kind, a year).
fn valid_but_absent(facet: &str, value: &str) -> bool {
    match facet {
        "level" => crate::model::Level::NAMES.contains(&value),
        "kind" => crate::model::InitiativeKind::NAMES.contains(&value),
        "year" => value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// Runs the request; returns the number of results.
pub fn run(req: &Request, out: &mut dyn Write) -> Result<usize, SearchError> {
    let started = std::time::Instant::now();
    let (mut files, rebuilt) = cache::open(&req.content, req.today)?;
    let cache_ms = started.elapsed().as_secs_f64() * 1000.0;
    let values = files.facet_values()?;
    let mut filters = Filters::new();
    // A value the catalogue does not have is a mistake, not "0 results".
    for (facet, slugs) in &req.filters {
        let known = values.values.get(facet.as_str());
        let mut ix: Vec<u16> = Vec::with_capacity(slugs.len());
        for slug in slugs {
            match known.and_then(|k| k.iter().position(|v| &v.0 == slug)) {
                Some(p) => ix.push(p as u16),
                // Valid, but no published entry has it: nothing matches.
                None if valid_but_absent(facet, slug) => {}
                None => {
                    return Err(SearchError::UnknownValue {
                        facet: facet.clone(),
                        value: slug.clone(),
                        known: known
                            .map(|k| k.iter().map(|v| v.0.clone()).collect())
                            .unwrap_or_default(),
                    })
                }
            }
        }
        filters.insert(facet.clone(), ix);
    }
    // Counts are shown in JSON only; text output needs no facet column
    // that no filter asks for.
    let counted: &[&str] = if req.json { &export::FACETS } else { &[] };
    let answer = query::run(&mut files, &req.query, &filters, counted);
    let shown = &answer.hits[..answer.hits.len().min(req.limit)];
    let cards = shown
        .iter()
        .map(|h| files.card(h.doc))
        .collect::<Result<Vec<_>, _>>()?;
    let io = |e| SearchError::Io(PathBuf::from("<stdout>"), e);
    if req.json {
        let mut facets = BTreeMap::new();
        for (facet, counts) in &answer.counts {
            let slugs = values.values.get(facet);
            let named = counts
                .iter()
                .filter_map(|(&v, &n)| Some((slugs?.get(v as usize)?.0.clone(), n)))
                .collect();
            facets.insert(facet.clone(), named);
        }
        let hits = shown
            .iter()
            .zip(&cards)
            .enumerate()
            .map(|(n, (h, card))| JsonHit {
                rank: n + 1,
                doc: h.doc,
                score: h.score,
                card,
            })
            .collect();
        let json = JsonAnswer {
            query: &req.query,
            total: answer.hits.len(),
            folded_fallback: answer.folded_fallback,
            suggestions: &answer.suggestions,
            hits,
            facets,
            cache_ms,
            query_ms: started.elapsed().as_secs_f64() * 1000.0 - cache_ms,
            rebuilt,
        };
        serde_json::to_writer_pretty(&mut *out, &json).map_err(|e| io(e.into()))?;
        writeln!(out).map_err(io)?;
    } else {
        writeln!(out, "{} kết quả cho «{}»", answer.hits.len(), req.query).map_err(io)?;
        if answer.folded_fallback {
            writeln!(out, "{FALLBACK_NOTICE}").map_err(io)?;
        }
        if answer.hits.is_empty() && !answer.words.is_empty() {
            if !answer.suggestions.is_empty() {
                let quoted: Vec<String> = answer
                    .suggestions
                    .iter()
                    .map(|s| format!("«{s}»"))
                    .collect();
                writeln!(out, "{SUGGEST}: {}?", quoted.join(", ")).map_err(io)?;
            }
            let lists: Vec<String> = BROWSE.iter().map(|(n, p)| format!("{n} {p}")).collect();
            writeln!(out, "Duyệt theo danh mục: {}", lists.join(" · ")).map_err(io)?;
        }
        for (n, card) in cards.iter().enumerate() {
            let title = highlight(&card.title, &answer);
            let summary = highlight(&card.summary, &answer);
            writeln!(out, "\n{}. {title}", n + 1).map_err(io)?;
            writeln!(
                out,
                "   {} · {} · {} · {}",
                card.id, card.field, card.year, card.level
            )
            .map_err(io)?;
            writeln!(out, "   {summary}").map_err(io)?;
            writeln!(out, "   {}", card.url).map_err(io)?;
        }
    }
    Ok(answer.hits.len())
}

/// Marks the words of `text` that the query matched: `[sáng] [kiến]`.
pub fn highlight(text: &str, answer: &query::Answer) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for w in analyze(text) {
        if answer.marks_word(&w) {
            out.push_str(&text[at..w.start]);
            out.push('[');
            out.push_str(&text[w.start..w.end]);
            out.push(']');
            at = w.end;
        }
    }
    out.push_str(&text[at..]);
    out
}

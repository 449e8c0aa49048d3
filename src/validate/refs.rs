//! Rules that span files: references resolve, unit parents form no cycle,
//! ids and slugs are unique, likely duplicates, unused authors and units.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use rayon::prelude::*;

use jiff::civil::Date;

use super::ctx::{closest, Ctx, Ref, Target};
use super::Validated;
use crate::diag::{Diagnostic, Severity};
use crate::load::{Kind, Loaded, SourceFile};
use crate::model::Initiative;
use crate::msg;

/// Site paths that a free page's slug must not take.
const RESERVED: &[&str] = &[
    "sang-kien",
    "s",
    "tac-gia",
    "dien-hinh",
    "don-vi",
    "linh-vuc",
    "nam",
    "cap",
    "dia-ban",
    "the",
    "thong-ke",
    "du-lieu",
    "tim-kiem",
    "noi-bat",
    "media",
    "initiatives",
    "authors",
    "pages",
    "units",
    "assets",
    "static",
    "search",
];

/// A fast hasher for the short keys here (slugs, ids, paths): the
/// standard one resists keys chosen to collide, which a catalogue written
/// by its own editors does not need, at several times the cost.
#[derive(Default, Clone, Copy)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Fast = BuildHasherDefault<FastHasher>;
type Map<K, V> = HashMap<K, V, Fast>;
type Set<K> = HashSet<K, Fast>;

/// The slugs an entry can refer to, by target.
struct Known<'a> {
    fields: Set<&'a str>,
    districts: Set<&'a str>,
    units: Set<&'a str>,
    authors: Set<&'a str>,
    /// Slugs whose entry could not be read, or whose file is badly named
    /// (`So-Y-Te.yaml` also answers to `so-y-te`): that file has its own
    /// error, and references to it are not reported again.
    unreadable: Set<(TargetKey, String)>,
    /// `fields.yaml` or `districts.yaml` could not be read at all.
    no_fields: bool,
    no_districts: bool,
}

/// [`Target`] as a hash key.
type TargetKey = u8;

fn key_of(t: Target) -> TargetKey {
    match t {
        Target::Field => 0,
        Target::District => 1,
        Target::Unit => 2,
        Target::Author => 3,
    }
}

/// What one file's references came to: problems, and the units and
/// authors it uses (borrowed from the known slugs).
#[derive(Default)]
struct Resolved<'a> {
    diags: Vec<Diagnostic>,
    units: Vec<&'a str>,
    authors: Vec<&'a str>,
}

/// Resolves one file's references (in parallel with the other files').
fn resolve<'a>(
    file: &SourceFile,
    root: &Path,
    today: Date,
    list: Vec<Ref>,
    known: &Known<'a>,
) -> Resolved<'a> {
    let mut ctx = Ctx::new(file, root, today);
    let mut used = Resolved::default();
    let is_initiative = matches!(file.kind, Kind::Initiative { .. });
    for r in list {
        let (slugs, what) = match r.target {
            Target::Field => (&known.fields, "field"),
            Target::District => (&known.districts, "district"),
            Target::Unit => (&known.units, "unit"),
            Target::Author => (&known.authors, "author"),
        };
        // No cascade: the list or entry referred to has its own error.
        let skipped = match r.target {
            Target::Field => known.no_fields,
            Target::District => known.no_districts,
            _ => false,
        } || known
            .unreadable
            .contains(&(key_of(r.target), r.slug.clone()));
        if skipped {
            continue;
        }
        if let Some(&slug) = slugs.get(r.slug.as_str()) {
            // A unit naming itself as parent is a cycle, not a use.
            let is_self = file.kind == Kind::Unit && file.slug == slug;
            match r.target {
                Target::Unit if !is_self => used.units.push(slug),
                Target::Author if is_initiative => used.authors.push(slug),
                _ => {}
            }
            continue;
        }
        let hint = match closest(&r.slug, slugs.iter().copied()) {
            Some(c) => msg!("did-you-mean", word = c),
            None => match r.target {
                Target::Field => msg!("unknown-ref.field.hint"),
                Target::District => msg!("unknown-ref.district.hint"),
                Target::Unit => msg!("unknown-ref.unit.hint"),
                Target::Author => msg!("unknown-ref.author.hint"),
            },
        };
        let message = match what {
            "field" => msg!("unknown-ref.field", slug = &r.slug),
            "district" => msg!("unknown-ref.district", slug = &r.slug),
            "unit" => msg!("unknown-ref.unit", slug = &r.slug),
            _ => msg!("unknown-ref.author", slug = &r.slug),
        };
        ctx.report(Severity::Error, "unknown-ref", &r.at, message, Some(hint));
    }
    used.diags = ctx.diags;
    used
}

pub fn check(
    loaded: &Loaded,
    v: &Validated,
    refs: Vec<(usize, Vec<Ref>)>,
    failed: &[usize],
    today: Date,
    out: &mut Vec<Diagnostic>,
) {
    let files = &loaded.files;
    let ctx_for = |index: usize| Ctx::new(&files[index], &loaded.root, today);
    let slugs_of = |kind: fn(&Kind) -> bool| -> Set<&str> {
        files
            .iter()
            .filter(|f| kind(&f.kind))
            .map(|f| f.slug.as_str())
            .collect()
    };
    let failed_kind = |k: Kind| failed.iter().any(|&i| files[i].kind == k);
    let known = Known {
        units: slugs_of(|k| matches!(k, Kind::Unit)),
        authors: slugs_of(|k| matches!(k, Kind::Author)),
        fields: v.fields.iter().map(|f| f.slug.as_str()).collect(),
        districts: v.districts.iter().map(|d| d.slug.as_str()).collect(),
        unreadable: unreadable(loaded),
        no_fields: failed_kind(Kind::Fields),
        no_districts: failed_kind(Kind::Districts),
    };
    let resolved: Vec<Resolved> = refs
        .into_par_iter()
        .map(|(index, list)| resolve(&files[index], &loaded.root, today, list, &known))
        .collect();
    let mut used_units: Set<&str> = Set::default();
    let mut used_authors: Set<&str> = Set::default();
    for mut r in resolved {
        out.append(&mut r.diags);
        used_units.extend(r.units);
        used_authors.extend(r.authors);
    }

    // Keyed by the path's text: hashing a `Path` walks its components.
    let index_of: Map<&OsStr, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_os_str(), i))
        .collect();
    let locate = |path: &Path| index_of.get(path.as_os_str()).copied();

    // Unused entries are warnings: the site still builds. An initiative
    // that could not be read may be the one that uses them: no cascade.
    let unread_initiative = failed
        .iter()
        .any(|&i| matches!(files[i].kind, Kind::Initiative { .. }))
        || loaded
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.path.starts_with("initiatives"));
    for (i, f) in files.iter().enumerate() {
        if unread_initiative {
            break;
        }
        // A badly named file has its error; it is not "unused" as well.
        if !crate::text::is_slug(&f.slug) {
            continue;
        }
        let unused = match f.kind {
            Kind::Author if !used_authors.contains(f.slug.as_str()) => msg!("unused.author"),
            Kind::Unit if !used_units.contains(f.slug.as_str()) => msg!("unused.unit"),
            _ => continue,
        };
        let hint = match f.kind {
            Kind::Author => msg!("unused.author.hint"),
            _ => msg!("unused.unit.hint"),
        };
        let ctx = ctx_for(i);
        let (line, column) = ctx.locate("name");
        out.push(
            Diagnostic::warning("unused", &files[i].path, unused)
                .at(line, column)
                .with_hint(hint),
        );
    }

    parent_cycles(
        v,
        &|slug| {
            files
                .iter()
                .position(|f| f.kind == Kind::Unit && f.slug == slug)
        },
        &ctx_for,
        out,
    );

    // Unique ids, initiative slugs, aliases; likely duplicate entries.
    let mut ids: Map<&str, Vec<&Path>> = Map::default();
    let mut slugs: Map<&str, &Path> = Map::default();
    let mut decisions: Map<(&str, &str), &Path> = Map::default();
    let mut aliases: Map<&str, &Path> = Map::default();
    let mut sorted: Vec<_> = v.initiatives.iter().collect();
    // Entries arrive in file order; sort only if a caller mixed them.
    if !sorted.windows(2).all(|w| w[0].source <= w[1].source) {
        sorted.sort_by(|a, b| a.source.cmp(&b.source));
    }
    // Titles compared without case or diacritics (hóa/hoá, typed without
    // marks), folded in parallel: folding is the costly part.
    let folded: Vec<String> = sorted
        .par_iter()
        .map(|i| crate::text::fold(&i.title).to_lowercase())
        .collect();
    for (i, title) in sorted.into_iter().zip(&folded) {
        let Some(fi) = locate(&i.source) else {
            continue;
        };
        let mut ctx = ctx_for(fi);
        ids.entry(&i.id).or_default().push(&i.source);
        if let Some(first) = slugs.insert(&i.slug, &i.source) {
            slugs.insert(&i.slug, first);
            ctx.diags.push(
                Diagnostic::error(
                    "duplicate-slug",
                    &i.source,
                    msg!("duplicate-slug", slug = &i.slug),
                )
                .at_line(1)
                .with_hint(msg!(
                    "duplicate-slug.hint",
                    other = crate::diag::display_path(first),
                    slug = &i.slug
                )),
            );
        }
        let key = (i.recognition.decision.as_str(), title.as_str());
        if let Some(first) = decisions.get(&key) {
            ctx.report(
                Severity::Warning,
                "likely-duplicate",
                "title",
                msg!("likely-duplicate", other = crate::diag::display_path(first)),
                Some(msg!("likely-duplicate.hint")),
            );
        } else {
            decisions.insert(key, &i.source);
        }
        for (n, a) in i.aliases.iter().enumerate() {
            if let Some(first) = aliases.insert(a, &i.source) {
                aliases.insert(a, first);
                ctx.error(
                    "duplicate-alias",
                    &format!("aliases[{n}]"),
                    msg!(
                        "duplicate-alias",
                        alias = a,
                        other = crate::diag::display_path(first)
                    ),
                );
            }
        }
        out.append(&mut ctx.diags);
    }
    let mut repeated: Vec<(&str, Vec<&Path>)> = ids
        .into_iter()
        .filter(|(_, paths)| paths.len() > 1)
        .collect();
    repeated.sort();
    super::duplicate::ids(&loaded.root, repeated, &locate, &ctx_for, out);

    for p in &v.pages {
        if RESERVED.contains(&p.slug.as_str()) {
            if let Some(fi) = files
                .iter()
                .position(|f| f.kind == Kind::Page && f.slug == p.slug)
            {
                out.push(
                    Diagnostic::error(
                        "reserved-slug",
                        &files[fi].path,
                        msg!("reserved-slug", slug = &p.slug),
                    )
                    .at_line(1)
                    .with_hint(msg!("reserved-slug.hint")),
                );
            }
        }
    }
}

/// Units and authors whose file could not be read (a load error), and
/// the slug a badly named unit or author file should have: references to
/// them are that file's problem, reported once, there.
fn unreadable(loaded: &Loaded) -> Set<(TargetKey, String)> {
    let mut out = Set::default();
    let target = |p: &Path| match p.components().next()?.as_os_str().to_str()? {
        "units" => Some(Target::Unit),
        "authors" => Some(Target::Author),
        _ => None,
    };
    for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
        if let (Some(t), Some(stem)) = (target(&d.path), d.path.file_stem()) {
            out.insert((key_of(t), stem.to_string_lossy().into_owned()));
        }
    }
    for f in &loaded.files {
        let t = match f.kind {
            Kind::Unit => Target::Unit,
            Kind::Author => Target::Author,
            _ => continue,
        };
        if !crate::text::is_slug(&f.slug) {
            out.insert((key_of(t), crate::text::slugify(&f.slug)));
        }
    }
    out
}

/// Reports every unit whose chain of `parent`s leads back to itself.
fn parent_cycles<'a>(
    v: &Validated,
    file_of: &dyn Fn(&str) -> Option<usize>,
    ctx_for: &dyn Fn(usize) -> Ctx<'a>,
    out: &mut Vec<Diagnostic>,
) {
    let parent: Map<&str, &str> = v
        .units
        .iter()
        .filter_map(|u| u.parent.as_deref().map(|p| (u.slug.as_str(), p)))
        .collect();
    let mut slugs: Vec<&str> = parent.keys().copied().collect();
    slugs.sort();
    for start in slugs {
        let mut seen = vec![start];
        let mut at = start;
        while let Some(&next) = parent.get(at) {
            if next == start {
                if let Some(fi) = file_of(start) {
                    let mut ctx = ctx_for(fi);
                    let (message, hint) = if seen.len() == 1 {
                        (msg!("parent-cycle.self"), msg!("parent-cycle.self.hint"))
                    } else {
                        seen.push(start);
                        (
                            msg!("parent-cycle"),
                            msg!("parent-cycle.hint", chain = seen.join(" → ")),
                        )
                    };
                    ctx.error_hint("parent-cycle", "parent", message, hint);
                    out.append(&mut ctx.diags);
                }
                break;
            }
            if seen.contains(&next) {
                break;
            }
            seen.push(next);
            at = next;
        }
    }
}

/// Whether two versions of one file give the rules of this module the
/// same facts: the references it makes and, for an initiative, what the
/// rules above compare (id, file name, aliases, decision, title) and
/// whether it is a draft. Then their verdict cannot change and `serve`
/// does not run them again. Keep in step with the rules above.
pub(super) fn same_facts(
    (a_refs, a): (&[Ref], Option<&Initiative>),
    (b_refs, b): (&[Ref], Option<&Initiative>),
) -> bool {
    let refs_equal = a_refs.len() == b_refs.len()
        && a_refs
            .iter()
            .zip(b_refs)
            .all(|(x, y)| x.target == y.target && x.slug == y.slug && x.at == y.at);
    let facts = |i: &Initiative| {
        (
            i.id.clone(),
            i.slug.clone(),
            i.aliases.clone(),
            i.recognition.decision.clone(),
            i.title.clone(),
            i.draft,
        )
    };
    refs_equal && a.map(facts) == b.map(facts)
}

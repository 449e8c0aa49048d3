//! The published catalogue with the lookups every page needs.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;

use super::types::*;

/// The catalogue's entries as typed values, as stage 2 (`validate`)
/// returns them; drafts are still here (marked), private data is not.
#[derive(Debug, Default, Clone)]
pub struct Validated {
    pub site: Option<Site>,
    pub fields: Vec<Field>,
    pub districts: Vec<District>,
    pub units: Vec<Unit>,
    pub authors: Vec<Author>,
    pub initiatives: Vec<Initiative>,
    pub pages: Vec<Page>,
}

/// What to publish.
#[derive(Debug, Clone, Copy)]
pub struct Publish {
    /// Include drafts (local preview only; they are marked as drafts).
    pub drafts: bool,
    /// The build date: decides which featured entries are active.
    pub today: Date,
}

/// The public catalogue. Initiatives are sorted newest recognition first.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub site: Site,
    pub today: Date,
    pub fields: Vec<Field>,
    pub districts: Vec<District>,
    pub units: Vec<Unit>,
    pub authors: Vec<Author>,
    pub initiatives: Vec<Initiative>,
    pub pages: Vec<Page>,
    field_ix: HashMap<String, usize>,
    district_ix: HashMap<String, usize>,
    unit_ix: HashMap<String, usize>,
    author_ix: HashMap<String, usize>,
    /// Indexes into `initiatives`, each list newest first.
    pub by_field: BTreeMap<String, Vec<usize>>,
    pub by_year: BTreeMap<i16, Vec<usize>>,
    pub by_level: BTreeMap<Level, Vec<usize>>,
    pub by_kind: BTreeMap<InitiativeKind, Vec<usize>>,
    pub by_district: BTreeMap<String, Vec<usize>>,
    pub by_unit: BTreeMap<String, Vec<usize>>,
    pub applied_in_unit: BTreeMap<String, Vec<usize>>,
    pub by_author: BTreeMap<String, Vec<usize>>,
    /// Tag slug → (the tag as first written, initiatives).
    pub by_tag: BTreeMap<String, (String, Vec<usize>)>,
}

impl Catalogue {
    /// Builds the public catalogue; `None` when there are no valid site
    /// settings (validation has reported why).
    pub fn build(v: Validated, publish: Publish) -> Option<Catalogue> {
        let site = v.site?;
        let initiatives: Vec<Initiative> = v
            .initiatives
            .into_iter()
            .filter(|i| publish.drafts || !i.draft)
            .collect();
        let mut units = v.units;
        units.sort_by(|a, b| a.slug.cmp(&b.slug));
        let mut authors = v.authors;
        authors.sort_by(|a, b| a.slug.cmp(&b.slug));
        let mut pages = v.pages;
        pages.sort_by(|a, b| a.slug.cmp(&b.slug));

        let ix = |slugs: Vec<&String>| -> HashMap<String, usize> {
            slugs
                .into_iter()
                .enumerate()
                .map(|(i, s)| (s.clone(), i))
                .collect()
        };
        let mut c = Catalogue {
            field_ix: ix(v.fields.iter().map(|f| &f.slug).collect()),
            district_ix: ix(v.districts.iter().map(|d| &d.slug).collect()),
            unit_ix: ix(units.iter().map(|u| &u.slug).collect()),
            author_ix: ix(authors.iter().map(|a| &a.slug).collect()),
            site,
            today: publish.today,
            fields: v.fields,
            districts: v.districts,
            units,
            authors,
            initiatives,
            pages,
            by_field: BTreeMap::new(),
            by_year: BTreeMap::new(),
            by_level: BTreeMap::new(),
            by_kind: BTreeMap::new(),
            by_district: BTreeMap::new(),
            by_unit: BTreeMap::new(),
            applied_in_unit: BTreeMap::new(),
            by_author: BTreeMap::new(),
            by_tag: BTreeMap::new(),
        };
        c.sort_and_index();
        Some(c)
    }

    /// Puts `new` in place of the initiative read from the same file and
    /// sorts and indexes again, as [`Catalogue::build`] would with it;
    /// `false` (nothing changed) when no published initiative has that
    /// file or `new` would not be published (a draft).
    pub fn replace(&mut self, new: Initiative) -> bool {
        let Some(k) = self.initiatives.iter().position(|i| i.source == new.source) else {
            return false;
        };
        if new.draft != self.initiatives[k].draft {
            return false;
        }
        self.initiatives[k] = new;
        for list in [
            &mut self.by_field,
            &mut self.by_district,
            &mut self.by_unit,
            &mut self.applied_in_unit,
            &mut self.by_author,
        ] {
            list.clear();
        }
        self.by_year.clear();
        self.by_level.clear();
        self.by_kind.clear();
        self.by_tag.clear();
        self.sort_and_index();
        true
    }

    fn sort_and_index(&mut self) {
        self.initiatives.sort_by(|a, b| {
            b.recognition
                .date
                .cmp(&a.recognition.date)
                .then_with(|| b.id.cmp(&a.id))
        });
        for (n, i) in self.initiatives.iter().enumerate() {
            self.by_field.entry(i.field.clone()).or_default().push(n);
            self.by_year.entry(i.year()).or_default().push(n);
            self.by_level.entry(i.level).or_default().push(n);
            self.by_kind.entry(i.kind).or_default().push(n);
            self.by_unit.entry(i.unit.clone()).or_default().push(n);
            if let Some(d) = self
                .unit_ix
                .get(&i.unit)
                .and_then(|&u| self.units[u].district.clone())
            {
                self.by_district.entry(d).or_default().push(n);
            }
            for u in &i.applied_in {
                self.applied_in_unit.entry(u.clone()).or_default().push(n);
            }
            for a in &i.authors {
                self.by_author.entry(a.author.clone()).or_default().push(n);
            }
            for t in &i.tags {
                self.by_tag
                    .entry(crate::text::slugify(t))
                    .or_insert_with(|| (t.clone(), Vec::new()))
                    .1
                    .push(n);
            }
        }
    }

    pub fn field(&self, slug: &str) -> Option<&Field> {
        self.field_ix.get(slug).map(|&i| &self.fields[i])
    }
    pub fn district(&self, slug: &str) -> Option<&District> {
        self.district_ix.get(slug).map(|&i| &self.districts[i])
    }
    pub fn unit(&self, slug: &str) -> Option<&Unit> {
        self.unit_ix.get(slug).map(|&i| &self.units[i])
    }
    pub fn author(&self, slug: &str) -> Option<&Author> {
        self.author_ix.get(slug).map(|&i| &self.authors[i])
    }

    /// Featured initiatives active on the build date.
    pub fn featured(&self) -> impl Iterator<Item = &Initiative> {
        let today = self.today;
        self.initiatives
            .iter()
            .filter(move |i| i.featured.as_ref().is_some_and(|f| f.is_active(today)))
    }
}

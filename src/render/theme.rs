//! The theme: tera templates, parsed once, and static files published
//! under `/assets/`. The default theme (themes/default) is compiled into
//! the binary; a catalogue's `theme/` folder and then a `--theme` folder
//! may each override any template or static file by giving a file of the
//! same name (`templates/<name>`, `static/<path>`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tera::Tera;

use super::{RenderError, Tr};
use crate::model::Language;
use crate::write::{Content, OutputFile};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The default theme's templates, (name, text).
#[cfg(test)]
pub fn default_templates() -> &'static [(&'static str, &'static str)] {
    embedded::TEMPLATES
}

#[derive(Debug, Clone)]
enum StaticSource {
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// Parsed templates and the static files of the theme.
#[derive(Debug)]
pub struct Theme {
    tera: Tera,
    templates: BTreeMap<String, String>,
    statics: BTreeMap<String, StaticSource>,
    /// The catalogue's `static/` files, published at the site root
    /// (`site_root.rs`): (site path, file).
    root_files: Vec<(String, PathBuf)>,
    /// Per language (vi, en): the templates with `{{ t.key }}` replaced
    /// by the text itself, and whether any template still reads `t`.
    localised: [OnceLock<(Option<Tera>, bool)>; 2],
}

impl Theme {
    /// The default theme overridden by each folder of `layers` in turn
    /// (later folders win). Missing folders are skipped.
    pub fn load(layers: &[&Path]) -> Result<Theme, RenderError> {
        let mut templates: BTreeMap<String, String> = embedded::TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut statics: BTreeMap<String, StaticSource> = embedded::STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), StaticSource::Embedded(b)))
            .collect();
        for layer in layers {
            for (name, file) in files_under(&layer.join("templates"))? {
                let text = std::fs::read_to_string(&file).map_err(|e| RenderError::Theme {
                    file: file.clone(),
                    message: e.to_string(),
                })?;
                templates.insert(name, crate::text::normalize(&text).into_owned());
            }
            for (name, file) in files_under(&layer.join("static"))? {
                statics.insert(name, StaticSource::File(file));
            }
        }
        let tera = parse(&templates).map_err(|e| RenderError::Theme {
            file: PathBuf::from("templates"),
            message: super::tera_message(&e),
        })?;
        Ok(Theme {
            tera,
            templates,
            statics,
            root_files: Vec::new(),
            localised: Default::default(),
        })
    }

    /// The templates for one interface language, and whether they still
    /// need `t` in their context. Interface text written as `{{ t.key }}`
    /// is put into the templates once, instead of being looked up on every
    /// page; templates that use `t` otherwise keep working through `t`.
    pub(crate) fn for_language(&self, lang: Language) -> (&Tera, bool) {
        let slot = &self.localised[usize::from(lang == Language::En)];
        let (tera, needs_t) = slot.get_or_init(|| {
            let tr = Tr::new(lang);
            let sources: BTreeMap<String, String> = self
                .templates
                .iter()
                .map(|(n, t)| (n.clone(), localise(t, &tr)))
                .collect();
            let needs_t = sources.values().any(|t| reads_t(t));
            (parse(&sources).ok(), needs_t)
        });
        match tera {
            Some(t) => (t, *needs_t),
            None => (&self.tera, true),
        }
    }

    /// The default theme, then the catalogue's `theme/`, then `extra`; with
    /// the catalogue's `static/` files.
    pub fn for_catalogue(content: &Path, extra: Option<&Path>) -> Result<Theme, RenderError> {
        let own = content.join("theme");
        let mut layers = vec![own.as_path()];
        if let Some(e) = extra {
            if !e.is_dir() {
                return Err(RenderError::Theme {
                    file: e.to_path_buf(),
                    message: "no such theme folder".into(),
                });
            }
            layers.push(e);
        }
        let mut theme = Theme::load(&layers)?;
        theme.root_files = super::site_root::files(content)?;
        Ok(theme)
    }

    /// Every template by name, with its source.
    pub fn templates(&self) -> impl Iterator<Item = (&str, &str)> {
        self.templates.iter().map(|(n, t)| (n.as_str(), t.as_str()))
    }

    /// The catalogue's `static/` files: (site path, file), sorted.
    pub fn root_files(&self) -> &[(String, PathBuf)] {
        &self.root_files
    }

    /// Names of the static files (paths under `/assets/`), sorted.
    pub fn static_names(&self) -> impl Iterator<Item = &str> {
        self.statics.keys().map(String::as_str)
    }

    pub fn has_static(&self, name: &str) -> bool {
        self.statics.contains_key(name)
    }

    /// One static file as a site file at `assets/<name>`.
    pub fn static_file(&self, name: &str) -> Option<OutputFile> {
        let content = match self.statics.get(name)? {
            StaticSource::Embedded(b) => Content::Bytes(b.to_vec()),
            StaticSource::File(p) => Content::CopyOf(p.clone()),
        };
        Some(OutputFile {
            path: format!("assets/{name}"),
            content,
        })
    }
}

fn parse(templates: &BTreeMap<String, String>) -> Result<Tera, tera::Error> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which only bloats URLs.
    tera.set_escape_fn(super::context::escape_attr);
    tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))?;
    Ok(tera)
}

/// Replaces each `{{ t.key }}` of a known key with its escaped text.
fn localise(template: &str, tr: &Tr) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let inner_end = after.find("}}");
        let replaced = inner_end.and_then(|end| {
            let key = after[..end].trim().strip_prefix("t.")?;
            let known = key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            let text = tr.lookup(key).filter(|_| known)?;
            Some((super::context::escape_attr(text), end + 2))
        });
        match replaced {
            Some((text, len)) => {
                out.push_str(&text);
                rest = &after[len..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a template reads the variable `t` (as `t.` after a non-name character).
fn reads_t(template: &str) -> bool {
    template.match_indices("t.").any(|(i, _)| {
        !matches!(template[..i].chars().last(),
            Some(c) if c.is_alphanumeric() || c == '_' || c == '.')
    })
}

/// Files below `dir` as (`/`-separated relative path, file), sorted;
/// hidden files are skipped. A missing folder has none.
fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>, RenderError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| RenderError::Theme {
            file: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        if entry.file_type().is_file() && !hidden {
            let name = rel.to_string_lossy().replace('\\', "/");
            out.push((name, entry.path().to_path_buf()));
        }
    }
    Ok(out)
}

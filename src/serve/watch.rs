//! Watching the catalogue and the theme (debounced), and telling what a
//! changed path is: an entry of the layout, a theme file, another file
//! (an image, a misplaced file), or noise (git, editors' swap files).

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::load::Kind;

/// How long the watcher waits for a burst of events (an editor's save
/// is often several) to end before reporting it.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// A catalogue entry file (relative path and its kind).
    Entry(PathBuf, Kind),
    Theme,
    /// Any other file inside the catalogue (relative path).
    Other(PathBuf),
    Ignored,
}

/// What `path` (absolute) is for the catalogue at `root` (canonical).
pub fn classify(root: &Path, theme: Option<&Path>, path: &Path) -> Change {
    if let Some(t) = theme {
        if path.starts_with(t) || t.canonicalize().is_ok_and(|t| path.starts_with(t)) {
            return Change::Theme;
        }
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return Change::Ignored;
    };
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let Some(name) = parts.last() else {
        return Change::Ignored;
    };
    if parts.iter().any(|p| is_noise(p)) {
        return Change::Ignored;
    }
    if parts[0] == "theme" {
        return Change::Theme;
    }
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let kind = match (parts.len(), parts[0].as_str(), ext) {
        (1, "site.yaml", _) => Some(Kind::Site),
        (1, "fields.yaml", _) => Some(Kind::Fields),
        (1, "districts.yaml", _) => Some(Kind::Districts),
        (2, "units", "yaml") => Some(Kind::Unit),
        (2, "authors", "md") => Some(Kind::Author),
        (2, "pages", "md") => Some(Kind::Page),
        (3, "initiatives", "md") => Some(Kind::Initiative {
            year: parts[1].clone(),
        }),
        _ => None,
    };
    match kind {
        Some(k) if !path.is_dir() => Change::Entry(rel.to_path_buf(), k),
        // Other files at the root (README, CI files) are not the site's.
        _ if parts.len() == 1 => Change::Ignored,
        _ => Change::Other(rel.to_path_buf()),
    }
}

/// Hidden files and folders (`.git`, `.vscode`), editors' backup and
/// swap files, and the site output folder of `build`.
fn is_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || name == "public"
}

pub type Watcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Watches `dirs` recursively; each debounced burst of changes is handed
/// to `send` as the list of paths it touched.
pub fn watch(
    dirs: &[&Path],
    send: impl Fn(Vec<PathBuf>) + Send + 'static,
) -> Result<Watcher, notify::Error> {
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let mut paths: Vec<PathBuf> = events
                .into_iter()
                // Reading a file is an event too (inotify reports opens):
                // only writes, creations and removals count.
                .filter(|e| {
                    matches!(
                        e.event.kind,
                        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
                    ) && !matches!(e.event.kind, EventKind::Modify(ModifyKind::Metadata(_)))
                })
                .flat_map(|e| e.event.paths.clone())
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                send(paths);
            }
        }
    })?;
    for d in dirs {
        debouncer.watch(d, RecursiveMode::Recursive)?;
    }
    Ok(debouncer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_layout() {
        let root = Path::new("/nonexistent/cat");
        let c = |p: &str| classify(root, None, &root.join(p));
        assert_eq!(
            c("initiatives/2024/a.md"),
            Change::Entry(
                PathBuf::from("initiatives/2024/a.md"),
                Kind::Initiative {
                    year: "2024".into()
                }
            )
        );
        assert_eq!(
            c("units/a.yaml"),
            Change::Entry(PathBuf::from("units/a.yaml"), Kind::Unit)
        );
        assert_eq!(c("theme/templates/base.html"), Change::Theme);
        assert_eq!(
            c("media/a.jpg"),
            Change::Other(PathBuf::from("media/a.jpg"))
        );
        assert_eq!(c("initiatives/2024/.a.md.swp"), Change::Ignored);
        assert_eq!(c(".git/index"), Change::Ignored);
        assert_eq!(c("authors/a.md~"), Change::Ignored);
        assert_eq!(
            classify(root, None, Path::new("/elsewhere/x.md")),
            Change::Ignored
        );
    }
}

//! Files an entry refers to (images, attachments, photos): relative to
//! the entry's file, existing, inside the catalogue (no `..` or symbolic
//! link leading out), a regular file of a type the site publishes for
//! that use, never a catalogue source file (`media::inspect`).

use std::path::{Component, Path, PathBuf};

use super::ctx::{Ctx, Obj};
use crate::diag::{display_path, Severity};
use crate::media::{self, Use};
use crate::model::Asset;
use crate::msg;

impl Ctx<'_> {
    /// A file referenced by an entry: relative to the entry's file, must
    /// exist, stay inside the catalogue (no `..` or symlink escape) and
    /// be publishable as `use_` (see [`media::inspect`]). A photo with a
    /// GPS position is a warning: the position is removed when published.
    pub fn asset(&mut self, o: &Obj, key: &str, use_: Use) -> Option<Asset> {
        let src = self.text(o, key)?;
        let path = o.child(key);
        let entry_dir = self.file.path.parent().unwrap_or(Path::new(""));
        if src.contains("://") || src.starts_with('/') || src.starts_with('\\') {
            self.error_hint(
                "asset",
                &path,
                msg!("asset.relative", src = &src),
                msg!("asset.relative.hint"),
            );
            return None;
        }
        let Some(rel) = lexical_join(entry_dir, Path::new(&src)) else {
            self.error("asset-outside", &path, msg!("asset-outside", src = &src));
            return None;
        };
        let full = self.root.join(&rel);
        match full.canonicalize() {
            Err(_) => {
                self.error_hint(
                    "asset-missing",
                    &path,
                    msg!("asset-missing", path = display_path(&rel)),
                    msg!("asset-missing.hint"),
                );
                None
            }
            Ok(real) if !real.starts_with(self.root) => {
                self.error(
                    "asset-outside",
                    &path,
                    msg!("asset-outside.link", src = &src),
                );
                None
            }
            Ok(real) if real.is_dir() => {
                self.error(
                    "asset-missing",
                    &path,
                    msg!("asset-missing.folder", path = display_path(&rel)),
                );
                None
            }
            Ok(real) => match media::inspect(&real, &src, use_) {
                Err(p) => {
                    self.report(Severity::Error, p.code, &path, p.message, p.hint);
                    None
                }
                Ok(found) => {
                    if found.gps {
                        self.report(
                            Severity::Warning,
                            "photo-gps",
                            &path,
                            msg!("photo-gps", src = &src),
                            Some(msg!("photo-gps.hint")),
                        );
                    }
                    let inside = real.strip_prefix(self.root).unwrap_or(&real);
                    Some(Asset {
                        path: display_path(inside),
                        file: real,
                    })
                }
            },
        }
    }
}

/// Joins `rel` onto `base` without touching the disk; `None` if the
/// result would climb above the catalogue root.
fn lexical_join(base: &Path, rel: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in base.components().chain(rel.components()) {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_join_stays_inside() {
        let base = Path::new("initiatives/2024");
        assert_eq!(
            lexical_join(base, Path::new("../../media/a.svg")),
            Some(PathBuf::from("media/a.svg"))
        );
        assert_eq!(lexical_join(base, Path::new("../../../etc/passwd")), None);
    }
}

//! The catalogue's optional `static/` folder: files published at the site
//! root as they are (`static/CNAME` → `/CNAME`, `static/.well-known/x` →
//! `/.well-known/x`), hidden files included. This folder is an addition to
//! the content model. Only regular files are published: a symlink or a
//! special file there is an error, so nothing outside the catalogue leaks.

use std::path::{Path, PathBuf};

use super::RenderError;

/// The folder's files as (site path without the leading `/`, file), sorted.
pub fn files(content: &Path) -> Result<Vec<(String, PathBuf)>, RenderError> {
    let dir = content.join("static");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let refuse = |file: &Path, message: &str| RenderError::Static {
        file: file.to_path_buf(),
        message: message.to_string(),
    };
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| refuse(&dir, &e.to_string()))?;
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            return Err(refuse(
                entry.path(),
                "is not a regular file (a symbolic link or a device); put the file itself there",
            ));
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let Some(name) = rel.to_str() else {
            return Err(refuse(entry.path(), "has a name that is not UTF-8"));
        };
        out.push((name.replace('\\', "/"), entry.path().to_path_buf()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_hidden_files_and_refuses_links() {
        let dir = tempfile::tempdir().unwrap();
        assert!(files(dir.path()).unwrap().is_empty());
        let st = dir.path().join("static");
        std::fs::create_dir_all(st.join(".well-known")).unwrap();
        std::fs::write(st.join("CNAME"), "x").unwrap();
        std::fs::write(st.join(".well-known/security.txt"), "x").unwrap();
        let names: Vec<String> = files(dir.path())
            .unwrap()
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(names, [".well-known/security.txt", "CNAME"]);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/passwd", st.join("passwd")).unwrap();
            let e = files(dir.path()).unwrap_err().to_string();
            assert!(
                e.contains("passwd") && e.contains("not a regular file"),
                "{e}"
            );
        }
    }
}

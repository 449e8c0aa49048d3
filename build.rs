//! Embeds the default theme (themes/default/templates and static) into the
//! binary, so that `sangkien build` works from any folder. Every file there
//! is picked up, including ones added later (such as search.js).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, p));
            }
        }
    }
    out.sort();
    out
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let theme = root.join("themes/default");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=themes/default");
    let mut code = String::new();
    code.push_str(
        "/// Default templates: (name, text).\npub static TEMPLATES: &[(&str, &str)] = &[\n",
    );
    for (rel, p) in files(&theme.join("templates")) {
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            p.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n/// Default static files: (path under /assets/, bytes).\npub static STATIC: &[(&str, &[u8])] = &[\n");
    for (rel, p) in files(&theme.join("static")) {
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            p.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("default_theme.rs");
    std::fs::write(out, code).unwrap();
}

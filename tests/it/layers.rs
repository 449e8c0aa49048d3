//! The library's layering: a module imports only modules of its own or a
//! lower layer, and the import graph has no cycle. The binary's concerns
//! (clap, exit codes, `anyhow`) stay in `main.rs`.

use std::collections::{BTreeMap, BTreeSet};

use crate::util;

/// Lowest first. The pipeline's stages in order, with the types they
/// share below them and the commands above.
const LAYERS: &[&[&str]] = &[
    // foundations
    &["text"],
    &["model"],
    &["messages", "diag"],
    // files and the catalogue's surroundings: its media and git
    &["load", "write", "media", "git"],
    // stage 2, then stages 1–3 as one session
    &["validate"],
    &["session"],
    // stage 4, and the departments' figures it shows
    &["render", "search", "annual"],
    // commands and their helpers
    &["check", "report", "synthetic", "copies"],
    &["build", "serve", "scaffold", "schema"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Top-level module → the top-level modules its files name as `crate::…`.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = util::root().join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension() != Some("rs".as_ref()) {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let first = rel.iter().next().unwrap().to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        // The binary (main.rs, cli/, bin/) is the edge; unit tests may
        // use anything.
        let test_file = path.file_name().is_some_and(|n| n == "tests.rs");
        if matches!(module.as_str(), "main" | "lib" | "bin" | "cli") || test_file {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let named = graph.entry(module.clone()).or_default();
        for (at, _) in text.match_indices("crate::") {
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // e.g. `sangkien_crate::`
            }
            let rest = &text[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            // `crate::msg!` is the messages' macro.
            let name = if name == "msg" {
                "messages".to_string()
            } else {
                name
            };
            if !name.is_empty() && name != module {
                named.insert(name);
            }
        }
    }
    graph
}

#[test]
fn no_module_imports_a_higher_layer_and_the_graph_has_no_cycle() {
    let graph = imports();
    let mut upward = Vec::new();
    for (module, named) in &graph {
        let Some(own) = layer_of(module) else {
            panic!("src/{module} has no place in tests/it/layers.rs: put it in a layer");
        };
        for n in named {
            match layer_of(n) {
                Some(l) if l <= own => {}
                Some(_) => upward.push(format!("{module} → {n}")),
                None => panic!("{module} names crate::{n}, which has no layer"),
            }
        }
    }
    assert!(upward.is_empty(), "imports of a higher layer: {upward:?}");
    // Within a layer: no cycle (depth-first search for a back edge).
    fn visit<'a>(
        m: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if let Some(at) = path.iter().position(|p| *p == m) {
            panic!("an import cycle: {}", path[at..].join(" → "));
        }
        if !done.insert(m) {
            return;
        }
        path.push(m);
        for n in graph.get(m).into_iter().flatten() {
            visit(n, graph, path, done);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn the_library_knows_no_command_line() {
    let src = util::root().join("src");
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path.strip_prefix(&src).unwrap();
        if path.extension() != Some("rs".as_ref())
            || rel.starts_with("main.rs")
            || rel.starts_with("bin")
            || rel.starts_with("cli")
        {
            continue;
        }
        // Known exception, to be moved to src/cli/ (the report command's
        // arguments were written in the library): listed so that no other
        // file may follow.
        if rel.starts_with("annual") && (rel.ends_with("cli.rs") || rel.ends_with("mod.rs")) {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for word in ["clap::", "anyhow", "std::process::exit", "ExitCode"] {
            assert!(!text.contains(word), "src/{} uses {word}", rel.display());
        }
    }
}

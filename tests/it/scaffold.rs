//! `sangkien init` and `sangkien new`: what they create passes `check`
//! (and `build` for a new catalogue), and nothing is ever overwritten.

use std::path::{Path, PathBuf};

use crate::util;

/// Runs `check` and asserts it finds no error; returns its output.
fn check_passes(dir: &Path) -> String {
    let out = util::run(&["check", "--content", dir.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "check failed:\n{text}");
    assert!(text.contains("no errors"), "{text}");
    text
}

/// Runs `new …` in the catalogue; returns the created file.
fn new(dir: &Path, args: &[&str]) -> PathBuf {
    let mut all = vec!["new", "--content", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = util::run(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(path.is_file(), "{} was not created", path.display());
    path
}

fn yaml(path: &Path) -> serde_yaml::Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn init_creates_a_catalogue_that_passes_check_and_build() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("danh-muc");
    util::init(&dir);
    for f in [
        "site.yaml",
        "fields.yaml",
        "districts.yaml",
        "units/ubnd-tinh.yaml",
        "authors/nguyen-van-an.md",
        "initiatives/2024/nhat-ky-dien-tu-vuon-sam.md",
        "pages/gioi-thieu.md",
        ".gitignore",
        ".vscode/settings.json",
        ".github/workflows/publish.yml",
        ".gitlab-ci.yml",
    ] {
        assert!(dir.join(f).is_file(), "{f} is missing");
    }
    check_passes(&dir);
    let out = dir.join("public");
    util::build_ok(&dir, &out);
    let page =
        std::fs::read_to_string(out.join("sang-kien/nhat-ky-dien-tu-vuon-sam/index.html")).unwrap();
    assert!(page.contains("Ứng dụng nhật ký điện tử trong theo dõi vườn sâm Ngọc Linh"));
    assert!(out.join("tac-gia/nguyen-van-an/index.html").is_file());
    assert!(out.join("gioi-thieu/index.html").is_file());
    // Private and confidential examples stay private.
    let all: String = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned())
        .collect();
    assert!(!all.contains("0900000000"));
    assert!(!all.contains("Ghi chú nội bộ"));
    // The site output is ignored by git.
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/public/"));
}

#[test]
fn init_ci_checks_every_change_and_publishes_main() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    util::init(&dir);
    let gh = yaml(&dir.join(".github/workflows/publish.yml"));
    let on = &gh["on"];
    assert!(on.get("push").is_some() && on.get("pull_request").is_some());
    let steps = gh["jobs"]["check"]["steps"].as_sequence().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter()
            .any(|r| r.contains("sangkien check") && r.contains("--format github")),
        "{runs:?}"
    );
    let build = steps
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("sangkien build"))
        })
        .expect("a build step");
    assert!(build["if"].as_str().unwrap().contains("refs/heads/main"));
    assert_eq!(
        steps
            .iter()
            .find(|s| s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/checkout")))
            .unwrap()["with"]["fetch-depth"]
            .as_u64(),
        Some(0),
        "full history, for the pages' change lists"
    );
    let deploy = &gh["jobs"]["deploy"];
    assert!(deploy["if"].as_str().unwrap().contains("refs/heads/main"));
    assert_eq!(deploy["needs"].as_str(), Some("check"));
    assert!(deploy["steps"][0]["uses"]
        .as_str()
        .unwrap()
        .starts_with("actions/deploy-pages"));
    assert_eq!(deploy["permissions"]["pages"].as_str(), Some("write"));

    let gl = yaml(&dir.join(".gitlab-ci.yml"));
    let check = gl["check"]["script"].as_sequence().unwrap();
    assert!(check
        .iter()
        .any(|s| s.as_str().unwrap().starts_with("sangkien check")));
    let pages = &gl["pages"];
    assert!(pages["script"][0]
        .as_str()
        .unwrap()
        .contains("--out public"));
    assert_eq!(pages["artifacts"]["paths"][0].as_str(), Some("public"));
    assert!(pages["rules"][0]["if"]
        .as_str()
        .unwrap()
        .contains("CI_DEFAULT_BRANCH"));
}

#[test]
fn init_wires_the_json_schemas_it_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    util::init(&dir);
    // VS Code reads settings.json as JSON with comments.
    let text = std::fs::read_to_string(dir.join(".vscode/settings.json")).unwrap();
    let json: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let settings: serde_json::Value = serde_json::from_str(&json).unwrap();
    let schemas = settings["yaml.schemas"].as_object().unwrap();
    assert!(schemas.contains_key("./schema/site.json"));
    assert!(schemas.contains_key("./schema/unit.json"));
    for (schema, globs) in schemas {
        let file = dir.join(schema.trim_start_matches("./"));
        let body: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&file)
                .unwrap_or_else(|_| panic!("{schema} is wired but was not written")),
        )
        .unwrap();
        assert!(body.is_object(), "{schema}");
        assert!(globs.as_array().is_some_and(|g| !g.is_empty()));
    }
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let out = util::run(&["init", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!tmp.path().join("site.yaml").exists());
}

#[test]
fn new_initiative_takes_the_next_id_and_never_clobbers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    util::init(&dir);
    let title = "Ứng dụng Zalo: tiếp nhận hồ sơ \"một cửa\"";
    let first = new(
        &dir,
        &[
            "initiative",
            "--title",
            title,
            "--field",
            "y-te",
            "--unit",
            "so-khcn",
        ],
    );
    assert_eq!(
        first,
        dir.join("initiatives/2026/ung-dung-zalo-tiep-nhan-ho-so-mot-cua.md")
    );
    let text = std::fs::read_to_string(&first).unwrap();
    let front = text.split("---").nth(1).unwrap();
    let v: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
    assert_eq!(v["id"].as_str(), Some("KT-2026-001"));
    assert_eq!(v["title"].as_str(), Some(title));
    assert_eq!(v["field"].as_str(), Some("y-te"));
    assert_eq!(v["unit"].as_str(), Some("so-khcn"));
    assert_eq!(v["draft"].as_bool(), Some(true));
    // Optional keys are there, commented, ready to fill.
    for key in [
        "# applied_since:",
        "# benefits:",
        "# images:",
        "# tags:",
        "# private:",
    ] {
        assert!(text.contains(key), "{key} missing");
    }

    // The same title again: a new file and id, the first one untouched.
    let second = new(&dir, &["initiative", "--title", title]);
    assert_eq!(
        second,
        dir.join("initiatives/2026/ung-dung-zalo-tiep-nhan-ho-so-mot-cua-2.md")
    );
    assert_eq!(std::fs::read_to_string(&first).unwrap(), text);
    let v: serde_yaml::Value = serde_yaml::from_str(
        std::fs::read_to_string(&second)
            .unwrap()
            .split("---")
            .nth(1)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(v["id"].as_str(), Some("KT-2026-002"));

    // Another year: its own numbering, a date inside that year.
    let older = new(
        &dir,
        &[
            "initiative",
            "--title",
            "Bảng theo dõi cũ",
            "--year",
            "2024",
        ],
    );
    let v: serde_yaml::Value = serde_yaml::from_str(
        std::fs::read_to_string(&older)
            .unwrap()
            .split("---")
            .nth(1)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(v["id"].as_str(), Some("KT-2024-002"));
    assert_eq!(v["recognition"]["date"].as_str(), Some("2024-12-31"));
}

/// `check` output and success on the catalogue.
fn check_output(dir: &Path) -> (bool, String) {
    let out = util::run(&["check", "--content", dir.to_str().unwrap()]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn an_untouched_new_initiative_fails_check_until_filled_in() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    util::init(&dir);
    let out = util::run(&[
        "new",
        "--content",
        dir.to_str().unwrap(),
        "initiative",
        "--title",
        "Sổ tay điện tử",
    ]);
    assert!(out.status.success());
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(
        note.contains("field, unit, authors, recognition.body"),
        "{note}"
    );
    let entry = dir.join("initiatives/2026/so-tay-dien-tu.md");
    let text = std::fs::read_to_string(&entry).unwrap();
    // No real field, unit or person was put in as a placeholder.
    let v: serde_yaml::Value = serde_yaml::from_str(text.split("---").nth(1).unwrap()).unwrap();
    for key in ["field", "unit"] {
        assert!(v[key].is_null(), "{key} is left blank: {:?}", v[key]);
    }
    assert!(v["authors"][0]["author"].is_null());
    assert!(v["recognition"]["body"].is_null());

    let (ok, report) = check_output(&dir);
    assert!(!ok, "an untouched entry fails check");
    for key in [
        "`field`",
        "`unit`",
        "`authors[0].author`",
        "`recognition.body`",
    ] {
        assert!(report.contains(key), "{key} named:\n{report}");
    }

    // Filled in, still a draft: the template's text may stay.
    let filled = text
        .replacen("field:  ", "field: y-te ", 1)
        .replacen("unit:  ", "unit: so-khcn ", 1)
        .replacen("  - author:  #", "  - author: nguyen-van-a  #", 1);
    std::fs::write(&entry, filled).unwrap();
    util::fill_recognition_body(&entry);
    let authors = dir.join("authors");
    let author = std::fs::read_dir(&authors)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let slug = author.file_stem().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(&entry)
        .unwrap()
        .replace("nguyen-van-a", &slug);
    std::fs::write(&entry, &text).unwrap();
    let (ok, report) = check_output(&dir);
    assert!(ok, "filled-in draft passes:\n{report}");

    // Published with the template's text: refused, at each place.
    std::fs::write(&entry, text.replace("draft: true", "draft: false")).unwrap();
    let (ok, report) = check_output(&dir);
    assert!(!ok);
    assert!(
        report.contains("the summary is still the template's text"),
        "{report}"
    );
    assert!(
        report.contains("the decision number is still the template's"),
        "{report}"
    );
    assert!(
        report.contains("the description still holds the template's"),
        "{report}"
    );
}

#[test]
fn new_refuses_unknown_references_with_a_suggestion() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    util::init(&dir);
    let out = util::run(&[
        "new",
        "--content",
        dir.to_str().unwrap(),
        "initiative",
        "--title",
        "X",
        "--field",
        "y-tee",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no field `y-tee`") && err.contains("did you mean `y-te`"),
        "{err}"
    );
    // The valid ones are listed.
    assert!(
        err.contains("nong-nghiep") && err.contains("cai-cach-hanh-chinh"),
        "{err}"
    );
    assert!(!dir.join("initiatives/2026").exists());
}

#[test]
fn new_author_and_unit_pass_check_and_never_clobber() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    util::init(&dir);
    let unit = new(
        &dir,
        &[
            "unit",
            "Sở Y tế tỉnh Kon Tum",
            "--kind",
            "department",
            "--district",
            "kon-tum",
        ],
    );
    assert_eq!(unit, dir.join("units/so-y-te-tinh-kon-tum.yaml"));
    let u = yaml(&unit);
    assert_eq!(u["name"].as_str(), Some("Sở Y tế tỉnh Kon Tum"));
    assert_eq!(u["kind"].as_str(), Some("department"));

    let author = new(
        &dir,
        &["author", "Trần Thị Bình", "--unit", "so-y-te-tinh-kon-tum"],
    );
    assert_eq!(author, dir.join("authors/tran-thi-binh.md"));
    let text = std::fs::read_to_string(&author).unwrap();
    assert!(text.contains("name: \"Trần Thị Bình\""));
    assert!(text.contains("consent: false"));
    // A namesake is another person: a new file, the first untouched.
    let namesake = new(&dir, &["author", "Trần Thị Bình"]);
    assert_eq!(namesake, dir.join("authors/tran-thi-binh-2.md"));
    assert_eq!(std::fs::read_to_string(&author).unwrap(), text);

    // The same unit again is refused: one organisation, one file.
    let again = util::run(&[
        "new",
        "--content",
        dir.to_str().unwrap(),
        "unit",
        "Sở Y tế tỉnh Kon Tum",
    ]);
    assert_eq!(again.status.code(), Some(2));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("exists already") && err.contains("units/so-y-te-tinh-kon-tum.yaml"),
        "{err}"
    );
    assert!(!dir.join("units/so-y-te-tinh-kon-tum-2.yaml").exists());

    // An initiative by the new author in the new unit, once the editor
    // filled in what `new` leaves blank, passes check (warnings only).
    let entry = new(
        &dir,
        &[
            "initiative",
            "--title",
            "Khám bệnh từ xa",
            "--field",
            "y-te",
            "--unit",
            "so-y-te-tinh-kon-tum",
            "--author",
            "tran-thi-binh",
        ],
    );
    util::fill_recognition_body(&entry);
    let report = check_passes(&dir);
    assert!(
        !report.contains("tran-thi-binh.md"),
        "the author is used now:\n{report}"
    );
}

#[test]
fn the_catalogue_is_found_without_content() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let dir = repo.join("content");
    util::init(&dir);
    let check_in = |cwd: &Path| util::bin().arg("check").current_dir(cwd).output().unwrap();
    // From the repository (./content), the catalogue itself, and a sub-folder.
    for cwd in [repo.clone(), dir.clone(), dir.join("initiatives")] {
        std::fs::create_dir_all(&cwd).unwrap();
        let out = check_in(&cwd);
        assert!(
            out.status.success(),
            "{}: {}",
            cwd.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("checked"),
            "{}",
            cwd.display()
        );
    }
    // `new` writes into the catalogue found, not into a new ./content.
    let units = dir.join("units");
    let made = util::bin()
        .args(["new", "unit", "Sở Nội vụ", "--kind", "department"])
        .current_dir(&units)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(units.join("so-noi-vu.yaml").is_file());
    assert!(!units.join("content").exists());
    // Nowhere near a catalogue: a clear message.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = check_in(&empty);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no catalogue here") && err.contains("--content"),
        "{err}"
    );
}

/// Runs `script` with bash in `dir`, the freshly built binary first on
/// the PATH (so the templates' `command -v sangkien ||` skips the install).
fn run_ci_step(dir: &Path, script: &str, env: &[(String, String)]) {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_sangkien")).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap());
    let o = std::process::Command::new("bash")
        .args(["-e", "-c", script])
        .current_dir(dir)
        .env("PATH", path)
        .env("SANGKIEN_TODAY", "2026-11-29")
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "`{script}` failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn init_ci_installs_from_git_and_its_shell_steps_build_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    util::init(&dir);
    let install = "cargo install --locked --git \"$SANGKIEN_GIT\" --tag \"$SANGKIEN_TAG\" sangkien";
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));

    // GitHub Actions: the workflow's `env`, then every `run:` in order.
    let gh = yaml(&dir.join(".github/workflows/publish.yml"));
    let env: Vec<(String, String)> = gh["env"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap().into(), v.as_str().unwrap().into()))
        .collect();
    assert_eq!(env[0].0, "SANGKIEN_GIT", "the source is the first variable");
    assert!(env[0].1.contains("://"), "{env:?}");
    assert!(
        env.contains(&("SANGKIEN_TAG".into(), tag.clone())),
        "{env:?}"
    );
    let runs: Vec<&str> = gh["jobs"]["check"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect();
    assert!(runs.iter().any(|r| r.contains(install)), "{runs:?}");
    assert!(
        !runs.iter().any(|r| r.contains("--version")),
        "no crates.io release: {runs:?}"
    );
    for run in &runs {
        run_ci_step(&dir, run, &env);
    }
    assert!(
        dir.join("public/index.html").is_file(),
        "the site was built"
    );
    std::fs::remove_dir_all(dir.join("public")).unwrap();

    // GitLab CI: its variables, `before_script`, then each job's script.
    let gl = yaml(&dir.join(".gitlab-ci.yml"));
    let project = dir.display().to_string();
    let mut env: Vec<(String, String)> = gl["variables"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let v = v.as_str().unwrap().replace("$CI_PROJECT_DIR", &project);
            (k.as_str().unwrap().into(), v)
        })
        .collect();
    assert!(env
        .iter()
        .any(|(k, v)| k == "SANGKIEN_GIT" && v.contains("://")));
    assert!(env.contains(&("SANGKIEN_TAG".into(), tag)), "{env:?}");
    env.push(("CI_PROJECT_DIR".into(), project));
    let lines = |v: &serde_yaml::Value| -> Vec<String> {
        v.as_sequence()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let before = lines(&gl["default"]["before_script"]);
    assert!(before.iter().any(|l| l.contains(install)), "{before:?}");
    for job in ["check", "pages"] {
        let script = [before.clone(), lines(&gl[job]["script"])]
            .concat()
            .join("\n");
        run_ci_step(&dir, &script, &env);
    }
    assert!(
        dir.join("public/index.html").is_file(),
        "the site was built"
    );
}

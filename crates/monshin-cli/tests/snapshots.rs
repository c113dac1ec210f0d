//! Output snapshots of the main commands, human and JSON: what a person or a script sees, in
//! `tests/snapshots/*.snap`, reviewed as a diff whenever an output changes. Each snapshot holds
//! the exit code, standard output and standard error of one run of the `monshin` binary.
//!
//! `UPDATE_EXPECT=1 cargo test -p monshin-cli --test snapshots` rewrites the snapshots (the one
//! update variable of the workspace; it sets insta's `INSTA_UPDATE=always` for this process).

#[path = "../../../tests/update_expect.rs"]
mod update_expect;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The validation date of every run: the bundled examples are valid on it.
const TODAY: &str = "2026-04-01";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example(name: &str) -> String {
    format!("crates/monshin-forms/examples/{name}.answers.json")
}

/// Runs `monshin ARGS` in the repository root; the snapshot text of the run.
fn run(args: &[&str]) -> String {
    update_expect::apply();
    let out = Command::new(env!("CARGO_BIN_EXE_monshin"))
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .expect("monshin runs");
    format!(
        "$ monshin {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `monshin forms` lists the catalogue from its data: every entry has its line, so a form added
/// to the catalogue is listed without code. The snapshot pins the layout on the lines of the
/// PCV and 1歳6か月 entries only, so that adding a form changes no snapshot.
#[test]
fn forms() {
    let out = run(&["forms"]);
    let catalogue: serde_json::Value =
        serde_json::from_str(monshin_forms::CATALOGUE).expect("catalogue is JSON");
    let entries = |key: &str| catalogue[key].as_array().cloned().unwrap_or_default();
    let id_of = |e: &serde_json::Value| e["definition"]["id"].as_str().unwrap_or("").to_owned();
    let ids: Vec<String> = (entries("vaccinations").iter())
        .chain(entries("childCheckups").iter())
        .map(id_of)
        .collect();
    let is_entry = |line: &str| {
        line.split_whitespace()
            .any(|w| ids.iter().any(|id| id == w))
    };
    let lines: Vec<&str> = out.lines().collect();
    let listed = |wanted: &[String]| {
        lines
            .iter()
            .any(|l| is_entry(l) && wanted.iter().all(|w| l.contains(w.as_str())))
    };
    for e in entries("vaccinations") {
        let mut wanted = vec![
            e["vaccineType"].as_str().unwrap_or("").to_owned(),
            e["vaccine"].as_str().unwrap_or("").to_owned(),
            format!(" {} ", e["dose"]),
            id_of(&e),
        ];
        for (k, v) in e["params"].as_object().into_iter().flatten() {
            wanted.push(format!("{k}={}", v.as_str().unwrap_or("")));
        }
        assert!(listed(&wanted), "not listed: {wanted:?}");
    }
    for e in entries("childCheckups") {
        let names: Vec<&str> = (e["names"].as_array().into_iter().flatten())
            .filter_map(serde_json::Value::as_str)
            .collect();
        assert!(
            listed(&[names.join(" / "), id_of(&e)]),
            "not listed: {names:?}"
        );
    }
    let entry_lines = lines.iter().filter(|l| is_entry(l)).count();
    assert_eq!(entry_lines, ids.len(), "one line per catalogue entry");
    let pinned: Vec<&str> = (lines.iter().copied())
        .filter(|l| !is_entry(l) || l.contains("vaccination-pcv") || l.contains("child-1y6m"))
        .collect();
    insta::assert_snapshot!(pinned.join("\n"));
}

#[test]
fn lint_bundled_form() {
    insta::assert_snapshot!("lint_bundled_human", run(&["lint", "vaccination-pcv"]));
    insta::assert_snapshot!(
        "lint_bundled_json",
        run(&["lint", "vaccination-pcv", "--format", "json"])
    );
}

#[test]
fn lint_definition_with_a_cycle() {
    let path = "fuzz/regressions/definition/dependency-cycle.json";
    insta::assert_snapshot!("lint_cycle_human", run(&["lint", path]));
    insta::assert_snapshot!("lint_cycle_json", run(&["lint", path, "--format", "json"]));
}

#[test]
fn validate_invalid_answers() {
    let answers = example("vaccination-pcv.invalid");
    let args = ["validate", "vaccination-pcv", &answers, "--today", TODAY];
    insta::assert_snapshot!("validate_invalid_human", run(&args));
    let json = [&args[..], &["--format", "json"]].concat();
    insta::assert_snapshot!("validate_invalid_json", run(&json));
}

#[test]
fn validate_complete_answers() {
    let answers = example("child-3y.complete");
    let args = [
        "validate",
        "child-3y",
        &answers,
        "--complete",
        "--today",
        TODAY,
    ];
    insta::assert_snapshot!("validate_complete_human", run(&args));
    let json = [&args[..], &["--format", "json"]].concat();
    insta::assert_snapshot!("validate_complete_json", run(&json));
}

#[test]
fn normalize_invalid_answers() {
    let answers = example("vaccination-pcv.invalid");
    insta::assert_snapshot!(run(&["normalize", "vaccination-pcv", &answers]));
}

#[test]
fn diff_draft_to_complete() {
    let (draft, complete) = (example("child-1y6m.draft"), example("child-1y6m.complete"));
    let args = ["diff", "child-1y6m", &draft, &complete];
    insta::assert_snapshot!("diff_human", run(&args));
    let json = [&args[..], &["--format", "json"]].concat();
    insta::assert_snapshot!("diff_json", run(&json));
}

#[test]
fn merge_of_two_sides() {
    let (draft, complete) = (
        example("vaccination-flu-elderly.draft"),
        example("vaccination-flu-elderly.complete"),
    );
    let args = [
        "merge",
        "vaccination-flu-elderly",
        &draft,
        &complete,
        &draft,
    ];
    insta::assert_snapshot!(run(&args));
}

#[test]
fn payload_answered_and_refused() {
    let complete = example("vaccination-pcv.complete");
    let args = [
        "payload",
        "vaccination-pcv",
        &complete,
        "--status",
        "answered",
        "--last-page",
        "4",
        "--today",
        TODAY,
    ];
    insta::assert_snapshot!("payload_answered", run(&args));
    let draft = example("vaccination-pcv.draft");
    let refused = [
        "payload",
        "vaccination-pcv",
        &draft,
        "--status",
        "answered",
        "--last-page",
        "2",
        "--today",
        TODAY,
        "--format",
        "json",
    ];
    insta::assert_snapshot!("payload_refused_json", run(&refused));
}

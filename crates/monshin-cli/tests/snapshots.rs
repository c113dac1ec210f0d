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

#[test]
fn forms() {
    insta::assert_snapshot!(run(&["forms"]));
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

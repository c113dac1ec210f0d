//! `monshin fhir …` end to end through the binary.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../monshin-fhir/tests/fixtures")
        .join(name)
}

fn monshin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_monshin"))
        .args(args)
        .output()
        .expect("run monshin")
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn validate_reports_exactly_the_disabled_item_in_the_third_repetition() {
    let q = fixture("family.questionnaire.json");
    let r = fixture("family-disabled-in-3rd.response.json");
    let out = monshin(&[
        "fhir",
        "validate",
        path(&q),
        path(&r),
        "--today",
        "2026-04-01",
    ]);
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(
        lines[0].starts_with(
            "error[answers.answered-while-disabled] QuestionnaireResponse.item[3].item[2]:"
        ),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!stdout.contains("SENTINEL"));

    let json = monshin(&[
        "fhir",
        "validate",
        path(&q),
        path(&r),
        "--today",
        "2026-04-01",
        "--format",
        "json",
    ]);
    let oo: serde_json::Value = serde_json::from_slice(&json.stdout).expect("OperationOutcome");
    assert_eq!(oo["resourceType"], "OperationOutcome");
    assert_eq!(oo["issue"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        oo["issue"][0]["expression"][0],
        "QuestionnaireResponse.item[3].item[2]"
    );
}

#[test]
fn export_then_import_gives_back_the_bundled_form() {
    let exported = monshin(&["fhir", "export", "child-3y"]);
    assert_eq!(exported.status.code(), Some(0));
    let dir = std::env::temp_dir().join(format!("monshin-fhir-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("child-3y.questionnaire.json");
    std::fs::write(&file, &exported.stdout).expect("write");
    let imported = monshin(&["fhir", "import", path(&file)]);
    assert_eq!(
        imported.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let back: monshin_core::Definition =
        serde_json::from_slice(&imported.stdout).expect("definition");
    let bundled: monshin_core::Definition =
        serde_json::from_str(monshin_forms_definition("child-3y")).expect("bundled");
    assert!(
        back == bundled,
        "the imported definition differs from the bundled one"
    );
    std::fs::remove_dir_all(&dir).ok();
}

fn monshin_forms_definition(name: &str) -> &'static str {
    monshin_forms::by_name(name).expect("bundled").definition
}

#[test]
fn to_pmh_prints_an_answer_set_with_sequence_numbers() {
    let q = fixture("family.questionnaire.json");
    let r = fixture("family-disabled-in-3rd.response.json");
    let out = monshin(&["fhir", "to-pmh", path(&q), path(&r)]);
    assert_eq!(out.status.code(), Some(0));
    let set: serde_json::Value = serde_json::from_slice(&out.stdout).expect("answer set");
    assert_eq!(set["status"], "answered");
    let answers = set["answers"].as_array().expect("answers");
    assert!(answers
        .iter()
        .any(|a| a["id"] == "cigarettes" && a["seq"] == 3 && a["value"] == "5"));
}

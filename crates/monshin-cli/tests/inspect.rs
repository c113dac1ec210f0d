//! `monshin inspect`: every golden and odd PMH document is read with its kind detected, odd
//! ones with their read findings; exit codes 0 / 1 (error findings, `--strict`) / 2 (not
//! JSON); and no personal value or odd value is printed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn monshin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_monshin"))
        .args(args)
        .output()
        .expect("run monshin")
}

fn wire_tests() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../monshin-wire/tests")
}

/// `(kind folder, file)` of every `.json` under `dir/<kind>/`.
fn documents(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for kind in fs::read_dir(dir).expect("dir") {
        let kind = kind.expect("entry").path();
        for file in fs::read_dir(&kind).expect("kind dir") {
            let file = file.expect("entry").path();
            if file.extension().is_some_and(|e| e == "json") {
                let name = kind
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned();
                out.push((name, file));
            }
        }
    }
    out.sort();
    out
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn golden_documents_are_detected_and_read_without_findings() {
    let docs = documents(&wire_tests().join("golden"));
    assert!(docs.len() >= 15, "only {} golden documents", docs.len());
    for (kind, file) in docs {
        let out = monshin(&["inspect", file.to_str().expect("path")]);
        let shown = text(&out);
        assert_eq!(out.status.code(), Some(0), "{}: {shown}", file.display());
        assert!(
            shown.starts_with(&format!("{kind} (operation ")),
            "{}: kind not detected: {shown}",
            file.display()
        );
        assert!(shown.contains("no read findings"), "{shown}");
        // 基本５情報 of the golden answer reads is redacted.
        assert!(!shown.contains("山田"), "{shown}");
    }
}

#[test]
fn odd_documents_are_read_with_their_findings_and_fail_strictly() {
    let docs = documents(&wire_tests().join("odd"));
    assert!(docs.len() >= 9, "only {} odd documents", docs.len());
    for (kind, file) in docs {
        let path = file.to_str().expect("path");
        let out = monshin(&["inspect", path]);
        let shown = text(&out);
        assert_eq!(out.status.code(), Some(0), "{path}: {shown}");
        assert!(shown.starts_with(&kind), "{path}: {shown}");
        assert!(!shown.contains("SENTINEL"), "{path}: {shown}");
        let expected = fs::read_to_string(file.with_extension("findings")).expect("findings");
        let expected: Vec<&str> = expected
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .collect();
        for line in &expected {
            let (code, pointer) = line.split_once(' ').expect("code pointer");
            assert!(
                shown.contains(&format!("warning[{code}] {pointer}:")),
                "{path}: {line} missing in {shown}"
            );
        }
        let strict = monshin(&["inspect", "--strict", "--format", "json", path]);
        let want = if expected.is_empty() { 0 } else { 1 };
        assert_eq!(
            strict.status.code(),
            Some(want),
            "{path}: {}",
            text(&strict)
        );
        assert!(!text(&strict).contains("SENTINEL"), "{}", text(&strict));
    }
}

#[test]
fn exit_codes_say_readable_error_or_not_json() {
    let dir = std::env::temp_dir().join(format!("monshin-inspect-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let wrong = dir.join("wrong-type.json");
    fs::write(
        &wrong,
        r#"{"forms":[{"formId":"Y-1","title":"t","answerable":"SENTINEL_はい","status":"下書き"}]}"#,
    )
    .expect("write");
    let out = monshin(&["inspect", wrong.to_str().expect("path")]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("error[wire.wrong-type] /forms/0/answerable"),
        "{shown}"
    );
    assert!(!shown.contains("SENTINEL"), "{shown}");

    let not_json = dir.join("not-json.json");
    fs::write(&not_json, "SENTINEL_not json").expect("write");
    let out = monshin(&["inspect", not_json.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(!text(&out).contains("SENTINEL"), "{}", text(&out));

    // A read response given as the wrong kind does not fit: an error finding.
    let golden = wire_tests().join("golden/vaccination-form-list/three-statuses.json");
    let out = monshin(&[
        "inspect",
        "--kind",
        "child-checkups",
        golden.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("error[wire.missing-field] /checkups"),
        "{}",
        text(&out)
    );
    // An unknown kind is a usage error that lists the kinds.
    let out = monshin(&["inspect", "--kind", "nope", golden.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("vaccination-form-list"),
        "{}",
        text(&out)
    );
    let _ = fs::remove_dir_all(&dir);
}

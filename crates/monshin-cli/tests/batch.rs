//! The `monshin` binary: `validate --batch` (order, malformed and oversized lines, exit codes),
//! `schema`, and the absence of answer values in every CLI output about answers.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const SENTINEL: &str = "SENTINEL_秘密_1234";

fn monshin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_monshin"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn monshin");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // The child may stop reading early; a broken pipe is not this test's concern.
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    out
}

fn one_line(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).expect("json");
    serde_json::to_string(&v).expect("json")
}

fn pcv() -> &'static monshin_forms::BundledForm {
    monshin_forms::by_name("vaccination-pcv").expect("bundled")
}

#[test]
fn batch_keeps_input_order_and_reports_malformed_lines() {
    let f = pcv();
    let complete = one_line(f.complete_answers);
    let invalid = one_line(f.invalid_answers.expect("invalid example"));
    let mut input = String::new();
    let mut expected = Vec::new();
    for i in 0..3000 {
        let line = i + 1;
        match i % 5 {
            0 => {
                input.push_str(&complete);
                expected.push((line, "valid"));
            }
            1 => {
                input.push_str(&invalid);
                expected.push((line, "invalid"));
            }
            2 => {
                input.push_str("{\"definition\": \"vaccination-pcv\", \"status\": ");
                expected.push((line, "document.json-syntax"));
            }
            3 => {
                input.push_str(r#"{"definition": "vaccination-pcv", "status": "draft", "answers": [{"id": "X", "seq": "1", "value": "x"}]}"#);
                expected.push((line, "document.json-shape"));
            }
            _ => input.push_str("   "),
        }
        input.push_str(if i % 2 == 0 { "\n" } else { "\r\n" });
    }
    let out = monshin(
        &[
            "validate",
            "--batch",
            "vaccination-pcv",
            "--complete",
            "--today",
            "2026-04-01",
        ],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1), "some sets are invalid");
    assert!(
        out.stderr.is_empty(),
        "no progress bar when stderr is not a terminal"
    );
    let text = String::from_utf8(out.stdout).expect("utf8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), expected.len());
    for (l, (line, what)) in lines.iter().zip(&expected) {
        let v: serde_json::Value = serde_json::from_str(l).expect("each output line is JSON");
        assert_eq!(v["line"].as_u64(), Some(*line as u64), "{l}");
        match *what {
            "valid" => assert_eq!(v["valid"], true, "{l}"),
            "invalid" => {
                assert_eq!(v["valid"], false, "{l}");
                assert!(v["findings"].as_array().is_some_and(|f| !f.is_empty()));
            }
            code => {
                assert_eq!(v["error"]["code"], code, "{l}");
                assert!(v["error"]["message"].is_string());
            }
        }
    }
}

#[test]
fn batch_survives_oversized_lines_and_reports_success() {
    let f = pcv();
    let draft = one_line(f.draft_answers);
    // 5 MiB line, over the 4 MiB answer-set limit.
    let huge = format!(r#"{{"definition": "{}"}}"#, "x".repeat(5 << 20));
    let input = format!("{draft}\n{huge}\n{draft}");
    let out = monshin(
        &[
            "validate",
            "--batch",
            "vaccination-pcv",
            "--today",
            "2026-04-01",
        ],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("utf8");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[1]["error"]["code"], "document.too-large");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[2]["valid"], true);
    assert_eq!(lines[2]["line"], 3);

    let ok = monshin(
        &[
            "validate",
            "--batch",
            "vaccination-pcv",
            "--today",
            "2026-04-01",
        ],
        format!("{draft}\n\n{draft}\n").as_bytes(),
    );
    assert_eq!(ok.status.code(), Some(0));
    let empty = monshin(&["validate", "--batch", "vaccination-pcv"], b"");
    assert_eq!(empty.status.code(), Some(0));
    assert!(empty.stdout.is_empty());
}

#[test]
fn batch_and_answers_argument_are_exclusive() {
    let out = monshin(&["validate", "vaccination-pcv"], b"");
    assert_eq!(out.status.code(), Some(2), "ANSWERS or --batch is required");
    let out = monshin(&["validate", "--batch", "vaccination-pcv", "x.json"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn schema_command_prints_a_2020_12_schema() {
    let out = monshin(&["schema", "child-3y", "--mode", "complete"], b"");
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(v["properties"]["definition"]["const"], "child-3y");
    let cov = monshin(&["schema", "child-3y", "--coverage"], b"");
    assert!(String::from_utf8_lossy(&cov.stdout).contains("answers.type-mismatch"));
    let bad = monshin(&["schema", "no-such-form"], b"");
    assert_eq!(bad.status.code(), Some(2));
}

/// The PCV complete example with a sentinel in every answer value, written to a file.
fn sentinel_answers(dir: &std::path::Path) -> (std::path::PathBuf, String) {
    let mut doc: serde_json::Value = serde_json::from_str(pcv().complete_answers).expect("json");
    if let Some(list) = doc["answers"].as_array_mut() {
        for (i, a) in list.iter_mut().enumerate() {
            a["value"] = match i % 3 {
                0 => SENTINEL.to_string(),
                1 => format!("\u{3000}{SENTINEL}\u{3000}"),
                _ => format!("{SENTINEL}\u{7}"),
            }
            .into();
        }
    }
    let text = serde_json::to_string(&doc).expect("json");
    let path = dir.join("sentinel.answers.json");
    std::fs::write(&path, &text).expect("write");
    (path, text)
}

fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for needle in ["SENTINEL", "秘密", "1234"] {
        assert!(!text.contains(needle), "{what} leaks {needle:?}: {text}");
    }
}

#[test]
fn cli_outputs_about_answers_contain_no_answer_values() {
    let dir = std::env::temp_dir().join(format!("monshin-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (path, text) = sentinel_answers(&dir);
    let p = path.to_str().expect("utf8 path");
    for args in [
        vec![
            "validate",
            "vaccination-pcv",
            p,
            "--format",
            "json",
            "--today",
            "2026-04-01",
        ],
        vec![
            "validate",
            "vaccination-pcv",
            p,
            "--complete",
            "--today",
            "2026-04-01",
        ],
    ] {
        let out = monshin(&args, b"");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_clean("validate stdout", &out.stdout);
        assert_clean("validate stderr", &out.stderr);
    }
    let batch_input =
        format!("{text}\n{{\"definition\": \"{SENTINEL}\", \"status\": \"{SENTINEL}\"}}\n{text}");
    let out = monshin(
        &[
            "validate",
            "--batch",
            "vaccination-pcv",
            "--complete",
            "--today",
            "2026-04-01",
        ],
        batch_input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_clean("batch stdout", &out.stdout);
    assert_clean("batch stderr", &out.stderr);
    // `normalize` prints the answer set itself on stdout (that is its job); its report of
    // changes, on stderr, must not show values.
    let out = monshin(&["normalize", "vaccination-pcv", p], b"");
    assert_clean("normalize stderr", &out.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

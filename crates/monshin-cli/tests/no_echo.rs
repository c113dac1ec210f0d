//! Nothing a user typed appears in an error: a sentinel is put into every key, ID, value and
//! argument of the documents every command reads, and no output about a problem contains it,
//! in human and JSON form. Errors are one JSON object with `--format json`, usage errors too.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Looks like a master ID, a key and a name at once: the hardest case to keep out.
const SENTINEL: &str = "YAMADA_Taro_19850401";
/// Japanese text, as a pasted name would be.
const SENTINEL_JA: &str = "山田太郎";

fn monshin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_monshin"))
        .args(args)
        .output()
        .expect("run monshin")
}

fn dir(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("monshin-no-echo-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p.display().to_string()
}

fn pcv() -> &'static monshin_forms::BundledForm {
    monshin_forms::by_name("vaccination-pcv").expect("bundled")
}

/// A copy of the complete example with `edit` applied to its JSON.
fn edited(edit: impl Fn(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(pcv().complete_answers).expect("json");
    edit(&mut v);
    serde_json::to_string_pretty(&v).expect("json")
}

/// Every answer-set document with the sentinel in one place.
fn poisoned_answer_sets() -> Vec<(&'static str, String)> {
    let s = |t: &str| serde_json::Value::String(t.to_string());
    let mut out = Vec::new();
    for sentinel in [SENTINEL, SENTINEL_JA] {
        out.push(("unknown top-level key", edited(|v| v[sentinel] = 1.into())));
        out.push((
            "unknown key in an answer",
            edited(|v| v["answers"][0][sentinel] = 1.into()),
        ));
        out.push((
            "unknown master ID",
            edited(|v| v["answers"][0]["id"] = s(sentinel)),
        ));
        out.push((
            "answer value",
            edited(|v| v["answers"][0]["value"] = s(sentinel)),
        ));
        out.push(("form ID", edited(|v| v["formId"] = s(sentinel))));
        out.push(("status", edited(|v| v["status"] = s(sentinel))));
        out.push(("seq", edited(|v| v["answers"][0]["seq"] = s(sentinel))));
        out.push(("last page", edited(|v| v["lastPage"] = s(sentinel))));
    }
    out
}

fn assert_clean(what: &str, args: &[&str], out: &Output, check_stdout: bool) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    for sentinel in [SENTINEL, SENTINEL_JA, "YAMADA", "山田"] {
        assert!(
            !stderr.contains(sentinel),
            "{what}: {args:?} stderr echoes it:\n{stderr}"
        );
        if check_stdout {
            assert!(
                !stdout.contains(sentinel),
                "{what}: {args:?} stdout echoes it:\n{stdout}"
            );
        }
    }
}

#[test]
fn no_command_echoes_what_was_typed() {
    let d = dir("no_command_echoes_what_was_typed");
    let good = write(&d, "good.json", pcv().complete_answers);
    let mut runs = 0;
    for (i, (what, doc)) in poisoned_answer_sets().into_iter().enumerate() {
        let bad = write(&d, &format!("bad{i}.json"), &doc);
        for format in ["human", "json"] {
            let commands: Vec<(Vec<&str>, bool)> = vec![
                (
                    vec!["validate", "vaccination-pcv", &bad, "--format", format],
                    true,
                ),
                (
                    vec![
                        "validate",
                        "vaccination-pcv",
                        &bad,
                        "--complete",
                        "--format",
                        format,
                    ],
                    true,
                ),
                (
                    vec!["diff", "vaccination-pcv", &good, &bad, "--format", format],
                    false,
                ),
                (
                    vec![
                        "payload",
                        "vaccination-pcv",
                        &bad,
                        "--status",
                        "answered",
                        "--last-page",
                        "5",
                        "--format",
                        format,
                    ],
                    false,
                ),
            ];
            for (args, check_stdout) in commands {
                let out = monshin(&args);
                assert_clean(what, &args, &out, check_stdout);
                runs += 1;
            }
        }
        // Commands whose standard output is the document itself: only their diagnostics.
        for args in [
            vec!["normalize", "vaccination-pcv", bad.as_str()],
            vec!["merge", "vaccination-pcv", &good, &bad, &good],
            vec!["merge", "vaccination-pcv", &good, &good, &bad],
        ] {
            let out = monshin(&args);
            assert_clean(what, &args, &out, false);
            runs += 1;
        }
    }
    // Definitions: an unknown key, a master ID in an expression, a form ID.
    let mut def: serde_json::Value = serde_json::from_str(pcv().definition).expect("json");
    def[SENTINEL] = 1.into();
    let unknown_key = write(&d, "def-key.json", &def.to_string());
    let mut def: serde_json::Value = serde_json::from_str(pcv().definition).expect("json");
    def["pages"][0]["items"][0]["enableWhen"] = format!("${SENTINEL} = 1").into();
    let unknown_ref = write(&d, "def-ref.json", &def.to_string());
    for path in [&unknown_key, &unknown_ref] {
        for format in ["human", "json"] {
            for args in [
                vec!["lint", path.as_str(), "--format", format],
                vec!["validate", path.as_str(), &good, "--format", format],
                vec!["schema", path.as_str()],
            ] {
                let mut out = monshin(&args);
                // The caret excerpt (`   | …`) quotes the author's definition to its author;
                // every message and location stays clean.
                let stdout = String::from_utf8_lossy(&out.stdout).to_string();
                let kept: Vec<&str> = stdout.lines().filter(|l| !l.starts_with("   |")).collect();
                out.stdout = kept.join("\n").into_bytes();
                assert_clean("definition", &args, &out, args[0] != "schema");
                runs += 1;
            }
        }
    }
    // Arguments: a form name, a date, an unknown option, a value not in a list.
    for format in ["human", "json"] {
        for args in [
            vec!["lint", SENTINEL, "--format", format],
            vec![
                "validate",
                "vaccination-pcv",
                &good,
                "--today",
                SENTINEL,
                "--format",
                format,
            ],
            vec![
                "validate",
                "vaccination-pcv",
                &good,
                "--yamada-taro",
                "--format",
                format,
            ],
            vec![
                "validate",
                "vaccination-pcv",
                &good,
                "--mode",
                SENTINEL,
                "--format",
                format,
            ],
            vec![
                "payload",
                "vaccination-pcv",
                &good,
                "--status",
                SENTINEL,
                "--last-page",
                "1",
                "--format",
                format,
            ],
            vec![
                "lint",
                &format!("/nonexistent/{SENTINEL}.json"),
                "--format",
                format,
            ],
            vec![SENTINEL, "--format", format],
        ] {
            let out = monshin(&args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            assert_clean("argument", &args, &out, true);
            runs += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&d);
    assert!(runs >= 150, "{runs} runs");
}

#[test]
fn with_format_json_every_error_is_one_json_object() {
    let d = dir("with_format_json_every_error_is_one_json_object");
    let good = write(&d, "good-json.json", pcv().complete_answers);
    let broken = write(&d, "broken.json", "{\"formId\": ");
    for args in [
        vec!["validate", "vaccination-pcv", "--format", "json"],
        vec![
            "validate",
            "vaccination-pcv",
            "/nonexistent/a.json",
            "--format",
            "json",
        ],
        vec!["validate", "vaccination-pcv", &broken, "--format", "json"],
        vec![
            "validate",
            "vaccination-pcv",
            &good,
            "--today",
            "2026-13-01",
            "--format=json",
        ],
        vec!["lint", "vaccination-pc", "--format", "json"],
        vec![
            "validate",
            "vaccination-pcv",
            &good,
            "--bogus",
            "--format",
            "json",
        ],
    ] {
        let out = monshin(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?}: not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        });
        let code = v["error"]["code"].as_str().unwrap_or_default();
        assert!(code.contains('.'), "{args:?}: {v}");
        assert_eq!(v["error"]["severity"], "error");
        assert!(out.stderr.is_empty(), "{args:?}");
    }
    let out = monshin(&["validate", "vaccination-pcv", &broken, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["error"]["code"], "document.json-syntax");
    assert_eq!(v["error"]["location"]["line"], 1);
    let out = monshin(&["lint", "vaccination-pc", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["error"]["code"], "cli.unknown-form");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("`vaccination-pcv`"),
        "{v}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn validate_uses_the_status_in_the_answer_set_unless_told() {
    let d = dir("validate_uses_the_status_in_the_answer_set_unless_told");
    // The draft example is 回答済み-incomplete: clean in draft mode, not in complete mode.
    let answered = edited(|v| {
        let draft: serde_json::Value = serde_json::from_str(pcv().draft_answers).expect("json");
        *v = draft;
        v["status"] = "回答済み".into();
    });
    let path = write(&d, "answered.json", &format!("\u{feff}{answered}"));
    assert_eq!(
        monshin(&["validate", "vaccination-pcv", &path])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        monshin(&["validate", "vaccination-pcv", &path, "--mode", "draft"])
            .status
            .code(),
        Some(0)
    );
    let draft = write(&d, "draft.json", pcv().draft_answers);
    assert_eq!(
        monshin(&["validate", "vaccination-pcv", &draft])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        monshin(&["validate", "vaccination-pcv", &draft, "--complete"])
            .status
            .code(),
        Some(1)
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn normalize_keeps_order_and_fails_on_unknown_items() {
    let d = dir("normalize_keeps_order_and_fails_on_unknown_items");
    let doc = edited(|v| {
        let answers = v["answers"].as_array_mut().expect("answers");
        answers.reverse();
        answers.push(serde_json::json!({"id": "NOT_AN_ITEM", "seq": 1, "value": "1"}));
    });
    let path = write(&d, "reversed.json", &doc);
    let out = monshin(&["normalize", "vaccination-pcv", &path]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let ids: Vec<&str> = v["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    let input: serde_json::Value = serde_json::from_str(&doc).expect("json");
    let want: Vec<&str> = input["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert_eq!(ids, want);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cli.unknown-items") && !stderr.contains("NOT_AN_ITEM"),
        "{stderr}"
    );
    let clean = write(&d, "clean.json", pcv().complete_answers);
    assert_eq!(
        monshin(&["normalize", "vaccination-pcv", &clean])
            .status
            .code(),
        Some(0)
    );
    let _ = std::fs::remove_dir_all(&d);
}

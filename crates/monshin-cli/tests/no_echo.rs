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
        out.push(("definition ID", edited(|v| v["definition"] = s(sentinel))));
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
    let broken = write(&d, "broken.json", "{\"definition\": ");
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

fn monshin_with_stdin(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_monshin"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run monshin");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait")
}

fn wire_golden(kind: &str, name: &str) -> serde_json::Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../monshin-wire/tests/golden")
        .join(kind)
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(p).expect("golden")).expect("json")
}

/// The commands of PMH documents, catalogue resolution, FHIR and batch validation: the
/// sentinel in keys, open-vocabulary values, codes and linkIds never reaches their diagnostics
/// (their standard output is the redacted document, the resolution or the report).
#[test]
fn pmh_catalogue_fhir_and_batch_commands_echo_nothing() {
    let d = dir("pmh_catalogue_fhir_and_batch_commands_echo_nothing");
    let mut runs = 0;
    for sentinel in [SENTINEL, SENTINEL_JA] {
        // validate --batch: every poisoned set, one per line, through standard input.
        let lines: Vec<String> = poisoned_answer_sets()
            .into_iter()
            .map(|(_, doc)| {
                let v: serde_json::Value = serde_json::from_str(&doc).expect("json");
                v.to_string()
            })
            .collect();
        let args = ["validate", "--batch", "vaccination-pcv"];
        let out = monshin_with_stdin(&args, &(lines.join("\n") + "\n"));
        assert_clean("batch", &args, &out, true);
        runs += 1;

        // inspect: an unknown key, a status outside the guideline's list, an unknown member
        // inside an entry; printed redacted, findings by JSON Pointer.
        let mut list = wire_golden("vaccination-form-list", "three-statuses.json");
        list[sentinel] = 1.into();
        list["forms"][0]["status"] = sentinel.into();
        list["forms"][1][sentinel] = sentinel.into();
        let file = write(&d, "form-list.json", &list.to_string());
        for format in ["human", "json"] {
            for strict in [false, true] {
                let mut args = vec!["inspect", file.as_str(), "--format", format];
                if strict {
                    args.push("--strict");
                }
                let out = monshin(&args);
                assert_clean("inspect", &args, &out, true);
                runs += 1;
            }
        }

        // resolve: a vaccination-list entry whose code and name match nothing in the catalogue.
        let mut vaccinations = wire_golden("vaccination-list", "pcv-and-mr.json");
        vaccinations["vaccinations"][0]["kind"]["vaccineType"] = sentinel.into();
        vaccinations["vaccinations"][0]["kind"]["vaccineCommonName"] = sentinel.into();
        let file = write(&d, "vaccination-list.json", &vaccinations.to_string());
        let args = ["resolve", file.as_str()];
        let out = monshin(&args);
        assert_clean("resolve", &args, &out, true);
        runs += 1;

        // fhir validate: an unknown linkId and an answer to it.
        let fixtures =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../monshin-fhir/tests/fixtures");
        let q = fixtures.join("family.questionnaire.json");
        let mut response: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(fixtures.join("family-disabled-in-3rd.response.json"))
                .expect("fixture"),
        )
        .expect("json");
        let items = response["item"].as_array_mut().expect("items");
        items.push(serde_json::json!({
            "linkId": sentinel,
            "answer": [{ "valueString": sentinel }]
        }));
        let file = write(&d, "response.json", &response.to_string());
        for format in ["human", "json"] {
            let args = [
                "fhir",
                "validate",
                q.to_str().expect("utf-8"),
                file.as_str(),
                "--format",
                format,
            ];
            let out = monshin(&args);
            assert_clean("fhir validate", &args, &out, true);
            runs += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&d);
    assert_eq!(runs, 16);
}

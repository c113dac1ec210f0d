//! Answers are health data: they never appear in messages, `Debug` or JSON findings.
//!
//! Every error path is driven with sentinel answer values (`SENTINEL_秘密_1234` and variants):
//! document errors of every kind, findings of every answer-set code (the test fails if a code
//! is not produced), normalisation reports and the `Debug` of answer sets, reports and
//! rejections; each output is searched for the sentinel. The CLI's outputs are checked by
//! `crates/monshin-cli/tests/batch.rs`.

use std::collections::BTreeSet;

use monshin_core::{
    AnswerSet, AnswersDoc, CompiledForm, Finding, FindingCode, Limits, Mode, Options,
};

const SENTINEL: &str = "SENTINEL_秘密_1234";
/// A master ID the form lacks. IDs are keys, not answers (`Debug` shows them), but an ID that
/// is not an identifier is not echoed in findings.
const UNKNOWN_ID: &str = "NOPE_キー";
/// What must never be seen: the sentinel, and its distinctive parts; and the parts of the
/// dates and times typed to drive the refusal codes (which cannot carry the sentinel).
const NEEDLES: &[&str] = &[
    "SENTINEL", "秘密", "1234", "31年", "2月30", "明治5", "午後12", "24:00",
];

fn assert_clean(what: &str, text: &str) {
    for n in NEEDLES {
        assert!(!text.contains(n), "{what} leaks {n:?}: {text}");
    }
}

fn check_finding(f: &Finding) {
    assert_clean("Finding Display", &f.to_string());
    assert_clean("Finding Debug", &format!("{f:?}"));
    assert_clean(
        "Finding JSON",
        &serde_json::to_string(f).expect("serialises"),
    );
    assert_clean("Location Display", &f.location.to_string());
}

const DEFINITION: &str = r#"{
  "formKind": "vaccination", "id": "SENT", "title": "t", "version": "1",
  "pages": [
    { "number": 1, "label": "p1", "items": [
      { "id": "T_PAT", "type": "text", "text": "digits", "pattern": "[0-9]+" },
      { "id": "T_SHORT", "type": "text", "text": "short", "maxLength": 5 },
      { "id": "T_FREE", "type": "text", "text": "free" },
      { "id": "T_LONG", "type": "long-text", "text": "long" },
      { "id": "YN", "type": "yes-no", "text": "yn", "required": true },
      { "id": "FOLLOW", "type": "text", "text": "follow", "enableWhen": "$YN = true" },
      { "id": "CH", "type": "single-choice", "text": "ch",
        "options": [ { "code": "1", "label": "はい" }, { "code": "2", "label": "いいえ" } ] },
      { "id": "MC", "type": "multi-choice", "text": "mc", "maxSelected": 1,
        "options": [ { "code": "1", "label": "a" }, { "code": "2", "label": "b" }, { "code": "3", "label": "c" } ] },
      { "id": "INT", "type": "integer", "text": "int", "min": 0, "max": 10 },
      { "id": "DEC", "type": "decimal", "text": "dec", "precision": 1 },
      { "id": "DT", "type": "date", "text": "dt", "required": true },
      { "id": "YM", "type": "year-month", "text": "ym" },
      { "id": "CONS", "type": "consent", "text": "cons" },
      { "id": "NOTE", "type": "note", "text": "note" },
      { "id": "CALC", "type": "integer", "text": "calc", "calculate": "1 + 1" },
      { "id": "CONSTR", "type": "text", "text": "constr",
        "constraints": [ { "code": "short", "expr": "length($CONSTR) < 3", "message": "too long" } ] },
      { "id": "ELIG", "type": "text", "text": "elig", "constraints": [
        { "code": "f", "expr": "length($ELIG) < 3", "severity": "warning", "kind": "fever" },
        { "code": "a", "expr": "length($ELIG) < 3", "severity": "warning", "kind": "age-outside-period" },
        { "code": "i", "expr": "length($ELIG) < 3", "severity": "warning", "kind": "interval-too-short" } ] },
      { "id": "TM", "type": "time", "text": "tm" },
      { "id": "KN", "type": "kana", "text": "kn" },
      { "id": "W", "type": "integer", "text": "w", "unit": "g" },
      { "id": "AMB", "type": "single-choice", "text": "amb",
        "options": [ { "code": "1", "label": "ある（治療中）" }, { "code": "2", "label": "ある（治癒）" } ] },
      { "id": "G", "type": "group", "text": "g", "minRepeat": 2, "maxRepeat": 3,
        "items": [ { "id": "G_A", "type": "text", "text": "ga" } ] }
    ] },
    { "number": 2, "label": "p2", "items": [
      { "id": "P2", "type": "text", "text": "p2", "required": true }
    ] },
    { "number": 3, "label": "clinic", "filledBy": "clinic", "items": [
      { "id": "DR", "type": "text", "text": "dr", "required": true }
    ] }
  ]
}"#;

/// Answer sets that together produce every answer-set finding code, sentinels everywhere.
fn answer_sets() -> Vec<String> {
    let s = SENTINEL;
    vec![
        format!(
            r#"{{"definition": "OTHER", "status": "answered", "lastPage": 5, "answers": [
              {{"id": "{UNKNOWN_ID}", "seq": 1, "value": "{s}"}},
              {{"id": "NOTE", "seq": 1, "value": "{s}"}},
              {{"id": "T_PAT", "seq": 1, "value": "{s}"}},
              {{"id": "T_PAT", "seq": 1, "value": "{s}"}},
              {{"id": "T_SHORT", "seq": 1, "value": "{s}"}},
              {{"id": "T_FREE", "seq": 1, "value": "{s}\r"}},
              {{"id": "T_LONG", "seq": 1, "value": "{s}\u0007"}},
              {{"id": "T_LONG", "seq": 2, "value": "{s}"}},
              {{"id": "YN", "seq": 1, "value": "0"}},
              {{"id": "FOLLOW", "seq": 1, "value": "{s}"}},
              {{"id": "CH", "seq": 1, "value": "{s}"}},
              {{"id": "MC", "seq": 1, "value": "1,2"}},
              {{"id": "INT", "seq": 1, "value": "{s}"}},
              {{"id": "DEC", "seq": 1, "value": "36.55"}},
              {{"id": "YM", "seq": 1, "value": "{s}"}},
              {{"id": "CONS", "seq": 1, "value": "{s}"}},
              {{"id": "CALC", "seq": 1, "value": "1234"}},
              {{"id": "CONSTR", "seq": 1, "value": "{s}"}},
              {{"id": "G_A", "seq": 1, "value": "{s}"}},
              {{"id": "G_A", "seq": 3, "value": "{s}"}},
              {{"id": "G_A", "seq": 4, "value": "{s}"}},
              {{"id": "G_A", "seq": 0, "value": "{s}"}}
            ]}}"#
        ),
        format!(
            r#"{{"definition": "SENT", "status": "answered", "lastPage": 1, "answers": [
              {{"id": "INT", "seq": 1, "value": "１２34"}},
              {{"id": "DT", "seq": 1, "value": "{s}"}},
              {{"id": "YN", "seq": 1, "value": "はい"}},
              {{"id": "INT", "seq": 2, "value": "1234"}},
              {{"id": "ELIG", "seq": 1, "value": "{s}"}},
              {{"id": "DR", "seq": 1, "value": "{s}"}}
            ]}}"#
        ),
        format!(
            r#"{{"definition": "SENT", "status": "draft", "lastPage": 1, "answers": [
              {{"id": "DT", "seq": 1, "value": "平成31年5月1日"}},
              {{"id": "YM", "seq": 1, "value": "明治5年1月"}},
              {{"id": "TM", "seq": 1, "value": "午後12時"}},
              {{"id": "KN", "seq": 1, "value": "{s}"}},
              {{"id": "W", "seq": 1, "value": "1234cm"}},
              {{"id": "AMB", "seq": 1, "value": "はい"}},
              {{"id": "T_FREE", "seq": 1, "value": "{s}\u202e"}}
            ]}}"#
        ),
        format!(
            r#"{{"definition": "SENT", "status": "draft", "lastPage": 1, "answers": [
              {{"id": "DT", "seq": 1, "value": "令和6年2月30日"}},
              {{"id": "TM", "seq": 1, "value": "24:00"}},
              {{"id": "T_FREE", "seq": 1, "value": "\u3000"}}
            ]}}"#
        ),
        format!(
            r#"{{"definition": "SENT", "status": "unanswered", "lastPage": 1, "answers": [
              {{"id": "T_FREE", "seq": 1, "value": "{s}"}}]}}"#
        ),
        format!(
            r#"{{"definition": "SENT", "status": "draft", "answers": [
              {{"id": "INT", "seq": 1, "value": "12341234"}},
              {{"id": "T_FREE", "seq": 1, "value": "{s}"}}]}}"#
        ),
    ]
}

#[test]
fn findings_of_every_code_are_free_of_answer_values() {
    let limits = Limits::default();
    let form = CompiledForm::from_json(DEFINITION.as_bytes(), &limits).expect("compiles");
    let today = monshin_expr::Date::from_ymd(2026, 4, 1).expect("date");
    let mut seen = BTreeSet::new();
    for text in answer_sets() {
        for mode in [Mode::Draft, Mode::Complete] {
            let options = Options { mode, today };
            let report = form
                .validate_json(text.as_bytes(), &options)
                .expect("parses");
            assert_clean("Report Debug", &format!("{report:?}"));
            for f in report.findings() {
                check_finding(f);
                seen.insert(f.code);
            }
            let doc = AnswersDoc::from_json(text.as_bytes(), &limits).expect("parses");
            assert_clean("AnswersDoc Debug", &format!("{doc:?}"));
        }
        let set = AnswerSet::from_json(text.as_bytes(), &limits).expect("parses");
        assert_clean("AnswerSet Debug", &format!("{set:?}"));
        match form.validate_for_status(set, today) {
            Ok(v) => assert_clean("Validated Debug", &format!("{v:?}")),
            Err(r) => assert_clean("Rejected Debug", &format!("{r:?}")),
        }
    }
    let answer_codes: Vec<FindingCode> = FindingCode::ALL
        .iter()
        .copied()
        .take_while(|c| *c != FindingCode::DuplicateMasterId)
        .collect();
    let missing: Vec<&str> = answer_codes
        .iter()
        .filter(|c| !seen.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(missing.is_empty(), "codes not driven: {missing:?}");
}

#[test]
fn document_errors_are_free_of_answer_values() {
    let s = SENTINEL;
    let docs: Vec<Vec<u8>> = vec![
        format!(r#"{{"definition": "SENT", "status": "{s}"}}"#).into_bytes(),
        format!(r#"{{"definition": "SENT", "status": "draft", "lastPage": "{s}"}}"#).into_bytes(),
        format!(r#"{{"definition": "SENT", "status": "draft", "answers": [{{"id": "A", "seq": "{s}", "value": "x"}}]}}"#).into_bytes(),
        format!(r#"{{"definition": "SENT", "status": "draft", "answers": [{{"id": "A", "seq": 1, "value": ["{s}"]}}]}}"#).into_bytes(),
        format!(r#"{{"definition": "SENT", "status": "draft", "answers": [{{"id": "A", "seq": -1, "value": "{s}"}}]}}"#).into_bytes(),
        format!(r#"{{"definition": "SENT", "status": "draft", "answers": [{{"id": "A", "seq": 1, "value": "{s}", "extra": "{s}"}}]}}"#).into_bytes(),
        format!(r#"{{"extra": "{s}"}}"#).into_bytes(),
        format!(r#"{{"definition": "SENT", "status": "draft", "answers": [{{"id": "A", "seq": 1, "value": "{s}"#).into_bytes(),
        format!(r#"{{"definition": "SENT", "status": "draft", "answers": [{{"id": "A", "seq": 1, "value": "{s}" {s}"#).into_bytes(),
        [format!(r#"{{"definition": "SENT", "status": "draft", "answers": [{{"id": "A", "seq": 1, "value": "{s}"#).as_bytes(), b"\xff\xfe\"}]}"].concat(),
        format!(r#"{{"definition": "SENT", "status": "draft", "answers": [{{"id": "A", "seq": 1, "value": "{s}"}}, {{"id": "B", "seq": 1, "value": "{s}"}}]}}"#).into_bytes(),
    ];
    let tight = Limits {
        max_answers: 1,
        ..Limits::default()
    };
    let tiny = Limits {
        max_answers_bytes: 10,
        ..Limits::default()
    };
    let mut errors = 0;
    for bytes in &docs {
        for limits in [&Limits::default(), &tight, &tiny] {
            for result in [
                AnswersDoc::from_json(bytes, limits).map(|_| ()),
                AnswerSet::from_json(bytes, limits).map(|_| ()),
            ] {
                if let Err(e) = result {
                    errors += 1;
                    assert_clean("Error Display", &e.to_string());
                    assert_clean("Error Debug", &format!("{e:?}"));
                    assert_clean("Error code", e.code().as_str());
                }
            }
        }
    }
    assert!(errors >= docs.len() * 3, "only {errors} errors");
}

#[test]
fn normalisation_reports_are_free_of_answer_values() {
    let limits = Limits::default();
    let form = CompiledForm::from_json(DEFINITION.as_bytes(), &limits).expect("compiles");
    let s = SENTINEL;
    let text = format!(
        r#"{{"definition": "SENT", "status": "draft", "lastPage": 1, "answers": [
          {{"id": "T_FREE", "seq": 1, "value": "\u3000{s}\u3000"}},
          {{"id": "T_LONG", "seq": 1, "value": "{s}\r\n{s}"}},
          {{"id": "INT", "seq": 1, "value": "１２３４"}},
          {{"id": "DT", "seq": 1, "value": "令和8年4月1日"}},
          {{"id": "YN", "seq": 1, "value": "はい"}},
          {{"id": "CH", "seq": 1, "value": "いいえ"}},
          {{"id": "MC", "seq": 1, "value": "3, 1"}},
          {{"id": "DEC", "seq": 1, "value": "+012.3"}},
          {{"id": "{UNKNOWN_ID}", "seq": 1, "value": "{s}"}}
        ]}}"#
    );
    let mut set = AnswerSet::from_json(text.as_bytes(), &limits).expect("parses");
    let changes = form.normalize(&mut set);
    assert!(changes.len() >= 7, "{changes:?}");
    for c in &changes {
        assert_clean("Normalization Debug", &format!("{c:?}"));
        assert_clean("Normalization location", &c.location.to_string());
        assert_clean(
            "Normalization JSON",
            &serde_json::to_string(c).expect("serialises"),
        );
        for r in &c.rules {
            assert_clean("rule", &r.to_string());
        }
    }
    assert_clean("normalised AnswerSet Debug", &format!("{set:?}"));
}

#[test]
fn bundled_forms_with_sentinel_values_report_no_values() {
    let limits = Limits::default();
    let today = monshin_expr::Date::from_ymd(2026, 4, 1).expect("date");
    for f in monshin_forms::FORMS {
        let form = CompiledForm::from_json(f.definition.as_bytes(), &limits).expect("compiles");
        let doc: serde_json::Value = serde_json::from_str(f.complete_answers).expect("json");
        let n = doc["answers"].as_array().map_or(0, Vec::len);
        for i in 0..n {
            for v in [
                SENTINEL.to_string(),
                format!(" {SENTINEL} "),
                format!("{SENTINEL}\u{7}"),
            ] {
                let mut d = doc.clone();
                d["answers"][i]["value"] = v.into();
                let bytes = serde_json::to_vec(&d).expect("json");
                for options in [Options::draft(today), Options::complete(today)] {
                    let report = form.validate_json(&bytes, &options).expect("parses");
                    for finding in report.findings() {
                        check_finding(finding);
                    }
                }
            }
        }
    }
}

/// Keys of unknown fields are document content too: someone may write a value as a key.
/// Both the reason and the path of `Error::Shape` show such keys as `<key>`.
#[test]
fn unknown_keys_are_not_echoed_in_error_paths() {
    let s = SENTINEL;
    for text in [
        format!(
            r#"{{"definition": "SENT", "status": "draft", "answers": [{{"id": "A", "seq": 1, "value": "x", "{s}": 1}}]}}"#
        ),
        format!(r#"{{"{s}": "x"}}"#),
    ] {
        let e =
            AnswersDoc::from_json(text.as_bytes(), &Limits::default()).expect_err("unknown field");
        assert_clean("Error Display", &e.to_string());
        assert_clean("Error Debug", &format!("{e:?}"));
    }
}

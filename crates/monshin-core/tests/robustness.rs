//! Hostile and malformed input: typed errors with locations, no panics, no values in messages.

use monshin_core::{AnswerSet, CompiledForm, Error, FindingCode, Limits, Options};
use monshin_expr::Date;
use proptest::prelude::*;

const SENTINEL: &str = "SENTINEL_秘密_9876";

fn today() -> Date {
    Date::from_ymd(2026, 4, 1).expect("valid date")
}

fn pcv() -> CompiledForm {
    let b = monshin_forms::by_name("vaccination-pcv").expect("bundled");
    CompiledForm::from_json(b.definition.as_bytes(), &Limits::default())
        .expect("bundled form compiles")
}

#[test]
fn every_bundled_form_compiles_without_warnings_and_examples_pass() {
    for b in monshin_forms::FORMS {
        let form = CompiledForm::from_json(b.definition.as_bytes(), &Limits::default())
            .unwrap_or_else(|e| panic!("{}: {e}", b.name));
        assert!(
            form.warnings().is_empty(),
            "{}: {:?}",
            b.name,
            form.warnings()
        );
        let draft = form
            .validate_json(b.draft_answers.as_bytes(), &Options::draft(today()))
            .expect("parses");
        assert!(draft.is_valid(), "{} draft: {:?}", b.name, draft.findings());
        let complete = form
            .validate_json(b.complete_answers.as_bytes(), &Options::complete(today()))
            .expect("parses");
        assert!(
            complete.is_valid(),
            "{} complete: {:?}",
            b.name,
            complete.findings()
        );
        // The draft example is, as expected, not complete.
        let draft_as_complete = form
            .validate_json(b.draft_answers.as_bytes(), &Options::complete(today()))
            .expect("parses");
        assert!(
            draft_as_complete
                .findings()
                .iter()
                .any(|f| f.code == FindingCode::RequiredMissing),
            "{}",
            b.name
        );
    }
}

#[test]
fn oversized_documents_are_refused_before_parsing() {
    let limits = Limits {
        max_answers_bytes: 100,
        ..Limits::default()
    };
    let big = format!(
        r#"{{"definition":"vaccination-pcv","status":"draft","lastPage":1,"answers":[{{"id":"A","seq":1,"value":"{}"}}]}}"#,
        "x".repeat(200)
    );
    let err = AnswerSet::from_json(big.as_bytes(), &limits).expect_err("too large");
    assert_eq!(err.code().as_str(), "document.too-large");
}

#[test]
fn too_many_answers_is_a_typed_error() {
    let limits = Limits {
        max_answers: 3,
        ..Limits::default()
    };
    let answers: Vec<String> = (0..4)
        .map(|i| format!(r#"{{"id":"A{i}","seq":1,"value":"1"}}"#))
        .collect();
    let doc = format!(
        r#"{{"definition":"X","status":"draft","lastPage":1,"answers":[{}]}}"#,
        answers.join(",")
    );
    let err = AnswerSet::from_json(doc.as_bytes(), &limits).expect_err("too many");
    assert!(
        matches!(
            err,
            Error::TooMany {
                count: 4,
                limit: 3,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!(
        r#"{{"definition":"vaccination-pcv","status":"draft","lastPage":1,"answers":{}1{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let err = pcv()
        .validate_json(deep.as_bytes(), &Options::draft(today()))
        .expect_err("malformed");
    assert!(
        matches!(
            err.code().as_str(),
            "document.json-syntax" | "document.json-shape"
        ),
        "{err}"
    );
    let def = format!(r#"{{"pages":{}}}"#, "[".repeat(100_000));
    assert!(CompiledForm::from_json(def.as_bytes(), &Limits::default()).is_err());
}

#[test]
fn shape_errors_have_a_path_and_never_the_value() {
    let doc = format!(
        r#"{{"definition":"vaccination-pcv","status":"draft","lastPage":1,"answers":[{{"id":"PCV_TEMP","seq":"{SENTINEL}","value":"36.5"}}]}}"#
    );
    let err = pcv()
        .validate_json(doc.as_bytes(), &Options::draft(today()))
        .expect_err("wrong type");
    match &err {
        Error::Shape { path, .. } => assert_eq!(path.to_pointer(), "/answers/0/seq"),
        other => panic!("expected a shape error, got {other:?}"),
    }
    assert!(!err.to_string().contains(SENTINEL));
    assert!(!format!("{err:?}").contains(SENTINEL));

    let doc = format!(
        r#"{{"definition":"vaccination-pcv","status":"{SENTINEL}","lastPage":1,"answers":[]}}"#
    );
    let err = pcv()
        .validate_json(doc.as_bytes(), &Options::draft(today()))
        .expect_err("bad variant");
    assert!(!err.to_string().contains(SENTINEL) && !format!("{err:?}").contains(SENTINEL));

    let doc =
        r#"{"definition":"vaccination-pcv","status":"draft","lastPage":1,"answers":[],"extra":1}"#;
    let err = pcv()
        .validate_json(doc.as_bytes(), &Options::draft(today()))
        .expect_err("unknown field");
    // Where and what shape, never the key: a mistyped key is often a value pasted there.
    let shown = err.to_string();
    assert!(
        shown.contains("unknown field (key of 5 chars, letters, #"),
        "{shown}"
    );
    assert!(
        !shown.contains("extra") && !format!("{err:?}").contains("extra"),
        "{shown}"
    );
}

#[test]
fn findings_and_debug_never_show_answer_values() {
    let form = pcv();
    let values = [
        SENTINEL.to_string(),
        format!("３６．{SENTINEL}"),
        format!("{SENTINEL}\u{0007}"),
    ];
    for v in values {
        let set = AnswerSet {
            definition: "vaccination-pcv".into(),
            status: monshin_core::AnswerStatus::Answered,
            last_page: Some(monshin_core::PageNumber(9)),
            answers: [
                "PCV_TEMP",
                "PCV_BIRTH",
                "PCV_UNWELL",
                "PCV_UNWELL_DETAIL",
                "UNKNOWN_X",
            ]
            .iter()
            .map(|id| monshin_core::Answer {
                id: id.to_string(),
                seq: monshin_core::RepeatSeq(1),
                value: v.clone(),
            })
            .collect(),
        };
        let report = form.validate(
            &monshin_core::AnswersDoc::from_set(&set),
            &Options::complete(today()),
        );
        assert!(!report.findings().is_empty());
        for f in report.findings() {
            assert!(!f.to_string().contains(SENTINEL), "{f}");
            assert!(!format!("{f:?}").contains(SENTINEL));
        }
        assert!(!format!("{set:?}").contains(SENTINEL));
        let json = serde_json::to_string(report.findings()).expect("serializes");
        assert!(!json.contains(SENTINEL));
    }
}

#[test]
fn huge_seq_does_not_allocate_rows() {
    let doc = r#"{"definition":"vaccination-pcv","status":"draft","lastPage":1,"answers":[{"id":"PCV_HIST_VACCINE","seq":4294967295,"value":"1"}]}"#;
    let report = pcv()
        .validate_json(doc.as_bytes(), &Options::draft(today()))
        .expect("parses");
    assert!(report
        .findings()
        .iter()
        .any(|f| f.code == FindingCode::TooManyRepeats || f.code == FindingCode::UnknownItem));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let form = pcv();
        let _ = form.validate_json(&bytes, &Options::complete(today()));
        let _ = monshin_core::lint(&bytes, &Limits::default());
    }
}

//! QuestionnaireResponse validation, OperationOutcome, and QuestionnaireResponse ↔ PMH
//! answer triples.

use monshin_core::{AnswerSet, Definition, Limits};
use monshin_expr::Date;
use monshin_fhir::model::{Questionnaire, QuestionnaireResponse};
use monshin_fhir::{
    export, from_answer_set, operation_outcome, read_questionnaire, read_response, to_answer_set,
    validate_response, FhirLimits, ImportOptions, ResponseReport,
};
use serde_json::{json, Value};

const FAMILY: &[u8] = include_bytes!("fixtures/family.questionnaire.json");
const DISABLED_IN_3RD: &str = include_str!("fixtures/family-disabled-in-3rd.response.json");

fn today() -> Date {
    Date::from_ymd(2026, 4, 1).expect("date")
}

fn questionnaire(bytes: &[u8]) -> Questionnaire {
    read_questionnaire(bytes, &FhirLimits::default()).expect("questionnaire")
}

fn response(value: &Value) -> QuestionnaireResponse {
    read_response(value.to_string().as_bytes(), &FhirLimits::default()).expect("response")
}

fn validate(q: &[u8], r: &Value) -> ResponseReport {
    validate_response(&questionnaire(q), &response(r), today())
}

fn issues(report: &ResponseReport) -> Vec<(String, String)> {
    report
        .all()
        .into_iter()
        .map(|f| (f.code, f.expression))
        .collect()
}

fn family_response() -> Value {
    serde_json::from_str(DISABLED_IN_3RD).expect("fixture")
}

#[test]
fn an_answer_to_a_disabled_item_in_the_third_repetition_is_reported_exactly() {
    let report = validate(FAMILY, &family_response());
    assert_eq!(
        issues(&report),
        [(
            "answers.answered-while-disabled".to_string(),
            "QuestionnaireResponse.item[3].item[2]".to_string()
        )]
    );
    assert!(!report.is_valid());
}

#[test]
fn in_progress_is_checked_as_a_draft() {
    let mut r = family_response();
    r["status"] = json!("in-progress");
    // Disabled answers and missing required answers are complete-mode rules.
    r["item"][2]["item"]
        .as_array_mut()
        .expect("items")
        .remove(0);
    let report = validate(FAMILY, &r);
    assert_eq!(issues(&report), []);
    assert_eq!(report.mode, monshin_core::Mode::Draft);
}

#[test]
fn required_answers_are_checked_in_each_repetition() {
    let mut r = family_response();
    r["item"][3]["item"][1] = json!({ "linkId": "smokes", "answer": [ { "valueBoolean": true } ] });
    r["item"][3]["item"]
        .as_array_mut()
        .expect("items")
        .truncate(2);
    // Second repetition: no relation.
    r["item"][2]["item"]
        .as_array_mut()
        .expect("items")
        .remove(0);
    let report = validate(FAMILY, &r);
    assert_eq!(
        issues(&report),
        [
            (
                "answers.required-missing".to_string(),
                "QuestionnaireResponse.item[2]".to_string()
            ),
            (
                "answers.required-missing".to_string(),
                "QuestionnaireResponse.item[3]".to_string()
            ),
        ],
        "relation in repetition 2, cigarettes (enabled) in repetition 3"
    );
}

#[test]
fn types_link_ids_cardinality_and_bounds_point_at_the_response() {
    let mut r = family_response();
    r["item"][0]["answer"] =
        json!([ { "valueDate": "2026-04-01" }, { "valueDate": "2026-04-02" } ]);
    r["item"][1]["item"][2]["answer"] = json!([ { "valueInteger": 500 } ]);
    r["item"][2]["item"][1]["answer"] = json!([ { "valueString": "SENTINEL-いいえ" } ]);
    r["item"][3]["item"][0]["answer"] =
        json!([ { "valueCoding": { "system": "urn:example:relation", "code": "SENTINEL-9" } } ]);
    r["item"]
        .as_array_mut()
        .expect("items")
        .push(json!({ "linkId": "SENTINEL_LINK", "answer": [ { "valueString": "x" } ] }));
    let report = validate(FAMILY, &r);
    let found = issues(&report);
    for (code, path) in [
        ("fhir.qr-only-one-answer", "QuestionnaireResponse.item[0]"),
        (
            "answers.out-of-range",
            "QuestionnaireResponse.item[1].item[2].answer[0].value.ofType(integer)",
        ),
        (
            "fhir.qr-wrong-type",
            "QuestionnaireResponse.item[2].item[1].answer[0].value.ofType(string)",
        ),
        (
            "fhir.qr-invalid-option",
            "QuestionnaireResponse.item[3].item[0].answer[0]",
        ),
        ("fhir.qr-unknown-link-id", "QuestionnaireResponse"),
    ] {
        assert!(
            found.contains(&(code.into(), path.into())),
            "{code} at {path}: {found:#?}"
        );
    }
    // Say where, never what: no answer value nor unknown linkId in any message or rendering,
    // nor in the Debug output of the response itself.
    let parsed = response(&r);
    let rendered = format!(
        "{} {:?} {:?} {:?} {}",
        operation_outcome(&report.all()),
        report,
        parsed,
        parsed.item[2].item[1].answer,
        report
            .all()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(!rendered.contains("SENTINEL"), "{rendered}");
}

#[test]
fn not_equal_is_true_when_unanswered_and_when_no_answer_equals() {
    let q = br#"{ "resourceType": "Questionnaire", "id": "ne", "item": [
      { "linkId": "color", "type": "choice", "repeats": true, "answerOption": [
          { "valueCoding": { "code": "red" } }, { "valueCoding": { "code": "blue" } } ] },
      { "linkId": "why", "type": "string",
        "enableWhen": [ { "question": "color", "operator": "!=", "answerCoding": { "code": "red" } } ] } ] }"#;
    let why = json!({ "linkId": "why", "answer": [ { "valueString": "because" } ] });
    let with = |colors: &[&str]| {
        let answers: Vec<Value> = colors
            .iter()
            .map(|c| json!({ "valueCoding": { "code": c } }))
            .collect();
        let mut items = vec![why.clone()];
        if !answers.is_empty() {
            items.insert(0, json!({ "linkId": "color", "answer": answers }));
        }
        json!({ "resourceType": "QuestionnaireResponse", "status": "completed", "item": items })
    };
    assert!(validate(q, &with(&[])).is_valid(), "unanswered: enabled");
    assert!(
        validate(q, &with(&["blue"])).is_valid(),
        "no answer equals: enabled"
    );
    let disabled = validate(q, &with(&["blue", "red"]));
    assert_eq!(
        issues(&disabled),
        [(
            "answers.answered-while-disabled".to_string(),
            "QuestionnaireResponse.item[1]".to_string()
        )],
        "one answer equals: disabled"
    );
}

#[test]
fn findings_render_as_an_operation_outcome() {
    let report = validate(FAMILY, &family_response());
    let oo = operation_outcome(&report.all());
    assert_eq!(oo["resourceType"], "OperationOutcome");
    let issue = &oo["issue"][0];
    assert_eq!(issue["severity"], "error");
    assert_eq!(issue["code"], "invalid");
    assert_eq!(
        issue["expression"][0],
        "QuestionnaireResponse.item[3].item[2]"
    );
    assert_eq!(
        issue["details"]["coding"][0]["code"],
        "answers.answered-while-disabled"
    );
    let clean = operation_outcome(&[]);
    assert_eq!(clean["issue"][0]["severity"], "information");
}

#[test]
fn responses_convert_to_pmh_triples_with_sequence_numbers() {
    let q = questionnaire(FAMILY);
    let (set, findings) =
        to_answer_set(&q, &response(&family_response()), &ImportOptions::default()).expect("set");
    assert!(findings.is_empty(), "{findings:?}");
    let triples: Vec<(String, u32, String)> = set
        .answers
        .iter()
        .map(|a| (a.id.clone(), a.seq.0, a.value.clone()))
        .collect();
    for t in [
        ("visit_date", 1, "2026-04-01"),
        ("relation", 1, "1"),
        ("smokes", 2, "0"),
        ("relation", 3, "3"),
        ("cigarettes", 3, "5"),
    ] {
        assert!(triples.contains(&(t.0.into(), t.1, t.2.into())), "{t:?}");
    }
    let back = from_answer_set(&q, &set, &ImportOptions::default()).expect("response");
    let (again, _) = to_answer_set(&q, &back, &ImportOptions::default()).expect("set");
    assert_eq!(sorted(set), sorted(again));
}

fn sorted(mut set: AnswerSet) -> AnswerSet {
    set.answers.sort();
    set
}

/// Every bundled form: its complete answer set → QuestionnaireResponse (against the exported
/// Questionnaire) → answer set again is the same set, and the response validates.
#[test]
fn bundled_answer_sets_round_trip_through_questionnaire_responses() {
    let today = Date::from_ymd(2026, 3, 10).expect("date");
    for form in monshin_forms::FORMS {
        let def: Definition = serde_json::from_str(form.definition).expect("definition");
        let q = export(&def);
        for answers in [form.complete_answers, form.draft_answers] {
            let set =
                AnswerSet::from_json(answers.as_bytes(), &Limits::default()).expect("answers");
            let qr = from_answer_set(&q, &set, &ImportOptions::default()).expect("to response");
            let (back, findings) = to_answer_set(&q, &qr, &ImportOptions::default()).expect("back");
            assert!(findings.is_empty(), "{}: {findings:?}", form.name);
            assert_eq!(
                (sorted(back.clone()).answers, back.status),
                (sorted(set.clone()).answers, set.status),
                "{}",
                form.name
            );
            let report = validate_response(&q, &qr, today);
            let errors: Vec<String> = report
                .all()
                .iter()
                .filter(|f| f.is_error())
                .map(ToString::to_string)
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", form.name);
        }
    }
}

#[test]
fn an_absent_required_group_is_reported_on_its_parent_when_complete() {
    let q = br#"{ "resourceType": "Questionnaire", "id": "g", "item": [
      { "linkId": "name", "type": "string" },
      { "linkId": "contact", "type": "group", "required": true, "item": [
          { "linkId": "phone", "type": "string" } ] } ] }"#;
    let r = json!({ "resourceType": "QuestionnaireResponse", "status": "completed",
                    "item": [ { "linkId": "name", "answer": [ { "valueString": "x" } ] } ] });
    assert_eq!(
        issues(&validate(q, &r)),
        [(
            "fhir.qr-group-required".to_string(),
            "QuestionnaireResponse".to_string()
        )]
    );
    let mut draft = r.clone();
    draft["status"] = json!("in-progress");
    assert_eq!(issues(&validate(q, &draft)), []);
}

#[test]
fn parts_that_cannot_be_mapped_are_warnings_and_not_checked() {
    let q = br#"{ "resourceType": "Questionnaire", "id": "u", "item": [
      { "linkId": "photo", "type": "attachment" },
      { "linkId": "name", "type": "string", "required": true } ] }"#;
    let r = json!({ "resourceType": "QuestionnaireResponse", "status": "completed", "item": [
      { "linkId": "photo", "answer": [ { "valueAttachment": { "url": "x" } } ] },
      { "linkId": "name", "answer": [ { "valueString": "x" } ] } ] });
    let report = validate(q, &r);
    assert!(report.is_valid(), "{:?}", report.all());
    assert_eq!(
        issues(&report),
        [(
            "fhir.unsupported-item-type".to_string(),
            "Questionnaire.item[0]".to_string()
        )]
    );
    assert_eq!(
        report.questionnaire[0].severity,
        monshin_fhir::FhirSeverity::Warning
    );
}

#[test]
fn items_in_the_wrong_place_are_structure_errors() {
    let r = json!({ "resourceType": "QuestionnaireResponse", "status": "in-progress", "item": [
      { "linkId": "relation", "answer": [ { "valueCoding": { "code": "1" } } ] } ] });
    assert_eq!(
        issues(&validate(FAMILY, &r)),
        [(
            "fhir.qr-item-misplaced".to_string(),
            "QuestionnaireResponse.item[0]".to_string()
        )]
    );
}

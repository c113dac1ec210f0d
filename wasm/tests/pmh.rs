//! Resume from a PMH read response, diff against it, plan the register.

use monshin_core::{AnswerSet, AnswerStatus, CompiledForm, Limits};
use monshin_expr::Date;
use monshin_wasm::pmh::{diff_stored, plan, registered, resume, PmhError, PmhLink};
use monshin_wasm::FormModel;
use serde_json::{json, Value};

fn pcv() -> (FormModel, &'static monshin_forms::BundledForm) {
    let bundled = monshin_forms::by_name("vaccination-pcv").expect("pcv");
    let limits = Limits::default();
    let form = CompiledForm::from_json(bundled.definition.as_bytes(), &limits).expect("form");
    (
        FormModel::new(monshin_core::SessionForm::new(form)),
        bundled,
    )
}

fn today() -> Date {
    Date::from_ymd(2026, 4, 1).expect("date")
}

/// A 予診票 read response (operation 3) holding `answers` with PMH's status word.
fn read_response(form: &FormModel, answers: &str, status: &str) -> Vec<u8> {
    let set: AnswerSet = serde_json::from_str(answers).expect("answers");
    let labels: Vec<String> = form
        .compiled()
        .pages()
        .iter()
        .map(|p| p.label.clone())
        .collect();
    let wire: Vec<Value> = set
        .answers
        .iter()
        .map(|a| json!({ "masterId": a.id, "seq": a.seq.0, "value": a.value }))
        .collect();
    let doc = json!({
        "formId": "Y-PCV15-3",
        "title": form.compiled().definition().title,
        "answerable": true,
        "status": status,
        "lastPage": set.last_page.map(|p| p.0),
        "basicFiveInfo": { "name": "架空 太郎", "nameKana": "カクウ タロウ",
                           "address": "東京都架空区1-2-3", "dateOfBirth": "2025-10-06", "sex": "1" },
        "pageLabels": labels,
        "answers": wire,
    });
    serde_json::to_vec(&doc).expect("json")
}

#[test]
fn resume_diff_and_register() {
    let (form, bundled) = pcv();
    let read = read_response(&form, bundled.draft_answers, "下書き");
    let (mut session, link) = resume(&form, &read, today()).expect("resumes");
    assert!(link.findings.is_empty());
    assert_eq!(link.stored.state.status, AnswerStatus::Draft);

    // Nothing changed yet.
    let d = diff_stored(&form, &link, &session, AnswerStatus::Draft).expect("diff");
    assert!(d.pages.iter().all(|p| p.changes.is_empty()), "{d:?}");

    // One edit: one change, on its page; the session's last page follows the edit.
    session.set("PCV_TEMP", 1, "36.9").expect("set");
    let d = diff_stored(&form, &link, &session, AnswerStatus::Draft).expect("diff");
    let changes: Vec<_> = d.changes().collect();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].1.id(), "PCV_TEMP");
    assert_eq!(session.last_page(), 1);

    // A draft register: 下書き → 下書き.
    let (p, _) = plan(&form, &link, &session, AnswerStatus::Draft).expect("plan");
    assert_eq!(p.transition.as_str(), "save-draft");
    let body: Value = serde_json::from_slice(&p.payload.to_json().expect("body")).expect("json");
    assert_eq!(body["processType"], "RegisterQuestionnaireAnswer");
    assert_eq!(body["status"], "下書き");
    assert_eq!(body["formId"], "Y-PCV15-3");

    // Submitting a draft that is not complete is refused with the findings.
    match plan(&form, &link, &session, AnswerStatus::Answered) {
        Err(PmhError::Invalid(findings)) => {
            assert!(findings
                .iter()
                .any(|f| f.code.as_str() == "answers.required-missing"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn complete_answers_submit_then_reopen_with_a_warning() {
    let (form, bundled) = pcv();
    let set: AnswerSet = serde_json::from_str(bundled.complete_answers).expect("answers");
    let mut session = form.load(today(), &set).expect("loads");
    let mut link = PmhLink::unanswered(&form, "Y-PCV15-3");
    let (p, _) = plan(&form, &link, &session, AnswerStatus::Answered).expect("plan");
    assert_eq!(p.transition.as_str(), "submit");
    registered(&mut link, &session, &p);
    assert_eq!(link.stored.state.status, AnswerStatus::Answered);
    // Registered: nothing differs any more.
    let d = diff_stored(&form, &link, &session, AnswerStatus::Answered).expect("diff");
    assert!(d.changes().next().is_none(), "{d:?}");
    session.set("PCV_TEMP", 1, "36.6").expect("set");
    // 回答済み → 下書き: allowed by the guideline, a policy warning by default.
    let (reopen, _) = plan(&form, &link, &session, AnswerStatus::Draft).expect("reopen");
    assert_eq!(reopen.transition.as_str(), "reopen");
    let codes: Vec<&str> = reopen.warnings.iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["lifecycle.answered-to-draft"]);
    let (p, _) = plan(&form, &link, &session, AnswerStatus::Answered).expect("resubmit");
    assert_eq!(p.transition.as_str(), "resubmit");
}

#[test]
fn bad_read_responses_are_refused_with_codes() {
    let (form, bundled) = pcv();
    // Not a PMH document.
    match resume(&form, br#"{"formId": 3}"#, today()) {
        Err(PmhError::Wire { code, .. }) => assert!(code.starts_with("wire."), "{code}"),
        other => panic!("{other:?}"),
    }
    // Any PMH ID: which definition answers it is the catalogue's decision, not a string match.
    let other = read_response(&form, bundled.draft_answers, "下書き");
    let text = String::from_utf8(other)
        .expect("utf8")
        .replace("Y-PCV15-3", "Y-OTHER-9");
    match resume(&form, text.as_bytes(), today()) {
        Ok((_, link)) => assert_eq!(link.stored.pmh_id, "Y-OTHER-9"),
        Err(e) => panic!("{e:?}"),
    }
    // Stored answers with an unknown item cannot be edited.
    let bad = read_response(&form, bundled.invalid_answers.expect("invalid"), "回答済み");
    match resume(&form, &bad, today()) {
        Err(PmhError::NotEditable(findings)) => {
            assert!(findings
                .iter()
                .any(|f| f.code.as_str() == "answers.unknown-item"));
        }
        other => panic!("{other:?}"),
    }
}

/// The diff crossing the boundary is core's own JSON of it.
#[test]
fn diff_views_serialise_like_core_diffs() {
    let (form, bundled) = pcv();
    let complete: AnswerSet = serde_json::from_str(bundled.complete_answers).expect("answers");
    let draft: AnswerSet = serde_json::from_str(bundled.draft_answers).expect("answers");
    let d = monshin_core::diff::diff(form.compiled(), &draft, &complete).expect("diff");
    assert!(d.changes().count() > 3);
    let core = serde_json::to_value(&d).expect("core");
    let view = serde_json::to_value(monshin_wasm::dto::DiffView::from(d)).expect("view");
    assert_eq!(core, view);
}

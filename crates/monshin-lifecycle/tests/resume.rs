//! Resuming from PMH read responses: answers and state carried over, page-label findings when
//! a municipality changed its form, wrong form refused, and the full cycle resume → edit →
//! validate → plan the register.

mod common;

use monshin_core::{AnswerStatus, PageNumber, RepeatSeq, Severity};
use monshin_lifecycle::{
    compare_page_labels, plan_register, resume_child, resume_vaccination, ResumeFindingCode,
    Transition,
};

use common::{child_read, compile, vaccination_read, validated};

const SENTINEL: &str = "SENTINEL-アレルギー-卵";

fn labels_of(form: &monshin_core::CompiledForm) -> Vec<String> {
    form.pages().iter().map(|p| p.label.clone()).collect()
}

#[test]
fn a_vaccination_read_becomes_an_answer_set_of_its_form() {
    let form = compile("vaccination-pcv");
    let labels = labels_of(&form);
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let read = vaccination_read(
        "Y-PCV15-1",
        "下書き",
        Some(2),
        &labels,
        &[("PCV_TEMP", 1, "36.5"), ("PCV_HIST_VACCINE", 2, "6")],
    );
    let resumed = resume_vaccination(&form, &read).expect("resumes");
    assert!(resumed.findings.is_empty(), "{:?}", resumed.findings);
    let stored = &resumed.stored;
    assert!(stored.state.answerable);
    assert_eq!(stored.state.status, AnswerStatus::Draft);
    assert_eq!(stored.state.last_page, Some(PageNumber(2)));
    assert_eq!(stored.pmh_id, "Y-PCV15-1");
    assert_eq!(stored.answers.definition, "vaccination-pcv");
    assert_eq!(stored.answers.status, AnswerStatus::Draft);
    assert_eq!(stored.answers.last_page, Some(PageNumber(2)));
    assert_eq!(stored.answers.get("PCV_TEMP", RepeatSeq(1)), Some("36.5"));
    assert_eq!(
        stored.answers.get("PCV_HIST_VACCINE", RepeatSeq(2)),
        Some("6")
    );
}

#[test]
fn changed_page_labels_are_reported_by_page() {
    let form = compile("child-1y6m");
    let mut labels = labels_of(&form);
    labels[1] = "食事・歯みがき（改訂）".into();
    // Surrounding white space, full-width included, is not a change.
    labels[2] = format!("\u{3000}{} ", labels[2]);
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let read = child_read(
        "C-2026-18M-0311",
        "回答済み",
        Some(5),
        &labels,
        &[("C18_WALK", 1, "1")],
    );
    let resumed = resume_child(&form, &read).expect("resumes");
    assert_eq!(resumed.findings.len(), 1, "{:?}", resumed.findings);
    let finding = &resumed.findings[0];
    assert_eq!(finding.code, ResumeFindingCode::PageLabelMismatch);
    assert_eq!(finding.code.as_str(), "lifecycle.page-label-mismatch");
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(finding.page, PageNumber(2));
    assert_eq!(finding.pmh_label.as_deref(), Some("食事・歯みがき（改訂）"));
    assert_eq!(
        finding.definition_label.as_deref(),
        Some(form.pages()[1].label.as_str())
    );
    let json = serde_json::to_value(finding).expect("serialises");
    assert_eq!(json["code"], "lifecycle.page-label-mismatch");
    assert_eq!(json["page"], 2);
    assert_eq!(json["severity"], "warning");
    assert!(finding
        .to_string()
        .starts_with("warning[lifecycle.page-label-mismatch] page 2:"));
    // The answers still load.
    assert_eq!(resumed.stored.answers.status, AnswerStatus::Answered);
    assert_eq!(
        resumed.stored.answers.get("C18_WALK", RepeatSeq(1)),
        Some("1")
    );
}

#[test]
fn a_different_page_count_is_reported_once() {
    let form = compile("vaccination-pcv");
    let n = form.pages().len();
    let mut labels = labels_of(&form);
    labels.push("追加されたページ".into());
    let findings = compare_page_labels(&form, &labels);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code.as_str(), "lifecycle.page-count-mismatch");
    assert_eq!(findings[0].page.0 as usize, n + 1);
    assert_eq!(findings[0].definition_label, None);

    labels.truncate(n - 2);
    let findings = compare_page_labels(&form, &labels);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code, ResumeFindingCode::PageCountMismatch);
    assert_eq!(findings[0].page.0 as usize, n - 1);
    assert_eq!(findings[0].pmh_label, None);

    // A read without labels has nothing to compare.
    assert!(compare_page_labels(&form, &[]).is_empty());
}

#[test]
fn the_wrong_form_is_refused() {
    let vaccination = compile("vaccination-pcv");
    let child = compile("child-3y");
    let v_read = vaccination_read("Y-PCV15-1", "未回答", None, &[], &[]);
    let c_read = child_read("C-2028-3Y-0311", "未回答", None, &[], &[]);

    let err = resume_vaccination(&child, &v_read).expect_err("kind");
    assert_eq!(err.code(), "lifecycle.form-kind-mismatch");
    let err = resume_child(&vaccination, &c_read).expect_err("kind");
    assert_eq!(err.code(), "lifecycle.form-kind-mismatch");

    let unanswered = resume_child(&child, &c_read).expect("resumes");
    assert_eq!(unanswered.stored.state.status, AnswerStatus::Unanswered);
    assert_eq!(unanswered.stored.answers.last_page, None);
    assert!(unanswered.stored.answers.answers.is_empty());
}

#[test]
fn resume_edit_validate_and_plan_the_next_register() {
    let form = compile("vaccination-pcv");
    let draft = common::answers(common::bundled("vaccination-pcv").draft_answers);
    let wire_answers: Vec<(String, u32, String)> = draft
        .answers
        .iter()
        .map(|a| (a.id.clone(), a.seq.0, a.value.clone()))
        .collect();
    let wire_answers: Vec<(&str, u32, &str)> = wire_answers
        .iter()
        .map(|(id, seq, v)| (id.as_str(), *seq, v.as_str()))
        .collect();
    let last_page = draft.last_page.map(|p| p.0);
    let read = vaccination_read("Y-PCV15-3", "下書き", last_page, &[], &wire_answers);
    let resumed = resume_vaccination(&form, &read).expect("resumes");
    assert_eq!(resumed.stored.answers, draft);

    // The person corrects page 1's temperature and saves the draft again on page 1.
    let mut edited = resumed.stored.answers.clone();
    edited.answers.retain(|a| a.id != "PCV_TEMP");
    edited.answers.push(monshin_core::Answer {
        id: "PCV_TEMP".into(),
        seq: RepeatSeq(1),
        value: "36.6".into(),
    });
    edited.last_page = Some(PageNumber(1));
    let v = validated(&form, edited);
    let plan = plan_register(&form, &resumed.stored, &v).expect("plan");
    assert_eq!(plan.transition, Transition::SaveDraft);
    assert_eq!(plan.payload.last_page().get(), 1);
    // A dose-3 form: its PMH ID equals no definition ID, and the body carries the PMH ID.
    let body: serde_json::Value = serde_json::to_value(&plan.payload).expect("serialises");
    assert_eq!(body["formId"], "Y-PCV15-3");
}

#[test]
fn resumed_forms_never_show_answer_values() {
    let form = compile("child-3y");
    let read = child_read(
        "C-2028-3Y-0311",
        "下書き",
        Some(1),
        &["違うラベル"],
        &[("C3_BIRTH", 1, SENTINEL)],
    );
    let resumed = resume_child(&form, &read).expect("resumes");
    assert!(!resumed.findings.is_empty());
    let texts = [
        format!("{resumed:?}"),
        format!("{:?}", resumed.stored),
        resumed
            .findings
            .iter()
            .map(ToString::to_string)
            .collect::<String>(),
    ];
    for text in texts {
        assert!(!text.contains(SENTINEL), "value leaked: {text}");
    }
}

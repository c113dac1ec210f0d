//! Every lifecycle rule, kept and broken: each broken rule is expected with its typed error and
//! stable code. Also: the transition table, the register plan of each transition, calculated
//! items left out of payloads, and redaction of answer values.

mod common;

use monshin_core::{AnswerSet, AnswerStatus, CompiledForm, Limits, PageNumber, RepeatSeq};
use monshin_lifecycle::{
    check_last_page, check_last_page_range, plan_register, plan_register_with, transition,
    LifecycleError, PmhFormState, Policy, RegisterPayload, RuleAction, StoredForm, Transition,
};

use common::{answers, validated};

/// Three pages; page 1 has a calculated item (`AGE_M`).
const FORM: &str = r#"{
  "formKind": "vaccination", "id": "V1", "title": "予診票", "version": "1",
  "pages": [
    { "number": 1, "label": "体温", "items": [
      { "id": "TEMP", "type": "decimal", "text": "体温", "precision": 1, "required": true },
      { "id": "BIRTH", "type": "date", "text": "生年月日" },
      { "id": "AGE_M", "type": "integer", "text": "月齢", "calculate": "age_months($BIRTH, today())" } ] },
    { "number": 2, "label": "体調", "items": [
      { "id": "SICK", "type": "yes-no", "text": "具合が悪い" } ] },
    { "number": 3, "label": "同意", "items": [
      { "id": "CONSENT", "type": "consent", "text": "同意", "required": true } ] }
  ]
}"#;

const SENTINEL: &str = "SENTINEL-36.9-ひみつ";

fn form() -> CompiledForm {
    form_from(FORM)
}

fn form_from(json: &str) -> CompiledForm {
    CompiledForm::from_json(json.as_bytes(), &Limits::default()).expect("test form compiles")
}

fn set(status: &str, last_page: Option<u32>, items: &[(&str, u32, &str)]) -> AnswerSet {
    let answers: Vec<String> = items
        .iter()
        .map(|(id, seq, v)| format!(r#"{{"id":"{id}","seq":{seq},"value":"{v}"}}"#))
        .collect();
    let last_page = last_page.map_or("null".to_owned(), |p| p.to_string());
    answers_json(&format!(
        r#"{{"definition":"V1","status":"{status}","lastPage":{last_page},"answers":[{}]}}"#,
        answers.join(",")
    ))
}

fn answers_json(json: &str) -> AnswerSet {
    answers(json)
}

fn state(answerable: bool, status: AnswerStatus, last_page: Option<u32>) -> PmhFormState {
    PmhFormState {
        answerable,
        status,
        last_page: last_page.map(PageNumber),
    }
}

fn stored(status: AnswerStatus, last_page: Option<u32>, items: &[(&str, u32, &str)]) -> StoredForm {
    let status_text = match status {
        AnswerStatus::Unanswered => "unanswered",
        AnswerStatus::Draft => "draft",
        AnswerStatus::Answered => "answered",
    };
    StoredForm {
        pmh_id: "Y-V1-1".into(),
        state: state(true, status, last_page),
        answers: set(status_text, last_page, items),
    }
}

// ---- status transitions -----------------------------------------------------------------------

#[test]
fn the_transition_table() {
    use AnswerStatus::{Answered, Draft, Unanswered};
    let ok = |from, to| transition(&state(true, from, None), to).expect("allowed");
    assert_eq!(ok(Unanswered, Draft), Transition::StartDraft);
    assert_eq!(ok(Draft, Draft), Transition::SaveDraft);
    assert_eq!(ok(Unanswered, Answered), Transition::Submit);
    assert_eq!(ok(Draft, Answered), Transition::Submit);
    assert_eq!(ok(Answered, Answered), Transition::Resubmit);
    assert_eq!(ok(Answered, Draft), Transition::Reopen);
    for t in [
        Transition::StartDraft,
        Transition::SaveDraft,
        Transition::Submit,
        Transition::Resubmit,
    ] {
        assert_eq!(ok(Draft, t.target()).target(), t.target());
    }
}

#[test]
fn unanswered_is_never_registered() {
    for from in [
        AnswerStatus::Unanswered,
        AnswerStatus::Draft,
        AnswerStatus::Answered,
    ] {
        for answerable in [true, false] {
            let err = transition(&state(answerable, from, None), AnswerStatus::Unanswered)
                .expect_err("未回答 is never sent");
            assert_eq!(err, LifecycleError::UnansweredNotRegistrable);
            assert_eq!(err.code(), "lifecycle.unanswered-not-registrable");
        }
    }
}

#[test]
fn registering_needs_the_may_answer_flag() {
    for from in [
        AnswerStatus::Unanswered,
        AnswerStatus::Draft,
        AnswerStatus::Answered,
    ] {
        for to in [AnswerStatus::Draft, AnswerStatus::Answered] {
            let err = transition(&state(false, from, Some(1)), to).expect_err("flag is false");
            assert_eq!(err, LifecycleError::NotAnswerable);
            assert_eq!(err.code(), "lifecycle.not-answerable");
        }
    }
}

#[test]
fn reopening_an_answered_form_follows_the_policy() {
    // The guideline does not forbid 回答済み → 下書き: the transition is Reopen.
    let t = transition(
        &state(true, AnswerStatus::Answered, Some(3)),
        AnswerStatus::Draft,
    )
    .expect("the guideline allows it");
    assert_eq!(t, Transition::Reopen);
    assert_eq!(t.target(), AnswerStatus::Draft);
    let f = form();
    let stored = stored(
        AnswerStatus::Answered,
        Some(3),
        &[("TEMP", 1, "36.5"), ("CONSENT", 1, "1")],
    );
    let draft = validated(&f, set("draft", Some(1), &[("TEMP", 1, "36.8")]));
    // Default policy: registered, with a warning carrying the rule's code.
    let plan = plan_register(&f, &stored, &draft).expect("registered by default");
    assert_eq!(plan.transition, Transition::Reopen);
    let codes: Vec<&str> = plan.warnings.iter().map(LifecycleError::code).collect();
    assert_eq!(codes, ["lifecycle.answered-to-draft"]);
    assert_eq!(plan.payload.status(), monshin_wire::RegisterStatus::Draft);
    // Strict policy: refused as before.
    let err = plan_register_with(&f, &stored, &draft, &Policy::strict()).expect_err("strict");
    assert_eq!(err, LifecycleError::AnsweredToDraft);
    assert_eq!(err.code(), "lifecycle.answered-to-draft");
    // Guideline only: silent.
    let plan = plan_register_with(&f, &stored, &draft, &Policy::guideline_only()).expect("ok");
    assert!(plan.warnings.is_empty());
    assert_eq!(Policy::default().reopen_answered, RuleAction::Warn);
}

#[test]
fn a_last_page_not_updated_warns_by_default_and_is_refused_when_strict() {
    let f = form();
    let stored = stored(
        AnswerStatus::Draft,
        Some(1),
        &[("TEMP", 1, "36.5"), ("CONSENT", 1, "1")],
    );
    // Only page 1 changed, but the last page says 3.
    let next = validated(
        &f,
        set(
            "draft",
            Some(3),
            &[("TEMP", 1, "37.0"), ("CONSENT", 1, "1")],
        ),
    );
    let plan = plan_register(&f, &stored, &next).expect("warned, not refused");
    let codes: Vec<&str> = plan.warnings.iter().map(LifecycleError::code).collect();
    assert_eq!(codes, ["lifecycle.last-page-not-updated"]);
    assert_eq!(plan.warnings[0].location().page, Some(PageNumber(3)));
    let err = plan_register_with(&f, &stored, &next, &Policy::strict()).expect_err("strict");
    assert_eq!(err.code(), "lifecycle.last-page-not-updated");
    // A last page of the form's range is still a hard rule under every policy.
    assert!(check_last_page_range(&f, PageNumber(4)).is_err());
}

#[test]
fn only_a_set_that_passed_the_mode_of_its_status_becomes_a_payload() {
    // `RegisterPayload` is built only from `Validated`, which `validate_for_status` refuses
    // for an incomplete 回答済み set (complete mode) and for 未回答.
    let f = form();
    let incomplete = set("answered", Some(1), &[("TEMP", 1, "36.5")]);
    let rejected = f
        .validate_for_status(incomplete, common::today())
        .expect_err("CONSENT is required in complete mode");
    assert!(rejected
        .report
        .findings()
        .iter()
        .any(|x| x.code.as_str() == "answers.required-missing"));
    let unanswered = set("unanswered", None, &[]);
    assert!(f.validate_for_status(unanswered, common::today()).is_err());
    // The same incomplete answers are a valid draft.
    let draft = validated(&f, set("draft", Some(1), &[("TEMP", 1, "36.5")]));
    assert!(RegisterPayload::from_validated(&draft, "Y-V1-1").is_ok());
}

// ---- last page ---------------------------------------------------------------------------------

#[test]
fn last_page_must_be_a_page_of_the_form() {
    let f = form();
    assert!(check_last_page_range(&f, PageNumber(1)).is_ok());
    assert!(check_last_page_range(&f, PageNumber(3)).is_ok());
    for p in [0, 4, u32::MAX] {
        let err = check_last_page_range(&f, PageNumber(p)).expect_err("out of range");
        assert_eq!(err.code(), "lifecycle.last-page-out-of-range");
        assert_eq!(err.location().page, Some(PageNumber(p)));
        assert_eq!(
            err,
            LifecycleError::LastPageOutOfRange {
                last_page: PageNumber(p),
                pages: 3
            }
        );
    }
    let err = check_last_page(
        &f,
        &StoredForm::unanswered("Y-V1-1", "V1", true),
        &set("draft", Some(4), &[("SICK", 1, "0")]),
    )
    .expect_err("page 4 of 3");
    assert_eq!(err.code(), "lifecycle.last-page-out-of-range");
}

#[test]
fn last_page_is_required() {
    let err = check_last_page(
        &form(),
        &StoredForm::unanswered("Y-V1-1", "V1", true),
        &set("draft", None, &[("SICK", 1, "0")]),
    )
    .expect_err("no last page");
    assert_eq!(err, LifecycleError::LastPageMissing);
    assert_eq!(err.code(), "lifecycle.last-page-missing");
}

#[test]
fn last_page_must_be_an_updated_page() {
    let f = form();
    let base = stored(AnswerStatus::Draft, Some(1), &[("TEMP", 1, "36.5")]);
    // Page 2 changed: last page 2 is right, 1 and 3 are not.
    let next = |p| set("draft", Some(p), &[("TEMP", 1, "36.5"), ("SICK", 1, "1")]);
    assert!(check_last_page(&f, &base, &next(2)).is_ok());
    for p in [1, 3] {
        let err = check_last_page(&f, &base, &next(p)).expect_err("not updated");
        assert_eq!(err.code(), "lifecycle.last-page-not-updated");
        assert_eq!(
            err,
            LifecycleError::LastPageNotUpdated {
                last_page: PageNumber(p),
                expected: vec![PageNumber(2)]
            }
        );
        assert_eq!(err.location().page, Some(PageNumber(p)));
    }
    // Pages 1 and 3 changed (a removal counts): either is accepted.
    let both = |p| set("draft", Some(p), &[("CONSENT", 1, "1")]);
    assert!(check_last_page(&f, &base, &both(1)).is_ok());
    assert!(check_last_page(&f, &base, &both(3)).is_ok());
    assert_eq!(
        check_last_page(&f, &base, &both(2))
            .expect_err("page 2 untouched")
            .code(),
        "lifecycle.last-page-not-updated"
    );
}

#[test]
fn with_no_answer_changed_the_last_page_stays() {
    let f = form();
    let base = stored(
        AnswerStatus::Draft,
        Some(2),
        &[("TEMP", 1, "36.5"), ("CONSENT", 1, "1")],
    );
    let submit = |p| {
        set(
            "answered",
            Some(p),
            &[("TEMP", 1, "36.5"), ("CONSENT", 1, "1")],
        )
    };
    assert!(check_last_page(&f, &base, &submit(2)).is_ok());
    let err = check_last_page(&f, &base, &submit(3)).expect_err("nothing updated on page 3");
    assert_eq!(
        err,
        LifecycleError::LastPageNotUpdated {
            last_page: PageNumber(3),
            expected: vec![PageNumber(2)]
        }
    );
    // A calculated item is not an update: adding AGE_M does not make page 1 updated.
    let with_calc = set(
        "answered",
        Some(1),
        &[("TEMP", 1, "36.5"), ("CONSENT", 1, "1"), ("AGE_M", 1, "3")],
    );
    assert_eq!(
        check_last_page(&f, &base, &with_calc)
            .expect_err("calculated")
            .code(),
        "lifecycle.last-page-not-updated"
    );
    // PMH records no page (or one the form no longer has): any page will do.
    let mut no_page = base.clone();
    no_page.state.last_page = None;
    no_page.answers.last_page = None;
    assert!(check_last_page(&f, &no_page, &submit(3)).is_ok());
    let mut gone = base;
    gone.state.last_page = Some(PageNumber(9));
    gone.answers.last_page = Some(PageNumber(9));
    assert!(check_last_page(&f, &gone, &submit(3)).is_ok());
}

#[test]
fn stored_answers_must_be_comparable_and_of_the_form() {
    let f = form();
    let dup = stored(
        AnswerStatus::Draft,
        Some(1),
        &[("TEMP", 1, SENTINEL), ("TEMP", 1, SENTINEL)],
    );
    let err = check_last_page(&f, &dup, &set("draft", Some(1), &[("TEMP", 1, "36.5")]))
        .expect_err("duplicate key at PMH");
    assert_eq!(err.code(), "lifecycle.stored-answers");
    assert_eq!(err.location().master_id.as_deref(), Some("TEMP"));
    assert!(!err.to_string().contains(SENTINEL));
    assert!(!format!("{err:?}").contains(SENTINEL));

    let mut other = stored(AnswerStatus::Draft, Some(1), &[]);
    other.answers.definition = "V2".into();
    let err = check_last_page(&f, &other, &set("draft", Some(1), &[("TEMP", 1, "36.5")]))
        .expect_err("other form");
    assert_eq!(err.code(), "lifecycle.form-id-mismatch");
}

// ---- plans and payloads -----------------------------------------------------------------------

#[test]
fn each_transition_plans_its_payload() {
    let f = form();
    let unanswered = StoredForm::unanswered("Y-V1-1", "V1", true);
    let first = validated(&f, set("draft", Some(1), &[("TEMP", 1, "36.5")]));
    let plan = plan_register(&f, &unanswered, &first).expect("start draft");
    assert_eq!(plan.transition, Transition::StartDraft);
    assert_eq!(plan.payload.status().as_wire_str(), "下書き");

    let drafted = stored(AnswerStatus::Draft, Some(1), &[("TEMP", 1, "36.5")]);
    let again = validated(
        &f,
        set("draft", Some(2), &[("TEMP", 1, "36.5"), ("SICK", 1, "0")]),
    );
    assert_eq!(
        plan_register(&f, &drafted, &again)
            .expect("save draft")
            .transition,
        Transition::SaveDraft
    );

    let done = validated(
        &f,
        set(
            "answered",
            Some(3),
            &[("TEMP", 1, "36.5"), ("CONSENT", 1, "1")],
        ),
    );
    let plan = plan_register(&f, &drafted, &done).expect("submit");
    assert_eq!(plan.transition, Transition::Submit);
    assert_eq!(plan.payload.status().as_wire_str(), "回答済み");
    assert_eq!(plan.payload.last_page().get(), 3);

    // Correcting page 1 of an answered form records page 1, not the last page.
    let answered = stored(
        AnswerStatus::Answered,
        Some(3),
        &[("TEMP", 1, "36.5"), ("CONSENT", 1, "1")],
    );
    let fixed = validated(
        &f,
        set(
            "answered",
            Some(1),
            &[("TEMP", 1, "37.0"), ("CONSENT", 1, "1")],
        ),
    );
    let plan = plan_register(&f, &answered, &fixed).expect("resubmit");
    assert_eq!(plan.transition, Transition::Resubmit);
    assert_eq!(plan.payload.last_page().get(), 1);

    let mut closed = answered.clone();
    closed.state.answerable = false;
    assert_eq!(
        plan_register(&f, &closed, &fixed)
            .expect_err("flag false")
            .code(),
        "lifecycle.not-answerable"
    );
    assert_eq!(
        plan_register_with(
            &f,
            &answered,
            &validated(
                &f,
                set(
                    "answered",
                    Some(3),
                    &[("TEMP", 1, "37.0"), ("CONSENT", 1, "1")]
                )
            ),
            &Policy::strict()
        )
        .expect_err("page 3 not updated")
        .code(),
        "lifecycle.last-page-not-updated"
    );
}

#[test]
fn calculated_items_are_not_registered() {
    let f = form();
    // AGE_M = age_months(2025-12-01, 2026-04-01) = 4: validation accepts the computed value.
    let v = validated(
        &f,
        set(
            "answered",
            Some(3),
            &[
                ("AGE_M", 1, "4"),
                ("CONSENT", 1, "1"),
                ("BIRTH", 1, "2025-12-01"),
                ("TEMP", 1, "36.5"),
            ],
        ),
    );
    let payload = RegisterPayload::from_validated(&v, "Y-V1-1").expect("payload");
    let ids: Vec<&str> = payload
        .answers()
        .iter()
        .map(|a| a.master_id.as_str())
        .collect();
    // Definition order, calculated AGE_M left out.
    assert_eq!(ids, ["TEMP", "BIRTH", "CONSENT"]);
    assert!(payload
        .answers()
        .iter()
        .all(|a| a.seq == monshin_wire::RepeatSeq::SINGLE));
}

#[test]
fn payloads_take_the_form_identity_from_the_validated_set() {
    let f = form();
    let v = validated(&f, set("draft", Some(1), &[("TEMP", 1, "36.5")]));
    assert_eq!(v.identity().definition_id, "V1");
    let payload = RegisterPayload::from_validated(&v, "Y-V1-1").expect("payload");
    assert_eq!(payload.process_type(), "RegisterQuestionnaireAnswer");
    let child = form_from(&FORM.replace(
        r#""formKind": "vaccination""#,
        r#""formKind": "child-checkup""#,
    ));
    let v = validated(&child, set("draft", Some(1), &[("TEMP", 1, "36.5")]));
    let payload = RegisterPayload::from_validated(&v, "C-V1-1").expect("payload");
    assert_eq!(payload.process_type(), "RegisterChildQuestionnaireAnswer");
    let json = String::from_utf8(payload.to_json().expect("json")).expect("utf-8");
    assert!(json.contains(r#""checkupId":"C-V1-1""#), "{json}");
}

#[test]
fn values_pmh_cannot_carry_are_refused() {
    // A PMH ID with a space is not a PMH management ID.
    let f = form();
    let v = validated(&f, set("draft", Some(1), &[("TEMP", 1, "36.5")]));
    let err = RegisterPayload::from_validated(&v, "Y 1").expect_err("bad management ID");
    assert_eq!(err.code(), "lifecycle.wire-value");
    assert!(matches!(
        err,
        LifecycleError::WireValue {
            wire_code: monshin_wire::ErrorCode::BadId,
            ..
        }
    ));
    assert!(err.to_string().contains("wire.bad-id"), "{err}");
}

#[test]
fn nothing_shows_answer_values() {
    let f = form();
    let v = validated(
        &f,
        set("draft", Some(1), &[("TEMP", 1, "36.5"), ("SICK", 1, "1")]),
    );
    let mut sentinel_set = v.answers().clone();
    sentinel_set.answers.push(monshin_core::Answer {
        id: "TEMP".into(),
        seq: RepeatSeq(2),
        value: SENTINEL.into(),
    });
    let stored = StoredForm {
        pmh_id: "Y-V1-1".into(),
        state: state(true, AnswerStatus::Draft, Some(1)),
        answers: sentinel_set,
    };
    let plan = plan_register(&f, &stored, &v);
    let payload = RegisterPayload::from_validated(&v, "Y-V1-1").expect("payload");
    let texts = [
        format!("{stored:?}"),
        format!("{plan:?}"),
        format!("{payload:?}"),
        format!("{:?}", payload.answers()),
    ];
    for text in texts {
        assert!(
            !text.contains(SENTINEL) && !text.contains("36.5"),
            "value leaked: {text}"
        );
    }
}

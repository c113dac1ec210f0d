//! Client ↔ sandbox for each of the ten operations, and the PMH rules the sandbox enforces:
//! consent, not found, 回答許可フラグ, status transitions, validation findings, last page,
//! idempotency keys, and the raw HTTP contract (401, 400 with a JSON path).

mod common;

use common::*;
use monshin_core::PageNumber;
use monshin_lifecycle::resume_vaccination;
use monshin_pmh::{Error, IdempotencyKey, RegisterEffect, ServerCode};
use monshin_pmh_sandbox::Faults;
use monshin_wire::{
    AnswerStatus, ChildCheckupId, LastPage, RegisterChildQuestionnaireAnswer,
    RegisterQuestionnaireAnswer, RegisterStatus, VaccinationFormId, WireAnswer,
};

fn vid(s: &str) -> VaccinationFormId {
    VaccinationFormId::new(s).expect("valid ID")
}

fn cid(s: &str) -> ChildCheckupId {
    ChildCheckupId::new(s).expect("valid ID")
}

#[tokio::test]
async fn the_eight_reads() {
    let sb = sandbox(Faults::none()).await;

    let mother = client(&sb, "mother-1").await;
    let prenatal = mother.list_prenatal_checkups().await.expect("op 5");
    assert_eq!(prenatal.pregnancies.len(), 1);
    assert_eq!(prenatal.pregnancies[0].checkups.len(), 3);
    let vouchers = mother.list_prenatal_vouchers().await.expect("op 6");
    assert_eq!(vouchers.vouchers.len(), 3);
    assert_eq!(vouchers.vouchers[0].municipal_share_yen, Some(10_820));

    let infant = client(&sb, "infant-1").await;
    let vaccinations = infant.list_vaccinations().await.expect("op 1");
    assert_eq!(vaccinations.vaccinations.len(), 4);
    assert_eq!(vaccinations.vaccinations[3].history.len(), 1);
    let forms = infant.list_vaccination_forms().await.expect("op 2");
    assert_eq!(forms.forms.len(), 1);
    assert_eq!(forms.forms[0].status, AnswerStatus::Draft);
    assert!(forms.forms[0].answerable);
    let pcv = infant
        .get_vaccination_answers(&vid("Y-PCV15-3"))
        .await
        .expect("op 3");
    assert_eq!(pcv.status, AnswerStatus::Draft);
    assert_eq!(pcv.last_page.map(|p| p.get()), Some(2));
    assert!(!pcv.answers.is_empty());
    let definition = form("Y-PCV15-3");
    let resumed = resume_vaccination(&definition, &pcv).expect("resumes");
    assert!(
        resumed.findings.is_empty(),
        "page labels match the definition"
    );
    let report = definition.validate(
        &monshin_core::AnswersDoc::from_set(&resumed.stored.answers),
        &monshin_core::Options::draft(today()),
    );
    assert!(report.is_valid(), "the seeded draft is a valid draft");
    let checkups = infant.list_child_checkups().await.expect("op 7");
    assert_eq!(checkups.checkups[0].checkup_id.as_str(), "C-2026-4M-1220");
    let paper = infant
        .get_child_answers(&cid("C-2026-4M-1220"))
        .await
        .expect("op 8");
    assert!(!paper.answerable);
    assert_eq!(paper.status, AnswerStatus::Unanswered);
    let certificates = infant.list_subsidy_certificates().await.expect("op 10");
    assert_eq!(certificates.certificates.len(), 1);

    let toddler = client(&sb, "toddler-1").await;
    let draft = toddler
        .get_child_answers(&cid("C-2026-18M-0509"))
        .await
        .expect("op 8");
    assert_eq!(draft.status, AnswerStatus::Draft);
    assert_eq!(
        draft.page_labels.len(),
        form("C-2026-18M-0509").pages().len()
    );

    assert_eq!(sb.stats().requests, 9);

    // A response larger than the client accepts is refused, not read.
    let tokens = sb.token_provider("infant-1").await.expect("citizen");
    let small = monshin_pmh::PmhClient::builder(&sb.base_url())
        .max_response_bytes(100)
        .build(std::sync::Arc::new(tokens))
        .expect("client");
    let e = small.list_vaccinations().await.expect_err("too large");
    assert!(
        matches!(
            e,
            Error::InvalidResponse {
                code: monshin_wire::ErrorCode::TooLarge,
                ..
            }
        ),
        "{e:?}"
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn register_vaccination_answers_then_read_back() {
    let sb = sandbox(Faults::none()).await;
    let c = client(&sb, "elder-1").await;
    let body = finished_vaccination_body(&c, "Y-FLU-2026-1").await;
    let receipt = c
        .register_vaccination_answers(&body, &IdempotencyKey::generate())
        .await
        .expect("op 4");
    assert_eq!(receipt.revision, 1);
    assert_eq!(c.stats().registers_sent, 1);
    assert_eq!(receipt.status, AnswerStatus::Answered);
    assert_eq!(receipt.last_page, body.last_page());
    assert!(!receipt.replayed);

    let back = c
        .get_vaccination_answers(&vid("Y-FLU-2026-1"))
        .await
        .expect("read back");
    assert_eq!(back.status, AnswerStatus::Answered);
    assert_eq!(back.last_page, Some(body.last_page()));
    assert_eq!(back.answers, body.answers());
    let listed = c.list_vaccination_forms().await.expect("op 2");
    assert_eq!(listed.forms[0].status, AnswerStatus::Answered);

    // 回答済み may be corrected while answerable (Resubmit): same answers, PMH's last page.
    let again = RegisterQuestionnaireAnswer::from_parts(
        vid("Y-FLU-2026-1"),
        RegisterStatus::Answered,
        body.last_page(),
        body.answers().to_vec(),
    );
    let receipt = c
        .register_vaccination_answers(&again, &IdempotencyKey::generate())
        .await
        .expect("resubmit");
    assert_eq!(receipt.revision, 2);
    assert_eq!(sb.stats().registers_applied, 2);
    sb.shutdown().await;
}

#[tokio::test]
async fn register_child_answers_then_read_back() {
    let sb = sandbox(Faults::none()).await;
    let c = client(&sb, "child-3y-1").await;
    let body = complete_child_body(&c, "C-2026-3Y-0802").await;
    let receipt = c
        .register_child_answers(&body, &IdempotencyKey::generate())
        .await
        .expect("op 9");
    assert_eq!(receipt.status, AnswerStatus::Answered);
    assert_eq!(receipt.answer_count as usize, body.answers().len());
    let back = c
        .get_child_answers(&cid("C-2026-3Y-0802"))
        .await
        .expect("op 8");
    assert_eq!(back.status, AnswerStatus::Answered);
    assert_eq!(back.answers, body.answers());
    let listed = c.list_child_checkups().await.expect("op 7");
    assert_eq!(listed.checkups[0].status, AnswerStatus::Answered);

    // A draft of the toddler's 1歳6か月児 form, saved again with one answer changed on its last
    // page: 下書き → 下書き.
    let t = client(&sb, "toddler-1").await;
    let read = t
        .get_child_answers(&cid("C-2026-18M-0509"))
        .await
        .expect("op 8");
    let last = read.last_page.expect("a draft has a last page");
    let definition = form("C-2026-18M-0509");
    let page_items: Vec<&str> = definition
        .item_summaries()
        .filter(|i| i.page == PageNumber(last.get()))
        .map(|i| i.id)
        .collect();
    let mut answers = read.answers.clone();
    let victim = answers
        .iter()
        .position(|a| page_items.contains(&a.master_id.as_str()))
        .expect("an answer on the last page");
    let removed: WireAnswer = answers.remove(victim);
    assert!(page_items.contains(&removed.master_id.as_str()));
    let body = RegisterChildQuestionnaireAnswer::from_parts(
        cid("C-2026-18M-0509"),
        RegisterStatus::Draft,
        last,
        answers,
    );
    let receipt = t
        .register_child_answers(&body, &IdempotencyKey::generate())
        .await
        .expect("save draft");
    assert_eq!(receipt.status, AnswerStatus::Draft);
    sb.shutdown().await;
}

#[tokio::test]
async fn consent_not_found_and_not_answerable() {
    let sb = sandbox(Faults::none()).await;
    let elder = client(&sb, "elder-1").await;
    for e in [
        elder
            .list_prenatal_checkups()
            .await
            .expect_err("no consent"),
        elder.list_child_checkups().await.expect_err("no consent"),
    ] {
        assert!(matches!(e, Error::ConsentRequired { .. }), "{e:?}");
    }
    let e = elder
        .list_subsidy_certificates()
        .await
        .expect_err("no consent");
    assert_eq!(e.code(), "pmh.consent-required");
    let e = elder
        .get_vaccination_answers(&vid("V-NO-SUCH"))
        .await
        .expect_err("unknown form");
    assert!(matches!(e, Error::NotFound { .. }), "{e:?}");

    // The toddler's PCV form is closed (回答許可フラグ = false).
    let toddler = client(&sb, "toddler-1").await;
    let example = complete_example("Y-PCV15-4");
    let body = RegisterQuestionnaireAnswer::from_parts(
        vid("Y-PCV15-4"),
        RegisterStatus::Answered,
        LastPage::new(5).expect("page"),
        wire(&example),
    );
    let e = toddler
        .register_vaccination_answers(&body, &IdempotencyKey::generate())
        .await
        .expect_err("not answerable");
    assert!(
        matches!(
            e,
            Error::Conflict {
                reason: Some(ServerCode::NotAnswerable),
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.register_effect(), RegisterEffect::NotApplied);
    let stats = sb.stats();
    assert_eq!(stats.registers_applied, 0);
    assert_eq!(stats.registers_refused, 1);
    sb.shutdown().await;
}

fn wire(set: &monshin_core::AnswerSet) -> Vec<WireAnswer> {
    set.answers
        .iter()
        .map(|a| {
            WireAnswer::new(
                monshin_wire::MasterId::new(&a.id).expect("master ID"),
                monshin_wire::RepeatSeq::new(a.seq.0).expect("seq"),
                monshin_wire::AnswerValue::new(a.value.clone()),
            )
        })
        .collect()
}

#[tokio::test]
async fn status_transitions_validation_and_last_page() {
    let sb = sandbox(Faults::none()).await;
    let c = client(&sb, "child-3y-1").await;
    let example = complete_example("C-2026-3Y-0802");

    // 回答済み with a required answer missing: 422 with findings.
    let mut missing = wire(&example);
    missing.retain(|a| a.master_id.as_str() != "C3_BIRTH");
    let body = RegisterChildQuestionnaireAnswer::from_parts(
        cid("C-2026-3Y-0802"),
        RegisterStatus::Answered,
        LastPage::new(5).expect("page"),
        missing,
    );
    let e = c
        .register_child_answers(&body, &IdempotencyKey::generate())
        .await
        .expect_err("invalid");
    let Error::Rejected {
        status,
        reason,
        findings,
        ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!((*status, *reason), (422, Some(ServerCode::InvalidAnswers)));
    assert!(findings.iter().any(|f| f.code == "answers.required-missing"
        && f.location.master_id.as_deref() == Some("C3_BIRTH")));

    // 回答済み.
    let body = RegisterChildQuestionnaireAnswer::from_parts(
        cid("C-2026-3Y-0802"),
        RegisterStatus::Answered,
        LastPage::new(5).expect("page"),
        wire(&example),
    );
    c.register_child_answers(&body, &IdempotencyKey::generate())
        .await
        .expect("answered");

    // Like PMH, the sandbox enforces only the guideline: a last page that did not change
    // (nothing changed, last page 1 while PMH holds 5) is accepted …
    let body = RegisterChildQuestionnaireAnswer::from_parts(
        cid("C-2026-3Y-0802"),
        RegisterStatus::Answered,
        LastPage::new(1).expect("page"),
        wire(&example),
    );
    c.register_child_answers(&body, &IdempotencyKey::generate())
        .await
        .expect("the guideline does not forbid an unchanged last page");
    // … and so is 回答済み → 下書き (a citizen reopening the form).
    let draft = RegisterChildQuestionnaireAnswer::from_parts(
        cid("C-2026-3Y-0802"),
        RegisterStatus::Draft,
        LastPage::new(5).expect("page"),
        wire(&example),
    );
    c.register_child_answers(&draft, &IdempotencyKey::generate())
        .await
        .expect("the guideline does not forbid reopening");
    let back = c
        .get_child_answers(&cid("C-2026-3Y-0802"))
        .await
        .expect("read back");
    assert_eq!(back.status, AnswerStatus::Draft);
    // A last page outside the form is still refused: 422 pmh.last-page.
    let outside = RegisterChildQuestionnaireAnswer::from_parts(
        cid("C-2026-3Y-0802"),
        RegisterStatus::Draft,
        LastPage::new(99).expect("page"),
        wire(&example),
    );
    let e = c
        .register_child_answers(&outside, &IdempotencyKey::generate())
        .await
        .expect_err("page 99");
    assert!(matches!(e, Error::Rejected { .. }), "{e:?}");

    // The PCV invalid example: findings carry codes and keys, never values.
    let infant = client(&sb, "infant-1").await;
    let invalid = pcv_invalid_example();
    let body = RegisterQuestionnaireAnswer::from_parts(
        vid("Y-PCV15-3"),
        RegisterStatus::Answered,
        LastPage::new(5).expect("page"),
        wire(&invalid),
    );
    let e = infant
        .register_vaccination_answers(&body, &IdempotencyKey::generate())
        .await
        .expect_err("invalid");
    let Error::Rejected { findings, .. } = &e else {
        panic!("{e:?}")
    };
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    for expected in [
        "answers.out-of-range",
        "answers.unknown-item",
        "answers.answered-while-disabled",
    ] {
        assert!(codes.contains(&expected), "{expected} in {codes:?}");
    }
    let text = format!("{e} {e:?}");
    assert!(
        !text.contains("42.6") && !text.contains("２９８４"),
        "{text}"
    );
    // 回答済み, the unchanged last page and the reopening.
    assert_eq!(sb.stats().registers_applied, 3);
    sb.shutdown().await;
}

#[tokio::test]
async fn idempotency_keys_apply_once() {
    let sb = sandbox(Faults::none()).await;
    let c = client(&sb, "elder-1").await;
    let body = finished_vaccination_body(&c, "Y-FLU-2026-1").await;
    let key = IdempotencyKey::generate();
    let first = c
        .register_vaccination_answers(&body, &key)
        .await
        .expect("applied");
    let second = c
        .register_vaccination_answers(&body, &key)
        .await
        .expect("replayed");
    assert!(!first.replayed && second.replayed);
    assert_eq!(first.revision, second.revision);
    let stats = sb.stats();
    assert_eq!((stats.registers_applied, stats.registers_replayed), (1, 1));

    // The same key with another body is refused.
    let other = RegisterQuestionnaireAnswer::from_parts(
        vid("Y-FLU-2026-1"),
        RegisterStatus::Answered,
        body.last_page(),
        body.answers()[1..].to_vec(),
    );
    let e = c
        .register_vaccination_answers(&other, &key)
        .await
        .expect_err("reused key");
    assert!(
        matches!(
            e,
            Error::Conflict {
                reason: Some(ServerCode::IdempotencyKeyReused),
                ..
            }
        ),
        "{e:?}"
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn the_raw_http_contract() {
    let sb = sandbox(Faults::none()).await;
    let addr = sb.addr();
    assert!(addr.ip().is_loopback());

    let (status, body) = raw(addr, "GET", "/v3/vaccination-forms", &[], b"").await;
    assert_eq!(status, 401);
    let text = String::from_utf8(body).expect("utf-8");
    assert!(text.contains("\"pmh.unauthorized\""), "{text}");

    // The admin routes need the admin token.
    let admin = format!("Bearer {}", sb.admin_token());
    for (method, path) in [
        ("POST", "/sandbox/token"),
        ("GET", "/sandbox/citizens"),
        ("GET", "/sandbox/stats"),
        ("GET", "/sandbox/faults"),
        ("PUT", "/sandbox/faults"),
    ] {
        for auth in [None, Some("Bearer sbx-admin.wrong"), Some("Bearer ")] {
            let headers: Vec<(&str, &str)> =
                auth.map(|a| ("authorization", a)).into_iter().collect();
            let (status, _) = raw(addr, method, path, &headers, b"{}").await;
            assert_eq!(status, 401, "{method} {path} {auth:?}");
        }
    }
    let (status, body) = raw(
        addr,
        "POST",
        "/sandbox/token",
        &[
            ("content-type", "application/json"),
            ("authorization", &admin),
        ],
        br#"{"citizenId":"elder-1"}"#,
    )
    .await;
    assert_eq!(status, 200);
    let token: monshin_pmh::api::TokenResponse =
        serde_json::from_slice(&body).expect("token response");
    assert!(!format!("{token:?}").contains(&token.access_token));
    let auth = format!("Bearer {}", token.access_token);

    let (status, _) = raw(
        addr,
        "GET",
        "/v3/vaccination-forms",
        &[("authorization", &auth)],
        b"",
    )
    .await;
    assert_eq!(status, 200);

    // A register body of the wrong shape: 400 with the wire code and the JSON path.
    let bad = r#"{"processType":"RegisterQuestionnaireAnswer","formId":"Y-FLU-2026-1",
                  "status":"回答済み","lastPage":0,"answers":[]}"#;
    let (status, body) = raw(
        addr,
        "POST",
        "/v3/questionnaire-answers",
        &[("authorization", &auth), ("idempotency-key", "k-1")],
        bad.as_bytes(),
    )
    .await;
    assert_eq!(status, 400);
    let err: monshin_pmh::api::ErrorBody = serde_json::from_slice(&body).expect("error body");
    assert_eq!(err.error.code, "pmh.bad-request");
    assert_eq!(err.error.wire_code.as_deref(), Some("wire.bad-last-page"));
    assert_eq!(err.error.path.as_deref(), Some("/lastPage"));

    // No idempotency key: 400.
    let (status, _) = raw(
        addr,
        "POST",
        "/v3/questionnaire-answers",
        &[("authorization", &auth)],
        bad.as_bytes(),
    )
    .await;
    assert_eq!(status, 400);

    let (status, _) = raw(addr, "GET", "/v9/nothing", &[("authorization", &auth)], b"").await;
    assert_eq!(status, 404);

    let (status, body) = raw(
        addr,
        "GET",
        "/sandbox/citizens",
        &[("authorization", &admin)],
        b"",
    )
    .await;
    assert_eq!(status, 200);
    let text = String::from_utf8(body).expect("utf-8");
    assert!(
        text.contains("\"elder-1\"") && !text.contains("佐藤"),
        "{text}"
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn odd_values_are_read_with_their_findings() {
    use monshin_wire::{ErrorCode, WireDocument};
    let sb = sandbox(Faults::none()).await;
    let odd = client(&sb, "odd-values-1").await;
    let codes = |doc: &dyn Fn() -> Vec<monshin_wire::ReadFinding>| -> Vec<String> {
        doc()
            .iter()
            .map(|f| format!("{} {}", f.code, f.path))
            .collect()
    };

    let vaccinations = odd.list_vaccinations().await.expect("op 1 reads");
    assert!(vaccinations.vaccinations[0]
        .enrolled
        .as_ref()
        .is_some_and(|e| e.is_other()));
    assert_eq!(
        codes(&|| vaccinations.read_findings()),
        [
            "wire.unknown-value /vaccinations/0/enrolled",
            "wire.unknown-value /vaccinations/0/kind/legalCategory",
            "wire.unknown-value /vaccinations/0/history/0/deliveryMode",
            "wire.unknown-value /vaccinations/0/history/0/visitKind",
        ]
    );
    let forms = odd.list_vaccination_forms().await.expect("op 2 reads");
    assert!(forms.forms[0].status.is_other());
    // The lifecycle cannot act on a status it does not know, and says so.
    let state = monshin_lifecycle::PmhFormState::try_from(&forms.forms[0]);
    assert_eq!(state.map_err(|e| e.code()), Err("lifecycle.unknown-status"));
    let answers = odd
        .get_vaccination_answers(&vid("V-ODD-1"))
        .await
        .expect("op 3 reads");
    assert_eq!(
        codes(&|| answers.read_findings()),
        [
            "wire.unknown-value /status",
            "wire.withheld /basicFiveInfo/address",
        ]
    );
    let checkups = odd.list_child_checkups().await.expect("op 7 reads");
    assert_eq!(checkups.read_findings().len(), 2);
    let child = odd
        .get_child_answers(&cid("C-ODD-1"))
        .await
        .expect("op 8 reads");
    let findings = child.read_findings();
    assert_eq!(
        findings.iter().map(|f| f.code).collect::<Vec<_>>(),
        [ErrorCode::UnknownValue, ErrorCode::Withheld]
    );
    sb.shutdown().await;
}

/// The seed's children: several doses of several vaccines and two check-ups, each with its own
/// PMH ID, every one resolved through the bundled catalogue (or given a typed "no form").
#[tokio::test]
async fn every_list_entry_resolves_through_the_catalogue() {
    use monshin_core::catalogue::Catalogue;
    use monshin_lifecycle::{resolve_checkups, resolve_form_list, resolve_vaccinations};

    let catalogue = Catalogue::from_json(
        monshin_forms::CATALOGUE.as_bytes(),
        &monshin_core::Limits::default(),
    )
    .expect("bundled catalogue");
    let summary = |r: &monshin_lifecycle::FormResolution<'_>| match &r.result {
        Ok(found) => format!(
            "{} -> {} {:?}",
            r.pmh_id,
            found.definition.id,
            found.params.get("dose").map(String::as_str)
        ),
        Err(e) => format!("{} -> {}", r.pmh_id, e.code()),
    };
    let sb = sandbox(Faults::none()).await;
    let infant = client(&sb, "infant-1").await;
    let list = infant.list_vaccinations().await.expect("op 1");
    let got: Vec<String> = resolve_vaccinations(&catalogue, &list)
        .iter()
        .map(summary)
        .collect();
    assert_eq!(
        got,
        [
            "Y-PCV15-1 -> vaccination-pcv Some(\"1\")",
            "Y-PCV15-2 -> vaccination-pcv Some(\"2\")",
            "Y-PCV15-3 -> vaccination-pcv Some(\"3\")",
            "Y-HIB-1 -> vaccination-dpt-ipv-hib Some(\"1\")",
        ]
    );
    let forms = infant.list_vaccination_forms().await.expect("op 2");
    let got: Vec<String> = resolve_form_list(&catalogue, &forms, &list)
        .iter()
        .map(summary)
        .collect();
    assert_eq!(got, ["Y-PCV15-3 -> vaccination-pcv Some(\"3\")"]);

    let toddler = client(&sb, "toddler-1").await;
    let list = toddler.list_vaccinations().await.expect("op 1");
    let got: Vec<String> = resolve_vaccinations(&catalogue, &list)
        .iter()
        .map(summary)
        .collect();
    assert_eq!(
        got,
        [
            "Y-PCV15-4 -> vaccination-pcv Some(\"4\")",
            "Y-MR-1 -> vaccination-mr None"
        ]
    );
    let checkups = toddler.list_child_checkups().await.expect("op 7");
    let got: Vec<String> = resolve_checkups(&catalogue, &checkups)
        .iter()
        .map(summary)
        .collect();
    assert_eq!(
        got,
        [
            "C-2026-18M-0509 -> child-1y6m None",
            "C-2028-3Y-0509 -> child-3y None"
        ]
    );
    sb.shutdown().await;
}

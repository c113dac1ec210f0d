//! Bad input, redaction and construction through the public API.
//!
//! Bad input is one table: each case takes a golden document, breaks one value, and states the
//! expected [`ErrorCode`] and JSON path; every case also checks that neither the error's
//! `Display` nor its `Debug` contains the broken value. A test checks that every code has a
//! case. Redaction tests fill the personal fields of whole documents with sentinels and check
//! that `Debug` never shows them.

#[path = "../../../tests/update_expect.rs"]
mod update_expect;

use std::fs;
use std::path::PathBuf;

use monshin_wire::{
    encode, parse, parse_child_checkups, parse_child_form_answers, parse_prenatal_checkups,
    parse_subsidy_certificates, parse_vaccination_form_answers, parse_vaccination_form_list,
    parse_vaccination_list, parse_with_limits, read, AnswerStatus, AnswerValue, ChildCheckupId,
    ErrorCode, LastPage, Limits, MasterId, MunicipalityCode, ReadOptions,
    RegisterChildQuestionnaireAnswer, RegisterQuestionnaireAnswer, RegisterStatus, RepeatSeq, Sex,
    StaffList, VaccinationFormAnswers, VaccinationFormId, VaccinationFormList, VaccinationList,
    Vocabulary, WireAnswer, WireDate, WireError,
};
use serde_json::{json, Value};

fn golden(rel: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(rel);
    serde_json::from_slice(&fs::read(&path).expect("golden file")).expect("golden JSON")
}

/// `base` with the value at `pointer` replaced (or, for `None`, removed).
fn edit(mut base: Value, pointer: &str, value: Option<Value>) -> Vec<u8> {
    let (parent, last) = pointer.rsplit_once('/').expect("pointer");
    let target = base.pointer_mut(parent).expect("parent exists");
    match (target, value) {
        (Value::Object(m), Some(v)) => {
            m.insert(last.to_owned(), v);
        }
        (Value::Object(m), None) => {
            m.remove(last);
        }
        (Value::Array(a), Some(v)) => a[last.parse::<usize>().expect("index")] = v,
        _ => panic!("cannot edit {pointer}"),
    }
    serde_json::to_vec(&base).expect("serialise")
}

type Parser = fn(&[u8]) -> Result<(), WireError>;

struct Case {
    name: &'static str,
    parser: Parser,
    bytes: Vec<u8>,
    code: ErrorCode,
    /// Expected JSON Pointer, or `None` for errors without a path.
    path: Option<&'static str>,
    /// A value that must not appear in the error's Display or Debug.
    secret: Option<&'static str>,
}

fn form_list(b: &[u8]) -> Result<(), WireError> {
    parse_vaccination_form_list(b).map(drop)
}
fn vacc_list(b: &[u8]) -> Result<(), WireError> {
    parse_vaccination_list(b).map(drop)
}
fn form_answers(b: &[u8]) -> Result<(), WireError> {
    parse_vaccination_form_answers(b).map(drop)
}
fn child_checkups(b: &[u8]) -> Result<(), WireError> {
    parse_child_checkups(b).map(drop)
}
fn prenatal(b: &[u8]) -> Result<(), WireError> {
    parse_prenatal_checkups(b).map(drop)
}
fn subsidy(b: &[u8]) -> Result<(), WireError> {
    parse_subsidy_certificates(b).map(drop)
}
/// Strict reading: read findings are errors.
fn strict_vacc_list(b: &[u8]) -> Result<(), WireError> {
    read::<VaccinationList>(b, &ReadOptions::strict()).map(drop)
}
fn strict_form_answers(b: &[u8]) -> Result<(), WireError> {
    read::<VaccinationFormAnswers>(b, &ReadOptions::strict()).map(drop)
}
fn register(b: &[u8]) -> Result<(), WireError> {
    parse::<RegisterQuestionnaireAnswer>(b).map(drop)
}
fn register_child(b: &[u8]) -> Result<(), WireError> {
    parse::<RegisterChildQuestionnaireAnswer>(b).map(drop)
}

fn nested_arrays(depth: usize) -> Value {
    (0..depth).fold(json!("深い値"), |inner, _| json!([inner]))
}

fn cases() -> Vec<Case> {
    let forms = || golden("vaccination-form-list/three-statuses.json");
    let vaccs = || golden("vaccination-list/pcv-and-mr.json");
    let answers = || golden("vaccination-form-answers/draft.json");
    let checkups = || golden("child-checkups/four-months-and-eighteen-months.json");
    let reg = || golden("register-questionnaire-answer/answered.json");
    let reg_child = || golden("register-child-questionnaire-answer/draft.json");
    let case = |name, parser, bytes, code, path, secret| Case {
        name,
        parser,
        bytes,
        code,
        path,
        secret,
    };
    vec![
        case(
            "flag given as text",
            form_list,
            edit(forms(), "/forms/0/answerable", Some(json!("機密はい"))),
            ErrorCode::WrongType,
            Some("/forms/0/answerable"),
            Some("機密はい"),
        ),
        case(
            "number given as text, deep inside",
            vacc_list,
            edit(vaccs(), "/vaccinations/1/kind/doseNumber", Some(json!("機密一回"))),
            ErrorCode::WrongType,
            Some("/vaccinations/1/kind/doseNumber"),
            Some("機密一回"),
        ),
        case(
            "answer value given as a number",
            form_answers,
            edit(answers(), "/answers/3/value", Some(json!(987654321))),
            ErrorCode::WrongType,
            Some("/answers/3/value"),
            Some("987654321"),
        ),
        case(
            "subsidy third-level value as an object",
            subsidy,
            edit(
                golden("subsidy-certificates/child-medical-and-intractable.json"),
                "/certificates/1/details/1/items/1/items/0/value",
                Some(json!({ "機密": "一般所得Ⅰ" })),
            ),
            ErrorCode::WrongType,
            Some("/certificates/1/details/1/items/1/items/0/value"),
            Some("一般所得"),
        ),
        case(
            "document is an array",
            form_list,
            b"[\"machine\"]".to_vec(),
            ErrorCode::WrongType,
            Some(""),
            Some("machine"),
        ),
        case(
            "required title missing",
            form_list,
            edit(forms(), "/forms/1/title", None),
            ErrorCode::MissingField,
            Some("/forms/1/title"),
            None,
        ),
        case(
            "duplicate member",
            form_list,
            br#"{"forms": [], "forms": []}"#.to_vec(),
            ErrorCode::DuplicateField,
            Some("/forms"),
            None,
        ),
        case(
            "negative dose number",
            vacc_list,
            edit(vaccs(), "/vaccinations/0/kind/doseNumber", Some(json!(-7))),
            ErrorCode::InvalidValue,
            Some("/vaccinations/0/kind/doseNumber"),
            Some("-7"),
        ),
        case(
            "date of birth that does not exist",
            form_answers,
            edit(answers(), "/basicFiveInfo/dateOfBirth", Some(json!("2023-02-29"))),
            ErrorCode::BadDate,
            Some("/basicFiveInfo/dateOfBirth"),
            Some("2023-02-29"),
        ),
        case(
            "date in Japanese era form",
            vacc_list,
            edit(
                vaccs(),
                "/vaccinations/0/history/0/vaccinatedOn",
                Some(json!("令和7年6月20日")),
            ),
            ErrorCode::BadDate,
            Some("/vaccinations/0/history/0/vaccinatedOn"),
            Some("令和7年"),
        ),
        case(
            "date range end with slashes",
            vacc_list,
            edit(
                vaccs(),
                "/vaccinations/0/kind/standardPeriod/byAge/to",
                Some(json!("2025/10/13")),
            ),
            ErrorCode::BadDate,
            Some("/vaccinations/0/kind/standardPeriod/byAge/to"),
            Some("2025/10/13"),
        ),
        case(
            "municipality check digit wrong",
            child_checkups,
            edit(
                checkups(),
                "/checkups/0/municipality/code",
                Some(json!("131122")),
            ),
            ErrorCode::MunicipalityCheckDigit,
            Some("/checkups/0/municipality/code"),
            Some("131122"),
        ),
        case(
            "municipality code of 5 digits",
            child_checkups,
            edit(checkups(), "/checkups/1/municipality/code", Some(json!("13112"))),
            ErrorCode::BadMunicipalityCode,
            Some("/checkups/1/municipality/code"),
            Some("13112"),
        ),
        case(
            "answer status as an object",
            form_list,
            edit(forms(), "/forms/2/status", Some(json!({"回答中": 1}))),
            ErrorCode::WrongType,
            Some("/forms/2/status"),
            Some("回答中"),
        ),
        case(
            "register body with 未回答",
            register,
            edit(reg(), "/status", Some(json!("未回答"))),
            ErrorCode::StatusNotRegistrable,
            Some("/status"),
            Some("未回答"),
        ),
        case(
            "register body with the other body's processing type",
            register,
            edit(
                reg(),
                "/processType",
                Some(json!("RegisterChildQuestionnaireAnswer")),
            ),
            ErrorCode::BadProcessType,
            Some("/processType"),
            Some("RegisterChild"),
        ),
        case(
            "child register body without processing type",
            register_child,
            edit(reg_child(), "/processType", None),
            ErrorCode::MissingField,
            Some("/processType"),
            None,
        ),
        case(
            "register body with an unknown member",
            register,
            edit(reg(), "/機密メモ", Some(json!("機密の値"))),
            ErrorCode::UnknownField,
            // The unknown member's name is not a model field name, so it is masked.
            Some(""),
            Some("機密"),
        ),
        case(
            "legal category not in the vocabulary, read strictly",
            strict_vacc_list,
            edit(vaccs(), "/vaccinations/0/kind/legalCategory", Some(json!("定期外"))),
            ErrorCode::UnknownValue,
            Some("/vaccinations/0/kind/legalCategory"),
            Some("定期外"),
        ),
        case(
            "sex code 7, read strictly",
            strict_form_answers,
            edit(answers(), "/basicFiveInfo/sex", Some(json!("7"))),
            ErrorCode::UnknownValue,
            Some("/basicFiveInfo/sex"),
            None,
        ),
        case(
            "address withheld, read strictly",
            strict_form_answers,
            edit(answers(), "/basicFiveInfo/address", None),
            ErrorCode::Withheld,
            Some("/basicFiveInfo/address"),
            None,
        ),
        case(
            "empty form ID",
            form_list,
            edit(forms(), "/forms/0/formId", Some(json!(""))),
            ErrorCode::BadId,
            Some("/forms/0/formId"),
            None,
        ),
        case(
            "form ID with a space",
            register,
            edit(reg(), "/formId", Some(json!("Y PCV 機密"))),
            ErrorCode::BadId,
            Some("/formId"),
            Some("機密"),
        ),
        case(
            "master ID with a control character",
            register,
            edit(reg(), "/answers/0/masterId", Some(json!("PCV\u{1}BIRTH"))),
            ErrorCode::BadMasterId,
            Some("/answers/0/masterId"),
            Some("PCV\u{1}BIRTH"),
        ),
        case(
            "repeat sequence number 0",
            form_answers,
            edit(answers(), "/answers/5/seq", Some(json!(0))),
            ErrorCode::BadRepeatSeq,
            Some("/answers/5/seq"),
            None,
        ),
        case(
            "last page 0",
            register,
            edit(reg(), "/lastPage", Some(json!(0))),
            ErrorCode::BadLastPage,
            Some("/lastPage"),
            None,
        ),
        case(
            "guide URL with a javascript: scheme",
            vacc_list,
            edit(
                vaccs(),
                "/vaccinations/0/guideUrls/municipality",
                Some(json!("javascript:alert('機密')")),
            ),
            ErrorCode::BadUrl,
            Some("/vaccinations/0/guideUrls/municipality"),
            Some("javascript"),
        ),
        case(
            "ten staff names",
            prenatal,
            edit(
                golden("prenatal-checkups/first-pregnancy.json"),
                "/pregnancies/0/checkups/0/staff",
                Some(json!(["機密1", "2", "3", "4", "5", "6", "7", "8", "9", "10"])),
            ),
            ErrorCode::TooManyStaff,
            Some("/pregnancies/0/checkups/0/staff"),
            Some("機密1"),
        ),
        case(
            "truncated document",
            form_list,
            r#"{"forms": [{"formId": "Y-1", "title": "機密"#.as_bytes().to_vec(),
            ErrorCode::Syntax,
            None,
            Some("機密"),
        ),
        case(
            "trailing characters",
            form_list,
            br#"{"forms": []} {"machine": 1}"#.to_vec(),
            ErrorCode::Syntax,
            None,
            Some("machine"),
        ),
        case(
            "invalid UTF-8 in a string",
            form_list,
            b"{\"forms\": [{\"formId\": \"Y-1\", \"title\": \"\xff\xfe\", \"answerable\": true, \"status\": \"x\"}]}".to_vec(),
            ErrorCode::Syntax,
            None,
            None,
        ),
        case(
            "nesting 40 deep inside an unknown (ignored) member",
            form_list,
            edit(forms(), "/extension", Some(nested_arrays(40))),
            ErrorCode::TooDeep,
            None,
            Some("深い値"),
        ),
        case(
            "array of 10,001 elements",
            form_list,
            edit(forms(), "/extension", Some(json!(vec![0; 10_001]))),
            ErrorCode::ArrayTooLong,
            None,
            None,
        ),
        case(
            "string of 70,000 bytes",
            form_list,
            edit(forms(), "/extension", Some(json!("機".repeat(70_000 / 3)))),
            ErrorCode::StringTooLong,
            None,
            Some("機機機"),
        ),
        case(
            "document over 4 MiB",
            form_list,
            {
                let mut b = serde_json::to_vec(&forms()).expect("serialise");
                b.resize(4 * 1024 * 1024 + 1, b' ');
                b
            },
            ErrorCode::TooLarge,
            None,
            None,
        ),
    ]
}

#[test]
fn bad_input_is_rejected_with_its_code_and_path() {
    let mut failures = Vec::new();
    for c in cases() {
        let err = match (c.parser)(&c.bytes) {
            Ok(()) => {
                failures.push(format!("{}: parsed", c.name));
                continue;
            }
            Err(e) => e,
        };
        if err.code() != c.code {
            failures.push(format!("{}: code {} ≠ {}", c.name, err.code(), c.code));
        }
        let path = err.path().map(|p| p.to_pointer());
        if path.as_deref() != c.path {
            failures.push(format!("{}: path {path:?} ≠ {:?}", c.name, c.path));
        }
        if let Some(secret) = c.secret {
            for shown in [err.to_string(), format!("{err:?}")] {
                if shown.contains(secret) {
                    failures.push(format!("{}: message shows the value: {shown}", c.name));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn every_error_code_has_a_bad_input_case() {
    let cases = cases();
    for code in ErrorCode::ALL {
        if *code == ErrorCode::Encode {
            continue; // our types always serialise
        }
        assert!(
            cases.iter().any(|c| c.code == *code),
            "no bad-input case for {code}"
        );
    }
}

#[test]
fn error_messages_are_stable() {
    let mut out = String::new();
    for c in cases() {
        let err = (c.parser)(&c.bytes).expect_err(c.name);
        // Positions inside golden-based documents move when a golden file changes.
        let msg = err.to_string();
        let msg = match msg.find(" (line ") {
            Some(i) => format!("{} (line …)", &msg[..i]),
            None => msg,
        };
        out.push_str(&format!("{} | {} | {msg}\n", c.name, err.code()));
    }
    update_expect::apply();
    insta::assert_snapshot!(out);
}

#[test]
fn tighter_limits_apply() {
    let forms = serde_json::to_vec(&golden("vaccination-form-list/three-statuses.json"))
        .expect("serialise");
    let tight = Limits::default().with_max_bytes(100);
    let err = parse_with_limits::<VaccinationFormList>(&forms, &tight).expect_err("too big");
    assert_eq!(
        err,
        WireError::TooLarge {
            size: forms.len(),
            limit: 100
        }
    );
    let shallow = Limits::default().with_max_depth(2);
    let err = parse_with_limits::<VaccinationFormList>(&forms, &shallow).expect_err("too deep");
    assert_eq!(err.code(), ErrorCode::TooDeep);
    let short = Limits::default().with_max_array_len(2);
    let err = parse_with_limits::<VaccinationFormList>(&forms, &short).expect_err("too long");
    assert_eq!(err.code(), ErrorCode::ArrayTooLong);
    assert!(parse_with_limits::<VaccinationFormList>(&forms, &Limits::default()).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Redaction

const SENTINELS: &[&str] = &[
    "SENTINEL_NAME_山田",
    "SENTINEL_KANA_ヤマダ",
    "SENTINEL_ADDRESS_架空町",
    "1901-02-03",
    "Female",
    "SENTINEL_ANSWER",
    "SENTINEL_DOCTOR",
    "SENTINEL_RESULT",
    "SENTINEL_STAFF",
    "SENTINEL_SUBSIDY",
];

fn assert_no_sentinel(what: &str, shown: &str) {
    for s in SENTINELS {
        assert!(!shown.contains(s), "{what} shows {s}: {shown}");
    }
    assert!(shown.contains("<redacted>"), "{what} redacts nothing");
}

fn with_sentinel_basic_info(mut doc: Value) -> Value {
    doc["basicFiveInfo"] = json!({
        "name": "SENTINEL_NAME_山田",
        "nameKana": "SENTINEL_KANA_ヤマダ",
        "address": "SENTINEL_ADDRESS_架空町",
        "dateOfBirth": "1901-02-03",
        "sex": "2",
    });
    for a in doc["answers"].as_array_mut().expect("answers") {
        a["value"] = json!("SENTINEL_ANSWER");
    }
    doc
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).expect("serialise")
}

#[test]
fn debug_of_form_answers_hides_basic_info_and_answers() {
    let doc = with_sentinel_basic_info(golden("vaccination-form-answers/draft.json"));
    let parsed = parse_vaccination_form_answers(&bytes(&doc)).expect("parses");
    assert_no_sentinel("vaccination answers", &format!("{parsed:?}"));
    assert_no_sentinel("vaccination answers (pretty)", &format!("{parsed:#?}"));
    // Non-personal content is still visible, so Debug stays useful.
    assert!(format!("{parsed:?}").contains("PCV_TEMP"));

    let doc = with_sentinel_basic_info(golden("child-form-answers/eighteen-months-draft.json"));
    let parsed = parse_child_form_answers(&bytes(&doc)).expect("parses");
    assert_no_sentinel("child answers", &format!("{parsed:#?}"));
    // The wrapped values are still there for code that asks for them.
    let info = parsed.basic_five_info.as_ref().expect("given");
    assert_eq!(
        info.name.as_ref().map(|n| n.expose().as_str()),
        Some("SENTINEL_NAME_山田")
    );
    assert_eq!(
        info.sex.as_ref().and_then(|s| s.expose().known()),
        Some(Sex::Female)
    );
}

#[test]
fn debug_of_records_hides_names_results_and_subsidy_values() {
    let mut v = golden("vaccination-list/pcv-and-mr.json");
    v["vaccinations"][0]["history"][0]["doctorName"] = json!("SENTINEL_DOCTOR");
    v["vaccinations"][0]["history"][0]["result"] = json!("SENTINEL_RESULT");
    let parsed = parse_vaccination_list(&bytes(&v)).expect("parses");
    assert_no_sentinel("vaccination list", &format!("{parsed:#?}"));

    let mut c = golden("child-checkups/four-months-and-eighteen-months.json");
    c["checkups"][0]["staff"] = json!(["SENTINEL_STAFF", "SENTINEL_STAFF"]);
    c["checkups"][0]["results"][0]["value"] = json!("SENTINEL_RESULT");
    let parsed = parse_child_checkups(&bytes(&c)).expect("parses");
    assert_no_sentinel("child checkups", &format!("{parsed:#?}"));

    let mut p = golden("prenatal-checkups/first-pregnancy.json");
    p["pregnancies"][0]["checkups"][0]["staff"] = json!(["SENTINEL_STAFF"]);
    p["pregnancies"][0]["checkups"][0]["results"][1]["value"] = json!("SENTINEL_RESULT");
    let parsed = parse_prenatal_checkups(&bytes(&p)).expect("parses");
    assert_no_sentinel("prenatal checkups", &format!("{parsed:#?}"));

    let mut s = golden("subsidy-certificates/child-medical-and-intractable.json");
    s["certificates"][0]["details"][0]["value"] = json!("SENTINEL_SUBSIDY");
    s["certificates"][1]["details"][1]["items"][0]["value"] = json!("SENTINEL_SUBSIDY");
    s["certificates"][1]["details"][1]["items"][1]["items"][0]["value"] = json!("SENTINEL_SUBSIDY");
    let parsed = parse_subsidy_certificates(&bytes(&s)).expect("parses");
    assert_no_sentinel("subsidy certificates", &format!("{parsed:#?}"));
}

#[test]
fn errors_in_documents_full_of_personal_data_show_none_of_it() {
    let doc = with_sentinel_basic_info(golden("vaccination-form-answers/draft.json"));
    let broken = [
        edit(
            doc.clone(),
            "/answers/0/seq",
            Some(json!("SENTINEL_ANSWER")),
        ),
        edit(
            doc.clone(),
            "/basicFiveInfo/dateOfBirth",
            Some(json!("SENTINEL_NAME_山田")),
        ),
        edit(
            doc.clone(),
            "/basicFiveInfo/name",
            Some(json!(["SENTINEL_KANA_ヤマダ"])),
        ),
        edit(
            doc.clone(),
            "/status",
            Some(json!(["SENTINEL_ADDRESS_架空町"])),
        ),
    ];
    let odd = edit(doc, "/status", Some(json!("SENTINEL_ADDRESS_架空町")));
    let strict = read::<VaccinationFormAnswers>(&odd, &ReadOptions::strict()).expect_err("strict");
    let tolerant = read::<VaccinationFormAnswers>(&odd, &ReadOptions::tolerant()).expect("reads");
    let shown = format!("{strict} {strict:?} {tolerant:?} {}", tolerant.findings[0]);
    assert!(
        shown.contains("wire.unknown-value") && shown.contains("/status"),
        "{shown}"
    );
    for s in SENTINELS {
        assert!(!shown.contains(s), "{shown}");
    }
    for b in broken {
        let err = parse_vaccination_form_answers(&b).expect_err("broken");
        for shown in [err.to_string(), format!("{err:?}")] {
            for s in SENTINELS {
                assert!(!shown.contains(s), "{shown}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Construction

fn answer(id: &str, seq: u32, value: &str) -> WireAnswer {
    WireAnswer::new(
        MasterId::new(id).expect("master ID"),
        RepeatSeq::new(seq).expect("seq"),
        AnswerValue::new(value),
    )
}

#[test]
fn register_bodies_carry_their_fixed_processing_type() {
    let body = RegisterQuestionnaireAnswer::from_parts(
        VaccinationFormId::new("Y-PCV15-1").expect("id"),
        RegisterStatus::Answered,
        LastPage::new(4).expect("page"),
        vec![answer("PCV_TEMP", 1, "36.5")],
    );
    let v: Value = serde_json::from_slice(&encode(&body).expect("encode")).expect("JSON");
    assert_eq!(
        v,
        json!({
            "processType": "RegisterQuestionnaireAnswer",
            "formId": "Y-PCV15-1",
            "status": "回答済み",
            "lastPage": 4,
            "answers": [ { "masterId": "PCV_TEMP", "seq": 1, "value": "36.5" } ],
        })
    );
    assert_eq!(body.process_type(), "RegisterQuestionnaireAnswer");
    assert_eq!(body.status(), RegisterStatus::Answered);
    assert_eq!(body.answers()[0].value.as_str(), "36.5");
    assert!(!format!("{body:?}").contains("36.5"));

    let child = RegisterChildQuestionnaireAnswer::from_parts(
        ChildCheckupId::new("C-2026-18M-0311").expect("id"),
        RegisterStatus::Draft,
        LastPage::new(1).expect("page"),
        vec![],
    );
    let v: Value = serde_json::from_slice(&encode(&child).expect("encode")).expect("JSON");
    assert_eq!(v["processType"], "RegisterChildQuestionnaireAnswer");
    assert_eq!(v["status"], "下書き");
    assert_eq!(child.checkup_id().as_str(), "C-2026-18M-0311");
}

#[test]
fn statuses_convert_but_unanswered_is_never_registrable() {
    assert_eq!(
        AnswerStatus::from(RegisterStatus::Draft),
        AnswerStatus::Draft
    );
    assert_eq!(
        RegisterStatus::try_from(AnswerStatus::Answered).ok(),
        Some(RegisterStatus::Answered)
    );
    let err = RegisterStatus::try_from(AnswerStatus::Unanswered).expect_err("未回答");
    assert_eq!(err.code(), ErrorCode::StatusNotRegistrable);
    assert_eq!(Vocabulary::as_wire_str(AnswerStatus::Unanswered), "未回答");
    assert_eq!(
        <AnswerStatus as Vocabulary>::from_wire_str("回答済み"),
        Some(AnswerStatus::Answered)
    );
}

#[test]
fn constructors_check_their_invariants() {
    assert_eq!(
        WireDate::new(2024, 2, 29).map(|d| d.to_string()).ok(),
        Some("2024-02-29".into())
    );
    assert_eq!(
        WireDate::new(2100, 2, 29).map_err(|e| e.code()),
        Err(ErrorCode::BadDate)
    );
    assert_eq!(
        "2025-13-01".parse::<WireDate>().map_err(|e| e.code()),
        Err(ErrorCode::BadDate)
    );
    assert!(WireDate::new(2025, 4, 1).ok() < WireDate::new(2025, 4, 2).ok());
    for known in ["131016", "011002", "271004", "141003", "131121"] {
        let code: MunicipalityCode = known.parse().expect(known);
        assert_eq!(code.as_str(), known);
    }
    assert_eq!(
        "131016"
            .parse::<MunicipalityCode>()
            .map(|c| c.prefecture().to_owned())
            .ok(),
        Some("13".into())
    );
    assert_eq!(
        "131017".parse::<MunicipalityCode>().map_err(|e| e.code()),
        Err(ErrorCode::MunicipalityCheckDigit)
    );
    assert_eq!(
        "１３１０１６"
            .parse::<MunicipalityCode>()
            .map_err(|e| e.code()),
        Err(ErrorCode::BadMunicipalityCode)
    );
    assert_eq!(RepeatSeq::new(0), None);
    assert_eq!(RepeatSeq::SINGLE.get(), 1);
    assert_eq!(
        LastPage::new(0).map_err(|e| e.code()),
        Err(ErrorCode::BadLastPage)
    );
    assert_eq!(
        MasterId::new(&"A".repeat(129)).map_err(|e| e.code()),
        Err(ErrorCode::BadMasterId)
    );
    assert_eq!(
        StaffList::new(vec![String::new(); 10]).map_err(|e| e.code()),
        Err(ErrorCode::TooManyStaff)
    );
    assert_eq!(
        StaffList::new(vec!["a".into(); 9]).map(|s| s.len()).ok(),
        Some(9)
    );
}

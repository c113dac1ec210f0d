//! Helpers shared by the integration tests: bundled forms, their example answer sets, a fixed
//! validation date and PMH read responses built from JSON.

#![allow(dead_code)] // each test file uses a different subset

use monshin_core::{AnswerSet, CompiledForm, Limits, Validated};
use monshin_expr::Date;
use monshin_forms::BundledForm;

/// The validation date of every test: inside the window the bundled examples are valid for.
pub(crate) fn today() -> Date {
    Date::from_ymd(2026, 4, 1).expect("a real date")
}

pub(crate) fn bundled(name: &str) -> &'static BundledForm {
    monshin_forms::by_name(name).expect("bundled form")
}

/// The fictional PMH ID each bundled form's examples are registered under (the convention of
/// ARCHITECTURE.md: `Y-<vaccine><valency>-<dose>` for a 予診票管理ID,
/// `C-<year>-<age>-<serial>` for a 乳幼児健診管理ID). Never equal to a definition ID.
pub(crate) fn pmh_id(name: &str) -> &'static str {
    match name {
        "vaccination-pcv" => "Y-PCV15-1",
        "vaccination-flu-elderly" => "Y-FLU-2026-1",
        "vaccination-ppsv-elderly" => "Y-PPSV23-1",
        "vaccination-covid-elderly" => "Y-COVID-2026-1",
        "vaccination-zoster" => "Y-HZ-1",
        "vaccination-rsv-maternal" => "Y-RSV-1",
        "child-3-4m" => "C-2026-4M-0311",
        "vaccination-hepb" => "Y-HEPB-3",
        "vaccination-rota" => "Y-ROTA1-2",
        "vaccination-dpt-ipv-hib" => "Y-DPTIPVHIB-3",
        "vaccination-bcg" => "Y-BCG-1",
        "vaccination-mr" => "Y-MR-2",
        "vaccination-varicella" => "Y-VAR-2",
        "vaccination-je" => "Y-JE-3",
        "vaccination-dt" => "Y-DT-1",
        "vaccination-hpv" => "Y-HPV9-2",
        "child-1y6m" => "C-2026-18M-0311",
        "child-3y" => "C-2028-3Y-0311",
        other => panic!("no PMH ID for {other}"),
    }
}

pub(crate) fn compile(name: &str) -> CompiledForm {
    CompiledForm::from_json(bundled(name).definition.as_bytes(), &Limits::default())
        .expect("bundled form compiles")
}

pub(crate) fn answers(json: &str) -> AnswerSet {
    AnswerSet::from_json(json.as_bytes(), &Limits::default()).expect("answer set reads")
}

pub(crate) fn validated(form: &CompiledForm, set: AnswerSet) -> Validated {
    match form.validate_for_status(set, today()) {
        Ok(v) => v,
        Err(rejected) => panic!(
            "expected a valid set, got:\n{}",
            rejected
                .report
                .findings()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// A vaccination form-answers read response (operation 3) with the given parts.
pub(crate) fn vaccination_read(
    form_id: &str,
    status: &str,
    last_page: Option<u32>,
    labels: &[&str],
    answers: &[(&str, u32, &str)],
) -> monshin_wire::VaccinationFormAnswers {
    let json = read_json("formId", form_id, status, last_page, labels, answers);
    monshin_wire::parse(json.as_bytes()).expect("read response parses")
}

/// A child form-answers read response (operation 8) with the given parts.
pub(crate) fn child_read(
    checkup_id: &str,
    status: &str,
    last_page: Option<u32>,
    labels: &[&str],
    answers: &[(&str, u32, &str)],
) -> monshin_wire::ChildFormAnswers {
    let json = read_json("checkupId", checkup_id, status, last_page, labels, answers);
    monshin_wire::parse(json.as_bytes()).expect("read response parses")
}

fn read_json(
    id_field: &str,
    id: &str,
    status: &str,
    last_page: Option<u32>,
    labels: &[&str],
    answers: &[(&str, u32, &str)],
) -> String {
    let mut doc = serde_json::json!({
        id_field: id,
        "title": "テスト問診票",
        "answerable": true,
        "status": status,
        "basicFiveInfo": {
            "name": "架空 太郎", "nameKana": "カクウ タロウ", "address": "架空県架空市1-2-3",
            "dateOfBirth": "2025-04-18", "sex": "1"
        },
        "pageLabels": labels,
        "answers": answers
            .iter()
            .map(|(id, seq, value)| serde_json::json!({ "masterId": id, "seq": seq, "value": value }))
            .collect::<Vec<_>>(),
    });
    if let Some(p) = last_page {
        doc["lastPage"] = serde_json::json!(p);
    }
    doc.to_string()
}

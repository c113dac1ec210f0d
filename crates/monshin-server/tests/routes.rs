//! Every route of the service answering realistic input: the bundled forms' example answer
//! sets, a PMH golden document.

mod common;

use common::{example, get, one_line, post, state};
use serde_json::Value;

#[tokio::test]
async fn forms_lists_every_bundled_form_and_the_catalogue() {
    let s = state();
    let a = get(&s, "/v1/forms").await;
    assert_eq!(a.status, 200);
    let v = a.json();
    let ids: Vec<&str> = v["forms"]
        .as_array()
        .expect("forms")
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    for f in monshin_forms::FORMS {
        assert!(ids.contains(&f.name), "{} missing from {ids:?}", f.name);
    }
    assert!(!v["catalogue"]["vaccinations"]
        .as_array()
        .expect("entries")
        .is_empty());
}

#[tokio::test]
async fn one_form_has_its_definition_version_and_answers_schema() {
    let s = state();
    let a = get(&s, "/v1/forms/vaccination-pcv").await;
    assert_eq!(a.status, 200);
    let v = a.json();
    assert_eq!(v["id"], "vaccination-pcv");
    assert_eq!(v["definition"]["id"], "vaccination-pcv");
    assert_eq!(v["version"], v["definition"]["version"]);
    // The schema accepts the complete example and rejects a set of another form.
    let schema = jsonschema::validator_for(&v["answersSchema"]).expect("a valid JSON Schema");
    let complete: Value =
        serde_json::from_str(example("vaccination-pcv", "complete")).expect("json");
    assert!(schema.is_valid(&complete));
    let other: Value = serde_json::from_str(example("child-3y", "complete")).expect("json");
    assert!(!schema.is_valid(&other));
}

#[tokio::test]
async fn validate_reports_findings_in_the_mode_of_the_status_or_the_query() {
    let s = state();
    let complete = example("vaccination-pcv", "complete");
    let a = post(&s, "/v1/forms/vaccination-pcv/validate", complete).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json()["valid"], true, "{}", a.text());
    // The draft example is valid as a draft (its status) and not in complete mode.
    let draft = example("vaccination-pcv", "draft");
    let a = post(&s, "/v1/forms/vaccination-pcv/validate", draft).await;
    assert_eq!(a.json()["valid"], true, "{}", a.text());
    let a = post(
        &s,
        "/v1/forms/vaccination-pcv/validate?mode=complete",
        draft,
    )
    .await;
    let v = a.json();
    assert_eq!(v["valid"], false);
    assert!(v["errors"].as_u64().expect("count") > 0);
    assert!(v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| f["code"] == "answers.required-missing"));
    // The same answers as the CLI's JSON: valid, errors, warnings, findings.
    let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["errors", "findings", "valid", "warnings"]);
}

#[tokio::test]
async fn normalize_rewrites_non_canonical_answers() {
    let s = state();
    let mut set: Value =
        serde_json::from_str(example("vaccination-pcv", "complete")).expect("json");
    // A temperature typed with full-width digits and its unit.
    let answers = set["answers"].as_array_mut().expect("answers");
    let temp = answers
        .iter_mut()
        .find(|a| a["id"].as_str().is_some_and(|id| id.contains("TEMP")))
        .expect("a temperature answer");
    temp["value"] = Value::String("３６．５℃".into());
    let a = post(&s, "/v1/forms/vaccination-pcv/normalize", set.to_string()).await;
    assert_eq!(a.status, 200, "{}", a.text());
    let v = a.json();
    let fixed = v["answers"]["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .find(|a| a["id"].as_str().is_some_and(|id| id.contains("TEMP")))
        .expect("kept");
    assert_eq!(fixed["value"], "36.5");
    assert!(!v["changes"].as_array().expect("changes").is_empty());
    assert_eq!(v["unknownAnswers"], serde_json::json!([]));
}

#[tokio::test]
async fn payload_builds_the_register_body_or_returns_the_findings() {
    let s = state();
    let complete = example("vaccination-pcv", "complete");
    let a = post(
        &s,
        "/v1/forms/vaccination-pcv/payload?pmhId=Y-PCV15-3&status=answered&lastPage=5",
        complete,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    let v = a.json();
    assert_eq!(v["payload"]["processType"], "RegisterQuestionnaireAnswer");
    // The child check-up registers its own document kind.
    let a = post(
        &s,
        "/v1/forms/child-3y/payload?pmhId=C-2028-3Y-0509&status=answered&lastPage=1",
        example("child-3y", "complete"),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(
        a.json()["payload"]["processType"],
        "RegisterChildQuestionnaireAnswer"
    );
    // A draft registered as answered fails complete validation: 422 with the findings.
    let a = post(
        &s,
        "/v1/forms/vaccination-pcv/payload?pmhId=Y-PCV15-3&status=answered&lastPage=1",
        example("vaccination-pcv", "draft"),
    )
    .await;
    assert_eq!(a.status, 422, "{}", a.text());
    assert_eq!(a.json()["valid"], false);
}

#[tokio::test]
async fn batch_answers_one_line_per_set_in_order() {
    let s = state();
    let lines = [
        one_line(example("vaccination-pcv", "complete")),
        String::new(),
        "{not json".to_string(),
        one_line(example("vaccination-pcv", "draft")),
    ]
    .join("\n");
    let a = post(&s, "/v1/validate/batch?form=vaccination-pcv", lines).await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.headers["content-type"].to_str().expect("ascii"),
        "application/x-ndjson"
    );
    let out: Vec<Value> = a
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(out.len(), 3, "{}", a.text());
    assert_eq!(out[0]["line"], 1);
    assert_eq!(out[0]["valid"], true);
    assert_eq!(out[1]["line"], 3);
    assert_eq!(out[1]["error"]["code"], "document.json-syntax");
    assert_eq!(out[2]["line"], 4);
    assert_eq!(out[2]["valid"], true);
}

#[tokio::test]
async fn inspect_reads_a_pmh_document_redacted() {
    let s = state();
    let list = include_str!("../../monshin-wire/tests/golden/vaccination-list/pcv-and-mr.json");
    let a = post(&s, "/v1/pmh/inspect", list).await;
    assert_eq!(a.status, 200, "{}", a.text());
    let v = a.json();
    assert_eq!(v["kind"], "vaccination-list");
    assert_eq!(v["readable"], true);
    // A register body read strictly with its kind named.
    let a = post(
        &s,
        "/v1/pmh/inspect?kind=vaccination-list&strict=true",
        list,
    )
    .await;
    assert_eq!(a.status, 200);
}

#[tokio::test]
async fn operations_routes_answer() {
    let s = state();
    assert_eq!(get(&s, "/healthz").await.json()["status"], "ok");
    assert_eq!(get(&s, "/readyz").await.json()["status"], "ready");
    let a = get(&s, "/openapi.json").await;
    assert_eq!(a.json()["openapi"], "3.1.0");
    get(&s, "/v1/forms").await;
    let m = get(&s, "/metrics").await;
    assert_eq!(m.status, 200);
    let text = m.text();
    assert!(
        text.contains(r#"monshin_http_requests_total{route="/v1/forms",method="GET",status="200",outcome="ok"} 1"#),
        "{text}"
    );
    assert!(text.contains("monshin_http_request_duration_seconds_bucket"));
}

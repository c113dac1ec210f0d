//! The HL7 validator cases in `shared/fhir-cases/` (beside the checkout; never copied into the
//! project): each is run and compared with the reference validator's expected outcome, and
//! an agree / differ line is printed per case. A case that differs must be listed in
//! [`DELIBERATE`] with its reason, and documented in `tests/README.md`; a listed case that
//! agrees fails too, so the list stays true. A missing folder fails the test.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use monshin_expr::Date;
use monshin_fhir::{
    import, read_questionnaire, read_response, validate_response, FhirFinding, FhirLimits,
    FhirSeverity, IdPolicy, ImportOptions,
};
use serde_json::Value;

/// Cases where monshin deliberately differs from the reference validator, with the reason
/// (the same text is in `tests/README.md`).
const DELIBERATE: &[(&str, &str)] = &[
    (
        "fhir-test-cases/date-min-max-qr",
        "partial dates (year, year-month) are not accepted as answers to date items",
    ),
    (
        "fhir-test-cases/integer-min-max-qr",
        "minValue above maxValue is reported on the questionnaire, whose answers are then not checked",
    ),
    (
        "fhir-test-cases/string-min-max-length-qr",
        "minLength above maxLength is reported on the questionnaire, whose answers are then not checked",
    ),
    (
        "fhir-test-cases/decimal-precision-questionnaire",
        "1.666 has three decimal places where maxDecimalPlaces is 2: reported, although the case author expected success",
    ),
    (
        "fhir-test-cases/questionnaire-lifelines",
        "an R5 example: XML element order is not checked, and the answers of a duplicated item are not checked beyond the duplication error",
    ),
];

/// The folder of cases: `shared/fhir-cases` in the nearest directory above the workspace root
/// that has one (CI checks out with `shared/` beside the repository; worktrees sit deeper).
fn cases_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().expect("workspace root");
    for dir in root.ancestors().skip(1) {
        let candidate = dir.join("shared/fhir-cases");
        if candidate.join("expected-outcomes.json").is_file() {
            return candidate;
        }
    }
    panic!(
        "shared/fhir-cases not found beside the checkout (looked above {}): the conformance run cannot be skipped",
        root.display()
    );
}

/// A finding as compared: severity and FHIR path.
type Issue = (String, String);

fn ours(findings: &[FhirFinding]) -> BTreeSet<Issue> {
    findings
        .iter()
        .filter(|f| f.severity != FhirSeverity::Information)
        .map(|f| (f.severity.as_str().to_string(), f.expression.clone()))
        .collect()
}

/// Codes of findings that are about FHIR validity (lint), not about mapping to monshin.
fn is_lint(f: &FhirFinding) -> bool {
    f.code.starts_with("fhir.que-")
        || f.code.starts_with("fhir.enable-when-")
        || f.code == "fhir.link-id-missing"
}

fn run(dir: &Path, case: &Value) -> (bool, BTreeSet<Issue>) {
    let files = &case["files"];
    let read = |rel: &Value| {
        let rel = rel.as_str().expect("file path");
        std::fs::read(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let limits = FhirLimits::default();
    match case["kind"].as_str() {
        Some("questionnaire-lint") => {
            let q = read_questionnaire(&read(&files["validate"]), &limits).expect("questionnaire");
            let imported = import(
                &q,
                &ImportOptions {
                    form_kind: None,
                    ids: IdPolicy::Tolerant,
                },
            );
            let lint: Vec<FhirFinding> = imported.findings.into_iter().filter(is_lint).collect();
            let valid = !lint.iter().any(FhirFinding::is_error);
            (valid, ours(&lint))
        }
        _ => {
            let q_bytes = read(&files["supporting"][0]);
            let q = read_questionnaire(&q_bytes, &limits).expect("questionnaire");
            let r = read_response(&read(&files["validate"]), &limits).expect("response");
            let today = Date::from_ymd(2026, 4, 1).expect("date");
            let report = validate_response(&q, &r, today);
            let relevant: Vec<FhirFinding> = report
                .questionnaire
                .iter()
                .filter(|f| f.is_error() || is_lint(f))
                .chain(&report.response)
                .cloned()
                .collect();
            (report.is_valid(), ours(&relevant))
        }
    }
}

fn expected(case: &Value) -> (bool, BTreeSet<Issue>) {
    let valid = case["java_valid"]
        .as_bool()
        .or_else(|| case["author_expected_success"].as_bool())
        .expect("expected validity");
    let mut issues = BTreeSet::new();
    for issue in case["java_issues"].as_array().into_iter().flatten() {
        let severity = issue["severity"].as_str().unwrap_or_default().to_string();
        for e in issue["expression"].as_array().into_iter().flatten() {
            issues.insert((severity.clone(), e.as_str().unwrap_or_default().to_string()));
        }
    }
    (valid, issues)
}

#[test]
#[allow(clippy::print_stdout)] // the agree / differ table is the test's report
fn shared_cases_agree_or_differ_deliberately() {
    let dir = cases_dir();
    let text = std::fs::read_to_string(dir.join("expected-outcomes.json")).expect("outcomes");
    let outcomes: Value = serde_json::from_str(&text).expect("outcomes json");
    let cases = outcomes["cases"].as_array().expect("cases");
    assert!(!cases.is_empty(), "no cases");
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/README.md"))
            .expect("tests/README.md");
    let mut problems = Vec::new();
    let (mut agree, mut differ) = (0, 0);
    for case in cases {
        let id = case["id"].as_str().expect("id");
        let (want_valid, want) = expected(case);
        let (got_valid, got) = run(&dir, case);
        let same = want_valid == got_valid && want == got;
        let deliberate = DELIBERATE.iter().find(|(d, _)| *d == id);
        println!(
            "{:<8} {id}: reference {} {:?}; monshin {} {:?}",
            if same { "agree" } else { "differ" },
            if want_valid { "valid" } else { "invalid" },
            want,
            if got_valid { "valid" } else { "invalid" },
            got
        );
        if same {
            agree += 1;
        } else {
            differ += 1;
        }
        match (same, deliberate) {
            (false, None) => {
                problems.push(format!("{id}: differs and is not a deliberate difference"))
            }
            (true, Some(_)) => problems.push(format!(
                "{id}: agrees but is listed as a deliberate difference"
            )),
            (false, Some((_, reason))) => {
                if !readme.contains(id) || !readme.contains(reason) {
                    problems.push(format!(
                        "{id}: deliberate difference not documented in tests/README.md"
                    ));
                }
            }
            (true, None) => {}
        }
    }
    println!(
        "{agree} agree, {differ} differ (deliberately) of {} cases",
        cases.len()
    );
    assert!(problems.is_empty(), "{problems:#?}");
}

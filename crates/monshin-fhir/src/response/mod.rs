//! QuestionnaireResponse validation: FHIR structure (`walk`), then the monshin engine on the
//! answers it maps to, in draft mode for `in-progress` and complete mode for `completed`, with
//! every engine finding pointed back at the response path it concerns.

pub(crate) mod walk;

use monshin_core::finding::Finding;
use monshin_core::{AnswersDoc, FindingCode, Limits, Mode, Options, Severity};
use monshin_expr::Date;

use crate::error::{FhirFinding, FhirSeverity};
use crate::import::{import, FormMap, IdPolicy, ImportOptions, Imported, NodeKind};
use crate::model::{Questionnaire, QuestionnaireResponse};
use walk::{Place, Walked};

/// Import findings that say monshin cannot map something (not that the questionnaire is
/// invalid FHIR): when validating a response they are warnings, the parts concerned are not
/// checked.
const MAPPING_LIMITS: &[&str] = &[
    "fhir.unsupported-item-type",
    "fhir.nested-repeating-group",
    "fhir.repeating-question-in-group",
    "fhir.condition-not-mapped",
    "fhir.value-set-unresolved",
    "fhir.option-code-ambiguous",
];

/// The result of validating a response.
#[derive(Debug, Clone)]
pub struct ResponseReport {
    /// The mode the answers were checked in.
    pub mode: Mode,
    /// Findings about the questionnaire (paths start `Questionnaire`).
    pub questionnaire: Vec<FhirFinding>,
    /// Findings about the response (paths start `QuestionnaireResponse`).
    pub response: Vec<FhirFinding>,
}

impl ResponseReport {
    /// Whether there is no error finding in either.
    pub fn is_valid(&self) -> bool {
        !self
            .questionnaire
            .iter()
            .chain(&self.response)
            .any(FhirFinding::is_error)
    }

    /// Every finding: the questionnaire's first.
    pub fn all(&self) -> Vec<FhirFinding> {
        self.questionnaire
            .iter()
            .chain(&self.response)
            .cloned()
            .collect()
    }
}

/// Validate `response` against `questionnaire`; `today` is what `today()` means.
pub fn validate_response(
    questionnaire: &Questionnaire,
    response: &QuestionnaireResponse,
    today: Date,
) -> ResponseReport {
    // Generated master IDs where linkIds are not master IDs: any questionnaire validates.
    let imported = import(
        questionnaire,
        &ImportOptions {
            form_kind: Some(monshin_core::FormKind::Vaccination),
            ids: IdPolicy::Tolerant,
        },
    );
    let walked = walk::walk(response, &imported);
    let mode = Mode::for_status(walked.set.status);
    // Notes on how the questionnaire maps (information), and the form ID PMH would need, are
    // not about the response; parts
    // that could not be mapped are not checked, which is a warning about this validation,
    // not an error in the response.
    let mut q_findings: Vec<FhirFinding> = imported
        .findings
        .iter()
        .filter(|f| f.severity != FhirSeverity::Information && f.code != "fhir.form-id-missing")
        .cloned()
        .map(|mut f| {
            if MAPPING_LIMITS.contains(&f.code.as_str()) {
                f.severity = FhirSeverity::Warning;
            }
            f
        })
        .collect();
    let mut r_findings = walked.findings.clone();
    let (form, engine_q) = imported.compile(&Limits::default());
    // Engine warnings on the questionnaire are about monshin's own rules, not FHIR validity.
    q_findings.extend(engine_q.into_iter().filter(FhirFinding::is_error));
    if let Some(form) = form {
        let doc = AnswersDoc::from_set(&walked.set);
        let report = form.validate(&doc, &Options { mode, today });
        for f in report.findings() {
            r_findings.push(engine_finding(f, &walked, &imported));
        }
    }
    ResponseReport {
        mode,
        questionnaire: q_findings,
        response: r_findings,
    }
}

fn severity(s: Severity) -> FhirSeverity {
    match s {
        Severity::Error => FhirSeverity::Error,
        Severity::Warning => FhirSeverity::Warning,
    }
}

/// OperationOutcome issue type of an engine finding.
fn issue_type(code: FindingCode) -> &'static str {
    match code {
        FindingCode::RequiredMissing => "required",
        FindingCode::AnsweredWhileDisabled
        | FindingCode::TooManyRepeats
        | FindingCode::TooFewRepeats
        | FindingCode::SelectionCount => "invalid",
        FindingCode::TypeMismatch | FindingCode::NeedsNormalization => "value",
        _ => "invariant",
    }
}

/// Whether the finding is about one answer's value rather than the item.
fn about_value(code: FindingCode) -> bool {
    matches!(
        code,
        FindingCode::TypeMismatch
            | FindingCode::NeedsNormalization
            | FindingCode::InvalidOption
            | FindingCode::OutOfRange
            | FindingCode::TooPrecise
            | FindingCode::LengthOutOfRange
            | FindingCode::PatternMismatch
    )
}

/// An engine finding on the answers, pointed at the response.
fn engine_finding(f: &Finding, walked: &Walked, imported: &Imported) -> FhirFinding {
    let place: Option<&Place> = f
        .location
        .answer_index()
        .and_then(|i| walked.places.get(i as usize));
    let exclusive = f
        .detail_code
        .as_deref()
        .and_then(|d| d.strip_prefix(crate::import::EXCLUSIVE_PREFIX));
    let expression = match place {
        Some(p) if exclusive.is_some() => p
            .codes
            .iter()
            .find(|(c, _)| Some(c.as_str()) == exclusive)
            .map(|(_, path)| path.clone())
            .unwrap_or_else(|| p.item.clone()),
        Some(p) if about_value(f.code) => p.value.clone(),
        Some(p) => p.item.clone(),
        None => item_path(f, walked, &imported.map),
    };
    let code = match (f.code, exclusive) {
        (_, Some(_)) => "fhir.qr-option-exclusive".to_string(),
        (c, None) => c.as_str().to_string(),
    };
    FhirFinding {
        code,
        severity: severity(f.severity),
        issue_type: issue_type(f.code),
        expression,
        message: f.message.clone(),
    }
}

/// The response item a finding without an answer concerns: the item if present, else the
/// nearest enclosing item present, else the response.
fn item_path(f: &Finding, walked: &Walked, map: &FormMap) -> String {
    let seq = f.location.seq.map_or(1, |s| s.0);
    let mut node = f
        .location
        .master_id
        .as_deref()
        .and_then(|id| map.by_master_id(id));
    let mut seq_here = seq;
    while let Some(n) = node {
        if let Some(p) = walked.item_paths.get(&(n.link_id.clone(), seq_here)) {
            return p.clone();
        }
        if n.kind == NodeKind::RepeatGroup || n.wrapper_group.is_some() {
            seq_here = 1;
        }
        node = n.parent.and_then(|p| map.nodes.get(p));
    }
    "QuestionnaireResponse".to_string()
}

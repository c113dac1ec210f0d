//! Reading any PMH document — the eight read responses and the two register bodies — as
//! monshin-wire reads it, for `monshin inspect` and `POST /v1/pmh/inspect`: what it holds
//! (redacted) and what was unexpected in it.
//!
//! The kind is detected from the top-level members unless given. The document is shown by its
//! `Debug` (基本５情報, answer values and other personal data as `<redacted>`, values outside the
//! guideline's lists by their shape), with its read findings (code, JSON Pointer, severity).

use std::fmt::Debug;

use monshin_core::{Finding, FindingCode, Location};
use monshin_wire::{
    read, ChildCheckupList, ChildFormAnswers, DocumentKind, PrenatalCheckupList,
    PrenatalVoucherList, ReadOptions, RegisterChildQuestionnaireAnswer,
    RegisterQuestionnaireAnswer, SubsidyCertificateList, VaccinationFormAnswers,
    VaccinationFormList, VaccinationList, WireDocument, WireError,
};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

/// One finding of an inspection.
#[derive(Debug, Serialize, JsonSchema)]
pub struct InspectFinding {
    /// `wire.*` code.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// JSON Pointer (`""` for the document root).
    pub path: String,
    /// What was found; never a value of the document.
    pub message: String,
}

/// What an inspection found.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Inspection {
    /// The document kind (`vaccination-list`, …, `unknown` when over the size limit).
    pub kind: &'static str,
    /// Whether the document fits the model.
    pub readable: bool,
    /// Read findings (warnings) or the error that made it unreadable.
    pub findings: Vec<InspectFinding>,
    /// The document's redacted `Debug`, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redacted: Option<String>,
}

impl Inspection {
    /// Whether no finding is an error.
    pub fn ok(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == "error")
    }
}

/// The names of every document kind, comma-separated.
pub fn kind_names() -> String {
    DocumentKind::ALL
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The kind named `name`, if any.
pub fn kind_by_name(name: &str) -> Option<DocumentKind> {
    DocumentKind::ALL.into_iter().find(|k| k.name() == name)
}

/// Inspects `bytes` as a document of `kind`, or of the kind its members show. An error (a
/// core finding: `document.json-syntax` when not JSON, `cli.bad-argument` when the kind
/// cannot be told or is not supported) when it cannot be inspected at all; a document that
/// does not fit the model is an inspection with `readable: false`.
pub fn inspect_document(
    bytes: &[u8],
    kind: Option<DocumentKind>,
    strict: bool,
) -> Result<(Option<DocumentKind>, Inspection), Box<Finding>> {
    let options = ReadOptions {
        strict,
        ..ReadOptions::default()
    };
    // Bounded before anything looks at the bytes.
    if bytes.len() > options.limits.max_bytes() {
        let e = WireError::TooLarge {
            size: bytes.len(),
            limit: options.limits.max_bytes(),
        };
        let inspection = Inspection {
            kind: "unknown",
            readable: false,
            findings: vec![error_finding(&e)],
            redacted: None,
        };
        return Ok((None, inspection));
    }
    // serde_json's message is not shown (it can quote the input).
    let top: Value = serde_json::from_slice(bytes).map_err(|e| {
        Box::new(Finding::error(
            FindingCode::JsonSyntax,
            Location::default(),
            format!("not JSON (line {}, column {})", e.line(), e.column()),
        ))
    })?;
    let bad_kind = |message: String| {
        Box::new(Finding::error(
            FindingCode::CliBadArgument,
            Location::default(),
            message,
        ))
    };
    let kind = match kind.or_else(|| detect(&top)) {
        Some(k) => k,
        None => {
            return Err(bad_kind(format!(
                "cannot tell which PMH document this is; name its kind (one of: {})",
                kind_names()
            )))
        }
    };
    let inspection = match kind {
        DocumentKind::VaccinationList => inspect::<VaccinationList>(bytes, &options),
        DocumentKind::VaccinationFormList => inspect::<VaccinationFormList>(bytes, &options),
        DocumentKind::VaccinationFormAnswers => inspect::<VaccinationFormAnswers>(bytes, &options),
        DocumentKind::RegisterQuestionnaireAnswer => {
            inspect::<RegisterQuestionnaireAnswer>(bytes, &options)
        }
        DocumentKind::PrenatalCheckups => inspect::<PrenatalCheckupList>(bytes, &options),
        DocumentKind::PrenatalVouchers => inspect::<PrenatalVoucherList>(bytes, &options),
        DocumentKind::ChildCheckups => inspect::<ChildCheckupList>(bytes, &options),
        DocumentKind::ChildFormAnswers => inspect::<ChildFormAnswers>(bytes, &options),
        DocumentKind::RegisterChildQuestionnaireAnswer => {
            inspect::<RegisterChildQuestionnaireAnswer>(bytes, &options)
        }
        DocumentKind::SubsidyCertificates => inspect::<SubsidyCertificateList>(bytes, &options),
        _ => return Err(bad_kind("this document kind is not supported".into())),
    };
    Ok((Some(kind), inspection))
}

/// The document kind from its top-level members.
fn detect(top: &Value) -> Option<DocumentKind> {
    let map = top.as_object()?;
    let has = |k: &str| map.contains_key(k);
    if let Some(process) = map.get("processType") {
        return match process.as_str()? {
            RegisterQuestionnaireAnswer::PROCESS_TYPE => {
                Some(DocumentKind::RegisterQuestionnaireAnswer)
            }
            RegisterChildQuestionnaireAnswer::PROCESS_TYPE => {
                Some(DocumentKind::RegisterChildQuestionnaireAnswer)
            }
            _ => None,
        };
    }
    [
        ("vaccinations", DocumentKind::VaccinationList),
        ("forms", DocumentKind::VaccinationFormList),
        ("formId", DocumentKind::VaccinationFormAnswers),
        ("pregnancies", DocumentKind::PrenatalCheckups),
        ("vouchers", DocumentKind::PrenatalVouchers),
        ("checkups", DocumentKind::ChildCheckups),
        ("checkupId", DocumentKind::ChildFormAnswers),
        ("certificates", DocumentKind::SubsidyCertificates),
    ]
    .into_iter()
    .find(|(member, _)| has(member))
    .map(|(_, kind)| kind)
}

fn inspect<T: WireDocument + Debug>(bytes: &[u8], options: &ReadOptions) -> Inspection {
    match read::<T>(bytes, options) {
        Ok(doc) => Inspection {
            kind: T::KIND.name(),
            readable: true,
            findings: doc
                .findings
                .iter()
                .map(|f| InspectFinding {
                    code: f.code.as_str(),
                    severity: "warning",
                    path: f.path.to_pointer(),
                    message: match &f.shape {
                        Some(shape) => format!("{}: {} ({shape})", f.field, f.code.message()),
                        None => format!("{}: {}", f.field, f.code.message()),
                    },
                })
                .collect(),
            redacted: Some(format!("{:#?}", doc.document)),
        },
        Err(e) => Inspection {
            kind: T::KIND.name(),
            readable: false,
            findings: vec![error_finding(&e)],
            redacted: None,
        },
    }
}

fn error_finding(e: &WireError) -> InspectFinding {
    InspectFinding {
        code: e.code().as_str(),
        severity: "error",
        path: e.path().map(|p| p.to_pointer()).unwrap_or_default(),
        // WireError messages carry a code, a path and positions, never a value.
        message: e.to_string(),
    }
}

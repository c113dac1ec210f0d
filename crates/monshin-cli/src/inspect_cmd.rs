//! `monshin inspect FILE [--kind K] [--strict]`: read any PMH document — the eight read
//! responses and the two register bodies — as monshin-wire reads it, and show what it holds
//! and what was unexpected in it.
//!
//! The kind is detected from the top-level members when `--kind` is not given. The document
//! is printed redacted (its `Debug`: 基本５情報, answer values and other personal data show as
//! `<redacted>`, values outside the guideline's lists by their shape), followed by its read
//! findings (code, JSON Pointer, severity). Exit codes: 0 the document could be read (read
//! findings are warnings), 1 an error finding (the document does not fit the model, or any
//! read finding under `--strict`), 2 the file is not JSON or cannot be read.

use monshin_core::FindingCode;
use std::fmt::Debug;
use std::path::PathBuf;

use clap::Args;
use monshin_wire::{
    read, ChildCheckupList, ChildFormAnswers, DocumentKind, PrenatalCheckupList,
    PrenatalVoucherList, ReadOptions, RegisterChildQuestionnaireAnswer,
    RegisterQuestionnaireAnswer, SubsidyCertificateList, VaccinationFormAnswers,
    VaccinationFormList, VaccinationList, WireDocument, WireError,
};
use serde::Serialize;
use serde_json::Value;

use crate::diff_cmd::CommandOutput;
use crate::{read as read_file, Fatal, Format};

/// Arguments of `monshin inspect`.
#[derive(Args)]
pub(crate) struct InspectArgs {
    /// The PMH document (JSON).
    file: PathBuf,
    /// Which document it is (detected when absent): vaccination-list, vaccination-form-list,
    /// vaccination-form-answers, register-questionnaire-answer, prenatal-checkups,
    /// prenatal-vouchers, child-checkups, child-form-answers,
    /// register-child-questionnaire-answer, subsidy-certificates.
    #[arg(long)]
    kind: Option<String>,
    /// Read findings (unknown values, withheld fields) are errors, as a vendor's CI wants.
    #[arg(long)]
    strict: bool,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// One finding of `inspect`, as printed in JSON.
#[derive(Serialize)]
struct InspectFinding {
    code: &'static str,
    severity: &'static str,
    /// JSON Pointer (`""` for the document root).
    path: String,
    message: String,
}

/// What `inspect` found.
#[derive(Serialize)]
struct Inspection {
    kind: &'static str,
    readable: bool,
    findings: Vec<InspectFinding>,
    /// The document's redacted `Debug`, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    redacted: Option<String>,
}

/// `monshin inspect FILE`.
pub(crate) fn run(args: InspectArgs) -> Result<bool, Fatal> {
    let bytes = read_file(&args.file, "FILE")?;
    inspect_output(&bytes, args.kind.as_deref(), args.strict, args.format)?.print()
}

pub(crate) fn inspect_output(
    bytes: &[u8],
    kind: Option<&str>,
    strict: bool,
    format: Format,
) -> Result<CommandOutput, Fatal> {
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
        return render(None, &inspection, format);
    }
    // Not JSON is exit 2; serde_json's message is not shown (it can quote the input).
    let top: Value = serde_json::from_slice(bytes).map_err(|e| {
        Fatal::new(
            FindingCode::JsonSyntax,
            format!("not JSON (line {}, column {})", e.line(), e.column()),
        )
    })?;
    let kind = match kind {
        Some(name) => DocumentKind::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| {
                Fatal::new(
                    FindingCode::CliBadArgument,
                    format!("--kind must be one of: {}", kind_names()),
                )
            })?,
        None => detect(&top).ok_or_else(|| {
            Fatal::new(
                FindingCode::CliBadArgument,
                format!(
                    "cannot tell which PMH document this is; give --kind (one of: {})",
                    kind_names()
                ),
            )
        })?,
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
        _ => {
            return Err(Fatal::new(
                FindingCode::CliBadArgument,
                "this document kind is not supported",
            ))
        }
    };
    render(Some(kind), &inspection, format)
}

fn render(
    kind: Option<DocumentKind>,
    inspection: &Inspection,
    format: Format,
) -> Result<CommandOutput, Fatal> {
    let ok = !inspection.findings.iter().any(|f| f.severity == "error");
    let stdout = match format {
        Format::Json => serde_json::to_string_pretty(inspection)? + "\n",
        Format::Human => human(kind, inspection),
    };
    Ok(CommandOutput {
        stdout,
        stderr: String::new(),
        ok,
    })
}

fn kind_names() -> String {
    DocumentKind::ALL
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
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

fn human(kind: Option<DocumentKind>, inspection: &Inspection) -> String {
    let mut out = match kind {
        Some(kind) => format!(
            "{} (operation {}, {})\n",
            kind.name(),
            kind.operation_number(),
            kind.operation_jp()
        ),
        None => "unknown document\n".to_owned(),
    };
    if let Some(doc) = &inspection.redacted {
        out.push_str(doc);
        out.push('\n');
    }
    if inspection.findings.is_empty() {
        out.push_str("no read findings\n");
    }
    for f in &inspection.findings {
        let at = if f.path.is_empty() { "/" } else { &f.path };
        out.push_str(&format!("{}[{}] {at}: {}\n", f.severity, f.code, f.message));
    }
    out
}

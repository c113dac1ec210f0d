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

use std::path::PathBuf;

use clap::Args;
use monshin_server::inspect::{inspect_document, kind_by_name, kind_names, Inspection};
use monshin_wire::DocumentKind;

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
    let kind = match kind {
        Some(name) => Some(kind_by_name(name).ok_or_else(|| {
            Fatal::new(
                monshin_core::FindingCode::CliBadArgument,
                format!("--kind must be one of: {}", kind_names()),
            )
        })?),
        None => None,
    };
    // Not JSON, or a kind that cannot be told, is exit 2.
    let (kind, inspection) = inspect_document(bytes, kind, strict).map_err(Fatal)?;
    render(kind, &inspection, format)
}

fn render(
    kind: Option<DocumentKind>,
    inspection: &Inspection,
    format: Format,
) -> Result<CommandOutput, Fatal> {
    let ok = inspection.ok();
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

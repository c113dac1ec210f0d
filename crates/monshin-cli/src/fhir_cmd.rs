//! `monshin fhir …`: FHIR R4 Questionnaire import and export, QuestionnaireResponse
//! validation (findings, or an OperationOutcome) and conversion to PMH answer triples.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use monshin_core::{Definition, FormKind, Limits};
use monshin_fhir::model::Questionnaire;
use monshin_fhir::{FhirFinding, FhirLimits, IdPolicy, ImportOptions};

use crate::{parse_today, read, read_form, Fatal};

#[derive(Args)]
pub(crate) struct FhirArgs {
    #[command(subcommand)]
    command: FhirCommand,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Vaccination,
    ChildCheckup,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Output {
    /// One line per finding.
    Human,
    /// A FHIR OperationOutcome.
    Json,
}

#[derive(Subcommand)]
enum FhirCommand {
    /// Import a FHIR R4 Questionnaire (JSON or XML) and print the monshin form definition;
    /// findings go to standard error (exit 1 when any is an error).
    Import {
        questionnaire: PathBuf,
        /// The form kind when the questionnaire does not say (default: vaccination).
        #[arg(long, value_enum)]
        form_kind: Option<Kind>,
    },
    /// Export a form definition (a path, or a bundled form's name) as a FHIR R4 Questionnaire.
    Export { form: String },
    /// Validate a QuestionnaireResponse against a Questionnaire (a path, or a bundled form's
    /// name, exported on the fly): in-progress as a draft, completed as complete.
    Validate {
        questionnaire: String,
        response: PathBuf,
        /// The date `today()` means, YYYY-MM-DD (default: today in Japan).
        #[arg(long)]
        today: Option<String>,
        #[arg(long, value_enum, default_value = "human")]
        format: Output,
    },
    /// Convert a QuestionnaireResponse into a monshin answer set (PMH triples: linkId as
    /// master ID, repetitions as sequence numbers).
    ToPmh {
        questionnaire: String,
        response: PathBuf,
        #[arg(long, value_enum)]
        form_kind: Option<Kind>,
    },
}

pub(crate) fn run(args: FhirArgs) -> Result<bool, Fatal> {
    let limits = FhirLimits::default();
    match args.command {
        FhirCommand::Import {
            questionnaire,
            form_kind,
        } => {
            let q =
                monshin_fhir::read_questionnaire(&read(&questionnaire, "QUESTIONNAIRE")?, &limits)?;
            let imported = monshin_fhir::import(&q, &import_options(form_kind));
            let (_, engine) = imported.compile(&Limits::default());
            let findings: Vec<FhirFinding> =
                imported.findings.iter().cloned().chain(engine).collect();
            for f in &findings {
                eprintln!("{f}");
            }
            out!("{}", serde_json::to_string_pretty(&imported.definition)?);
            Ok(!findings.iter().any(FhirFinding::is_error))
        }
        FhirCommand::Export { form } => {
            let def: Definition = serde_json::from_slice(&read_form(&form)?)?;
            out!(
                "{}",
                serde_json::to_string_pretty(&monshin_fhir::export(&def))?
            );
            Ok(true)
        }
        FhirCommand::Validate {
            questionnaire,
            response,
            today,
            format,
        } => {
            let q = questionnaire_arg(&questionnaire, &limits)?;
            let r = monshin_fhir::read_response(&read(&response, "RESPONSE")?, &limits)?;
            let report = monshin_fhir::validate_response(&q, &r, parse_today(today.as_deref())?);
            match format {
                Output::Human => {
                    for f in report.all() {
                        out!("{f}");
                    }
                }
                Output::Json => out!(
                    "{}",
                    serde_json::to_string_pretty(&monshin_fhir::operation_outcome(&report.all()))?
                ),
            }
            Ok(report.is_valid())
        }
        FhirCommand::ToPmh {
            questionnaire,
            response,
            form_kind,
        } => {
            let q = questionnaire_arg(&questionnaire, &limits)?;
            let r = monshin_fhir::read_response(&read(&response, "RESPONSE")?, &limits)?;
            let (set, findings) = monshin_fhir::to_answer_set(&q, &r, &import_options(form_kind))
                .map_err(|e| match e {
                monshin_fhir::FhirError::QuestionnaireInvalid { findings, .. } => Fatal::new(
                    monshin_core::FindingCode::CliOperation,
                    format!(
                        "the questionnaire cannot be mapped to PMH master IDs:\n{}",
                        findings
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("\n")
                    ),
                ),
                other => Fatal::new(monshin_core::FindingCode::CliOperation, other.to_string()),
            })?;
            for f in &findings {
                eprintln!("{f}");
            }
            out!("{}", set.to_json_pretty());
            Ok(!findings.iter().any(FhirFinding::is_error))
        }
    }
}

fn import_options(kind: Option<Kind>) -> ImportOptions {
    ImportOptions {
        form_kind: kind.map(|k| match k {
            Kind::Vaccination => FormKind::Vaccination,
            Kind::ChildCheckup => FormKind::ChildCheckup,
        }),
        ids: IdPolicy::LinkId,
    }
}

/// A Questionnaire file, or a bundled form exported as one.
fn questionnaire_arg(arg: &str, limits: &FhirLimits) -> Result<Questionnaire, Fatal> {
    let path = Path::new(arg);
    if !path.exists() {
        if let Some(b) = monshin_forms::by_name(arg) {
            let def: Definition = serde_json::from_str(b.definition)?;
            return Ok(monshin_fhir::export(&def));
        }
    }
    Ok(monshin_fhir::read_questionnaire(
        &read(path, "QUESTIONNAIRE")?,
        limits,
    )?)
}

//! The `monshin` command: a thin shell over monshin-core.
//!
//! Subcommands read files (or bundled forms by name), call the libraries and render the
//! result. Exit codes: 0 no error findings, 1 error findings, 2 usage or I/O error.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a CLI prints

/// `println!` that ends the process quietly when standard output is closed (`| head`)
/// instead of panicking.
macro_rules! out {
    () => { $crate::emit(format_args!("\n")) };
    ($($t:tt)*) => { $crate::emit(format_args!("{}\n", format_args!($($t)*))) };
}

/// `print!` with the same broken-pipe handling as [`out!`].
macro_rules! outp {
    ($($t:tt)*) => { $crate::emit(format_args!($($t)*)) };
}

mod batch;
mod catalogue_cmd;
mod demo;
mod diff_cmd;
mod e2e;
mod fhir_cmd;
mod limits_cmd;
mod lint_cmd;
mod payload_cmd;
mod render;
mod sandbox_cmd;
mod schema_cmd;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use monshin_core::{AnswerSet, CompiledForm, Definition, Limits, Mode, Options};
use monshin_expr::Date;

#[derive(Parser)]
#[command(
    name = "monshin",
    version,
    about = "PMH questionnaire engine: lint forms, validate answers"
)]
struct Cli {
    /// Raise (or lower) a reading limit, e.g. `--limit pages=300`; repeatable. Names,
    /// defaults and hard ceilings: pages 200/5000, items 10000/200000, options 500/10000,
    /// constraints 32/1000, repeats 1000/100000, answers 100000/2000000, definition-bytes
    /// and answers-bytes 4 MiB/64 MiB, value-bytes 64 KiB/4 MiB, text-bytes 16 KiB/1 MiB.
    #[arg(long = "limit", value_name = "NAME=VALUE", global = true)]
    limits: Vec<String>,
    /// Read limits from a JSON file, e.g. `{"pages": 300, "items": 20000}` (same names;
    /// `--limit` flags apply after it).
    #[arg(long = "limits-file", value_name = "FILE", global = true)]
    limits_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Lint a form definition as written (a path, or the name of a bundled form): its
    /// parameters and includes, then the expanded definition.
    Lint {
        form: String,
        /// A folder of `*.fragment.json` the form may include (besides the bundled ones).
        #[arg(long)]
        fragments: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Validate an answer set against a form (draft mode unless --complete).
    Validate {
        form: String,
        /// The answer set (not with --batch).
        #[arg(required_unless_present = "batch", conflicts_with = "batch")]
        answers: Option<PathBuf>,
        /// Read newline-delimited answer sets from standard input, validate them on all
        /// cores and write one JSON result line per answer set, in input order.
        #[arg(long)]
        batch: bool,
        /// Complete mode (回答済み): everything required and enabled must be answered.
        #[arg(long, conflicts_with = "draft")]
        complete: bool,
        /// Draft mode for every set. With --batch, neither flag means each set is checked in
        /// the mode its own status needs (回答済み → complete, otherwise draft).
        #[arg(long)]
        draft: bool,
        /// The date `today()` means, YYYY-MM-DD (default: today in Japan).
        #[arg(long)]
        today: Option<String>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Normalise full-width digits, era dates, labels… and print the canonical answer set.
    Normalize {
        form: String,
        answers: PathBuf,
        /// Write the normalised answer set here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema (2020-12) of the form's answer sets.
    Schema {
        form: String,
        /// Which validation rules the schema mirrors.
        #[arg(long, value_enum, default_value = "draft")]
        mode: schema_cmd::SchemaMode,
        /// Print which finding codes the schema can express instead of the schema.
        #[arg(long)]
        coverage: bool,
    },
    /// Show the differences between two answer sets of a form, by page.
    Diff(diff_cmd::DiffArgs),
    /// Three-way merge of local edits (OURS) with what PMH holds now (THEIRS) over BASE;
    /// exit 1 when there are conflicts.
    Merge(diff_cmd::MergeArgs),
    /// Print the PMH register body for an answer set, validated for the status it registers.
    Payload(payload_cmd::PayloadArgs),
    /// List the catalogue: which definition (and parameters) answers each vaccine, 期, 回数
    /// and check-up.
    Forms,
    /// Resolve a PMH list response (vaccination list or child check-up list) to definitions
    /// through the catalogue; with --sandbox, every list of the embedded sandbox's citizens.
    Resolve(catalogue_cmd::ResolveArgs),
    /// Run the main job on the bundled examples: lint every form, validate its examples.
    Demo {
        #[arg(long)]
        today: Option<String>,
    },
    /// Run the PMH sandbox (fictional citizens, the ten operations) on 127.0.0.1.
    Sandbox(sandbox_cmd::SandboxArgs),
    /// End to end against an embedded PMH sandbox: list forms, resume a draft, validate,
    /// register it as 回答済み, read it back.
    E2e(e2e::E2eArgs),
    /// FHIR R4: import / export Questionnaires, validate QuestionnaireResponses, convert to PMH.
    Fhir(fhir_cmd::FhirArgs),
}

/// A failure that ends the command with exit code 2.
struct Fatal(String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Self {
        Fatal(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let limits = match limits_cmd::limits(cli.limits_file.as_deref(), &cli.limits) {
        Ok(l) => l,
        Err(Fatal(msg)) => {
            eprintln!("monshin: {msg}");
            return ExitCode::from(2);
        }
    };
    match run(cli.command, &limits) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(Fatal(msg)) => {
            eprintln!("monshin: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Runs a command; `Ok(false)` means it found errors.
fn run(command: Command, limits: &Limits) -> Result<bool, Fatal> {
    let limits = limits.clone();
    match command {
        Command::Lint {
            form,
            fragments,
            format,
        } => lint_cmd::run(&form, &fragments, format, &limits),
        Command::Validate {
            form,
            answers,
            batch,
            complete,
            draft,
            today,
            format,
        } => {
            let compiled = compile(&form, &limits)?;
            let today = parse_today(today.as_deref())?;
            let mode = if complete {
                Mode::Complete
            } else {
                Mode::Draft
            };
            if batch {
                let mode = (complete || draft).then_some(mode);
                let summary = batch::run_stdio(&compiled, &batch::BatchOptions { mode, today })?;
                return Ok(summary.all_valid());
            }
            let answers = answers.ok_or_else(|| Fatal("ANSWERS is required".into()))?;
            let bytes = read(&answers)?;
            let report = compiled.validate_json(&bytes, &Options { mode, today })?;
            print_findings(report.findings(), Some(compiled.definition()), format);
            Ok(report.is_valid())
        }
        Command::Normalize {
            form,
            answers,
            output,
        } => {
            let compiled = compile(&form, &limits)?;
            let mut set = AnswerSet::from_json(&read(&answers)?, &limits)?;
            let changes = compiled.normalize(&mut set);
            for c in &changes {
                let rules: Vec<&str> = c.rules.iter().map(|r| r.as_str()).collect();
                eprintln!("normalised {}: {}", c.location, rules.join(", "));
            }
            let text = set.to_json_pretty();
            match output {
                Some(p) => std::fs::write(&p, text + "\n")
                    .map_err(|e| Fatal(format!("cannot write {}: {e}", p.display())))?,
                None => out!("{text}"),
            }
            Ok(true)
        }
        Command::Schema {
            form,
            mode,
            coverage,
        } => {
            let bytes = read_form(&form)?;
            let def: Definition = serde_json::from_slice(&bytes)?;
            schema_cmd::print(&schema_cmd::render(&def, mode, coverage))?;
            Ok(true)
        }
        Command::Forms => catalogue_cmd::forms(&limits),
        Command::Resolve(args) => catalogue_cmd::resolve(&args, &limits),
        Command::Demo { today } => demo::run(parse_today(today.as_deref())?),
        Command::Sandbox(args) => sandbox_cmd::run(args),
        Command::E2e(args) => e2e::run(args),
        Command::Diff(args) => diff_cmd::run_diff(args, &limits),
        Command::Merge(args) => diff_cmd::run_merge(args, &limits),
        Command::Payload(args) => payload_cmd::run(args, &limits),
        Command::Fhir(args) => fhir_cmd::run(args),
    }
}

/// Write to standard output; exit 0 when the reader has gone away (broken pipe), exit 2 on
/// any other write error.
fn emit(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("monshin: cannot write to standard output: {e}");
        std::process::exit(2);
    }
}

fn print_findings(findings: &[monshin_core::Finding], def: Option<&Definition>, format: Format) {
    match format {
        Format::Json => out!("{}", render::json(findings)),
        Format::Human => outp!("{}", render::human(findings, def)),
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Fatal> {
    std::fs::read(path).map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))
}

/// A path, or the name of a bundled form when no such file exists.
fn read_form(form: &str) -> Result<Vec<u8>, Fatal> {
    let path = Path::new(form);
    if !path.exists() {
        if let Some(b) = monshin_forms::by_name(form) {
            return Ok(b.definition.as_bytes().to_vec());
        }
    }
    read(path)
}

fn compile(form: &str, limits: &Limits) -> Result<CompiledForm, Fatal> {
    let bytes = read_form(form)?;
    CompiledForm::from_json(&bytes, limits).map_err(|e| match e {
        monshin_core::Error::InvalidDefinition(findings) => {
            let def: Option<Definition> = serde_json::from_slice(&bytes).ok();
            Fatal(format!(
                "the form definition has errors (run `monshin lint`):\n{}",
                render::human(&findings, def.as_ref())
            ))
        }
        other => Fatal(other.to_string()),
    })
}

/// `--today`, or today's date in Japan (UTC+9).
fn parse_today(arg: Option<&str>) -> Result<Date, Fatal> {
    if let Some(s) = arg {
        return Date::parse(s)
            .ok_or_else(|| Fatal(format!("--today must be YYYY-MM-DD, got {s:?}")));
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| Fatal("the system clock is before 1970".into()))?
        .as_secs();
    let days = i64::try_from((secs + 9 * 3600) / 86_400).unwrap_or(0);
    Date::from_ymd(1970, 1, 1)
        .and_then(|d| d.add_days(days))
        .ok_or_else(|| Fatal("cannot compute today's date".into()))
}

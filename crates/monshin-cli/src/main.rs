//! The `monshin` command: a thin shell over monshin-core.
//!
//! Subcommands read files (or bundled forms by name), call the libraries and render the
//! result. Exit codes: 0 no error findings, 1 error findings, 2 usage or I/O error. Every
//! error is one diagnostic ([`fatal::Fatal`]); with `--format json` it is printed as JSON.

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
mod fatal;
mod fhir_cmd;
mod input;
mod inspect_cmd;
mod limits_cmd;
mod lint_cmd;
mod payload_cmd;
mod render;
mod sandbox_cmd;
mod schema_cmd;
mod serve_cmd;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use monshin_core::{AnswerSet, CompiledForm, Definition, FindingCode, Limits, Mode};
use monshin_expr::Date;

pub(crate) use fatal::Fatal;

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
    /// Validate an answer set against a form, in the mode its status needs (回答済み →
    /// complete, otherwise draft) unless --mode or --complete says otherwise.
    Validate {
        form: String,
        /// The answer set (not with --batch).
        #[arg(required_unless_present = "batch", conflicts_with = "batch")]
        answers: Option<PathBuf>,
        /// Read newline-delimited answer sets from standard input, validate them on all
        /// cores and write one JSON result line per answer set, in input order.
        #[arg(long)]
        batch: bool,
        /// Complete mode (回答済み): everything required and enabled must be answered. Same as
        /// `--mode complete`.
        #[arg(long, conflicts_with_all = ["draft", "mode"])]
        complete: bool,
        /// Draft mode for every set; same as `--mode draft`. With --batch, no mode flag means
        /// each set is checked in the mode its own status needs (回答済み → complete, otherwise
        /// draft), and so does a single answer set.
        #[arg(long, conflicts_with = "mode")]
        draft: bool,
        /// `draft` or `complete` (default: what the answer set's status needs).
        #[arg(long, value_enum)]
        mode: Option<ModeArg>,
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
    /// Read any PMH document (kind detected unless --kind), print it redacted with its read
    /// findings; exit 1 with error findings (--strict: any finding), 2 when it is not JSON.
    Inspect(inspect_cmd::InspectArgs),
    /// End to end against an embedded PMH sandbox: list forms, resume a draft, validate,
    /// register it as 回答済み, read it back.
    E2e(e2e::E2eArgs),
    /// FHIR R4: import / export Questionnaires, validate QuestionnaireResponses, convert to PMH.
    Fhir(fhir_cmd::FhirArgs),
    /// Serve the engine over HTTP (127.0.0.1:8080 by default): validate, normalize, payload,
    /// batch, inspect; the API is described at /openapi.json.
    Serve(serve_cmd::ServeArgs),
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ModeArg {
    Draft,
    Complete,
}

/// The allocator of the CLI and of `monshin serve`: mimalloc, with per-thread free lists,
/// instead of the system allocator (a server allocates per request on every worker thread;
/// measured in BENCHMARKS.md, load figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Decided before parsing, so that usage errors are JSON too.
    let json = wants_json(std::env::args_os().skip(1));
    let result = Cli::try_parse().map_err(usage_error).and_then(|cli| {
        let limits = limits_cmd::limits(cli.limits_file.as_deref(), &cli.limits)?;
        run(cli.command, &limits)
    });
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(fatal) => {
            if json {
                out!("{}", fatal.render(true));
            } else {
                eprintln!("{}", fatal.render(false));
            }
            ExitCode::from(2)
        }
    }
}

/// `--format json` or `--format=json` among the arguments.
fn wants_json(args: impl Iterator<Item = std::ffi::OsString>) -> bool {
    let args: Vec<_> = args.collect();
    args.iter().enumerate().any(|(i, a)| {
        a == "--format=json" || (a == "--format" && args.get(i + 1).is_some_and(|v| v == "json"))
    })
}

/// A clap error as `cli.usage`. Help and version are printed as clap prints them; other
/// messages are clap's kind of error and the names of our arguments, never what was typed
/// (clap quotes unknown arguments and rejected values).
fn usage_error(e: clap::Error) -> Fatal {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit();
    }
    let mut message = e.kind().to_string();
    if matches!(
        e.kind(),
        ErrorKind::MissingRequiredArgument | ErrorKind::ArgumentConflict | ErrorKind::InvalidValue
    ) {
        let ours: Vec<String> = e
            .context()
            .filter(|(k, _)| *k == ContextKind::InvalidArg)
            .flat_map(|(_, v)| match v {
                ContextValue::String(s) => vec![s.clone()],
                ContextValue::Strings(list) => list.clone(),
                _ => Vec::new(),
            })
            .collect();
        if !ours.is_empty() {
            message.push_str(&format!(": {}", ours.join(", ")));
        }
        if let Some(ContextValue::Strings(valid)) = e.get(ContextKind::ValidValue) {
            message.push_str(&format!(" (accepted: {})", valid.join(", ")));
        }
    }
    Fatal::new(
        FindingCode::CliUsage,
        format!("{message}; see `monshin --help`"),
    )
}

/// Runs a command; `Ok(false)` means it found errors.
fn run(command: Command, limits: &Limits) -> Result<bool, Fatal> {
    input::use_limits(limits);
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
            mode,
            draft,
            today,
            format,
        } => {
            let compiled = compile(&form, &limits)?;
            let today = parse_today(today.as_deref())?;
            let mode = match (complete, draft, mode) {
                (true, _, _) | (_, _, Some(ModeArg::Complete)) => Some(Mode::Complete),
                (_, true, _) | (_, _, Some(ModeArg::Draft)) => Some(Mode::Draft),
                _ => None,
            };
            if batch {
                let summary = batch::run_stdio(&compiled, &batch::BatchOptions { mode, today })
                    .map_err(|e| Fatal::io("read", "standard input", &e))?;
                return Ok(summary.all_valid());
            }
            let answers =
                answers.ok_or_else(|| Fatal::new(FindingCode::CliUsage, "ANSWERS is required"))?;
            let bytes = read(&answers, "ANSWERS")?;
            // The mode the set's own status needs (回答済み → complete) unless overridden.
            let report = monshin_server::batch::validate_set(
                &compiled,
                &batch::BatchOptions { mode, today },
                &bytes,
            )?;
            print_findings(report.findings(), Some(compiled.definition()), format);
            Ok(report.is_valid())
        }
        Command::Normalize {
            form,
            answers,
            output,
        } => {
            let compiled = compile(&form, &limits)?;
            let mut set = AnswerSet::from_json(&read(&answers, "ANSWERS")?, &limits)?;
            let changes = compiled.normalize(&mut set);
            for c in &changes {
                let rules: Vec<&str> = c.rules.iter().map(|r| r.as_str()).collect();
                eprintln!("normalised {}: {}", c.location, rules.join(", "));
            }
            // Answers keep their order; those the form does not have are kept and reported
            // (by position, never by their ID), and the exit code is 1.
            let unknown = compiled.unknown_answers(&set);
            for i in &unknown {
                eprintln!(
                    "warning[{}] /answers/{i}/id: no item of the form has this master ID",
                    FindingCode::CliUnknownItems
                );
            }
            let text = serde_json::to_string_pretty(&set).unwrap_or_default();
            match output {
                Some(p) => std::fs::write(&p, text + "\n")
                    .map_err(|e| Fatal::io("write", "--output", &e))?,
                None => out!("{text}"),
            }
            Ok(unknown.is_empty())
        }
        Command::Schema {
            form,
            mode,
            coverage,
        } => {
            let bytes = read_form(&form)?;
            let def = Definition::from_json(&bytes, &limits)?;
            schema_cmd::print(&schema_cmd::render(&def, mode, coverage))
                .map_err(|e| Fatal::io("write", "standard output", &e))?;
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
        Command::Inspect(args) => inspect_cmd::run(args),
        Command::Fhir(args) => fhir_cmd::run(args),
        Command::Serve(args) => serve_cmd::run(args, &limits),
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

/// The bytes of the file `path`, named `role` (`FORM`, `ANSWERS`) in errors; bounded ([`input`]).
fn read(path: &Path, role: &str) -> Result<Vec<u8>, Fatal> {
    input::read_path(path, role, input::max_input_bytes())
}

/// A path, or the name of a bundled form when no such file exists; a name that is neither is
/// `cli.unknown-form`, with the nearest bundled name.
fn read_form(form: &str) -> Result<Vec<u8>, Fatal> {
    let path = Path::new(form);
    if !path.exists() {
        if let Some(b) = monshin_forms::by_name(form) {
            return Ok(b.definition.as_bytes().to_vec());
        }
        let hint = fatal::suggest_form(form)
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_else(|| "; `monshin forms` lists the bundled forms".into());
        return Err(Fatal::new(
            FindingCode::CliUnknownForm,
            format!(
                "FORM is neither a file nor a bundled form ({}){hint}",
                monshin_jsonpath::TextShape::of(form)
            ),
        ));
    }
    read(path, "FORM")
}

fn compile(form: &str, limits: &Limits) -> Result<CompiledForm, Fatal> {
    let bytes = read_form(form)?;
    CompiledForm::from_json(&bytes, limits).map_err(|e| match e {
        monshin_core::Error::InvalidDefinition(findings) => {
            let errors: Vec<_> = findings.iter().filter(|f| f.is_error()).collect();
            let first = errors
                .first()
                .map(|f| format!("; the first: [{}] {}: {}", f.code, f.location, f.message))
                .unwrap_or_default();
            Fatal::new(
                FindingCode::InvalidDefinition,
                format!(
                    "the form definition has {} error finding(s) (run `monshin lint`){first}",
                    errors.len()
                ),
            )
        }
        other => other.into(),
    })
}

/// `--today`, or today's date in Japan (UTC+9).
fn parse_today(arg: Option<&str>) -> Result<Date, Fatal> {
    if let Some(s) = arg {
        return Date::parse(s).ok_or_else(|| Fatal::bad_argument("--today", s, "YYYY-MM-DD"));
    }
    monshin_server::clock::today_in_japan()
        .ok_or_else(|| Fatal::new(FindingCode::CliOperation, "cannot compute today's date"))
}

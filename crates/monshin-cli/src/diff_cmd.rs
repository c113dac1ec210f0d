//! `monshin diff` and `monshin merge`: compare answer sets and reconcile local edits with PMH.
//!
//! Thin shells over [`monshin_core::diff`]. `diff` prints the changes grouped by page (human
//! text with page labels, or the [`monshin_core::diff::AnswerDiff`] JSON) and exits 0 whether
//! or not the sets differ. `merge` writes the merged answer set (standard output or `-o`),
//! lists the conflicts on standard error by key only — page, master ID, seq, kind, never a
//! value — and exits 1 when there is any conflict (the merged set then holds *theirs* on the
//! conflicting keys).

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use monshin_core::diff::{self, AnswerChange, AnswerDiff, Conflict, MergeOutcome};
use monshin_core::{AnswerSet, CompiledForm, Limits, PageNumber};

use crate::{compile, read, Fatal, Format};

/// Arguments of `monshin diff`.
#[derive(Args)]
pub(crate) struct DiffArgs {
    /// The form definition (a path, or the name of a bundled form).
    form: String,
    /// The earlier answer set.
    a: PathBuf,
    /// The later answer set.
    b: PathBuf,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// Arguments of `monshin merge`.
#[derive(Args)]
pub(crate) struct MergeArgs {
    /// The form definition (a path, or the name of a bundled form).
    form: String,
    /// The answer set last read from PMH (the common ancestor).
    base: PathBuf,
    /// The local edits made on BASE.
    ours: PathBuf,
    /// What PMH holds now.
    theirs: PathBuf,
    /// Write the merged answer set here instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// What a command prints, and whether it succeeded (exit 0) or found problems (exit 1).
pub(crate) struct CommandOutput {
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) ok: bool,
}

impl CommandOutput {
    /// Prints the outcome; `Ok(false)` makes the command exit 1.
    pub(crate) fn print(self) -> Result<bool, Fatal> {
        eprint!("{}", self.stderr);
        outp!("{}", self.stdout);
        Ok(self.ok)
    }
}

/// `monshin diff FORM A B`.
pub(crate) fn run_diff(args: DiffArgs, limits: &Limits) -> Result<bool, Fatal> {
    let form = compile(&args.form, limits)?;
    let a = read_set(&args.a, "A", limits)?;
    let b = read_set(&args.b, "B", limits)?;
    diff_output(&form, &a, &b, args.format)?.print()
}

/// `monshin merge FORM BASE OURS THEIRS`.
pub(crate) fn run_merge(args: MergeArgs, limits: &Limits) -> Result<bool, Fatal> {
    let form = compile(&args.form, limits)?;
    let base = read_set(&args.base, "BASE", limits)?;
    let ours = read_set(&args.ours, "OURS", limits)?;
    let theirs = read_set(&args.theirs, "THEIRS", limits)?;
    let mut outcome = merge_output(&form, &base, &ours, &theirs)?;
    if let Some(path) = args.output {
        std::fs::write(&path, std::mem::take(&mut outcome.stdout))
            .map_err(|e| Fatal::io("write", "--output", &e))?;
    }
    outcome.print()
}

fn read_set(path: &std::path::Path, role: &str, limits: &Limits) -> Result<AnswerSet, Fatal> {
    Ok(AnswerSet::from_json(&read(path, role)?, limits)?)
}

fn diff_error(e: &diff::DiffError) -> Fatal {
    Fatal::from(e.clone())
}

pub(crate) fn diff_output(
    form: &CompiledForm,
    a: &AnswerSet,
    b: &AnswerSet,
    format: Format,
) -> Result<CommandOutput, Fatal> {
    let change = diff::diff(form, a, b).map_err(|e| diff_error(&e))?;
    let stdout = match format {
        Format::Json => serde_json::to_string_pretty(&change).unwrap_or_default() + "\n",
        Format::Human => human_diff(form, &change),
    };
    Ok(CommandOutput {
        stdout,
        stderr: String::new(),
        ok: true,
    })
}

pub(crate) fn merge_output(
    form: &CompiledForm,
    base: &AnswerSet,
    ours: &AnswerSet,
    theirs: &AnswerSet,
) -> Result<CommandOutput, Fatal> {
    let outcome = diff::merge(form, base, ours, theirs).map_err(|e| diff_error(&e))?;
    Ok(CommandOutput {
        stdout: outcome.merged.to_json_pretty() + "\n",
        stderr: conflict_report(&outcome),
        ok: outcome.conflicts.is_empty(),
    })
}

fn page_label(form: &CompiledForm, page: Option<PageNumber>) -> String {
    match page {
        Some(p) => {
            let label = form
                .pages()
                .iter()
                .find(|info| info.number == p)
                .map_or("", |info| info.label.as_str());
            format!("page {} {label}", p.0)
        }
        None => "items not in the definition".to_owned(),
    }
}

/// `page 1 …` headings, then `+`, `-`, `~` lines with the values; status and last page last.
fn human_diff(form: &CompiledForm, change: &AnswerDiff) -> String {
    let mut out = String::new();
    if change.is_empty() {
        out.push_str("no differences\n");
        return out;
    }
    for page in &change.pages {
        let _ = writeln!(out, "{}", page_label(form, page.page));
        for c in &page.changes {
            let key = format!("{}[{}]", c.id(), c.seq().0);
            let _ = match c {
                AnswerChange::Added { after, .. } => writeln!(out, "  + {key} = {after:?}"),
                AnswerChange::Removed { before, .. } => writeln!(out, "  - {key} (was {before:?})"),
                AnswerChange::Changed { before, after, .. } => {
                    writeln!(out, "  ~ {key}: {before:?} → {after:?}")
                }
            };
        }
    }
    if let Some(s) = change.status {
        let _ = writeln!(out, "status: {} → {}", s.from.as_str(), s.to.as_str());
    }
    if let Some(p) = change.last_page {
        let show = |p: Option<PageNumber>| p.map_or("none".to_owned(), |p| p.0.to_string());
        let _ = writeln!(out, "last page: {} → {}", show(p.from), show(p.to));
    }
    out
}

/// One line per conflict, keys only (standard error is a log: no answer values).
/// How many rows (distinct seqs) some answers of one group cover.
fn row_count(answers: &[monshin_core::Answer]) -> usize {
    let seqs: std::collections::BTreeSet<_> = answers.iter().map(|a| a.seq).collect();
    seqs.len()
}

fn conflict_report(outcome: &MergeOutcome) -> String {
    let mut out = String::new();
    for c in &outcome.conflicts {
        let _ = match c {
            Conflict::Status(s) => writeln!(
                out,
                "conflict: status: base {}, ours {}, theirs {} (kept theirs)",
                s.base.as_str(),
                s.ours.as_str(),
                s.theirs.as_str()
            ),
            Conflict::Answer(a) => writeln!(
                out,
                "conflict: {}{}[{}]: {} (kept theirs)",
                a.page.map_or(String::new(), |p| format!("page {} ", p.0)),
                a.id,
                a.seq.0,
                a.kind.as_str()
            ),
            Conflict::Rows(r) => writeln!(
                out,
                "conflict: {}{} rows: {} (base {}, ours {}, theirs {} row(s); kept theirs{})",
                r.page.map_or(String::new(), |p| format!("page {} ", p.0)),
                r.group,
                r.kind.as_str(),
                row_count(&r.base),
                row_count(&r.ours),
                row_count(&r.theirs),
                match (r.merged.first(), r.merged.last()) {
                    (Some(a), Some(b)) if a == b => format!(" at [{}]", a.0),
                    (Some(a), Some(b)) => format!(" at [{}..{}]", a.0, b.0),
                    _ => String::new(),
                }
            ),
        };
    }
    if !outcome.conflicts.is_empty() {
        let _ = writeln!(out, "{} conflict(s)", outcome.conflicts.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTINEL: &str = "SENTINEL-体温";

    fn form() -> CompiledForm {
        CompiledForm::from_json(
            monshin_forms::by_name("vaccination-pcv")
                .expect("bundled")
                .definition
                .as_bytes(),
            &Limits::default(),
        )
        .expect("compiles")
    }

    fn set(status: &str, last_page: u32, items: &[(&str, u32, &str)]) -> AnswerSet {
        let answers: Vec<String> = items
            .iter()
            .map(|(id, seq, v)| format!(r#"{{"id":"{id}","seq":{seq},"value":"{v}"}}"#))
            .collect();
        AnswerSet::from_json(
            format!(
                r#"{{"definition":"vaccination-pcv","status":"{status}","lastPage":{last_page},"answers":[{}]}}"#,
                answers.join(",")
            )
            .as_bytes(),
            &Limits::default(),
        )
        .expect("reads")
    }

    #[test]
    fn diff_prints_changes_under_page_labels() {
        let a = set(
            "draft",
            1,
            &[("PCV_TEMP", 1, "36.5"), ("PCV_UNWELL", 1, "0")],
        );
        let b = set(
            "answered",
            2,
            &[("PCV_TEMP", 1, "36.8"), ("PCV_SEX", 1, "1")],
        );
        let out = diff_output(&form(), &a, &b, Format::Human).expect("diff");
        assert!(out.ok);
        assert_eq!(
            out.stdout,
            "page 1 接種を受けるお子さんについて\n  \
             ~ PCV_TEMP[1]: \"36.5\" → \"36.8\"\n  \
             + PCV_SEX[1] = \"1\"\n\
             page 2 お子さんの発育歴と最近の様子\n  \
             - PCV_UNWELL[1] (was \"0\")\n\
             status: draft → answered\n\
             last page: 1 → 2\n"
        );
        let json = diff_output(&form(), &a, &b, Format::Json).expect("diff");
        let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
        assert_eq!(value["pages"][0]["changes"][0]["after"], "36.8");
        let same = diff_output(&form(), &a, &a, Format::Human).expect("diff");
        assert_eq!(same.stdout, "no differences\n");
    }

    #[test]
    fn merge_fails_on_conflicts_and_logs_keys_only() {
        let base = set("draft", 1, &[("PCV_TEMP", 1, "36.5")]);
        let ours = set("draft", 1, &[("PCV_TEMP", 1, SENTINEL)]);
        let theirs = set("draft", 1, &[("PCV_TEMP", 1, "36.9")]);
        let out = merge_output(&form(), &base, &ours, &theirs).expect("merge");
        assert!(!out.ok);
        assert_eq!(
            out.stderr,
            "conflict: page 1 PCV_TEMP[1]: both-changed (kept theirs)\n1 conflict(s)\n"
        );
        assert!(!out.stderr.contains(SENTINEL));
        let merged = AnswerSet::from_json(out.stdout.as_bytes(), &Limits::default()).expect("set");
        assert_eq!(
            merged.get("PCV_TEMP", monshin_core::RepeatSeq(1)),
            Some("36.9")
        );

        let clean = merge_output(&form(), &base, &ours, &base).expect("merge");
        assert!(clean.ok);
        assert!(clean.stderr.is_empty());
    }

    #[test]
    fn sets_of_another_form_are_a_usage_error() {
        let mut other = set("draft", 1, &[]);
        other.definition = "vaccination-flu-elderly".into();
        let err = diff_output(&form(), &other, &other, Format::Human)
            .err()
            .expect("refused");
        assert!(
            err.0.code.as_str() == "diff.form-id-mismatch",
            "{:?}",
            err.0
        );
    }
}

//! Validating newline-delimited answer sets as a stream, for `monshin validate --batch FORM <
//! answers.ndjson` and `POST /v1/validate/batch`: each set in the mode its own status needs
//! unless the options set one for all.
//!
//! Input is newline-delimited JSON, one answer set per line (blank lines are skipped; line
//! numbers count every physical line from 1). Output is one JSON line per answer set, in input
//! order: `{"line": n, "valid": bool, "findings": [...]}`, or
//! `{"line": n, "error": {"code": "...", "message": "..."}}` when the line is not a readable
//! answer set (never aborting the run). Lines are read in chunks bounded in count and bytes,
//! a chunk is validated in parallel (rayon) while the next one is read on the calling thread
//! (never on a pool thread: a slow reader does not stall other batches), so memory stays
//! constant whatever the input size; a line longer than the answer-set byte limit is skipped
//! without being stored and reported as `document.too-large`. Messages never contain answer
//! values.

use std::io::{self, BufRead, Write};

use monshin_batch::{check, Lines, Numbered};
use monshin_core::{CompiledForm, Finding};
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::Serialize;

pub use monshin_batch::{validate_set, BatchOptions};

/// Counts of a batch run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Answer sets read (non-blank lines).
    pub sets: u64,
    /// Answer sets without error findings.
    pub valid: u64,
    /// Answer sets with error findings.
    pub invalid: u64,
    /// Lines that were not readable answer sets.
    pub errors: u64,
    /// The run stopped before the end of its input (`progress` said so).
    pub stopped: bool,
}

impl Summary {
    /// Whether every answer set passed.
    pub fn all_valid(&self) -> bool {
        self.invalid == 0 && self.errors == 0 && !self.stopped
    }
}

#[derive(Serialize)]
struct Checked<'a> {
    line: u64,
    valid: bool,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct Failed<'a> {
    line: u64,
    error: &'a Finding,
}

/// One output line (without newline) and how it counts.
struct Outcome {
    json: String,
    valid: Option<bool>,
}

fn check_line(form: &CompiledForm, options: &BatchOptions, n: &Numbered) -> Outcome {
    match check(form, options, &n.input) {
        Ok(report) => {
            let out = Checked {
                line: n.line,
                valid: report.is_valid(),
                findings: report.findings(),
            };
            Outcome {
                json: serde_json::to_string(&out).unwrap_or_default(),
                valid: Some(report.is_valid()),
            }
        }
        Err(error) => {
            let out = Failed {
                line: n.line,
                error: &error,
            };
            Outcome {
                json: serde_json::to_string(&out).unwrap_or_default(),
                valid: None,
            }
        }
    }
}

/// Validate every answer set of `input`, writing one result line each to `output` in input
/// order. After each chunk, `progress` gets the number of sets written so far and returns
/// whether to go on (`false` stops before the next chunk: a deadline, a client gone). Fails
/// only on I/O errors.
pub fn run<R: BufRead, W: Write>(
    form: &CompiledForm,
    options: &BatchOptions,
    input: R,
    mut output: W,
    progress: &mut dyn FnMut(u64) -> bool,
) -> io::Result<Summary> {
    // The answer-set byte limit the form was compiled with (raised by `--limit answers-bytes`).
    let mut lines = Lines::new(input, form.limits().max_answers_bytes);
    let mut summary = Summary::default();
    let mut chunk = lines.next_chunk()?;
    while !chunk.is_empty() {
        let current = std::mem::take(&mut chunk);
        // Validation on the rayon pool, the next chunk read on this thread: a slow reader
        // (a client sending slowly) never holds a pool thread other batches need.
        let (outcomes, next) = std::thread::scope(|scope| {
            let checking = scope.spawn(|| {
                current
                    .par_iter()
                    .map(|n| check_line(form, options, n))
                    .collect::<Vec<Outcome>>()
            });
            let next = lines.next_chunk();
            (checking.join(), next)
        });
        let outcomes = outcomes.map_err(|_| io::Error::other("a validation thread failed"))?;
        for o in &outcomes {
            output.write_all(o.json.as_bytes())?;
            output.write_all(b"\n")?;
            summary.sets += 1;
            match o.valid {
                Some(true) => summary.valid += 1,
                Some(false) => summary.invalid += 1,
                None => summary.errors += 1,
            }
        }
        output.flush()?;
        if !progress(summary.sets) {
            summary.stopped = true;
            break;
        }
        chunk = next?;
    }
    Ok(summary)
}

/// One output line of a batch, as documented in the module (for the OpenAPI description).
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum BatchLine {
    /// The line was an answer set: its validation.
    Checked {
        /// The physical line number, from 1.
        line: u64,
        /// No finding of severity error.
        valid: bool,
        /// Every finding.
        findings: Vec<Finding>,
    },
    /// The line was not a readable answer set, or the batch stopped (`line` 0).
    Failed {
        /// The physical line number, from 1 (0: the batch as a whole).
        line: u64,
        /// Why.
        error: Finding,
    },
}

/// The last line of a batch that stopped early (time limit, body limit): line 0 and why.
pub fn stopped_line(error: &Finding) -> String {
    serde_json::to_string(&Failed { line: 0, error }).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use monshin_core::Mode;
    use monshin_expr::Date;

    fn pcv() -> CompiledForm {
        let f = monshin_forms::by_name("vaccination-pcv").expect("bundled");
        CompiledForm::from_json(f.definition.as_bytes(), &monshin_core::Limits::default())
            .expect("compiles")
    }

    fn one_line(json: &str) -> String {
        let v: serde_json::Value = serde_json::from_str(json).expect("json");
        serde_json::to_string(&v).expect("json")
    }

    #[test]
    fn mode_comes_from_each_sets_status_unless_overridden() {
        let form = pcv();
        let f = monshin_forms::by_name("vaccination-pcv").expect("bundled");
        let draft = one_line(f.draft_answers);
        // The same incomplete answers registered as 回答済み: complete mode must reject them.
        let answered_incomplete =
            draft.replacen(r#""status":"draft""#, r#""status":"answered""#, 1);
        assert_ne!(
            draft, answered_incomplete,
            "the draft example states its status"
        );
        let complete = one_line(f.complete_answers);
        let input = [
            draft.as_str(),
            answered_incomplete.as_str(),
            complete.as_str(),
        ]
        .join("\n");
        let today = Date::from_ymd(2026, 4, 1).expect("date");
        let valid = |mode: Option<Mode>| -> Vec<bool> {
            let mut out = Vec::new();
            run(
                &form,
                &BatchOptions { mode, today },
                io::Cursor::new(input.clone()),
                &mut out,
                &mut |_| true,
            )
            .expect("io");
            String::from_utf8(out)
                .expect("utf8")
                .lines()
                .map(|l| {
                    serde_json::from_str::<serde_json::Value>(l).expect("json")["valid"] == true
                })
                .collect()
        };
        // By status: the draft passes as a draft, the answered one fails as complete.
        assert_eq!(valid(None), vec![true, false, true]);
        // --draft under-checks the answered set; --complete over-reports the draft.
        assert_eq!(valid(Some(Mode::Draft)), vec![true, true, true]);
        assert_eq!(valid(Some(Mode::Complete)), vec![false, false, true]);
    }

    #[test]
    fn order_and_malformed_lines() {
        let form = pcv();
        let f = monshin_forms::by_name("vaccination-pcv").expect("bundled");
        let good = one_line(f.draft_answers);
        let mut input = String::new();
        for i in 0..10_000 {
            match i % 4 {
                0 => input.push_str(&good),
                1 => input.push_str("{not json"),
                2 => input.push_str(
                    r#"{"definition": "vaccination-pcv", "status": "draft", "lastPage": 99}"#,
                ),
                _ => {}
            }
            input.push('\n');
        }
        let mut out = Vec::new();
        let options = BatchOptions {
            mode: Some(Mode::Draft),
            today: Date::from_ymd(2026, 4, 1).expect("date"),
        };
        let summary = run(
            &form,
            &options,
            io::Cursor::new(input),
            &mut out,
            &mut |_| true,
        )
        .expect("io");
        assert_eq!(summary.sets, 7_500);
        assert_eq!(summary.errors, 2_500);
        let text = String::from_utf8(out).expect("utf8");
        let mut expect_line = 1u64;
        for l in text.lines() {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            assert_eq!(v["line"].as_u64(), Some(expect_line), "{l}");
            match expect_line % 4 {
                1 => assert_eq!(v["valid"], true),
                2 => assert_eq!(v["error"]["code"], "document.json-syntax"),
                3 => assert_eq!(v["findings"][0]["code"], "answers.last-page-out-of-range"),
                _ => unreachable!("blank lines produce no output"),
            }
            expect_line += if expect_line % 4 == 3 { 2 } else { 1 };
        }
    }
}

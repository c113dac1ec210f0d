//! Callgrind driver: runs one measured case N times inside `cg_measure`, so that
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*cg_measure*'` counts only
//! the measured work (setup — compiling the form or the schema — is excluded).
//!
//! Usage: `monshin-cg CASE [ITERATIONS]`, CASE one of `parse-value`, `parse-value-invalid`,
//! `validate`, `validate-invalid`, `monshin-is-valid`, `monshin-is-valid-invalid`,
//! `jsonschema-is-valid`, `jsonschema-is-valid-invalid`, `jsonschema-errors`,
//! `jsonschema-errors-invalid`. Used by `crates/monshin-bench/callgrind.sh`.
//!
//! `monshin-cg peer-CASE ITERATIONS DIR SIZE` measures the peer inputs instead (see
//! [`monshin_bench::peer`]; SIZE `n0050` … `n5000`): `peer-parse-value` (serde_json `Value` of
//! monshin's answer document), `peer-validate` (monshin, bytes → all findings, mode from the
//! status), `peer-jsonschema-errors` (jsonschema-rs on the `grouped` schema: parse the neutral
//! document + `iter_errors().count()`). Used by `crates/monshin-bench/peer.sh`. The batch
//! cases (SIZE `n0050`) read the harness's 1,000-line NDJSON batch on one thread and write one
//! JSON result line per set: `peer-batch` (monshin-batch's reader and check, the findings
//! serialised, as `monshin validate --batch` does without its thread pool) and
//! `peer-jsonschema-batch` (each line parsed to a `Value`, its errors collected as (instance
//! path, message) and serialised). Before measuring, both must agree with the harness on which
//! lines are valid.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool

use std::hint::black_box;
use std::process::ExitCode;

use monshin_batch::{check, BatchOptions, Lines};
use monshin_bench::peer::{peer_limits, PeerBatch, PeerInputs};
use monshin_bench::{largest_bundled, today, with_errors};
use monshin_core::{AnswersDoc, CompiledForm, Limits, Mode, Options};
use monshin_jsonschema::{export, Rules, SchemaOptions};
use serde_json::Value;

/// monshin over an NDJSON stream on this thread: one serialised result per set; `valid` gets
/// each set's validity. Returns the bytes written.
fn monshin_batch_lines(
    form: &CompiledForm,
    options: &BatchOptions,
    stream: &[u8],
    valid: &mut dyn FnMut(bool),
) -> usize {
    let mut lines = Lines::new(stream, form.limits().max_answers_bytes);
    let mut written = 0;
    while let Ok(chunk) = lines.next_chunk() {
        if chunk.is_empty() {
            break;
        }
        for n in &chunk {
            let line = match check(form, options, &n.input) {
                Ok(report) => {
                    valid(report.is_valid());
                    serde_json::to_string(report.findings())
                }
                Err(error) => {
                    valid(false);
                    serde_json::to_string(&error)
                }
            };
            written += line.map_or(0, |l| l.len());
        }
    }
    written
}

/// jsonschema-rs over an NDJSON stream: each line parsed, its errors serialised.
fn jsonschema_batch_lines(
    validator: &jsonschema::Validator,
    stream: &[u8],
    valid: &mut dyn FnMut(bool),
) -> usize {
    let mut written = 0;
    for line in stream.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let errors: Vec<(String, String)> = match serde_json::from_slice::<Value>(line) {
            Ok(d) => validator
                .iter_errors(&d)
                .map(|e| (e.instance_path().to_string(), e.to_string()))
                .collect(),
            Err(e) => vec![(String::new(), e.to_string())],
        };
        valid(errors.is_empty());
        written += serde_json::to_string(&errors).map_or(0, |l| l.len());
    }
    written
}

/// The measured loop; its name is what callgrind toggles collection on.
#[inline(never)]
fn cg_measure<F: FnMut() -> usize>(iterations: u32, mut f: F) -> usize {
    let mut acc = 0usize;
    for _ in 0..iterations {
        acc = acc.wrapping_add(black_box(f()));
    }
    acc
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(case) = args.next() else {
        eprintln!("usage: monshin-cg CASE [ITERATIONS]");
        return ExitCode::from(2);
    };
    let iterations: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    if let Some(base) = case.strip_prefix("peer-") {
        let (Some(dir), Some(size)) = (args.next(), args.next()) else {
            eprintln!("usage: monshin-cg peer-CASE ITERATIONS DIR SIZE");
            return ExitCode::from(2);
        };
        return peer(base, iterations, std::path::Path::new(&dir), &size);
    }
    let (Some(bundled), Some(today)) = (largest_bundled(), today()) else {
        eprintln!("no bundled form");
        return ExitCode::from(2);
    };
    let form = match CompiledForm::from_json(bundled.definition.as_bytes(), &Limits::default()) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let options = Options::complete(today);
    let (base, invalid) = match case.strip_suffix("-invalid") {
        Some(b) => (b.to_string(), true),
        None => (case.clone(), false),
    };
    let bytes = if invalid {
        with_errors(bundled.complete_answers).into_bytes()
    } else {
        bundled.complete_answers.as_bytes().to_vec()
    };
    let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let validator = || {
        let schema = export(
            form.definition(),
            &SchemaOptions {
                rules: Rules::Complete,
                ..SchemaOptions::default()
            },
        )
        .schema;
        jsonschema::validator_for(&schema).ok()
    };
    let result = match base.as_str() {
        "parse-value" => cg_measure(iterations, || {
            serde_json::from_slice::<Value>(black_box(&bytes))
                .map_or(0, |v| usize::from(v.is_object()))
        }),
        "validate" => cg_measure(iterations, || {
            form.validate_json(black_box(&bytes), &options)
                .map_or(0, |r| r.findings().len())
        }),
        "monshin-is-valid" => cg_measure(iterations, || {
            usize::from(form.is_valid_json(black_box(&bytes), &options))
        }),
        "jsonschema-is-valid" | "jsonschema-errors" => {
            let Some(v) = validator() else {
                eprintln!("the exported schema does not compile");
                return ExitCode::from(2);
            };
            if base == "jsonschema-is-valid" {
                cg_measure(iterations, || usize::from(v.is_valid(black_box(&value))))
            } else {
                cg_measure(iterations, || v.iter_errors(black_box(&value)).count())
            }
        }
        _ => {
            eprintln!("unknown case {case}");
            return ExitCode::from(2);
        }
    };
    println!(
        "{case}: {iterations} iterations on {} ({} bytes), result {result}",
        bundled.name,
        bytes.len()
    );
    ExitCode::SUCCESS
}

/// The peer cases (see the module doc).
fn peer(case: &str, iterations: u32, dir: &std::path::Path, size: &str) -> ExitCode {
    let inputs = match PeerInputs::load(dir, size) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let Some(today) = today() else {
        return ExitCode::from(2);
    };
    let limits = peer_limits();
    let form = match CompiledForm::from_json(&inputs.form, &limits) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{size}: {e}");
            return ExitCode::from(2);
        }
    };
    let doc = &inputs.doc;
    let result = match case {
        "parse-value" => cg_measure(iterations, || {
            serde_json::from_slice::<Value>(black_box(doc))
                .map_or(0, |v| usize::from(v.is_object()))
        }),
        // What `validate_for_status` does: the mode the set's status needs, all findings.
        "validate" => cg_measure(iterations, || {
            AnswersDoc::from_json(black_box(doc), form.limits()).map_or(0, |d| {
                let options = Options {
                    mode: Mode::for_status(d.status),
                    today,
                };
                form.validate(&d, &options).findings().len()
            })
        }),
        "batch" | "jsonschema-batch" => {
            let batch = match PeerBatch::load(dir) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            // Formats checked (the batch has wrong dates): jsonschema-rs skips `format` by default.
            let schema = serde_json::from_slice::<Value>(&inputs.grouped_schema)
                .ok()
                .and_then(|s| {
                    jsonschema::options()
                        .should_validate_formats(true)
                        .build(&s)
                        .ok()
                });
            let Some(v) = schema else {
                eprintln!("{size}: the grouped schema does not compile");
                return ExitCode::from(2);
            };
            let options = BatchOptions { mode: None, today };
            let mut monshin_valid = Vec::new();
            monshin_batch_lines(&form, &options, &batch.monshin, &mut |ok| {
                monshin_valid.push(ok)
            });
            let mut peer_valid = Vec::new();
            jsonschema_batch_lines(&v, &batch.neutral, &mut |ok| peer_valid.push(ok));
            for (who, got) in [("monshin", &monshin_valid), ("jsonschema-rs", &peer_valid)] {
                if *got != batch.expected_valid {
                    let differ = got
                        .iter()
                        .zip(&batch.expected_valid)
                        .filter(|(a, b)| a != b)
                        .count();
                    eprintln!(
                        "{who} disagrees with the harness on {differ} lines ({} results for {} lines)",
                        got.len(),
                        batch.expected_valid.len()
                    );
                    return ExitCode::from(1);
                }
            }
            if case == "batch" {
                cg_measure(iterations, || {
                    monshin_batch_lines(&form, &options, black_box(&batch.monshin), &mut |_| {})
                })
            } else {
                cg_measure(iterations, || {
                    jsonschema_batch_lines(&v, black_box(&batch.neutral), &mut |_| {})
                })
            }
        }
        "jsonschema-errors" => {
            let schema = serde_json::from_slice::<Value>(&inputs.grouped_schema)
                .ok()
                .and_then(|s| jsonschema::validator_for(&s).ok());
            let Some(v) = schema else {
                eprintln!("{size}: the grouped schema does not compile");
                return ExitCode::from(2);
            };
            let neutral = &inputs.neutral_doc;
            cg_measure(iterations, || {
                serde_json::from_slice::<Value>(black_box(neutral))
                    .map_or(usize::MAX, |d| v.iter_errors(&d).count())
            })
        }
        _ => {
            eprintln!("unknown case peer-{case}");
            return ExitCode::from(2);
        }
    };
    println!("peer-{case}: {iterations} iterations on {size}, result {result}");
    ExitCode::SUCCESS
}

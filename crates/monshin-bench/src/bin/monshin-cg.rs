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
//! document + `iter_errors().count()`). Used by `crates/monshin-bench/peer.sh`.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool

use std::hint::black_box;
use std::process::ExitCode;

use monshin_bench::peer::{peer_limits, PeerInputs};
use monshin_bench::{largest_bundled, today, with_errors};
use monshin_core::{AnswersDoc, CompiledForm, Limits, Mode, Options};
use monshin_jsonschema::{export, Rules, SchemaOptions};
use serde_json::Value;

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

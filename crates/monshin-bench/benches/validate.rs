//! Criterion benches (a) bytes → findings vs a bare `serde_json::Value` parse, (b) monshin vs
//! the `jsonschema` crate on the exported schema, (c) batch throughput per core.
//!
//! All on the largest bundled form and its complete example answer set, side by side in one
//! run so that ratios are not distorted by machine load. See `BENCHMARKS.md`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use monshin_bench::{largest_bundled, today, with_errors};
use monshin_core::{AnswersDoc, CompiledForm, Limits, Options};
use monshin_jsonschema::{export, Rules, SchemaOptions};
use rayon::prelude::*;
use serde_json::Value;

struct Fixture {
    name: &'static str,
    form: CompiledForm,
    valid: Vec<u8>,
    invalid: Vec<u8>,
    options: Options,
}

fn fixture() -> Fixture {
    let f = largest_bundled().expect("bundled forms");
    let form = CompiledForm::from_json(f.definition.as_bytes(), &Limits::default()).expect("form");
    Fixture {
        name: f.name,
        form,
        valid: f.complete_answers.as_bytes().to_vec(),
        invalid: with_errors(f.complete_answers).into_bytes(),
        options: Options::complete(today().expect("date")),
    }
}

fn bytes_to_findings(c: &mut Criterion) {
    let fx = fixture();
    let mut g = c.benchmark_group(format!("a_bytes_to_findings/{}", fx.name));
    for (label, bytes) in [("valid", &fx.valid), ("invalid", &fx.invalid)] {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_with_input(
            BenchmarkId::new("serde_json_value", label),
            bytes,
            |b, bytes| {
                b.iter(|| {
                    serde_json::from_slice::<Value>(black_box(bytes))
                        .map(|v| black_box(v).is_object())
                })
            },
        );
        g.bench_with_input(
            BenchmarkId::new("monshin_parse_only", label),
            bytes,
            |b, bytes| {
                b.iter(|| {
                    AnswersDoc::from_json(black_box(bytes), &Limits::default())
                        .map(|d| black_box(d.answers.len()))
                })
            },
        );
        g.bench_with_input(
            BenchmarkId::new("monshin_validate_json", label),
            bytes,
            |b, bytes| {
                b.iter(|| {
                    fx.form
                        .validate_json(black_box(bytes), &fx.options)
                        .map(|r| black_box(r.findings().len()))
                })
            },
        );
    }
    g.finish();
}

fn versus_jsonschema(c: &mut Criterion) {
    let fx = fixture();
    let schema = export(
        fx.form.definition(),
        &SchemaOptions {
            rules: Rules::Complete,
            ..SchemaOptions::default()
        },
    )
    .schema;
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut g = c.benchmark_group(format!("b_vs_jsonschema/{}", fx.name));
    for (label, bytes) in [("valid", &fx.valid), ("invalid", &fx.invalid)] {
        let value: Value = serde_json::from_slice(bytes).expect("json");
        assert_eq!(
            validator.is_valid(&value),
            fx.form.is_valid_json(bytes, &fx.options),
            "the fixture must be judged alike"
        );
        g.bench_with_input(
            BenchmarkId::new("monshin_is_valid", label),
            bytes,
            |b, bytes| b.iter(|| fx.form.is_valid_json(black_box(bytes), &fx.options)),
        );
        g.bench_with_input(
            BenchmarkId::new("jsonschema_is_valid", label),
            &value,
            |b, v| b.iter(|| validator.is_valid(black_box(v))),
        );
        g.bench_with_input(
            BenchmarkId::new("jsonschema_parse_is_valid", label),
            bytes,
            |b, bytes| {
                b.iter(|| {
                    serde_json::from_slice::<Value>(black_box(bytes))
                        .is_ok_and(|v| validator.is_valid(&v))
                })
            },
        );
        g.bench_with_input(
            BenchmarkId::new("monshin_all_findings", label),
            bytes,
            |b, bytes| {
                b.iter(|| {
                    fx.form
                        .validate_json(black_box(bytes), &fx.options)
                        .map(|r| black_box(r.findings().len()))
                })
            },
        );
        g.bench_with_input(
            BenchmarkId::new("jsonschema_all_errors", label),
            &value,
            |b, v| b.iter(|| validator.iter_errors(black_box(v)).count()),
        );
    }
    g.finish();
}

/// Answer sets validated per batch iteration.
const BATCH: usize = 1000;

fn batch_throughput(c: &mut Criterion) {
    let fx = fixture();
    // Nine valid sets for one with errors, each result serialised as the CLI does.
    let sets: Vec<&[u8]> = (0..BATCH)
        .map(|i| {
            if i % 10 == 9 {
                &fx.invalid[..]
            } else {
                &fx.valid[..]
            }
        })
        .collect();
    let mut g = c.benchmark_group(format!("c_batch/{}", fx.name));
    g.throughput(Throughput::Elements(BATCH as u64));
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        g.bench_function(BenchmarkId::new("threads", threads), |b| {
            b.iter(|| {
                pool.install(|| {
                    sets.par_iter()
                        .map(|bytes| match fx.form.validate_json(bytes, &fx.options) {
                            Ok(r) => serde_json::to_string(r.findings()).map_or(0, |s| s.len()),
                            Err(e) => e.code().as_str().len(),
                        })
                        .sum::<usize>()
                })
            })
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(40)
}

criterion_group! {
    name = benches;
    config = config();
    targets = bytes_to_findings, versus_jsonschema, batch_throughput
}
criterion_main!(benches);

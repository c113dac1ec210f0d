//! Criterion bench (e): how compile and validation costs grow from 50 to 5,000 items.
//!
//! Generated forms (see `monshin_bench::generated_form`) with a complete, valid answer set;
//! throughput is in items, so a flat "elements/s" across sizes means linear cost.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use monshin_bench::{generated_answers, generated_form, today};
use monshin_core::{CompiledForm, Limits, Options};

const SIZES: [usize; 4] = [50, 500, 2000, 5000];

fn growth(c: &mut Criterion) {
    let options = Options::complete(today().expect("date"));
    let mut compile = c.benchmark_group("e_compile_growth");
    for n in SIZES {
        let def = generated_form(n);
        compile.throughput(Throughput::Elements(n as u64));
        compile.bench_with_input(BenchmarkId::from_parameter(n), &def, |b, def| {
            b.iter(|| {
                CompiledForm::from_json(black_box(def.as_bytes()), &Limits::default())
                    .map(|f| f.item_count())
            })
        });
    }
    compile.finish();
    let mut validate = c.benchmark_group("e_validate_growth");
    for n in SIZES {
        let form = CompiledForm::from_json(generated_form(n).as_bytes(), &Limits::default())
            .expect("form");
        let answers = generated_answers(n);
        validate.throughput(Throughput::Elements(n as u64));
        validate.bench_with_input(BenchmarkId::from_parameter(n), &answers, |b, a| {
            b.iter(|| {
                form.validate_json(black_box(a.as_bytes()), &options)
                    .map(|r| r.findings().len())
            })
        });
    }
    validate.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = growth
}
criterion_main!(benches);

//! Memory bounds (d): a compiled 1,000-item definition stays small, and validating a valid
//! answer set allocates a bounded number of times, not once per answer (ARCHITECTURE.md:
//! "allocates nothing per valid answer"). Counted with an instrumented global allocator; the
//! numbers for `BENCHMARKS.md` come from the `monshin-mem` binary.

use std::alloc::System;

use monshin_bench::{generated_answers, generated_form, today};
use monshin_core::{CompiledForm, Limits, Options};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// (bytes retained by the compiled form, allocations of one validation).
fn measure(items: usize) -> (i64, usize) {
    let def = generated_form(items);
    let answers = generated_answers(items);
    let region = Region::new(GLOBAL);
    let form = CompiledForm::from_json(def.as_bytes(), &Limits::default()).expect("form");
    let s = region.change();
    let retained = s.bytes_allocated as i64 - s.bytes_deallocated as i64;
    let options = Options::complete(today().expect("date"));
    let region = Region::new(GLOBAL);
    let report = form
        .validate_json(answers.as_bytes(), &options)
        .expect("parses");
    let v = region.change();
    assert!(report.is_valid());
    drop(report);
    drop(form);
    (retained, v.allocations + v.reallocations)
}

#[test]
fn compiled_form_and_validation_memory_are_bounded() {
    // One test only: the allocator counts every thread, so measurements must not overlap.
    let (small_bytes, small_allocs) = measure(50);
    let (bytes, allocs) = measure(1000);
    assert!(bytes > 0 && small_bytes > 0);
    // The goal of issue 22: a compiled 1,000-item form within 1 MB (BENCHMARKS.md section (d)
    // has the measured figure).
    assert!(bytes <= 1_000_000, "1,000-item form retains {bytes} bytes");
    // Answers grow 20×; allocations may grow with the number of groups (one row table per
    // group) but not with the number of answers.
    assert!(
        allocs < small_allocs + 20 * 20,
        "validation allocations: {small_allocs} for 50 items, {allocs} for 1,000 items"
    );
}

//! Memory measurement (d): bytes retained by a compiled definition, counted by an
//! instrumented global allocator, for generated forms of 50 to 5,000 items (1,000 is the
//! reference size of `BENCHMARKS.md`), and what one validation allocates.
//!
//! Usage: `cargo run --release -p monshin-bench --bin monshin-mem`.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool

use std::alloc::System;
use std::process::ExitCode;

use monshin_bench::{generated_answers, generated_form, today};
use monshin_core::{CompiledForm, Limits, Options};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn main() -> ExitCode {
    let Some(today) = today() else {
        return ExitCode::from(2);
    };
    println!(
        "{:>6} {:>10} {:>12} {:>10} {:>14} {:>12} {:>12}",
        "items", "def bytes", "retained", "per item", "compile alloc", "validate n", "validate B"
    );
    for n in [50usize, 500, 1000, 2000, 5000] {
        let def = generated_form(n);
        let answers = generated_answers(n);
        let region = Region::new(GLOBAL);
        let form = match CompiledForm::from_json(def.as_bytes(), &Limits::default()) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{n}: {e}");
                return ExitCode::from(2);
            }
        };
        let stats = region.change();
        // Growing reallocations count in bytes_allocated, shrinking ones in bytes_deallocated.
        let retained = stats.bytes_allocated as i64 - stats.bytes_deallocated as i64;
        let region = Region::new(GLOBAL);
        let valid = form
            .validate_json(answers.as_bytes(), &Options::complete(today))
            .is_ok_and(|r| r.is_valid());
        let v = region.change();
        if !valid {
            eprintln!("{n}: generated answers are not valid");
            return ExitCode::from(2);
        }
        println!(
            "{n:>6} {:>10} {retained:>12} {:>10} {:>14} {:>12} {:>12}",
            def.len(),
            retained / n as i64,
            stats.bytes_allocated,
            v.allocations + v.reallocations,
            v.bytes_allocated
        );
        drop(form);
    }
    println!(
        "retained = bytes allocated and not freed by CompiledForm::from_json (the compiled form, \
         its Definition copy included); validate n / B = allocations and bytes of one \
         validate_json of a complete valid answer set"
    );
    ExitCode::SUCCESS
}

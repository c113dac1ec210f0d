//! Memory measurement (d): bytes retained by a compiled definition, counted by an
//! instrumented global allocator, for generated forms of 50 to 5,000 items (1,000 is the
//! reference size of `BENCHMARKS.md`), and what one validation allocates; of that, how much is
//! the parsed `Definition` the compiled form keeps.
//!
//! Usage: `cargo run --release -p monshin-bench --bin monshin-mem [PEER_DIR]`; with the peer
//! inputs' directory (`BENCHMARKS.md` section (h)) it also measures their forms.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool

use std::alloc::System;
use std::process::ExitCode;

use monshin_bench::peer::{peer_limits, PeerInputs, SIZES};
use monshin_bench::{generated_answers, generated_form, today};
use monshin_core::{CompiledForm, Definition, Limits, Options};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn main() -> ExitCode {
    println!(
        "{:>6} {:>10} {:>12} {:>10} {:>14} {:>12} {:>12} {:>12}",
        "items",
        "def bytes",
        "retained",
        "per item",
        "compile alloc",
        "validate n",
        "validate B",
        "Definition"
    );
    for n in [50usize, 500, 1000, 2000, 5000] {
        let def = generated_form(n);
        let answers = generated_answers(n);
        if !row(
            &n.to_string(),
            n,
            def.as_bytes(),
            answers.as_bytes(),
            &Limits::default(),
            true,
        ) {
            return ExitCode::from(2);
        }
    }
    if let Some(dir) = std::env::args().nth(1) {
        for size in SIZES {
            let inputs = match PeerInputs::load(std::path::Path::new(&dir), size) {
                Ok(i) => i,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            let items =
                CompiledForm::from_json(&inputs.form, &peer_limits()).map_or(1, |f| f.item_count());
            if !row(
                size,
                items,
                &inputs.form,
                &inputs.doc,
                &peer_limits(),
                false,
            ) {
                return ExitCode::from(2);
            }
        }
    }
    println!(
        "retained = bytes allocated and not freed by CompiledForm::from_json (the compiled form, \
         its Definition copy included); validate n / B = allocations and bytes of one \
         validate_json of a complete valid answer set; Definition = retained by the parsed \
         Definition alone (part of retained)"
    );
    ExitCode::SUCCESS
}

/// One row: compile `def` (`items` items), validate `answers` (which must be valid when
/// `must_be_valid`), print; false on failure.
fn row(
    name: &str,
    items: usize,
    def: &[u8],
    answers: &[u8],
    limits: &Limits,
    must_be_valid: bool,
) -> bool {
    let Some(today) = today() else {
        return false;
    };
    {
        let n = items;
        let region = Region::new(GLOBAL);
        let parsed = serde_json::from_slice::<Definition>(def);
        let d = region.change();
        let definition_only = d.bytes_allocated as i64 - d.bytes_deallocated as i64;
        drop(parsed);
        let region = Region::new(GLOBAL);
        let form = match CompiledForm::from_json(def, limits) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{name}: {e}");
                return false;
            }
        };
        let stats = region.change();
        // Growing reallocations count in bytes_allocated, shrinking ones in bytes_deallocated.
        let retained = stats.bytes_allocated as i64 - stats.bytes_deallocated as i64;
        let region = Region::new(GLOBAL);
        let report = form.validate_json(answers, &Options::complete(today));
        let v = region.change();
        // The peer documents leave some required items unanswered (their schemas do not
        // require presence): readable is enough for them.
        if !report.is_ok_and(|r| r.is_valid() || !must_be_valid) {
            eprintln!("{name}: the answers are not valid");
            return false;
        }
        println!(
            "{name:>6} {:>10} {retained:>12} {:>10} {:>14} {:>12} {:>12} {definition_only:>12}",
            def.len(),
            retained / n.max(1) as i64,
            stats.bytes_allocated,
            v.allocations + v.reallocations,
            v.bytes_allocated
        );
        drop(form);
    }
    true
}

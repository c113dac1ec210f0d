//! Runs every case of `tests/corpus/` and checks that every finding and document error code has a case, that
//! `is_valid_json` agrees with the full validation on every `validate` case, and that the
//! outcomes equal the committed summary `tests/corpus/SUMMARY.txt`.
//!
//! `UPDATE_EXPECT=1` blesses instead: failing cases get the expectations of what ran, and the
//! summary is rewritten (review both with `git diff`).
//!
//! `harness = false`: one process, one summary line `N passed, M failed`.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a test runner reports

use std::collections::BTreeSet;
use std::process::ExitCode;

use monshin_conformance::{load_cases, updating, Case};
use monshin_core::FindingCode;

/// Cases fewer than this mean the corpus was not found or lost files.
const MIN_CASES: usize = 250;

fn main() -> ExitCode {
    let bless = updating();
    let mut passed = 0;
    let mut failed = 0;
    let mut blessed = 0;
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut summary = String::from(
        "# What every case of tests/corpus produced; rewritten by UPDATE_EXPECT=1 cargo test -p monshin-conformance --test corpus\n",
    );
    let cases = load_cases();
    for (path, case) in &cases {
        let name = path
            .strip_prefix(monshin_conformance::corpus_dir())
            .unwrap_or(path)
            .display()
            .to_string();
        let result = case.as_ref().map_err(Clone::clone).and_then(|c| {
            let outcome = c.run()?;
            seen.extend(
                outcome
                    .findings()
                    .iter()
                    .map(|f| f.code.as_str().to_string()),
            );
            if let monshin_conformance::Outcome::Error(code) = &outcome {
                seen.insert(code.clone());
            }
            summary.push_str(&format!("{name}: {}\n", Case::summary_line(&outcome)));
            c.check_shortcut(&outcome)?;
            match c.check(&outcome) {
                Err(why) if bless => {
                    let original = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
                    std::fs::write(path, Case::blessed(&original, &outcome))
                        .map_err(|e| format!("{why}; blessing failed: {e}"))?;
                    blessed += 1;
                    Ok(c.count())
                }
                other => other.map(|()| c.count()),
            }
        });
        match result {
            Ok(n) => passed += n,
            Err(why) => {
                failed += 1;
                eprintln!("FAIL {name}: {why}");
            }
        }
    }
    // Findings and document errors come from the documents a case holds; the other families
    // (sessions, diffs, the CLI, the WebAssembly module) are triggered by their own tests, as
    // `docs/codes.md` says.
    let missing: Vec<&str> = FindingCode::ALL
        .iter()
        .filter(|c| c.is_finding() || c.family() == "document")
        .map(|c| c.as_str())
        .filter(|c| !seen.contains(*c))
        .collect();
    if !missing.is_empty() {
        failed += 1;
        eprintln!("FAIL coverage: finding codes without a corpus case: {missing:?}");
    }
    if cases.len() < MIN_CASES {
        failed += 1;
        eprintln!("FAIL count: {} cases, fewer than {MIN_CASES}", cases.len());
    }
    let summary_path = monshin_conformance::corpus_dir().join("SUMMARY.txt");
    let committed = std::fs::read_to_string(&summary_path).unwrap_or_default();
    if bless {
        if committed != summary {
            if let Err(e) = std::fs::write(&summary_path, &summary) {
                failed += 1;
                eprintln!("FAIL summary: cannot write {}: {e}", summary_path.display());
            }
        }
    } else if committed != summary {
        failed += 1;
        let diff: Vec<String> = summary
            .lines()
            .filter(|l| !committed.lines().any(|c| c == *l))
            .take(5)
            .map(|l| format!("  now: {l}"))
            .collect();
        eprintln!(
            "FAIL summary: outcomes differ from tests/corpus/SUMMARY.txt (UPDATE_EXPECT=1 rewrites it):\n{}",
            diff.join("\n")
        );
    }
    println!("corpus: {passed} passed, {failed} failed, {blessed} blessed");
    if failed == 0 && passed > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

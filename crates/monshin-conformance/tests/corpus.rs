//! Runs every case of `tests/corpus/` and checks that every finding and document error code
//! has a case.
//!
//! `harness = false`: one process, one summary line `N passed, M failed`.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a test runner reports

use std::collections::BTreeSet;
use std::process::ExitCode;

use monshin_conformance::load_cases;
use monshin_core::FindingCode;

fn main() -> ExitCode {
    let mut passed = 0;
    let mut failed = 0;
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let cases = load_cases();
    for (path, case) in &cases {
        let name = path
            .strip_prefix(monshin_conformance::corpus_dir())
            .unwrap_or(path)
            .display();
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
            c.check(&outcome).map(|()| c.count())
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
    println!("corpus: {passed} passed, {failed} failed");
    if failed == 0 && passed > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

//! Replays the fuzz regression inputs (`fuzz/regressions/<target>/*`) through the fuzz target
//! bodies of `fuzz/src/lib.rs` — the same properties the fuzzers assert — on the stable
//! toolchain and without libFuzzer, so every input a fuzzer or a past fix found stays a test.
//!
//! Each file must reach its target's property checks (not be rejected by the first parse),
//! except files named `rejected-*`, which keep an error path honest and must be rejected
//! (without a panic). The number replayed must equal the number of files present: a folder that cannot be
//! read, an empty folder or a stray file fails the test.

#[allow(unreachable_pub, dead_code)]
#[path = "../../../fuzz/src/lib.rs"]
mod fuzz_targets;

use std::path::{Path, PathBuf};

type Target = fn(&[u8]) -> bool;

const TARGETS: &[(&str, Target)] = &[
    ("definition", fuzz_targets::definition),
    ("expression", fuzz_targets::expression),
    ("answers", fuzz_targets::answers),
    ("reader", fuzz_targets::reader),
    ("wire", fuzz_targets::wire),
    ("diff", fuzz_targets::diff),
];

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions")
}

/// Every regular file of `dir`, sorted.
fn files_of(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("fuzz regressions folder {} unreadable: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_regression_input_reaches_its_property_and_holds() {
    let root = regressions_dir();
    let mut present = 0;
    let mut replayed = 0;
    for (name, target) in TARGETS {
        let files = files_of(&root.join(name));
        assert!(!files.is_empty(), "fuzz/regressions/{name}/ holds no input");
        present += files.len();
        for path in files {
            let data = std::fs::read(&path).expect("readable regression input");
            let expect_rejected = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("rejected-"));
            let reached = target(&data);
            assert!(
                reached != expect_rejected,
                "{}: {} before the {name} property is checked",
                path.display(),
                if reached { "not rejected" } else { "rejected" }
            );
            replayed += 1;
        }
    }
    // Nothing else lives in fuzz/regressions/ but the README and the target folders.
    let known: Vec<&str> = TARGETS.iter().map(|(n, _)| *n).collect();
    for entry in std::fs::read_dir(&root).expect("fuzz/regressions/") {
        let path = entry.expect("entry").path();
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        assert!(
            file == "README.md" || (path.is_dir() && known.contains(&file)),
            "fuzz/regressions/{file} belongs to no fuzz target"
        );
    }
    assert!(replayed > 0);
    assert_eq!(replayed, present);
    assert_eq!(
        replayed, EXPECTED_INPUTS,
        "update EXPECTED_INPUTS with the files added"
    );
}

/// The number of committed regression inputs; adding one means raising this.
const EXPECTED_INPUTS: usize = 35;

#[test]
fn sample_inputs_reach_every_target() {
    let f = monshin_forms::by_name("vaccination-pcv").expect("bundled");
    assert!(fuzz_targets::definition(f.definition.as_bytes()));
    assert!(fuzz_targets::expression(
        b"$A = true and not ($N > 3 or contains($C, '1'))"
    ));
    assert!(fuzz_targets::expression(
        b"count($GN) + sum($GN) / 0 > round(-$N, 1)"
    ));
    assert!(fuzz_targets::answers(f.complete_answers.as_bytes()));
    assert!(fuzz_targets::answers(f.draft_answers.as_bytes()));
    assert!(fuzz_targets::reader(f.complete_answers.as_bytes()));
    assert!(!fuzz_targets::reader(b"{"));
    assert!(fuzz_targets::wire(br#"{"forms": []}"#));
    let mut diff = vec![0u8];
    diff.extend_from_slice(f.complete_answers.as_bytes());
    diff.push(0);
    diff.extend_from_slice(f.draft_answers.as_bytes());
    assert!(fuzz_targets::diff(&diff));
    assert!(!fuzz_targets::expression(b"(("));
    assert!(!fuzz_targets::answers(b"{"));
}

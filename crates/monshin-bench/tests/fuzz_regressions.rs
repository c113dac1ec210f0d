//! Replays the saved fuzz crash inputs (`fuzz/regressions/<target>/*`) and a few sample
//! inputs through the fuzz target bodies of `fuzz/src/lib.rs`, on the stable toolchain and
//! without libFuzzer, so every crash found by fuzzing stays a regression test.

#[allow(unreachable_pub, dead_code)]
#[path = "../../../fuzz/src/lib.rs"]
mod fuzz_targets;

use std::path::Path;

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("definition", fuzz_targets::definition),
    ("expression", fuzz_targets::expression),
    ("answers", fuzz_targets::answers),
    ("wire", fuzz_targets::wire),
    ("diff", fuzz_targets::diff),
];

#[test]
fn saved_crash_inputs_no_longer_crash() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let mut replayed = 0;
    for (name, target) in TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(name)) else {
            continue;
        };
        for entry in entries.flatten() {
            let data = std::fs::read(entry.path()).expect("readable regression input");
            target(&data);
            replayed += 1;
        }
    }
    // The count is informative: zero until fuzzing finds something.
    assert!(replayed < 100_000);
}

#[test]
fn sample_inputs_run_through_every_target() {
    let f = monshin_forms::by_name("vaccination-pcv").expect("bundled");
    fuzz_targets::definition(f.definition.as_bytes());
    fuzz_targets::expression(b"$A = true and not ($N > 3 or contains($C, '1'))");
    fuzz_targets::expression(b"count($GN) + sum($GN) / 0 > round(-$N, 1)");
    fuzz_targets::answers(f.complete_answers.as_bytes());
    fuzz_targets::answers(f.draft_answers.as_bytes());
    fuzz_targets::wire(br#"{"forms": []}"#);
    let mut diff = vec![0u8];
    diff.extend_from_slice(f.complete_answers.as_bytes());
    diff.push(0);
    diff.extend_from_slice(f.draft_answers.as_bytes());
    fuzz_targets::diff(&diff);
}

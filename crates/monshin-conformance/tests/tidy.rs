//! Tidiness of the tree, checked on every test run:
//! - every Rust file (crates, wasm, fuzz, tests) opens with a `//!` module doc;
//! - every repository path the documentation names in backticks or links exists;
//! - measured figures (µs, ms, bytes) are stated in `BENCHMARKS.md` only, so two documents
//!   cannot disagree on them; others link there. A budget or target is a rule, not a
//!   measurement, and may be stated where the rule is.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !matches!(
                name.as_ref(),
                "target" | "node_modules" | "pkg" | "artifacts" | "corpus" | "seeds" | ".git"
            ) {
                walk(&path, ext, out);
            }
        } else if name.ends_with(ext) {
            out.push(path);
        }
    }
}

fn files(ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["crates", "wasm", "fuzz", "tests"] {
        walk(&root().join(dir), ext, &mut out);
    }
    out.sort();
    out
}

fn docs() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = ["README.md", "ARCHITECTURE.md", "BENCHMARKS.md"]
        .iter()
        .map(|d| root().join(d))
        .collect();
    out.extend(files(".md"));
    walk(&root().join("tests"), ".md", &mut out);
    out
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_rust_file_opens_with_a_module_doc() {
    let rust = files(".rs");
    assert!(rust.len() > 100, "only {} Rust files found", rust.len());
    let missing: Vec<String> = rust
        .iter()
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            !text
                .lines()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.starts_with("//!"))
        })
        .map(|p| relative(p))
        .collect();
    assert!(missing.is_empty(), "no `//!` module doc: {missing:#?}");
}

/// Candidate paths in a document: backticked spans and link targets that look like a file or
/// folder of this repository (a slash or a known extension, no spaces, no placeholders).
fn named_paths(text: &str) -> Vec<String> {
    let mut spans: Vec<&str> = text.split('`').skip(1).step_by(2).collect();
    for part in text.split("](").skip(1) {
        if let Some(end) = part.find(')') {
            spans.push(part.get(..end).unwrap_or_default());
        }
    }
    const EXTENSIONS: &[&str] = &[
        ".rs", ".md", ".sh", ".json", ".toml", ".mjs", ".ts", ".py", ".txt",
    ];
    const TOP: &[&str] = &[
        "crates/",
        "wasm/",
        "fuzz/",
        "tests/",
        "schemas/",
        ".ci/",
        "README",
        "ARCHITECTURE",
        "BENCHMARKS",
        "Cargo",
    ];
    spans
        .into_iter()
        .map(|s| {
            s.split('#')
                .next()
                .unwrap_or_default()
                .trim_start_matches("./")
        })
        .filter(|s| {
            !s.is_empty()
                && !s.contains([' ', '*', '<', '>', '{', '}', '…', '$', '='])
                && !s.starts_with("http")
                && !s.contains("..")
                && (TOP.iter().any(|t| s.starts_with(t))
                    || (s.contains('/') && EXTENSIONS.iter().any(|e| s.ends_with(e))))
        })
        .map(str::to_owned)
        .collect()
}

/// Every crate folder: `crates/*` and `wasm`.
fn crate_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("crates"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.push(root().join("wasm"));
    dirs
}

#[test]
fn every_path_named_in_the_docs_exists() {
    let mut checked = 0;
    let mut missing = Vec::new();
    for doc in docs() {
        let text = std::fs::read_to_string(&doc).expect("readable doc");
        let dir = doc.parent().unwrap_or(Path::new("."));
        for path in named_paths(&text) {
            checked += 1;
            let trimmed = path.trim_end_matches('/');
            // Built or git-ignored folders exist only after a run.
            if trimmed.split('/').any(|c| {
                matches!(
                    c,
                    "artifacts" | "pkg" | "pkg-fhir" | "corpus" | "seeds" | "target"
                )
            }) {
                continue;
            }
            // From the repository root, the document's folder, or (for paths such as
            // `tests/memory.rs` written next to a crate's name) some crate.
            let in_a_crate = || {
                crate_dirs()
                    .iter()
                    .any(|c| c.join(trimmed).exists() || c.join("src").join(trimmed).exists())
            };
            if !root().join(trimmed).exists() && !dir.join(trimmed).exists() && !in_a_crate() {
                missing.push(format!("{}: {path}", relative(&doc)));
            }
        }
    }
    assert!(checked > 50, "only {checked} paths found in the docs");
    assert!(missing.is_empty(), "paths named but absent: {missing:#?}");
}

#[test]
fn measured_figures_live_in_benchmarks_md_only() {
    let is_figure = |line: &str| {
        let words: Vec<&str> = line.split_whitespace().collect();
        words.windows(2).any(|w| {
            let number = w[0]
                .trim_start_matches(['~', '(', '*'])
                .trim_end_matches('*');
            number.chars().next().is_some_and(|c| c.is_ascii_digit())
                && number
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
                && matches!(
                    w[1].trim_end_matches([',', '.', ';', ')']),
                    "µs" | "ms" | "B"
                )
        })
    };
    let mut offending = Vec::new();
    for doc in docs() {
        if doc.ends_with("BENCHMARKS.md") {
            continue;
        }
        let text = std::fs::read_to_string(&doc).expect("readable doc");
        for (n, line) in text.lines().enumerate() {
            let rule = ["budget", "target", "within", "at most"]
                .iter()
                .any(|w| line.contains(w));
            if is_figure(line) && !rule {
                offending.push(format!("{}:{}: {line}", relative(&doc), n + 1));
            }
        }
    }
    assert!(
        offending.is_empty(),
        "figures outside BENCHMARKS.md (move them there and link): {offending:#?}"
    );
    let bench = std::fs::read_to_string(root().join("BENCHMARKS.md")).expect("BENCHMARKS.md");
    assert!(bench.lines().filter(|l| is_figure(l)).count() > 20);
}

/// The test scripts never skip a stage and never put an install under a timeout: CI passed
/// once without nightly (the fuzz stage printed SKIPPED and exited 0), and a stage timeout
/// once killed a wasm-bindgen-cli build that was still progressing.
#[test]
fn test_scripts_neither_skip_stages_nor_time_out_installs() {
    let read = |p: &str| std::fs::read_to_string(root().join(p)).expect(p);
    let scripts = [
        "tests/run-all.sh",
        "wasm/test.sh",
        "wasm/setup.sh",
        "fuzz/smoke.sh",
        "fuzz/setup.sh",
        "tests/ensure-nightly.sh",
    ];
    for script in scripts {
        let text = read(script);
        let code: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with('#'))
            .collect();
        for line in &code {
            assert!(!line.contains("SKIP"), "{script} skips: {line}");
            assert!(
                !(line.contains("exit 0") || line.contains("return 0")),
                "{script} ends early with success: {line}"
            );
            let installs = ["setup.sh", "cargo install", "npm ci", "apt-get", "rustup"];
            assert!(
                !(line.contains("timeout ") && installs.iter().any(|i| line.contains(i))),
                "{script} puts an install under a timeout: {line}"
            );
        }
    }
    // run-all.sh runs every stage unconditionally.
    let run_all = read("tests/run-all.sh");
    let stages: Vec<&str> = run_all
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.contains("stage \""))
        .collect();
    for stage in [
        "wasm/test.sh",
        "fuzz/smoke.sh",
        "tests/msrv.sh",
        "cargo doc",
    ] {
        assert!(
            stages.iter().any(|l| l.contains(stage)),
            "tests/run-all.sh does not run {stage}"
        );
    }
    assert!(
        !run_all.lines().any(|l| l.trim_start().starts_with("if ")),
        "tests/run-all.sh runs a stage conditionally"
    );
}

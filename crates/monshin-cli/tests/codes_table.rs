//! `docs/codes.md`, the one table of codes, is generated from the code enums: every code of
//! [`FindingCode`] (findings and errors of core, the CLI and the WebAssembly module), of
//! monshin-wire and of the PMH API, each with its anchor, what it means and an input that
//! triggers it. For findings and document errors that input is a corpus case, which the corpus
//! test runs and checks; for the CLI codes it is a command of `tests/no_echo.rs`.
//!
//! `UPDATE_EXPECT=1` rewrites the file; otherwise the test fails when it is stale.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use monshin_core::FindingCode;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every corpus case file (path relative to the repository) with its text.
fn corpus() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "forms") {
                    walk(&p, out);
                }
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("tests/corpus"), &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let rel = p.strip_prefix(root()).ok()?.display().to_string();
            Some((rel, text))
        })
        .collect()
}

/// The first corpus case that expects `code` (as a finding or as its error).
fn corpus_case<'a>(cases: &'a [(String, String)], code: &str) -> Option<&'a str> {
    let finding = format!("\"code\": \"{code}\"");
    let error = format!("\"expectError\": \"{code}\"");
    // A row of an `inputs` table: typed text → the finding code.
    let row = format!("\"expectCode\": \"{code}\"");
    cases
        .iter()
        .find(|(_, t)| t.contains(&finding) || t.contains(&error) || t.contains(&row))
        .map(|(p, _)| p.as_str())
}

fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn generate() -> String {
    let cases = corpus();
    let mut out = String::from(
        "# Codes\n\n\
         Every finding and every error of monshin has one stable code `family.kebab-name`, the \
         same in the library, the CLI (`--format json`), the WebAssembly module and the Python \
         package. This file is \
         generated from the code enums by `crates/monshin-cli/tests/codes_table.rs` \
         (`UPDATE_EXPECT=1` rewrites it); the anchor of a code is the code with `.` replaced by \
         `-`. For findings and document errors the trigger is a corpus case that the corpus test \
         runs (`cargo test -p monshin-conformance --test corpus`).\n\n\
         ## Engine, CLI, WebAssembly and Python (`FindingCode`)\n\n\
         | code | meaning | triggered by |\n|---|---|---|\n",
    );
    for code in FindingCode::ALL {
        let trigger = match corpus_case(&cases, code.as_str()) {
            Some(case) => format!("[`{case}`](../{case})"),
            None if code.family() == "cli" => "`crates/monshin-cli/tests/no_echo.rs`".to_string(),
            None if code.family() == "python" && !code.as_str().ends_with(".internal") => {
                "`crates/monshin-py/tests/test_errors.py`".to_string()
            }
            None if code.family() == "server" => {
                "`crates/monshin-server/tests/errors.rs`".to_string()
            }
            None => "see meaning".to_string(),
        };
        let _ = writeln!(
            out,
            "| <a id=\"{}\"></a>`{}` | {} | {} |",
            code.anchor(),
            code.as_str(),
            one_line(code.summary()),
            trigger
        );
    }
    out.push_str(
        "\n## PMH documents (`monshin_wire::ErrorCode`)\n\n\
         Inputs that trigger each are in `crates/monshin-wire/tests/api.rs`.\n\n\
         | code | meaning |\n|---|---|\n",
    );
    for code in monshin_wire::ErrorCode::ALL {
        let _ = writeln!(
            out,
            "| <a id=\"{}\"></a>`{}` | {} |",
            code.as_str().replace('.', "-"),
            code.as_str(),
            one_line(code.message())
        );
    }
    out.push_str(
        "\n## PMH API errors (`monshin_pmh::ServerCode`)\n\n\
         | code | HTTP status |\n|---|---|\n",
    );
    for code in monshin_pmh::ServerCode::ALL {
        let _ = writeln!(
            out,
            "| <a id=\"{}\"></a>`{}` | {} |",
            code.as_str().replace('.', "-"),
            code.as_str(),
            code.status()
        );
    }
    out.push_str(
        "\n## Other families\n\n\
         `lifecycle.*` (`monshin_lifecycle::LifecycleError::code`), the PMH client's `pmh.*` \
         and `token.*` (`monshin_pmh::Error::code`) and `sandbox.*` \
         (`monshin_pmh_sandbox::SandboxError::code`) document each code and a triggering input \
         on their variants. Expression and pattern errors appear as the `detailCode` of \
         `definition.bad-expression` and `definition.bad-pattern`: `expr.*` \
         (`monshin_expr::ExprErrorCode`) and `pattern.*` (`monshin_pattern::PatternErrorCode`).\n\n",
    );
    out.push_str(include_str!("../../../docs/renamed-codes.part"));
    out
}

#[test]
fn codes_table_is_current_and_complete() {
    let text = generate();
    let path = root().join("docs/codes.md");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &text).expect("write docs/codes.md");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "docs/codes.md is stale: run `UPDATE_EXPECT=1 cargo test -p monshin-cli --test codes_table`"
    );
    // Every code is in the table once, under one naming scheme.
    let mut all: Vec<&str> = FindingCode::ALL.iter().map(|c| c.as_str()).collect();
    all.extend(monshin_wire::ErrorCode::ALL.iter().map(|c| c.as_str()));
    all.extend(monshin_pmh::ServerCode::ALL.iter().map(|c| c.as_str()));
    for code in &all {
        let (family, name) = code.split_once('.').unwrap_or_default();
        assert!(
            !family.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{code} is not family.kebab-name"
        );
        assert_eq!(
            committed
                .matches(&format!(
                    "| <a id=\"{}\"></a>`{code}`",
                    code.replace('.', "-")
                ))
                .count(),
            1,
            "{code}"
        );
    }
    // Findings and document errors each have a corpus case that triggers them.
    let cases = corpus();
    for code in FindingCode::ALL {
        if code.is_finding() || code.family() == "document" {
            assert!(
                corpus_case(&cases, code.as_str()).is_some(),
                "{code} has no corpus case"
            );
        }
    }
}

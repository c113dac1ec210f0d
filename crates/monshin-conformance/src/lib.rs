//! The conformance corpus of `tests/corpus/`: loading cases and running them through monshin.
//!
//! Each `*.json` file under `tests/corpus/` (except `forms/`) is one case: a definition (by
//! name or inline), an input (answers or a definition to lint), a mode, and the expected
//! findings or error. The test `tests/corpus.rs` runs every case; other tests (JSON Schema
//! export agreement, fuzz seeds) reuse [`load_cases`]. See `tests/corpus/README.md`.

#![forbid(unsafe_code)]

pub mod catalogue;

use std::path::{Path, PathBuf};

pub mod inputs;

/// The Rust example of the top-level `README.md`, compiled and run by `cargo test` as a
/// doctest (the README's other examples: `crates/monshin-py/tests/test_readme.py`,
/// `wasm/test/package.test.mjs`, `crates/monshin-server/tests/readme.rs`).
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeExamples;

use monshin_core::{AnswerSet, CompiledForm, Finding, Limits, Mode, Options};
use monshin_expr::Date;
use serde::Deserialize;
use serde_json::Value;

/// One expected finding; only the keys present are compared.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Expected {
    /// Finding code.
    pub code: String,
    /// Master ID, if compared.
    #[serde(default)]
    pub master_id: Option<String>,
    /// Seq, if compared.
    #[serde(default)]
    pub seq: Option<u32>,
    /// `error` or `warning`, if compared.
    #[serde(default)]
    pub severity: Option<String>,
    /// Detail code (constraint or expression code), if compared.
    #[serde(default)]
    pub detail_code: Option<String>,
    /// Page, if compared.
    #[serde(default)]
    pub page: Option<u32>,
    /// JSON Pointer into the answer set, if compared (`/answers/3/id`).
    #[serde(default)]
    pub pointer: Option<String>,
}

/// A corpus case as written on disk.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Case {
    /// What the case shows.
    pub description: String,
    /// `validate` (default), `lint`, `normalize` or `inputs` (a table of typed answers).
    #[serde(default = "default_kind")]
    pub kind: String,
    /// A form in `tests/corpus/forms/<name>.form.json`, or a bundled form name.
    #[serde(default)]
    pub form: Option<String>,
    /// An inline definition.
    #[serde(default)]
    pub definition: Option<Value>,
    /// A definition given as raw text (for malformed input).
    #[serde(default)]
    pub definition_text: Option<String>,
    /// `draft` or `complete`.
    #[serde(default)]
    pub mode: Option<String>,
    /// The date `today()` means; default 2026-04-01.
    #[serde(default)]
    pub today: Option<String>,
    /// The answer set.
    #[serde(default)]
    pub answers: Option<Value>,
    /// The answer set as raw text (for malformed input).
    #[serde(default)]
    pub answers_text: Option<String>,
    /// Expected findings, in report order.
    #[serde(default)]
    pub expect: Option<Vec<Expected>>,
    /// Expected document-level error code.
    #[serde(default)]
    pub expect_error: Option<String>,
    /// For `normalize`: the answer set after normalisation.
    #[serde(default)]
    pub expect_normalized: Option<Value>,
    /// For `normalize`: the rule codes of each change, in order.
    #[serde(default)]
    pub expect_rules: Option<Vec<Vec<String>>>,
    /// For `inputs`: the typed answers, each a case of its own.
    #[serde(default)]
    pub rows: Option<Vec<inputs::InputRow>>,
    /// For `catalogue`: an inline catalogue (default: the bundled `catalogue.json`).
    #[serde(default)]
    pub catalogue: Option<Value>,
    /// For `catalogue`: a PMH list response (vaccination list, form list or child check-up
    /// list).
    #[serde(default)]
    pub list: Option<Value>,
    /// For `catalogue` with a form list: the vaccination list it is joined with.
    #[serde(default)]
    pub vaccinations: Option<Value>,
    /// For `catalogue`: each entry's expected resolution, in list order.
    #[serde(default)]
    pub expect_resolved: Option<Vec<catalogue::ExpectedResolution>>,
    /// Lower limits for this case (to reach size errors with small files).
    #[serde(default)]
    pub limits: Option<CaseLimits>,
}

/// Limits a case may lower.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CaseLimits {
    /// [`Limits::max_answers_bytes`].
    #[serde(default)]
    pub max_answers_bytes: Option<usize>,
    /// [`Limits::max_definition_bytes`].
    #[serde(default)]
    pub max_definition_bytes: Option<usize>,
    /// [`Limits::max_answers`].
    #[serde(default)]
    pub max_answers: Option<usize>,
}

fn default_kind() -> String {
    "validate".into()
}

/// The corpus folder.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

/// Every case file, sorted, with its parsed case.
pub fn load_cases() -> Vec<(PathBuf, Result<Case, String>)> {
    let mut files = Vec::new();
    collect(&corpus_dir(), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let case = std::fs::read(&p)
                .map_err(|e| e.to_string())
                .and_then(|b| serde_json::from_slice::<Case>(&b).map_err(|e| e.to_string()));
            (p, case)
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "forms") {
                collect(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// What running a case produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Findings of a validation or lint.
    Findings(Vec<Finding>),
    /// A document-level error code.
    Error(String),
    /// Normalised answers and the rules of each change.
    Normalized(Value, Vec<Vec<String>>),
    /// Each list entry's resolution through the catalogue.
    Resolved(Vec<catalogue::ExpectedResolution>),
    /// What became of each row of an `inputs` table.
    Inputs(Vec<inputs::InputOutcome>),
}

impl Outcome {
    /// Every finding of the outcome (for the coverage of finding codes).
    pub fn findings(&self) -> Vec<&Finding> {
        match self {
            Outcome::Findings(f) => f.iter().collect(),
            Outcome::Inputs(rows) => rows.iter().flat_map(|r| &r.findings).collect(),
            _ => Vec::new(),
        }
    }
}

impl Case {
    /// The definition bytes of this case.
    pub fn definition_bytes(&self) -> Result<Vec<u8>, String> {
        if let Some(t) = &self.definition_text {
            return Ok(t.as_bytes().to_vec());
        }
        if let Some(d) = &self.definition {
            return serde_json::to_vec(d).map_err(|e| e.to_string());
        }
        let name = self
            .form
            .as_deref()
            .ok_or("case has no form or definition")?;
        let path = corpus_dir().join("forms").join(format!("{name}.form.json"));
        if let Ok(b) = std::fs::read(&path) {
            return Ok(b);
        }
        monshin_forms::by_name(name)
            .map(|b| b.definition.as_bytes().to_vec())
            .ok_or_else(|| format!("no form named {name}"))
    }

    /// The answer bytes of this case.
    pub fn answer_bytes(&self) -> Result<Vec<u8>, String> {
        if let Some(t) = &self.answers_text {
            return Ok(t.as_bytes().to_vec());
        }
        let a = self.answers.as_ref().ok_or("case has no answers")?;
        serde_json::to_vec(a).map_err(|e| e.to_string())
    }

    /// The validation options of this case.
    pub fn options(&self) -> Result<Options, String> {
        let today =
            Date::parse(self.today.as_deref().unwrap_or("2026-04-01")).ok_or("bad today")?;
        let mode = match self.mode.as_deref() {
            None | Some("draft") => Mode::Draft,
            Some("complete") => Mode::Complete,
            Some(m) => return Err(format!("unknown mode {m}")),
        };
        Ok(Options { mode, today })
    }

    /// The limits of this case: the defaults, lowered where the case says.
    pub fn limits(&self) -> Limits {
        let mut limits = Limits::default();
        if let Some(l) = &self.limits {
            if let Some(v) = l.max_answers_bytes {
                limits.max_answers_bytes = v;
            }
            if let Some(v) = l.max_definition_bytes {
                limits.max_definition_bytes = v;
            }
            if let Some(v) = l.max_answers {
                limits.max_answers = v;
            }
        }
        limits
    }

    /// Run the case.
    pub fn run(&self) -> Result<Outcome, String> {
        let limits = self.limits();
        if self.kind == "catalogue" {
            let list = self.list.as_ref().ok_or("a catalogue case needs `list`")?;
            return catalogue::run(self.catalogue.as_ref(), list, self.vaccinations.as_ref())
                .map(Outcome::Resolved);
        }
        let def = self.definition_bytes()?;
        if self.kind == "lint" {
            return Ok(match monshin_core::lint(&def, &limits) {
                Ok(f) => Outcome::Findings(f),
                Err(e) => Outcome::Error(e.code().as_str().into()),
            });
        }
        let form = match CompiledForm::from_json(&def, &limits) {
            Ok(f) => f,
            Err(e) => return Ok(Outcome::Error(e.code().as_str().into())),
        };
        match self.kind.as_str() {
            "validate" => Ok(
                match form.validate_json(&self.answer_bytes()?, &self.options()?) {
                    Ok(r) => Outcome::Findings(r.into_findings()),
                    Err(e) => Outcome::Error(e.code().as_str().into()),
                },
            ),
            "normalize" => {
                let mut set = match AnswerSet::from_json(&self.answer_bytes()?, &limits) {
                    Ok(s) => s,
                    Err(e) => return Ok(Outcome::Error(e.code().as_str().into())),
                };
                let changes = form.normalize(&mut set);
                let rules = changes
                    .iter()
                    .map(|c| c.rules.iter().map(|r| r.as_str().to_string()).collect())
                    .collect();
                Ok(Outcome::Normalized(
                    serde_json::to_value(&set).map_err(|e| e.to_string())?,
                    rules,
                ))
            }
            "inputs" => {
                let rows = self.rows.as_deref().ok_or("case has no `rows`")?;
                Ok(Outcome::Inputs(inputs::run(&form, rows, &self.options()?)))
            }
            k => Err(format!("unknown kind {k}")),
        }
    }

    /// How many cases this file holds: its rows for `inputs`, else 1.
    pub fn count(&self) -> usize {
        self.rows.as_ref().map_or(1, Vec::len)
    }

    /// Compare an outcome with the expectations; `Err` explains the difference.
    pub fn check(&self, outcome: &Outcome) -> Result<(), String> {
        match outcome {
            Outcome::Inputs(got) => inputs::check(self.rows.as_deref().unwrap_or(&[]), got),
            Outcome::Error(code) => match &self.expect_error {
                Some(e) if e == code => Ok(()),
                _ => Err(format!(
                    "got error {code}, expected {:?} / {:?}",
                    self.expect_error, self.expect
                )),
            },
            Outcome::Findings(found) => {
                if let Some(e) = &self.expect_error {
                    return Err(format!(
                        "expected error {e}, got findings {:?}",
                        summarize(found)
                    ));
                }
                let expect = self.expect.as_deref().ok_or("case has no `expect`")?;
                let ok = expect.len() == found.len()
                    && expect.iter().zip(found).all(|(e, f)| matches(e, f));
                if ok {
                    Ok(())
                } else {
                    Err(format!(
                        "expected {:?}\n   got {:?}",
                        expect,
                        summarize(found)
                    ))
                }
            }
            Outcome::Resolved(got) => {
                let expect = self
                    .expect_resolved
                    .as_ref()
                    .ok_or("case has no `expectResolved`")?;
                if expect == got {
                    Ok(())
                } else {
                    Err(format!("expected {expect:?}\n   got {got:?}"))
                }
            }
            Outcome::Normalized(set, rules) => {
                if self.expect_normalized.as_ref() != Some(set) {
                    return Err(format!(
                        "normalised to {set}, expected {:?}",
                        self.expect_normalized
                    ));
                }
                if self.expect_rules.as_ref().is_some_and(|r| r != rules) {
                    return Err(format!("rules {rules:?}, expected {:?}", self.expect_rules));
                }
                Ok(())
            }
        }
    }
}

/// Whether a finding meets an expectation.
pub fn matches(e: &Expected, f: &Finding) -> bool {
    let sev = if f.is_error() { "error" } else { "warning" };
    e.code == f.code.as_str()
        && e.master_id
            .as_ref()
            .is_none_or(|m| f.location.master_id.as_ref() == Some(m))
        && e.seq.is_none_or(|s| f.location.seq.map(|x| x.0) == Some(s))
        && e.severity.as_ref().is_none_or(|s| s == sev)
        && e.detail_code
            .as_ref()
            .is_none_or(|d| f.detail_code.as_ref() == Some(d))
        && e.page
            .is_none_or(|p| f.location.page.map(|x| x.0) == Some(p))
        && e.pointer
            .as_ref()
            .is_none_or(|p| f.location.pointer.as_ref() == Some(p))
}

/// A compact description of findings for failure messages.
pub fn summarize(found: &[Finding]) -> Vec<String> {
    found
        .iter()
        .map(|f| {
            format!(
                "{} {} seq={:?} {}",
                f.code,
                f.location.master_id.as_deref().unwrap_or("-"),
                f.location.seq.map(|s| s.0),
                f.location.pointer.as_deref().unwrap_or("")
            )
        })
        .collect()
}

/// The variable that makes every expectation test of the workspace rewrite its expectations
/// (corpus cases and summary, goldens, generated schemas and types, insta snapshots) instead
/// of comparing: `UPDATE_EXPECT=1 cargo test`.
pub const UPDATE_VARIABLE: &str = "UPDATE_EXPECT";

/// Whether [`UPDATE_VARIABLE`] is set.
pub fn updating() -> bool {
    std::env::var_os(UPDATE_VARIABLE).is_some()
}

impl Case {
    /// For a `validate` case: whether the early-exit check `is_valid_json` agrees with the
    /// full validation (`true` exactly when there is no document error and no error finding).
    pub fn check_shortcut(&self, outcome: &Outcome) -> Result<(), String> {
        if self.kind != "validate" {
            return Ok(());
        }
        let form = match CompiledForm::from_json(&self.definition_bytes()?, &self.limits()) {
            Ok(f) => f,
            Err(_) => return Ok(()),
        };
        let full = matches!(outcome, Outcome::Findings(f) if !f.iter().any(Finding::is_error));
        let shortcut = form.is_valid_json(&self.answer_bytes()?, &self.options()?);
        if shortcut == full {
            Ok(())
        } else {
            Err(format!(
                "is_valid_json says {shortcut}, validate_json says {full}"
            ))
        }
    }

    /// The case file `text` with its expectations replaced by those `outcome` meets (bless
    /// mode). Other top-level members are kept as written (they start on lines indented by two
    /// spaces, as in every corpus file); expected findings keep code, master ID and seq, one
    /// per line.
    pub fn blessed(text: &str, outcome: &Outcome) -> String {
        const EXPECTATIONS: &[&str] = &[
            "\"expect\"",
            "\"expectError\"",
            "\"expectNormalized\"",
            "\"expectRules\"",
        ];
        let compact = |v: &Value| serde_json::to_string(v).unwrap_or_default();
        let new: Vec<String> = match outcome {
            // Each row of an `inputs` table and each entry of a `catalogue` case is its own
            // expectation, written by hand: a failing one is reported, never rewritten.
            Outcome::Inputs(_) | Outcome::Resolved(_) => return text.to_string(),
            Outcome::Findings(found) => {
                let rows: Vec<String> = found
                    .iter()
                    .map(|f| {
                        let mut e = vec![format!("\"code\": {}", compact(&f.code.as_str().into()))];
                        if let Some(m) = &f.location.master_id {
                            e.push(format!("\"masterId\": {}", compact(&m.to_string().into())));
                        }
                        if let Some(s) = f.location.seq {
                            e.push(format!("\"seq\": {}", s.0));
                        }
                        format!("    {{{}}}", e.join(", "))
                    })
                    .collect();
                if rows.is_empty() {
                    vec!["  \"expect\": []".into()]
                } else {
                    vec![format!("  \"expect\": [\n{}\n  ]", rows.join(",\n"))]
                }
            }
            Outcome::Error(code) => vec![format!(
                "  \"expectError\": {}",
                compact(&code.as_str().into())
            )],
            Outcome::Normalized(set, rules) => vec![
                format!(
                    "  \"expectNormalized\": {}",
                    serde_json::to_string_pretty(set)
                        .unwrap_or_default()
                        .replace('\n', "\n  ")
                ),
                format!(
                    "  \"expectRules\": {}",
                    serde_json::to_string(rules).unwrap_or_default()
                ),
            ],
        };
        // Split the object's body into top-level members.
        let body: Vec<&str> = text.trim_end().lines().collect();
        let inner = body
            .get(1..body.len().saturating_sub(1))
            .unwrap_or_default();
        let mut members: Vec<Vec<&str>> = Vec::new();
        for line in inner {
            let starts_member = line.starts_with("  \"") && !line.starts_with("   ");
            match members.last_mut() {
                Some(m) if !starts_member => m.push(line),
                _ => members.push(vec![line]),
            }
        }
        let mut out: Vec<String> = members
            .iter()
            .filter(|m| {
                let first = m.first().map(|l| l.trim_start()).unwrap_or_default();
                !EXPECTATIONS
                    .iter()
                    .any(|k| first.starts_with(&format!("{k}:")))
            })
            .map(|m| m.join("\n").trim_end_matches(',').to_string())
            .collect();
        out.extend(new);
        format!("{{\n{}\n}}\n", out.join(",\n"))
    }

    /// One line of the corpus summary: what the case produced.
    pub fn summary_line(outcome: &Outcome) -> String {
        match outcome {
            Outcome::Findings(found) if found.is_empty() => "no findings".into(),
            Outcome::Findings(found) => found
                .iter()
                .map(|f| {
                    let mut line = f.code.as_str().to_string();
                    if let Some(m) = &f.location.master_id {
                        line.push_str(&format!(" {m}"));
                    }
                    if let Some(s) = f.location.seq {
                        line.push_str(&format!("#{}", s.0));
                    }
                    line
                })
                .collect::<Vec<_>>()
                .join("; "),
            Outcome::Error(code) => format!("error {code}"),
            Outcome::Normalized(_, rules) => format!("normalized {rules:?}"),
            Outcome::Resolved(found) => found
                .iter()
                .map(|r| match (&r.definition, &r.no_form) {
                    (Some(d), _) => format!("{} -> {d} {:?}", r.pmh_id, r.params),
                    (None, Some(code)) => format!("{} -> {code}", r.pmh_id),
                    (None, None) => format!("{} -> ?", r.pmh_id),
                })
                .collect::<Vec<_>>()
                .join("; "),
            Outcome::Inputs(rows) => rows
                .iter()
                .map(|r| {
                    let codes: Vec<&str> = r.findings.iter().map(|f| f.code.as_str()).collect();
                    format!("{} {:?} {:?}", r.value, r.rules, codes)
                })
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

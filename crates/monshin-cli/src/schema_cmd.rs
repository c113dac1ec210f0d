//! `monshin schema FORM`: print the JSON Schema (2020-12) of the form's answer sets.
//!
//! The schema comes from `monshin-jsonschema`; `--mode` picks the rules it mirrors (draft,
//! complete, or complete only for `status: "answered"`), `--coverage` prints instead which
//! finding codes the schema can express.

use std::io::{self, Write};

use clap::ValueEnum;
use monshin_core::Definition;
use monshin_jsonschema::{export, Rules, SchemaOptions};

/// Which validation mode the exported schema mirrors.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum SchemaMode {
    /// Draft rules (as `monshin validate`).
    Draft,
    /// Complete rules (as `monshin validate --complete`).
    Complete,
    /// Draft rules, complete rules when `status` is `answered`.
    ByStatus,
}

/// The text to print: the pretty schema, or the coverage table with `coverage`.
pub(crate) fn render(def: &Definition, mode: SchemaMode, coverage: bool) -> String {
    if coverage {
        let mut out = String::from("finding codes the exported schema can express:\n");
        for (code, how) in monshin_jsonschema::expressible_codes() {
            out.push_str(&format!("  {code:<26} {how}\n"));
        }
        out.push_str(
            "not expressed: out-of-range (values are strings), constraint-failed, \
             calculated-mismatch, conditions on numbers, dates, text or inside groups\n",
        );
        return out;
    }
    let rules = match mode {
        SchemaMode::Draft => Rules::Draft,
        SchemaMode::Complete => Rules::Complete,
        SchemaMode::ByStatus => Rules::ByStatus,
    };
    let options = SchemaOptions {
        rules,
        ..SchemaOptions::default()
    };
    let schema = export(def, &options).schema;
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// Print `text` and a newline on standard output; a closed pipe (`| head`) is not an error.
pub(crate) fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

//! The peer inputs: the same forms and answer documents for monshin and its peers (jsonschema-rs,
//! ajv), generated outside the repository by the peer harness (`gen.py --out DIR`, then
//! `to_monshin.py --data DIR`). `BENCHMARKS.md` section (h) says how to make them.
//!
//! For a size `n0050` … `n5000`, DIR holds the neutral answer document `doc-NAME.json` and its
//! JSON Schemas `schema-NAME.grouped.json` (fastest in jsonschema-rs) and
//! `schema-NAME.oneof.json` (fastest in ajv); `DIR/monshin/` holds the same form as a monshin
//! definition (`form-NAME.form.json`) and the same answers in monshin's format
//! (`doc-NAME.json`).

use std::path::{Path, PathBuf};

use monshin_core::Limits;

/// The sizes the harness generates (answers per document).
pub const SIZES: [&str; 4] = ["n0050", "n0200", "n1000", "n5000"];

/// One size of the peer inputs, read into memory.
pub struct PeerInputs {
    /// The monshin definition (JSON).
    pub form: Vec<u8>,
    /// The answer document in monshin's format.
    pub doc: Vec<u8>,
    /// The same answers in the harness's neutral format (what the schemas describe).
    pub neutral_doc: Vec<u8>,
    /// JSON Schema, `grouped` encoding (jsonschema-rs's fastest).
    pub grouped_schema: Vec<u8>,
}

/// Why the peer inputs could not be read (the path, never the content).
#[derive(Debug)]
pub struct MissingInput(pub PathBuf);

impl std::fmt::Display for MissingInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot read {} (generate the peer inputs: see BENCHMARKS.md section (h))",
            self.0.display()
        )
    }
}

fn read(path: PathBuf) -> Result<Vec<u8>, MissingInput> {
    std::fs::read(&path).map_err(|_| MissingInput(path))
}

/// `to_monshin.py` writes the form's identity as a top-level `formId`, which monshin's formats
/// spell `id` (definitions) and `definition` (answer sets): the first `"formId"` of the text
/// (the top-level key, written before any nested object) is renamed to `key`.
pub fn rename_form_id(text: &[u8], key: &str) -> Vec<u8> {
    const FROM: &[u8] = b"\"formId\"";
    match text.windows(FROM.len()).position(|w| w == FROM) {
        Some(at) => {
            let mut out = Vec::with_capacity(text.len() + key.len());
            out.extend_from_slice(&text[..at]);
            out.extend_from_slice(format!("\"{key}\"").as_bytes());
            out.extend_from_slice(&text[at + FROM.len()..]);
            out
        }
        None => text.to_vec(),
    }
}

impl PeerInputs {
    /// Reads size `name` (e.g. `n0050`) from the harness output directory `dir`.
    pub fn load(dir: &Path, name: &str) -> Result<PeerInputs, MissingInput> {
        Ok(PeerInputs {
            form: rename_form_id(
                &read(dir.join("monshin").join(format!("form-{name}.form.json")))?,
                "id",
            ),
            doc: rename_form_id(
                &read(dir.join("monshin").join(format!("doc-{name}.json")))?,
                "definition",
            ),
            neutral_doc: read(dir.join(format!("doc-{name}.json")))?,
            grouped_schema: read(dir.join(format!("schema-{name}.grouped.json")))?,
        })
    }
}

/// The harness's NDJSON batch of the 50-answer form (1,000 sets, about a tenth invalid): the
/// monshin lines (`formId` renamed to `definition` on every line), the neutral lines, and
/// whether each line is valid (`batch-n0050.expected.ndjson`).
pub struct PeerBatch {
    /// The batch in monshin's answer-set format.
    pub monshin: Vec<u8>,
    /// The same sets in the neutral format.
    pub neutral: Vec<u8>,
    /// Line by line: valid or not.
    pub expected_valid: Vec<bool>,
}

impl PeerBatch {
    /// Reads the batch from the harness output directory `dir`.
    pub fn load(dir: &Path) -> Result<PeerBatch, MissingInput> {
        let mut monshin = Vec::new();
        for line in read(dir.join("monshin").join("batch-n0050.ndjson"))?.split(|&b| b == b'\n') {
            if !line.is_empty() {
                monshin.extend_from_slice(&rename_form_id(line, "definition"));
                monshin.push(b'\n');
            }
        }
        let expected_path = dir.join("batch-n0050.expected.ndjson");
        let expected = read(expected_path.clone())?;
        let expected_valid = expected
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| {
                serde_json::from_slice::<serde_json::Value>(l)
                    .ok()
                    .and_then(|v| v["valid"].as_bool())
                    .ok_or_else(|| MissingInput(expected_path.clone()))
            })
            .collect::<Result<Vec<bool>, MissingInput>>()?;
        Ok(PeerBatch {
            monshin,
            neutral: read(dir.join("batch-n0050.ndjson"))?,
            expected_valid,
        })
    }
}

/// Limits that load every peer form: the 5,000-answer form has 615 pages, above the default
/// of 200 (raisable up to its ceiling, see `crates/monshin-core/src/limits.rs`).
pub fn peer_limits() -> Limits {
    let mut limits = Limits::default();
    // 1,000 is within the ceiling of `pages`: this cannot fail.
    let _ = limits.raise("pages", 1000);
    limits
}

//! `--limit NAME=VALUE` and `--limits-file FILE`: the reading limits of this run, from the
//! defaults raised (or lowered) by a JSON file and then by flags, each up to its hard ceiling
//! (`monshin_core::Limits::raise`). Errors name the limit or the file position, never a key
//! or value the user wrote.

use std::collections::BTreeMap;
use std::path::Path;

use monshin_core::Limits;

use crate::Fatal;

/// Largest limits file read.
const MAX_FILE_BYTES: usize = 64 << 10;

/// The limits of this run.
pub(crate) fn limits(file: Option<&Path>, flags: &[String]) -> Result<Limits, Fatal> {
    let mut limits = Limits::default();
    if let Some(path) = file {
        let bytes = crate::input::read_path(path, "--limits-file", MAX_FILE_BYTES)?;
        let settings: BTreeMap<String, u64> = serde_json::from_slice(&bytes).map_err(|e| {
            Fatal::new(
                monshin_core::FindingCode::CliBadArgument,
                format!(
                "{}:{}:{}: expected a JSON object of limit names to whole numbers (limits.file)",
                "--limits-file",
                e.line(),
                e.column()
            ),
            )
        })?;
        for (name, value) in settings {
            limits.raise(&name, value).map_err(|e| {
                Fatal::new(
                    monshin_core::FindingCode::CliBadArgument,
                    format!("{}: {e} ({})", "--limits-file", e.code()),
                )
            })?;
        }
    }
    limits
        .raise_all(flags.iter().map(String::as_str))
        .map_err(|e| {
            Fatal::new(
                monshin_core::FindingCode::CliBadArgument,
                format!("{e} ({}); names: {}", e.code(), Limits::NAMES),
            )
        })?;
    Ok(limits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> std::path::PathBuf {
        let path =
            std::env::temp_dir().join(format!("monshin-limits-{}-{name}", std::process::id()));
        std::fs::write(&path, text).expect("write");
        path
    }

    #[test]
    fn a_file_then_flags_set_the_limits() {
        let path = file("ok.json", r#"{"pages": 300, "items": 20000}"#);
        let l = limits(Some(&path), &["pages=400".to_owned()]).expect("limits");
        assert_eq!((l.max_pages, l.max_items), (400, 20_000));
    }

    #[test]
    fn bad_files_name_a_position_never_a_key_or_value() {
        let path = file("bad.json", r#"{"pages": "SENTINEL-値"}"#);
        let Err(err) = limits(Some(&path), &[]) else {
            panic!("refused")
        };
        assert!(
            err.0.message.contains("limits.file") && !err.0.message.contains("SENTINEL"),
            "{}",
            err.0.message
        );
        let path = file("unknown.json", r#"{"SENTINEL-名": 3}"#);
        let Err(err) = limits(Some(&path), &[]) else {
            panic!("refused")
        };
        assert!(
            err.0.message.contains("limit.unknown") && !err.0.message.contains("SENTINEL"),
            "{}",
            err.0.message
        );
        let path = file("high.json", r#"{"pages": 99999}"#);
        let Err(err) = limits(Some(&path), &[]) else {
            panic!("refused")
        };
        assert!(
            err.0.message.contains("limit.above-ceiling"),
            "{}",
            err.0.message
        );
    }
}

//! `monshin lint FORM [--fragments DIR]…`: a form as written (parameters and includes
//! resolved against the bundled fragments and those in each DIR), then the expanded
//! definition's lint findings, each with the sites it was written at — the fragment and the
//! include in the form.

use std::path::{Path, PathBuf};

use monshin_core::fragment::{expand, Fragments};
use monshin_core::{Definition, Limits};

use crate::{print_findings, read, Fatal, Format};

/// The source of a bundled form, or the file at `form`.
fn read_source(form: &str) -> Result<Vec<u8>, Fatal> {
    let path = Path::new(form);
    if !path.exists() {
        if let Some(b) = monshin_forms::by_name(form) {
            return Ok(b.source.as_bytes().to_vec());
        }
    }
    read(path, "FORM")
}

/// The bundled fragments and every `*.fragment.json` in `dirs`.
fn fragments(dirs: &[PathBuf], limits: &Limits) -> Result<Fragments, Fatal> {
    let mut set = Fragments::new();
    let mut texts: Vec<(String, Vec<u8>)> = monshin_forms::FRAGMENTS
        .iter()
        .map(|t| ("bundled fragment".to_owned(), t.as_bytes().to_vec()))
        .collect();
    for dir in dirs {
        let entries = std::fs::read_dir(dir).map_err(|e| Fatal::io("read", "--fragments", &e))?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".fragment.json"))
            .collect();
        paths.sort();
        for p in paths {
            texts.push((p.display().to_string(), read(&p, "fragment")?));
        }
    }
    for (_, bytes) in texts {
        set.insert_json(&bytes, limits).map_err(Fatal::from)?;
    }
    Ok(set)
}

/// Runs `monshin lint`.
pub(crate) fn run(
    form: &str,
    dirs: &[PathBuf],
    format: Format,
    limits: &Limits,
) -> Result<bool, Fatal> {
    let source = read_source(form)?;
    let set = fragments(dirs, limits)?;
    let expansion = expand(&source, &set, &Default::default(), limits).map_err(Fatal::from)?;
    for f in &expansion.findings {
        eprintln!("{f}");
    }
    let Some(def) = &expansion.definition else {
        return Ok(false);
    };
    let bytes = serde_json::to_vec(def)?;
    let findings = monshin_core::lint(&bytes, limits)?;
    print_findings(&findings, Some::<&Definition>(def), format);
    if format == Format::Human {
        for f in &findings {
            let sites = expansion.sites_of(f);
            if sites.iter().any(|s| s.document != "form") {
                let shown: Vec<String> = sites.iter().map(ToString::to_string).collect();
                outp!(
                    "  {} {}: written at {}\n",
                    f.code,
                    f.location,
                    shown.join(", included from ")
                );
            }
        }
    }
    let ok =
        !findings.iter().any(|f| f.is_error()) && !expansion.findings.iter().any(|f| f.is_error());
    Ok(ok)
}

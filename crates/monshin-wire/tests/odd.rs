//! Odd PMH documents: every file under `tests/odd/<kind>/` holds a value the guideline's
//! 「など」 leaves room for, a withheld 基本５情報 field, or an ISO 5218 性別 — and is read all
//! the same. Its `.findings` file lists the expected read findings (code and JSON Pointer, in
//! document order). Each case must: read tolerantly with exactly those findings; fail a strict
//! read with the first of them (or read strictly when it has none); keep every odd value when
//! encoded again; and never show an odd value (each starts with `SENTINEL`) in `Debug` or in a
//! finding. Every open field and both finding codes need a case.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use monshin_wire::{
    encode, read, ChildCheckupList, ChildFormAnswers, DocumentKind, ErrorCode, PrenatalCheckupList,
    ReadOptions, VaccinationFormAnswers, VaccinationFormList, VaccinationList, WireDocument,
};
use serde_json::Value;

fn odd_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/odd")
}

fn expected_findings(json: &Path) -> Vec<String> {
    let text = fs::read_to_string(json.with_extension("findings"))
        .unwrap_or_else(|e| panic!("{}: findings file: {e}", json.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// Checks one file; returns its findings as `code pointer` lines.
fn check<T: WireDocument + std::fmt::Debug>(path: &Path) -> Vec<String> {
    let bytes = fs::read(path).expect("odd file");
    let name = path.display();
    let tolerant = read::<T>(&bytes, &ReadOptions::tolerant())
        .unwrap_or_else(|e| panic!("{name}: not read: {e}"));
    let got: Vec<String> = tolerant
        .findings
        .iter()
        .map(|f| format!("{} {}", f.code, f.path))
        .collect();
    assert_eq!(got, expected_findings(path), "{name}");

    match (
        read::<T>(&bytes, &ReadOptions::strict()),
        tolerant.findings.first(),
    ) {
        (Err(e), Some(first)) => {
            assert_eq!(e.code(), first.code, "{name}");
            assert_eq!(e.path(), Some(&first.path), "{name}");
        }
        (Ok(_), None) => {}
        (result, first) => panic!("{name}: strict {result:?} with first finding {first:?}"),
    }

    // Odd values survive a round trip.
    let again: Value =
        serde_json::from_slice(&encode(&tolerant.document).expect("encodes")).expect("JSON");
    let original: Value = serde_json::from_slice(&bytes).expect("JSON");
    let mut odd = Vec::new();
    sentinels(&original, &mut odd);
    let mut kept = Vec::new();
    sentinels(&again, &mut kept);
    assert_eq!(odd, kept, "{name}: odd values lost in a round trip");

    // … and are never shown.
    let shown = format!(
        "{:?} {:#?} {}",
        tolerant.document,
        tolerant.findings,
        tolerant
            .findings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(!shown.contains("SENTINEL"), "{name}: {shown}");
    got
}

fn sentinels(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.starts_with("SENTINEL") => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| sentinels(i, out)),
        Value::Object(map) => map.values().for_each(|i| sentinels(i, out)),
        _ => {}
    }
}

#[test]
fn odd_documents_are_read_with_their_findings() {
    let mut cases = 0;
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for kind in DocumentKind::ALL {
        let dir = odd_dir().join(kind.name());
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for path in files {
            let found = match kind {
                DocumentKind::VaccinationList => check::<VaccinationList>(&path),
                DocumentKind::VaccinationFormList => check::<VaccinationFormList>(&path),
                DocumentKind::VaccinationFormAnswers => check::<VaccinationFormAnswers>(&path),
                DocumentKind::PrenatalCheckups => check::<PrenatalCheckupList>(&path),
                DocumentKind::ChildCheckups => check::<ChildCheckupList>(&path),
                DocumentKind::ChildFormAnswers => check::<ChildFormAnswers>(&path),
                other => panic!("{}: no odd cases expected for {other:?}", path.display()),
            };
            cases += 1;
            for line in found {
                // The field: the last segment of the pointer, and the code.
                let (code, pointer) = line.split_once(' ').expect("code pointer");
                let field = pointer.rsplit('/').next().unwrap_or_default();
                seen.insert(format!("{code} {field}"));
            }
        }
    }
    assert!(cases >= 9, "only {cases} odd cases");
    let unknown = ErrorCode::UnknownValue.as_str();
    let withheld = ErrorCode::Withheld.as_str();
    for field in [
        "status",
        "enrolled",
        "legalCategory",
        "deliveryMode",
        "visitKind",
        "sex",
    ] {
        assert!(
            seen.contains(&format!("{unknown} {field}")),
            "no odd case for {field}: {seen:?}"
        );
    }
    for field in ["basicFiveInfo", "name", "address", "dateOfBirth", "sex"] {
        assert!(
            seen.contains(&format!("{withheld} {field}")),
            "no withheld case for {field}: {seen:?}"
        );
    }
}

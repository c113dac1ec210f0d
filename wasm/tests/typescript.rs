//! `types/monshin.d.ts` is what the Rust types generate: run with `UPDATE_EXPECT=1` to rewrite
//! it after changing a boundary type, then review the diff.

use std::path::Path;

#[test]
fn declarations_are_current() {
    let generated = monshin_wasm::typescript::declarations().expect("schemas convert");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("types/monshin.d.ts");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &generated).expect("write types/monshin.d.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "types/monshin.d.ts is stale: run `UPDATE_EXPECT=1 cargo test -p monshin-wasm --test typescript`"
    );
}

#[test]
fn declarations_name_every_boundary_type() {
    let ts = monshin_wasm::typescript::declarations().expect("schemas convert");
    for name in [
        "export interface Definition",
        "export interface ItemDef",
        "export interface AnswerSet",
        "export interface Answer ",
        "export interface Finding",
        "export interface Location",
        "export type FindingCode",
        "export interface MonshinError",
        "export interface Change",
        "export interface SessionView",
        "export type Mode",
    ] {
        assert!(ts.contains(name), "missing {name}");
    }
    for code in monshin_core::FindingCode::ALL {
        assert!(ts.contains(&format!("\"{}\"", code.as_str())), "{code}");
    }
}

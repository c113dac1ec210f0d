//! `types/monshin.d.ts` is what the Rust types generate: run with `UPDATE_TYPES=1` to rewrite
//! it after changing a boundary type, then review the diff.

use std::path::Path;

#[test]
fn declarations_are_current() {
    let generated = monshin_wasm::typescript::declarations().expect("schemas convert");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("types/monshin.d.ts");
    if std::env::var_os("UPDATE_TYPES").is_some() {
        std::fs::write(&path, &generated).expect("write types/monshin.d.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "types/monshin.d.ts is stale: run `UPDATE_TYPES=1 cargo test -p monshin-wasm --test typescript`"
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

/// The JSON of a finding crossing the boundary is core's own JSON of it.
#[test]
fn finding_views_serialise_like_core_findings() {
    use monshin_core::{AnswerSet, AnswersDoc, CompiledForm, Limits, Options};
    let limits = Limits::default();
    let mut seen = 0;
    for bundled in monshin_forms::FORMS {
        let form = CompiledForm::from_json(bundled.definition.as_bytes(), &limits).expect("form");
        let mut texts = vec![bundled.draft_answers, bundled.complete_answers];
        texts.extend(bundled.invalid_answers);
        for text in texts {
            let set = AnswerSet::from_json(text.as_bytes(), &limits).expect("answers");
            let today = monshin_expr::Date::from_ymd(2026, 4, 1).expect("date");
            let findings = form
                .validate(&AnswersDoc::from_set(&set), &Options::complete(today))
                .into_findings();
            for f in findings {
                let core = serde_json::to_value(&f).expect("core json");
                let view = serde_json::to_value(monshin_wasm::dto::FindingView::from(f))
                    .expect("view json");
                assert_eq!(core, view);
                seen += 1;
            }
        }
    }
    // Lint findings carry fields and spans.
    let bad = r#"{"formKind":"vaccination","id":"V","title":"t","version":"1","pages":[
        {"number":1,"label":"p","items":[{"id":"A","type":"yes-no","text":"a","enableWhen":"$B = "}]}]}"#;
    for f in monshin_core::lint(bad.as_bytes(), &limits).expect("lint") {
        let core = serde_json::to_value(&f).expect("core json");
        let view =
            serde_json::to_value(monshin_wasm::dto::FindingView::from(f)).expect("view json");
        assert_eq!(core, view);
        seen += 1;
    }
    assert!(seen > 5, "{seen}");
}

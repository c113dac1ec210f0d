//! Every bundled form, and the corpus form with public sources, eligibility kinds and a
//! clinic page, exports to a Questionnaire that imports back to the same definition, which
//! compiles; the export survives JSON serialisation.

use monshin_core::{CompiledForm, Definition, Limits};
use monshin_fhir::{export, import, read_questionnaire, FhirLimits, ImportOptions};

const ELIGIBILITY: &str = include_str!("../../../tests/corpus/forms/eligibility.form.json");

#[test]
fn every_bundled_form_round_trips() {
    assert!(!monshin_forms::FORMS.is_empty());
    let forms = monshin_forms::FORMS
        .iter()
        .map(|f| (f.name, f.definition))
        .chain([("eligibility", ELIGIBILITY)]);
    for (name, text) in forms {
        let def: Definition = serde_json::from_str(text).expect("definition");
        let json = serde_json::to_vec_pretty(&export(&def)).expect("serialise");
        let q = read_questionnaire(&json, &FhirLimits::default()).expect("read back");
        let back = import(&q, &ImportOptions::default());
        let problems: Vec<String> = back.findings.iter().map(ToString::to_string).collect();
        assert!(problems.is_empty(), "{name}: {problems:#?}");
        let mut expected = def.clone();
        expected.schema = None;
        assert_eq!(back.definition, expected, "{name}");
        CompiledForm::compile(back.definition, &Limits::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

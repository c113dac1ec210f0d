//! Every bundled form exports to a Questionnaire that imports back to the same definition,
//! which compiles; the export survives JSON serialisation.

use monshin_core::{CompiledForm, Definition, Limits};
use monshin_fhir::{export, import, read_questionnaire, FhirLimits, ImportOptions};

#[test]
fn every_bundled_form_round_trips() {
    assert!(!monshin_forms::FORMS.is_empty());
    for form in monshin_forms::FORMS {
        let def: Definition = serde_json::from_str(form.definition).expect("bundled definition");
        let json = serde_json::to_vec_pretty(&export(&def)).expect("serialise");
        let q = read_questionnaire(&json, &FhirLimits::default()).expect("read back");
        let back = import(&q, &ImportOptions::default());
        let problems: Vec<String> = back.findings.iter().map(ToString::to_string).collect();
        assert!(problems.is_empty(), "{}: {problems:#?}", form.name);
        let mut expected = def.clone();
        expected.schema = None;
        assert_eq!(back.definition, expected, "{}", form.name);
        CompiledForm::compile(back.definition, &Limits::default())
            .unwrap_or_else(|e| panic!("{}: {e}", form.name));
    }
}

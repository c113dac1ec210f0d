//! Questionnaire import: every item type and the extensions it reads, every enableWhen
//! operator, nesting, findings for what cannot be mapped, the questionnaire lint, XML.

use monshin_core::definition::model::Bound;
use monshin_core::{Definition, ItemDef, ItemType};
use monshin_fhir::{import, read_questionnaire, FhirLimits, IdPolicy, ImportOptions, Imported};

fn load(bytes: &[u8]) -> Imported {
    let q = read_questionnaire(bytes, &FhirLimits::default()).expect("questionnaire");
    import(&q, &ImportOptions::default())
}

fn items(def: &Definition) -> Vec<&ItemDef> {
    def.pages
        .iter()
        .flat_map(|p| &p.items)
        .flat_map(|i| std::iter::once(i).chain(&i.items))
        .collect()
}

fn item<'a>(def: &'a Definition, id: &str) -> &'a ItemDef {
    items(def)
        .into_iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

fn codes_at(imported: &Imported) -> Vec<(String, String)> {
    imported
        .findings
        .iter()
        .map(|f| (f.code.clone(), f.expression.clone()))
        .collect()
}

#[test]
fn item_types_map_to_monshin_types() {
    let imported = load(include_bytes!("fixtures/all-types.questionnaire.json"));
    let def = &imported.definition;
    let expected = [
        ("b", ItemType::YesNo),
        ("dec", ItemType::Decimal),
        ("int", ItemType::Integer),
        ("d", ItemType::Date),
        ("dt", ItemType::Text),
        ("t", ItemType::Text),
        ("s", ItemType::Text),
        ("txt", ItemType::LongText),
        ("u", ItemType::Text),
        ("c", ItemType::SingleChoice),
        ("oc", ItemType::SingleChoice),
        ("mc", ItemType::MultiChoice),
        ("qty", ItemType::Decimal),
        ("names_R", ItemType::Group),
        ("names", ItemType::Text),
        ("e_exists", ItemType::Note),
        ("parent", ItemType::YesNo),
        ("child", ItemType::Text),
    ];
    for (id, t) in expected {
        assert_eq!(item(def, id).item_type, t, "{id}");
    }
}

#[test]
fn constraints_options_and_initial_values_are_read() {
    let imported = load(include_bytes!("fixtures/all-types.questionnaire.json"));
    let def = &imported.definition;
    let dec = item(def, "dec");
    assert_eq!(
        (
            dec.min.clone(),
            dec.max.clone(),
            dec.precision,
            dec.unit.as_deref()
        ),
        (
            Some(Bound::Number(34.0)),
            Some(Bound::Number(42.0)),
            Some(1),
            Some("℃")
        )
    );
    assert_eq!(item(def, "d").min, Some(Bound::Text("2020-01-01".into())));
    let s = item(def, "s");
    assert_eq!(
        (s.min_length, s.max_length, s.pattern.as_deref()),
        (Some(2), Some(20), Some("[a-z]+"))
    );
    assert!(item(def, "t").pattern.is_some() && item(def, "dt").pattern.is_some());
    let c: Vec<(&str, &str)> = item(def, "c")
        .options
        .iter()
        .map(|o| (o.code.as_str(), o.label.as_str()))
        .collect();
    assert_eq!(
        c,
        [("Y", "はい"), ("N", "いいえ"), ("U", "わからない")],
        "contained answerValueSet"
    );
    assert_eq!(
        item(def, "oc").initial.as_deref(),
        Some("blue"),
        "initialSelected"
    );
    assert_eq!(item(def, "b").initial.as_deref(), Some("0"), "initial");
    assert_eq!(item(def, "mc").max_selected, Some(2));
    assert_eq!(
        item(def, "mc").constraints[0].code,
        "fhir-option-exclusive-none"
    );
    let names = item(def, "names_R");
    assert_eq!((names.min_repeat, names.max_repeat), (Some(1), Some(3)));
    assert_eq!(item(def, "qty").unit.as_deref(), Some("kg"));
    assert!(item(def, "int").required);
}

#[test]
fn every_enable_when_operator_becomes_an_expression() {
    let imported = load(include_bytes!("fixtures/all-types.questionnaire.json"));
    let def = &imported.definition;
    let cond = |id: &str| item(def, id).enable_when.clone().unwrap_or_default();
    assert_eq!(cond("e_exists"), "answered($int)");
    assert_eq!(cond("e_ne"), "not answered($c) or not ($c = 'Y')");
    assert_eq!(cond("e_gt"), "$int > 3");
    assert_eq!(cond("e_lt"), "$dec < 37.5");
    assert_eq!(cond("e_ge"), "$d >= @2024-01-01");
    assert_eq!(cond("e_le"), "$int <= 10");
    assert_eq!(cond("e_any"), "($b = true) or (contains($mc, 'a'))");
    assert_eq!(cond("e_all"), "($s = 'yes') and (any($names = 'Taro'))");
    assert_eq!(
        cond("child"),
        "answered($parent)",
        "nested under a question"
    );
}

#[test]
fn what_cannot_be_mapped_is_a_finding_with_its_path() {
    let imported = load(include_bytes!("fixtures/all-types.questionnaire.json"));
    let found = codes_at(&imported);
    for (code, path) in [
        ("fhir.unsupported-item-type", "Questionnaire.item[23]"),
        (
            "fhir.nested-repeating-group",
            "Questionnaire.item[24].item[0]",
        ),
        (
            "fhir.nested-under-question",
            "Questionnaire.item[22].item[0]",
        ),
        ("fhir.read-only", "Questionnaire.item[7].readOnly"),
        ("fhir.type-approximated", "Questionnaire.item[10].type"),
        (
            "fhir.partial-date-bound",
            "Questionnaire.item[3].extension[0]",
        ),
    ] {
        assert!(
            found.contains(&(code.to_string(), path.to_string())),
            "{code} at {path} missing from {found:#?}"
        );
    }
    assert!(imported.has_errors());
}

#[test]
fn xml_and_json_import_to_the_same_definition() {
    let json = load(include_bytes!("fixtures/small.questionnaire.json"));
    let xml = load(include_bytes!("fixtures/small.questionnaire.xml"));
    assert_eq!(json.definition, xml.definition);
    assert_eq!(
        item(&xml.definition, "temp").enable_when.as_deref(),
        Some("$fever = true")
    );
    assert_eq!(
        item(&xml.definition, "kind").item_type,
        ItemType::MultiChoice
    );
    let (form, findings) = xml.compile(&monshin_core::Limits::default());
    assert!(form.is_some(), "{findings:?}");
}

fn lint(q: &str) -> Vec<(String, String)> {
    codes_at(&load(q.as_bytes()))
        .into_iter()
        .filter(|(c, _)| c != "fhir.form-kind-assumed")
        .collect()
}

#[test]
fn questionnaire_lint_finds_what_the_reference_validator_finds() {
    let q = r#"{ "resourceType": "Questionnaire", "id": "x", "item": [
      { "linkId": "a", "type": "boolean", "enableWhen": [
          { "question": "b", "operator": "=", "answerBoolean": true },
          { "question": "nowhere", "operator": "exists", "answerBoolean": true } ] },
      { "linkId": "b", "type": "boolean" },
      { "linkId": "g", "type": "group", "repeats": true,
        "enableWhen": [ { "question": "g1", "operator": "exists", "answerBoolean": true } ],
        "item": [ { "linkId": "g1", "type": "string" } ] },
      { "linkId": "b", "type": "string" },
      { "linkId": "empty", "type": "group" }
    ] }"#;
    let found = lint(q);
    let want = [
        ("fhir.que-12", "Questionnaire.item[0]"),
        ("fhir.enable-when-forward", "Questionnaire.item[0]"),
        (
            "fhir.enable-when-unknown",
            "Questionnaire.item[0].enableWhen[1].question",
        ),
        ("fhir.enable-when-inner", "Questionnaire.item[2]"),
        ("fhir.que-2", "Questionnaire.item[3]"),
        ("fhir.que-1", "Questionnaire.item[4]"),
    ];
    for (code, path) in want {
        assert!(
            found.contains(&(code.into(), path.into())),
            "{code} at {path}: {found:#?}"
        );
    }
}

#[test]
fn link_ids_that_are_not_master_ids_are_findings_unless_positional() {
    let q = r#"{ "resourceType": "Questionnaire", "id": "x", "item": [
      { "linkId": "1.1", "type": "string" }, { "linkId": "ok_1", "type": "string" } ] }"#;
    let found = lint(q);
    assert_eq!(
        found,
        [(
            "fhir.link-id-not-master-id".to_string(),
            "Questionnaire.item[0].linkId".to_string()
        )]
    );
    let parsed = read_questionnaire(q.as_bytes(), &FhirLimits::default()).expect("q");
    let positional = import(
        &parsed,
        &ImportOptions {
            form_kind: None,
            ids: IdPolicy::Tolerant,
        },
    );
    assert!(!positional.has_errors());
    assert_eq!(item(&positional.definition, "L1").text, "");
    assert_eq!(item(&positional.definition, "ok_1").text, "");
}

#[test]
fn malformed_and_oversized_documents_are_errors_with_codes() {
    let limits = FhirLimits {
        max_bytes: 64,
        ..FhirLimits::default()
    };
    let big = format!(
        r#"{{"resourceType":"Questionnaire","title":"{}"}}"#,
        "x".repeat(100)
    );
    assert_eq!(
        read_questionnaire(big.as_bytes(), &limits)
            .unwrap_err()
            .code(),
        "fhir.too-large"
    );
    let wrong = br#"{"resourceType":"Patient"}"#;
    let err = read_questionnaire(wrong, &FhirLimits::default()).unwrap_err();
    assert_eq!(err.code(), "fhir.wrong-resource");
    let bad = br#"{"resourceType":"Questionnaire","item":[{"linkId":"SENTINEL-VALUE","required":"yes"}]}"#;
    let err = read_questionnaire(bad, &FhirLimits::default()).unwrap_err();
    assert_eq!(err.code(), "fhir.malformed");
    assert!(!format!("{err} {err:?}").contains("SENTINEL"));
    let deep = format!(
        r#"{{"resourceType":"Questionnaire","item":[{}]}}"#,
        (0..20).fold(String::new(), |inner, _| format!(
            r#"{{"linkId":"a","type":"group","item":[{inner}]}}"#
        ))
    );
    assert_eq!(
        read_questionnaire(deep.as_bytes(), &FhirLimits::default())
            .unwrap_err()
            .code(),
        "fhir.limit"
    );
    let xml =
        b"<Questionnaire xmlns=\"http://hl7.org/fhir\"><item><linkId value=\"a\"/></Questionnaire>";
    assert_eq!(
        read_questionnaire(xml, &FhirLimits::default())
            .unwrap_err()
            .code(),
        "fhir.malformed"
    );
}

#[test]
fn element_rules_of_r4_are_checked_where_the_elements_are_read() {
    let q = r##"{ "resourceType": "Questionnaire", "id": "x", "item": [
      { "linkId": "d", "type": "display", "required": true, "readOnly": true },
      { "linkId": "g", "type": "group", "initial": [ { "valueString": "x" } ],
        "item": [ { "linkId": "g1", "type": "string" } ] },
      { "linkId": "i", "type": "integer", "maxLength": 3,
        "answerOption": [ { "valueInteger": 1 } ] },
      { "linkId": "c", "type": "choice", "answerValueSet": "#vs",
        "answerOption": [ { "valueCoding": { "code": "a" } } ],
        "initial": [ { "valueCoding": { "code": "a" } } ] },
      { "linkId": "s", "type": "string", "initial": [ { "valueString": "a" }, { "valueString": "b" } ] }
    ] }"##;
    let found = lint(q);
    for (code, path) in [
        ("fhir.que-6", "Questionnaire.item[0]"),
        ("fhir.que-9", "Questionnaire.item[0]"),
        ("fhir.que-8", "Questionnaire.item[1]"),
        ("fhir.que-10", "Questionnaire.item[2].maxLength"),
        ("fhir.que-5", "Questionnaire.item[2]"),
        ("fhir.que-4", "Questionnaire.item[3]"),
        ("fhir.que-11", "Questionnaire.item[3].initial"),
        ("fhir.que-13", "Questionnaire.item[4].initial"),
    ] {
        assert!(
            found.contains(&(code.into(), path.into())),
            "{code} at {path}: {found:#?}"
        );
    }
}

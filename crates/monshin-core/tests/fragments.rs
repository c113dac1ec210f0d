//! Fragments and parameters: a form built from fragments compiles to exactly the compiled form
//! of the same form written out by hand; every bundled source expands to its committed plain
//! definition (`UPDATE_EXPECT=1` rewrites `crates/monshin-forms/forms/*.form.json`); include and
//! parameter problems are findings with sites in the fragment and in the including form.

use std::collections::BTreeMap;
use std::path::Path;

use monshin_core::fragment::{expand, Expansion, Fragments, SourceCode};
use monshin_core::{CompiledForm, Definition, Limits};

fn fragments(texts: &[&str]) -> Fragments {
    let mut set = Fragments::new();
    for text in texts {
        set.insert_json(text.as_bytes(), &Limits::default())
            .expect("fragment parses");
    }
    set
}

fn run(source: &str, set: &Fragments, params: &[(&str, &str)]) -> Expansion {
    let params: BTreeMap<String, String> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    expand(source.as_bytes(), set, &params, &Limits::default()).expect("source is JSON")
}

fn compiled(def: Definition) -> String {
    format!(
        "{:?}",
        CompiledForm::compile(def, &Limits::default()).expect("compiles")
    )
}

const TEMP: &str = r#"{ "fragment": "temperature", "params": { "p": {}, "limit": { "default": "37.5" } },
  "items": [ { "id": "{{p}}TEMP", "type": "decimal", "text": "体温", "precision": 1, "required": true,
    "constraints": [ { "code": "fever", "expr": "${{p}}TEMP < {{limit}}", "message": "{{limit}}℃以上は接種できません" } ] } ] }"#;

const CONSENT_PAGE: &str = r#"{ "fragment": "consent-page", "params": { "p": {}, "who": {} },
  "page": { "label": "{{who}}の同意", "items": [
    { "include": "temperature", "with": { "p": "{{p}}2_" } },
    { "id": "{{p}}CONSENT", "type": "consent", "text": "{{who}}は接種に同意しますか", "required": true } ] } }"#;

const SOURCE: &str = r#"{ "formKind": "vaccination", "id": "v", "title": "予診票（{{dose}}回目）", "version": "1",
  "params": { "dose": { "default": "1" } },
  "pages": [
    { "number": 1, "label": "体温", "items": [
      { "include": "temperature", "with": { "p": "V_", "limit": 37.4 },
        "override": { "V_TEMP": { "help": "{{dose}}回目の接種前に測った体温" } } },
      { "id": "V_DOSE", "type": "integer", "text": "接種回数", "initial": "{{dose}}" } ] },
    { "include": "consent-page", "number": 2, "with": { "p": "V_", "who": "保護者" } } ] }"#;

const BY_HAND: &str = r#"{ "formKind": "vaccination", "id": "v", "title": "予診票（3回目）", "version": "1",
  "pages": [
    { "number": 1, "label": "体温", "items": [
      { "id": "V_TEMP", "type": "decimal", "text": "体温", "precision": 1, "required": true,
        "help": "3回目の接種前に測った体温",
        "constraints": [ { "code": "fever", "expr": "$V_TEMP < 37.4", "message": "37.4℃以上は接種できません" } ] },
      { "id": "V_DOSE", "type": "integer", "text": "接種回数", "initial": "3" } ] },
    { "number": 2, "label": "保護者の同意", "items": [
      { "id": "V_2_TEMP", "type": "decimal", "text": "体温", "precision": 1, "required": true,
        "constraints": [ { "code": "fever", "expr": "$V_2_TEMP < 37.5", "message": "37.5℃以上は接種できません" } ] },
      { "id": "V_CONSENT", "type": "consent", "text": "保護者は接種に同意しますか", "required": true } ] } ] }"#;

#[test]
fn a_form_built_from_fragments_compiles_like_the_form_written_by_hand() {
    let set = fragments(&[TEMP, CONSENT_PAGE]);
    let expansion = run(SOURCE, &set, &[("dose", "3")]);
    assert!(expansion.findings.is_empty(), "{:?}", expansion.findings);
    let built = expansion.definition.expect("expands");
    let by_hand = Definition::clone(
        CompiledForm::from_json(BY_HAND.as_bytes(), &Limits::default())
            .expect("compiles")
            .definition(),
    );
    assert_eq!(built, by_hand);
    assert_eq!(compiled(built), compiled(by_hand));

    // The default dose gives another form: the parameter really is used.
    let default = run(SOURCE, &set, &[]).definition.expect("expands");
    assert_eq!(default.title, "予診票（1回目）");

    // Each item knows where it was written: the fragment, then the include in the form.
    let sites: Vec<String> = expansion.items["V_2_TEMP"]
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        sites,
        [
            "temperature#/items/0",
            "consent-page#/page/items/0",
            "form#/pages/1"
        ]
    );
    assert_eq!(
        expansion.items["V_DOSE"][0].to_string(),
        "form#/pages/0/items/1"
    );
}

fn codes(expansion: &Expansion) -> Vec<&'static str> {
    expansion.findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn include_and_parameter_problems_are_findings_in_both_documents() {
    let set = fragments(&[TEMP, CONSENT_PAGE]);
    let missing = run(
        r#"{ "formKind": "vaccination", "id": "v", "title": "t", "version": "1", "pages": [
          { "number": 1, "label": "l", "items": [ { "include": "nowhere", "with": { "p": "A_" } } ] } ] }"#,
        &set,
        &[],
    );
    assert_eq!(codes(&missing), ["fragment.missing"]);
    assert_eq!(
        missing.findings[0].sites[0].to_string(),
        "form#/pages/0/items/0/include"
    );
    assert!(missing.definition.is_none());

    let cyclic = fragments(&[
        r#"{ "fragment": "a", "items": [ { "include": "b" } ] }"#,
        r#"{ "fragment": "b", "items": [ { "include": "a" } ] }"#,
    ]);
    let cycle = run(
        r#"{ "formKind": "vaccination", "id": "v", "title": "t", "version": "1", "pages": [
          { "number": 1, "label": "l", "items": [ { "include": "a" } ] } ] }"#,
        &cyclic,
        &[],
    );
    assert_eq!(codes(&cycle), ["fragment.cycle"]);
    let sites: Vec<String> = cycle.findings[0]
        .sites
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        sites,
        ["b#/items/0/include", "a#/items/0", "form#/pages/0/items/0"]
    );

    // An unknown parameter value, a missing one, an unused one, an override of nothing.
    let bad = run(
        r#"{ "formKind": "vaccination", "id": "v", "title": "t", "version": "1",
          "params": { "spare": { "default": "x" } }, "pages": [
          { "number": 1, "label": "l", "items": [
            { "include": "temperature", "with": { "q": "A_" }, "override": { "A_GONE": { "text": "x" } } } ] } ] }"#,
        &set,
        &[("dose", "2")],
    );
    let mut found = codes(&bad);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            "fragment.override-unknown",
            "fragment.param-missing",
            "fragment.param-unknown",
            "fragment.param-unknown",
            "fragment.param-unused",
        ]
    );
    let missing_p = bad
        .findings
        .iter()
        .find(|f| f.code == SourceCode::ParamMissing)
        .expect("p has no value");
    let sites: Vec<String> = missing_p.sites.iter().map(ToString::to_string).collect();
    assert_eq!(sites, ["temperature#/params/p", "form#/pages/0/items/0"]);
}

/// Every bundled source expands to its committed plain definition, and both compile alike.
#[test]
fn bundled_sources_expand_to_the_committed_forms() {
    let set = fragments(monshin_forms::FRAGMENTS);
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut used = std::collections::BTreeSet::new();
    for form in monshin_forms::FORMS {
        let expansion = run(form.source, &set, &[]);
        assert!(
            expansion.findings.is_empty(),
            "{}: {:#?}",
            form.name,
            expansion.findings
        );
        let built = expansion.definition.expect("expands");
        for sites in expansion.items.values() {
            used.extend(sites.iter().map(|s| s.document.clone()));
        }
        if update && form.source != form.definition {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../monshin-forms/forms")
                .join(format!("{}.form.json", form.name));
            let text = serde_json::to_string_pretty(&built).expect("serialises") + "\n";
            std::fs::write(path, text).expect("write form");
            continue;
        }
        let committed = Definition::clone(
            CompiledForm::from_json(form.definition.as_bytes(), &Limits::default())
                .expect("compiles")
                .definition(),
        );
        assert_eq!(
            built, committed,
            "{}: rerun with UPDATE_EXPECT=1",
            form.name
        );
        assert_eq!(compiled(built), compiled(committed), "{}", form.name);
    }
    // Every fragment is used by some bundled form.
    for name in set.names() {
        assert!(used.contains(name), "fragment {name} is used by no form");
    }
}

/// Every vaccination entry of the bundled catalogue expands, with its parameters, to a
/// definition that lints clean (no finding of any severity).
#[test]
fn every_catalogue_entry_expands_to_a_lint_clean_form() {
    let set = fragments(monshin_forms::FRAGMENTS);
    let catalogue: serde_json::Value =
        serde_json::from_str(monshin_forms::CATALOGUE).expect("catalogue parses");
    let entries = catalogue["vaccinations"].as_array().expect("vaccinations");
    for (n, entry) in entries.iter().enumerate() {
        let id = entry["definition"]["id"].as_str().expect("definition id");
        let form =
            monshin_forms::by_name(id).unwrap_or_else(|| panic!("entry {n}: no bundled form {id}"));
        let params: Vec<(&str, &str)> = entry
            .get("params")
            .and_then(serde_json::Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.as_str(), v.as_str().expect("parameter text")))
            .collect();
        let expansion = run(form.source, &set, &params);
        assert!(
            expansion.findings.is_empty(),
            "entry {n} ({id}): {:#?}",
            expansion.findings
        );
        let def = expansion.definition.expect("expands");
        let text = serde_json::to_string(&def).expect("serialises");
        let findings = monshin_core::lint(text.as_bytes(), &Limits::default()).expect("lints");
        assert!(findings.is_empty(), "entry {n} ({id}): {findings:#?}");
    }
}

/// The questions every 予診票 asks come from fragments in every bundled 予診票.
#[test]
fn every_bundled_vaccination_form_shares_the_common_fragments() {
    let set = fragments(monshin_forms::FRAGMENTS);
    let common = [
        "vaccination-temperature",
        "vaccination-leaflet",
        "vaccination-unwell-today",
        "vaccination-recent-illness",
        "vaccination-recent-vaccination",
        "vaccination-seizure",
        "vaccination-allergy",
        "vaccination-family-immunodeficiency",
        "vaccination-doctor-and-consent",
        "vaccination-phone",
    ];
    let mut vaccination_forms = 0;
    for form in monshin_forms::FORMS {
        let expansion = run(form.source, &set, &[]);
        let Some(def) = &expansion.definition else {
            panic!("{} does not expand", form.name)
        };
        if def.form_kind != monshin_core::FormKind::Vaccination {
            continue;
        }
        vaccination_forms += 1;
        for fragment in common {
            if NOT_ASKED.contains(&(form.name, fragment)) {
                continue;
            }
            assert!(
                expansion
                    .items
                    .values()
                    .any(|sites| sites[0].document == fragment),
                "{} does not include {fragment}",
                form.name
            );
        }
    }
    assert!(
        vaccination_forms >= 2,
        "{vaccination_forms} vaccination forms"
    );
}

/// Common questions a bundled 予診票 leaves out because the public form it follows does not
/// ask them (its `basedOn`).
const NOT_ASKED: &[(&str, &str)] = &[
    // The MHLW national COVID-19 form asks no question about relatives.
    (
        "vaccination-covid-elderly",
        "vaccination-family-immunodeficiency",
    ),
];

/// A lint finding of the expanded form points into the fragment and at the include.
#[test]
fn lint_findings_of_included_items_have_both_sites() {
    let set = fragments(&[r#"{ "fragment": "bad", "params": { "p": {} },
        "items": [ { "id": "{{p}}X", "type": "yes-no", "text": "x", "enableWhen": "$NOWHERE = true" } ] }"#]);
    let expansion = run(
        r#"{ "formKind": "vaccination", "id": "v", "title": "t", "version": "1", "pages": [
          { "number": 1, "label": "l", "items": [
            { "id": "OWN", "type": "yes-no", "text": "own" },
            { "include": "bad", "with": { "p": "A_" } } ] } ] }"#,
        &set,
        &[],
    );
    let def = expansion.definition.clone().expect("expands");
    let bytes = serde_json::to_vec(&def).expect("json");
    let findings = monshin_core::lint(&bytes, &Limits::default()).expect("lints");
    let bad = findings
        .iter()
        .find(|f| f.code == monshin_core::FindingCode::BadExpression)
        .expect("the unknown reference is found");
    let sites: Vec<String> = expansion
        .sites_of(bad)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(sites, ["bad#/items/0", "form#/pages/0/items/1"]);
}

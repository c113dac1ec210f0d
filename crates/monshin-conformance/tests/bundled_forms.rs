//! Every bundled form (`monshin_forms::FORMS`, so a form added later is covered without code):
//! its source expands and lints clean (no finding at all), as does every catalogue entry's
//! expansion with its parameters; it names the public form it follows (`basedOn`); the
//! complete example has no error in complete mode and builds a register payload; the draft
//! example has no error in draft mode and builds a draft payload; the catalogue resolves at
//! least one list entry to it (vaccinations by kind code and dose, check-ups by name).

use std::collections::BTreeMap;

use monshin_core::catalogue::{Catalogue, CheckupKey, Library, VaccinationKey};
use monshin_core::fragment::{expand, Fragments};
use monshin_core::{
    AnswerSet, CompiledForm, Definition, FormKind, Limits, Mode, Options, Severity,
};
use monshin_expr::Date;
use monshin_forms::{BundledForm, CATALOGUE, FORMS, FRAGMENTS};
use monshin_lifecycle::RegisterPayload;
use serde_json::Value;

/// The library's example rule: no error finding for a validation date from 2026-03-10 on.
fn today() -> Date {
    Date::from_ymd(2026, 3, 10).expect("date")
}

fn fragments() -> Fragments {
    let mut set = Fragments::new();
    for text in FRAGMENTS {
        set.insert_json(text.as_bytes(), &Limits::default())
            .expect("bundled fragment parses");
    }
    set
}

fn catalogue() -> Catalogue {
    Catalogue::from_json(CATALOGUE.as_bytes(), &Limits::default()).expect("catalogue parses")
}

/// Expand `source` with `params`, then lint the result: every problem, as text for the message.
fn lint_problems(set: &Fragments, source: &str, params: &BTreeMap<String, String>) -> Vec<String> {
    let limits = Limits::default();
    let expansion = expand(source.as_bytes(), set, params, &limits).expect("source is JSON");
    let mut problems: Vec<String> = (expansion.findings.iter())
        .map(|f| format!("{f:?}"))
        .collect();
    let Some(def) = expansion.definition else {
        problems.push("does not expand".to_owned());
        return problems;
    };
    let bytes = serde_json::to_vec(&def).expect("serialises");
    let findings = monshin_core::lint(&bytes, &limits).expect("lints");
    problems.extend(
        findings
            .iter()
            .map(|f| format!("{} at {}", f.code, f.location)),
    );
    problems
}

fn errors(form: &CompiledForm, text: &str, mode: Mode) -> Vec<String> {
    let report = form
        .validate_json(
            text.as_bytes(),
            &Options {
                mode,
                today: today(),
            },
        )
        .expect("example reads");
    (report.findings().iter())
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{} at {}", f.code, f.location))
        .collect()
}

/// The register body of an example, as JSON, or why there is none.
fn payload(form: &CompiledForm, text: &str) -> Result<Value, String> {
    let set = AnswerSet::from_json(text.as_bytes(), &Limits::default()).expect("example reads");
    let validated = form.validate_for_status(set, today()).map_err(|r| {
        let codes: Vec<String> = (r.report.findings().iter())
            .map(|f| format!("{} at {}", f.code, f.location))
            .collect();
        format!("rejected: {codes:?}")
    })?;
    let pmh_id = match form.kind() {
        FormKind::Vaccination => "Y-DEMO-1",
        FormKind::ChildCheckup => "C-2026-DEMO-0001",
    };
    let payload = RegisterPayload::from_validated(&validated, pmh_id).map_err(|e| e.to_string())?;
    serde_json::to_value(&payload).map_err(|e| e.to_string())
}

fn check_examples(bundled: &BundledForm, failures: &mut Vec<String>) {
    let name = bundled.name;
    let form = match CompiledForm::from_json(bundled.definition.as_bytes(), &Limits::default()) {
        Ok(form) => form,
        Err(e) => return failures.push(format!("{name}: does not compile: {e}")),
    };
    if form.definition_id() != name {
        failures.push(format!("{name}: definition id {}", form.definition_id()));
    }
    for (label, text, mode) in [
        ("complete", bundled.complete_answers, Mode::Complete),
        ("draft", bundled.draft_answers, Mode::Draft),
    ] {
        let errors = errors(&form, text, mode);
        if !errors.is_empty() {
            failures.push(format!("{name}: {label} example: {errors:?}"));
        }
        match payload(&form, text) {
            Ok(body) if body.is_object() => {}
            Ok(_) => failures.push(format!("{name}: {label} example: payload is not an object")),
            Err(e) => failures.push(format!("{name}: {label} example: no payload: {e}")),
        }
    }
}

fn check_based_on(bundled: &BundledForm, failures: &mut Vec<String>) {
    let def: Value = serde_json::from_str(bundled.definition).expect("definition is JSON");
    let entries = def["basedOn"].as_array().map_or(&[][..], Vec::as_slice);
    if entries.is_empty() {
        failures.push(format!("{}: no basedOn", bundled.name));
    }
    for entry in entries {
        for key in ["title", "publisher"] {
            if entry[key].as_str().is_none_or(|s| s.trim().is_empty()) {
                failures.push(format!("{}: a basedOn entry has no {key}", bundled.name));
            }
        }
    }
}

/// At least one list entry resolves to the form, and every entry that names it expands with
/// its parameters and lints clean.
fn check_catalogue(
    bundled: &BundledForm,
    catalogue: &Catalogue,
    set: &Fragments,
    failures: &mut Vec<String>,
) {
    let name = bundled.name;
    let version = Definition::from_json(bundled.definition.as_bytes(), &Limits::default())
        .expect("definition reads")
        .version;
    let mut resolved = 0;
    let vaccination_keys = catalogue.vaccinations.iter().map(|e| {
        catalogue.resolve_vaccination(&VaccinationKey {
            vaccine_type: Some(&e.vaccine_type),
            vaccine: &e.vaccine,
            term: e.term.as_deref(),
            valency: e.valency.as_deref(),
            dose: Some(e.dose),
        })
    });
    let checkup_keys = (catalogue.child_checkups.iter())
        .flat_map(|e| &e.names)
        .map(|n| catalogue.resolve_checkup(&CheckupKey { name: n }));
    for result in vaccination_keys.chain(checkup_keys) {
        let Ok(found) = result else { continue };
        if found.definition.id != name {
            continue;
        }
        resolved += 1;
        if found.definition.version != version {
            failures.push(format!(
                "{name}: catalogue entry {} names version {}",
                found.entry, found.definition.version
            ));
        }
        let problems = lint_problems(set, bundled.source, found.params);
        if !problems.is_empty() {
            failures.push(format!(
                "{name}: catalogue entry {} ({:?}): {problems:?}",
                found.entry, found.params
            ));
        }
    }
    if resolved == 0 {
        failures.push(format!("{name}: no catalogue entry resolves to it"));
    }
}

#[test]
fn every_bundled_form_lints_clean_has_a_basis_valid_examples_payloads_and_a_catalogue_entry() {
    let set = fragments();
    let catalogue = catalogue();
    let library = Library::from_texts(
        CATALOGUE,
        FORMS.iter().map(|f| f.source),
        FRAGMENTS.iter().copied(),
        &Limits::default(),
    )
    .expect("the bundled library loads");
    let mut failures = Vec::new();
    for bundled in FORMS {
        let problems = lint_problems(&set, bundled.source, &BTreeMap::new());
        if !problems.is_empty() {
            failures.push(format!("{}: lint: {problems:?}", bundled.name));
        }
        if library.source(bundled.name).is_none() {
            failures.push(format!("{}: not in the library", bundled.name));
        }
        check_based_on(bundled, &mut failures);
        check_examples(bundled, &mut failures);
        check_catalogue(bundled, &catalogue, &set, &mut failures);
    }
    assert!(FORMS.len() >= 4, "{} bundled forms", FORMS.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every routine (定期) vaccination in force on 2026-04-01 has a bundled form, and the
/// catalogue has at least 25 vaccine × dose/期 entries and the three standard check-ups, each
/// resolving to a bundled form.
#[test]
fn the_catalogue_covers_every_routine_vaccination_and_the_standard_check_ups() {
    let catalogue = catalogue();
    let bundled = |id: &str| FORMS.iter().any(|f| f.name == id);
    let routine = [
        "vaccination-hepb",
        "vaccination-rota",
        "vaccination-dpt-ipv-hib",
        "vaccination-pcv",
        "vaccination-bcg",
        "vaccination-mr",
        "vaccination-varicella",
        "vaccination-je",
        "vaccination-dt",
        "vaccination-hpv",
        "vaccination-rsv-maternal",
        "vaccination-flu-elderly",
        "vaccination-ppsv-elderly",
        "vaccination-covid-elderly",
        "vaccination-zoster",
    ];
    let missing: Vec<&str> = routine.iter().copied().filter(|id| !bundled(id)).collect();
    assert!(missing.is_empty(), "no bundled form: {missing:?}");
    let entries: Vec<&str> = catalogue
        .vaccinations
        .iter()
        .map(|e| e.definition.id.as_str())
        .collect();
    assert!(entries.len() >= 25, "{} vaccination entries", entries.len());
    for id in routine {
        assert!(entries.contains(&id), "no catalogue entry for {id}");
    }
    let unbundled: Vec<&str> = entries.iter().copied().filter(|id| !bundled(id)).collect();
    assert!(
        unbundled.is_empty(),
        "entries without a form: {unbundled:?}"
    );
    let checkups: Vec<&str> = catalogue
        .child_checkups
        .iter()
        .map(|e| e.definition.id.as_str())
        .collect();
    for id in ["child-3-4m", "child-1y6m", "child-3y"] {
        assert!(checkups.contains(&id) && bundled(id), "check-up {id}");
    }
}

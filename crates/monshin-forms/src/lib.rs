//! Bundled, realistic questionnaire definitions, their fragments, the form catalogue and
//! example answer sets.
//!
//! This crate is data, embedded with `include_str!`; it parses nothing itself. `monshin-core`
//! reads it (see `crates/monshin-core/FORMAT.md`); the CLI, tests, benches, the sandbox and
//! demos use it.
//!
//! | name (= definition `id`) | form | master ID prefix | source |
//! |---|---|---|---|
//! | `vaccination-pcv` | 小児用肺炎球菌ワクチン予診票 (doses 1–4 by parameter) | `PCV_` | `sources/`, fragments |
//! | `vaccination-flu-elderly` | 高齢者インフルエンザ予防接種予診票 | `FLU_` | `sources/`, fragments |
//! | `vaccination-ppsv-elderly` | 高齢者肺炎球菌感染症予防接種予診票 | `PPSV_` | `sources/`, fragments |
//! | `vaccination-covid-elderly` | 新型コロナウイルス感染症予防接種予診票（定期接種） | `COV_` | `sources/`, fragments |
//! | `vaccination-zoster` | 帯状疱疹予防接種予診票 (生ワクチン; 組換えワクチン 1–2回目 by parameter) | `HZ_` | `sources/`, fragments |
//! | `vaccination-rsv-maternal` | RSウイルス感染症（母子免疫ワクチン）予防接種予診票 | `RSV_` | `sources/`, fragments |
//! | `child-1y6m` | 1歳6か月児健康診査 問診票 | `C18_` | `sources/`, fragments |
//! | `child-3y` | 3歳児健康診査 問診票 | `C3_` | `sources/`, fragments |
//! | `child-3-4m` | 3〜4か月児健康診査 問診票 | `C4M_` | `sources/`, fragments |
//!
//! - `sources/<name>.form.json`: a 予診票 as written, with `params` and includes of
//!   `fragments/*.fragment.json` (the questions every 予診票 asks: 体温, 説明書, 今日の体調,
//!   最近1か月の病気, 感染症の接触, 1か月以内の予防接種 (up to 4), けいれん (歳 + か月頃, 発熱),
//!   アレルギー, 近親者の先天性免疫不全, 副反応歴 (本人・近親者), 医師への質問と同意, 電話) and the
//!   last pages: `child-vaccination-consent-page` (保護者の氏名と続柄, 代理人の氏名・続柄・委任状)
//!   and `adult-vaccination-consent-page` (本人の署名, 自署できない場合は代筆者と続柄), then
//!   `vaccination-clinic-page`, the 医師記入欄 the clinic fills (`filledBy: clinic`); and
//!   the questions every 乳幼児健診 問診票 asks (`checkup-*`: 既往症, 予防接種歴, 子育ての状況
//!   (健やか親子21 and 子育て不安), 仕上げみがき・フッ化物).
//! - `forms/<name>.form.json`: every form expanded with its parameters' defaults, the plain
//!   definition most tools read. A monshin-core test keeps each equal to its source's expansion
//!   (`UPDATE_EXPECT=1` rewrites them).
//! - `catalogue.json`: which definition and parameters answer each PMH list entry
//!   (schema `schemas/catalogue.schema.json`).
//! - `examples/<name>.{complete,draft}.answers.json`: answer sets; all personal content is
//!   fictional. Calculated items (age in months or years) are never answered in them.
//!
//! Adding a form is data: its source (and any new fragment), a catalogue entry, the example
//! answer sets, and one `bundled!` line below.
//!
//! Some rules compare with `today()` (the validation date). Every example set has no error
//! findings for a validation date from 2026-03-10 (the latest date written in them) on. The
//! eligibility rules only warn as the dates move on: from 2026-10-06 the PCV child is 1 year
//! old and `pcv-primary-after-first-birthday` appears for its 初回3回目, from 2030-10-06 it is
//! 5 and `pcv-age-range` appears. The zoster examples (targets in fiscal year 2025) warn
//! `zoster-age-outside-period` from 2026-04-01, the RSV examples `rsv-outside-weeks` from
//! 2026-04-29 (37週0日), the complete PPSV example `ppsv-age-outside-period` from 2026-11-20
//! (66th birthday).
//!
//! ```
//! let pcv = monshin_forms::by_name("vaccination-pcv").expect("bundled");
//! assert!(pcv.definition.contains("\"id\": \"vaccination-pcv\""));
//! assert!(pcv.source.contains("\"include\": \"vaccination-temperature\""));
//! for form in monshin_forms::FORMS {
//!     assert!(form.complete_answers.contains("\"status\": \"answered\""));
//!     assert!(form.draft_answers.contains("\"status\": \"draft\""));
//! }
//! ```
#![deny(missing_docs)]

/// One bundled form: its definition and two example answer sets, as JSON text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BundledForm {
    /// Short name, also the file stem and the definition's `id`.
    pub name: &'static str,
    /// The plain form definition (`forms/<name>.form.json`), expanded with the parameters'
    /// defaults.
    pub definition: &'static str,
    /// The definition as written (`sources/<name>.form.json`, with parameters and includes),
    /// or the plain definition when it has neither.
    pub source: &'static str,
    /// An answer set with status `"answered"`: every enabled required item answered, canonical
    /// encodings, no findings of severity error in complete mode.
    pub complete_answers: &'static str,
    /// An answer set with status `"draft"`: a partially filled form, valid in draft mode.
    pub draft_answers: &'static str,
    /// An answer set with deliberate problems, for demos and error-path tests (only
    /// `vaccination-pcv` has one: see [`PCV_INVALID_ANSWERS`]).
    pub invalid_answers: Option<&'static str>,
}

macro_rules! bundled {
    ($name:literal, source) => {
        BundledForm {
            source: include_str!(concat!("../sources/", $name, ".form.json")),
            ..bundled!($name)
        }
    };
    ($name:literal, source, invalid: $invalid:expr) => {
        BundledForm {
            invalid_answers: Some($invalid),
            ..bundled!($name, source)
        }
    };
    ($name:literal) => {
        BundledForm {
            name: $name,
            definition: include_str!(concat!("../forms/", $name, ".form.json")),
            source: include_str!(concat!("../forms/", $name, ".form.json")),
            complete_answers: include_str!(concat!(
                "../examples/",
                $name,
                ".complete.answers.json"
            )),
            draft_answers: include_str!(concat!("../examples/", $name, ".draft.answers.json")),
            invalid_answers: None,
        }
    };
}

/// Every bundled form, vaccination forms first.
pub const FORMS: &[BundledForm] = &[
    bundled!("vaccination-pcv", source, invalid: PCV_INVALID_ANSWERS),
    bundled!("vaccination-flu-elderly", source),
    bundled!("vaccination-ppsv-elderly", source),
    bundled!("vaccination-covid-elderly", source),
    bundled!("vaccination-zoster", source),
    bundled!("vaccination-rsv-maternal", source),
    bundled!("child-1y6m", source),
    bundled!("child-3y", source),
    bundled!("child-3-4m", source),
];

/// The fragments the bundled sources include (`fragments/*.fragment.json`).
pub const FRAGMENTS: &[&str] = &[
    include_str!("../fragments/adult-vaccination-consent-page.fragment.json"),
    include_str!("../fragments/checkup-dental-care.fragment.json"),
    include_str!("../fragments/checkup-medical-history.fragment.json"),
    include_str!("../fragments/checkup-parenting.fragment.json"),
    include_str!("../fragments/checkup-vaccination-history.fragment.json"),
    include_str!("../fragments/child-vaccination-consent-page.fragment.json"),
    include_str!("../fragments/vaccination-adverse-reaction.fragment.json"),
    include_str!("../fragments/vaccination-allergy.fragment.json"),
    include_str!("../fragments/vaccination-clinic-page.fragment.json"),
    include_str!("../fragments/vaccination-doctor-and-consent.fragment.json"),
    include_str!("../fragments/vaccination-family-immunodeficiency.fragment.json"),
    include_str!("../fragments/vaccination-infection-contact.fragment.json"),
    include_str!("../fragments/vaccination-leaflet.fragment.json"),
    include_str!("../fragments/vaccination-phone.fragment.json"),
    include_str!("../fragments/vaccination-recent-illness.fragment.json"),
    include_str!("../fragments/vaccination-recent-vaccination.fragment.json"),
    include_str!("../fragments/vaccination-seizure.fragment.json"),
    include_str!("../fragments/vaccination-temperature.fragment.json"),
    include_str!("../fragments/vaccination-unwell-today.fragment.json"),
];

/// The form catalogue (`catalogue.json`): PMH list entries to bundled definitions.
pub const CATALOGUE: &str = include_str!("../catalogue.json");

/// An answer set for `vaccination-pcv` with deliberate problems, for demos and error-path tests.
///
/// Status `"answered"`. It contains:
/// - `PCV_TEMP` = `"42.6"`: above `max` 42.0, and fails the `fever` constraint;
/// - `PCV_BIRTH_WEIGHT` = `"２９８４"`: full-width digits, not canonical (only the
///   normalisation step turns it into `"2984"`);
/// - `PCV_UNWELL_DETAIL` answered while `PCV_UNWELL` is `"0"` (the follow-up is disabled);
/// - the `PCV_HISTORY` group with repetitions `1, 2, 4` (seq 3 missing);
/// - `PCV_NICKNAME`: a master ID the definition does not have.
pub const PCV_INVALID_ANSWERS: &str =
    include_str!("../examples/vaccination-pcv.invalid.answers.json");

/// The bundled form called `name` (the file stem, e.g. `"child-3y"`), if any.
pub fn by_name(name: &str) -> Option<&'static BundledForm> {
    FORMS.iter().find(|form| form.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::collections::{BTreeMap, BTreeSet};

    fn parse(what: &str, text: &str) -> Value {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: invalid JSON: {e}"))
    }

    /// Every item of a definition, group members included, in definition order.
    fn items(def: &Value) -> Vec<&Value> {
        let mut out = Vec::new();
        for page in def["pages"].as_array().expect("pages") {
            for item in page["items"].as_array().expect("items") {
                out.push(item);
                if let Some(sub) = item.get("items").and_then(Value::as_array) {
                    out.extend(sub);
                }
            }
        }
        out
    }

    fn has(items: &[&Value], key: &str) -> bool {
        items.iter().any(|i| i.get(key).is_some())
    }

    #[test]
    fn names_are_unique_and_found() {
        let names: BTreeSet<_> = FORMS.iter().map(|f| f.name).collect();
        assert_eq!(names.len(), FORMS.len());
        for form in FORMS {
            assert_eq!(by_name(form.name), Some(form));
        }
        assert_eq!(by_name("no-such-form"), None);
    }

    #[test]
    fn definitions_are_rich_enough() {
        for form in FORMS {
            let def = parse(form.name, form.definition);
            let pages = def["pages"].as_array().expect("pages");
            assert!(pages.len() >= 3, "{}: {} pages", form.name, pages.len());
            for (n, page) in pages.iter().enumerate() {
                assert_eq!(page["number"], n + 1, "{}: page numbers", form.name);
                assert!(page["label"].as_str().is_some_and(|l| !l.is_empty()));
            }
            let items = items(&def);
            assert!(items.len() >= 25, "{}: {} items", form.name, items.len());
            assert!(
                items.iter().any(|i| i["type"] == "group"),
                "{}: no group",
                form.name
            );
            for key in ["enableWhen", "requiredWhen", "calculate", "constraints"] {
                assert!(has(&items, key), "{}: no {key}", form.name);
            }
            assert_eq!(def["version"], "2026.1");
        }
    }

    #[test]
    fn ids_and_option_codes_follow_the_conventions() {
        for form in FORMS {
            let def = parse(form.name, form.definition);
            let mut seen = BTreeSet::new();
            for item in items(&def) {
                let id = item["id"].as_str().expect("id");
                assert!(
                    (1..=64).contains(&id.len())
                        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
                    "{}: bad master ID {id}",
                    form.name
                );
                assert!(seen.insert(id), "{}: duplicate master ID {id}", form.name);
                if let Some(options) = item.get("options").and_then(Value::as_array) {
                    for (n, option) in options.iter().enumerate() {
                        assert_eq!(option["code"], (n + 1).to_string(), "{}: {id}", form.name);
                    }
                }
            }
        }
    }

    /// Structural checks that need no engine: form ID, status, known master IDs, sequence
    /// numbers (1 outside groups, contiguous 1..n per group), no answers to calculated items.
    fn check_answers(name: &str, def: &Value, answers: &Value, status: &str) {
        assert_eq!(answers["definition"], def["id"], "{name}");
        assert_eq!(answers["status"], status, "{name}");
        let last = answers["lastPage"].as_u64().expect("lastPage");
        assert!((1..=def["pages"].as_array().expect("pages").len() as u64).contains(&last));
        let mut group_of = BTreeMap::new();
        let mut by_id = BTreeMap::new();
        for item in items(def) {
            by_id.insert(item["id"].as_str().expect("id"), item);
            for sub in item
                .get("items")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                group_of.insert(
                    sub["id"].as_str().expect("id"),
                    item["id"].as_str().expect("id"),
                );
            }
        }
        let mut seqs: BTreeMap<&str, BTreeSet<u64>> = BTreeMap::new();
        let mut keys = BTreeSet::new();
        for answer in answers["answers"].as_array().expect("answers") {
            let id = answer["id"].as_str().expect("id");
            let seq = answer["seq"].as_u64().expect("seq");
            assert!(answer["value"].is_string(), "{name}: {id}");
            assert!(
                keys.insert((id, seq)),
                "{name}: duplicate answer {id}#{seq}"
            );
            let item = by_id
                .get(id)
                .unwrap_or_else(|| panic!("{name}: unknown master ID {id}"));
            assert!(
                item.get("calculate").is_none(),
                "{name}: {id} is calculated"
            );
            match group_of.get(id) {
                Some(group) => {
                    seqs.entry(group).or_default().insert(seq);
                }
                None => assert_eq!(seq, 1, "{name}: {id} outside a group"),
            }
        }
        for (group, seqs) in seqs {
            let expected: BTreeSet<u64> = (1..=seqs.len() as u64).collect();
            assert_eq!(seqs, expected, "{name}: {group} repetitions");
        }
    }

    #[test]
    fn example_answers_fit_their_definitions() {
        for form in FORMS {
            let def = parse(form.name, form.definition);
            let complete = parse(form.name, form.complete_answers);
            let draft = parse(form.name, form.draft_answers);
            check_answers(form.name, &def, &complete, "answered");
            check_answers(form.name, &def, &draft, "draft");
        }
    }

    #[test]
    fn only_pcv_has_invalid_answers() {
        for form in FORMS {
            assert_eq!(
                form.invalid_answers.is_some(),
                form.name == "vaccination-pcv"
            );
        }
    }

    #[test]
    fn invalid_pcv_answers_parse() {
        let answers = parse("vaccination-pcv.invalid", PCV_INVALID_ANSWERS);
        assert_eq!(answers["definition"], "vaccination-pcv");
        assert!(PCV_INVALID_ANSWERS.contains("２９８４"));
        assert!(PCV_INVALID_ANSWERS.contains("PCV_NICKNAME"));
    }
}

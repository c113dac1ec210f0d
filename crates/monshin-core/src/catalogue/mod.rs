//! The form catalogue: from what PMH says about a form to the definition that answers it.
//!
//! A definition has its own identity (`id` + `version`, e.g. `vaccination-pcv` `2026.1`); a
//! PMH 予診票管理ID groups vaccine kind × dose (表 2.4-3 項番 1) and a 乳幼児健診管理ID names one
//! child's check-up (表 2.4-10 項番 1), so neither can be a definition's identity. The
//! catalogue maps the *content* of a list entry instead:
//!
//! - a vaccination-list entry (種別ーワクチン種別, 種別ー期, 種別ー価, 種別ー回数, 種別ーワクチン通称,
//!   表 2.4-3 項番 8, 10–13) → a definition and its dose parameters;
//! - a child check-up list entry (乳幼児健診名, 表 2.4-10 項番 2) → the check-up definition.
//!
//! What is not in the catalogue is a typed [`NoForm`], never a guess. The catalogue is data
//! (`crates/monshin-forms/catalogue.json`, schema `schemas/catalogue.schema.json`), so a
//! municipality can add its own forms; FORMAT.md §4 describes it.
//!
//! ```
//! use monshin_core::catalogue::{Catalogue, VaccinationKey, NoForm};
//! use monshin_core::Limits;
//!
//! let catalogue = Catalogue::from_json(br#"{ "version": "1", "vaccinations": [
//!   { "vaccineType": "13", "vaccine": "小児用肺炎球菌", "dose": 3,
//!     "definition": { "id": "vaccination-pcv", "version": "2026.1" },
//!     "params": { "dose": "3" } } ] }"#, &Limits::default()).unwrap();
//! let key = VaccinationKey { vaccine_type: Some("13"), vaccine: "小児用肺炎球菌",
//!     term: None, valency: Some("15価"), dose: Some(3) };
//! let found = catalogue.resolve_vaccination(&key).unwrap();
//! assert_eq!(found.definition.id, "vaccination-pcv");
//! assert_eq!(found.params["dose"], "3");
//! let fourth = VaccinationKey { dose: Some(4), ..key };
//! assert_eq!(catalogue.resolve_vaccination(&fourth).unwrap_err(), NoForm::UnknownDose);
//! ```

mod library;
mod model;

use std::collections::BTreeMap;

pub use library::{Library, LibraryError};
pub use model::{Catalogue, ChildCheckupEntry, DefinitionRef, VaccinationEntry};

use crate::error::{parse_json, Document, Error};
use crate::limits::Limits;

/// What a vaccination-list entry says about the form it needs (表 2.4-3 項番 8, 10–13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VaccinationKey<'a> {
    /// 種別ーワクチン種別 (a code), when PMH gives one.
    pub vaccine_type: Option<&'a str>,
    /// 種別ーワクチン通称.
    pub vaccine: &'a str,
    /// 種別ー期.
    pub term: Option<&'a str>,
    /// 種別ー価.
    pub valency: Option<&'a str>,
    /// 種別ー回数.
    pub dose: Option<u32>,
}

/// What a child check-up list entry says about the form it needs (表 2.4-10 項番 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckupKey<'a> {
    /// 乳幼児健診名.
    pub name: &'a str,
}

/// A list entry resolved: the definition and the parameter values to expand it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved<'c> {
    /// The definition's identity.
    pub definition: &'c DefinitionRef,
    /// Parameter values for the definition (e.g. the dose number).
    pub params: &'c BTreeMap<String, String>,
    /// Position of the matching entry in its catalogue list.
    pub entry: usize,
}

/// Why the catalogue has no form for a list entry. Carries no value of the entry: the entry
/// is the citizen's data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoForm {
    /// `catalogue.unknown-vaccine`: no entry has this vaccine kind code (or, without a code,
    /// this common name).
    #[error("no form for this vaccine kind")]
    UnknownVaccine,
    /// `catalogue.unknown-dose`: the vaccine is known, this dose number is not.
    #[error("no form for this dose of the vaccine")]
    UnknownDose,
    /// `catalogue.no-dose`: the list entry carries no 種別ー回数.
    #[error("the list entry has no dose number")]
    NoDose,
    /// `catalogue.unknown-variant`: the vaccine and dose are known, its 期 or 価 is not.
    #[error("no form for this term or valency of the vaccine")]
    UnknownVariant,
    /// `catalogue.unknown-checkup`: no entry has this check-up name.
    #[error("no form for this check-up")]
    UnknownCheckup,
    /// `catalogue.ambiguous`: several entries match; the catalogue must be made precise.
    #[error("catalogue entries {entries:?} all match")]
    Ambiguous {
        /// Positions of the matching entries.
        entries: Vec<usize>,
    },
}

impl NoForm {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            NoForm::UnknownVaccine => "catalogue.unknown-vaccine",
            NoForm::UnknownDose => "catalogue.unknown-dose",
            NoForm::NoDose => "catalogue.no-dose",
            NoForm::UnknownVariant => "catalogue.unknown-variant",
            NoForm::UnknownCheckup => "catalogue.unknown-checkup",
            NoForm::Ambiguous { .. } => "catalogue.ambiguous",
        }
    }
}

impl Catalogue {
    /// Parse a catalogue within `limits` (its size counts against the definition limit).
    pub fn from_json(bytes: &[u8], limits: &Limits) -> Result<Catalogue, Error> {
        parse_json(Document::Catalogue, bytes, limits.max_definition_bytes)
    }

    /// The definition (and dose parameters) for a vaccination-list entry.
    pub fn resolve_vaccination(&self, key: &VaccinationKey<'_>) -> Result<Resolved<'_>, NoForm> {
        let kind: Vec<(usize, &VaccinationEntry)> = self
            .vaccinations
            .iter()
            .enumerate()
            .filter(|(_, e)| match key.vaccine_type {
                Some(code) => e.vaccine_type == code,
                None => e.vaccine == key.vaccine,
            })
            .collect();
        if kind.is_empty() {
            return Err(NoForm::UnknownVaccine);
        }
        let dose = key.dose.ok_or(NoForm::NoDose)?;
        let dosed: Vec<_> = kind.into_iter().filter(|(_, e)| e.dose == dose).collect();
        if dosed.is_empty() {
            return Err(NoForm::UnknownDose);
        }
        let fits = |wanted: &Option<String>, given: Option<&str>| {
            wanted.as_deref().is_none_or(|w| Some(w) == given)
        };
        let matching: Vec<_> = dosed
            .into_iter()
            .filter(|(_, e)| fits(&e.term, key.term) && fits(&e.valency, key.valency))
            .collect();
        match matching.as_slice() {
            [] => Err(NoForm::UnknownVariant),
            [(entry, e)] => Ok(Resolved {
                definition: &e.definition,
                params: &e.params,
                entry: *entry,
            }),
            many => Err(NoForm::Ambiguous {
                entries: many.iter().map(|(i, _)| *i).collect(),
            }),
        }
    }

    /// The definition for a child check-up list entry.
    pub fn resolve_checkup(&self, key: &CheckupKey<'_>) -> Result<Resolved<'_>, NoForm> {
        let matching: Vec<(usize, &ChildCheckupEntry)> = self
            .child_checkups
            .iter()
            .enumerate()
            .filter(|(_, e)| e.names.iter().any(|n| n == key.name))
            .collect();
        match matching.as_slice() {
            [] => Err(NoForm::UnknownCheckup),
            [(entry, e)] => Ok(Resolved {
                definition: &e.definition,
                params: &e.params,
                entry: *entry,
            }),
            many => Err(NoForm::Ambiguous {
                entries: many.iter().map(|(i, _)| *i).collect(),
            }),
        }
    }
}

/// The JSON Schema (2020-12) of a catalogue, generated from the Rust model.
pub fn catalogue_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Catalogue)).unwrap_or_default()
}

//! From PMH list responses to definitions: what each list entry says about its form, looked
//! up in a [`Catalogue`].
//!
//! - A vaccination-list entry (operation 1, 表 2.4-3) carries 種別ーワクチン種別, 種別ー期,
//!   種別ー価, 種別ー回数 and 種別ーワクチン通称: [`vaccination_key`].
//! - A form-list entry (operation 2, 表 2.4-4) carries only the 予診票管理ID, the group
//!   "vaccine kind × dose" (項番 34); it is resolved through the vaccination-list entry with
//!   the same ID ([`resolve_form_list`]); one that no vaccination entry has is
//!   [`Unresolved::NotListed`].
//! - A child check-up list entry (operation 7, 表 2.4-10) carries 乳幼児健診名: [`checkup_key`].
//!
//! Results carry the PMH ID beside the definition: the two are never compared.

use monshin_core::catalogue::{Catalogue, CheckupKey, NoForm, Resolved, VaccinationKey};
use monshin_core::FormKind;
use monshin_wire::{
    ChildCheckup, ChildCheckupList, Vaccination, VaccinationFormList, VaccinationList,
};

/// The catalogue key of a vaccination-list entry.
pub fn vaccination_key(entry: &Vaccination) -> VaccinationKey<'_> {
    VaccinationKey {
        vaccine_type: entry.kind.vaccine_type.as_deref(),
        vaccine: &entry.kind.vaccine_common_name,
        term: entry.kind.term.as_deref(),
        valency: entry.kind.valency.as_deref(),
        dose: entry.kind.dose_number,
    }
}

/// The catalogue key of a child check-up list entry.
pub fn checkup_key(entry: &ChildCheckup) -> CheckupKey<'_> {
    CheckupKey { name: &entry.name }
}

/// Why a list entry has no definition.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unresolved {
    /// The catalogue has no form for what the entry says.
    #[error(transparent)]
    NoForm(#[from] NoForm),
    /// `catalogue.not-listed`: a form-list entry whose 予診票管理ID no vaccination-list entry
    /// carries, so nothing says which vaccine and dose it is.
    #[error("no vaccination-list entry has this form's ID")]
    NotListed,
}

impl Unresolved {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Unresolved::NoForm(e) => e.code(),
            Unresolved::NotListed => "catalogue.not-listed",
        }
    }
}

/// One PMH list entry and the definition it resolved to (or why not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormResolution<'c> {
    /// 予診票管理ID or 乳幼児健診管理ID, as PMH gave it.
    pub pmh_id: String,
    /// Which family the entry is of.
    pub kind: FormKind,
    /// The definition and parameters, or why there is none.
    pub result: Result<Resolved<'c>, Unresolved>,
}

/// Every entry of a vaccination list (operation 1), resolved.
pub fn resolve_vaccinations<'c>(
    catalogue: &'c Catalogue,
    list: &VaccinationList,
) -> Vec<FormResolution<'c>> {
    list.vaccinations
        .iter()
        .map(|v| FormResolution {
            pmh_id: v.form_id.to_string(),
            kind: FormKind::Vaccination,
            result: catalogue
                .resolve_vaccination(&vaccination_key(v))
                .map_err(Unresolved::from),
        })
        .collect()
}

/// Every entry of a form list (operation 2), resolved through the vaccination list
/// (operation 1) entry of the same 予診票管理ID.
pub fn resolve_form_list<'c>(
    catalogue: &'c Catalogue,
    forms: &VaccinationFormList,
    vaccinations: &VaccinationList,
) -> Vec<FormResolution<'c>> {
    forms
        .forms
        .iter()
        .map(|f| {
            let entry = vaccinations
                .vaccinations
                .iter()
                .find(|v| v.form_id == f.form_id);
            FormResolution {
                pmh_id: f.form_id.to_string(),
                kind: FormKind::Vaccination,
                result: match entry {
                    Some(v) => catalogue
                        .resolve_vaccination(&vaccination_key(v))
                        .map_err(Unresolved::from),
                    None => Err(Unresolved::NotListed),
                },
            }
        })
        .collect()
}

/// Every entry of a child check-up list (operation 7), resolved.
pub fn resolve_checkups<'c>(
    catalogue: &'c Catalogue,
    list: &ChildCheckupList,
) -> Vec<FormResolution<'c>> {
    list.checkups
        .iter()
        .map(|k| FormResolution {
            pmh_id: k.checkup_id.to_string(),
            kind: FormKind::ChildCheckup,
            result: catalogue
                .resolve_checkup(&checkup_key(k))
                .map_err(Unresolved::from),
        })
        .collect()
}

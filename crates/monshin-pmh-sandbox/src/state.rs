//! The sandbox's data: citizens with their PMH documents, the bundled forms, and the JSON
//! document of the seed and of the first state-file format.
//!
//! Each citizen holds the ten operations' documents as `monshin-wire` types, exactly as they
//! are served; a register (`register`) updates the form's answers document and the status in
//! its list (operation 2 or 7). A citizen is stored as one JSON document (one row of the
//! database, see `store`). The seed (`seed/citizens.json`) and the state file of earlier
//! versions (`monshin-pmh-sandbox/1`, migrated by `store`) are one JSON document:
//!
//! ```json
//! { "format": "monshin-pmh-sandbox/1",
//!   "citizens": [ { "id", "label", "consents": ["vaccination", "maternal-child", "subsidy"],
//!                   "fill"?: { "<formId>": "draft" | "complete" }, "revisions"?: { "<formId>": n },
//!                   "vaccinations", "vaccinationForms", "vaccinationAnswers": [..],
//!                   "prenatalCheckups", "prenatalVouchers", "childCheckups", "childAnswers": [..],
//!                   "subsidyCertificates" } ],
//!   "keys": [ { "key", "citizen", "operation", "formId", "fingerprint", "receipt" } ] }
//! ```
//!
//! The register rules, in order: the idempotency key (a repeat returns the first receipt), the
//! body (`monshin-wire`, 400), the form (404), 回答許可フラグ and the status transition
//! (`monshin-lifecycle`, 409), validation in the mode of the status (`monshin-core`, 422 with
//! findings), the last page within the form (`monshin-lifecycle`, 422). Only the guideline's
//! rules: the rules of monshin's own design (`monshin_lifecycle::Policy`) are the app's.

use std::collections::{BTreeMap, HashMap};

use monshin_core::catalogue::{DefinitionRef, Library};
use monshin_core::{AnswerSet, CompiledForm, FormKind, Limits};
use monshin_forms::BundledForm;
use monshin_lifecycle::boundary::{answer_to_wire, last_page_to_wire};
use monshin_lifecycle::{checkup_key, vaccination_key};
use monshin_pmh::api::{Category, RegisterReceipt};
use monshin_pmh::{Operation, ServerCode};
use monshin_wire::{
    AnswerStatus, ChildCheckupList, ChildFormAnswers, LastPage, Open, PrenatalCheckupList,
    PrenatalVoucherList, SubsidyCertificateList, VaccinationFormAnswers, VaccinationFormList,
    VaccinationList, WireAnswer,
};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, SandboxError};

/// The `format` of the seed and of the first state-file format.
pub(crate) const FORMAT: &str = "monshin-pmh-sandbox/1";

/// The bundled catalogue with each of its entries' definitions compiled; a PMH ID reaches
/// its form through the citizen's list entry of that ID, never by equality with a
/// definition ID.
pub(crate) struct Forms {
    library: Library,
    vaccinations: Vec<CompiledForm>,
    checkups: Vec<CompiledForm>,
}

/// The bundled catalogue, sources and fragments of `monshin-forms`.
pub(crate) fn bundled_library() -> Result<Library, SandboxError> {
    Library::from_texts(
        monshin_forms::CATALOGUE,
        monshin_forms::FORMS.iter().map(|f| f.source),
        monshin_forms::FRAGMENTS.iter().copied(),
        &Limits::default(),
    )
    .map_err(|e| SandboxError::Seed(format!("catalogue: {}", e.code())))
}

impl Forms {
    pub(crate) fn bundled() -> Result<Forms, SandboxError> {
        let library = bundled_library()?;
        let compile = |d: &DefinitionRef, p: &BTreeMap<String, String>| {
            library
                .compile(d, p)
                .map_err(|e| SandboxError::Seed(format!("form {}: {}", d.id, e.code())))
        };
        let vaccinations = (library.catalogue.vaccinations.iter())
            .map(|e| compile(&e.definition, &e.params))
            .collect::<Result<_, _>>()?;
        let checkups = (library.catalogue.child_checkups.iter())
            .map(|e| compile(&e.definition, &e.params))
            .collect::<Result<_, _>>()?;
        Ok(Forms {
            library,
            vaccinations,
            checkups,
        })
    }

    /// The form of `pmh_id` for citizen `c`, resolved through the catalogue.
    pub(crate) fn get(&self, c: &Citizen, pmh_id: &str) -> Option<&CompiledForm> {
        self.resolve(c, pmh_id).map(|(f, _)| f)
    }

    fn resolve(&self, c: &Citizen, pmh_id: &str) -> Option<(&CompiledForm, &'static BundledForm)> {
        let catalogue = &self.library.catalogue;
        let (found, forms) = if let Some(v) =
            (c.vaccinations.vaccinations.iter()).find(|v| v.form_id.as_str() == pmh_id)
        {
            (
                catalogue.resolve_vaccination(&vaccination_key(v)).ok()?,
                &self.vaccinations,
            )
        } else {
            let k = (c.child_checkups.checkups.iter()).find(|k| k.checkup_id.as_str() == pmh_id)?;
            (
                catalogue.resolve_checkup(&checkup_key(k)).ok()?,
                &self.checkups,
            )
        };
        Some((
            forms.get(found.entry)?,
            monshin_forms::by_name(&found.definition.id)?,
        ))
    }
}

/// Which example answer set of `monshin-forms` pre-fills a form in the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Fill {
    Draft,
    Complete,
}

/// One fictional person and their PMH documents.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Citizen {
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) consents: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    fill: BTreeMap<String, Fill>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) revisions: BTreeMap<String, u64>,
    vaccinations: VaccinationList,
    vaccination_forms: VaccinationFormList,
    vaccination_answers: Vec<VaccinationFormAnswers>,
    prenatal_checkups: PrenatalCheckupList,
    prenatal_vouchers: PrenatalVoucherList,
    child_checkups: ChildCheckupList,
    child_answers: Vec<ChildFormAnswers>,
    subsidy_certificates: SubsidyCertificateList,
}

impl Citizen {
    pub(crate) fn consents_to(&self, category: Category) -> bool {
        self.consents.iter().any(|c| c == category.as_str())
    }

    /// The form IDs and titles of the person's questionnaires, with status and flag.
    pub(crate) fn forms(&self) -> Vec<(String, String, Open<AnswerStatus>, bool)> {
        let v = self.vaccination_answers.iter().map(|d| {
            (
                d.form_id.to_string(),
                d.title.clone(),
                d.status.clone(),
                d.answerable,
            )
        });
        let c = self.child_answers.iter().map(|d| {
            (
                d.checkup_id.to_string(),
                d.title.clone(),
                d.status.clone(),
                d.answerable,
            )
        });
        v.chain(c).collect()
    }
}

/// A stored answers document of a citizen, whichever of the two kinds.
pub(crate) enum StoredDoc<'a> {
    Vaccination(&'a VaccinationFormAnswers),
    Child(&'a ChildFormAnswers),
}

impl Citizen {
    /// The body of a read operation, encoded by `monshin-wire`.
    pub(crate) fn read(&self, op: Operation, id: &str) -> Result<Vec<u8>, ApiError> {
        let not_found = || ApiError::new(ServerCode::NotFound, "no such form for this person");
        let encoded = match op {
            Operation::ListVaccinations => monshin_wire::encode(&self.vaccinations),
            Operation::ListVaccinationForms => monshin_wire::encode(&self.vaccination_forms),
            Operation::GetVaccinationAnswers => monshin_wire::encode(
                self.vaccination_answers
                    .iter()
                    .find(|d| d.form_id.as_str() == id)
                    .ok_or_else(not_found)?,
            ),
            Operation::ListPrenatalCheckups => monshin_wire::encode(&self.prenatal_checkups),
            Operation::ListPrenatalVouchers => monshin_wire::encode(&self.prenatal_vouchers),
            Operation::ListChildCheckups => monshin_wire::encode(&self.child_checkups),
            Operation::GetChildAnswers => monshin_wire::encode(
                self.child_answers
                    .iter()
                    .find(|d| d.checkup_id.as_str() == id)
                    .ok_or_else(not_found)?,
            ),
            Operation::ListSubsidyCertificates => monshin_wire::encode(&self.subsidy_certificates),
            Operation::RegisterVaccinationAnswers | Operation::RegisterChildAnswers => {
                return Err(ApiError::internal())
            }
        };
        encoded.map_err(|_| ApiError::internal())
    }

    /// The stored answers document a register of `op` for `form_id` updates.
    pub(crate) fn stored_doc(&self, op: Operation, form_id: &str) -> Option<StoredDoc<'_>> {
        match op {
            Operation::RegisterVaccinationAnswers => self
                .vaccination_answers
                .iter()
                .find(|d| d.form_id.as_str() == form_id)
                .map(StoredDoc::Vaccination),
            Operation::RegisterChildAnswers => self
                .child_answers
                .iter()
                .find(|d| d.checkup_id.as_str() == form_id)
                .map(StoredDoc::Child),
            _ => None,
        }
    }

    /// Stores a register's status, last page and answers in the form's answers document and
    /// its status in the form list; returns the form's new revision.
    pub(crate) fn record(
        &mut self,
        form_id: &str,
        status: AnswerStatus,
        last_page: LastPage,
        answers: &[WireAnswer],
    ) -> u64 {
        for d in self
            .vaccination_answers
            .iter_mut()
            .filter(|d| d.form_id.as_str() == form_id)
        {
            (d.status, d.last_page, d.answers) = (status.into(), Some(last_page), answers.to_vec());
        }
        for f in self
            .vaccination_forms
            .forms
            .iter_mut()
            .filter(|f| f.form_id.as_str() == form_id)
        {
            f.status = status.into();
        }
        for d in self
            .child_answers
            .iter_mut()
            .filter(|d| d.checkup_id.as_str() == form_id)
        {
            (d.status, d.last_page, d.answers) = (status.into(), Some(last_page), answers.to_vec());
        }
        for k in self
            .child_checkups
            .checkups
            .iter_mut()
            .filter(|k| k.checkup_id.as_str() == form_id)
        {
            k.status = status.into();
        }
        let revision = self.revisions.entry(form_id.to_owned()).or_insert(0);
        *revision += 1;
        *revision
    }
}

/// A remembered idempotency key: the request it was first used with and the receipt given.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct KeyRecord {
    pub(crate) key: String,
    pub(crate) citizen: String,
    pub(crate) operation: String,
    pub(crate) form_id: String,
    pub(crate) fingerprint: String,
    pub(crate) receipt: RegisterReceipt,
}

/// The seed, or a state file of the first format.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Document {
    format: String,
    pub(crate) citizens: Vec<Citizen>,
    #[serde(default)]
    pub(crate) keys: Vec<KeyRecord>,
}

impl Document {
    /// Reads a seed or state file and checks it against the forms.
    pub(crate) fn from_json(bytes: &[u8], forms: &Forms) -> Result<Document, SandboxError> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let mut doc: Document = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            SandboxError::StateFile(format!(
                "not a sandbox state document (at `{}`, line {}, column {})",
                e.path(),
                e.inner().line(),
                e.inner().column()
            ))
        })?;
        de.end()
            .map_err(|_| SandboxError::StateFile("trailing characters".to_owned()))?;
        if doc.format != FORMAT {
            return Err(SandboxError::StateFile(format!(
                "unknown format (expected `{FORMAT}`)"
            )));
        }
        doc.fill(forms)?;
        doc.check(forms)?;
        Ok(doc)
    }

    /// Adds `n` copies of citizen `template` named `load-0001` … (for load tests).
    pub(crate) fn add_copies(&mut self, template: &str, n: usize) -> Result<(), SandboxError> {
        let base = self
            .citizens
            .iter()
            .find(|c| c.id == template)
            .cloned()
            .ok_or(SandboxError::UnknownCitizen)?;
        for i in 1..=n {
            let mut c = base.clone();
            c.id = format!("load-{i:04}");
            c.label = format!("Load-test copy {i} of {template}");
            self.citizens.push(c);
        }
        Ok(())
    }

    /// Pre-fills forms from the bundled examples (`fill`), and takes titles and page labels
    /// from the definitions.
    fn fill(&mut self, forms: &Forms) -> Result<(), SandboxError> {
        for c in &mut self.citizens {
            let fills = std::mem::take(&mut c.fill);
            for (form_id, fill) in fills {
                let (form, bundled) = forms
                    .resolve(c, &form_id)
                    .ok_or_else(|| SandboxError::Seed(format!("no bundled form {form_id}")))?;
                let definition = form.definition_id().to_owned();
                let text = match fill {
                    Fill::Draft => bundled.draft_answers,
                    Fill::Complete => bundled.complete_answers,
                };
                let mut set = AnswerSet::from_json(text.as_bytes(), &Limits::default())
                    .map_err(|e| SandboxError::Seed(format!("example {form_id}: {}", e.code())))?;
                set.definition = definition;
                let (status, last_page, answers) = wire_answers_of(&set).ok_or_else(|| {
                    SandboxError::Seed(format!("example {form_id} cannot be sent to PMH"))
                })?;
                let mut done = false;
                for d in c
                    .vaccination_answers
                    .iter_mut()
                    .filter(|d| d.form_id.as_str() == form_id)
                {
                    (d.status, d.last_page, d.answers) =
                        (status.into(), last_page, answers.clone());
                    done = true;
                }
                for f in c
                    .vaccination_forms
                    .forms
                    .iter_mut()
                    .filter(|f| f.form_id.as_str() == form_id)
                {
                    f.status = status.into();
                }
                for d in c
                    .child_answers
                    .iter_mut()
                    .filter(|d| d.checkup_id.as_str() == form_id)
                {
                    (d.status, d.last_page, d.answers) =
                        (status.into(), last_page, answers.clone());
                    done = true;
                }
                for k in c
                    .child_checkups
                    .checkups
                    .iter_mut()
                    .filter(|k| k.checkup_id.as_str() == form_id)
                {
                    k.status = status.into();
                }
                if !done {
                    return Err(SandboxError::Seed(format!(
                        "citizen {}: no form {form_id} to fill",
                        c.id
                    )));
                }
            }
            let ids = (c.forms().into_iter().map(|(id, ..)| id)).chain(
                c.vaccination_forms
                    .forms
                    .iter()
                    .map(|f| f.form_id.to_string()),
            );
            let shown: HashMap<String, (String, Vec<String>)> = ids
                .filter_map(|id| {
                    let form = forms.get(c, &id)?;
                    let labels = form.pages().iter().map(|p| p.label.clone()).collect();
                    Some((id, (form.definition().title.clone(), labels)))
                })
                .collect();
            for d in &mut c.vaccination_answers {
                if let Some((title, labels)) = shown.get(d.form_id.as_str()) {
                    d.title.clone_from(title);
                    d.page_labels.clone_from(labels);
                }
            }
            for f in &mut c.vaccination_forms.forms {
                if let Some((title, _)) = shown.get(f.form_id.as_str()) {
                    f.title.clone_from(title);
                }
            }
            for d in &mut c.child_answers {
                if let Some((title, labels)) = shown.get(d.checkup_id.as_str()) {
                    d.title.clone_from(title);
                    d.page_labels.clone_from(labels);
                }
            }
        }
        Ok(())
    }

    /// The invariants every seed and state file must hold.
    fn check(&self, forms: &Forms) -> Result<(), SandboxError> {
        let bad = |c: &Citizen, what: String| {
            Err(SandboxError::StateFile(format!("citizen {}: {what}", c.id)))
        };
        let mut ids = std::collections::HashSet::new();
        for c in &self.citizens {
            let id_ok = !c.id.is_empty()
                && c.id.len() <= 64
                && c.id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !id_ok {
                return bad(c, "IDs are 1–64 characters of [A-Za-z0-9_-]".to_owned());
            }
            if !ids.insert(c.id.as_str()) {
                return bad(c, "duplicate citizen ID".to_owned());
            }
            for consent in &c.consents {
                if ![
                    Category::Vaccination,
                    Category::MaternalChild,
                    Category::Subsidy,
                ]
                .iter()
                .any(|k| k.as_str() == consent)
                {
                    return bad(c, "unknown consent kind".to_owned());
                }
            }
            let summaries: Vec<(&str, bool, &Open<AnswerStatus>)> = c
                .vaccination_forms
                .forms
                .iter()
                .map(|f| (f.form_id.as_str(), f.answerable, &f.status))
                .collect();
            let docs: Vec<(&str, bool, &Open<AnswerStatus>)> = c
                .vaccination_answers
                .iter()
                .map(|d| (d.form_id.as_str(), d.answerable, &d.status))
                .collect();
            if summaries != docs {
                return bad(
                    c,
                    "vaccinationForms and vaccinationAnswers disagree".to_owned(),
                );
            }
            let summaries: Vec<(&str, bool, &Open<AnswerStatus>)> = c
                .child_checkups
                .checkups
                .iter()
                .map(|k| (k.checkup_id.as_str(), k.answerable, &k.status))
                .collect();
            let docs: Vec<(&str, bool, &Open<AnswerStatus>)> = c
                .child_answers
                .iter()
                .map(|d| (d.checkup_id.as_str(), d.answerable, &d.status))
                .collect();
            if summaries != docs {
                return bad(c, "childCheckups and childAnswers disagree".to_owned());
            }
            let all = c
                .vaccination_answers
                .iter()
                .map(|d| {
                    (
                        d.form_id.as_str(),
                        FormKind::Vaccination,
                        d.answerable,
                        &d.status,
                        d.last_page.is_some(),
                        d.answers.is_empty(),
                    )
                })
                .chain(c.child_answers.iter().map(|d| {
                    (
                        d.checkup_id.as_str(),
                        FormKind::ChildCheckup,
                        d.answerable,
                        &d.status,
                        d.last_page.is_some(),
                        d.answers.is_empty(),
                    )
                }));
            for (id, kind, answerable, status, has_page, empty) in all {
                let unanswered = *status == AnswerStatus::Unanswered;
                if unanswered == has_page || (unanswered && !empty) {
                    return bad(
                        c,
                        format!("form {id}: status, last page and answers disagree"),
                    );
                }
                match forms.get(c, id) {
                    Some(form) if form.kind() != kind => {
                        return bad(c, format!("form {id} is of another kind"));
                    }
                    None if answerable => {
                        return bad(c, format!("answerable form {id} has no definition"));
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

/// An example answer set as wire status, last page and answers.
fn wire_answers_of(set: &AnswerSet) -> Option<(AnswerStatus, Option<LastPage>, Vec<WireAnswer>)> {
    let last_page = match set.last_page {
        Some(p) => Some(last_page_to_wire(p).ok()?),
        None => None,
    };
    let answers = set
        .answers
        .iter()
        .map(|a| answer_to_wire(a).ok())
        .collect::<Option<Vec<_>>>()?;
    Some((set.status, last_page, answers))
}

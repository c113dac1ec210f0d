//! The sandbox's data: citizens with their PMH documents, the bundled forms, and the PMH rules
//! applied to a register.
//!
//! Each citizen holds the ten operations' documents as `monshin-wire` types, exactly as they
//! are served; a register updates the form's answers document and the status in its list
//! (operation 2 or 7). The whole state serialises as one JSON document, the format of the seed
//! (`seed/citizens.json`) and of the state file:
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
//! findings), the last-page rules (`monshin-lifecycle`, 422).

use std::collections::{BTreeMap, HashMap, VecDeque};

use monshin_core::catalogue::{DefinitionRef, Library};
use monshin_core::{
    Answer, AnswerSet, AnswerStatus as CoreStatus, CompiledForm, FormKind, Limits, PageNumber,
    RepeatSeq as CoreSeq,
};
use monshin_expr::Date;
use monshin_forms::BundledForm;
use monshin_lifecycle::LifecycleError;
use monshin_lifecycle::{
    check_last_page, checkup_key, resume_child, resume_vaccination, transition, vaccination_key,
};
use monshin_pmh::api::{Category, RegisterReceipt, RemoteFinding, RemoteLocation};
use monshin_pmh::{Operation, ServerCode};
use monshin_wire::{
    AnswerStatus, AnswerValue, ChildCheckupList, ChildFormAnswers, LastPage, MasterId,
    PrenatalCheckupList, PrenatalVoucherList, RegisterChildQuestionnaireAnswer,
    RegisterQuestionnaireAnswer, RegisterStatus, RepeatSeq, SubsidyCertificateList,
    VaccinationFormAnswers, VaccinationFormList, VaccinationList, WireAnswer,
};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, SandboxError};

/// The `format` of the state file.
pub(crate) const FORMAT: &str = "monshin-pmh-sandbox/1";

/// Idempotency keys remembered (the oldest are forgotten first).
const MAX_KEYS: usize = 10_000;

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
    pub(crate) fn forms(&self) -> Vec<(String, String, AnswerStatus, bool)> {
        let v = self.vaccination_answers.iter().map(|d| {
            (
                d.form_id.to_string(),
                d.title.clone(),
                d.status,
                d.answerable,
            )
        });
        let c = self.child_answers.iter().map(|d| {
            (
                d.checkup_id.to_string(),
                d.title.clone(),
                d.status,
                d.answerable,
            )
        });
        v.chain(c).collect()
    }
}

/// A remembered idempotency key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct KeyRecord {
    key: String,
    citizen: String,
    operation: String,
    form_id: String,
    fingerprint: String,
    receipt: RegisterReceipt,
}

/// The state file document.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StateFile {
    format: String,
    citizens: Vec<Citizen>,
    #[serde(default)]
    keys: VecDeque<KeyRecord>,
}

/// The whole sandbox state.
#[derive(Debug, Clone)]
pub(crate) struct State {
    file: StateFile,
    key_index: HashMap<String, usize>,
}

/// The outcome of a register the rules accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Applied {
    pub(crate) receipt: RegisterReceipt,
    pub(crate) replayed: bool,
}

impl State {
    /// Reads a seed or state file and checks it against the forms.
    pub(crate) fn from_json(bytes: &[u8], forms: &Forms) -> Result<State, SandboxError> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let file: StateFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            SandboxError::StateFile(format!(
                "not a sandbox state document (at `{}`, line {}, column {})",
                e.path(),
                e.inner().line(),
                e.inner().column()
            ))
        })?;
        de.end()
            .map_err(|_| SandboxError::StateFile("trailing characters".to_owned()))?;
        if file.format != FORMAT {
            return Err(SandboxError::StateFile(format!(
                "unknown format (expected `{FORMAT}`)"
            )));
        }
        let mut state = State {
            file,
            key_index: HashMap::new(),
        };
        state.fill(forms)?;
        state.check(forms)?;
        state.reindex();
        Ok(state)
    }

    pub(crate) fn to_json(&self) -> Result<Vec<u8>, SandboxError> {
        serde_json::to_vec_pretty(&self.file)
            .map_err(|_| SandboxError::StateFile("cannot be encoded".to_owned()))
    }

    fn reindex(&mut self) {
        self.key_index = self
            .file
            .keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.key.clone(), i))
            .collect();
    }

    pub(crate) fn citizens(&self) -> &[Citizen] {
        &self.file.citizens
    }

    pub(crate) fn citizen(&self, id: &str) -> Option<&Citizen> {
        self.file.citizens.iter().find(|c| c.id == id)
    }

    /// Adds `n` copies of citizen `template` named `load-0001` … (for load tests).
    pub(crate) fn add_copies(&mut self, template: &str, n: usize) -> Result<(), SandboxError> {
        let base = self
            .citizen(template)
            .cloned()
            .ok_or(SandboxError::UnknownCitizen)?;
        for i in 1..=n {
            let mut c = base.clone();
            c.id = format!("load-{i:04}");
            c.label = format!("Load-test copy {i} of {template}");
            self.file.citizens.push(c);
        }
        Ok(())
    }

    /// Pre-fills forms from the bundled examples (`fill`), and takes titles and page labels
    /// from the definitions.
    fn fill(&mut self, forms: &Forms) -> Result<(), SandboxError> {
        for c in &mut self.file.citizens {
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
                    (d.status, d.last_page, d.answers) = (status, last_page, answers.clone());
                    done = true;
                }
                for f in c
                    .vaccination_forms
                    .forms
                    .iter_mut()
                    .filter(|f| f.form_id.as_str() == form_id)
                {
                    f.status = status;
                }
                for d in c
                    .child_answers
                    .iter_mut()
                    .filter(|d| d.checkup_id.as_str() == form_id)
                {
                    (d.status, d.last_page, d.answers) = (status, last_page, answers.clone());
                    done = true;
                }
                for k in c
                    .child_checkups
                    .checkups
                    .iter_mut()
                    .filter(|k| k.checkup_id.as_str() == form_id)
                {
                    k.status = status;
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
        for c in &self.file.citizens {
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
            let summaries: Vec<(&str, bool, AnswerStatus)> = c
                .vaccination_forms
                .forms
                .iter()
                .map(|f| (f.form_id.as_str(), f.answerable, f.status))
                .collect();
            let docs: Vec<(&str, bool, AnswerStatus)> = c
                .vaccination_answers
                .iter()
                .map(|d| (d.form_id.as_str(), d.answerable, d.status))
                .collect();
            if summaries != docs {
                return bad(
                    c,
                    "vaccinationForms and vaccinationAnswers disagree".to_owned(),
                );
            }
            let summaries: Vec<(&str, bool, AnswerStatus)> = c
                .child_checkups
                .checkups
                .iter()
                .map(|k| (k.checkup_id.as_str(), k.answerable, k.status))
                .collect();
            let docs: Vec<(&str, bool, AnswerStatus)> = c
                .child_answers
                .iter()
                .map(|d| (d.checkup_id.as_str(), d.answerable, d.status))
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
                        d.status,
                        d.last_page.is_some(),
                        d.answers.is_empty(),
                    )
                })
                .chain(c.child_answers.iter().map(|d| {
                    (
                        d.checkup_id.as_str(),
                        FormKind::ChildCheckup,
                        d.answerable,
                        d.status,
                        d.last_page.is_some(),
                        d.answers.is_empty(),
                    )
                }));
            for (id, kind, answerable, status, has_page, empty) in all {
                let unanswered = status == AnswerStatus::Unanswered;
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

    /// The body of a read operation, encoded by `monshin-wire`.
    pub(crate) fn read(&self, citizen: &str, op: Operation, id: &str) -> Result<Vec<u8>, ApiError> {
        let c = self
            .citizen(citizen)
            .ok_or_else(|| ApiError::new(ServerCode::Unauthorized, "unknown token"))?;
        let not_found = || ApiError::new(ServerCode::NotFound, "no such form for this person");
        let encoded = match op {
            Operation::ListVaccinations => monshin_wire::encode(&c.vaccinations),
            Operation::ListVaccinationForms => monshin_wire::encode(&c.vaccination_forms),
            Operation::GetVaccinationAnswers => monshin_wire::encode(
                c.vaccination_answers
                    .iter()
                    .find(|d| d.form_id.as_str() == id)
                    .ok_or_else(not_found)?,
            ),
            Operation::ListPrenatalCheckups => monshin_wire::encode(&c.prenatal_checkups),
            Operation::ListPrenatalVouchers => monshin_wire::encode(&c.prenatal_vouchers),
            Operation::ListChildCheckups => monshin_wire::encode(&c.child_checkups),
            Operation::GetChildAnswers => monshin_wire::encode(
                c.child_answers
                    .iter()
                    .find(|d| d.checkup_id.as_str() == id)
                    .ok_or_else(not_found)?,
            ),
            Operation::ListSubsidyCertificates => monshin_wire::encode(&c.subsidy_certificates),
            Operation::RegisterVaccinationAnswers | Operation::RegisterChildAnswers => {
                return Err(ApiError::internal())
            }
        };
        encoded.map_err(|_| ApiError::internal())
    }

    /// Applies a register under the PMH rules (see the module documentation).
    pub(crate) fn register(
        &mut self,
        citizen: &str,
        op: Operation,
        body: &[u8],
        key: &str,
        forms: &Forms,
        today: Date,
    ) -> Result<Applied, ApiError> {
        let fingerprint = format!("{:016x}", fnv1a(body));
        if let Some(&i) = self.key_index.get(key) {
            let rec = self.file.keys.get(i).ok_or_else(ApiError::internal)?;
            if rec.citizen == citizen
                && rec.operation == op.name()
                && rec.fingerprint == fingerprint
            {
                let mut receipt = rec.receipt;
                receipt.replayed = true;
                return Ok(Applied {
                    receipt,
                    replayed: true,
                });
            }
            return Err(ApiError::new(
                ServerCode::IdempotencyKeyReused,
                "the idempotency key was used before with another request",
            ));
        }
        let request = Request::parse(op, body)?;
        let c = self
            .file
            .citizens
            .iter_mut()
            .find(|c| c.id == citizen)
            .ok_or_else(|| ApiError::new(ServerCode::Unauthorized, "unknown token"))?;
        let not_found = || ApiError::new(ServerCode::NotFound, "no such form for this person");
        let (answerable, stored_doc) = match op {
            Operation::RegisterVaccinationAnswers => {
                let d = c
                    .vaccination_answers
                    .iter()
                    .find(|d| d.form_id.as_str() == request.form_id)
                    .ok_or_else(not_found)?;
                (d.answerable, StoredDoc::Vaccination(d))
            }
            _ => {
                let d = c
                    .child_answers
                    .iter()
                    .find(|d| d.checkup_id.as_str() == request.form_id)
                    .ok_or_else(not_found)?;
                (d.answerable, StoredDoc::Child(d))
            }
        };
        let not_answerable = || {
            ApiError::new(
                ServerCode::NotAnswerable,
                "the form may not be answered now",
            )
        };
        if !answerable {
            return Err(not_answerable());
        }
        let form = forms.get(c, &request.form_id).ok_or_else(not_answerable)?;
        let resumed = match stored_doc {
            StoredDoc::Vaccination(d) => resume_vaccination(form, d),
            StoredDoc::Child(d) => resume_child(form, d),
        }
        .map_err(|_| ApiError::internal())?;
        let stored = resumed.stored;
        let next = request.answer_set(form.definition_id());
        transition(&stored.state, next.status).map_err(|e| match e {
            LifecycleError::NotAnswerable => not_answerable(),
            _ => ApiError::new(
                ServerCode::StatusTransition,
                "this status change is not allowed (回答済み never goes back to 下書き)",
            ),
        })?;
        let validated = form
            .validate_for_status(next.clone(), today)
            .map_err(|rejected| ApiError {
                findings: rejected
                    .report
                    .errors()
                    .map(|f| RemoteFinding {
                        code: f.code.as_str().to_owned(),
                        severity: "error".to_owned(),
                        location: RemoteLocation {
                            page: f.location.page.map(|p| p.0),
                            master_id: f.location.master_id.clone(),
                            seq: f.location.seq.map(|s| s.0),
                            answer_index: f.location.answer_index,
                        },
                    })
                    .collect(),
                ..ApiError::new(
                    ServerCode::InvalidAnswers,
                    "the answers do not pass validation against the form definition",
                )
            })?;
        check_last_page(form, &stored, validated.answers()).map_err(|e| match e {
            LifecycleError::LastPageMissing
            | LifecycleError::LastPageOutOfRange { .. }
            | LifecycleError::LastPageNotUpdated { .. } => ApiError::new(
                ServerCode::LastPage,
                "the last page is not a page this register updates",
            ),
            _ => ApiError::internal(),
        })?;

        // Apply.
        let status = AnswerStatus::from(request.status);
        let answer_count = u32::try_from(request.answers.len()).unwrap_or(u32::MAX);
        match op {
            Operation::RegisterVaccinationAnswers => {
                for d in c
                    .vaccination_answers
                    .iter_mut()
                    .filter(|d| d.form_id.as_str() == request.form_id)
                {
                    (d.status, d.last_page, d.answers) =
                        (status, Some(request.last_page), request.answers.clone());
                }
                for f in c
                    .vaccination_forms
                    .forms
                    .iter_mut()
                    .filter(|f| f.form_id.as_str() == request.form_id)
                {
                    f.status = status;
                }
            }
            _ => {
                for d in c
                    .child_answers
                    .iter_mut()
                    .filter(|d| d.checkup_id.as_str() == request.form_id)
                {
                    (d.status, d.last_page, d.answers) =
                        (status, Some(request.last_page), request.answers.clone());
                }
                for k in c
                    .child_checkups
                    .checkups
                    .iter_mut()
                    .filter(|k| k.checkup_id.as_str() == request.form_id)
                {
                    k.status = status;
                }
            }
        }
        let revision = c.revisions.entry(request.form_id.clone()).or_insert(0);
        *revision += 1;
        let receipt = RegisterReceipt {
            revision: *revision,
            status,
            last_page: request.last_page,
            answer_count,
            replayed: false,
        };
        self.file.keys.push_back(KeyRecord {
            key: key.to_owned(),
            citizen: citizen.to_owned(),
            operation: op.name().to_owned(),
            form_id: request.form_id,
            fingerprint,
            receipt,
        });
        if self.file.keys.len() > MAX_KEYS {
            self.file.keys.pop_front();
            self.reindex();
        } else {
            self.key_index
                .insert(key.to_owned(), self.file.keys.len() - 1);
        }
        Ok(Applied {
            receipt,
            replayed: false,
        })
    }
}

enum StoredDoc<'a> {
    Vaccination(&'a VaccinationFormAnswers),
    Child(&'a ChildFormAnswers),
}

/// A parsed register body, whichever of the two.
struct Request {
    form_id: String,
    status: RegisterStatus,
    last_page: LastPage,
    answers: Vec<WireAnswer>,
}

impl Request {
    fn parse(op: Operation, body: &[u8]) -> Result<Request, ApiError> {
        match op {
            Operation::RegisterVaccinationAnswers => {
                let b: RegisterQuestionnaireAnswer =
                    monshin_wire::parse(body).map_err(|e| ApiError::bad_body(&e))?;
                Ok(Request {
                    form_id: b.form_id().to_string(),
                    status: b.status(),
                    last_page: b.last_page(),
                    answers: b.answers().to_vec(),
                })
            }
            Operation::RegisterChildAnswers => {
                let b: RegisterChildQuestionnaireAnswer =
                    monshin_wire::parse(body).map_err(|e| ApiError::bad_body(&e))?;
                Ok(Request {
                    form_id: b.checkup_id().to_string(),
                    status: b.status(),
                    last_page: b.last_page(),
                    answers: b.answers().to_vec(),
                })
            }
            _ => Err(ApiError::internal()),
        }
    }

    /// The body as a `monshin-core` answer set.
    fn answer_set(&self, definition: &str) -> AnswerSet {
        AnswerSet {
            definition: definition.to_owned(),
            status: match self.status {
                RegisterStatus::Draft => CoreStatus::Draft,
                RegisterStatus::Answered => CoreStatus::Answered,
            },
            last_page: Some(PageNumber(self.last_page.get())),
            answers: self
                .answers
                .iter()
                .map(|a| Answer {
                    id: a.master_id.as_str().to_owned(),
                    seq: CoreSeq(a.seq.get()),
                    value: a.value.as_str().to_owned(),
                })
                .collect(),
        }
    }
}

/// An example answer set as wire status, last page and answers.
fn wire_answers_of(set: &AnswerSet) -> Option<(AnswerStatus, Option<LastPage>, Vec<WireAnswer>)> {
    let status = match set.status {
        CoreStatus::Unanswered => AnswerStatus::Unanswered,
        CoreStatus::Draft => AnswerStatus::Draft,
        CoreStatus::Answered => AnswerStatus::Answered,
    };
    let last_page = match set.last_page {
        Some(p) => Some(LastPage::new(p.0).ok()?),
        None => None,
    };
    let answers = set
        .answers
        .iter()
        .map(|a| {
            Some(WireAnswer::new(
                MasterId::new(&a.id).ok()?,
                RepeatSeq::new(a.seq.0).ok()?,
                AnswerValue::new(a.value.clone()),
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    Some((status, last_page, answers))
}

/// FNV-1a, 64 bits: a fingerprint of a register body that is stable across runs and builds.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}

//! `Form` (a compiled definition: validate, normalise, register payload, NDJSON batches),
//! `RegisterPayload`, and the bundled data: `forms()` and `catalogue()`.

use std::sync::Arc;

use monshin_batch::BatchOptions;
use monshin_core::{AnswerSet, CompiledForm, FindingCode, FormKind, Limits, PageNumber};
use monshin_lifecycle::RegisterPayload as Body;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyDict, PyList};
use serde::Serialize;

use crate::args::{self, JsonText};
use crate::batch::{BatchReader, Source};
use crate::errors::{Failure, Kind};
use crate::findings::{finding_list, Normalized, Report};

/// A serde value as Python objects (dicts, lists, str, int, bool, None): the one conversion
/// of documents monshin writes.
pub(crate) fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|_| internal("a result").into())
}

/// A result that could not be converted (not expected to happen).
pub(crate) fn internal(what: &str) -> Failure {
    Failure::new(
        Kind::Document,
        FindingCode::PythonInternal,
        format!("could not convert {what}"),
    )
}

/// Limits raised from a `{name: value}` mapping (names as `monshin --limit NAME=VALUE`).
fn limits(raise: Option<&Bound<'_, PyDict>>) -> PyResult<Limits> {
    let mut limits = Limits::default();
    for (name, value) in raise.into_iter().flat_map(|d| d.iter()) {
        let (Ok(name), Ok(value)) = (name.extract::<PyBackedStr>(), value.extract::<u64>()) else {
            return Err(
                Failure::argument("limits", "must map limit names to whole numbers").into(),
            );
        };
        limits.raise(&name, value).map_err(|e| {
            Failure::coded(
                Kind::Argument,
                e.code(),
                e.to_string(),
                monshin_core::Location::default(),
            )
        })?;
    }
    Ok(limits)
}

/// A compiled form definition: parsed, linted and compiled once, then used for any number
/// of answer sets (thread-safe; validation releases the GIL).
#[pyclass(frozen, module = "monshin")]
pub struct Form {
    pub(crate) form: Arc<CompiledForm>,
}

impl Form {
    fn compile(text: &[u8], limits: &Limits) -> Result<Form, Failure> {
        Ok(Form {
            form: Arc::new(CompiledForm::from_json(text, limits)?),
        })
    }
}

#[pymethods]
impl Form {
    /// Parse, lint and compile a definition (JSON text, bytes or a dict). `limits` raises
    /// reading limits by name (`{"pages": 300}`). Raises `DefinitionError` (with the error
    /// findings) or `DocumentError`.
    #[staticmethod]
    #[pyo3(signature = (definition, *, limits = None))]
    fn from_json(
        py: Python<'_>,
        definition: &Bound<'_, PyAny>,
        limits: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Form> {
        let text = JsonText::read(definition, "definition")?;
        let limits = self::limits(limits)?;
        Ok(py.detach(|| Form::compile(text.bytes(), &limits))?)
    }

    /// A bundled form by name (`monshin.forms()` lists them), expanded with its parameters'
    /// defaults. Raises `ArgumentError` (`python.unknown-form`) for another name.
    #[staticmethod]
    fn bundled(py: Python<'_>, name: &str) -> PyResult<Form> {
        let found = monshin_forms::by_name(name).ok_or_else(|| {
            Failure::new(
                Kind::Argument,
                FindingCode::PythonUnknownForm,
                "no bundled form has this name; monshin.forms() lists them",
            )
        })?;
        Ok(py.detach(|| Form::compile(found.definition.as_bytes(), &Limits::default()))?)
    }

    /// The definition's own `id` (never a PMH ID).
    #[getter]
    fn id(&self) -> &str {
        self.form.definition_id()
    }

    /// The author's version of the definition.
    #[getter]
    fn version(&self) -> &str {
        &self.form.definition().version
    }

    /// The title.
    #[getter]
    fn title(&self) -> &str {
        &self.form.definition().title
    }

    /// `"vaccination"` (予診票) or `"child-checkup"` (乳幼児健診問診票).
    #[getter]
    fn kind(&self) -> &'static str {
        match self.form.kind() {
            FormKind::Vaccination => "vaccination",
            FormKind::ChildCheckup => "child-checkup",
        }
    }

    /// Number of pages.
    #[getter]
    fn page_count(&self) -> usize {
        self.form.pages().len()
    }

    /// Lint warnings of the definition.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        finding_list(py, self.form.warnings())
    }

    /// Validate an answer set (JSON text, bytes or a dict) in `mode` (`"draft"`,
    /// `"complete"`; default: the mode its status needs, 回答済み → complete) on `today` (a
    /// `datetime.date` or `"YYYY-MM-DD"`; default: today). Problems with the answers are
    /// findings in the report; raises `DocumentError` only when the set cannot be read.
    #[pyo3(signature = (answers, *, mode = None, today = None))]
    fn validate(
        &self,
        py: Python<'_>,
        answers: &Bound<'_, PyAny>,
        mode: Option<&str>,
        today: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Report> {
        let text = JsonText::read(answers, "answers")?;
        let mode = args::mode(mode)?;
        let today = args::today(py, today)?;
        let form = &self.form;
        let report = py.detach(|| -> Result<Report, Failure> {
            let options = BatchOptions { mode, today };
            let report = monshin_batch::validate_set(form, &options, text.bytes())?;
            Ok(Report::new(report.into_findings()))
        })?;
        Ok(report)
    }

    /// Rewrite recognisable input to canonical text (`３６．５` → `36.5`, `令和8年4月1日` →
    /// `2026-04-01`); answers keep their order, answers the form does not have are kept and
    /// listed by position. Refused input is left as typed (validation reports it).
    fn normalize(&self, py: Python<'_>, answers: &Bound<'_, PyAny>) -> PyResult<Normalized> {
        let text = JsonText::read(answers, "answers")?;
        let form = &self.form;
        let normalized = py.detach(|| -> Result<Normalized, Failure> {
            let mut set = AnswerSet::from_json(text.bytes(), form.limits())?;
            let changes = form.normalize(&mut set);
            let unknown = form.unknown_answers(&set);
            Ok(Normalized {
                set,
                changes,
                unknown,
            })
        })?;
        Ok(normalized)
    }

    /// The PMH register body (`RegisterQuestionnaireAnswer` / `RegisterChildQuestionnaire…`,
    /// by form kind) for an answer set, addressed to `pmh_id` (予診票管理ID / 乳幼児健診管理ID).
    /// `status` and `last_page` replace the set's own; the set must pass validation in the
    /// mode its status needs. Raises `AnswersInvalidError` (with the findings) or
    /// `PayloadError` (`lifecycle.*`: a value PMH cannot carry).
    #[pyo3(signature = (answers, pmh_id, *, status = None, last_page = None, today = None))]
    fn register_payload(
        &self,
        py: Python<'_>,
        answers: &Bound<'_, PyAny>,
        pmh_id: &str,
        status: Option<&str>,
        last_page: Option<u32>,
        today: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<RegisterPayload> {
        let text = JsonText::read(answers, "answers")?;
        let status = args::status(status)?;
        let today = args::today(py, today)?;
        let form = &self.form;
        let payload = py.detach(|| -> Result<RegisterPayload, Failure> {
            let mut set = AnswerSet::from_json(text.bytes(), form.limits())?;
            if let Some(s) = status {
                set.status = s;
            }
            if let Some(p) = last_page {
                set.last_page = Some(PageNumber(p));
            }
            let validated = form.validate_for_status(set, today).map_err(|rejected| {
                Failure::new(
                    Kind::AnswersInvalid,
                    FindingCode::PythonAnswersInvalid,
                    "the answers do not pass validation for their status; see findings",
                )
                .with_findings(rejected.report.into_findings())
            })?;
            let body = Body::from_validated(&validated, pmh_id)?;
            let json = String::from_utf8(body.to_json()?).map_err(|_| internal("the body"))?;
            Ok(RegisterPayload {
                body,
                json,
                warnings: validated.warnings().to_vec(),
            })
        })?;
        Ok(payload)
    }

    /// Validate the answer sets of NDJSON `data` (bytes, one set per line, blank lines
    /// skipped): an iterator of `BatchResult`s in input order. Lines are read in bounded
    /// chunks and each chunk is validated on all cores with the GIL released. `mode`
    /// overrides every set's own; `today` as in `validate`.
    #[pyo3(signature = (data, *, mode = None, today = None))]
    fn validate_ndjson(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        mode: Option<&str>,
        today: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<BatchReader> {
        let source = Source::bytes(data)?;
        let mode = args::mode(mode)?;
        let today = args::today(py, today)?;
        Ok(BatchReader::new(
            Arc::clone(&self.form),
            source,
            mode,
            today,
        ))
    }

    /// As `validate_ndjson`, reading the NDJSON file at `path` (a `str` or `os.PathLike`).
    /// Raises `InputError` (`python.io`) if it cannot be opened.
    #[pyo3(signature = (path, *, mode = None, today = None))]
    fn validate_ndjson_file(
        &self,
        py: Python<'_>,
        path: std::path::PathBuf,
        mode: Option<&str>,
        today: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<BatchReader> {
        let source = Source::file(&path)?;
        let mode = args::mode(mode)?;
        let today = args::today(py, today)?;
        Ok(BatchReader::new(
            Arc::clone(&self.form),
            source,
            mode,
            today,
        ))
    }

    fn __repr__(&self) -> String {
        format!("Form({} {})", self.id(), self.version())
    }
}

/// A register body built from a validated answer set.
#[pyclass(frozen, module = "monshin")]
pub struct RegisterPayload {
    body: Body,
    json: String,
    warnings: Vec<monshin_core::Finding>,
}

#[pymethods]
impl RegisterPayload {
    /// The body as the JSON text to send (monshin-wire's encoding).
    #[getter]
    fn body(&self) -> &str {
        &self.json
    }

    /// The body as a dict (PMH's field names).
    #[getter]
    fn document<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.body)
    }

    /// 処理種別: `RegisterQuestionnaireAnswer` or `RegisterChildQuestionnaireAnswer`.
    #[getter]
    fn process_type(&self) -> &'static str {
        self.body.process_type()
    }

    /// Warnings of the validation that let the answers through.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        finding_list(py, &self.warnings)
    }

    fn __repr__(&self) -> String {
        format!(
            "RegisterPayload({}, answers={})",
            self.body.process_type(),
            self.body.answers().len()
        )
    }
}

/// Names of the bundled forms, for `Form.bundled`.
#[pyfunction]
pub(crate) fn forms() -> Vec<&'static str> {
    monshin_forms::FORMS.iter().map(|f| f.name).collect()
}

/// The bundled catalogue as a dict (`catalogue.json`: `version`, `vaccinations`,
/// `childCheckups`): which definition and parameters answer each PMH list entry.
#[pyfunction]
pub(crate) fn catalogue(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let catalogue = monshin_core::catalogue::Catalogue::from_json(
        monshin_forms::CATALOGUE.as_bytes(),
        &Limits::default(),
    )
    .map_err(Failure::from)?;
    to_py(py, &catalogue)
}

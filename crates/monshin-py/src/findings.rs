//! The typed results: `Finding` and `Location` wrap core's own types (no mirror of their
//! fields is kept here: every getter reads the wrapped value), `Report` is a validation's
//! findings, `Normalized` / `Normalization` what `Form.normalize` changed.

use monshin_core::Severity;
use pyo3::prelude::*;
use pyo3::types::PyList;

/// Where a finding or an error applies: page, master ID, repetition, JSON Pointer, line and
/// column, definition field and span. Every part may be absent.
#[pyclass(frozen, module = "monshin")]
#[derive(Debug, Clone)]
pub struct Location(monshin_core::Location);

impl From<monshin_core::Location> for Location {
    fn from(l: monshin_core::Location) -> Location {
        Location(l)
    }
}

#[pymethods]
impl Location {
    /// The page of the item concerned.
    #[getter]
    fn page(&self) -> Option<u32> {
        self.0.page.map(|p| p.0)
    }

    /// The master ID concerned (always one of the definition's).
    #[getter]
    fn master_id(&self) -> Option<&str> {
        self.0.master_id.as_deref()
    }

    /// The repetition concerned.
    #[getter]
    fn seq(&self) -> Option<u32> {
        self.0.seq.map(|s| s.0)
    }

    /// JSON Pointer into the document, e.g. `/answers/3`.
    #[getter]
    fn pointer(&self) -> Option<&str> {
        self.0.pointer.as_deref()
    }

    /// 1-based line (documents that could not be read).
    #[getter]
    fn line(&self) -> Option<u32> {
        self.0.line.map(std::num::NonZeroU32::get)
    }

    /// 1-based column.
    #[getter]
    fn column(&self) -> Option<u32> {
        self.0.column.map(std::num::NonZeroU32::get)
    }

    /// The definition field holding the rule (`enableWhen`, `constraints[0].expr`, …).
    #[getter]
    fn field(&self) -> Option<&str> {
        self.0.field.as_deref()
    }

    /// `(offset, length)` in bytes within that field's text.
    #[getter]
    fn span(&self) -> Option<(u32, u32)> {
        self.0.span.map(|s| (s.offset, s.length))
    }

    /// The location as a dict, spelled as in the CLI's `--format json` (`masterId`, …).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::form::to_py(py, &self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("Location({})", self.0)
    }
}

/// One finding: a stable `code` (see `docs/codes.md`), `severity` (`"error"` or
/// `"warning"`), `location`, a `message` that never contains answer values, and for some
/// codes a `detail_code`.
#[pyclass(frozen, module = "monshin")]
#[derive(Debug, Clone)]
pub struct Finding(monshin_core::Finding);

impl From<monshin_core::Finding> for Finding {
    fn from(f: monshin_core::Finding) -> Finding {
        Finding(f)
    }
}

/// A Python list of findings.
pub(crate) fn finding_list<'py>(
    py: Python<'py>,
    list: &[monshin_core::Finding],
) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, list.iter().cloned().map(Finding))
}

#[pymethods]
impl Finding {
    /// Stable code `family.kebab-name`.
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code.as_str()
    }

    /// `"error"` or `"warning"`.
    #[getter]
    fn severity(&self) -> &'static str {
        match self.0.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// Where it applies.
    #[getter]
    fn location(&self) -> Location {
        Location(self.0.location.clone())
    }

    /// What is wrong, built from the definition, never from answer values.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    /// The author's constraint code, an expression error code, or a wrapped library code.
    #[getter]
    fn detail_code(&self) -> Option<&str> {
        self.0.detail_code.as_deref()
    }

    /// Whether the severity is error.
    #[getter]
    fn is_error(&self) -> bool {
        self.0.is_error()
    }

    /// The finding as a dict, the shape of the CLI's `--format json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::form::to_py(py, &self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "Finding({}, {}, {})",
            self.0.code,
            self.severity(),
            self.0.location
        )
    }
}

/// The result of a validation: `valid` (no error finding) and every finding, sorted by page,
/// item (definition order) and repetition.
#[pyclass(frozen, module = "monshin")]
#[derive(Debug, Clone)]
pub struct Report {
    findings: Vec<monshin_core::Finding>,
}

impl Report {
    pub(crate) fn new(findings: Vec<monshin_core::Finding>) -> Report {
        Report { findings }
    }
}

#[pymethods]
impl Report {
    /// No finding of severity error.
    #[getter]
    fn valid(&self) -> bool {
        !self.findings.iter().any(monshin_core::Finding::is_error)
    }

    /// Every finding.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        finding_list(py, &self.findings)
    }

    /// The findings of severity error.
    #[getter]
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(
            py,
            (self.findings.iter())
                .filter(|f| f.is_error())
                .cloned()
                .map(Finding),
        )
    }

    /// `{"valid": …, "findings": […]}`, the shape of the CLI's `--format json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            valid: bool,
            findings: &'a [monshin_core::Finding],
        }
        crate::form::to_py(
            py,
            &Out {
                valid: self.valid(),
                findings: &self.findings,
            },
        )
    }

    fn __len__(&self) -> usize {
        self.findings.len()
    }

    fn __repr__(&self) -> String {
        let errors = self.findings.iter().filter(|f| f.is_error()).count();
        format!(
            "Report(valid={}, errors={errors}, warnings={})",
            if errors == 0 { "True" } else { "False" },
            self.findings.len() - errors
        )
    }
}

/// One answer `Form.normalize` rewrote: where, and the rules applied in order
/// (`full-width`, `era-date`, …).
#[pyclass(frozen, module = "monshin")]
#[derive(Debug, Clone)]
pub struct Normalization(monshin_core::normalize::Normalization);

#[pymethods]
impl Normalization {
    /// Which answer changed.
    #[getter]
    fn location(&self) -> Location {
        Location(self.0.location.clone())
    }

    /// Rule codes, in the order applied.
    #[getter]
    fn rules(&self) -> Vec<&'static str> {
        self.0.rules.iter().map(|r| r.as_str()).collect()
    }

    fn __repr__(&self) -> String {
        format!("Normalization({}, {:?})", self.0.location, self.rules())
    }
}

/// What `Form.normalize` returns: the answer set with recognisable input rewritten to
/// canonical text, what changed, and where answers name no item of the form.
#[pyclass(frozen, module = "monshin")]
#[derive(Debug)]
pub struct Normalized {
    pub(crate) set: monshin_core::AnswerSet,
    pub(crate) changes: Vec<monshin_core::normalize::Normalization>,
    pub(crate) unknown: Vec<usize>,
}

#[pymethods]
impl Normalized {
    /// The answer set as a dict (the answer-set format, answers in their original order).
    #[getter]
    fn answers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::form::to_py(py, &self.set)
    }

    /// The answer set as JSON text (answers in their original order).
    fn to_json(&self) -> PyResult<String> {
        Ok(
            serde_json::to_string(&self.set)
                .map_err(|_| crate::form::internal("the answer set"))?,
        )
    }

    /// One entry per rewritten answer.
    #[getter]
    fn changes(&self) -> Vec<Normalization> {
        self.changes.iter().cloned().map(Normalization).collect()
    }

    /// Positions (in `answers`) of answers whose master ID the form does not have; they are
    /// kept as they are.
    #[getter]
    fn unknown_answers(&self) -> Vec<usize> {
        self.unknown.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Normalized(changes={}, unknown_answers={})",
            self.changes.len(),
            self.unknown.len()
        )
    }
}

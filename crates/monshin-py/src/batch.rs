//! `Form.validate_ndjson` / `validate_ndjson_file`: one answer set per line, validated in
//! input order, as `monshin validate --batch` does. Lines are read in chunks bounded in count
//! and bytes; each chunk is read and validated (rayon, all cores) with the GIL released, then
//! handed out one `BatchResult` at a time, so memory stays bounded whatever the input size.
//! A line longer than the answer-set byte limit is skipped without being stored and reported
//! as `document.too-large`; an unreadable line is a result with `error`, never an exception.

use std::collections::VecDeque;
use std::io::{self, BufRead};
use std::sync::{Arc, Mutex};

use monshin_batch::{check, BatchOptions, Lines};
use monshin_core::{CompiledForm, Finding, FindingCode, Mode};
use monshin_expr::Date;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::PyList;
use rayon::prelude::*;

use crate::errors::{Failure, Kind};
use crate::findings::{finding_list, Finding as PyFinding};

/// Where the NDJSON comes from.
pub(crate) struct Source(Box<dyn BufRead + Send>);

impl Source {
    /// A `bytes`-like object, read in place (it is kept alive, not copied).
    pub(crate) fn bytes(data: &Bound<'_, PyAny>) -> PyResult<Source> {
        let data: PyBackedBytes = data
            .extract()
            .map_err(|_| Failure::argument("data", "must be bytes (NDJSON)"))?;
        Ok(Source(Box::new(io::Cursor::new(data))))
    }

    /// A file, read through a buffer.
    pub(crate) fn file(path: &std::path::Path) -> PyResult<Source> {
        let file = std::fs::File::open(path).map_err(|_| io_error())?;
        Ok(Source(Box::new(io::BufReader::with_capacity(
            1 << 16,
            file,
        ))))
    }
}

fn io_error() -> Failure {
    Failure::new(
        Kind::Input,
        FindingCode::PythonIo,
        "cannot read the NDJSON input",
    )
}

/// What one answer set gave.
struct Outcome {
    line: u64,
    result: Result<Vec<Finding>, Box<Finding>>,
}

/// The reading position and the results not yet handed out.
struct State {
    lines: Lines<Box<dyn BufRead + Send>>,
    ready: VecDeque<Outcome>,
    done: bool,
}

impl State {
    /// Read the next chunk of non-blank lines and validate it in parallel.
    fn fill(&mut self, form: &CompiledForm, options: &BatchOptions) -> io::Result<()> {
        let chunk = self.lines.next_chunk()?;
        if chunk.is_empty() {
            self.done = true;
            return Ok(());
        }
        let checked: Vec<Outcome> = chunk
            .par_iter()
            .map(|n| Outcome {
                line: n.line,
                result: check(form, options, &n.input).map(|report| report.into_findings()),
            })
            .collect();
        self.ready.extend(checked);
        Ok(())
    }
}

/// An iterator of `BatchResult`s, one per non-blank input line, in input order.
#[pyclass(module = "monshin")]
pub struct BatchReader {
    form: Arc<CompiledForm>,
    options: BatchOptions,
    state: Mutex<State>,
}

impl BatchReader {
    pub(crate) fn new(
        form: Arc<CompiledForm>,
        source: Source,
        mode: Option<Mode>,
        today: Date,
    ) -> BatchReader {
        let max_line = form.limits().max_answers_bytes;
        BatchReader {
            form,
            options: BatchOptions { mode, today },
            state: Mutex::new(State {
                lines: Lines::new(source.0, max_line),
                ready: VecDeque::new(),
                done: false,
            }),
        }
    }
}

#[pymethods]
impl BatchReader {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<BatchResult>> {
        // `try_lock`: waiting for another thread's chunk while holding the GIL could deadlock.
        let mut state = self.state.try_lock().map_err(|_| {
            Failure::argument(
                "validate_ndjson",
                "one iterator is read by one thread at a time",
            )
        })?;
        while state.ready.is_empty() && !state.done {
            let (form, options) = (&*self.form, &self.options);
            let st: &mut State = &mut state;
            py.detach(|| st.fill(form, options))
                .map_err(|_| io_error())?;
        }
        Ok(state.ready.pop_front().map(|o| match o.result {
            Ok(findings) => BatchResult {
                line: o.line,
                findings,
                error: None,
            },
            Err(error) => BatchResult {
                line: o.line,
                findings: Vec::new(),
                error: Some(*error),
            },
        }))
    }
}

/// One answer set of a batch: its `line` (1-based, counting every physical line), `valid`,
/// its `findings`, or the `error` that kept it from being read (then `valid` is False and
/// `findings` is empty).
#[pyclass(frozen, module = "monshin")]
pub struct BatchResult {
    line: u64,
    findings: Vec<Finding>,
    error: Option<Finding>,
}

#[pymethods]
impl BatchResult {
    /// 1-based line number in the input.
    #[getter]
    fn line(&self) -> u64 {
        self.line
    }

    /// Read, and no finding of severity error.
    #[getter]
    fn valid(&self) -> bool {
        self.error.is_none() && !self.findings.iter().any(Finding::is_error)
    }

    /// The validation's findings.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        finding_list(py, &self.findings)
    }

    /// Why the line is not a readable answer set (`document.*`), or None.
    #[getter]
    fn error(&self) -> Option<PyFinding> {
        self.error.clone().map(PyFinding::from)
    }

    fn __repr__(&self) -> String {
        match &self.error {
            Some(e) => format!("BatchResult(line={}, error={})", self.line, e.code),
            None => format!(
                "BatchResult(line={}, valid={}, findings={})",
                self.line,
                if self.valid() { "True" } else { "False" },
                self.findings.len()
            ),
        }
    }
}

//! `Form.validate_ndjson` / `validate_ndjson_file`: one answer set per line, validated in
//! input order, as `monshin validate --batch` does. Lines are read in chunks bounded in count
//! and bytes; each chunk is read and validated (rayon, all cores) with the GIL released, then
//! handed out one `BatchResult` at a time, so memory stays bounded whatever the input size.
//! A line longer than the answer-set byte limit is skipped without being stored and reported
//! as `document.too-large`; an unreadable line is a result with `error`, never an exception.

use std::collections::VecDeque;
use std::io::{self, BufRead};
use std::sync::{Arc, Mutex};

use monshin_core::{AnswersDoc, CompiledForm, Finding, FindingCode, Location, Mode, Options};
use monshin_expr::Date;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::PyList;
use rayon::prelude::*;

use crate::errors::{Failure, Kind};
use crate::findings::{finding_list, Finding as PyFinding};

/// Most lines validated together.
const CHUNK_LINES: usize = 4096;
/// Most bytes of line text held in one chunk (a chunk may exceed it by one line).
const CHUNK_BYTES: usize = 16 << 20;

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

/// One input line: its bytes, or only its length when it is over the limit.
enum Input {
    Line(Vec<u8>),
    TooLong(u64),
}

/// What one answer set gave.
struct Outcome {
    line: u64,
    result: Result<Vec<Finding>, Box<Finding>>,
}

/// Read one line of at most `max` bytes into `buf` (cleared first), without `\n` / `\r\n`.
/// `Ok(None)` at end of input; a longer line is consumed and reported by its length.
fn read_line_bounded(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<Input>> {
    buf.clear();
    let (mut total, mut over, mut seen_any) = (0u64, false, false);
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        seen_any = true;
        let (part, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], true),
            None => (available, false),
        };
        total += part.len() as u64;
        if !over && buf.len() + part.len() > max {
            over = true;
            buf.clear();
        } else if !over {
            buf.extend_from_slice(part);
        }
        let used = part.len() + usize::from(done);
        reader.consume(used);
        if done {
            break;
        }
    }
    if !seen_any {
        return Ok(None);
    }
    if over {
        return Ok(Some(Input::TooLong(total)));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(Input::Line(std::mem::take(buf))))
}

/// The reading position and the results not yet handed out.
struct State {
    source: Source,
    next_line: u64,
    ready: VecDeque<Outcome>,
    done: bool,
}

impl State {
    /// Read the next chunk of non-blank lines and validate it in parallel.
    fn fill(&mut self, form: &CompiledForm, mode: Option<Mode>, today: Date) -> io::Result<()> {
        let max = form.limits().max_answers_bytes;
        let mut chunk: Vec<(u64, Input)> = Vec::new();
        let (mut bytes, mut buf) = (0usize, Vec::new());
        while chunk.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
            let Some(input) = read_line_bounded(&mut *self.source.0, &mut buf, max)? else {
                self.done = true;
                break;
            };
            let line = self.next_line;
            self.next_line += 1;
            if let Input::Line(b) = &input {
                if b.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                bytes += b.len();
            }
            chunk.push((line, input));
        }
        let checked: Vec<Outcome> = chunk
            .par_iter()
            .map(|(line, input)| Outcome {
                line: *line,
                result: check(form, mode, today, input, max),
            })
            .collect();
        self.ready.extend(checked);
        Ok(())
    }
}

fn check(
    form: &CompiledForm,
    mode: Option<Mode>,
    today: Date,
    input: &Input,
    limit: usize,
) -> Result<Vec<Finding>, Box<Finding>> {
    match input {
        Input::TooLong(len) => Err(Box::new(Finding::error(
            FindingCode::DocumentTooLarge,
            Location::default(),
            format!("answer set is {len} bytes, over the limit of {limit} bytes"),
        ))),
        Input::Line(bytes) => {
            let doc = AnswersDoc::from_json(bytes, form.limits())
                .map_err(|e| Box::new(e.to_finding()))?;
            let mode = mode.unwrap_or(Mode::for_status(doc.status));
            Ok(form
                .validate(&doc, &Options { mode, today })
                .into_findings())
        }
    }
}

/// An iterator of `BatchResult`s, one per non-blank input line, in input order.
#[pyclass(module = "monshin")]
pub struct BatchReader {
    form: Arc<CompiledForm>,
    mode: Option<Mode>,
    today: Date,
    state: Mutex<State>,
}

impl BatchReader {
    pub(crate) fn new(
        form: Arc<CompiledForm>,
        source: Source,
        mode: Option<Mode>,
        today: Date,
    ) -> BatchReader {
        BatchReader {
            form,
            mode,
            today,
            state: Mutex::new(State {
                source,
                next_line: 1,
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
            let (form, mode, today) = (&*self.form, self.mode, self.today);
            let st: &mut State = &mut state;
            py.detach(|| st.fill(form, mode, today))
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

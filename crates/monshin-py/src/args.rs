//! Arguments as Python passes them, read once: answer sets (`str`, `bytes` or a JSON-able
//! object), modes, statuses and dates. A rejected argument is `ArgumentError`
//! (`python.bad-argument`) naming the argument, never its value.

use monshin_core::{AnswerStatus, Mode};
use monshin_expr::Date;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyByteArray, PyBytes, PyString};

use crate::errors::Failure;

/// JSON text of a document argument: a `str` or `bytes` as it is, anything else (a `dict`)
/// through `json.dumps` (as the WebAssembly binding `JSON.stringify`s objects).
pub(crate) enum JsonText {
    Str(PyBackedStr),
    Bytes(PyBackedBytes),
    Owned(Vec<u8>),
}

impl JsonText {
    pub(crate) fn read(value: &Bound<'_, PyAny>, what: &str) -> PyResult<JsonText> {
        if let Ok(s) = value.cast::<PyString>() {
            return Ok(JsonText::Str(s.to_owned().try_into()?));
        }
        if let Ok(b) = value.cast::<PyBytes>() {
            return Ok(JsonText::Bytes(b.to_owned().into()));
        }
        if let Ok(b) = value.cast::<PyByteArray>() {
            return Ok(JsonText::Owned(b.to_vec()));
        }
        let dumped = value
            .py()
            .import("json")?
            .call_method1("dumps", (value,))
            .map_err(|_| {
                Failure::argument(
                    what,
                    "must be JSON text (str or bytes) or a JSON-able object",
                )
            })?;
        let text: PyBackedStr = dumped.extract()?;
        Ok(JsonText::Str(text))
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            JsonText::Str(s) => s.as_bytes(),
            JsonText::Bytes(b) => b,
            JsonText::Owned(v) => v,
        }
    }
}

/// `None`, `"draft"` or `"complete"`.
pub(crate) fn mode(value: Option<&str>) -> Result<Option<Mode>, Failure> {
    match value {
        None => Ok(None),
        Some("draft") => Ok(Some(Mode::Draft)),
        Some("complete") => Ok(Some(Mode::Complete)),
        Some(_) => Err(Failure::argument(
            "mode",
            "must be None, \"draft\" or \"complete\"",
        )),
    }
}

/// `None`, `"draft"` or `"answered"` (or PMH's 下書き, 回答済み).
pub(crate) fn status(value: Option<&str>) -> Result<Option<AnswerStatus>, Failure> {
    value
        .map(|v| {
            AnswerStatus::parse(v).ok_or_else(|| {
                Failure::argument(
                    "status",
                    "must be \"draft\", \"answered\" or \"unanswered\"",
                )
            })
        })
        .transpose()
}

/// The validation date: a `datetime.date` or `"YYYY-MM-DD"`; `None` is today's local date
/// (the engine reads no clock: the binding asks Python's `datetime.date.today()`).
pub(crate) fn today(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<Date> {
    let bad = || Failure::argument("today", "must be a datetime.date or a date YYYY-MM-DD");
    let date_type = py.import("datetime")?.getattr("date")?;
    let today;
    let value = match value {
        Some(v) if !v.is_none() => v,
        _ => {
            today = date_type.call_method0("today")?;
            &today
        }
    };
    if let Ok(text) = value.extract::<PyBackedStr>() {
        return Ok(Date::parse(&text).ok_or_else(bad)?);
    }
    // A datetime.datetime is a date too, but carries a time: refused rather than truncated.
    let datetime_type = py.import("datetime")?.getattr("datetime")?;
    if !value.is_instance(&date_type)? || value.is_instance(&datetime_type)? {
        return Err(bad().into());
    }
    let part = |name: &str| -> PyResult<u32> { value.getattr(name)?.extract::<u32>() };
    let year = i32::try_from(part("year")?).map_err(|_| bad())?;
    Ok(Date::from_ymd(year, part("month")?, part("day")?).ok_or_else(bad)?)
}

//! The exceptions: `MonshinError` and one subclass per kind of failure, each carrying `code`
//! (a `docs/codes.md` code), `location` (a `Location`) and `findings` (the findings behind
//! it, possibly empty). Messages are core's, lifecycle's or this crate's, never built from
//! answer values, typed text or unknown keys.

use monshin_core::{Finding, FindingCode, Location};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyList;

create_exception!(
    monshin,
    MonshinError,
    PyException,
    "Every error of monshin: `code`, `location` and `findings`, never answer values."
);
create_exception!(
    monshin,
    DocumentError,
    MonshinError,
    "A definition, answer set or catalogue cannot be read (`document.*`)."
);
create_exception!(
    monshin,
    DefinitionError,
    DocumentError,
    "A definition has error findings (`document.invalid-definition`, findings attached)."
);
create_exception!(
    monshin,
    ArgumentError,
    MonshinError,
    "An argument is not accepted (`python.bad-argument`, `python.unknown-form`, `limit.*`)."
);
create_exception!(
    monshin,
    InputError,
    MonshinError,
    "A file cannot be read (`python.io`)."
);
create_exception!(
    monshin,
    AnswersInvalidError,
    MonshinError,
    "The answers fail validation for the status registered (`python.answers-invalid`)."
);
create_exception!(
    monshin,
    PayloadError,
    MonshinError,
    "A register payload cannot be built (`lifecycle.*`)."
);

/// Which exception class an error is raised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Document,
    Definition,
    Argument,
    Input,
    AnswersInvalid,
    Payload,
}

/// An error on its way to Python: the finding-shaped error and the findings behind it
/// (boxed: results stay small on the success path).
#[derive(Debug)]
pub(crate) struct Failure(Box<Inner>);

#[derive(Debug)]
struct Inner {
    kind: Kind,
    code: String,
    message: String,
    location: Location,
    findings: Vec<Finding>,
}

impl Failure {
    /// An error of this binding, with no location.
    pub(crate) fn new(kind: Kind, code: FindingCode, message: impl Into<String>) -> Failure {
        Failure::coded(kind, code.as_str(), message, Location::default())
    }

    /// An error with a library's code (`lifecycle.*`, `limit.*`, …).
    pub(crate) fn coded(
        kind: Kind,
        code: &str,
        message: impl Into<String>,
        location: Location,
    ) -> Failure {
        Failure(Box::new(Inner {
            kind,
            code: code.to_owned(),
            message: message.into(),
            location,
            findings: Vec::new(),
        }))
    }

    /// A bad argument: `what` names the argument, `rule` what it must be; never its value.
    pub(crate) fn argument(what: &str, rule: &str) -> Failure {
        Failure::new(
            Kind::Argument,
            FindingCode::PythonBadArgument,
            format!("{what}: {rule}"),
        )
    }

    /// Attach the findings behind the error.
    pub(crate) fn with_findings(mut self, findings: Vec<Finding>) -> Failure {
        self.0.findings = findings;
        self
    }
}

impl From<monshin_core::Error> for Failure {
    fn from(e: monshin_core::Error) -> Failure {
        let f = e.to_finding();
        match e {
            monshin_core::Error::InvalidDefinition(list) => {
                Failure::coded(Kind::Definition, f.code.as_str(), f.message, f.location)
                    .with_findings(list)
            }
            _ => Failure::coded(Kind::Document, f.code.as_str(), f.message, f.location),
        }
    }
}

impl From<monshin_lifecycle::LifecycleError> for Failure {
    fn from(e: monshin_lifecycle::LifecycleError) -> Failure {
        Failure::coded(Kind::Payload, e.code(), e.to_string(), e.location())
    }
}

impl From<Failure> for PyErr {
    fn from(f: Failure) -> PyErr {
        let f = *f.0;
        let err = match f.kind {
            Kind::Document => DocumentError::new_err(f.message),
            Kind::Definition => DefinitionError::new_err(f.message),
            Kind::Argument => ArgumentError::new_err(f.message),
            Kind::Input => InputError::new_err(f.message),
            Kind::AnswersInvalid => AnswersInvalidError::new_err(f.message),
            Kind::Payload => PayloadError::new_err(f.message),
        };
        Python::attach(|py| {
            let value = err.value(py);
            // Setting attributes on a fresh exception object does not fail; if it ever did,
            // the exception is still raised, with its message.
            let _ = value.setattr("code", f.code);
            if let Ok(location) = Py::new(py, crate::findings::Location::from(f.location)) {
                let _ = value.setattr("location", location);
            }
            if let Ok(list) = PyList::new(
                py,
                f.findings.into_iter().map(crate::findings::Finding::from),
            ) {
                let _ = value.setattr("findings", list);
            }
        });
        err
    }
}

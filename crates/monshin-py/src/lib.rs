//! monshin for Python: the extension module `monshin._monshin`, re-exported by the `monshin`
//! package (`python/monshin/__init__.py`, stubs in `python/monshin/_monshin.pyi`).
//!
//! Like the WebAssembly binding (`wasm/src/api.rs`) it evaluates nothing itself: `Form` binds
//! core's `CompiledForm` (validate, normalise) and monshin-lifecycle's register payload;
//! `catalogue()` is the bundled catalogue; `Form.validate_ndjson` reads NDJSON in bounded
//! chunks and validates each chunk on all cores with the GIL released. Answer sets cross the
//! boundary once, as JSON text (a `dict` is `json.dumps`-ed first, as the WASM binding
//! `JSON.stringify`s objects); findings cross as `Finding` objects wrapping core's own type;
//! documents monshin writes (answer sets, register bodies, the catalogue) come back as `dict`s
//! through their serde types. Errors are `MonshinError` subclasses carrying `code`,
//! `location` and `findings`, never answer values.

use pyo3::prelude::*;

mod args;
mod batch;
mod errors;
mod findings;
mod form;

/// Questionnaire engine for PMH 予診票 and 乳幼児健診問診票: validate, normalise and build
/// register payloads of answer sets.
#[pymodule]
mod _monshin {
    #[pymodule_export]
    use crate::batch::{BatchReader, BatchResult};
    #[pymodule_export]
    use crate::errors::{
        AnswersInvalidError, ArgumentError, DefinitionError, DocumentError, InputError,
        MonshinError, PayloadError,
    };
    #[pymodule_export]
    use crate::findings::{Finding, Location, Normalization, Normalized, Report};
    #[pymodule_export]
    use crate::form::{catalogue, forms, Form, RegisterPayload};

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}

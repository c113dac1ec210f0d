//! monshin-fhir: FHIR R4 Questionnaire and QuestionnaireResponse for monshin forms.
//!
//! - [`import()`]: a Questionnaire (JSON or XML) becomes a monshin [`Definition`], with a
//!   finding (FHIR path, stable `fhir.*` code) for everything that cannot be mapped and the
//!   questionnaire-level lint of the HL7 validator.
//! - [`export()`]: a monshin definition becomes a Questionnaire that imports back to the same
//!   definition; monshin-only constructs travel in documented extensions ([`ext`]).
//! - [`validate_response`]: a QuestionnaireResponse is checked against a Questionnaire: FHIR
//!   structure here, then the monshin engine (draft for `in-progress`, complete for
//!   `completed`) on the answers it maps to; findings point at FHIR paths such as
//!   `QuestionnaireResponse.item[2].item[1]` and render as an OperationOutcome.
//! - [`to_answer_set`] / [`from_answer_set`]: QuestionnaireResponse ↔ PMH answer triples.
//!
//! Messages never contain answer values; serde errors are classified, not forwarded.
//!
//! [`Definition`]: monshin_core::Definition

pub mod error;
pub mod export;
pub mod ext;
pub mod import;
mod lint;
pub mod model;
pub mod outcome;
pub mod pmh;
pub mod read;
pub mod response;
pub mod values;
mod xml;

pub use error::{FhirError, FhirFinding, FhirSeverity};
pub use export::export;
pub use import::{import, IdPolicy, ImportOptions, Imported};
pub use outcome::operation_outcome;
pub use pmh::{from_answer_set, to_answer_set};
pub use read::{read_questionnaire, read_response, FhirLimits};
pub use response::{validate_response, ResponseReport};

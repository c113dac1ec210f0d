//! monshin-core: questionnaire definitions, answer sets and their validation for PMH forms.
//!
//! PMH (マイナポータル PMH情報連携API) stores questionnaire answers as (master ID, repeat
//! sequence number, answer text) triples; everything about the questions lives in a monshin
//! form definition. This crate reads definitions ([`Definition`]), lints and compiles them once
//! ([`CompiledForm`]), and validates many answer sets ([`AnswersDoc`], [`AnswerSet`]) against
//! them in draft or complete [`Mode`], returning every [`Finding`].
//!
//! ```
//! use monshin_core::{CompiledForm, Limits, Options, FindingCode};
//! use monshin_expr::Date;
//!
//! let form = CompiledForm::from_json(r#"{
//!   "formKind": "vaccination", "id": "V1", "title": "予診票", "version": "1",
//!   "pages": [{ "number": 1, "label": "体温", "items": [
//!     { "id": "TEMP", "type": "decimal", "text": "体温", "precision": 1,
//!       "min": 34, "max": 42, "required": true }
//!   ]}]
//! }"#.as_bytes(), &Limits::default()).unwrap();
//! let today = Date::from_ymd(2026, 4, 1).unwrap();
//! let report = form.validate_json(
//!     br#"{ "definition": "V1", "status": "answered", "lastPage": 1, "answers": [] }"#,
//!     &Options::complete(today),
//! ).unwrap();
//! assert_eq!(report.findings()[0].code, FindingCode::RequiredMissing);
//! ```
//!
//! Core does no I/O and reads no clock: `today` is an input. Finding messages are built from
//! the definition only and never contain answer values.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
// `monshin_hot`: the nightly WebAssembly build optimises the validation path for speed
// (wasm/build.sh, ARCHITECTURE.md `wasm/`).
#![cfg_attr(monshin_hot, feature(optimize_attribute))]

pub mod answers;
pub mod catalogue;
mod compile;
pub mod definition;
pub mod diff;
mod encoding;
pub mod error;
pub mod finding;
pub mod fragment;
pub mod ids;
pub mod limits;
pub mod normalize;
pub mod session;
pub mod validate;

pub use answers::{Answer, AnswerRef, AnswerSet, AnswersDoc};
pub use compile::{lint, CompiledForm, ItemSummary, PageInfo};
pub use definition::model::{Definition, FormKind, ItemDef, ItemType, Severity};
pub use error::Error;
pub use finding::{Finding, FindingCode, Location};
pub use ids::{AnswerStatus, PageNumber, RepeatSeq};
pub use limits::{LimitError, Limits};
pub use normalize::{Normalization, NormalizationRule};
pub use session::{EditError, Session, SessionForm, Touched};
pub use validate::{AnswerRejection, FormIdentity, Mode, Options, Rejected, Report, Validated};

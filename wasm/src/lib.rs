//! monshin for JavaScript: lint form definitions and answer forms in the browser or node.
//!
//! The engine is monshin-core (its `session` module keeps a form validated as it is edited);
//! `api` binds it with wasm-bindgen, `options` reads its options objects, and [`session`]
//! turns session states into JS objects.
//! Definitions and answer sets cross the boundary as JSON text or as JS objects of the same
//! shape; everything else crosses as the JS objects described in [`dto`], whose TypeScript
//! declarations [`typescript`] generates.

mod api;
#[cfg(feature = "catalogue")]
pub mod catalogue;
pub mod dto;
#[cfg(feature = "fhir")]
mod fhir;
pub mod options;
pub mod pmh;
pub mod session;
mod text;
pub mod typescript;

pub use session::{EditError, FormModel, Session, Touched};

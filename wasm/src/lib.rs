//! monshin for JavaScript: lint form definitions and answer forms in the browser or node.
//!
//! The engine ([`session`], [`model`], [`check`]) is plain Rust, tested on the host; [`api`]
//! binds it with wasm-bindgen. Definitions and answer sets cross the boundary as JSON text or as
//! JS objects of the same shape; everything else crosses as the JS objects described in
//! [`dto`], whose TypeScript declarations [`typescript`] generates.

mod api;
mod check;
pub mod dto;
mod model;
pub mod pmh;
pub mod session;
pub mod typescript;

pub use session::{EditError, FormModel, Session, Touched};

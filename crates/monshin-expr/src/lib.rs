//! The expression language of monshin questionnaires (`enableWhen`, `requiredWhen`,
//! constraints and `calculate`; see FORMAT.md §3).
//!
//! Pipeline: [`parse`] source text into an [`Expr`] (printable with `Display` in canonical
//! form), [`check`] it against the form's items through a [`Schema`] into a [`Program`], then
//! [`Program::eval`] it against an [`Env`] of answers.
//!
//! ```
//! use monshin_expr::{check, parse, CheckContext, Date, Env, ItemInfo, Limits, Schema, Type, Value};
//!
//! struct Form;
//! impl Schema for Form {
//!     fn resolve(&self, id: &str) -> Option<ItemInfo> {
//!         (id == "TEMP").then_some(ItemInfo { slot: 0, ty: Type::Number, group: None })
//!     }
//! }
//! struct Answers;
//! impl Env for Answers {
//!     fn value(&self, _slot: u32, _seq: Option<u32>) -> Value<'_> { Value::Number(36.5) }
//!     fn repetitions(&self, _group: u32) -> u32 { 0 }
//!     fn today(&self) -> Date { Date::from_ymd(2026, 4, 1).unwrap() }
//! }
//!
//! let expr = parse("$TEMP<37.5", &Limits::default()).unwrap();
//! assert_eq!(expr.to_string(), "$TEMP < 37.5");
//! let ctx = CheckContext { group: None, expected: Some(Type::Bool) };
//! let program = check(&expr, &Form, &ctx).unwrap();
//! assert_eq!(program.eval(&Answers, None), Value::Bool(true));
//! ```
//!
//! Nothing here panics on any input: errors are [`ExprError`]s with a stable code and a span,
//! and evaluation is total (undefined results are [`Value::Null`]).
#![deny(missing_docs)]
#![forbid(unsafe_code)]
// `monshin_hot`: the nightly WebAssembly build optimises the validation path for speed
// (wasm/build.sh, ARCHITECTURE.md `wasm/`).
#![cfg_attr(monshin_hot, feature(optimize_attribute))]

mod ast;
mod checker;
mod date;
pub mod decimal;
mod error;
mod eval;
mod functions;
mod lexer;
mod parser;
mod printer;
mod program;
mod round;
mod span;
mod types;

#[cfg(test)]
mod roundtrip_tests;

pub use ast::Expr;
pub use checker::check;
pub use date::Date;
pub use error::{ExprError, ExprErrorCode};
pub use program::{Env, Program, Value};
pub use span::Span;
pub use types::{CheckContext, ItemInfo, Schema, Type};

/// The longest master ID, in UTF-8 bytes.
pub const MAX_MASTER_ID_BYTES: usize = 128;

/// Whether `id` is a master ID (項目マスタID): any non-empty text of at most
/// [`MAX_MASTER_ID_BYTES`] bytes without control characters — `01-002.3`, `問1`, `Q 12` alike.
/// PMH publishes no master ID format, so monshin assumes none (our design); which IDs exist is
/// the definition's decision. In expressions, an ID other than `[A-Za-z0-9_]+` is written
/// `${…}` (FORMAT.md §3).
pub fn is_master_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_MASTER_ID_BYTES && !id.chars().any(char::is_control)
}

/// Size limits enforced by [`parse`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Limits {
    /// Maximum source length in bytes (default 4096).
    pub max_len: usize,
    /// Maximum nesting depth (default 64): open parentheses, calls and prefix operators, and
    /// the height of the syntax tree. Values above 128 are treated as 128.
    pub max_depth: usize,
    /// Maximum number of entries in an `in` list (default 256).
    pub max_list: usize,
    /// Maximum number of arguments of a call (default 16).
    pub max_args: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_len: 4096,
            max_depth: 64,
            max_list: 256,
            max_args: 16,
        }
    }
}

/// Parses an expression.
///
/// Reports the first problem: [`ExprErrorCode::TooLong`] before anything else, then syntax
/// errors and the other limits in source order.
pub fn parse(src: &str, limits: &Limits) -> Result<Expr, ExprError> {
    let max_len = limits.max_len.min(u32::MAX as usize);
    if src.len() > max_len {
        let mut start = max_len;
        while !src.is_char_boundary(start) {
            start -= 1;
        }
        return Err(ExprError::new(
            ExprErrorCode::TooLong,
            span::Span::from_range(start, src.len()),
            format!("expression is longer than {} bytes", limits.max_len),
        ));
    }
    let root = parser::Parser::new(src, limits).parse_all()?;
    Ok(Expr { root })
}

//! Typed errors of parsing and checking, each with a stable machine-readable code and a span.
//!
//! Messages never repeat the contents of string literals from the source (they may contain
//! personal data); they may name master IDs, functions, operators and types.

use crate::span::Span;
use std::fmt;

/// What went wrong, as a stable code (see [`ExprErrorCode::as_str`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum ExprErrorCode {
    /// The source does not follow the grammar (includes bad literals and characters).
    Syntax,
    /// The source is longer than [`Limits::max_len`](crate::Limits::max_len) bytes.
    TooLong,
    /// Nesting is deeper than [`Limits::max_depth`](crate::Limits::max_depth).
    TooDeep,
    /// A call has more than [`Limits::max_args`](crate::Limits::max_args) arguments.
    TooManyArgs,
    /// An `in` list has more than [`Limits::max_list`](crate::Limits::max_list) entries.
    ListTooLong,
    /// A `$ref` names no item of the form.
    UnknownItem,
    /// A call names no known function.
    UnknownFunction,
    /// A known function is called with the wrong number of arguments.
    Arity,
    /// An operand, argument or result has the wrong type.
    TypeMismatch,
    /// A repeatable-group item is referenced outside its repetition scope.
    RepeatScope,
    /// A function argument must be a bare item reference (`answered`, `count`, `sum`).
    ExpectedRef,
}

impl ExprErrorCode {
    /// The stable machine-readable code, e.g. `"expr.syntax"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ExprErrorCode::Syntax => "expr.syntax",
            ExprErrorCode::TooLong => "expr.too-long",
            ExprErrorCode::TooDeep => "expr.too-deep",
            ExprErrorCode::TooManyArgs => "expr.too-many-args",
            ExprErrorCode::ListTooLong => "expr.list-too-long",
            ExprErrorCode::UnknownItem => "expr.unknown-item",
            ExprErrorCode::UnknownFunction => "expr.unknown-function",
            ExprErrorCode::Arity => "expr.arity",
            ExprErrorCode::TypeMismatch => "expr.type-mismatch",
            ExprErrorCode::RepeatScope => "expr.repeat-scope",
            ExprErrorCode::ExpectedRef => "expr.expected-ref",
        }
    }

    /// Every code, in declaration order.
    pub const ALL: &'static [ExprErrorCode] = &[
        ExprErrorCode::Syntax,
        ExprErrorCode::TooLong,
        ExprErrorCode::TooDeep,
        ExprErrorCode::TooManyArgs,
        ExprErrorCode::ListTooLong,
        ExprErrorCode::UnknownItem,
        ExprErrorCode::UnknownFunction,
        ExprErrorCode::Arity,
        ExprErrorCode::TypeMismatch,
        ExprErrorCode::RepeatScope,
        ExprErrorCode::ExpectedRef,
    ];
}

impl fmt::Display for ExprErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in an expression.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("{message} [{code}]")]
pub struct ExprError {
    /// The stable code.
    pub code: ExprErrorCode,
    /// Where in the source (byte offsets).
    pub span: Span,
    /// A human-readable explanation (English; never quotes string literal contents).
    pub message: String,
}

impl ExprError {
    pub(crate) fn new(code: ExprErrorCode, span: Span, message: impl Into<String>) -> ExprError {
        ExprError {
            code,
            span,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_prefixed() {
        let mut seen = std::collections::HashSet::new();
        for code in ExprErrorCode::ALL {
            assert!(code.as_str().starts_with("expr."));
            assert!(seen.insert(code.as_str()));
        }
        let e = ExprError::new(
            ExprErrorCode::Arity,
            Span::new(0, 3),
            "abs() takes 1 argument",
        );
        assert_eq!(e.to_string(), "abs() takes 1 argument [expr.arity]");
    }
}

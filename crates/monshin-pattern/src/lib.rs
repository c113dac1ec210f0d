//! The `pattern` of a text item: a subset of ECMA-262 regular expressions (the `u` flag), matched
//! against the whole answer in time linear in its length.
//!
//! **Why a crate of its own rather than `regex` / `regex-lite`.** A definition's pattern is also
//! written into the JSON Schema export (where validators read it as ECMA-262) and used by the
//! browser package, so its meaning must be ECMA-262's, and the Rust crates differ there: their
//! `.` matches `\r` and U+2028, `regex-lite`'s `\s` misses U+3000 (the ideographic space of
//! Japanese text), and they accept syntax that ECMA-262 reads differently (`[[:digit:]]`,
//! `(?i)`, `\A`). And `regex-lite` is about 17 KB of the 150 KB gzip budget of the WebAssembly
//! build, for a parser of a language much larger than a questionnaire needs. This crate accepts
//! only what both readings agree on and matches it with a small Pike VM.
//!
//! # The dialect
//!
//! | construct | meaning |
//! |---|---|
//! | `a`, `本`, `\u3042`, `\u{1F600}`, `\x41`, `\t \n \v \f \r \0`, `\cJ` | that character |
//! | `\^ \$ \\ \. \* \+ \? \( \) \[ \] \{ \} \| \/` | the character escaped |
//! | `.` | any character but a line terminator (`\n`, `\r`, U+2028, U+2029) |
//! | `\d` `\D` | `[0-9]` and not |
//! | `\w` `\W` | `[A-Za-z0-9_]` and not |
//! | `\s` `\S` | ECMA-262 white space and line terminators (U+0009–000D, U+0020, U+00A0, U+1680, U+2000–200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF) and not |
//! | `[abc]` `[^a-z\d]` `[\b]` `[\-]` `[]` `[^]` | a class: characters, ranges, escapes; `\b` is U+0008 in a class |
//! | `(…)` `(?:…)` | a group (nothing is captured) |
//! | `x*` `x+` `x?` `x{n}` `x{n,}` `x{n,m}`, each also lazy (`x*?`) | repetition |
//! | `a\|b` | either |
//! | `^` `$` `\b` `\B` | start, end, word boundary (ASCII `\w`), not a boundary |
//!
//! Matching is on Unicode scalar values and case-sensitive; the whole text must match, as if
//! the pattern were written `^(?:…)$`. Look-around, back-references, named groups,
//! `\p{…}` property escapes and modifiers are refused with [`PatternErrorCode::Unsupported`];
//! what ECMA-262 rejects under the `u` flag (a lone `{`, `]` or `}`, `\-` outside a class,
//! a range bounded by a class escape) is refused with [`PatternErrorCode::Syntax`].
//!
//! # Bounds
//!
//! Parsing nests at most [`MAX_DEPTH`] groups; counted repetition expands into at most
//! [`MAX_PROGRAM`] instructions. Matching costs at most (text length + 1) × program length
//! steps, and allocates nothing for programs of up to 256 instructions.
//!
//! ```
//! use monshin_pattern::{Pattern, PatternErrorCode};
//!
//! let postal = Pattern::new("[0-9]{3}-[0-9]{4}").unwrap();
//! assert!(postal.is_match("160-0023"));
//! assert!(!postal.is_match("160-00234"));
//!
//! let kana = Pattern::new("[ァ-ヶー\\s]+").unwrap();
//! assert!(kana.is_match("ミホン\u{3000}ハナコ"));
//!
//! let err = Pattern::new("(?<=a)b").unwrap_err();
//! assert_eq!((err.code, err.offset, err.length), (PatternErrorCode::Unsupported, 0, 4));
//! ```

mod class;
mod compile;
mod parse;
mod vm;

pub use compile::MAX_PROGRAM;
pub use parse::MAX_DEPTH;

/// A compiled pattern: compile once, match many texts (`Send + Sync`).
#[derive(Clone, PartialEq, Eq)]
pub struct Pattern {
    program: compile::Program,
}

impl Pattern {
    /// Parses and compiles `src`.
    pub fn new(src: &str) -> Result<Pattern, PatternError> {
        let ast = parse::parse(src)?;
        let program = compile::compile(ast).map_err(|compile::TooLarge| PatternError {
            code: PatternErrorCode::TooLarge,
            offset: 0,
            length: src.len(),
            message: "the pattern is too large once its counted repetitions are written out",
        })?;
        Ok(Pattern { program })
    }

    /// Whether the whole of `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        vm::is_match(&self.program, text)
    }
}

/// Shows the size only: a pattern is definition content, but it is kept out of logs all the same.
impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pattern({} instructions)", self.program.len())
    }
}

/// Why a pattern was refused, and where (byte offsets into the pattern text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} [{}]", code.as_str())]
pub struct PatternError {
    /// Stable code.
    pub code: PatternErrorCode,
    /// Byte offset of the offending part.
    pub offset: usize,
    /// Its length in bytes.
    pub length: usize,
    /// What is wrong (never quotes the pattern).
    pub message: &'static str,
}

/// Stable codes of [`PatternError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PatternErrorCode {
    /// Not a regular expression under ECMA-262 with the `u` flag.
    Syntax,
    /// Valid ECMA-262, outside the dialect (look-around, back-references, …).
    Unsupported,
    /// Groups nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Over [`MAX_PROGRAM`] instructions.
    TooLarge,
}

impl PatternErrorCode {
    /// The code as written in findings: `pattern.syntax`, `pattern.unsupported`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            PatternErrorCode::Syntax => "pattern.syntax",
            PatternErrorCode::Unsupported => "pattern.unsupported",
            PatternErrorCode::TooDeep => "pattern.too-deep",
            PatternErrorCode::TooLarge => "pattern.too-large",
        }
    }
}

#[cfg(test)]
mod tests;

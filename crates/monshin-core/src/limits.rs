//! Bounds on everything that comes from outside: document sizes, counts, expression size.
//!
//! Every parser in this crate takes a [`Limits`]; the defaults suit real PMH forms with a wide
//! margin and keep a hostile document from costing more than a few megabytes.

/// Limits applied when reading definitions and answer sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest definition document, in bytes.
    pub max_definition_bytes: usize,
    /// Largest answer-set document, in bytes.
    pub max_answers_bytes: usize,
    /// Most pages in a definition.
    pub max_pages: usize,
    /// Most items in a definition, group items included.
    pub max_items: usize,
    /// Most options of one choice item.
    pub max_options: usize,
    /// Most constraints of one item.
    pub max_constraints: usize,
    /// Highest repetition count any group may declare or any answer may use.
    pub max_repeats: u32,
    /// Most answers in one answer set.
    pub max_answers: usize,
    /// Longest answer text, in bytes.
    pub max_value_bytes: usize,
    /// Longest text field of a definition (texts, labels, patterns), in bytes.
    pub max_text_bytes: usize,
    /// Limits of the expression language.
    pub expr: monshin_expr::Limits,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_definition_bytes: 4 << 20,
            max_answers_bytes: 4 << 20,
            max_pages: 200,
            max_items: 10_000,
            max_options: 500,
            max_constraints: 32,
            max_repeats: 1_000,
            max_answers: 100_000,
            max_value_bytes: 64 << 10,
            max_text_bytes: 16 << 10,
            expr: monshin_expr::Limits::default(),
        }
    }
}

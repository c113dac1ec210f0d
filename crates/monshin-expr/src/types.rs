//! Value types of the expression language and what the checker needs to know about the form.

use std::fmt;

/// The type of an expression or an item.
///
/// Items map to types as: yes-no and consent → `Bool`; integer and decimal → `Number`;
/// single-choice, text, long-text and year-month → `Text`; date → `Date`;
/// multi-choice → `Codes`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Type {
    /// `true` / `false`.
    Bool,
    /// A finite decimal number (held as `f64`).
    Number,
    /// A string.
    Text,
    /// A calendar date.
    Date,
    /// A multi-choice answer: option codes, only usable with `contains`.
    Codes,
}

impl Type {
    /// The name used in messages: `"bool"`, `"number"`, `"text"`, `"date"`, `"codes"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Type::Bool => "bool",
            Type::Number => "number",
            Type::Text => "text",
            Type::Date => "date",
            Type::Codes => "codes",
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the checker knows about one item of the form.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ItemInfo {
    /// The slot the evaluator asks [`Env::value`](crate::Env::value) for.
    pub slot: u32,
    /// The item's type in expressions.
    pub ty: Type,
    /// Index of the repeatable group containing the item, if any.
    pub group: Option<u32>,
}

/// Resolves master IDs to items.
pub trait Schema {
    /// The item with this master ID (without `$`), if the form has one.
    fn resolve(&self, master_id: &str) -> Option<ItemInfo>;
}

/// Where an expression is used.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct CheckContext {
    /// The repeatable group of the item that owns the expression (`None` outside groups).
    pub group: Option<u32>,
    /// The type the expression must have (`Bool` for conditions, the item's type for
    /// `calculate`), or `None` to accept any.
    pub expected: Option<Type>,
}

//! Compiled programs: the checked, slot-resolved form of an expression, the runtime
//! [`Value`]s and the [`Env`] that supplies answers.

use crate::date::Date;
use crate::types::Type;

/// A runtime value. Text and codes borrow from the program or the environment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    /// Unanswered, or an undefined result (division by zero, invalid date arithmetic…).
    Null,
    /// A bool.
    Bool(bool),
    /// A finite number.
    Number(f64),
    /// A text.
    Text(&'a str),
    /// A date.
    Date(Date),
    /// A multi-choice answer in canonical form: codes joined by `,` (e.g. `"1,3"`).
    Codes(&'a str),
}

impl Value<'_> {
    /// `true` for [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// `Some(b)` for [`Value::Bool`], `None` otherwise.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// Supplies answers and the validation date to [`Program::eval`].
pub trait Env {
    /// The value of the item in `slot`.
    ///
    /// `seq` is the current repetition (`Some`, from 1) when the item is in a repeatable group,
    /// `None` otherwise; for an item outside any group the environment ignores `seq`.
    /// Unanswered items are [`Value::Null`].
    fn value(&self, slot: u32, seq: Option<u32>) -> Value<'_>;
    /// How many repetitions of `group` are present (their seqs are `1..=n`).
    fn repetitions(&self, group: u32) -> u32;
    /// The validation date returned by `today()` (fixed for a run).
    fn today(&self) -> Date;
}

/// A literal value stored in a program.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Const {
    Bool(bool),
    Number(f64),
    Text(Box<str>),
    Date(Date),
}

impl Const {
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub(crate) fn value(&self) -> Value<'_> {
        match self {
            Const::Bool(b) => Value::Bool(*b),
            Const::Number(n) => Value::Number(*n),
            Const::Text(s) => Value::Text(s),
            Const::Date(d) => Value::Date(*d),
        }
    }
}

/// An item reference resolved to its slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    pub(crate) slot: u32,
    /// In a repeatable group: read at the current repetition.
    pub(crate) grouped: bool,
}

/// One-operand operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op1 {
    Not,
    Neg,
    Abs,
    Length,
}

/// Two-operand operations, already specialised by operand types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op2 {
    And,
    Or,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    /// date + number of days
    DateAdd,
    /// date − number of days
    DateSub,
    /// date − date, in days
    DateDiff,
    AgeYears,
    AgeMonths,
    AgeDays,
    Contains,
    Round,
}

/// The compiled tree. Its height is bounded like the syntax tree it comes from.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Code {
    Const(Const),
    Item(Slot),
    Answered(Slot),
    Today,
    Op1(Op1, Box<Code>),
    Op2(Op2, Box<Code>, Box<Code>),
    In(Box<Code>, Vec<Const>),
    Count { slot: u32, group: u32 },
    Sum { slot: u32, group: u32 },
    Any { group: u32, cond: Box<Code> },
    All { group: u32, cond: Box<Code> },
}

/// A checked expression, ready to evaluate: item references are resolved to slots.
#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    pub(crate) code: Code,
    pub(crate) ty: Type,
    pub(crate) deps: Vec<u32>,
    pub(crate) uses_today: bool,
}

/// The environment used for constant expressions: no answers, no repetitions.
struct NoEnv;

impl Env for NoEnv {
    #[cfg_attr(monshin_hot, optimize(speed))]
    fn value(&self, _slot: u32, _seq: Option<u32>) -> Value<'_> {
        Value::Null
    }
    fn repetitions(&self, _group: u32) -> u32 {
        0
    }
    fn today(&self) -> Date {
        Date::EPOCH
    }
}

static NO_ENV: NoEnv = NoEnv;

impl Program {
    /// The type of the result (when not null).
    pub fn result_type(&self) -> Type {
        self.ty
    }

    /// The slots the expression reads, deduplicated and sorted.
    pub fn dependencies(&self) -> &[u32] {
        &self.deps
    }

    /// Whether the expression calls `today()`.
    pub fn uses_today(&self) -> bool {
        self.uses_today
    }

    /// The value, if it depends on no item and not on `today()`.
    pub fn constant_value(&self) -> Option<Value<'_>> {
        if self.deps.is_empty() && !self.uses_today {
            Some(self.eval(&NO_ENV, None))
        } else {
            None
        }
    }

    /// Evaluates the expression. `seq` is the current repetition when the owning item is in a
    /// repeatable group. Undefined results (division by zero, invalid date arithmetic,
    /// overflow, values of an unexpected kind from `env`) are [`Value::Null`]; never panics.
    #[cfg_attr(monshin_hot, optimize(speed))]
    #[inline]
    pub fn eval<'a>(&'a self, env: &'a dyn Env, seq: Option<u32>) -> Value<'a> {
        crate::eval::eval(&self.code, env, seq)
    }
}

//! What a session stores per (item, repetition): the answer text, its check result, and what
//! the last evaluation made of it.

use monshin_expr::{Date, Value};

use crate::definition::model::ItemType;
use crate::encoding::Rejection;

/// The typed value of an answer that passed its checks, without borrowing the text: the text
/// is read again from the cell when an expression asks for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Parsed {
    Null,
    Bool(bool),
    Number(f64),
    Date(Date),
    Text,
    Codes,
}

impl Parsed {
    pub(super) fn of(v: Value<'_>) -> Parsed {
        match v {
            Value::Null => Parsed::Null,
            Value::Bool(b) => Parsed::Bool(b),
            Value::Number(n) => Parsed::Number(n),
            Value::Date(d) => Parsed::Date(d),
            Value::Text(_) => Parsed::Text,
            Value::Codes(_) => Parsed::Codes,
        }
    }
}

/// A calculated value that borrows nothing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Computed {
    Bool(bool),
    Number(f64),
    Date(Date),
}

impl Computed {
    pub(super) fn of(v: Value<'_>) -> Option<Computed> {
        match v {
            Value::Bool(b) => Some(Computed::Bool(b)),
            Value::Number(n) if n.is_finite() => Some(Computed::Number(n)),
            Value::Date(d) => Some(Computed::Date(d)),
            _ => None,
        }
    }

    fn value(self) -> Value<'static> {
        match self {
            Computed::Bool(b) => Value::Bool(b),
            Computed::Number(n) => Value::Number(n),
            Computed::Date(d) => Value::Date(d),
        }
    }

    /// The value as canonical answer text of an item of type `ty`, for display.
    pub(super) fn text(self, ty: ItemType, precision: Option<u8>) -> String {
        match self {
            Computed::Bool(b) => if b { "1" } else { "0" }.into(),
            Computed::Date(d) => d.to_string(),
            Computed::Number(n) => {
                let digits = if ty == ItemType::Decimal {
                    usize::from(precision.unwrap_or(0))
                } else {
                    0
                };
                let s = format!("{n:.digits$}");
                if s.starts_with('-') && s.bytes().all(|b| matches!(b, b'-' | b'0' | b'.')) {
                    s.trim_start_matches('-').to_string()
                } else {
                    s
                }
            }
        }
    }
}

/// One (item, repetition).
#[derive(Debug, Clone)]
pub(super) struct Cell {
    pub(super) answer: Option<String>,
    /// Typed value when the answer passed its checks.
    pub(super) parsed: Option<Parsed>,
    /// Why the answer failed its checks.
    pub(super) rejection: Option<Rejection>,
    pub(super) enabled: bool,
    /// The calculated value, when enabled and defined.
    pub(super) computed: Option<Computed>,
    pub(super) calc_mismatch: bool,
    /// Required now (evaluated while enabled and unanswered).
    pub(super) required: bool,
}

pub(super) const EMPTY: Cell = Cell {
    answer: None,
    parsed: None,
    rejection: None,
    enabled: true,
    computed: None,
    calc_mismatch: false,
    required: false,
};

impl Cell {
    /// What expressions read of this cell.
    pub(super) fn value(&self) -> Value<'_> {
        if !self.enabled {
            return Value::Null;
        }
        if let Some(c) = self.computed {
            return c.value();
        }
        let text = self.answer.as_deref().unwrap_or("");
        match self.parsed {
            None | Some(Parsed::Null) => Value::Null,
            Some(Parsed::Bool(b)) => Value::Bool(b),
            Some(Parsed::Number(n)) => Value::Number(n),
            Some(Parsed::Date(d)) => Value::Date(d),
            Some(Parsed::Text) => Value::Text(text),
            Some(Parsed::Codes) => Value::Codes(text),
        }
    }
}

/// The rows of one repeatable group.
#[derive(Debug, Clone)]
pub(super) struct Rows {
    pub(super) cells: Vec<Cell>,
    pub(super) width: usize,
    /// Rows shown (1..=n).
    pub(super) n: u32,
    /// Last row with an answer: the repetitions the answer set has.
    pub(super) reps: u32,
    pub(super) enabled: bool,
}

impl Rows {
    pub(super) fn new(width: usize) -> Rows {
        Rows {
            cells: Vec::new(),
            width: width.max(1),
            n: 0,
            reps: 0,
            enabled: true,
        }
    }

    pub(super) fn index(&self, seq: u32, local: u32) -> Option<usize> {
        if seq == 0 || seq > self.n {
            return None;
        }
        Some((seq as usize - 1) * self.width + local as usize)
    }

    pub(super) fn cell(&self, seq: u32, local: u32) -> Option<&Cell> {
        self.cells.get(self.index(seq, local)?)
    }

    pub(super) fn cell_mut(&mut self, seq: u32, local: u32) -> Option<&mut Cell> {
        let i = self.index(seq, local)?;
        self.cells.get_mut(i)
    }

    /// Grow to `n` rows (never shrinks).
    pub(super) fn grow_to(&mut self, n: u32) {
        if n > self.n {
            self.n = n;
            self.cells.resize(n as usize * self.width, EMPTY);
        }
    }

    pub(super) fn row_present(&self, seq: u32) -> bool {
        let Some(start) = self.index(seq, 0) else {
            return false;
        };
        self.cells
            .get(start..start + self.width)
            .is_some_and(|r| r.iter().any(|c| c.answer.is_some()))
    }

    pub(super) fn last_present(&self) -> u32 {
        (1..=self.n)
            .rev()
            .find(|&s| self.row_present(s))
            .unwrap_or(0)
    }
}

//! Shared fixtures for the integration tests: a small form ([`TestSchema`]) and answers to
//! evaluate against ([`TestEnv`]).
#![allow(dead_code, unreachable_pub)]

use monshin_expr::{Date, Env, ItemInfo, Schema, Type, Value};
use std::collections::HashMap;

/// Group indexes of the test form.
pub const FAM: u32 = 0;
pub const MED: u32 = 1;

/// The items of the test form: (master ID, slot, type, group).
pub const ITEMS: &[(&str, u32, Type, Option<u32>)] = &[
    ("NUM", 0, Type::Number, None),
    ("NUM2", 1, Type::Number, None),
    ("TXT", 2, Type::Text, None),
    ("DT", 3, Type::Date, None),
    ("BIRTH", 4, Type::Date, None),
    ("YN", 5, Type::Bool, None),
    ("YN2", 6, Type::Bool, None),
    ("CODES", 7, Type::Codes, None),
    ("CHOICE", 8, Type::Text, None),
    ("FAM_REL", 10, Type::Text, Some(FAM)),
    ("FAM_AGE", 11, Type::Number, Some(FAM)),
    ("FAM_SICK", 12, Type::Bool, Some(FAM)),
    ("FAM_CODES", 13, Type::Codes, Some(FAM)),
    ("MED_NAME", 20, Type::Text, Some(MED)),
    ("MED_DOSE", 21, Type::Number, Some(MED)),
];

/// Resolves the master IDs of [`ITEMS`].
pub struct TestSchema;

impl Schema for TestSchema {
    fn resolve(&self, id: &str) -> Option<ItemInfo> {
        ITEMS
            .iter()
            .find(|(name, ..)| *name == id)
            .map(|&(_, slot, ty, group)| ItemInfo { slot, ty, group })
    }
}

/// An owned answer value.
#[derive(Clone, Debug)]
pub enum Answer {
    Bool(bool),
    Number(f64),
    Text(String),
    Date(Date),
    Codes(String),
}

/// Answers keyed by (slot, seq); items outside groups use seq 0.
pub struct TestEnv {
    pub answers: HashMap<(u32, u32), Answer>,
    pub reps: HashMap<u32, u32>,
    pub today: Date,
}

pub fn date(s: &str) -> Date {
    Date::parse(s).unwrap_or_else(|| panic!("bad test date {s}"))
}

fn slot_of(id: &str) -> (u32, Option<u32>) {
    let info = TestSchema
        .resolve(id)
        .unwrap_or_else(|| panic!("no item {id}"));
    (info.slot, info.group)
}

impl TestEnv {
    pub fn empty() -> TestEnv {
        TestEnv {
            answers: HashMap::new(),
            reps: HashMap::new(),
            today: date("2026-04-01"),
        }
    }

    /// Sets an answer; `seq` is ignored for items outside groups.
    pub fn set(&mut self, id: &str, seq: u32, answer: Answer) -> &mut TestEnv {
        let (slot, group) = slot_of(id);
        let seq = if group.is_some() { seq } else { 0 };
        self.answers.insert((slot, seq), answer);
        self
    }

    /// The answers the data-driven cases are evaluated against.
    pub fn sample() -> TestEnv {
        let mut env = TestEnv::empty();
        env.set("NUM", 1, Answer::Number(36.5))
            .set("NUM2", 1, Answer::Number(0.0))
            .set("TXT", 1, Answer::Text("abc".into()))
            .set("DT", 1, Answer::Date(date("2026-04-01")))
            .set("BIRTH", 1, Answer::Date(date("2020-02-29")))
            .set("YN", 1, Answer::Bool(true))
            .set("CODES", 1, Answer::Codes("1,3".into()))
            .set("CHOICE", 1, Answer::Text("2".into()))
            .set("FAM_REL", 1, Answer::Text("1".into()))
            .set("FAM_REL", 2, Answer::Text("2".into()))
            .set("FAM_REL", 3, Answer::Text("3".into()))
            .set("FAM_AGE", 1, Answer::Number(40.0))
            .set("FAM_AGE", 3, Answer::Number(8.0))
            .set("FAM_SICK", 1, Answer::Bool(false))
            .set("FAM_SICK", 3, Answer::Bool(true))
            .set("FAM_CODES", 2, Answer::Codes("2".into()));
        env.reps.insert(FAM, 3);
        env.reps.insert(MED, 0);
        env
    }
}

impl Env for TestEnv {
    fn value(&self, slot: u32, seq: Option<u32>) -> Value<'_> {
        let group = ITEMS.iter().find(|i| i.1 == slot).and_then(|i| i.3);
        let key = match (group, seq) {
            (None, _) => (slot, 0),
            (Some(_), Some(seq)) => (slot, seq),
            (Some(_), None) => panic!("grouped slot {slot} read without seq"),
        };
        match self.answers.get(&key) {
            None => Value::Null,
            Some(Answer::Bool(b)) => Value::Bool(*b),
            Some(Answer::Number(n)) => Value::Number(*n),
            Some(Answer::Text(s)) => Value::Text(s),
            Some(Answer::Date(d)) => Value::Date(*d),
            Some(Answer::Codes(s)) => Value::Codes(s),
        }
    }

    fn repetitions(&self, group: u32) -> u32 {
        self.reps.get(&group).copied().unwrap_or(0)
    }

    fn today(&self) -> Date {
        self.today
    }
}

/// Renders a value for expectations: `null`, `true`, `3.5`, `'text'`, `@2026-04-01`,
/// `codes(1,3)`.
pub fn show(v: Value<'_>) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Text(s) => format!("'{s}'"),
        Value::Date(d) => format!("@{d}"),
        Value::Codes(s) => format!("codes({s})"),
    }
}

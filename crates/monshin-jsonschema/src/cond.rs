//! Translation of `enableWhen` / `requiredWhen` conditions into JSON Schema predicates over
//! the whole answer set, where JSON Schema can say them.
//!
//! monshin evaluates conditions in three-valued logic: an item that is unanswered, invalid or
//! disabled is `null`, and a condition that is `null` counts as false. So each expression `e`
//! gets two predicates, `T(e)` ("evaluates to true") and `F(e)` ("evaluates to false"):
//! `not` swaps them, `and` / `or` combine them the Kleene way, and a comparison on item `X`
//! is true or false only when `X` is enabled and answered (at seq 1) with a fitting value.
//!
//! The expression is first parsed and printed by `monshin_expr` (canonical text), then this
//! module reads the small subset it can translate: `and`, `or`, `not`, parentheses, `true`,
//! `false`, a bare yes-no reference, `=` / `!=` / `in` between a yes-no, consent or
//! single-choice item outside groups and literals, `answered($X)` and
//! `contains($X, 'code')`. Anything else (numbers, dates, arithmetic, `today()`, group items,
//! calculated items) is not translated, and the rules depending on it are not exported.

use std::cell::RefCell;
use std::collections::HashMap;

use monshin_core::{ItemDef, ItemType};
use serde_json::{json, Value};

/// A JSON Schema predicate on the whole answer set.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Pred {
    /// Holds for every answer set.
    Always,
    /// Holds for none.
    Never,
    /// Holds when this schema validates.
    Schema(Value),
}

impl Pred {
    pub(crate) fn is_always(&self) -> bool {
        matches!(self, Pred::Always)
    }

    pub(crate) fn schema(&self) -> Value {
        match self {
            Pred::Always => json!(true),
            Pred::Never => json!(false),
            Pred::Schema(v) => v.clone(),
        }
    }

    pub(crate) fn and(self, other: Pred) -> Pred {
        match (self, other) {
            (Pred::Never, _) | (_, Pred::Never) => Pred::Never,
            (Pred::Always, p) | (p, Pred::Always) => p,
            (Pred::Schema(a), Pred::Schema(b)) => Pred::Schema(json!({ "allOf": [a, b] })),
        }
    }

    fn or(self, other: Pred) -> Pred {
        match (self, other) {
            (Pred::Always, _) | (_, Pred::Always) => Pred::Always,
            (Pred::Never, p) | (p, Pred::Never) => p,
            (Pred::Schema(a), Pred::Schema(b)) => Pred::Schema(json!({ "anyOf": [a, b] })),
        }
    }

    fn not(self) -> Pred {
        match self {
            Pred::Always => Pred::Never,
            Pred::Never => Pred::Always,
            Pred::Schema(v) => Pred::Schema(json!({ "not": v })),
        }
    }
}

/// An item as conditions see it.
struct Known<'d> {
    item: &'d ItemDef,
    in_group: bool,
    /// The schema of a valid answer text (ranges aside).
    value: Value,
}

/// Translates the conditions of one definition; enablement is memoised per item.
pub(crate) struct Translator<'d> {
    items: HashMap<&'d str, Known<'d>>,
    /// `Some(None)`: not translatable; absent: not computed yet.
    enabled: RefCell<HashMap<String, Option<Pred>>>,
    /// Items whose enablement is being computed (cycle guard).
    visiting: RefCell<Vec<String>>,
}

/// Longest expression text translated (canonical form); longer ones are left out.
const MAX_SOURCE: usize = 4096;
/// Deepest nesting translated.
const MAX_DEPTH: usize = 32;

impl<'d> Translator<'d> {
    /// `items`: every item with its group heading; `value`: the value schema of an item.
    pub(crate) fn new(
        items: &[(&'d ItemDef, Option<&'d ItemDef>)],
        value: impl Fn(&ItemDef) -> Value,
    ) -> Self {
        let mut map = HashMap::new();
        for (item, group) in items {
            map.entry(item.id.as_str()).or_insert_with(|| Known {
                item,
                in_group: group.is_some(),
                value: value(item),
            });
        }
        Translator {
            items: map,
            enabled: RefCell::new(HashMap::new()),
            visiting: RefCell::new(Vec::new()),
        }
    }

    /// When the item (outside groups) is enabled: `Always` without `enableWhen`, `None` when
    /// its condition cannot be translated.
    pub(crate) fn enabled(&self, id: &str) -> Option<Pred> {
        if let Some(done) = self.enabled.borrow().get(id) {
            return done.clone();
        }
        if self.visiting.borrow().iter().any(|v| v == id) {
            return None;
        }
        let known = self.items.get(id)?;
        if known.in_group {
            return None;
        }
        self.visiting.borrow_mut().push(id.to_string());
        let result = match &known.item.enable_when {
            None => Some(Pred::Always),
            Some(src) => self.condition(src, None),
        };
        self.visiting.borrow_mut().retain(|v| v != id);
        self.enabled
            .borrow_mut()
            .insert(id.to_string(), result.clone());
        result
    }

    /// `T(src)`: the condition holds (is true). `_group` is reserved for conditions inside
    /// groups, which are never translated.
    pub(crate) fn condition(&self, src: &str, _group: Option<&str>) -> Option<Pred> {
        let expr = monshin_expr::parse(src, &monshin_expr::Limits::default()).ok()?;
        let canonical = expr.to_string();
        if canonical.len() > MAX_SOURCE {
            return None;
        }
        let tokens = lex(&canonical)?;
        let mut p = Parser { tokens, pos: 0 };
        let node = p.or(0)?;
        if p.pos != p.tokens.len() {
            return None;
        }
        self.truth(&node, true)
    }

    /// `T(node)` when `want` is true, `F(node)` otherwise.
    fn truth(&self, node: &Node, want: bool) -> Option<Pred> {
        Some(match node {
            Node::Str(_) => return None,
            Node::Bool(b) => {
                if *b == want {
                    Pred::Always
                } else {
                    Pred::Never
                }
            }
            Node::Not(x) => self.truth(x, !want)?,
            Node::And(a, b) => {
                let (x, y) = (self.truth(a, want)?, self.truth(b, want)?);
                if want {
                    x.and(y)
                } else {
                    x.or(y)
                }
            }
            Node::Or(a, b) => {
                let (x, y) = (self.truth(a, want)?, self.truth(b, want)?);
                if want {
                    x.or(y)
                } else {
                    x.and(y)
                }
            }
            Node::Ref(id) => {
                let k = self.plain(id, &[ItemType::YesNo, ItemType::Consent])?;
                self.answered_with(k, json!({ "const": if want { "1" } else { "0" } }))?
            }
            Node::Eq(id, lit, equal) => {
                self.member(id, std::slice::from_ref(lit), *equal == want)?
            }
            Node::In(id, lits) => self.member(id, lits, want)?,
            Node::Answered(id) => {
                let k = self.items.get(id.as_str())?;
                if k.in_group || k.item.calculate.is_some() || !k.item.item_type.is_answerable() {
                    return None;
                }
                let t = self.answered_with(k, k.value.clone())?;
                if want {
                    t
                } else {
                    t.not()
                }
            }
            Node::Contains(id, code) => {
                let k = self.plain(id, &[ItemType::MultiChoice])?;
                let has = json!({ "pattern": format!("(?:^|,){}(?:,|$)", crate::patterns::escape(code)) });
                let test = if want { has } else { json!({ "not": has }) };
                self.answered_with(k, json!({ "allOf": [k.value, test] }))?
            }
        })
    }

    /// An item outside groups, not calculated, of one of `types`.
    fn plain(&self, id: &str, types: &[ItemType]) -> Option<&Known<'d>> {
        let k = self.items.get(id)?;
        (!k.in_group && k.item.calculate.is_none() && types.contains(&k.item.item_type))
            .then_some(k)
    }

    /// `$X = l1 or … ` (`inside`) / its negation on a non-null `$X`.
    fn member(&self, id: &str, lits: &[Lit], inside: bool) -> Option<Pred> {
        let k = self.plain(
            id,
            &[ItemType::YesNo, ItemType::Consent, ItemType::SingleChoice],
        )?;
        let mut texts = Vec::new();
        for lit in lits {
            texts.push(match (k.item.item_type, lit) {
                (ItemType::YesNo | ItemType::Consent, Lit::Bool(b)) => {
                    if *b { "1" } else { "0" }.to_string()
                }
                (ItemType::SingleChoice, Lit::Text(t)) => t.clone(),
                _ => return None,
            });
        }
        let set = json!({ "enum": texts });
        let test = if inside {
            set
        } else {
            json!({ "allOf": [k.value, { "not": set }] })
        };
        self.answered_with(k, test)
    }

    /// `X` enabled and answered at seq 1 with a value matching `value`.
    fn answered_with(&self, k: &Known<'d>, value: Value) -> Option<Pred> {
        let enabled = self.enabled(&k.item.id)?;
        let answer = json!({ "properties": {
            "id": { "const": k.item.id }, "seq": { "const": 1 }, "value": value
        } });
        Some(enabled.and(Pred::Schema(crate::answers_contain(answer))))
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Bool(bool),
    Text(String),
}

#[derive(Debug)]
enum Node {
    Bool(bool),
    Ref(String),
    Not(Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    /// `$X = lit` (`true`) or `$X != lit` (`false`).
    Eq(String, Lit, bool),
    In(String, Vec<Lit>),
    Answered(String),
    Contains(String, String),
    /// A text literal (only valid as a comparison operand).
    Str(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ref(String),
    Word(String),
    Str(String),
    Punct(&'static str),
}

/// Tokens of the canonical text; `None` for anything outside the subset (numbers, dates…).
fn lex(s: &str) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            ' ' => {}
            '$' => {
                let mut id = String::new();
                while let Some(&(_, d)) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' {
                        id.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Tok::Ref(id));
            }
            '\'' => {
                let mut text = String::new();
                loop {
                    match chars.next()?.1 {
                        '\\' => text.push(chars.next()?.1),
                        '\'' => break,
                        d => text.push(d),
                    }
                }
                out.push(Tok::Str(text));
            }
            '(' => out.push(Tok::Punct("(")),
            ')' => out.push(Tok::Punct(")")),
            '[' => out.push(Tok::Punct("[")),
            ']' => out.push(Tok::Punct("]")),
            ',' => out.push(Tok::Punct(",")),
            '=' => out.push(Tok::Punct("=")),
            '!' => {
                if chars.next()?.1 != '=' {
                    return None;
                }
                out.push(Tok::Punct("!="));
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut w = String::from(c);
                while let Some(&(_, d)) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' {
                        w.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Tok::Word(w));
            }
            _ => return None,
        }
    }
    Some(out)
}

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn eat(&mut self, t: &Tok) -> bool {
        if self.peek() == Some(t) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn word(w: &str) -> Tok {
        Tok::Word(w.to_string())
    }

    fn or(&mut self, depth: usize) -> Option<Node> {
        let mut left = self.and(depth + 1)?;
        while self.eat(&Self::word("or")) {
            left = Node::Or(Box::new(left), Box::new(self.and(depth + 1)?));
        }
        Some(left)
    }

    fn and(&mut self, depth: usize) -> Option<Node> {
        let mut left = self.not(depth + 1)?;
        while self.eat(&Self::word("and")) {
            left = Node::And(Box::new(left), Box::new(self.not(depth + 1)?));
        }
        Some(left)
    }

    fn not(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        if self.eat(&Self::word("not")) {
            return Some(Node::Not(Box::new(self.not(depth + 1)?)));
        }
        self.cmp(depth + 1)
    }

    fn cmp(&mut self, depth: usize) -> Option<Node> {
        let left = self.primary(depth + 1)?;
        let op = match self.peek() {
            Some(Tok::Punct("=")) => Some(true),
            Some(Tok::Punct("!=")) => Some(false),
            _ => None,
        };
        if let Some(equal) = op {
            self.pos += 1;
            let right = self.primary(depth + 1)?;
            return match (left, right) {
                (Node::Ref(id), r) | (r, Node::Ref(id)) => Some(Node::Eq(id, lit_of(&r)?, equal)),
                _ => None,
            };
        }
        if self.eat(&Self::word("in")) {
            let Node::Ref(id) = left else { return None };
            if !self.eat(&Tok::Punct("[")) {
                return None;
            }
            let mut lits = Vec::new();
            loop {
                lits.push(match self.next()? {
                    Tok::Str(s) => Lit::Text(s),
                    Tok::Word(w) if w == "true" => Lit::Bool(true),
                    Tok::Word(w) if w == "false" => Lit::Bool(false),
                    _ => return None,
                });
                if self.eat(&Tok::Punct("]")) {
                    break;
                }
                if !self.eat(&Tok::Punct(",")) {
                    return None;
                }
            }
            return Some(Node::In(id, lits));
        }
        Some(left)
    }

    fn primary(&mut self, depth: usize) -> Option<Node> {
        match self.next()? {
            Tok::Ref(id) => Some(Node::Ref(id)),
            Tok::Str(s) => Some(Node::Str(s)),
            Tok::Punct("(") => {
                let inner = self.or(depth + 1)?;
                self.eat(&Tok::Punct(")")).then_some(inner)
            }
            Tok::Word(w) if w == "true" => Some(Node::Bool(true)),
            Tok::Word(w) if w == "false" => Some(Node::Bool(false)),
            Tok::Word(w) if w == "answered" => {
                let id = self.call_ref()?;
                self.eat(&Tok::Punct(")")).then_some(Node::Answered(id))
            }
            Tok::Word(w) if w == "contains" => {
                let id = self.call_ref()?;
                if !self.eat(&Tok::Punct(",")) {
                    return None;
                }
                let Tok::Str(code) = self.next()? else {
                    return None;
                };
                self.eat(&Tok::Punct(")"))
                    .then_some(Node::Contains(id, code))
            }
            _ => None,
        }
    }

    /// `(` `$ID` of a call.
    fn call_ref(&mut self) -> Option<String> {
        if !self.eat(&Tok::Punct("(")) {
            return None;
        }
        match self.next()? {
            Tok::Ref(id) => Some(id),
            _ => None,
        }
    }
}

/// The literal of a comparison operand.
fn lit_of(node: &Node) -> Option<Lit> {
    match node {
        Node::Bool(b) => Some(Lit::Bool(*b)),
        Node::Str(s) => Some(Lit::Text(s.clone())),
        _ => None,
    }
}

//! JSON Schema (draft 2020-12) export of the answer sets of one monshin form.
//!
//! [`answers_schema`] turns a form [`Definition`] into a schema that other tools (form
//! builders, PMH gateways, editors) can use to check an answer set without monshin. The schema
//! says as much of monshin's validation as JSON Schema can say, and [`Coverage`] tells exactly
//! which findings that is, so that a schema verdict can be trusted for them.
//!
//! # What the schema expresses
//!
//! - the document shape (`definition`, `status`, `lastPage`, `answers` of `{id, seq, value}`,
//!   nothing else), `definition` as a `const`, `status` as an `enum`, `lastPage` in `1..=pages`,
//!   and the status rules (`unanswered` has no `lastPage` and no answers; `draft` and
//!   `answered` need `lastPage`);
//! - per master ID (an `if`/`then` on `id`), the canonical answer text of the item type as a
//!   `pattern` or `enum`: yes-no / consent `"1"` / `"0"`, option codes, multi-choice codes in
//!   definition order without repeats (up to 64 options) and `minSelected` / `maxSelected`,
//!   integers and decimals (with `precision`), real Gregorian dates, year-months, one-line or
//!   multi-line text without control characters, `minLength` / `maxLength` (Unicode scalar
//!   values, as JSON Schema counts), the author's `pattern`;
//! - `seq`: `1` outside groups, `1..=maxRepeat` in a group; no `(master ID, seq)` answered
//!   twice, and group repetitions numbered without gaps (for groups of at most
//!   [`SchemaOptions::max_enumerated_repeats`] repetitions, since both are enumerated per seq);
//! - in complete mode: `status` is not `unanswered`; required items are answered and groups
//!   have `minRepeat` repetitions, and items are not answered while disabled, whenever the
//!   item's `enableWhen` / `requiredWhen` (and its group's) can be written in JSON Schema:
//!   boolean combinations (`and`, `or`, `not`) of `=`, `!=` and `in` on yes-no, consent and
//!   single-choice items outside groups, `contains()` on multi-choice items and `answered()`,
//!   with monshin's three-valued logic (an unanswered or disabled item is `null`).
//!
//! # What it cannot express
//!
//! Answer values are JSON strings, so **numeric and date ranges** (`min` / `max`) cannot be
//! said except by enumerating: `answers.out-of-range` is not expressed. Nor are author
//! `constraints` (arithmetic, dates, `today()`), `calculate`, conditions on numbers, dates or
//! text, conditions inside groups (they refer to "the same repetition", which JSON Schema
//! cannot relate), and the 64 KiB limit on answer bytes. [`Coverage::covers`] answers for one
//! [`Finding`] whether the schema expresses it.
//!
//! ```
//! let form = monshin_forms::by_name("vaccination-pcv").unwrap();
//! let def: monshin_core::Definition = serde_json::from_str(form.definition).unwrap();
//! let schema = monshin_jsonschema::answers_schema(&def);
//! assert_eq!(schema["properties"]["definition"]["const"], "vaccination-pcv");
//! ```

mod cond;
mod patterns;

use std::collections::{BTreeMap, BTreeSet};

use monshin_core::definition::model::PageDef;
use monshin_core::{AnswerStatus, Definition, Finding, FindingCode, ItemDef, ItemType, Limits};
use serde_json::{json, Map, Value};

use crate::cond::{Pred, Translator};

/// Which validation mode the schema mirrors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Rules {
    /// `monshin validate` (draft): everything present is well formed.
    #[default]
    Draft,
    /// `monshin validate --complete`: also requirements, repetitions and disabled items.
    Complete,
    /// Draft rules, plus the complete rules when `status` is `"answered"` (the mode monshin
    /// uses before registering an answer set).
    ByStatus,
}

/// Options of [`export`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaOptions {
    /// Which mode's rules.
    pub rules: Rules,
    /// Groups with at most this many repetitions get per-seq rules (no duplicate answers, no
    /// gaps, required members); larger groups only get their seq range.
    pub max_enumerated_repeats: u32,
    /// Limits whose values appear in the schema (`maxRepeat` default, answer count).
    pub limits: Limits,
}

impl Default for SchemaOptions {
    fn default() -> Self {
        SchemaOptions {
            rules: Rules::Draft,
            max_enumerated_repeats: 64,
            limits: Limits::default(),
        }
    }
}

/// A schema and what it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// The JSON Schema 2020-12 document.
    pub schema: Value,
    /// Which findings the schema expresses.
    pub coverage: Coverage,
}

/// The draft-mode answers schema of `def` with default options (see [`export`]).
pub fn answers_schema(def: &Definition) -> Value {
    export(def, &SchemaOptions::default()).schema
}

/// Which findings an exported schema expresses: for an answer set whose error findings are
/// all covered, the schema accepts it exactly when monshin reports no error finding.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage {
    /// Items whose value encoding is fully expressed (type, options, order, precision, count).
    values: BTreeSet<String>,
    /// Text items whose `minLength` / `maxLength` are expressed exactly.
    lengths: BTreeSet<String>,
    /// Text items with an author `pattern`.
    patterns: BTreeSet<String>,
    /// Items for which a duplicate (master ID, seq) is expressed.
    duplicates: BTreeSet<String>,
    /// Group headings whose repetitions are checked for gaps.
    gaps: BTreeSet<String>,
    /// Group headings whose `minRepeat` is expressed (complete rules).
    too_few: BTreeSet<String>,
    /// Items whose requirement is expressed (complete rules).
    required: BTreeSet<String>,
    /// Items for which "answered while disabled" is expressed (complete rules).
    disabled: BTreeSet<String>,
    complete: bool,
}

impl Coverage {
    /// Whether the schema expresses this finding (warnings never affect validity, but the
    /// answer is about the rule, whatever the severity).
    pub fn covers(&self, finding: &Finding) -> bool {
        let id = finding.location.master_id.as_deref().unwrap_or("");
        let has = |set: &BTreeSet<String>| set.contains(id);
        match finding.code {
            FindingCode::FormIdMismatch
            | FindingCode::UnknownItem
            | FindingCode::NotAnswerable
            | FindingCode::UnexpectedRepeatSeq
            | FindingCode::TooManyRepeats
            | FindingCode::LastPageOutOfRange
            | FindingCode::LastPageMissing
            | FindingCode::StatusMismatch => true,
            FindingCode::TypeMismatch
            | FindingCode::InvalidOption
            | FindingCode::TooPrecise
            | FindingCode::SelectionCount
            | FindingCode::NeedsNormalization => has(&self.values),
            FindingCode::LengthOutOfRange => has(&self.lengths),
            FindingCode::PatternMismatch => has(&self.patterns),
            FindingCode::DuplicateAnswer => has(&self.duplicates),
            FindingCode::RepeatSeqGap => has(&self.gaps),
            FindingCode::TooFewRepeats => self.complete && has(&self.too_few),
            FindingCode::RequiredMissing => self.complete && has(&self.required),
            FindingCode::AnsweredWhileDisabled => self.complete && has(&self.disabled),
            _ => false,
        }
    }

    /// Master IDs whose requirement (complete rules) is expressed.
    pub fn required_items(&self) -> impl Iterator<Item = &str> {
        self.required.iter().map(String::as_str)
    }

    /// Master IDs for which "answered while disabled" (complete rules) is expressed.
    pub fn disabled_items(&self) -> impl Iterator<Item = &str> {
        self.disabled.iter().map(String::as_str)
    }
}

/// One item with its context.
struct Ctx<'d> {
    item: &'d ItemDef,
    /// The group heading containing it.
    group: Option<&'d ItemDef>,
}

fn all_items(pages: &[PageDef]) -> Vec<Ctx<'_>> {
    let mut out = Vec::new();
    // The clinic's pages (医師記入欄) are never in the respondent's answers.
    for page in pages.iter().filter(|p| p.filled_by.is_respondent()) {
        for item in &page.items {
            out.push(Ctx { item, group: None });
            if item.item_type == ItemType::Group {
                for member in &item.items {
                    out.push(Ctx {
                        item: member,
                        group: Some(item),
                    });
                }
            }
        }
    }
    out
}

/// The effective `maxRepeat` of a group, as monshin compiles it.
fn max_repeat(group: &ItemDef, limits: &Limits) -> u32 {
    group
        .max_repeat
        .unwrap_or(limits.max_repeats)
        .clamp(1, limits.max_repeats.max(1))
}

/// `{"properties": {"answers": {"contains": answer}}, "required": ["answers"]}`.
fn answers_contain(answer: Value) -> Value {
    json!({ "required": ["answers"], "properties": { "answers": { "contains": answer } } })
}

/// An answer with this id (and seq, when given).
fn answer_with(ids: &[&str], seq: Option<u32>) -> Value {
    let id = match ids {
        [one] => json!({ "const": one }),
        many => json!({ "enum": many }),
    };
    let mut props = Map::new();
    props.insert("id".into(), id);
    // A blank answer is no answer.
    props.insert("value".into(), json!({ "pattern": patterns::NOT_BLANK }));
    if let Some(s) = seq {
        props.insert("seq".into(), json!({ "const": s }));
    }
    json!({ "properties": props })
}

/// Export the answers schema of `def` and its coverage. Never panics, whatever the
/// definition (an invalid one, which monshin would refuse to compile, still gets a schema).
pub fn export(def: &Definition, options: &SchemaOptions) -> Export {
    let limits = &options.limits;
    let complete = options.rules != Rules::Draft;
    let items = all_items(&def.pages);
    let mut coverage = Coverage {
        complete,
        ..Coverage::default()
    };
    let pairs: Vec<_> = items.iter().map(|c| (c.item, c.group)).collect();
    let translator = Translator::new(&pairs, |item| value_schema(item, limits).schema);

    // ---- per-answer rules ---------------------------------------------------------------
    let answerable: Vec<&str> = items
        .iter()
        .filter(|c| c.item.item_type.is_answerable())
        .map(|c| c.item.id.as_str())
        .collect();
    let mut dispatch = Vec::new();
    for c in items.iter().filter(|c| c.item.item_type.is_answerable()) {
        let v = value_schema(c.item, limits);
        let id = || c.item.id.clone();
        if v.exact {
            coverage.values.insert(id());
        }
        if v.length_exact {
            coverage.lengths.insert(id());
        }
        if v.pattern {
            coverage.patterns.insert(id());
        }
        let value = v.schema;
        let seq = match c.group {
            None => json!({ "const": 1 }),
            Some(g) => json!({ "minimum": 1, "maximum": max_repeat(g, limits) }),
        };
        dispatch.push(json!({
            "if": { "properties": { "id": { "const": c.item.id } } },
            "then": { "properties": { "seq": seq, "value": value } }
        }));
    }
    let mut answer_rules = vec![json!({ "properties": { "id": { "enum": answerable } } })];
    answer_rules.extend(dispatch);

    // ---- rules over the whole answers array -----------------------------------------------
    let mut array_rules = Vec::new();
    for c in items
        .iter()
        .filter(|c| c.item.item_type.is_answerable() && c.group.is_none())
    {
        array_rules.push(json!({
            "contains": answer_with(&[&c.item.id], None),
            "minContains": 0,
            "maxContains": 1
        }));
        coverage.duplicates.insert(c.item.id.clone());
    }
    let groups: Vec<&ItemDef> = items
        .iter()
        .filter(|c| c.item.item_type == ItemType::Group && c.group.is_none())
        .map(|c| c.item)
        .collect();
    for g in &groups {
        let max = max_repeat(g, limits);
        if max > options.max_enumerated_repeats {
            continue;
        }
        let members = answerable_members(g);
        if members.is_empty() {
            continue;
        }
        for m in &members {
            for s in 1..=max {
                array_rules.push(json!({
                    "contains": answer_with(&[m], Some(s)),
                    "minContains": 0,
                    "maxContains": 1
                }));
            }
            coverage.duplicates.insert((*m).to_string());
        }
        for s in 2..=max {
            array_rules.push(json!({
                "if": { "contains": answer_with(&members, Some(s)) },
                "then": { "contains": answer_with(&members, Some(s - 1)) }
            }));
        }
        coverage.gaps.insert(g.id.clone());
    }

    // ---- complete-mode rules over the document -------------------------------------------
    let mut complete_rules = vec![json!({
        "properties": { "status": status_schema(&[AnswerStatus::Draft, AnswerStatus::Answered]) }
    })];
    for c in &items {
        complete_item_rules(c, &translator, options, &mut complete_rules, &mut coverage);
    }

    // ---- document ---------------------------------------------------------------------------
    let pages = def.pages.len();
    let answer_shape = json!({
        "type": "object",
        "required": ["id", "seq", "value"],
        "additionalProperties": false,
        "properties": {
            "id": { "type": "string" },
            "seq": { "type": "integer", "minimum": 0, "maximum": u32::MAX },
            "value": { "type": "string" }
        },
        "allOf": answer_rules
    });
    let mut answers = json!({
        "type": "array",
        "maxItems": limits.max_answers,
        "items": { "$ref": "#/$defs/answer" }
    });
    if !array_rules.is_empty() {
        answers["allOf"] = Value::Array(array_rules);
    }
    let status_rule = json!({
        "if": { "properties": { "status": status_schema(&[AnswerStatus::Unanswered]) } },
        "then": { "properties": { "lastPage": { "type": "null" }, "answers": { "maxItems": 0 } } },
        "else": { "required": ["lastPage"], "properties": { "lastPage": { "type": "integer" } } }
    });
    let mut all_of = vec![status_rule];
    match options.rules {
        Rules::Draft => {}
        Rules::Complete => all_of.extend(complete_rules),
        Rules::ByStatus => all_of.push(json!({
            "if": { "properties": { "status": status_schema(&[AnswerStatus::Answered]) } },
            "then": { "allOf": complete_rules }
        })),
    }
    let mode = match options.rules {
        Rules::Draft => "draft",
        Rules::Complete => "complete",
        Rules::ByStatus => "by-status",
    };
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("Answer set of {} ({} {})", def.title, def.id, def.version),
        "description": format!(
            "Generated by monshin-jsonschema from the form definition ({mode} rules). Numeric \
             and date ranges, author constraints, calculations and conditions that JSON Schema \
             cannot express are not checked: validate with monshin for the full rules."
        ),
        "type": "object",
        "required": ["definition", "status"],
        "additionalProperties": false,
        "properties": {
            "definition": { "type": "string", "const": def.id },
            "status": status_schema(&[
                AnswerStatus::Unanswered,
                AnswerStatus::Draft,
                AnswerStatus::Answered
            ]),
            "lastPage": { "type": ["integer", "null"], "minimum": 1, "maximum": pages },
            "answers": answers
        },
        "allOf": all_of,
        "$defs": { "answer": answer_shape }
    });
    Export { schema, coverage }
}

/// Requirement, disabled-answer and repetition rules of one item (complete mode).
fn complete_item_rules(
    c: &Ctx<'_>,
    translator: &Translator<'_>,
    options: &SchemaOptions,
    rules: &mut Vec<Value>,
    coverage: &mut Coverage,
) {
    let item = c.item;
    let limits = &options.limits;
    match c.group {
        None => {
            let Some(enabled) = translator.enabled(&item.id) else {
                return;
            };
            if item.item_type == ItemType::Group {
                group_rules(item, &enabled, options, rules, coverage);
                return;
            }
            if !item.item_type.is_answerable() {
                return;
            }
            let this = answer_with(&[&item.id], None);
            if !enabled.is_always() {
                // Disabled (condition false or null) ⇒ not answered.
                rules.push(json!({
                    "if": enabled.schema(),
                    "else": { "not": answers_contain(this.clone()) }
                }));
            }
            coverage.disabled.insert(item.id.clone());
            if item.calculate.is_some() {
                coverage.required.insert(item.id.clone());
                return;
            }
            let required = match &item.required_when {
                Some(src) => translator.condition(src, None),
                None if item.required => Some(Pred::Always),
                None => Some(Pred::Never),
            };
            let Some(required) = required else { return };
            let when = enabled.and(required);
            match when {
                Pred::Never => {}
                Pred::Always => rules.push(answers_contain(this)),
                when => rules.push(json!({ "if": when.schema(), "then": answers_contain(this) })),
            }
            coverage.required.insert(item.id.clone());
        }
        Some(g) => {
            // Members: only without conditions of their own (those refer to the same
            // repetition, which JSON Schema cannot relate); the group's condition applies.
            if !item.item_type.is_answerable()
                || item.enable_when.is_some()
                || item.required_when.is_some()
            {
                return;
            }
            let Some(group_enabled) = translator.enabled(&g.id) else {
                return;
            };
            let max = max_repeat(g, limits);
            if max > options.max_enumerated_repeats {
                return;
            }
            let members = answerable_members(g);
            if item.required && item.calculate.is_none() {
                let per_seq: Vec<Value> = (1..=max)
                    .map(|s| {
                        json!({
                            "if": answers_contain(answer_with(&members, Some(s))),
                            "then": answers_contain(answer_with(&[&item.id], Some(s)))
                        })
                    })
                    .collect();
                rules.push(guarded(&group_enabled, per_seq));
            }
            coverage.required.insert(item.id.clone());
        }
    }
}

/// `rules` when the group is enabled.
fn guarded(enabled: &Pred, rules: Vec<Value>) -> Value {
    match enabled {
        Pred::Always => json!({ "allOf": rules }),
        Pred::Never => json!(true),
        p => json!({ "if": p.schema(), "then": { "allOf": rules } }),
    }
}

/// A group heading: no member answered while the group is disabled, `minRepeat` repetitions
/// while it is enabled.
fn group_rules(
    g: &ItemDef,
    enabled: &Pred,
    options: &SchemaOptions,
    rules: &mut Vec<Value>,
    coverage: &mut Coverage,
) {
    let members: Vec<&str> = g
        .items
        .iter()
        .filter(|m| m.item_type.is_answerable())
        .map(|m| m.id.as_str())
        .collect();
    if members.is_empty() {
        return;
    }
    if !enabled.is_always() {
        rules.push(json!({
            "if": enabled.schema(),
            "else": { "not": answers_contain(answer_with(&members, None)) }
        }));
    }
    // A member's own answered-while-disabled needs its own condition to be absent.
    for m in g.items.iter().filter(|m| m.enable_when.is_none()) {
        coverage.disabled.insert(m.id.clone());
    }
    let min = g.min_repeat.unwrap_or(0);
    let max = max_repeat(g, &options.limits);
    // Rows 1..=min present; with the no-gap rule (groups up to the enumeration bound) the
    // presence of row `min` is enough.
    if min > 0 && max <= options.max_enumerated_repeats {
        if min > max {
            rules.push(guarded(enabled, vec![json!(false)]));
        } else {
            rules.push(guarded(
                enabled,
                vec![answers_contain(answer_with(&members, Some(min)))],
            ));
        }
    }
    if min == 0 || max <= options.max_enumerated_repeats {
        coverage.too_few.insert(g.id.clone());
    }
}

/// The schema of one item's answer text and what it expresses exactly.
struct ValueSchema {
    schema: Value,
    /// Type, options, order, precision and selection count are exact.
    exact: bool,
    /// `minLength` / `maxLength` are exact (the byte limit cannot bypass them).
    length_exact: bool,
    /// The author's pattern is included.
    pattern: bool,
}

fn value_schema(item: &ItemDef, limits: &Limits) -> ValueSchema {
    let mut v = typed_value_schema(item, limits);
    // A blank answer is no answer (never checked); 不明 where the item offers it.
    let mut either = vec![json!({ "type": "string", "pattern": patterns::BLANK })];
    if item.allow_unknown {
        either.push(json!({ "const": "unknown" }));
    }
    either.push(v.schema);
    v.schema = json!({ "anyOf": either });
    v
}

fn typed_value_schema(item: &ItemDef, limits: &Limits) -> ValueSchema {
    let string = |pattern: &str| json!({ "type": "string", "pattern": pattern });
    let plain = |schema: Value, exact: bool| ValueSchema {
        schema,
        exact,
        length_exact: false,
        pattern: false,
    };
    match item.item_type {
        ItemType::YesNo | ItemType::Consent => plain(json!({ "enum": ["1", "0"] }), true),
        ItemType::SingleChoice => {
            let codes: Vec<&str> = item.options.iter().map(|o| o.code.as_str()).collect();
            plain(json!({ "enum": codes }), true)
        }
        ItemType::MultiChoice => {
            let codes: Vec<&str> = item.options.iter().map(|o| o.code.as_str()).collect();
            if codes.is_empty() {
                return plain(json!(false), true);
            }
            // monshin splits the text at commas, so a code containing one never matches.
            let commas = codes.iter().any(|c| c.contains(','));
            let (pattern, exact) = match patterns::ordered_codes(&codes) {
                Some(p) => (p, !commas),
                None => (patterns::any_codes(&codes), false),
            };
            if item.min_selected.is_none() && item.max_selected.is_none() {
                return plain(string(&pattern), exact);
            }
            let min = item.min_selected.unwrap_or(1).max(1);
            if item.max_selected.is_some_and(|m| m < min) {
                return plain(json!(false), exact);
            }
            let schema = json!({
                "type": "string",
                "allOf": [
                    { "pattern": pattern },
                    { "pattern": patterns::selection_count(min, item.max_selected) }
                ]
            });
            plain(schema, exact)
        }
        ItemType::Integer | ItemType::Decimal => {
            let shape = if item.item_type == ItemType::Integer {
                patterns::INTEGER.to_string()
            } else {
                patterns::decimal(item.precision)
            };
            let schema = json!({
                "type": "string",
                "maxLength": patterns::MAX_NUMBER_LEN,
                "allOf": [{ "pattern": shape }, { "pattern": patterns::DIGITS }]
            });
            plain(schema, true)
        }
        ItemType::Date => plain(string(&patterns::date()), true),
        ItemType::YearMonth => plain(string(patterns::YEAR_MONTH), true),
        ItemType::Time => plain(string(patterns::TIME), true),
        ItemType::Text | ItemType::LongText | ItemType::Kana => {
            let base = match item.item_type {
                ItemType::Text => patterns::TEXT,
                ItemType::Kana => patterns::KANA,
                _ => patterns::LONG_TEXT,
            };
            let mut s = string(base);
            if let Some(n) = item.min_length {
                s["minLength"] = json!(n);
            }
            if let Some(n) = item.max_length {
                s["maxLength"] = json!(n);
            }
            if let Some(p) = &item.pattern {
                s = json!({ "allOf": [s, { "pattern": format!("^(?:{p})$") }] });
            }
            ValueSchema {
                schema: s,
                exact: true,
                // Any text over the byte limit also breaks maxLength (≤ 4 bytes a char).
                length_exact: item
                    .max_length
                    .is_some_and(|m| (m as usize).saturating_mul(4) <= limits.max_value_bytes),
                pattern: item.pattern.is_some(),
            }
        }
        ItemType::Note | ItemType::Group => plain(json!(false), true),
    }
}

/// The finding codes an export can cover at all, for documentation and the CLI.
pub fn expressible_codes() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("answers.form-id-mismatch", "definition const"),
        ("answers.unknown-item", "id enum"),
        (
            "answers.not-answerable",
            "id enum (notes and groups excluded)",
        ),
        ("answers.type-mismatch", "value pattern per type"),
        ("answers.needs-normalization", "value pattern per type"),
        ("answers.invalid-option", "value enum / code pattern"),
        ("answers.too-precise", "decimal pattern"),
        ("answers.selection-count", "comma-count pattern"),
        ("answers.length-out-of-range", "minLength / maxLength"),
        ("answers.pattern-mismatch", "author pattern, anchored"),
        ("answers.unexpected-repeat-seq", "seq const 1 / minimum 1"),
        ("answers.too-many-repeats", "seq maximum"),
        ("answers.duplicate-answer", "maxContains 1 per (id, seq)"),
        (
            "answers.repeat-seq-gap",
            "if contains seq s then contains seq s-1",
        ),
        (
            "answers.last-page-out-of-range",
            "lastPage minimum / maximum",
        ),
        ("answers.last-page-missing", "status if/then"),
        ("answers.status-mismatch", "status if/then"),
        (
            "answers.required-missing",
            "complete: contains, under translatable conditions",
        ),
        (
            "answers.too-few-repeats",
            "complete: contains seq minRepeat",
        ),
        (
            "answers.answered-while-disabled",
            "complete: if condition else not contains",
        ),
    ])
}

/// Master IDs of the answerable members of a repeatable group.
fn answerable_members(g: &ItemDef) -> Vec<&str> {
    g.items
        .iter()
        .filter(|m| m.item_type.is_answerable())
        .map(|m| m.id.as_str())
        .collect()
}

/// The statuses `which` as monshin reads them: the English name in any case, or PMH's Japanese
/// name (`AnswerStatus::parse`), as one ECMA-262 pattern.
fn status_schema(which: &[AnswerStatus]) -> Value {
    let names: Vec<String> = which
        .iter()
        .map(|s| {
            let english: String = s
                .as_str()
                .chars()
                .map(|c| format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase()))
                .collect();
            let japanese = match s {
                AnswerStatus::Unanswered => "未回答",
                AnswerStatus::Draft => "下書き",
                AnswerStatus::Answered => "回答済み",
            };
            format!("{english}|{japanese}")
        })
        .collect();
    json!({ "type": "string", "pattern": format!("^(?:{})$", names.join("|")) })
}

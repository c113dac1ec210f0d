//! The form definition as it is written in JSON: plain serde types, no logic.
//!
//! These types mirror `schemas/definition.schema.json` exactly (a test regenerates the schema
//! from them with `schemars` and compares). [`crate::CompiledForm`] turns them into the
//! validated, indexed form that answers are checked against. The format is described for
//! authors in `crates/monshin-core/FORMAT.md`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which PMH questionnaire family a form belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FormKind {
    /// 予防接種 予診票: vaccination pre-screening form, keyed by 予診票管理ID.
    Vaccination,
    /// 乳幼児健診 問診票: infant health-check form, keyed by 乳幼児健診管理ID.
    ChildCheckup,
}

/// A whole questionnaire definition: the pages of one paper form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Definition {
    /// Optional pointer to the JSON Schema, ignored by monshin.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Questionnaire family.
    pub form_kind: FormKind,
    /// The definition's own identifier, e.g. `vaccination-pcv`: never a PMH ID (a
    /// 予診票管理ID or 乳幼児健診管理ID reaches a definition through the catalogue).
    pub id: String,
    /// Form title (予診票名 / 問診票名).
    pub title: String,
    /// Author's version string of this definition; with `id`, the definition's identity.
    pub version: String,
    /// The public forms this definition follows (a national 様式 or a municipal form). Every
    /// bundled form names at least one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub based_on: Vec<PublicSource>,
    /// Pages in order, numbered 1..n.
    pub pages: Vec<PageDef>,
}

/// A public form a definition follows: title and publisher as printed on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublicSource {
    /// The form's title as published.
    pub title: String,
    /// Who publishes it (厚生労働省, こども家庭庁, a municipality).
    pub publisher: String,
    /// Where it can be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Who fills a page in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum FilledBy {
    /// The person answering (the citizen or the guardian): what PMH stores.
    #[default]
    Respondent,
    /// The clinic (医師記入欄): shown with the form, never answered by the respondent, never
    /// required of them and never in a PMH payload.
    Clinic,
}

impl FilledBy {
    /// Whether this is the default (the respondent).
    pub fn is_respondent(&self) -> bool {
        *self == FilledBy::Respondent
    }
}

/// One page of the form; its label is PMH's 定義ー項目のグループのラベル.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PageDef {
    /// Page number, 1-based, equal to the page's position.
    pub number: u32,
    /// Group label: the page title on the paper form.
    pub label: String,
    /// Who fills the page in (default: the respondent).
    #[serde(default, skip_serializing_if = "FilledBy::is_respondent")]
    pub filled_by: FilledBy,
    /// Items of the page, in display order.
    pub items: Vec<ItemDef>,
}

/// The type of one item; decides its canonical answer text (see FORMAT.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ItemType {
    /// はい / いいえ, answered `"1"` / `"0"`.
    YesNo,
    /// One option code.
    SingleChoice,
    /// Option codes joined by `,` in definition order.
    MultiChoice,
    /// A whole number.
    Integer,
    /// A decimal number with at most `precision` fraction digits.
    Decimal,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM`.
    YearMonth,
    /// One line of text.
    Text,
    /// Several lines of text.
    LongText,
    /// A time of day, `HH:MM` (24-hour).
    Time,
    /// A reading in katakana (フリガナ): 全角カタカナ, `ー`, `ヴ`, `・` and single U+3000 spaces.
    Kana,
    /// 同意する / 同意しない, answered `"1"` / `"0"`.
    Consent,
    /// Display-only text; never answered.
    Note,
    /// A repeatable group of items; never answered itself.
    Group,
}

impl ItemType {
    /// The type's name as written in definitions.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemType::YesNo => "yes-no",
            ItemType::SingleChoice => "single-choice",
            ItemType::MultiChoice => "multi-choice",
            ItemType::Integer => "integer",
            ItemType::Decimal => "decimal",
            ItemType::Date => "date",
            ItemType::YearMonth => "year-month",
            ItemType::Text => "text",
            ItemType::LongText => "long-text",
            ItemType::Time => "time",
            ItemType::Kana => "kana",
            ItemType::Consent => "consent",
            ItemType::Note => "note",
            ItemType::Group => "group",
        }
    }

    /// Whether answers may be given for this type.
    pub fn is_answerable(self) -> bool {
        !matches!(self, ItemType::Note | ItemType::Group)
    }

    /// Whether the type has `options`.
    pub fn has_options(self) -> bool {
        matches!(self, ItemType::SingleChoice | ItemType::MultiChoice)
    }
}

/// A bound for `min` / `max`: a number, or a date / year-month string.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Bound {
    /// For integer and decimal items.
    Number(f64),
    /// For date (`YYYY-MM-DD`) and year-month (`YYYY-MM`) items.
    Text(String),
}

/// By hand rather than `#[serde(untagged)]`: untagged enums buffer the value into serde's
/// generic `Content` tree first, which costs code size in the WASM build and reports a wrong
/// type as "did not match any variant" instead of `invalid type`.
impl<'de> Deserialize<'de> for Bound {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Bound, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Bound;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number or a date string")
            }
            fn visit_f64<E>(self, v: f64) -> Result<Bound, E> {
                Ok(Bound::Number(v))
            }
            // Integers beyond 2^53 round, as with any JSON number read as f64.
            #[allow(clippy::cast_precision_loss)]
            fn visit_i64<E>(self, v: i64) -> Result<Bound, E> {
                Ok(Bound::Number(v as f64))
            }
            #[allow(clippy::cast_precision_loss)]
            fn visit_u64<E>(self, v: u64) -> Result<Bound, E> {
                Ok(Bound::Number(v as f64))
            }
            fn visit_str<E>(self, v: &str) -> Result<Bound, E> {
                Ok(Bound::Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// One choice of a single- or multi-choice item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OptionDef {
    /// The code stored as the answer text.
    pub code: String,
    /// The label shown to the person answering.
    pub label: String,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Blocks registering the answer set.
    #[default]
    Error,
    /// Shown to the person, does not block.
    Warning,
}

/// An author rule on one item: `expr` must hold whenever the item is answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConstraintDef {
    /// The author's own code, reported as `constraintCode` of a `answers.constraint-failed` finding.
    pub code: String,
    /// A bool expression.
    pub expr: String,
    /// Text shown when the rule fails (written by the author, never contains answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Severity of the finding (default `error`).
    #[serde(default)]
    pub severity: Severity,
    /// What the rule checks, when it is one of the eligibility checks a doctor decides on:
    /// the finding then has that kind's own code instead of `answers.constraint-failed`, and
    /// the severity must be `warning`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ConstraintKind>,
}

/// An eligibility check: never blocking, reported under its own code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ConstraintKind {
    /// 37.5℃ or higher before the injection (`eligibility.fever`).
    Fever,
    /// Age outside the routine period on the visit date (`eligibility.age-outside-period`).
    AgeOutsidePeriod,
    /// Too short an interval since the previous dose (`eligibility.interval-too-short`).
    IntervalTooShort,
}

/// One item (question, note or repeatable group).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ItemDef {
    /// Master ID (項目マスタID): any text of 1–128 bytes without control characters, unique in
    /// the form.
    pub id: String,
    /// Item type.
    #[serde(rename = "type")]
    pub item_type: ItemType,
    /// Question text.
    pub text: String,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Must be answered in complete mode when enabled.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Bool expression: required only when true (overrides `required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_when: Option<String>,
    /// Bool expression: the item is enabled only when true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_when: Option<String>,
    /// Choices of a single- or multi-choice item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<OptionDef>,
    /// Lower bound (number, or date / year-month text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Bound>,
    /// Upper bound (number, or date / year-month text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Bound>,
    /// Minimum length in Unicode scalar values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    /// Maximum length in Unicode scalar values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// Regular expression the whole text answer must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Display unit (℃, g, kg, cm, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The paper form offers 不明 (not known) for this number, date or year-month: the answer
    /// `"unknown"` is then accepted (e.g. 出生体重).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_unknown: bool,
    /// Maximum number of fraction digits of a decimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<u8>,
    /// Minimum number of codes in a multi-choice answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_selected: Option<u32>,
    /// Maximum number of codes in a multi-choice answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_selected: Option<u32>,
    /// Initial value, in canonical answer text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial: Option<String>,
    /// Author rules checked whenever the item is answered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<ConstraintDef>,
    /// Expression computing the item's value; the item is then never typed by a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calculate: Option<String>,
    /// Minimum number of repetitions of a group (complete mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_repeat: Option<u32>,
    /// Maximum number of repetitions of a group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_repeat: Option<u32>,
    /// Items of a group (groups do not nest).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemDef>,
}

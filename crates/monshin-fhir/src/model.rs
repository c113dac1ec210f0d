//! The FHIR R4 subset monshin reads and writes: Questionnaire, QuestionnaireResponse,
//! OperationOutcome and the datatypes they use, as plain serde types.
//!
//! `value[x]` choice elements are spelled as one optional field per type, as FHIR JSON writes
//! them. Every element this subset does not model lands in an `other` map, so that the import
//! reports it as a finding with its FHIR path instead of dropping it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Elements of a resource or element that this subset does not model, by JSON name.
pub type Unmodelled = BTreeMap<String, Value>;

/// `Coding`: a code from a code system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Coding {
    /// Code system URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// Version of the code system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Text shown for the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

/// `Quantity`: a measured amount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quantity {
    /// Numerical value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Unit as shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Unit system (UCUM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// Coded unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// A `value[x]` of the types questionnaires use; at most one field is set. `Debug` shows the
/// types set, never the value (answers are health data).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypedValue {
    /// `valueBoolean`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_boolean: Option<bool>,
    /// `valueDecimal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_decimal: Option<f64>,
    /// `valueInteger`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_integer: Option<i64>,
    /// `valueDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_date: Option<String>,
    /// `valueDateTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_date_time: Option<String>,
    /// `valueTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_time: Option<String>,
    /// `valueString`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_string: Option<String>,
    /// `valueUri`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_uri: Option<String>,
    /// `valueCoding`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_coding: Option<Coding>,
    /// `valueQuantity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_quantity: Option<Quantity>,
}

impl std::fmt::Debug for TypedValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let types: Vec<&str> = self.types().iter().map(|t| t.as_str()).collect();
        f.debug_struct("TypedValue")
            .field("types", &types)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// The FHIR type name of a `value[x]`, as `ofType(...)` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// boolean
    Boolean,
    /// decimal
    Decimal,
    /// integer
    Integer,
    /// date
    Date,
    /// dateTime
    DateTime,
    /// time
    Time,
    /// string
    String,
    /// uri
    Uri,
    /// Coding
    Coding,
    /// Quantity
    Quantity,
}

impl ValueType {
    /// The FHIR type name (`boolean`, `Coding`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::Boolean => "boolean",
            ValueType::Decimal => "decimal",
            ValueType::Integer => "integer",
            ValueType::Date => "date",
            ValueType::DateTime => "dateTime",
            ValueType::Time => "time",
            ValueType::String => "string",
            ValueType::Uri => "uri",
            ValueType::Coding => "Coding",
            ValueType::Quantity => "Quantity",
        }
    }
}

impl TypedValue {
    /// The types that are set (more than one is a malformed element).
    pub fn types(&self) -> Vec<ValueType> {
        let mut out = Vec::new();
        let flags = [
            (self.value_boolean.is_some(), ValueType::Boolean),
            (self.value_decimal.is_some(), ValueType::Decimal),
            (self.value_integer.is_some(), ValueType::Integer),
            (self.value_date.is_some(), ValueType::Date),
            (self.value_date_time.is_some(), ValueType::DateTime),
            (self.value_time.is_some(), ValueType::Time),
            (self.value_string.is_some(), ValueType::String),
            (self.value_uri.is_some(), ValueType::Uri),
            (self.value_coding.is_some(), ValueType::Coding),
            (self.value_quantity.is_some(), ValueType::Quantity),
        ];
        for (set, t) in flags {
            if set {
                out.push(t);
            }
        }
        out
    }

    /// The one type set, if exactly one is.
    pub fn single_type(&self) -> Option<ValueType> {
        match self.types().as_slice() {
            [t] => Some(*t),
            _ => None,
        }
    }
}

/// `Extension` with the value types questionnaires use, or nested extensions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Extension {
    /// Identifies the extension.
    pub url: String,
    /// Its value.
    #[serde(flatten)]
    pub value: TypedValue,
    /// `valueExpression` (SDC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_expression: Option<Value>,
    /// `valueCodeableConcept` (item control).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_codeable_concept: Option<CodeableConcept>,
    /// Sub-extensions of a complex extension.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
}

/// `CodeableConcept`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeableConcept {
    /// Codings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coding: Vec<Coding>,
    /// Plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// `Identifier` (only system and value).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identifier {
    /// Namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A Questionnaire resource.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Questionnaire {
    /// Always `Questionnaire`.
    pub resource_type: String,
    /// Logical id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Extensions (monshin's form kind among them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// Canonical URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Business identifiers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifier: Vec<Identifier>,
    /// Business version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Machine-friendly name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Human-friendly title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// draft | active | retired | unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Resources held inline (ValueSets for `answerValueSet`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contained: Vec<Value>,
    /// Items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<QItem>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Unmodelled,
}

/// `Questionnaire.item`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QItem {
    /// Extensions (bounds, regex, monshin constructs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// Unique id of the item in the questionnaire.
    #[serde(default)]
    pub link_id: String,
    /// Item type code.
    #[serde(rename = "type", default)]
    pub item_type: String,
    /// Question text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Conditions for showing the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enable_when: Vec<EnableWhen>,
    /// all | any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_behavior: Option<String>,
    /// Must be answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// May repeat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeats: Option<bool>,
    /// Not editable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    /// Longest string answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<i64>,
    /// Canonical reference to a ValueSet (`#id` for a contained one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_value_set: Option<String>,
    /// Permitted answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answer_option: Vec<AnswerOption>,
    /// Initial values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub initial: Vec<Initial>,
    /// Nested items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<QItem>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Unmodelled,
}

/// `Questionnaire.item.enableWhen`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnableWhen {
    /// linkId of the item the condition reads.
    #[serde(default)]
    pub question: String,
    /// exists | = | != | > | < | >= | <=.
    #[serde(default)]
    pub operator: String,
    /// `answerBoolean`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_boolean: Option<bool>,
    /// `answerDecimal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_decimal: Option<f64>,
    /// `answerInteger`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_integer: Option<i64>,
    /// `answerDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_date: Option<String>,
    /// `answerDateTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_date_time: Option<String>,
    /// `answerTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_time: Option<String>,
    /// `answerString`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_string: Option<String>,
    /// `answerCoding`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_coding: Option<Coding>,
    /// `answerQuantity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_quantity: Option<Quantity>,
    /// Everything else (`answerReference`, …).
    #[serde(flatten)]
    pub other: Unmodelled,
}

/// `Questionnaire.item.answerOption`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerOption {
    /// Extensions (`questionnaire-optionExclusive`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// The option's value.
    #[serde(flatten)]
    pub value: TypedValue,
    /// Selected initially.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_selected: Option<bool>,
}

/// `Questionnaire.item.initial`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Initial {
    /// The initial value.
    #[serde(flatten)]
    pub value: TypedValue,
}

/// A QuestionnaireResponse resource. `Debug` shows its shape only: answers, the subject and
/// every other element are health data.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireResponse {
    /// Always `QuestionnaireResponse`.
    pub resource_type: String,
    /// Logical id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Canonical URL of the questionnaire answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questionnaire: Option<String>,
    /// in-progress | completed | amended | entered-in-error | stopped.
    #[serde(default)]
    pub status: String,
    /// Answered items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<RItem>,
    /// Everything else (subject, authored, …): not read.
    #[serde(flatten)]
    pub other: Unmodelled,
}

impl std::fmt::Debug for QuestionnaireResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuestionnaireResponse")
            .field("status", &self.status)
            .field("item", &self.item)
            .field("other", &"<redacted>")
            .finish()
    }
}

/// `QuestionnaireResponse.item`. `Debug` shows counts, not linkIds or answers.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RItem {
    /// The questionnaire item answered.
    #[serde(default)]
    pub link_id: String,
    /// The question text as shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answer: Vec<RAnswer>,
    /// Items of a group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<RItem>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Unmodelled,
}

impl std::fmt::Debug for RItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RItem")
            .field("answers", &self.answer.len())
            .field("item", &self.item)
            .finish_non_exhaustive()
    }
}

/// `QuestionnaireResponse.item.answer`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RAnswer {
    /// The value.
    #[serde(flatten)]
    pub value: TypedValue,
    /// Items nested under this answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<RItem>,
}

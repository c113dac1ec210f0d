//! Extension URLs: the HL7 core and SDC ones the import reads and the export writes, and
//! monshin's own for constructs FHIR R4 cannot say (documented in `tests/README.md`).

/// `minValue` (core extension).
pub const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
/// `maxValue` (core extension).
pub const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
/// `sdc-questionnaire-minQuantity`: the lower bound of a quantity item.
pub const MIN_QUANTITY: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-minQuantity";
/// `sdc-questionnaire-maxQuantity`: the upper bound of a quantity item.
pub const MAX_QUANTITY: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-maxQuantity";
/// `minLength` (core extension).
pub const MIN_LENGTH: &str = "http://hl7.org/fhir/StructureDefinition/minLength";
/// `regex` (core extension).
pub const REGEX: &str = "http://hl7.org/fhir/StructureDefinition/regex";
/// `maxDecimalPlaces` (core extension).
pub const MAX_DECIMAL_PLACES: &str = "http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces";
/// `questionnaire-minOccurs`.
pub const MIN_OCCURS: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs";
/// `questionnaire-maxOccurs`.
pub const MAX_OCCURS: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs";
/// `questionnaire-unit`.
pub const UNIT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
/// `questionnaire-optionExclusive`.
pub const OPTION_EXCLUSIVE: &str =
    "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive";
/// `questionnaire-itemControl`.
pub const ITEM_CONTROL: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
/// `entryFormat`: a display hint, read and not needed.
pub const ENTRY_FORMAT: &str = "http://hl7.org/fhir/StructureDefinition/entryFormat";

/// Base of monshin's own extension URLs.
pub const MONSHIN_BASE: &str = "https://example.invalid/monshin/fhir/StructureDefinition/";
/// The form kind (`vaccination` | `child-checkup`), on the Questionnaire.
pub const FORM_KIND: &str = "https://example.invalid/monshin/fhir/StructureDefinition/form-kind";
/// Identifier system of a monshin form ID (予診票管理ID / 乳幼児健診管理ID).
pub const FORM_ID_SYSTEM: &str = "https://example.invalid/monshin/fhir/form-id";
/// Marks a top-level group as page `valueInteger` of the form.
pub const PAGE: &str = "https://example.invalid/monshin/fhir/StructureDefinition/page";
/// The monshin item type where FHIR's is coarser (`consent`, `year-month`).
pub const ITEM_TYPE: &str = "https://example.invalid/monshin/fhir/StructureDefinition/item-type";
/// The paper form offers 不明 for this item (`valueBoolean` true): monshin's `allowUnknown`.
pub const ALLOW_UNKNOWN: &str =
    "https://example.invalid/monshin/fhir/StructureDefinition/allow-unknown";
/// monshin `enableWhen` expression (`valueString`), used instead of FHIR enableWhen.
pub const ENABLE_WHEN_EXPR: &str =
    "https://example.invalid/monshin/fhir/StructureDefinition/enable-when-expression";
/// monshin `requiredWhen` expression (`valueString`).
pub const REQUIRED_WHEN_EXPR: &str =
    "https://example.invalid/monshin/fhir/StructureDefinition/required-when-expression";
/// monshin `calculate` expression (`valueString`); the item is also `readOnly`.
pub const CALCULATE_EXPR: &str =
    "https://example.invalid/monshin/fhir/StructureDefinition/calculate-expression";
/// A public form the definition follows (monshin's `basedOn`), on the Questionnaire:
/// sub-extensions `title`, `publisher` and `url`.
pub const BASED_ON: &str = "https://example.invalid/monshin/fhir/StructureDefinition/based-on";
/// Who fills a page in (`valueString` `clinic`), on a page group; absent for the respondent.
pub const FILLED_BY: &str = "https://example.invalid/monshin/fhir/StructureDefinition/filled-by";
/// One monshin constraint: sub-extensions `code`, `expr`, `message`, `severity` and `kind`.
pub const CONSTRAINT: &str = "https://example.invalid/monshin/fhir/StructureDefinition/constraint";

/// Whether `url` is one of monshin's own.
pub fn is_monshin(url: &str) -> bool {
    url.starts_with(MONSHIN_BASE)
}

//! Bounded parsing and encoding of PMH documents.
//!
//! Parsing runs in three phases: (1) the byte-size limit; (2) a single pass over the raw
//! bytes that enforces the nesting depth, array length and string length limits *before* serde
//! sees anything (serde_json's own recursion limit is 128; ours is lower and explicit); (3)
//! plain serde_json, whose errors are classified into [`ErrorCode`]s with a
//! [`JsonPath`](crate::JsonPath) by [`crate::error`] (the path is found by re-scanning the bytes
//! before the error position with `monshin_jsonpath`, whose lexer also drives phase 2). Unknown
//! fields of read responses are ignored; register bodies reject them.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{classify, ErrorCode, WireError};
use crate::shape::TopLevel;
use crate::{
    ChildCheckupList, ChildFormAnswers, PrenatalCheckupList, PrenatalVoucherList,
    RegisterChildQuestionnaireAnswer, RegisterQuestionnaireAnswer, SubsidyCertificateList,
    VaccinationFormAnswers, VaccinationFormList, VaccinationList,
};

/// Resource limits applied before and during parsing.
///
/// ```
/// let limits = monshin_wire::Limits::default().with_max_bytes(64 * 1024);
/// assert_eq!(limits.max_bytes(), 65_536);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    max_bytes: usize,
    max_depth: usize,
    max_array_len: usize,
    max_string_bytes: usize,
}

impl Limits {
    /// The defaults: 4 MiB, depth 32, 10,000 array elements, 65,536 bytes per string.
    pub const DEFAULT: Limits = Limits {
        max_bytes: 4 * 1024 * 1024,
        max_depth: 32,
        max_array_len: 10_000,
        max_string_bytes: 65_536,
    };

    /// The highest accepted depth limit (serde_json's own recursion limit).
    pub const DEPTH_CEILING: usize = 128;

    /// Maximum document size in bytes ([`ErrorCode::TooLarge`]).
    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// Maximum nesting of arrays and objects; the root object is depth 1
    /// ([`ErrorCode::TooDeep`]).
    pub fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// Maximum number of elements of any one array ([`ErrorCode::ArrayTooLong`]).
    pub fn max_array_len(&self) -> usize {
        self.max_array_len
    }

    /// Maximum raw length in bytes of any one string, escapes included
    /// ([`ErrorCode::StringTooLong`]).
    pub fn max_string_bytes(&self) -> usize {
        self.max_string_bytes
    }

    /// With another size limit.
    pub fn with_max_bytes(mut self, n: usize) -> Self {
        self.max_bytes = n;
        self
    }

    /// With another depth limit, capped at [`Limits::DEPTH_CEILING`].
    pub fn with_max_depth(mut self, n: usize) -> Self {
        self.max_depth = n.min(Self::DEPTH_CEILING);
        self
    }

    /// With another array length limit.
    pub fn with_max_array_len(mut self, n: usize) -> Self {
        self.max_array_len = n;
        self
    }

    /// With another string length limit.
    pub fn with_max_string_bytes(mut self, n: usize) -> Self {
        self.max_string_bytes = n;
        self
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// Checks depth, array length and string length in one pass over the raw bytes.
///
/// It does not validate JSON (serde does that next); on malformed input its counts may be
/// off, but it never reads out of bounds and never allocates more than `max_depth` frames.
/// The tokens come from `monshin_jsonpath::Lexer`, the scanner that also finds error paths.
fn prescan(bytes: &[u8], limits: &Limits) -> Result<(), WireError> {
    use monshin_jsonpath::{Lexer, TokenKind};
    struct Frame {
        is_array: bool,
        awaiting_first: bool,
        elements: usize,
    }
    let exceeded = |code, limit, offset| WireError::LimitExceeded {
        code,
        limit,
        offset,
    };
    let mut stack: Vec<Frame> = Vec::new();
    for token in Lexer::new(bytes) {
        let offset = token.start;
        if let Some(top) = stack.last_mut() {
            if top.awaiting_first {
                top.awaiting_first = false;
                if token.kind != TokenKind::ArrayEnd {
                    top.elements = 1;
                }
            }
        }
        match token.kind {
            TokenKind::ArrayStart | TokenKind::ObjectStart => {
                if stack.len() >= limits.max_depth {
                    return Err(exceeded(ErrorCode::TooDeep, limits.max_depth, offset));
                }
                let is_array = token.kind == TokenKind::ArrayStart;
                stack.push(Frame {
                    is_array,
                    awaiting_first: is_array,
                    elements: 0,
                });
            }
            TokenKind::ArrayEnd | TokenKind::ObjectEnd => {
                stack.pop();
            }
            TokenKind::Comma => {
                if let Some(top) = stack.last_mut() {
                    if top.is_array {
                        top.elements += 1;
                    }
                }
            }
            TokenKind::Colon | TokenKind::String { .. } | TokenKind::Scalar => {}
        }
        if let Some(top) = stack.last() {
            if top.is_array && top.elements > limits.max_array_len {
                return Err(exceeded(
                    ErrorCode::ArrayTooLong,
                    limits.max_array_len,
                    offset,
                ));
            }
        }
        if token.content_len() > limits.max_string_bytes {
            // The offset of the first byte over the limit.
            return Err(exceeded(
                ErrorCode::StringTooLong,
                limits.max_string_bytes,
                offset + 1 + limits.max_string_bytes,
            ));
        }
    }
    Ok(())
}

/// Which PMH document a type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocumentKind {
    /// Operation 1, 予防接種一覧情報の照会: [`VaccinationList`].
    VaccinationList,
    /// Operation 2, 予診票一覧情報の照会: [`VaccinationFormList`].
    VaccinationFormList,
    /// Operation 3, 予診票の回答結果の照会: [`VaccinationFormAnswers`].
    VaccinationFormAnswers,
    /// Operation 4, 予診票の回答結果の登録: [`RegisterQuestionnaireAnswer`].
    RegisterQuestionnaireAnswer,
    /// Operation 5, 妊婦健診一覧、過去の健診結果の照会: [`PrenatalCheckupList`].
    PrenatalCheckups,
    /// Operation 6, 妊婦健診の受診券情報の照会: [`PrenatalVoucherList`].
    PrenatalVouchers,
    /// Operation 7, 乳幼児健診一覧、過去の健診結果の照会: [`ChildCheckupList`].
    ChildCheckups,
    /// Operation 8, 乳幼児問診票の回答の照会: [`ChildFormAnswers`].
    ChildFormAnswers,
    /// Operation 9, 乳幼児問診票の回答結果の登録: [`RegisterChildQuestionnaireAnswer`].
    RegisterChildQuestionnaireAnswer,
    /// Operation 10, 医療費助成情報の照会: [`SubsidyCertificateList`].
    SubsidyCertificates,
}

/// Whether PMH sends a document or receives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// A response of a read (取得) operation.
    Read,
    /// The request body of a register (登録) operation.
    Register,
}

impl DocumentKind {
    /// All ten documents, in operation order.
    pub const ALL: [DocumentKind; 10] = [
        DocumentKind::VaccinationList,
        DocumentKind::VaccinationFormList,
        DocumentKind::VaccinationFormAnswers,
        DocumentKind::RegisterQuestionnaireAnswer,
        DocumentKind::PrenatalCheckups,
        DocumentKind::PrenatalVouchers,
        DocumentKind::ChildCheckups,
        DocumentKind::ChildFormAnswers,
        DocumentKind::RegisterChildQuestionnaireAnswer,
        DocumentKind::SubsidyCertificates,
    ];

    /// The operation number of `domain.md` §1 (1–10).
    pub fn operation_number(self) -> u8 {
        match self {
            DocumentKind::VaccinationList => 1,
            DocumentKind::VaccinationFormList => 2,
            DocumentKind::VaccinationFormAnswers => 3,
            DocumentKind::RegisterQuestionnaireAnswer => 4,
            DocumentKind::PrenatalCheckups => 5,
            DocumentKind::PrenatalVouchers => 6,
            DocumentKind::ChildCheckups => 7,
            DocumentKind::ChildFormAnswers => 8,
            DocumentKind::RegisterChildQuestionnaireAnswer => 9,
            DocumentKind::SubsidyCertificates => 10,
        }
    }

    /// The operation name in the guideline.
    pub fn operation_jp(self) -> &'static str {
        match self {
            DocumentKind::VaccinationList => "予防接種一覧情報の照会",
            DocumentKind::VaccinationFormList => "予診票一覧情報の照会",
            DocumentKind::VaccinationFormAnswers => "予診票の回答結果の照会",
            DocumentKind::RegisterQuestionnaireAnswer => "予診票の回答結果の登録",
            DocumentKind::PrenatalCheckups => "妊婦健診一覧、過去の健診結果の照会",
            DocumentKind::PrenatalVouchers => "妊婦健診の受診券情報の照会",
            DocumentKind::ChildCheckups => "乳幼児健診一覧、過去の健診結果の照会",
            DocumentKind::ChildFormAnswers => "乳幼児問診票の回答の照会",
            DocumentKind::RegisterChildQuestionnaireAnswer => "乳幼児問診票の回答結果の登録",
            DocumentKind::SubsidyCertificates => "医療費助成情報の照会",
        }
    }

    /// Read response or register body.
    pub fn direction(self) -> Direction {
        match self {
            DocumentKind::RegisterQuestionnaireAnswer
            | DocumentKind::RegisterChildQuestionnaireAnswer => Direction::Register,
            _ => Direction::Read,
        }
    }

    /// The short name used for the schema file and the golden folder, e.g.
    /// `"vaccination-list"`.
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::VaccinationList => "vaccination-list",
            DocumentKind::VaccinationFormList => "vaccination-form-list",
            DocumentKind::VaccinationFormAnswers => "vaccination-form-answers",
            DocumentKind::RegisterQuestionnaireAnswer => "register-questionnaire-answer",
            DocumentKind::PrenatalCheckups => "prenatal-checkups",
            DocumentKind::PrenatalVouchers => "prenatal-vouchers",
            DocumentKind::ChildCheckups => "child-checkups",
            DocumentKind::ChildFormAnswers => "child-form-answers",
            DocumentKind::RegisterChildQuestionnaireAnswer => "register-child-questionnaire-answer",
            DocumentKind::SubsidyCertificates => "subsidy-certificates",
        }
    }

    /// The file name of its JSON Schema in the workspace's `schemas/` folder, e.g.
    /// `"pmh-vaccination-list.schema.json"`.
    pub fn schema_file(self) -> String {
        format!("pmh-{}.schema.json", self.name())
    }
}

/// A PMH document type: parseable with [`parse`], encodable with [`encode`].
pub trait WireDocument: Serialize + DeserializeOwned {
    /// Which document this is.
    const KIND: DocumentKind;

    /// What is unexpected but readable in it: values outside the guideline's lists, withheld
    /// 基本５情報 fields (see [`crate::read()`]).
    fn read_findings(&self) -> Vec<crate::ReadFinding>;
}

macro_rules! wire_document {
    ($($ty:ident => $kind:ident),+ $(,)?) => {
        $(impl WireDocument for $ty {
            const KIND: DocumentKind = DocumentKind::$kind;
            fn read_findings(&self) -> Vec<crate::ReadFinding> {
                let mut out = Vec::new();
                crate::read::Check::check(self, &crate::JsonPath::root(), &mut out);
                out
            }
        })+
    };
}

wire_document!(
    VaccinationList => VaccinationList,
    VaccinationFormList => VaccinationFormList,
    VaccinationFormAnswers => VaccinationFormAnswers,
    RegisterQuestionnaireAnswer => RegisterQuestionnaireAnswer,
    PrenatalCheckupList => PrenatalCheckups,
    PrenatalVoucherList => PrenatalVouchers,
    ChildCheckupList => ChildCheckups,
    ChildFormAnswers => ChildFormAnswers,
    RegisterChildQuestionnaireAnswer => RegisterChildQuestionnaireAnswer,
    SubsidyCertificateList => SubsidyCertificates,
);

/// Parses a document with the [default limits](Limits::DEFAULT).
pub fn parse<T: WireDocument>(bytes: &[u8]) -> Result<T, WireError> {
    parse_with_limits(bytes, &Limits::DEFAULT)
}

/// Parses a document with explicit limits.
pub fn parse_with_limits<T: WireDocument>(bytes: &[u8], limits: &Limits) -> Result<T, WireError> {
    if bytes.len() > limits.max_bytes {
        return Err(WireError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    prescan(bytes, limits)?;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let TopLevel(doc) = TopLevel::<T>::deserialize(&mut de).map_err(|e| classify(&e, bytes))?;
    de.end().map_err(|e| WireError::Syntax {
        line: e.line(),
        column: e.column(),
    })?;
    Ok(doc)
}

/// Serialises a document as compact JSON.
pub fn encode<T: WireDocument>(doc: &T) -> Result<Vec<u8>, WireError> {
    serde_json::to_vec(doc).map_err(|_| WireError::Encode)
}

macro_rules! named_parsers {
    ($($(#[$doc:meta])* $fn_name:ident => $ty:ident),+ $(,)?) => {
        $(
            $(#[$doc])*
            pub fn $fn_name(bytes: &[u8]) -> Result<$ty, WireError> {
                parse(bytes)
            }
        )+
    };
}

named_parsers!(
    /// Parses the response of operation 1, 予防接種一覧情報の照会.
    parse_vaccination_list => VaccinationList,
    /// Parses the response of operation 2, 予診票一覧情報の照会.
    parse_vaccination_form_list => VaccinationFormList,
    /// Parses the response of operation 3, 予診票の回答結果の照会.
    parse_vaccination_form_answers => VaccinationFormAnswers,
    /// Parses the response of operation 5, 妊婦健診一覧、過去の健診結果の照会.
    parse_prenatal_checkups => PrenatalCheckupList,
    /// Parses the response of operation 6, 妊婦健診の受診券情報の照会.
    parse_prenatal_vouchers => PrenatalVoucherList,
    /// Parses the response of operation 7, 乳幼児健診一覧、過去の健診結果の照会.
    parse_child_checkups => ChildCheckupList,
    /// Parses the response of operation 8, 乳幼児問診票の回答の照会.
    parse_child_form_answers => ChildFormAnswers,
    /// Parses the response of operation 10, 医療費助成情報の照会.
    parse_subsidy_certificates => SubsidyCertificateList,
);

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(s: &str, limits: Limits) -> Result<(), ErrorCode> {
        prescan(s.as_bytes(), &limits).map_err(|e| e.code())
    }

    #[test]
    fn depth_counts_arrays_and_objects() {
        let l = Limits::DEFAULT.with_max_depth(3);
        assert_eq!(scan(r#"{"a":[{"b":1}]}"#, l), Ok(()));
        assert_eq!(scan(r#"{"a":[{"b":[]}]}"#, l), Err(ErrorCode::TooDeep));
        // Brackets inside strings do not count.
        assert_eq!(scan(r#"{"a":"[[[[[[\"[[["}"#, l), Ok(()));
    }

    #[test]
    fn array_length_counts_elements() {
        let l = Limits::DEFAULT.with_max_array_len(3);
        assert_eq!(scan("[]", l), Ok(()));
        assert_eq!(scan("[1,2,3]", l), Ok(()));
        assert_eq!(scan("[1,2,3,4]", l), Err(ErrorCode::ArrayTooLong));
        // Commas in nested objects and strings belong to them.
        assert_eq!(scan(r#"[{"a":1,"b":2,"c":3,"d":4}, "x,y,z,w"]"#, l), Ok(()));
        assert_eq!(scan("[[1,2,3],[4,5,6],[7,8,9]]", l), Ok(()));
    }

    #[test]
    fn string_length_is_raw_bytes() {
        let l = Limits::DEFAULT.with_max_string_bytes(4);
        assert_eq!(scan(r#"["abcd"]"#, l), Ok(()));
        assert_eq!(scan(r#"["abcde"]"#, l), Err(ErrorCode::StringTooLong));
    }

    /// Code and JSON Pointer of the error of parsing a register body made of `members`.
    fn register_error(members: &str) -> (ErrorCode, Option<String>) {
        let text = format!(
            r#"{{"processType": "RegisterQuestionnaireAnswer", "formId": "Y-1", "status": "下書き", "lastPage": 1, {members}}}"#
        );
        match parse::<RegisterQuestionnaireAnswer>(text.as_bytes()) {
            Ok(_) => panic!("{text} parsed"),
            Err(e) => (e.code(), e.path().map(|p| p.to_pointer())),
        }
    }

    #[test]
    fn error_paths_from_the_error_position() {
        let answers = r#""answers": [{"masterId": "A", "seq": 1, "value": "x"}, "#;
        let cases = [
            (
                format!(r#"{answers}{{"masterId": "B", "seq": "1", "value": "y"}}]"#),
                ErrorCode::WrongType,
                "/answers/1/seq",
            ),
            // A check after the number was read, last member of its object or not.
            (
                format!(r#"{answers}{{"masterId": "B", "value": "y", "seq": 0}}]"#),
                ErrorCode::BadRepeatSeq,
                "/answers/1/seq",
            ),
            (
                format!(r#"{answers}{{"masterId": "B", "seq": 0 , "value": "y"}}]"#),
                ErrorCode::BadRepeatSeq,
                "/answers/1/seq",
            ),
            (
                format!(r#"{answers}{{"masterId": "B", "seq": 1}}]"#),
                ErrorCode::MissingField,
                "/answers/1/value",
            ),
            (
                format!(r#"{answers}{{"masterId": "B", "seq": 1, "value": "y", "seq": 2}}]"#),
                ErrorCode::DuplicateField,
                "/answers/1/seq",
            ),
            (
                format!(r#"{answers}[]]"#),
                ErrorCode::WrongType,
                "/answers/1",
            ),
            (
                format!(r#"{answers}{{"masterId": "B", "seq": 1, "value": "y"}}], "note": 1"#),
                ErrorCode::UnknownField,
                // The object that has it: the key is document content and never shown.
                "",
            ),
        ];
        for (members, code, path) in cases {
            assert_eq!(
                register_error(&members),
                (code, Some(path.to_owned())),
                "{members}"
            );
        }
    }

    #[test]
    fn unknown_keys_are_never_shown() {
        // Register bodies reject unknown members; their names are document content, even
        // when they look like field names.
        let answers = r#""answers": [{"masterId": "A", "seq": 1, "value": "x"}]"#;
        for key in ["山田 太郎", r"secret\u0020value", "a-b", "$ref", "yamada"] {
            let (code, path) = register_error(&format!(r#"{answers}, "{key}": 1"#));
            assert_eq!(code, ErrorCode::UnknownField);
            assert_eq!(path.as_deref(), Some(""), "{key}");
        }
    }

    #[test]
    fn depth_limit_is_capped() {
        assert_eq!(
            Limits::DEFAULT.with_max_depth(10_000).max_depth(),
            Limits::DEPTH_CEILING
        );
    }
}

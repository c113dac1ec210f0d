//! Tolerant reading: a document plus the *read findings* — what was unexpected but readable.
//!
//! [`read`] parses like [`crate::parse_with_limits`] and then walks the document for values the
//! guideline does not list ([`Open::Other`], `wire.unknown-value`) and withheld 基本５情報
//! fields (`wire.withheld`). Each [`ReadFinding`] has a code, a JSON Pointer and a severity
//! (always a warning: the document was read). With [`ReadOptions::strict`] the first finding
//! is returned as [`WireError::Strict`] instead, for vendors' CI that must send only listed
//! values. A finding never carries the value, only where it is.

use std::fmt;

use monshin_core::Severity;

use crate::common::BasicFiveInfo;
use crate::error::{ErrorCode, JsonPath, WireError};
use crate::open::{Open, Vocabulary};
use crate::parse::{parse_with_limits, Limits, WireDocument};
use crate::{
    ChildCheckupList, ChildFormAnswers, PrenatalCheckupList, PrenatalVoucherList,
    RegisterChildQuestionnaireAnswer, RegisterQuestionnaireAnswer, SubsidyCertificateList,
    VaccinationFormAnswers, VaccinationFormList, VaccinationList,
};

/// Something unexpected in a document that was read all the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReadFinding {
    /// [`ErrorCode::UnknownValue`] or [`ErrorCode::Withheld`].
    pub code: ErrorCode,
    /// Warning (strict reading makes it an error).
    pub severity: Severity,
    /// Where, as a JSON Pointer.
    pub path: JsonPath,
    /// The guideline's name of the field, e.g. `回答状況`.
    pub field: &'static str,
    /// The shape of an unknown value (type, length, character class), never the value.
    pub shape: Option<String>,
}

impl fmt::Display for ReadFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{severity}[{}] {}: {}: {}",
            self.code,
            if self.path.is_root() {
                "/".to_owned()
            } else {
                self.path.to_pointer()
            },
            self.field,
            self.code.message()
        )?;
        if let Some(shape) = &self.shape {
            write!(f, " ({shape})")?;
        }
        Ok(())
    }
}

/// How to read: limits, and whether read findings are errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Resource limits.
    pub limits: Limits,
    /// Turn the first read finding into [`WireError::Strict`].
    pub strict: bool,
}

impl ReadOptions {
    /// Default limits, findings as warnings.
    pub fn tolerant() -> Self {
        ReadOptions::default()
    }

    /// Default limits, findings as errors.
    pub fn strict() -> Self {
        ReadOptions {
            strict: true,
            ..ReadOptions::default()
        }
    }
}

/// A document and what was unexpected in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read<T> {
    /// The document.
    pub document: T,
    /// Read findings, in document order.
    pub findings: Vec<ReadFinding>,
}

/// Reads a document tolerantly (see the module documentation).
pub fn read<T: WireDocument>(bytes: &[u8], options: &ReadOptions) -> Result<Read<T>, WireError> {
    let document: T = parse_with_limits(bytes, &options.limits)?;
    let findings = document.read_findings();
    if options.strict {
        if let Some(first) = findings.first() {
            return Err(WireError::Strict {
                code: first.code,
                path: first.path.clone(),
            });
        }
    }
    Ok(Read { document, findings })
}

/// Walks a document for read findings.
pub(crate) trait Check {
    fn check(&self, at: &JsonPath, out: &mut Vec<ReadFinding>);
}

fn unknown<T: Vocabulary>(value: &Open<T>, at: JsonPath, out: &mut Vec<ReadFinding>) {
    if let Open::Other(u) = value {
        out.push(ReadFinding {
            code: ErrorCode::UnknownValue,
            severity: Severity::Warning,
            path: at,
            field: T::FIELD,
            shape: Some(u.shape()),
        });
    }
}

fn unknown_opt<T: Vocabulary>(value: &Option<Open<T>>, at: JsonPath, out: &mut Vec<ReadFinding>) {
    if let Some(v) = value {
        unknown(v, at, out);
    }
}

fn withheld(at: JsonPath, field: &'static str, out: &mut Vec<ReadFinding>) {
    out.push(ReadFinding {
        code: ErrorCode::Withheld,
        severity: Severity::Warning,
        path: at,
        field,
        shape: None,
    });
}

impl Check for Option<BasicFiveInfo> {
    fn check(&self, at: &JsonPath, out: &mut Vec<ReadFinding>) {
        let Some(info) = self else {
            return withheld(at.clone(), "基本５情報", out);
        };
        let fields: [(&str, &'static str, bool); 5] = [
            ("name", "氏名", info.name.is_some()),
            ("nameKana", "氏名カナ", info.name_kana.is_some()),
            ("address", "住所", info.address.is_some()),
            ("dateOfBirth", "生年月日", info.date_of_birth.is_some()),
            ("sex", "性別", info.sex.is_some()),
        ];
        for (key, field, present) in fields {
            if !present {
                withheld(at.clone().key(key), field, out);
            }
        }
        if let Some(sex) = &info.sex {
            unknown(sex.expose(), at.clone().key("sex"), out);
        }
    }
}

impl Check for VaccinationList {
    fn check(&self, at: &JsonPath, out: &mut Vec<ReadFinding>) {
        for (i, v) in self.vaccinations.iter().enumerate() {
            let at = at.clone().key("vaccinations").index(i);
            unknown_opt(&v.enrolled, at.clone().key("enrolled"), out);
            let kind = at.clone().key("kind");
            unknown_opt(&v.kind.legal_category, kind.key("legalCategory"), out);
            for (j, h) in v.history.iter().enumerate() {
                let at = at.clone().key("history").index(j);
                unknown_opt(&h.delivery_mode, at.clone().key("deliveryMode"), out);
                unknown_opt(&h.visit_kind, at.key("visitKind"), out);
            }
        }
    }
}

impl Check for VaccinationFormList {
    fn check(&self, at: &JsonPath, out: &mut Vec<ReadFinding>) {
        for (i, f) in self.forms.iter().enumerate() {
            unknown(
                &f.status,
                at.clone().key("forms").index(i).key("status"),
                out,
            );
        }
    }
}

impl Check for VaccinationFormAnswers {
    fn check(&self, at: &JsonPath, out: &mut Vec<ReadFinding>) {
        unknown(&self.status, at.clone().key("status"), out);
        self.basic_five_info
            .check(&at.clone().key("basicFiveInfo"), out);
    }
}

impl Check for PrenatalCheckupList {
    fn check(&self, at: &JsonPath, out: &mut Vec<ReadFinding>) {
        for (i, p) in self.pregnancies.iter().enumerate() {
            for (j, c) in p.checkups.iter().enumerate() {
                let at = at.clone().key("pregnancies").index(i);
                let at = at.key("checkups").index(j).key("enrolled");
                unknown_opt(&c.enrolled, at, out);
            }
        }
    }
}

impl Check for ChildCheckupList {
    fn check(&self, at: &JsonPath, out: &mut Vec<ReadFinding>) {
        for (i, c) in self.checkups.iter().enumerate() {
            let at = at.clone().key("checkups").index(i);
            unknown(&c.status, at.clone().key("status"), out);
            unknown_opt(&c.enrolled, at.key("enrolled"), out);
        }
    }
}

impl Check for ChildFormAnswers {
    fn check(&self, at: &JsonPath, out: &mut Vec<ReadFinding>) {
        unknown(&self.status, at.clone().key("status"), out);
        self.basic_five_info
            .check(&at.clone().key("basicFiveInfo"), out);
    }
}

/// Documents with no open vocabulary and nothing that may be withheld.
macro_rules! nothing_to_check {
    ($($ty:ty),+) => {
        $(impl Check for $ty {
            fn check(&self, _at: &JsonPath, _out: &mut Vec<ReadFinding>) {}
        })+
    };
}

nothing_to_check!(
    PrenatalVoucherList,
    SubsidyCertificateList,
    RegisterQuestionnaireAnswer,
    RegisterChildQuestionnaireAnswer
);

//! The HTTP design of the ten PMH questionnaire operations: methods, paths, headers, status
//! codes, error bodies and the register receipt, in this one module.
//!
//! The guideline (利用ガイドライン §2.4) names the operations and their fields but not the
//! transport; everything here is **our design**, shared by the client ([`crate::PmhClient`])
//! and the sandbox (`monshin-pmh-sandbox`) so that aligning with the official specification
//! touches this file alone. The documents themselves (read responses and register bodies) are
//! spelled in `monshin-wire`.
//!
//! # Transport
//!
//! HTTPS + JSON (plain HTTP only to a loopback address), `Authorization: Bearer <token>` on
//! every call: the token is the one the app obtained through マイナポータル's consent flow and
//! identifies the person whose information is read (a guardian acting for a child holds a token
//! for the child). IDs in paths are percent-encoded path segments.
//!
//! | # | operation | method and path | response body |
//! |---|-----------|-----------------|---------------|
//! | 1 | `list_vaccinations` | `GET /v3/vaccinations` | `VaccinationList` |
//! | 2 | `list_vaccination_forms` | `GET /v3/vaccination-forms` | `VaccinationFormList` |
//! | 3 | `get_vaccination_answers` | `GET /v3/vaccination-forms/{formId}/answers` | `VaccinationFormAnswers` |
//! | 4 | `register_vaccination_answers` | `POST /v3/questionnaire-answers` | [`RegisterReceipt`] |
//! | 5 | `list_prenatal_checkups` | `GET /v2/prenatal-checkups` | `PrenatalCheckupList` |
//! | 6 | `list_prenatal_vouchers` | `GET /v2/prenatal-vouchers` | `PrenatalVoucherList` |
//! | 7 | `list_child_checkups` | `GET /v2/child-checkups` | `ChildCheckupList` |
//! | 8 | `get_child_answers` | `GET /v2/child-checkups/{checkupId}/answers` | `ChildFormAnswers` |
//! | 9 | `register_child_answers` | `POST /v2/child-questionnaire-answers` | [`RegisterReceipt`] |
//! | 10 | `list_subsidy_certificates` | `GET /v2/subsidy-certificates` | `SubsidyCertificateList` |
//!
//! The two registers carry `RegisterQuestionnaireAnswer` / `RegisterChildQuestionnaireAnswer`
//! as their body and an [`IDEMPOTENCY_KEY`] header: the server applies one key once and answers
//! a repeat with the first receipt (`"replayed": true`), so a caller that resends after an
//! ambiguous failure cannot register twice. The server keeps a key, per person, for
//! [`IDEMPOTENCY_RETENTION`] (24 h) after its first use and never forgets it earlier: a resend
//! within that period always replays. Keys are per person: the same key sent for two people is
//! two keys.
//!
//! # Status codes
//!
//! | status | meaning | [`ServerCode`] in the error body |
//! |---|---|---|
//! | 200 | success | — |
//! | 400 | the request body is not a valid document | `pmh.bad-request` |
//! | 401 | token missing, unknown or expired (`WWW-Authenticate: Bearer`) | `pmh.unauthorized`, `pmh.token-expired` |
//! | 403 | no consent for this kind of information, or not allowed | `pmh.consent-required`, `pmh.forbidden` |
//! | 404 | no such form or check-up for this person | `pmh.not-found` |
//! | 409 | a PMH rule forbids the register | `pmh.not-answerable`, `pmh.status-transition`, `pmh.idempotency-key-reused` |
//! | 422 | the answers do not pass validation (findings listed) | `pmh.invalid-answers`, `pmh.last-page` |
//! | 429 | too many requests (`Retry-After`) | `pmh.rate-limited` |
//! | 500 | server failure (a register may or may not have been applied) | `pmh.internal` |
//! | 503 | planned outage or overload (`Retry-After`; nothing was applied) | `pmh.planned-outage`, `pmh.unavailable` |
//!
//! A 401, 403, 404, 409, 400, 422, 429 or 503 answer guarantees that a register was **not**
//! applied; after a 500, a time-out or a dropped connection the outcome is unknown (read the
//! answers back, or resend with the same idempotency key).

use std::fmt;

use monshin_wire::{AnswerStatus, DocumentKind, LastPage};
use serde::{Deserialize, Serialize};

/// The header carrying a register's [`crate::IdempotencyKey`].
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// How long a server keeps an idempotency key after its first use (**our design**: 24 hours).
/// Within it a resend with the same key and body replays the first receipt, however many
/// registers happened in between.
pub const IDEMPOTENCY_RETENTION: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// The media type of every body.
pub const JSON: &str = "application/json";

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: a read.
    Get,
    /// `POST`: a register.
    Post,
}

impl Method {
    /// `"GET"` or `"POST"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// Which consent an operation needs (the three kinds of information of 表 2.4-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// 予防接種 (API v3): operations 1–4.
    Vaccination,
    /// 母子保健 (API v2): operations 5–9.
    MaternalChild,
    /// 医療費助成 (API v2): operation 10.
    Subsidy,
}

impl Category {
    /// `"vaccination"`, `"maternal-child"` or `"subsidy"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Vaccination => "vaccination",
            Category::MaternalChild => "maternal-child",
            Category::Subsidy => "subsidy",
        }
    }
}

/// One of the ten operations of `domain.md` §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    /// 1 予防接種一覧情報の照会.
    ListVaccinations,
    /// 2 予診票一覧情報の照会.
    ListVaccinationForms,
    /// 3 予診票の回答結果の照会.
    GetVaccinationAnswers,
    /// 4 予診票の回答結果の登録 (`RegisterQuestionnaireAnswer`).
    RegisterVaccinationAnswers,
    /// 5 妊婦健診一覧、過去の健診結果の照会.
    ListPrenatalCheckups,
    /// 6 妊婦健診の受診券情報の照会.
    ListPrenatalVouchers,
    /// 7 乳幼児健診一覧、過去の健診結果の照会.
    ListChildCheckups,
    /// 8 乳幼児問診票の回答の照会.
    GetChildAnswers,
    /// 9 乳幼児問診票の回答結果の登録 (`RegisterChildQuestionnaireAnswer`).
    RegisterChildAnswers,
    /// 10 医療費助成情報の照会.
    ListSubsidyCertificates,
}

impl Operation {
    /// All ten, in operation order.
    pub const ALL: [Operation; 10] = [
        Operation::ListVaccinations,
        Operation::ListVaccinationForms,
        Operation::GetVaccinationAnswers,
        Operation::RegisterVaccinationAnswers,
        Operation::ListPrenatalCheckups,
        Operation::ListPrenatalVouchers,
        Operation::ListChildCheckups,
        Operation::GetChildAnswers,
        Operation::RegisterChildAnswers,
        Operation::ListSubsidyCertificates,
    ];

    /// The method name of the client (`domain.md` §1), e.g. `"list_vaccination_forms"`; also
    /// the `op` field of log spans.
    pub fn name(self) -> &'static str {
        match self {
            Operation::ListVaccinations => "list_vaccinations",
            Operation::ListVaccinationForms => "list_vaccination_forms",
            Operation::GetVaccinationAnswers => "get_vaccination_answers",
            Operation::RegisterVaccinationAnswers => "register_vaccination_answers",
            Operation::ListPrenatalCheckups => "list_prenatal_checkups",
            Operation::ListPrenatalVouchers => "list_prenatal_vouchers",
            Operation::ListChildCheckups => "list_child_checkups",
            Operation::GetChildAnswers => "get_child_answers",
            Operation::RegisterChildAnswers => "register_child_answers",
            Operation::ListSubsidyCertificates => "list_subsidy_certificates",
        }
    }

    /// The PMH document of the request body (registers) or the response body (reads).
    pub fn document(self) -> DocumentKind {
        match self {
            Operation::ListVaccinations => DocumentKind::VaccinationList,
            Operation::ListVaccinationForms => DocumentKind::VaccinationFormList,
            Operation::GetVaccinationAnswers => DocumentKind::VaccinationFormAnswers,
            Operation::RegisterVaccinationAnswers => DocumentKind::RegisterQuestionnaireAnswer,
            Operation::ListPrenatalCheckups => DocumentKind::PrenatalCheckups,
            Operation::ListPrenatalVouchers => DocumentKind::PrenatalVouchers,
            Operation::ListChildCheckups => DocumentKind::ChildCheckups,
            Operation::GetChildAnswers => DocumentKind::ChildFormAnswers,
            Operation::RegisterChildAnswers => DocumentKind::RegisterChildQuestionnaireAnswer,
            Operation::ListSubsidyCertificates => DocumentKind::SubsidyCertificates,
        }
    }

    /// The operation number (1–10).
    pub fn number(self) -> u8 {
        self.document().operation_number()
    }

    /// `GET` for reads, `POST` for the two registers.
    pub fn method(self) -> Method {
        if self.is_register() {
            Method::Post
        } else {
            Method::Get
        }
    }

    /// Is this one of the two writes?
    pub fn is_register(self) -> bool {
        matches!(
            self,
            Operation::RegisterVaccinationAnswers | Operation::RegisterChildAnswers
        )
    }

    /// Does the path carry an ID (operations 3 and 8)?
    pub fn takes_id(self) -> bool {
        matches!(
            self,
            Operation::GetVaccinationAnswers | Operation::GetChildAnswers
        )
    }

    /// The consent it needs.
    pub fn category(self) -> Category {
        match self {
            Operation::ListVaccinations
            | Operation::ListVaccinationForms
            | Operation::GetVaccinationAnswers
            | Operation::RegisterVaccinationAnswers => Category::Vaccination,
            Operation::ListSubsidyCertificates => Category::Subsidy,
            _ => Category::MaternalChild,
        }
    }

    /// The route template, with `{id}` where operations 3 and 8 take their ID (the syntax of
    /// axum 0.8 routes).
    pub fn route(self) -> &'static str {
        match self {
            Operation::ListVaccinations => "/v3/vaccinations",
            Operation::ListVaccinationForms => "/v3/vaccination-forms",
            Operation::GetVaccinationAnswers => "/v3/vaccination-forms/{id}/answers",
            Operation::RegisterVaccinationAnswers => "/v3/questionnaire-answers",
            Operation::ListPrenatalCheckups => "/v2/prenatal-checkups",
            Operation::ListPrenatalVouchers => "/v2/prenatal-vouchers",
            Operation::ListChildCheckups => "/v2/child-checkups",
            Operation::GetChildAnswers => "/v2/child-checkups/{id}/answers",
            Operation::RegisterChildAnswers => "/v2/child-questionnaire-answers",
            Operation::ListSubsidyCertificates => "/v2/subsidy-certificates",
        }
    }

    /// The request path: the route with `id` percent-encoded in place of `{id}` (the ID is
    /// ignored by operations without one).
    pub fn path(self, id: &str) -> String {
        let route = self.route();
        match route.split_once("{id}") {
            Some((head, tail)) => format!("{head}{}{tail}", encode_segment(id)),
            None => route.to_owned(),
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

macro_rules! server_codes {
    ($( $(#[$doc:meta])* $variant:ident => $code:literal, $status:literal; )*) => {
        /// The stable code in an error body (`{"error": {"code": …}}`), one per reason.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ServerCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ServerCode {
            /// Every code.
            pub const ALL: &'static [ServerCode] = &[$(ServerCode::$variant,)*];

            /// The code string, e.g. `"pmh.not-answerable"`.
            pub fn as_str(self) -> &'static str {
                match self { $(ServerCode::$variant => $code,)* }
            }

            /// The HTTP status the server sends with it.
            pub fn status(self) -> u16 {
                match self { $(ServerCode::$variant => $status,)* }
            }

            /// The code for a string, if it is one (unknown codes are dropped, never echoed).
            pub fn from_code(s: &str) -> Option<ServerCode> {
                match s { $($code => Some(ServerCode::$variant),)* _ => None }
            }
        }
    };
}

server_codes! {
    /// The request body is not a valid register document (the error body names the wire error
    /// code and JSON path).
    BadRequest => "pmh.bad-request", 400;
    /// No bearer token, or one the server does not know.
    Unauthorized => "pmh.unauthorized", 401;
    /// The bearer token has expired: refresh it.
    TokenExpired => "pmh.token-expired", 401;
    /// The person has not consented to this kind of information being provided to the app.
    ConsentRequired => "pmh.consent-required", 403;
    /// Not allowed for another reason.
    Forbidden => "pmh.forbidden", 403;
    /// No such form or check-up for this person, or no such route.
    NotFound => "pmh.not-found", 404;
    /// 回答許可フラグ is off: the form may not be answered now.
    NotAnswerable => "pmh.not-answerable", 409;
    /// The status change is not allowed (the guideline forbids none beyond 未回答 and the
    /// 回答許可フラグ; kept for a PMH that refuses more).
    StatusTransition => "pmh.status-transition", 409;
    /// The idempotency key was used before with a different body.
    IdempotencyKeyReused => "pmh.idempotency-key-reused", 409;
    /// The answers do not pass validation against the form definition (findings listed).
    InvalidAnswers => "pmh.invalid-answers", 422;
    /// 最終更新ページ番号 is not allowed for the status (回答済み must end on the last page).
    LastPage => "pmh.last-page", 422;
    /// Too many requests: wait `Retry-After` seconds.
    RateLimited => "pmh.rate-limited", 429;
    /// An internal failure; a register may or may not have been applied.
    Internal => "pmh.internal", 500;
    /// A planned outage (計画停止): wait `Retry-After` seconds.
    PlannedOutage => "pmh.planned-outage", 503;
    /// Temporarily unavailable; nothing was applied.
    Unavailable => "pmh.unavailable", 503;
}

impl fmt::Display for ServerCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The body of every error response: `{"error": ErrorDetail}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong. Messages are fixed texts or built from the form definition; they never
/// contain answer values, tokens or personal information.
///
/// Wire: `{ "code": "pmh.invalid-answers", "message": "…", "wireCode"?: "wire.bad-date",
/// "path"?: "/answers/3/value", "findings"?: [RemoteFinding, …] }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    /// A [`ServerCode`] string.
    pub code: String,
    /// A fixed human-readable text.
    pub message: String,
    /// For `pmh.bad-request`: the `monshin-wire` error code of the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wire_code: Option<String>,
    /// For `pmh.bad-request`: the JSON Pointer of the offending value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// For `pmh.invalid-answers`: the validation findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<RemoteFinding>,
}

impl ErrorBody {
    /// An error body with a code and its fixed message.
    pub fn new(code: ServerCode, message: impl Into<String>) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code: code.as_str().to_owned(),
                message: message.into(),
                wire_code: None,
                path: None,
                findings: Vec::new(),
            },
        }
    }
}

/// One validation finding as the server reports it: the stable code and where, never the
/// value. (The server's message is not kept: render findings from the local definition.)
///
/// Wire: `{ "code": "answers.required-missing", "severity": "error", "location": { "page"?: 2,
/// "masterId"?: "PCV_TEMP", "seq"?: 1, "answerIndex"?: 3 } }`, the JSON of a
/// `monshin_core::Finding` minus its message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteFinding {
    /// The finding code (`monshin_core::FindingCode` string).
    pub code: String,
    /// `"error"` or `"warning"`.
    #[serde(default)]
    pub severity: String,
    /// Where.
    #[serde(default)]
    pub location: RemoteLocation,
}

/// Where a [`RemoteFinding`] applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteLocation {
    /// Page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// 項目マスタID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master_id: Option<String>,
    /// 連番.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u32>,
    /// Index in the `answers` array of the register body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_index: Option<u32>,
}

impl RemoteFinding {
    /// Keeps only what looks like codes and keys: a code of `[a-z0-9.-]{1,64}`, a severity
    /// word, a master ID of `[A-Za-z0-9_]{1,64}`. Anything else is dropped, so a server that
    /// echoed a value into these fields cannot make it reach a log.
    pub(crate) fn sanitized(self) -> Option<RemoteFinding> {
        let code_ok = !self.code.is_empty()
            && self.code.len() <= 64
            && self
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
        if !code_ok {
            return None;
        }
        let severity = match self.severity.as_str() {
            "error" | "warning" => self.severity,
            _ => String::new(),
        };
        let master_id = self.location.master_id.filter(|m| {
            !m.is_empty()
                && m.len() <= 64
                && m.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        });
        Some(RemoteFinding {
            code: self.code,
            severity,
            location: RemoteLocation {
                master_id,
                ..self.location
            },
        })
    }

    /// Is it an error (rather than a warning)?
    pub fn is_error(&self) -> bool {
        self.severity != "warning"
    }
}

/// The response of a successful register (operations 4 and 9).
///
/// **Our design** (the guideline defines no register response): `{ "revision": 3, "status":
/// "回答済み", "lastPage": 5, "answerCount": 42, "replayed": false }`. `revision` counts the
/// registers applied to this form so far; `replayed` is true when the idempotency key had
/// already been applied and this is the first receipt again (nothing was applied now). Fields
/// may be added later; clients ignore unknown ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterReceipt {
    /// Registers applied to this form so far, this one included.
    pub revision: u64,
    /// The status now stored.
    #[serde(with = "monshin_wire::open::known")]
    pub status: AnswerStatus,
    /// The last page now stored.
    pub last_page: LastPage,
    /// Number of answers now stored.
    pub answer_count: u32,
    /// True when this is the receipt of an earlier request with the same idempotency key.
    #[serde(default)]
    pub replayed: bool,
}

/// The sandbox's token endpoint (a stand-in for マイナポータル's consent flow):
/// `POST /sandbox/token` with [`TokenRequest`], answered by [`TokenResponse`].
pub const SANDBOX_TOKEN_ROUTE: &str = "/sandbox/token";

/// Request of the sandbox token endpoint: `{ "citizenId": "…" }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenRequest {
    /// The sandbox citizen to act as.
    pub citizen_id: String,
}

/// Response of the sandbox token endpoint: `{ "accessToken", "tokenType": "Bearer",
/// "expiresIn": seconds }`. `Debug` hides the token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenResponse {
    /// The bearer token.
    pub access_token: String,
    /// Always `"Bearer"`.
    pub token_type: String,
    /// Lifetime in seconds.
    pub expires_in: u64,
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"<redacted>")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_encode_ids() {
        assert_eq!(
            Operation::GetVaccinationAnswers.path("Y-PCV15-1"),
            "/v3/vaccination-forms/Y-PCV15-1/answers"
        );
        assert_eq!(
            Operation::GetChildAnswers.path("a/b?c#d%"),
            "/v2/child-checkups/a%2Fb%3Fc%23d%25/answers"
        );
        assert_eq!(Operation::ListVaccinations.path("x"), "/v3/vaccinations");
    }

    #[test]
    fn operations_are_numbered_in_order() {
        for (i, op) in Operation::ALL.iter().enumerate() {
            assert_eq!(usize::from(op.number()), i + 1, "{op}");
            assert_eq!(op.takes_id(), op.route().contains("{id}"));
            assert_eq!(op.is_register(), op.method() == Method::Post);
        }
        let routes: std::collections::BTreeSet<_> =
            Operation::ALL.iter().map(|o| o.route()).collect();
        assert_eq!(routes.len(), 10);
    }

    #[test]
    fn server_codes_round_trip() {
        for code in ServerCode::ALL {
            assert_eq!(ServerCode::from_code(code.as_str()), Some(*code));
            assert!((400..600).contains(&code.status()));
        }
        assert_eq!(ServerCode::from_code("pmh.no-such"), None);
    }

    #[test]
    fn findings_are_sanitized() {
        let f = RemoteFinding {
            code: "answers.required-missing".into(),
            severity: "error".into(),
            location: RemoteLocation {
                master_id: Some("山田".into()),
                page: Some(2),
                ..RemoteLocation::default()
            },
        };
        let s = f.sanitized().expect("kept");
        assert_eq!(s.location.master_id, None);
        assert_eq!(s.location.page, Some(2));
        let bad = RemoteFinding {
            code: "山田 太郎".into(),
            severity: "error".into(),
            location: RemoteLocation::default(),
        };
        assert!(bad.sanitized().is_none());
    }
}

//! monshin-pmh: an async client of the PMH (マイナポータル PMH情報連携API) questionnaire
//! operations.
//!
//! - [`PmhClient`] has one typed method per operation of `domain.md` §1
//!   (`list_vaccinations` … `list_subsidy_certificates`); documents are the `monshin-wire`
//!   types, parsed with its limits.
//! - [`api`] is the HTTP design in one place: methods, paths, status codes, error bodies and
//!   the [`RegisterReceipt`]; the sandbox (`monshin-pmh-sandbox`) serves the same module.
//! - [`TokenProvider`] supplies bearer tokens ([`AccessToken`] never prints itself); a 401 is
//!   answered by one refresh.
//! - [`RetryPolicy`]: reads are retried with backoff and jitter (and `Retry-After` for 429 and
//!   503, given in seconds or as an HTTP-date), also after a truncated or malformed answer; a
//!   register is resent only when the API guarantees nothing was applied (nothing sent, 401
//!   after the refresh, 429, 503); a register whose receipt cannot be read is reported as
//!   [`Error::AppliedUnconfirmed`] after reading the form back.
//! - [`Error`]: one enum with stable [`Error::code`]s and, for registers,
//!   [`Error::register_effect`] (not applied / unknown / applied).
//!
//! Answers, tokens and the basic five information (氏名, カナ, 住所, 生年月日, 性別) never
//! appear in a log line, an error message or `Debug` output.
//!
//! ```no_run
//! # async fn demo() -> Result<(), monshin_pmh::Error> {
//! use std::sync::Arc;
//! use std::time::Duration;
//! use monshin_pmh::{AccessToken, IdempotencyKey, PmhClient, RetryPolicy, StaticToken};
//! use monshin_wire::{LastPage, RegisterQuestionnaireAnswer, RegisterStatus, VaccinationFormId};
//!
//! let tokens = Arc::new(StaticToken::new(AccessToken::new("…")));
//! let client = PmhClient::builder("http://127.0.0.1:8080")
//!     .timeout(Duration::from_secs(5))
//!     .retry_policy(RetryPolicy::default().with_max_attempts(3))
//!     .build(tokens)?;
//! let form = VaccinationFormId::new("Y-PCV15-1").expect("a valid ID");
//! let stored = client.get_vaccination_answers(&form).await?;
//! // … resume, edit and validate the answers (monshin-core), then:
//! let body = RegisterQuestionnaireAnswer::from_parts(
//!     form, RegisterStatus::Draft, stored.last_page.unwrap_or(LastPage::new(1).expect("1")),
//!     stored.answers,
//! );
//! let receipt = client.register_vaccination_answers(&body, &IdempotencyKey::generate()).await?;
//! assert!(receipt.revision >= 1);
//! # Ok(()) }
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod api;
mod client;
mod error;
mod retry;
mod token;

pub use api::{Operation, RegisterReceipt, RemoteFinding, ServerCode};
pub use client::{ClientBuilder, ClientStats, IdempotencyKey, PmhClient};
pub use error::{Error, ReadBack, RegisterEffect};
pub use retry::RetryPolicy;
pub use token::{AccessToken, StaticToken, TokenError, TokenFuture, TokenProvider};

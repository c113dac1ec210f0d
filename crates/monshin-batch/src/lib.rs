//! Answer sets as newline-delimited JSON (NDJSON), one set per line: the bounded line reader
//! and the check of one line that `monshin validate --batch`, `POST /v1/validate/batch` and the
//! Python package's `validate_ndjson` share.
//!
//! Lines are read in chunks bounded in count and bytes ([`Lines::next_chunk`]); blank lines
//! are skipped, line numbers count every physical line from 1, a `\r\n` ending is accepted. A
//! line longer than the answer-set byte limit is consumed without being stored and checked as
//! `document.too-large`. [`check`] validates one line in the mode the options give, or the one
//! its own status needs (回答済み → complete, otherwise draft). Nothing here runs threads or
//! writes output: callers validate a chunk in parallel and render results their own way.

mod lines;

pub use lines::{Input, Lines, Numbered, CHUNK_BYTES, CHUNK_LINES};

use monshin_core::{AnswersDoc, CompiledForm, Finding, FindingCode, Location, Mode, Options};
use monshin_expr::Date;

/// How each answer set of a batch is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchOptions {
    /// The mode for every set (`--draft` / `--complete`); `None`: the mode each set's own
    /// status needs (回答済み → complete, otherwise draft), as for a single set.
    pub mode: Option<Mode>,
    /// The date `today()` means.
    pub today: Date,
}

/// Validates one answer set (JSON) in the mode the options give it, or the one its status
/// needs: what `monshin validate`, each batch line and `POST /v1/forms/{id}/validate` do.
pub fn validate_set(
    form: &CompiledForm,
    options: &BatchOptions,
    bytes: &[u8],
) -> Result<monshin_core::Report, monshin_core::Error> {
    let doc = AnswersDoc::from_json(bytes, form.limits())?;
    let mode = options.mode.unwrap_or(Mode::for_status(doc.status));
    Ok(form.validate(
        &doc,
        &Options {
            mode,
            today: options.today,
        },
    ))
}

/// Checks one input line: its report, or the finding that kept it from being read (a syntax
/// error, a line over the limit). Messages never contain answer values.
pub fn check(
    form: &CompiledForm,
    options: &BatchOptions,
    input: &Input,
) -> Result<monshin_core::Report, Box<Finding>> {
    match input {
        Input::TooLong(len) => Err(Box::new(Finding::error(
            FindingCode::DocumentTooLarge,
            Location::default(),
            format!(
                "answer set is {len} bytes, over the limit of {} bytes",
                form.limits().max_answers_bytes
            ),
        ))),
        Input::Line(bytes) => {
            validate_set(form, options, bytes).map_err(|e| Box::new(e.to_finding()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pcv() -> CompiledForm {
        let f = monshin_forms::by_name("vaccination-pcv").expect("bundled");
        CompiledForm::from_json(f.definition.as_bytes(), &monshin_core::Limits::default())
            .expect("compiles")
    }

    fn options(mode: Option<Mode>) -> BatchOptions {
        BatchOptions {
            mode,
            today: Date::from_ymd(2026, 4, 1).expect("date"),
        }
    }

    #[test]
    fn mode_comes_from_the_status_unless_given() {
        let form = pcv();
        let f = monshin_forms::by_name("vaccination-pcv").expect("bundled");
        // The draft example declared 回答済み: complete mode must reject its missing answers.
        let answered =
            f.draft_answers
                .replacen(r#""status": "draft""#, r#""status": "answered""#, 1);
        assert_ne!(
            answered, f.draft_answers,
            "the draft example states its status"
        );
        let valid = |bytes: &str, mode| {
            validate_set(&form, &options(mode), bytes.as_bytes())
                .expect("readable")
                .is_valid()
        };
        assert!(valid(f.draft_answers, None));
        assert!(!valid(&answered, None));
        assert!(valid(&answered, Some(Mode::Draft)));
        assert!(!valid(f.draft_answers, Some(Mode::Complete)));
    }

    #[test]
    fn unreadable_lines_are_findings_without_their_text() {
        let form = pcv();
        let err = check(&form, &options(None), &Input::Line(b"{SENTINEL".to_vec()))
            .expect_err("not json");
        assert_eq!(err.code, FindingCode::JsonSyntax);
        assert!(!err.message.contains("SENTINEL"));
        let err = check(&form, &options(None), &Input::TooLong(1 << 40)).expect_err("too long");
        assert_eq!(err.code, FindingCode::DocumentTooLarge);
    }
}

//! `monshin payload`: the PMH register body for an answer set.
//!
//! The answer set's status and last page are set from `--status` and `--last-page`, the set is
//! validated in the mode that status needs (draft → draft, answered → complete; 未回答 cannot be
//! asked for), and the `RegisterQuestionnaireAnswer` or `RegisterChildQuestionnaireAnswer` body
//! (by form kind, see [`monshin_lifecycle::payload`]) is printed as JSON on standard output.
//! Warnings go to standard error. When the set does not pass, its findings are printed instead
//! and the command exits 1. This command knows nothing of PMH's current state (回答許可フラグ,
//! stored answers): those rules are [`monshin_lifecycle::plan_register`]'s, for the app.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use monshin_core::{AnswerSet, AnswerStatus, CompiledForm, Limits, PageNumber};
use monshin_expr::Date;
use monshin_lifecycle::RegisterPayload;

use crate::diff_cmd::CommandOutput;
use crate::{compile, parse_today, read, render, Fatal, Format};

/// The statuses a register may carry.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub(crate) enum RegisterStatusArg {
    /// 下書き: validated in draft mode.
    Draft,
    /// 回答済み: validated in complete mode.
    Answered,
}

impl RegisterStatusArg {
    fn status(self) -> AnswerStatus {
        match self {
            RegisterStatusArg::Draft => AnswerStatus::Draft,
            RegisterStatusArg::Answered => AnswerStatus::Answered,
        }
    }
}

/// Arguments of `monshin payload`.
#[derive(Args)]
pub(crate) struct PayloadArgs {
    /// The form definition (a path, or the name of a bundled form).
    form: String,
    /// The answer set.
    answers: PathBuf,
    /// The PMH ID the body is registered under (予診票管理ID / 乳幼児健診管理ID); it is not
    /// the definition's `id`.
    #[arg(long)]
    pmh_id: String,
    /// The status to register: draft (下書き) or answered (回答済み).
    #[arg(long, value_enum)]
    status: RegisterStatusArg,
    /// The last updated page (最終更新ページ番号), 1..n.
    #[arg(long)]
    last_page: u32,
    /// The date `today()` means, YYYY-MM-DD (default: today in Japan).
    #[arg(long)]
    today: Option<String>,
    /// How findings are printed when the set does not pass.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// `monshin payload FORM ANSWERS --status … --last-page N`.
pub(crate) fn run(args: PayloadArgs, limits: &Limits) -> Result<bool, Fatal> {
    let form = compile(&args.form, limits)?;
    let set = AnswerSet::from_json(&read(&args.answers, "ANSWERS")?, limits)?;
    let today = parse_today(args.today.as_deref())?;
    let target = Target {
        pmh_id: &args.pmh_id,
        status: args.status,
        last_page: args.last_page,
    };
    payload_output(&form, set, &target, today, args.format)?.print()
}

/// Where and how a payload is registered.
pub(crate) struct Target<'a> {
    /// 予診票管理ID / 乳幼児健診管理ID.
    pub(crate) pmh_id: &'a str,
    /// 回答状況 to register.
    pub(crate) status: RegisterStatusArg,
    /// 最終更新ページ番号.
    pub(crate) last_page: u32,
}

pub(crate) fn payload_output(
    form: &CompiledForm,
    mut set: AnswerSet,
    target: &Target<'_>,
    today: Date,
    format: Format,
) -> Result<CommandOutput, Fatal> {
    set.status = target.status.status();
    set.last_page = Some(PageNumber(target.last_page));
    let validated = match form.validate_for_status(set, today) {
        Ok(v) => v,
        Err(rejected) => {
            let findings = rejected.report.findings();
            let stdout = match format {
                Format::Json => render::json(findings) + "\n",
                Format::Human => render::human(findings, Some(form.definition())),
            };
            return Ok(CommandOutput {
                stdout,
                stderr: String::new(),
                ok: false,
            });
        }
    };
    let stderr = render::human(validated.warnings(), Some(form.definition()));
    match RegisterPayload::from_validated(&validated, target.pmh_id) {
        Ok(payload) => Ok(CommandOutput {
            stdout: serde_json::to_string_pretty(&payload).unwrap_or_default() + "\n",
            stderr,
            ok: true,
        }),
        Err(e) => Ok(CommandOutput {
            stdout: String::new(),
            stderr: format!("{stderr}error[{}] {}: {e}\n", e.code(), e.location()),
            ok: false,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::from_ymd(2026, 4, 1).expect("date")
    }

    fn bundled(name: &str) -> (CompiledForm, &'static monshin_forms::BundledForm) {
        let b = monshin_forms::by_name(name).expect("bundled");
        let form =
            CompiledForm::from_json(b.definition.as_bytes(), &Limits::default()).expect("compiles");
        (form, b)
    }

    fn set(text: &str) -> AnswerSet {
        AnswerSet::from_json(text.as_bytes(), &Limits::default()).expect("reads")
    }

    #[test]
    fn a_complete_set_gives_the_body_of_its_form_kind() {
        let (form, b) = bundled("child-3y");
        let out = payload_output(
            &form,
            set(b.complete_answers),
            &Target {
                pmh_id: "C-2028-3Y-0311",
                status: RegisterStatusArg::Answered,
                last_page: 2,
            },
            today(),
            Format::Human,
        )
        .expect("runs");
        assert!(out.ok, "{}", out.stdout);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        assert_eq!(json["processType"], "RegisterChildQuestionnaireAnswer");
        assert_eq!(json["status"], "回答済み");
        assert_eq!(json["lastPage"], 2);
        // The body carries the PMH ID given, not the definition ID.
        assert_eq!(json["checkupId"], "C-2028-3Y-0311");
    }

    #[test]
    fn a_draft_cannot_be_registered_as_answered() {
        let (form, b) = bundled("vaccination-pcv");
        let out = payload_output(
            &form,
            set(b.draft_answers),
            &Target {
                pmh_id: "Y-PCV15-3",
                status: RegisterStatusArg::Answered,
                last_page: 2,
            },
            today(),
            Format::Json,
        )
        .expect("runs");
        assert!(!out.ok);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        assert_eq!(json["valid"], false);
        assert!(json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["code"] == "answers.required-missing"));

        // The same set is a fine draft.
        let out = payload_output(
            &form,
            set(b.draft_answers),
            &Target {
                pmh_id: "Y-PCV15-3",
                status: RegisterStatusArg::Draft,
                last_page: 2,
            },
            today(),
            Format::Json,
        )
        .expect("runs");
        assert!(out.ok);
        assert!(out.stdout.contains("\"下書き\""));
    }

    #[test]
    fn the_last_page_must_be_a_page_of_the_form() {
        let (form, b) = bundled("vaccination-pcv");
        for page in [0, 99] {
            let out = payload_output(
                &form,
                set(b.draft_answers),
                &Target {
                    pmh_id: "Y-PCV15-3",
                    status: RegisterStatusArg::Draft,
                    last_page: page,
                },
                today(),
                Format::Human,
            )
            .expect("runs");
            assert!(!out.ok);
            assert!(
                out.stdout.contains("answers.last-page-out-of-range"),
                "{}",
                out.stdout
            );
        }
    }
}

//! `monshin demo`: the main job on the bundled examples, end to end.
//!
//! For every bundled form: compile (lint), validate the draft example in draft mode and the
//! complete example in complete mode, and print a short report. Returns false if any example
//! that should pass does not.

use monshin_core::{AnswerSet, CompiledForm, Limits, Mode, Options, Report};
use monshin_expr::Date;

use crate::Fatal;

pub(crate) fn run(today: Date) -> Result<bool, Fatal> {
    let limits = Limits::default();
    let mut all_ok = true;
    out!("monshin demo — validating the bundled forms on {today}\n");
    for bundled in monshin_forms::FORMS {
        let form =
            CompiledForm::from_json(bundled.definition.as_bytes(), &limits).map_err(Fatal::from)?;
        out!(
            "■ {} ({} {}) — {} pages, {} items, {} lint warning(s)",
            form.definition().title,
            form.definition_id(),
            form.version(),
            form.pages().len(),
            form.item_count(),
            form.warnings().len()
        );
        for (label, text, mode) in [
            ("draft", bundled.draft_answers, Mode::Draft),
            ("complete", bundled.complete_answers, Mode::Complete),
        ] {
            let report = form.validate_json(text.as_bytes(), &Options { mode, today })?;
            let set = AnswerSet::from_json(text.as_bytes(), &limits)?;
            all_ok &= report.is_valid();
            out!(
                "  {label:<8} example: {:>3} answers, last page {}, {}",
                set.answers.len(),
                set.last_page.map_or(0, |p| p.0),
                verdict(&report)
            );
        }
        out!();
    }
    if let Some(invalid) = monshin_forms::by_name("vaccination-pcv").and_then(|b| b.invalid_answers)
    {
        let form = CompiledForm::from_json(
            monshin_forms::by_name("vaccination-pcv")
                .map_or("", |b| b.definition)
                .as_bytes(),
            &limits,
        )?;
        let report = form.validate_json(invalid.as_bytes(), &Options::complete(today))?;
        out!("■ A deliberately broken answer set (vaccination-pcv, complete mode):");
        for f in report.findings() {
            out!("  {f}");
        }
    }
    out!(
        "\n{}",
        if all_ok {
            "All bundled examples pass."
        } else {
            "Some bundled examples have error findings."
        }
    );
    Ok(all_ok)
}

fn verdict(report: &Report) -> String {
    let errors = report.errors().count();
    let warnings = report.findings().len() - errors;
    if errors == 0 {
        format!("OK ({warnings} warning(s))")
    } else {
        format!("{errors} error(s), {warnings} warning(s)")
    }
}

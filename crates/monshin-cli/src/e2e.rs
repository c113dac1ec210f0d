//! `monshin e2e`: the whole PMH round trip in one command, against an embedded sandbox.
//!
//! Starts the sandbox on an ephemeral 127.0.0.1 port, lists a fictional citizen's forms,
//! resolves the dose-3 PCV 予診票 saved as a draft (PMH ID `Y-PCV15-3`) through the catalogue,
//! resumes and validates it, finishes and registers it as
//! 回答済み, reads it back and prints a short report (no answer values, no personal data). The
//! scenario itself is `monshin_pmh_sandbox::scenario`; this module only renders it. Exit 0 when
//! every step passed, 1 otherwise.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use monshin_pmh_sandbox::scenario::{run_demo, DemoError, DemoOptions, DemoReport};
use monshin_pmh_sandbox::Faults;

use monshin_core::FindingCode;

use crate::{parse_today, Fatal};

/// Arguments of `monshin e2e`.
#[derive(Args)]
pub(crate) struct E2eArgs {
    /// The date the forms are validated on, YYYY-MM-DD (default: today in Japan).
    #[arg(long)]
    today: Option<String>,
    /// Inject faults into the embedded sandbox (JSON; see `monshin_pmh_sandbox::Faults`).
    #[arg(long)]
    faults: Option<PathBuf>,
}

/// Runs `monshin e2e`.
pub(crate) fn run(args: E2eArgs) -> Result<bool, Fatal> {
    let today = parse_today(args.today.as_deref())?;
    let mut options = DemoOptions::new(today);
    if let Some(path) = &args.faults {
        let bytes = crate::input::read_path(path, "--faults", crate::input::MAX_CONFIG_BYTES)?;
        options = options.with_faults(Faults::from_json(&bytes).map_err(|_| {
            Fatal::new(
                FindingCode::CliBadArgument,
                "--faults is not a fault configuration (see `monshin sandbox --help`)",
            )
        })?);
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Fatal::io("start", "the async runtime", &e))?;
    match rt.block_on(run_demo(options)) {
        Ok(report) => {
            outp!("{}", render(&report, &today.to_string()));
            Ok(true)
        }
        Err(e) => {
            out!("monshin e2e FAILED [{}]: {e}", e.code());
            if let DemoError::Invalid(findings) = &e {
                for f in findings {
                    out!("  {f}");
                }
            }
            Ok(false)
        }
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The report, one numbered line per step.
fn render(r: &DemoReport, today: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "monshin e2e — PMH client ↔ embedded sandbox at {} (validation date {today})\n",
        r.base_url
    );
    let _ = writeln!(
        out,
        "1. Listed citizen {} (fictional): {}, {}",
        r.citizen,
        plural(r.vaccinations, "vaccination", "vaccinations"),
        plural(r.forms.len(), "vaccination form", "vaccination forms")
    );
    for f in &r.forms {
        let _ = writeln!(
            out,
            "     {}  {}  {}{}",
            f.id,
            f.title,
            f.status,
            if f.answerable { "  (answerable)" } else { "" }
        );
    }
    let _ = writeln!(
        out,
        "2. Resumed {} 「{}」 (catalogue: {}): {}, last page {} of {}, {}, {}",
        r.form_id,
        r.form_title,
        r.definition,
        r.resumed_status,
        r.resumed_last_page
            .map_or_else(|| "-".to_owned(), |p| p.to_string()),
        r.pages,
        plural(r.resumed_answers, "answer", "answers"),
        if r.resume_warnings == 0 {
            "page labels match the definition".to_owned()
        } else {
            plural(
                r.resume_warnings,
                "page label differs",
                "page labels differ",
            )
        }
    );
    let errors = r.draft_findings.iter().filter(|f| f.is_error()).count();
    let _ = writeln!(
        out,
        "3. Validated the draft (下書き): {}, {}",
        plural(errors, "error", "errors"),
        plural(r.draft_findings.len() - errors, "warning", "warnings")
    );
    let _ = writeln!(
        out,
        "4. Finished the remaining questions (+{}); complete validation (回答済み) passed, {}",
        plural(r.answers_added, "answer", "answers"),
        plural(r.complete_warnings, "warning", "warnings")
    );
    let outcome = match &r.receipt {
        Some(rc) => format!(
            "revision {}{}",
            rc.revision,
            if rc.replayed { " (replayed)" } else { "" }
        ),
        None => "answer lost, read-back confirmed it was applied".to_owned(),
    };
    let _ = writeln!(
        out,
        "5. Registered as 回答済み ({}, last page {}, {}): {}, sent {}",
        r.transition,
        r.registered_last_page,
        plural(r.registered_answers, "answer", "answers"),
        outcome,
        plural(r.register_sends as usize, "time", "times")
    );
    let _ = writeln!(
        out,
        "6. Read back: {}, {}, {}; listed as {}",
        r.read_back_status,
        plural(r.read_back_answers, "answer", "answers"),
        if r.read_back_matches {
            "identical to what was registered"
        } else {
            "DIFFERENT from what was registered"
        },
        r.listed_status_after
            .as_ref()
            .map_or_else(|| "-".to_owned(), ToString::to_string)
    );
    let _ = writeln!(
        out,
        "\nclient:  {}, {}, {}, {}",
        plural(to_usize(r.client.calls), "call", "calls"),
        plural(to_usize(r.client.attempts), "attempt", "attempts"),
        plural(to_usize(r.client.retries), "retry", "retries"),
        plural(
            to_usize(r.client.token_refreshes),
            "token refresh",
            "token refreshes"
        )
    );
    let _ = writeln!(
        out,
        "sandbox: {}, {} applied, {} replayed, {}",
        plural(to_usize(r.server.requests), "request", "requests"),
        plural(
            to_usize(r.server.registers_applied),
            "register",
            "registers"
        ),
        r.server.registers_replayed,
        plural(
            to_usize(r.server.faults_injected),
            "fault injected",
            "faults injected"
        )
    );
    let _ = writeln!(out, "\nOK in {:.2} s", r.elapsed.as_secs_f64());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_names_every_step() {
        let today = monshin_expr::Date::from_ymd(2026, 12, 1).expect("a date");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let report = rt
            .block_on(run_demo(DemoOptions::new(today)))
            .expect("demo passes");
        let text = render(&report, "2026-12-01");
        for step in [
            "1. Listed",
            "2. Resumed",
            "3. Validated",
            "4. Finished",
            "5. Registered",
            "6. Read back",
            "OK in",
        ] {
            assert!(text.contains(step), "{step}:\n{text}");
        }
        assert!(text.contains("identical to what was registered"), "{text}");
        assert!(text.contains("1 register applied"), "{text}");
    }
}

//! The scenario behind `monshin e2e`: it passes on a clean sandbox, and under faults it still
//! registers exactly once (reads retried, an ambiguous register checked by reading back).

mod common;

use common::today;
use monshin_pmh_sandbox::scenario::{run_demo, DemoOptions};
use monshin_pmh_sandbox::{FaultKind, FaultRule, Faults, Target};
use monshin_wire::AnswerStatus;

#[tokio::test]
async fn the_demo_registers_the_resumed_draft() {
    let report = run_demo(DemoOptions::new(today()))
        .await
        .expect("demo passes");
    assert_eq!(report.form_id, "Y-PCV15-3");
    // A dose-3 form: its PMH ID equals no definition ID; the catalogue found the definition.
    assert_eq!(
        report.definition,
        "vaccination-pcv 2026.1 dose=3 doseLabel=初回3回目"
    );
    assert_eq!(report.resumed_status, AnswerStatus::Draft);
    assert!(report.draft_findings.iter().all(|f| !f.is_error()));
    assert!(report.answers_added > 0);
    assert_eq!(report.transition, "submit");
    let receipt = report.receipt.expect("a receipt");
    assert_eq!(
        (receipt.revision, receipt.status),
        (1, AnswerStatus::Answered)
    );
    assert!(report.read_back_matches);
    assert_eq!(
        report.listed_status_after,
        Some(AnswerStatus::Answered.into())
    );
    assert_eq!(report.register_sends, 1);
    assert_eq!(report.server.registers_applied, 1);
    assert_eq!(report.client.retries, 0);
}

#[tokio::test]
async fn the_demo_survives_faults_without_a_duplicate() {
    let faults = Faults::none()
        .with_rule(
            FaultRule::new(FaultKind::ServerError)
                .on(Target::Reads)
                .times(2),
        )
        .with_rule(
            FaultRule::new(FaultKind::DropAfter)
                .on(Target::Registers)
                .times(1),
        );
    let report = run_demo(DemoOptions::new(today()).with_faults(faults))
        .await
        .expect("demo passes");
    assert!(
        report.receipt.is_none(),
        "the answer was lost; the read-back confirmed it"
    );
    assert_eq!(report.register_sends, 1);
    assert_eq!(report.client.retries, 2);
    assert_eq!(report.server.registers_applied, 1);
    assert!(report.read_back_matches);
}

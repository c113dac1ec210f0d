//! `monshin forms` (the catalogue: which definition answers which PMH form) and
//! `monshin resolve FILE|--sandbox` (a PMH list response resolved to definitions).
//!
//! A list entry never echoes what the person's list says beyond its PMH ID: an entry without
//! a form prints the typed reason (`catalogue.unknown-vaccine`, …), not the entry's values.

use monshin_core::{FindingCode, Location};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use monshin_core::catalogue::{Catalogue, Library};
use monshin_core::Limits;
use monshin_lifecycle::{resolve_checkups, resolve_vaccinations, FormResolution};
use monshin_pmh::PmhClient;
use monshin_pmh_sandbox::{Sandbox, SandboxConfig};
use monshin_wire::{ChildCheckupList, VaccinationList};

use crate::{parse_today, read, Fatal};

/// The bundled catalogue with its sources and fragments.
pub(crate) fn bundled_library(limits: &Limits) -> Result<Library, Fatal> {
    Library::from_texts(
        monshin_forms::CATALOGUE,
        monshin_forms::FORMS.iter().map(|f| f.source),
        monshin_forms::FRAGMENTS.iter().copied(),
        limits,
    )
    .map_err(Fatal::from)
}

/// `monshin forms`: one line per catalogue entry.
pub(crate) fn forms(limits: &Limits) -> Result<bool, Fatal> {
    let library = bundled_library(limits)?;
    outp!("{}", render_catalogue(&library.catalogue));
    // Every entry's definition must expand and compile with its parameters.
    let mut ok = true;
    let entries = (library.catalogue.vaccinations.iter())
        .map(|e| (&e.definition, &e.params))
        .chain((library.catalogue.child_checkups.iter()).map(|e| (&e.definition, &e.params)));
    for (definition, params) in entries {
        if let Err(e) = library.compile(definition, params) {
            out!("error[{}] {e}", e.code());
            ok = false;
        }
    }
    Ok(ok)
}

pub(crate) fn render_catalogue(catalogue: &Catalogue) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<6} {:<24} {:<6} {:<6} {:<4} {:<26} {:<8} params",
        "code", "vaccine (通称)", "期", "価", "回数", "definition", "version"
    );
    for e in &catalogue.vaccinations {
        let params: Vec<String> = e.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let _ = writeln!(
            out,
            "{:<6} {:<24} {:<6} {:<6} {:<4} {:<26} {:<8} {}",
            e.vaccine_type,
            e.vaccine,
            e.term.as_deref().unwrap_or("*"),
            e.valency.as_deref().unwrap_or("*"),
            e.dose,
            e.definition.id,
            e.definition.version,
            params.join(" ")
        );
    }
    let _ = writeln!(
        out,
        "\n{:<32} {:<10} {:<26} version",
        "check-up (乳幼児健診名)", "age (months)", "definition"
    );
    for e in &catalogue.child_checkups {
        let age = e
            .target_age_months
            .map_or_else(|| "*".to_owned(), |[from, to]| format!("{from}–{to}"));
        let _ = writeln!(
            out,
            "{:<32} {:<10} {:<26} {}",
            e.names.join(" / "),
            age,
            e.definition.id,
            e.definition.version
        );
    }
    out
}

/// Arguments of `monshin resolve`.
#[derive(Args)]
pub(crate) struct ResolveArgs {
    /// A PMH list response: a vaccination list (operation 1, `{"vaccinations": …}`) or a child
    /// check-up list (operation 7, `{"checkups": …}`).
    #[arg(required_unless_present = "sandbox", conflicts_with = "sandbox")]
    file: Option<PathBuf>,
    /// Resolve the lists of every citizen of the embedded sandbox instead.
    #[arg(long)]
    sandbox: bool,
}

/// `monshin resolve FILE|--sandbox`.
pub(crate) fn resolve(args: &ResolveArgs, limits: &Limits) -> Result<bool, Fatal> {
    let library = bundled_library(limits)?;
    let catalogue = &library.catalogue;
    let Some(path) = &args.file else {
        return resolve_sandbox(catalogue);
    };
    let bytes = read(path, "FILE")?;
    let is_checkups = serde_json::from_slice::<serde_json::Value>(&bytes)
        .map_err(Fatal::from)?
        .get("checkups")
        .is_some();
    let resolutions = if is_checkups {
        let list: ChildCheckupList = monshin_wire::parse(&bytes)
            .map_err(|e| Fatal::operation(e.code().as_str(), e.to_string(), Location::default()))?;
        resolve_checkups(catalogue, &list)
    } else {
        let list: VaccinationList = monshin_wire::parse(&bytes)
            .map_err(|e| Fatal::operation(e.code().as_str(), e.to_string(), Location::default()))?;
        resolve_vaccinations(catalogue, &list)
    };
    outp!("{}", render_resolutions(&resolutions));
    Ok(resolutions.iter().all(|r| r.result.is_ok()))
}

/// One line per list entry: PMH ID → definition and parameters, or the typed reason.
pub(crate) fn render_resolutions(resolutions: &[FormResolution<'_>]) -> String {
    let mut out = String::new();
    for r in resolutions {
        let _ = match &r.result {
            Ok(found) => {
                let params: Vec<String> = found
                    .params
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                writeln!(
                    out,
                    "{:<18} → {} {} {}",
                    r.pmh_id,
                    found.definition.id,
                    found.definition.version,
                    params.join(" ")
                )
            }
            Err(e) => writeln!(out, "{:<18} → no form [{}]: {e}", r.pmh_id, e.code()),
        };
    }
    out
}

fn resolve_sandbox(catalogue: &Catalogue) -> Result<bool, Fatal> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|_| Fatal::new(FindingCode::CliOperation, "cannot start the async runtime"))?;
    rt.block_on(async {
        let today = parse_today(None)?;
        let sandbox = Sandbox::start(SandboxConfig::default().with_today(today))
            .await
            .map_err(|e| Fatal::operation(e.code(), e.to_string(), Location::default()))?;
        let result = sandbox_lists(&sandbox, catalogue).await;
        sandbox.shutdown().await;
        let text = result?;
        outp!("{text}");
        Ok(true)
    })
}

async fn sandbox_lists(sandbox: &Sandbox, catalogue: &Catalogue) -> Result<String, Fatal> {
    let fatal =
        |e: &dyn std::fmt::Display| Fatal::new(FindingCode::CliOperation, format!("sandbox: {e}"));
    let mut out = String::new();
    for citizen in sandbox.citizens().await {
        let tokens = sandbox
            .token_provider(&citizen.id)
            .await
            .map_err(|e| fatal(&e))?;
        let client = PmhClient::builder(&sandbox.base_url())
            .build(Arc::new(tokens))
            .map_err(|e| fatal(&e))?;
        let mut resolutions = Vec::new();
        let consents = |kind: &str| citizen.consents.iter().any(|c| c == kind);
        if consents("vaccination") {
            let list = client.list_vaccinations().await.map_err(|e| fatal(&e))?;
            resolutions.extend(resolve_vaccinations(catalogue, &list));
        }
        if consents("maternal-child") {
            let list = client.list_child_checkups().await.map_err(|e| fatal(&e))?;
            resolutions.extend(resolve_checkups(catalogue, &list));
        }
        if !resolutions.is_empty() {
            let _ = writeln!(out, "{} ({})", citizen.id, citizen.label);
            for line in render_resolutions(&resolutions).lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_lists_every_dose() {
        let Ok(library) = bundled_library(&Limits::default()) else {
            panic!("the bundled library loads")
        };
        let text = render_catalogue(&library.catalogue);
        for dose in 1..=4 {
            assert!(
                text.lines().any(|l| l.contains("小児用肺炎球菌")
                    && l.contains(&format!("dose={dose}"))
                    && l.contains("vaccination-pcv")),
                "{text}"
            );
        }
        assert!(text.contains("1歳6か月児健康診査"), "{text}");
    }

    #[test]
    fn a_list_resolves_entry_by_entry_without_echoing_values() {
        let Ok(library) = bundled_library(&Limits::default()) else {
            panic!("the bundled library loads")
        };
        let list: VaccinationList = monshin_wire::parse(
            r#"{ "vaccinations": [
              { "formId": "Y-PCV15-3", "scheduleId": "S-1",
                "kind": { "vaccineCommonName": "小児用肺炎球菌", "vaccineType": "13", "doseNumber": 3 } },
              { "formId": "Y-X-1", "scheduleId": "S-2",
                "kind": { "vaccineCommonName": "SENTINEL-ワクチン", "vaccineType": "SENTINEL-99", "doseNumber": 1 } } ] }"#
                .as_bytes(),
        )
        .expect("parses");
        let text = render_resolutions(&resolve_vaccinations(&library.catalogue, &list));
        assert!(text.contains("Y-PCV15-3"), "{text}");
        assert!(text.contains("vaccination-pcv 2026.1 dose=3"), "{text}");
        assert!(text.contains("Y-X-1"), "{text}");
        assert!(text.contains("catalogue.unknown-vaccine"), "{text}");
        assert!(!text.contains("SENTINEL"), "{text}");
    }
}

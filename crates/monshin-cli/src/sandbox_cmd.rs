//! `monshin sandbox serve`: the PMH sandbox alone, on 127.0.0.1, until Ctrl-C.
//!
//! Prints the address, the fictional citizens and how to get a token, then logs one line per
//! request to standard error (operation, status, time, fault: never tokens, IDs or answers).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};
use monshin_pmh_sandbox::{Faults, Sandbox, SandboxConfig};

use crate::{parse_today, Fatal};

/// Arguments of `monshin sandbox`.
#[derive(Args)]
pub(crate) struct SandboxArgs {
    #[command(subcommand)]
    action: SandboxAction,
}

#[derive(Subcommand)]
enum SandboxAction {
    /// Serve the PMH API from fictional citizens on 127.0.0.1 until Ctrl-C.
    Serve {
        /// Port on 127.0.0.1 (0 = any free port).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Keep the state in this JSON file (created from the seed if missing); without it the
        /// state lives in memory only.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Fault injection configuration (JSON; see `monshin_pmh_sandbox::Faults`).
        #[arg(long)]
        faults: Option<PathBuf>,
        /// The date registers are validated on, YYYY-MM-DD (default: today in Japan).
        #[arg(long)]
        today: Option<String>,
        /// Stop by itself after this many seconds.
        #[arg(long = "for", value_name = "SECONDS")]
        run_for: Option<u64>,
    },
}

/// Runs `monshin sandbox …`.
pub(crate) fn run(args: SandboxArgs) -> Result<bool, Fatal> {
    let SandboxAction::Serve {
        port,
        data,
        faults,
        today,
        run_for,
    } = args.action;
    let mut config = SandboxConfig::default().with_port(port);
    if let Some(t) = today {
        config = config.with_today(parse_today(Some(&t))?);
    }
    if let Some(path) = &faults {
        let bytes = std::fs::read(path)
            .map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
        config = config.with_faults(Faults::from_json(&bytes).map_err(Fatal)?);
    }
    if let Some(path) = &data {
        config = config.with_data_file(path);
    }
    // Request logs go to standard error; they carry no tokens, IDs or answers.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .try_init();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Fatal(format!("cannot start the async runtime: {e}")))?;
    rt.block_on(async {
        let sandbox = Sandbox::start(config)
            .await
            .map_err(|e| Fatal(format!("[{}] {e}", e.code())))?;
        let url = sandbox.base_url();
        out!("monshin PMH sandbox listening on {url}");
        match &data {
            Some(p) => out!("state: {} (saved after every register)", p.display()),
            None => out!("state: in memory (use --data FILE to keep it)"),
        }
        out!("\nfictional citizens:");
        for c in sandbox.citizens().await {
            out!("  {:<11} {}", c.id, c.label);
            for f in &c.forms {
                out!(
                    "  {:<11}   {} {} ({}{})",
                    "",
                    f.id,
                    f.title,
                    f.status,
                    if f.answerable { ", answerable" } else { "" }
                );
            }
        }
        out!(
            "\nget a token:  curl -s -X POST {url}/sandbox/token -H 'content-type: application/json' \
             -d '{{\"citizenId\":\"elder-1\"}}'"
        );
        out!(
            "then:         curl -s {url}/v3/vaccination-forms -H \"authorization: Bearer $TOKEN\""
        );
        out!("sandbox:      GET /sandbox/citizens, GET /sandbox/stats, GET|PUT /sandbox/faults");
        out!("\nCtrl-C stops.");
        let limit = async {
            match run_for {
                Some(secs) => tokio::time::sleep(Duration::from_secs(secs)).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            r = tokio::signal::ctrl_c() => {
                r.map_err(|e| Fatal(format!("cannot wait for Ctrl-C: {e}")))?;
            }
            () = limit => {}
        }
        let stats = sandbox.stats();
        sandbox.shutdown().await;
        out!(
            "stopped: {} requests, {} registers applied, {} replayed, {} refused, {} faults injected",
            stats.requests,
            stats.registers_applied,
            stats.registers_replayed,
            stats.registers_refused,
            stats.faults_injected
        );
        Ok(true)
    })
}

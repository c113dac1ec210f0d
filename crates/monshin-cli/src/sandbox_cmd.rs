//! `monshin sandbox serve`: the PMH sandbox alone, on 127.0.0.1, until Ctrl-C.
//!
//! Prints the address, the fictional citizens and how to get a token, then logs one line per
//! request to standard error (operation, status, time, fault: never tokens, IDs or answers).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};
use monshin_pmh_sandbox::{Faults, Sandbox, SandboxConfig};

use monshin_core::FindingCode;

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
        /// Keep the state in this SQLite database (created from the seed if missing; a JSON
        /// state file of earlier versions is migrated); without it the state lives in memory
        /// only. One sandbox at a time: a second one on the same file refuses to start.
        #[arg(long)]
        data: Option<PathBuf>,
        /// The bearer token of the admin routes (`/sandbox/*`), at least 16 characters of
        /// [A-Za-z0-9._~-]; without it a random one is made and printed.
        #[arg(long)]
        admin_token: Option<String>,
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
        admin_token,
        faults,
        today,
        run_for,
    } = args.action;
    let mut config = SandboxConfig::default().with_port(port);
    if let Some(t) = &admin_token {
        config = config.with_admin_token(t);
    }
    if let Some(t) = today {
        config = config.with_today(parse_today(Some(&t))?);
    }
    if let Some(path) = &faults {
        let bytes = crate::input::read_path(path, "--faults", crate::input::MAX_CONFIG_BYTES)?;
        config = config.with_faults(Faults::from_json(&bytes).map_err(|_| {
            Fatal::new(
                FindingCode::CliBadArgument,
                "--faults is not a fault configuration (see `monshin sandbox --help`)",
            )
        })?);
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
        .map_err(|e| Fatal::io("start", "the async runtime", &e))?;
    rt.block_on(async {
        let sandbox = Sandbox::start(config)
            .await
            .map_err(|e| Fatal::operation(e.code(), e.to_string(), Default::default()))?;
        let url = sandbox.base_url();
        out!("monshin PMH sandbox listening on {url}");
        match &data {
            Some(p) => out!("state: {} (committed before every register is answered)", p.display()),
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
        if admin_token.is_none() {
            out!("\nadmin token:  {}", sandbox.admin_token());
        }
        out!(
            "\nget a token:  curl -s -X POST {url}/sandbox/token -H 'content-type: application/json' \
             -H \"authorization: Bearer $ADMIN\" -d '{{\"citizenId\":\"elder-1\"}}'"
        );
        out!(
            "then:         curl -s {url}/v3/vaccination-forms -H \"authorization: Bearer $TOKEN\""
        );
        out!("sandbox:      GET /sandbox/citizens, GET /sandbox/stats, GET|PUT /sandbox/faults (admin token)");
        out!("\nCtrl-C stops.");
        let limit = async {
            match run_for {
                Some(secs) => tokio::time::sleep(Duration::from_secs(secs)).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            r = tokio::signal::ctrl_c() => {
                r.map_err(|e| Fatal::io("wait for", "Ctrl-C", &e))?;
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

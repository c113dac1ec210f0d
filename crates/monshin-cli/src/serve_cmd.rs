//! `monshin serve`: the engine over HTTP (`monshin_server`) on 127.0.0.1:8080 by default,
//! until ctrl-c or SIGTERM, then finishing the requests in flight.
//!
//! Prints the address on standard error and logs (tracing) one line per refused or failed
//! request — route template, status, code, duration; never a value, a path as sent or the
//! token — and, with `--log debug`, per answered request too.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use monshin_core::{FindingCode, Limits};
use monshin_server::{AppState, ServeConfig, ServeLimits, Token};

use crate::{input, Fatal};

/// Log levels of `monshin serve`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
}

/// Arguments of `monshin serve`.
#[derive(Args)]
pub(crate) struct ServeArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// A bound of the service, NAME=VALUE; repeatable. Names, defaults and ceilings:
    /// body-bytes 4 MiB/64 MiB, batch-bytes 1 GiB/16 GiB, concurrency 256/65536,
    /// timeout-ms 30000/600000.
    #[arg(long = "serve-limit", value_name = "NAME=VALUE")]
    serve_limits: Vec<String>,
    /// Require `Authorization: Bearer <token>` with the token in this file (surrounding
    /// whitespace ignored).
    #[arg(long, conflicts_with = "token_env")]
    token_file: Option<PathBuf>,
    /// Require `Authorization: Bearer <token>` with the token in this environment variable.
    #[arg(long)]
    token_env: Option<String>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// What is logged on standard error.
    #[arg(long, value_enum, default_value = "info")]
    log: LogLevel,
}

/// The largest token file read.
const MAX_TOKEN_BYTES: usize = 4096;

/// `monshin serve`.
pub(crate) fn run(args: ServeArgs, limits: &Limits) -> Result<bool, Fatal> {
    let config = config(&args, limits)?;
    let level = match args.log {
        LogLevel::Error => tracing::Level::ERROR,
        LogLevel::Warn => tracing::Level::WARN,
        LogLevel::Info => tracing::Level::INFO,
        LogLevel::Debug => tracing::Level::DEBUG,
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .try_init();
    let state = AppState::bundled(&config)
        .map_err(|e| Fatal::new(FindingCode::CliOperation, e.to_string()))?;
    let forms = state.forms.len();
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = args.threads {
        rt.worker_threads(n.max(1));
    }
    let rt = rt
        .enable_all()
        .build()
        .map_err(|e| Fatal::io("start", "the async runtime", &e))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|e| Fatal::io("listen on", "--addr", &e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Fatal::io("listen on", "--addr", &e))?;
        eprintln!(
            "monshin serve: http://{addr} ({forms} forms; GET /openapi.json describes the API{})",
            if config.token.is_some() {
                "; bearer token required"
            } else {
                ""
            }
        );
        monshin_server::serve(listener, Arc::new(state), monshin_server::shutdown_signal())
            .await
            .map_err(|e| Fatal::io("serve on", "--addr", &e))
    })?;
    eprintln!("monshin serve: stopped");
    Ok(true)
}

/// The configuration from the arguments.
fn config(args: &ServeArgs, limits: &Limits) -> Result<ServeConfig, Fatal> {
    let mut serve_limits = ServeLimits::default();
    for setting in &args.serve_limits {
        let (name, value) = setting
            .split_once('=')
            .and_then(|(n, v)| Some((n.trim(), v.trim().replace('_', "").parse::<u64>().ok()?)))
            .ok_or_else(|| Fatal::bad_argument("--serve-limit", setting, "NAME=VALUE"))?;
        serve_limits.set(name, value).map_err(|e| {
            Fatal::operation(
                e.code(),
                format!(
                    "--serve-limit: {e} (names: body-bytes, batch-bytes, concurrency, timeout-ms)"
                ),
                monshin_core::Location::default(),
            )
        })?;
    }
    let token = match (&args.token_file, &args.token_env) {
        (Some(path), _) => {
            let bytes = input::read_path(path, "--token-file", MAX_TOKEN_BYTES)?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Fatal::new(
                    FindingCode::CliBadArgument,
                    "--token-file is not UTF-8 text",
                )
            })?;
            Some(Token::new(&text).ok_or_else(|| {
                Fatal::new(FindingCode::CliBadArgument, "--token-file holds no token")
            })?)
        }
        (None, Some(var)) => {
            let text = std::env::var(var).map_err(|_| {
                Fatal::new(
                    FindingCode::CliBadArgument,
                    "--token-env names a variable that is not set (or not UTF-8)",
                )
            })?;
            Some(Token::new(&text).ok_or_else(|| {
                Fatal::new(
                    FindingCode::CliBadArgument,
                    "--token-env names an empty variable",
                )
            })?)
        }
        (None, None) => None,
    };
    Ok(ServeConfig {
        addr: args.addr,
        limits: serve_limits,
        engine_limits: limits.clone(),
        token,
    })
}

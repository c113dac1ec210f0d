//! Running the service: [`serve`] answers on a listener until `shutdown` completes, then stops
//! accepting, marks itself not ready and finishes the requests in flight before returning;
//! [`shutdown_signal`] is ctrl-c or SIGTERM.

use std::future::Future;
use std::sync::Arc;

use tokio::net::TcpListener;

use crate::routes::router;
use crate::state::AppState;

/// Serves `state` on `listener` until `shutdown` completes and every request in flight is
/// answered.
pub async fn serve(
    listener: TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state.clone());
    let draining = state.clone();
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            draining.set_ready(false);
            tracing::info!("shutting down: finishing the requests in flight");
        })
        .await
}

/// Completes on ctrl-c or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

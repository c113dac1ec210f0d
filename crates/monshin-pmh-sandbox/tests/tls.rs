//! The client over HTTPS. A TLS front on 127.0.0.1 (tokio-rustls, a `localhost` certificate
//! issued by a test CA that rcgen makes per run) forwards to the sandbox. A client that trusts
//! the CA through `ClientBuilder::add_root_certificate` reads and registers through it; a
//! client that does not is refused in the handshake (`pmh.tls`, not retried), before any
//! request reaches the sandbox, and says the register was not applied.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use common::*;
use monshin_pmh::{IdempotencyKey, PmhClient, RegisterEffect, TokenProvider};
use monshin_pmh_sandbox::{Faults, Sandbox};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

/// Every test here ends well within this.
const BOUND: Duration = Duration::from_secs(30);

/// A test CA and a server configuration for `localhost` / 127.0.0.1 issued by it.
fn pki() -> (CertificateDer<'static>, rustls::ServerConfig) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "monshin test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("CA key"))
        .expect("CA certificate");
    let leaf_key = KeyPair::generate().expect("server key");
    let leaf = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
        .expect("server params")
        .signed_by(&leaf_key, &ca)
        .expect("server certificate");
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(vec![leaf.der().clone(), ca.der().clone()], key)
        .expect("server config");
    (ca.der().clone(), config)
}

/// A TLS front on an ephemeral loopback port with a certificate from a fresh test CA, each
/// connection piped to `backend`: the CA certificate, the port and the accepting task.
async fn tls_front(backend: SocketAddr) -> (CertificateDer<'static>, u16, JoinHandle<()>) {
    let (ca, config) = pki();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let task = tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let Ok(mut plain) = TcpStream::connect(backend).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    (ca, port, task)
}

async fn https_client(sb: &Sandbox, port: u16, ca: Option<&CertificateDer<'_>>) -> PmhClient {
    let tokens: Arc<dyn TokenProvider> =
        Arc::new(sb.token_provider("elder-1").await.expect("citizen"));
    let mut builder = PmhClient::builder(&format!("https://localhost:{port}/"))
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
        .retry_policy(fast_retries());
    if let Some(ca) = ca {
        builder = builder.add_root_certificate(ca.to_vec());
    }
    builder.build(tokens).expect("client builds")
}

#[tokio::test]
async fn reads_and_registers_over_https_with_a_private_ca() {
    let run = async {
        let sb = sandbox(Faults::none()).await;
        let (ca, port, front) = tls_front(sb.addr()).await;
        let c = https_client(&sb, port, Some(&ca)).await;

        let forms = c.list_vaccination_forms().await.expect("read over https");
        assert!(!forms.forms.is_empty());
        let body = finished_vaccination_body(&c, "Y-FLU-2026-1").await;
        let receipt = c
            .register_vaccination_answers(&body, &IdempotencyKey::generate())
            .await
            .expect("register over https");
        assert_eq!(receipt.revision, 1);
        assert_eq!(sb.stats().registers_applied, 1);
        front.abort();
        sb.shutdown().await;
    };
    tokio::time::timeout(BOUND, run).await.expect("bounded");
}

#[tokio::test]
async fn a_server_outside_the_trusted_roots_is_refused_before_any_request() {
    let run = async {
        let sb = sandbox(Faults::none()).await;
        let (_, port, front) = tls_front(sb.addr()).await;
        // The register body comes from a plain-http client of the same sandbox.
        let body = finished_vaccination_body(&client(&sb, "elder-1").await, "Y-FLU-2026-1").await;
        let before = sb.stats().requests;
        let c = https_client(&sb, port, None).await;

        let err = c.list_vaccination_forms().await.expect_err("untrusted");
        assert_eq!(err.code(), "pmh.tls");
        assert_eq!(
            c.stats().attempts,
            1,
            "a certificate problem is not retried"
        );
        let err = c
            .register_vaccination_answers(&body, &IdempotencyKey::generate())
            .await
            .expect_err("untrusted");
        assert_eq!(err.register_effect(), RegisterEffect::NotApplied);
        assert_eq!(sb.stats().requests, before, "nothing reached the sandbox");
        front.abort();
        sb.shutdown().await;
    };
    tokio::time::timeout(BOUND, run).await.expect("bounded");
}

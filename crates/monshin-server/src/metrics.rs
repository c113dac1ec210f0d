//! Prometheus metrics (`GET /metrics`, text exposition): request counts and latency
//! histograms per route and outcome, requests in flight, and answer sets validated.
//!
//! Labels are closed sets chosen by the service — the route *template* (`/v1/forms/{id}/validate`,
//! never the path a client sent, so no unknown form name reaches a label), the method, the
//! status and the outcome (`ok`, `client-error`, `server-error`) — never a value, a form name
//! typed by a client or a token.

use std::sync::atomic::AtomicI64;

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// The labels of a request.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The route template, or `unmatched`.
    pub route: &'static str,
    /// `GET`, `POST`, or `other`.
    pub method: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// `ok` (2xx, 3xx), `client-error` (4xx) or `server-error` (5xx).
    pub outcome: &'static str,
}

/// The labels of validated answer sets.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SetLabels {
    /// `validate` or `batch`.
    pub route: &'static str,
    /// `valid`, `invalid` or `unreadable`.
    pub result: &'static str,
}

/// Latency buckets in seconds: 50 µs to about 26 s.
fn latency_histogram() -> Histogram {
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
        0.000_05, 2.0, 20,
    ))
}

/// The service's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram, fn() -> Histogram>,
    in_flight: Gauge<i64, AtomicI64>,
    sets: Family<SetLabels, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("monshin");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RequestLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        let in_flight = Gauge::<i64, AtomicI64>::default();
        let sets = Family::<SetLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route template, method, status and outcome",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to the response head, by route template, method, status and outcome",
            latency.clone(),
        );
        registry.register(
            "http_requests_in_flight",
            "Requests being handled",
            in_flight.clone(),
        );
        registry.register(
            "answer_sets",
            "Answer sets validated, by route and result",
            sets.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            in_flight,
            sets,
        }
    }

    /// Records one answered request.
    pub fn record(&self, labels: RequestLabels, seconds: f64) {
        self.requests.get_or_create(&labels).inc();
        self.latency.get_or_create(&labels).observe(seconds);
    }

    /// Counts answer sets.
    pub fn sets(&self, route: &'static str, result: &'static str, n: u64) {
        if n > 0 {
            self.sets
                .get_or_create(&SetLabels { route, result })
                .inc_by(n);
        }
    }

    /// A request started (`+1`) or ended (`-1`).
    pub fn in_flight(&self, delta: i64) {
        self.in_flight.inc_by(delta);
    }

    /// The text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

/// `ok`, `client-error` or `server-error`.
pub fn outcome(status: u16) -> &'static str {
    match status {
        500.. => "server-error",
        400..=499 => "client-error",
        _ => "ok",
    }
}

//! Fault injection: the [`Faults`] configuration and the per-request plan drawn from it.
//!
//! Faults are data (JSON, see [`Faults`]), set at start or replaced at run time
//! (`PUT /sandbox/faults`, [`crate::Sandbox::set_faults`]). For each API request the sandbox
//! draws one [`Plan`]: a latency, then at most one fault. Planned outages and the rate limit
//! are checked first, then the [`FaultRule`]s in order; the first rule that matches the request
//! and fires (its `rate`, its remaining `times`) is used. Draws come from a seeded generator, so
//! a configuration with a fixed `seed` replays the same sequence for the same requests.

use std::time::Duration;

use monshin_pmh::Operation;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::clock;

/// The fault configuration.
///
/// JSON (every field optional):
///
/// ```json
/// { "seed": 7,
///   "latency": { "minMs": 5, "maxMs": 40 },
///   "rules": [ { "fault": "server-error", "rate": 0.1 },
///              { "fault": "drop-after", "on": "registers", "times": 1 } ],
///   "tokenExpiryAfterUses": 20,
///   "rateLimitPerSecond": 50,
///   "outages": [ { "from": "2026-11-21T00:00:00+09:00", "until": "2026-11-23T00:00:00+09:00" } ],
///   "monthlyPlannedStop": true,
///   "dailyPlannedStop": false }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Faults {
    /// Seed of the random draws (rates, latency).
    #[serde(default)]
    pub seed: u64,
    /// Latency added to every API request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency: Option<Latency>,
    /// Fault rules, first match wins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<FaultRule>,
    /// A token expires (401 `pmh.token-expired`) once it has been used this many times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_expiry_after_uses: Option<u32>,
    /// More API requests than this in one second are answered 429 with `Retry-After: 1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_per_second: Option<u32>,
    /// Planned outage windows: 503 `pmh.planned-outage` with `Retry-After` up to the end.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outages: Vec<OutageWindow>,
    /// Also stop on the third Saturday and Sunday of every month (JST), as the
    /// 情報提供ネットワークシステム does.
    #[serde(default)]
    pub monthly_planned_stop: bool,
    /// Also stop every day 03:00–06:00 JST, as the 医療保険者向け中間サーバ does.
    #[serde(default)]
    pub daily_planned_stop: bool,
}

impl Faults {
    /// No faults at all.
    pub fn none() -> Self {
        Faults::default()
    }

    /// Parses a JSON configuration; the error names the JSON path, never a value.
    pub fn from_json(bytes: &[u8]) -> Result<Self, String> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let faults: Faults = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            format!(
                "invalid fault configuration at `{}` (line {}, column {})",
                e.path(),
                e.inner().line(),
                e.inner().column()
            )
        })?;
        de.end()
            .map_err(|_| "invalid fault configuration: trailing characters".to_owned())?;
        faults.check()?;
        Ok(faults)
    }

    /// With a seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// With a latency range added to every API request.
    pub fn with_latency(mut self, min: Duration, max: Duration) -> Self {
        self.latency = Some(Latency {
            min_ms: u64::try_from(min.as_millis()).unwrap_or(u64::MAX),
            max_ms: u64::try_from(max.as_millis()).unwrap_or(u64::MAX),
        });
        self
    }

    /// With one more rule (after the existing ones).
    pub fn with_rule(mut self, rule: FaultRule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Tokens expire after `uses` uses.
    pub fn with_token_expiry_after_uses(mut self, uses: u32) -> Self {
        self.token_expiry_after_uses = Some(uses);
        self
    }

    /// A rate limit per second.
    pub fn with_rate_limit_per_second(mut self, n: u32) -> Self {
        self.rate_limit_per_second = Some(n);
        self
    }

    /// With one more outage window.
    pub fn with_outage(mut self, window: OutageWindow) -> Self {
        self.outages.push(window);
        self
    }

    /// With the monthly and daily planned stops of the systems behind PMH.
    pub fn with_planned_stops(mut self, monthly: bool, daily: bool) -> Self {
        self.monthly_planned_stop = monthly;
        self.daily_planned_stop = daily;
        self
    }

    /// Rejects rates outside 0–1, inverted latency ranges and windows, and anything that
    /// would hold a connection or the service for long: a `delay` over [`MAX_DELAY_MS`], a
    /// `Retry-After` over [`MAX_RETRY_AFTER_SECS`], an outage window longer than
    /// [`MAX_OUTAGE_MS`], more than [`MAX_RULES`] rules or [`MAX_OUTAGES`] windows.
    pub(crate) fn check(&self) -> Result<(), String> {
        if self.rules.len() > MAX_RULES || self.outages.len() > MAX_OUTAGES {
            return Err(format!(
                "at most {MAX_RULES} rules and {MAX_OUTAGES} outage windows"
            ));
        }
        for (i, r) in self.rules.iter().enumerate() {
            if !(0.0..=1.0).contains(&r.rate) {
                return Err(format!("fault rule {i}: rate must be between 0 and 1"));
            }
            if r.delay_ms.is_some_and(|d| d > MAX_DELAY_MS) {
                return Err(format!(
                    "fault rule {i}: delayMs must be at most {MAX_DELAY_MS}"
                ));
            }
            if r.retry_after_secs.is_some_and(|s| s > MAX_RETRY_AFTER_SECS) {
                return Err(format!(
                    "fault rule {i}: retryAfterSecs must be at most {MAX_RETRY_AFTER_SECS}"
                ));
            }
        }
        if let Some(l) = self.latency {
            if l.min_ms > l.max_ms || l.max_ms > 60_000 {
                return Err("latency: need minMs <= maxMs <= 60000".to_owned());
            }
        }
        for (i, w) in self.outages.iter().enumerate() {
            if w.from_ms >= w.until_ms {
                return Err(format!("outage {i}: `from` must be before `until`"));
            }
            if w.until_ms.saturating_sub(w.from_ms) > MAX_OUTAGE_MS {
                return Err(format!("outage {i}: a window lasts at most 7 days"));
            }
        }
        Ok(())
    }
}

/// The longest `delay` fault (60 s: longer than any client's time-out, shorter than the
/// sandbox's request time-out).
pub const MAX_DELAY_MS: u64 = 60_000;

/// The longest `Retry-After` a rule may send (1 hour).
pub const MAX_RETRY_AFTER_SECS: u64 = 3_600;

/// The longest outage window (7 days).
pub const MAX_OUTAGE_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// Fault rules at most.
pub const MAX_RULES: usize = 64;

/// Outage windows at most.
pub const MAX_OUTAGES: usize = 64;

/// A latency range, uniformly drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Latency {
    /// Least added latency in ms.
    pub min_ms: u64,
    /// Most added latency in ms (at most 60,000).
    pub max_ms: u64,
}

/// Which requests a rule applies to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// Every API request.
    #[default]
    All,
    /// The eight reads.
    Reads,
    /// The two registers.
    Registers,
}

impl Target {
    fn matches(self, op: Operation) -> bool {
        match self {
            Target::All => true,
            Target::Reads => !op.is_register(),
            Target::Registers => op.is_register(),
        }
    }
}

/// One kind of fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    /// 500 `pmh.internal` before processing.
    ServerError,
    /// 503 `pmh.unavailable` (with `Retry-After` if `retryAfterSecs` is set) before processing.
    Unavailable,
    /// 429 `pmh.rate-limited` with `Retry-After` (`retryAfterSecs`, default 1).
    RateLimit,
    /// The presented token expires now: 401 `pmh.token-expired`.
    TokenExpiry,
    /// Wait `delayMs` (default 2,000) before processing: provokes client time-outs.
    Delay,
    /// Process, then answer 200 with a well-formed document of the wrong shape.
    Malformed,
    /// Process, then answer 200 with the first half of the body only.
    Truncated,
    /// Close the connection without processing or answering.
    DropBefore,
    /// Process (a register is applied), then close the connection without answering.
    DropAfter,
}

impl FaultKind {
    /// The kebab-case name, as in the configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            FaultKind::ServerError => "server-error",
            FaultKind::Unavailable => "unavailable",
            FaultKind::RateLimit => "rate-limit",
            FaultKind::TokenExpiry => "token-expiry",
            FaultKind::Delay => "delay",
            FaultKind::Malformed => "malformed",
            FaultKind::Truncated => "truncated",
            FaultKind::DropBefore => "drop-before",
            FaultKind::DropAfter => "drop-after",
        }
    }
}

fn one() -> f64 {
    1.0
}

/// One fault rule: which fault, for which requests, how often.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRule {
    /// The fault.
    pub fault: FaultKind,
    /// Which requests (default all).
    #[serde(default)]
    pub on: Target,
    /// Probability of firing for a matching request, 0–1 (default 1).
    #[serde(default = "one")]
    pub rate: f64,
    /// Fire at most this many times (default unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// `Retry-After` seconds of `rate-limit` and `unavailable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
    /// Wait of `delay` in ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
}

impl FaultRule {
    /// A rule that always fires on every request.
    pub fn new(fault: FaultKind) -> Self {
        FaultRule {
            fault,
            on: Target::All,
            rate: 1.0,
            times: None,
            retry_after_secs: None,
            delay_ms: None,
        }
    }

    /// Only for these requests.
    pub fn on(mut self, target: Target) -> Self {
        self.on = target;
        self
    }

    /// With a probability (clamped to 0–1).
    pub fn rate(mut self, rate: f64) -> Self {
        self.rate = if rate.is_nan() {
            0.0
        } else {
            rate.clamp(0.0, 1.0)
        };
        self
    }

    /// At most `n` times.
    pub fn times(mut self, n: u32) -> Self {
        self.times = Some(n);
        self
    }

    /// With a `Retry-After`.
    pub fn retry_after_secs(mut self, secs: u64) -> Self {
        self.retry_after_secs = Some(secs);
        self
    }

    /// With a delay.
    pub fn delay(mut self, d: Duration) -> Self {
        self.delay_ms = Some(u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        self
    }
}

/// A planned outage window (`from` inclusive, `until` exclusive), written as RFC 3339
/// timestamps: `{ "from": "2026-11-21T00:00:00+09:00", "until": "2026-11-23T00:00:00+09:00" }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutageWindow {
    from_ms: i64,
    until_ms: i64,
}

impl OutageWindow {
    /// A window between two RFC 3339 timestamps.
    pub fn parse(from: &str, until: &str) -> Option<Self> {
        Some(OutageWindow {
            from_ms: clock::parse_rfc3339(from)?,
            until_ms: clock::parse_rfc3339(until)?,
        })
    }

    /// A window from now, lasting `d` (for tests and demos).
    pub fn starting_now(d: Duration) -> Self {
        let now = clock::now_ms();
        OutageWindow {
            from_ms: now - 1,
            until_ms: now.saturating_add(i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct OutageWindowText {
    from: String,
    until: String,
}

impl Serialize for OutageWindow {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        OutageWindowText {
            from: clock::format_rfc3339(self.from_ms),
            until: clock::format_rfc3339(self.until_ms),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for OutageWindow {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let t = OutageWindowText::deserialize(d)?;
        OutageWindow::parse(&t.from, &t.until).ok_or_else(|| {
            serde::de::Error::custom(
                "outage times must be RFC 3339, e.g. 2026-11-21T00:00:00+09:00",
            )
        })
    }
}

/// What happens before the request is processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Before {
    /// 503 `pmh.planned-outage`, `Retry-After` seconds.
    PlannedOutage(u64),
    /// 429 with `Retry-After` seconds.
    RateLimited(u64),
    /// 500.
    ServerError,
    /// 503 `pmh.unavailable`, optional `Retry-After`.
    Unavailable(Option<u64>),
    /// Expire the presented token.
    ExpireToken,
    /// Wait, then process.
    Delay(Duration),
    /// Close without answering.
    Drop,
}

/// What happens to a successful answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum After {
    Malformed,
    Truncated,
    Drop,
}

/// The draw for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Plan {
    pub(crate) latency: Duration,
    pub(crate) before: Option<Before>,
    pub(crate) after: Option<After>,
    pub(crate) token_expiry_after_uses: Option<u32>,
}

impl Plan {
    /// The fault's name, for logs and counters.
    pub(crate) fn fault_name(&self) -> Option<&'static str> {
        match (self.before, self.after) {
            (Some(Before::PlannedOutage(_)), _) => Some("planned-outage"),
            (Some(Before::RateLimited(_)), _) => Some("rate-limit"),
            (Some(Before::ServerError), _) => Some("server-error"),
            (Some(Before::Unavailable(_)), _) => Some("unavailable"),
            (Some(Before::ExpireToken), _) => Some("token-expiry"),
            (Some(Before::Delay(_)), _) => Some("delay"),
            (Some(Before::Drop), _) => Some("drop-before"),
            (None, Some(After::Malformed)) => Some("malformed"),
            (None, Some(After::Truncated)) => Some("truncated"),
            (None, Some(After::Drop)) => Some("drop-after"),
            (None, None) => None,
        }
    }
}

/// The configuration with its running state (generator, remaining counts, rate window).
#[derive(Debug)]
pub(crate) struct FaultState {
    config: Faults,
    rng: u64,
    fired: Vec<u32>,
    window_second: i64,
    window_count: u32,
}

impl FaultState {
    pub(crate) fn new(config: Faults) -> Self {
        FaultState {
            rng: config.seed ^ 0x9E37_79B9_7F4A_7C15,
            fired: vec![0; config.rules.len()],
            config,
            window_second: 0,
            window_count: 0,
        }
    }

    pub(crate) fn config(&self) -> &Faults {
        &self.config
    }

    /// splitmix64.
    fn next(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        // 53 random bits: exact in an f64.
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Draws the plan of one API request at `now_ms`.
    pub(crate) fn plan(&mut self, op: Operation, now_ms: i64) -> Plan {
        let mut plan = Plan {
            token_expiry_after_uses: self.config.token_expiry_after_uses,
            ..Plan::default()
        };
        if let Some(l) = self.config.latency {
            let span = l.max_ms.saturating_sub(l.min_ms);
            let extra = if span == 0 {
                0
            } else {
                self.next() % (span + 1)
            };
            plan.latency = Duration::from_millis(l.min_ms + extra);
        }
        let outage_end = self
            .config
            .outages
            .iter()
            .filter(|w| w.from_ms <= now_ms && now_ms < w.until_ms)
            .map(|w| w.until_ms)
            .max()
            .or_else(|| {
                clock::planned_stop_end(
                    now_ms,
                    self.config.monthly_planned_stop,
                    self.config.daily_planned_stop,
                )
            });
        if let Some(end) = outage_end {
            let secs = end
                .saturating_sub(now_ms)
                .saturating_add(999)
                .div_euclid(1000)
                .max(1);
            plan.before = Some(Before::PlannedOutage(u64::try_from(secs).unwrap_or(1)));
            return plan;
        }
        if let Some(limit) = self.config.rate_limit_per_second {
            let second = now_ms.div_euclid(1000);
            if second != self.window_second {
                self.window_second = second;
                self.window_count = 0;
            }
            self.window_count = self.window_count.saturating_add(1);
            if self.window_count > limit {
                plan.before = Some(Before::RateLimited(1));
                return plan;
            }
        }
        for i in 0..self.config.rules.len() {
            let rule = self.config.rules[i].clone();
            if !rule.on.matches(op) {
                continue;
            }
            let used = self.fired.get(i).copied().unwrap_or(0);
            if rule.times.is_some_and(|t| used >= t) {
                continue;
            }
            if rule.rate < 1.0 && self.unit() >= rule.rate {
                continue;
            }
            if let Some(n) = self.fired.get_mut(i) {
                *n += 1;
            }
            match rule.fault {
                FaultKind::ServerError => plan.before = Some(Before::ServerError),
                FaultKind::Unavailable => {
                    plan.before = Some(Before::Unavailable(rule.retry_after_secs));
                }
                FaultKind::RateLimit => {
                    plan.before = Some(Before::RateLimited(rule.retry_after_secs.unwrap_or(1)));
                }
                FaultKind::TokenExpiry => plan.before = Some(Before::ExpireToken),
                FaultKind::Delay => {
                    plan.before = Some(Before::Delay(Duration::from_millis(
                        rule.delay_ms.unwrap_or(2_000).min(60_000),
                    )));
                }
                FaultKind::DropBefore => plan.before = Some(Before::Drop),
                FaultKind::Malformed => plan.after = Some(After::Malformed),
                FaultKind::Truncated => plan.after = Some(After::Truncated),
                FaultKind::DropAfter => plan.after = Some(After::Drop),
            }
            break;
        }
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const READ: Operation = Operation::ListVaccinations;
    const WRITE: Operation = Operation::RegisterChildAnswers;

    #[test]
    fn json_configuration() {
        let f = Faults::from_json(
            br#"{ "seed": 7, "latency": { "minMs": 1, "maxMs": 3 },
                  "rules": [ { "fault": "drop-after", "on": "registers", "times": 1 },
                             { "fault": "server-error", "rate": 0.5 } ],
                  "tokenExpiryAfterUses": 3,
                  "outages": [ { "from": "2026-11-21T00:00:00+09:00",
                                 "until": "2026-11-23T00:00:00+09:00" } ],
                  "monthlyPlannedStop": true }"#,
        )
        .expect("valid");
        assert_eq!(f.rules.len(), 2);
        assert_eq!(f.rules[0].on, Target::Registers);
        let back: Faults =
            serde_json::from_slice(&serde_json::to_vec(&f).expect("encodes")).expect("decodes");
        assert_eq!(back, f);
        for bad in [
            r#"{ "rules": [ { "fault": "explode" } ] }"#,
            r#"{ "rules": [ { "fault": "delay", "rate": 2 } ] }"#,
            r#"{ "latency": { "minMs": 5, "maxMs": 1 } }"#,
            r#"{ "outages": [ { "from": "yesterday", "until": "tomorrow" } ] }"#,
            r#"{ "surprise": true }"#,
        ] {
            assert!(Faults::from_json(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn rules_fire_in_order_and_count_down() {
        let mut s = FaultState::new(
            Faults::none()
                .with_rule(
                    FaultRule::new(FaultKind::DropAfter)
                        .on(Target::Registers)
                        .times(1),
                )
                .with_rule(
                    FaultRule::new(FaultKind::ServerError)
                        .on(Target::Reads)
                        .times(2),
                ),
        );
        assert_eq!(s.plan(WRITE, 0).after, Some(After::Drop));
        assert_eq!(s.plan(WRITE, 0), Plan::default());
        assert_eq!(s.plan(READ, 0).before, Some(Before::ServerError));
        assert_eq!(s.plan(READ, 0).before, Some(Before::ServerError));
        assert_eq!(s.plan(READ, 0).before, None);
    }

    #[test]
    fn rates_are_seeded() {
        let faults = Faults::none()
            .with_seed(42)
            .with_rule(FaultRule::new(FaultKind::Unavailable).rate(0.3));
        let draw = || {
            let mut s = FaultState::new(faults.clone());
            (0..200)
                .map(|_| s.plan(READ, 0).before.is_some())
                .collect::<Vec<_>>()
        };
        let a = draw();
        assert_eq!(a, draw());
        let fired = a.iter().filter(|f| **f).count();
        assert!((30..=90).contains(&fired), "{fired}");
    }

    #[test]
    fn outages_and_rate_limits() {
        let w = OutageWindow::parse("2026-11-25T10:00:00Z", "2026-11-25T10:01:00Z").expect("ok");
        let mut s = FaultState::new(Faults::none().with_outage(w).with_rate_limit_per_second(2));
        let at = |t: &str| clock::parse_rfc3339(t).expect("valid");
        assert_eq!(
            s.plan(READ, at("2026-11-25T10:00:30.5Z")).before,
            Some(Before::PlannedOutage(30))
        );
        let t = at("2026-11-25T11:00:00Z");
        assert_eq!(s.plan(READ, t).before, None);
        assert_eq!(s.plan(READ, t + 10).before, None);
        assert_eq!(s.plan(READ, t + 20).before, Some(Before::RateLimited(1)));
        assert_eq!(s.plan(READ, t + 1000).before, None);
    }
}

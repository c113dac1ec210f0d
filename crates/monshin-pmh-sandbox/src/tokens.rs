//! Bearer tokens of the sandbox: issued per citizen (a stand-in for マイナポータル's consent
//! flow), checked on every API request, expired by time, by use count or by a fault.
//!
//! Tokens live in memory only: after a restart every client gets a 401 and refreshes, as after
//! a real token expiry. Tokens are never logged.
//!
//! Each citizen holds at most [`MAX_TOKENS_PER_CITIZEN`] tokens: minting one more first drops
//! that citizen's expired tokens, then, if still at the bound, that citizen's oldest. Minting
//! never touches another citizen's tokens, so memory is bounded by the number of citizens and
//! no caller can evict someone else's session.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use monshin_pmh::ServerCode;

/// Tokens one citizen holds at most.
pub(crate) const MAX_TOKENS_PER_CITIZEN: usize = 16;

#[derive(Debug)]
struct Record {
    citizen: String,
    issued: Instant,
    uses: u32,
    expired: bool,
}

/// The issued tokens.
#[derive(Debug)]
pub(crate) struct Tokens {
    by_token: HashMap<String, Record>,
    by_citizen: HashMap<String, VecDeque<String>>,
    ttl: Duration,
}

impl Tokens {
    pub(crate) fn new(ttl: Duration) -> Tokens {
        Tokens {
            by_token: HashMap::new(),
            by_citizen: HashMap::new(),
            ttl,
        }
    }

    pub(crate) fn ttl(&self) -> Duration {
        self.ttl
    }

    /// A new random token for `citizen`.
    pub(crate) fn issue(&mut self, citizen: &str) -> String {
        let token = random_token("sbx.");
        let ttl = self.ttl;
        let by_token = &mut self.by_token;
        let mine = self.by_citizen.entry(citizen.to_owned()).or_default();
        mine.retain(|t| {
            let live = by_token
                .get(t)
                .is_some_and(|r| !r.expired && r.issued.elapsed() <= ttl);
            if !live {
                by_token.remove(t);
            }
            live
        });
        while mine.len() >= MAX_TOKENS_PER_CITIZEN {
            if let Some(old) = mine.pop_front() {
                by_token.remove(&old);
            }
        }
        mine.push_back(token.clone());
        by_token.insert(
            token.clone(),
            Record {
                citizen: citizen.to_owned(),
                issued: Instant::now(),
                uses: 0,
                expired: false,
            },
        );
        token
    }

    /// The citizen of a valid token, counting the use; or why not.
    pub(crate) fn check(
        &mut self,
        token: &str,
        expiry_after_uses: Option<u32>,
    ) -> Result<String, ServerCode> {
        let ttl = self.ttl;
        let rec = self
            .by_token
            .get_mut(token)
            .ok_or(ServerCode::Unauthorized)?;
        if rec.expired
            || rec.issued.elapsed() > ttl
            || expiry_after_uses.is_some_and(|n| rec.uses >= n)
        {
            rec.expired = true;
            return Err(ServerCode::TokenExpired);
        }
        rec.uses = rec.uses.saturating_add(1);
        Ok(rec.citizen.clone())
    }

    /// Expires a token now (the `token-expiry` fault).
    pub(crate) fn expire(&mut self, token: &str) {
        if let Some(rec) = self.by_token.get_mut(token) {
            rec.expired = true;
        }
    }
}

/// `prefix` and 128 random bits in hex.
pub(crate) fn random_token(prefix: &str) -> String {
    format!("{prefix}{:016x}{:016x}", random_u64(), random_u64())
}

/// A random number (SipHash of a counter under a per-process random key).
fn random_u64() -> u64 {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minting_is_bounded_per_citizen_and_never_evicts_others() {
        let mut t = Tokens::new(Duration::from_secs(60));
        let elder = t.issue("elder-1");
        let mut infant: Vec<String> = Vec::new();
        for _ in 0..10_000 {
            infant.push(t.issue("infant-1"));
        }
        assert_eq!(t.check(&elder, None).as_deref(), Ok("elder-1"));
        assert!(t.by_token.len() <= MAX_TOKENS_PER_CITIZEN + 1);
        let newest = &infant[infant.len() - MAX_TOKENS_PER_CITIZEN..];
        for tok in newest {
            assert_eq!(t.check(tok, None).as_deref(), Ok("infant-1"));
        }
        assert_eq!(t.check(&infant[0], None), Err(ServerCode::Unauthorized));
    }

    #[test]
    fn tokens_expire_by_uses_and_on_demand() {
        let mut t = Tokens::new(Duration::from_secs(60));
        let a = t.issue("infant-1");
        assert_ne!(a, t.issue("infant-1"));
        assert_eq!(t.check(&a, Some(2)).as_deref(), Ok("infant-1"));
        assert_eq!(t.check(&a, Some(2)).as_deref(), Ok("infant-1"));
        assert_eq!(t.check(&a, Some(2)), Err(ServerCode::TokenExpired));
        assert_eq!(t.check("sbx.nope", None), Err(ServerCode::Unauthorized));
        let b = t.issue("elder-1");
        t.expire(&b);
        assert_eq!(t.check(&b, None), Err(ServerCode::TokenExpired));
        let mut short = Tokens::new(Duration::ZERO);
        let c = short.issue("elder-1");
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(short.check(&c, None), Err(ServerCode::TokenExpired));
    }
}

//! Bearer tokens of the sandbox: issued per citizen (a stand-in for マイナポータル's consent
//! flow), checked on every API request, expired by time, by use count or by a fault.
//!
//! Tokens live in memory only: after a restart every client gets a 401 and refreshes, as after
//! a real token expiry. Tokens are never logged.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use monshin_pmh::ServerCode;

/// Tokens remembered at most (the oldest are forgotten first).
const MAX_TOKENS: usize = 10_000;

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
    order: VecDeque<String>,
    ttl: Duration,
}

impl Tokens {
    pub(crate) fn new(ttl: Duration) -> Tokens {
        Tokens {
            by_token: HashMap::new(),
            order: VecDeque::new(),
            ttl,
        }
    }

    pub(crate) fn ttl(&self) -> Duration {
        self.ttl
    }

    /// A new random token for `citizen`.
    pub(crate) fn issue(&mut self, citizen: &str) -> String {
        let token = format!("sbx.{:016x}{:016x}", random_u64(), random_u64());
        self.by_token.insert(
            token.clone(),
            Record {
                citizen: citizen.to_owned(),
                issued: Instant::now(),
                uses: 0,
                expired: false,
            },
        );
        self.order.push_back(token.clone());
        while self.order.len() > MAX_TOKENS {
            if let Some(old) = self.order.pop_front() {
                self.by_token.remove(&old);
            }
        }
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

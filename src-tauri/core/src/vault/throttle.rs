//! A growing delay after repeated failed unlocks, and the memory of those failures until they
//! can be written to the audit trail (the vault cannot be written while it is locked).

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

/// Failures allowed before the delay starts.
const FREE_ATTEMPTS: u32 = 3;
const MAX_DELAY: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
pub struct UnlockThrottle {
    failures: Vec<DateTime<Utc>>,
    next_attempt: Option<Instant>,
}

impl UnlockThrottle {
    /// How long until the next attempt is accepted (zero when it may go ahead).
    pub fn wait(&self, now: Instant) -> Duration {
        self.next_attempt.map_or(Duration::ZERO, |at| at.saturating_duration_since(now))
    }

    pub fn failed(&mut self, now: Instant, at: DateTime<Utc>) {
        self.failures.push(at);
        let count = self.failures.len() as u32;
        if count >= FREE_ATTEMPTS {
            let delay = Duration::from_secs(1u64 << (count - FREE_ATTEMPTS).min(6)).min(MAX_DELAY);
            self.next_attempt = Some(now + delay);
        }
    }

    /// On success: the failures to record, and a fresh start.
    pub fn succeeded(&mut self) -> Vec<DateTime<Utc>> {
        self.next_attempt = None;
        std::mem::take(&mut self.failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_grows_after_a_few_failures_and_is_capped() {
        let mut throttle = UnlockThrottle::default();
        let now = Instant::now();
        for _ in 0..2 {
            throttle.failed(now, Utc::now());
            assert_eq!(throttle.wait(now), Duration::ZERO, "the first mistakes cost nothing");
        }
        let mut previous = Duration::ZERO;
        for _ in 0..10 {
            throttle.failed(now, Utc::now());
            let wait = throttle.wait(now);
            assert!(wait >= previous && wait <= MAX_DELAY);
            previous = wait;
        }
        assert_eq!(previous, MAX_DELAY);
        assert_eq!(throttle.wait(now + MAX_DELAY), Duration::ZERO, "the delay passes");
    }

    #[test]
    fn success_hands_over_the_failures_and_resets() {
        let mut throttle = UnlockThrottle::default();
        let now = Instant::now();
        for _ in 0..4 {
            throttle.failed(now, Utc::now());
        }
        assert_eq!(throttle.succeeded().len(), 4);
        assert_eq!(throttle.wait(now), Duration::ZERO);
        assert!(throttle.succeeded().is_empty());
    }
}

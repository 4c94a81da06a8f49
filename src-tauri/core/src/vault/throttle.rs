//! A growing delay after repeated wrong passphrases, kept in a small file beside the key file
//! (`unlock-failures.json`) so that restarting Confidant does not reset it, and the times of
//! those failures until they can be written to the audit trail (a locked vault cannot be
//! written).
//!
//! The file holds only times, never what was typed. It is written atomically and owner-only. A
//! file that cannot be read or understood counts as enough failures for the longest delay,
//! measured from when it was last changed: damaging it is no way around the delay. (Deleting it
//! is, for someone who can write to the data folder; such a person can also copy the key file
//! and guess offline, which no delay can stop.)

use std::io::Read;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::VaultError;
use crate::paths::DataDir;

/// Failures allowed before the delay starts.
const FREE_ATTEMPTS: usize = 3;
const MAX_DELAY: Duration = Duration::from_secs(60);
/// Enough failures for the longest delay: what a damaged file counts as.
const FAILURES_FOR_MAX_DELAY: usize = FREE_ATTEMPTS + 6;
/// The most recent failures kept (and later written to the audit trail).
const KEEP: usize = 100;
const FORMAT: &str = "confidant-unlock-failures";
const VERSION: u32 = 1;
/// A real file is a few kilobytes at most.
const MAX_LEN: u64 = 64 * 1024;

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Record {
    format: String,
    version: u32,
    failures: Vec<DateTime<Utc>>,
}

/// The failures recorded for one data folder. Holds nothing in memory: every question reads the
/// file, so a new process (or a new value) sees what an earlier one wrote.
#[derive(Debug, Clone)]
pub struct UnlockThrottle {
    path: PathBuf,
}

/// One passphrase check at a time in this process: two checks racing would both pass the delay.
static ATTEMPT: Mutex<()> = Mutex::new(());

impl UnlockThrottle {
    pub fn new(dir: &DataDir) -> Self {
        Self { path: dir.unlock_failures() }
    }

    /// How long until the next attempt is accepted at `now` (zero when it may go ahead). A clock
    /// set back makes it no longer than the delay itself.
    pub fn wait(&self, now: DateTime<Utc>) -> Duration {
        let (count, last) = match self.read() {
            Ok(failures) => (failures.len(), failures.iter().max().copied()),
            Err(changed) => (FAILURES_FOR_MAX_DELAY, Some(changed)),
        };
        let Some(last) = last else { return Duration::ZERO };
        let elapsed = (now - last).to_std().unwrap_or(Duration::ZERO);
        delay_after(count).saturating_sub(elapsed)
    }

    /// The failures waiting to be written to the audit trail, oldest first (none for a damaged
    /// file: their times are lost).
    pub fn failures(&self) -> Vec<DateTime<Utc>> {
        self.read().unwrap_or_default()
    }

    /// Records a failed attempt at `at`.
    pub fn failed(&self, at: DateTime<Utc>) -> Result<(), VaultError> {
        let mut failures = match self.read() {
            Ok(failures) => failures,
            // The delay a damaged file imposes carries on.
            Err(changed) => vec![changed; FAILURES_FOR_MAX_DELAY],
        };
        failures.push(at);
        let excess = failures.len().saturating_sub(KEEP);
        failures.drain(..excess);
        let record = Record { format: FORMAT.into(), version: VERSION, failures };
        let json = serde_json::to_vec(&record).map_err(|_| VaultError::Io(std::io::ErrorKind::InvalidData))?;
        super::keyfile::write_private(&self.path, &json)?;
        Ok(())
    }

    /// After a right passphrase: the count starts afresh.
    pub fn clear(&self) -> Result<(), VaultError> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// Runs `check` (a passphrase check) unless the delay is running, one at a time. A wrong
    /// passphrase is recorded as a failure; during the delay nothing is tried or recorded.
    pub(crate) fn attempt<T>(&self, check: impl FnOnce() -> Result<T, VaultError>) -> Result<T, VaultError> {
        let _one_at_a_time: MutexGuard<'_, ()> = ATTEMPT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let wait = self.wait(Utc::now());
        if !wait.is_zero() {
            return Err(VaultError::TooManyAttempts { seconds: wait.as_secs_f64().ceil() as u64 });
        }
        let result = check();
        if matches!(result, Err(VaultError::WrongPassphrase)) {
            // Best effort: if it cannot be written, the attempt is still refused.
            let _ = self.failed(Utc::now());
        }
        result
    }

    /// The recorded failures, or, for a file that exists but cannot be read or understood, when
    /// it was last changed.
    fn read(&self) -> Result<Vec<DateTime<Utc>>, DateTime<Utc>> {
        let file = match std::fs::File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(_) => return Err(self.changed_at()),
        };
        let mut bytes = Vec::new();
        let read = file.take(MAX_LEN + 1).read_to_end(&mut bytes);
        let record: Option<Record> =
            read.ok().filter(|&n| n as u64 <= MAX_LEN).and_then(|_| serde_json::from_slice(&bytes).ok());
        match record {
            Some(record) if record.format == FORMAT && record.version == VERSION => {
                let mut failures = record.failures;
                failures.sort_unstable();
                Ok(failures)
            }
            _ => Err(self.changed_at()),
        }
    }

    fn changed_at(&self) -> DateTime<Utc> {
        std::fs::metadata(&self.path)
            .and_then(|m| m.modified())
            .map(DateTime::<Utc>::from)
            .unwrap_or_else(|_| Utc::now())
    }
}

/// The delay after `count` failures: none for the first few, then 1, 2, 4 ... seconds, at most a
/// minute.
fn delay_after(count: usize) -> Duration {
    if count < FREE_ATTEMPTS {
        return Duration::ZERO;
    }
    Duration::from_secs(1u64 << (count - FREE_ATTEMPTS).min(6)).min(MAX_DELAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_grows_after_a_few_failures_and_is_capped() {
        for count in 0..FREE_ATTEMPTS {
            assert_eq!(delay_after(count), Duration::ZERO, "the first mistakes cost nothing");
        }
        let delays: Vec<Duration> = (FREE_ATTEMPTS..FREE_ATTEMPTS + 12).map(delay_after).collect();
        assert!(delays.windows(2).all(|w| w[0] <= w[1]), "{delays:?}");
        assert_eq!(delays[0], Duration::from_secs(1));
        assert_eq!(delays.last(), Some(&MAX_DELAY));
        assert_eq!(delay_after(FAILURES_FOR_MAX_DELAY), MAX_DELAY, "a damaged file costs the longest delay");
    }

    #[test]
    fn only_the_most_recent_failures_are_kept() {
        let temp = tempfile::tempdir().expect("temp");
        let throttle = UnlockThrottle::new(&DataDir::new(temp.path()));
        let start = Utc::now();
        for n in 0..(KEEP as i64 + 20) {
            throttle.failed(start + chrono::Duration::seconds(n)).expect("recorded");
        }
        let failures = throttle.failures();
        assert_eq!(failures.len(), KEEP);
        assert_eq!(failures.first(), Some(&(start + chrono::Duration::seconds(20))));
        throttle.clear().expect("clear");
        assert!(throttle.failures().is_empty());
        throttle.clear().expect("clearing twice is fine");
    }
}

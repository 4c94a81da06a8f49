//! What the shell holds between commands. State says what it is: the vault is either locked or
//! unlocked with a session; there is no half-open state to `expect()` on.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use confidant_core::backup;
use confidant_core::paths::DataDir;
use confidant_core::settings;
use confidant_core::vault::{LockReason, Session};
use confidant_core::{ApiError, ErrorCode};

use crate::spelling::Spelling;

pub enum Vault {
    Locked,
    Unlocked(Box<Unlocked>),
}

pub struct Unlocked {
    pub session: Session,
    idle_after: Duration,
    last_activity: Instant,
}

pub struct AppState {
    pub dir: DataDir,
    vault: Mutex<Vault>,
    /// The backup file she chose to restore, always from a native dialog: the page never names
    /// a path for Confidant to read.
    restore_file: Mutex<Option<PathBuf>>,
    /// Her dictionary lent to the spell checker while the vault is unlocked.
    pub spelling: Spelling,
}

impl AppState {
    pub fn new(dir: DataDir, spelling: Spelling) -> Self {
        Self { dir, vault: Mutex::new(Vault::Locked), restore_file: Mutex::new(None), spelling }
    }

    fn vault(&self) -> std::sync::MutexGuard<'_, Vault> {
        // A panic while holding the lock must not make the vault unusable: the state inside is
        // still a whole `Vault`.
        self.vault.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn choose_backup(&self, file: PathBuf) {
        *self.restore_file.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(file);
    }

    /// The backup file chosen for a restore.
    pub fn chosen_backup(&self) -> Result<PathBuf, ApiError> {
        self.restore_file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, "Choose a backup file first."))
    }

    pub fn is_unlocked(&self) -> bool {
        matches!(*self.vault(), Vault::Unlocked(_))
    }

    /// Installs a freshly opened session (replacing any other).
    pub fn open(&self, mut session: Session) -> Result<(), ApiError> {
        let idle_after = idle_timeout(settings::load(session.conn()).map_err(ApiError::from)?.idle_minutes);
        let mut vault = self.vault();
        if let Vault::Unlocked(mut previous) = std::mem::replace(&mut *vault, Vault::Locked) {
            self.spelling.lock(&mut previous.session);
            let _ = previous.session.lock(LockReason::Manual);
        }
        // Best effort: without her words the checker only underlines more.
        let _ = self.spelling.sync(&mut session);
        *vault = Vault::Unlocked(Box::new(Unlocked { session, idle_after, last_activity: Instant::now() }));
        Ok(())
    }

    /// Runs `f` with the unlocked session, or answers `locked`.
    pub fn with_session<T, E: Into<ApiError>>(
        &self,
        f: impl FnOnce(&mut Session) -> Result<T, E>,
    ) -> Result<T, ApiError> {
        match &mut *self.vault() {
            Vault::Unlocked(unlocked) => f(&mut unlocked.session).map_err(Into::into),
            Vault::Locked => Err(ApiError::locked()),
        }
    }

    pub fn set_idle_minutes(&self, minutes: u32) {
        if let Vault::Unlocked(unlocked) = &mut *self.vault() {
            unlocked.idle_after = idle_timeout(minutes);
        }
    }

    pub fn touch(&self) {
        if let Vault::Unlocked(unlocked) = &mut *self.vault() {
            unlocked.last_activity = Instant::now();
        }
    }

    /// Locks now. Returns whether the vault was unlocked.
    pub fn lock(&self, reason: LockReason) -> bool {
        let previous = std::mem::replace(&mut *self.vault(), Vault::Locked);
        match previous {
            Vault::Unlocked(mut unlocked) => {
                if matches!(reason, LockReason::Idle | LockReason::Quit) {
                    // A failure shows as a stale "last verified backup"; locking must not wait on it.
                    let _ = backup::auto::run_if_configured(&mut unlocked.session, chrono::Utc::now());
                }
                self.spelling.lock(&mut unlocked.session);
                // Closing must happen even if the audit write fails; the session is consumed.
                let _ = unlocked.session.lock(reason);
                true
            }
            Vault::Locked => false,
        }
    }

    /// Locks if the therapist has been away longer than her idle setting.
    pub fn lock_if_idle(&self, now: Instant) -> bool {
        let expired = match &*self.vault() {
            Vault::Unlocked(unlocked) => now.saturating_duration_since(unlocked.last_activity) >= unlocked.idle_after,
            Vault::Locked => false,
        };
        expired && self.lock(LockReason::Idle)
    }
}

/// The idle timeout for a setting in minutes. Debug builds honour `CONFIDANT_TEST_IDLE_SECONDS`
/// so the end-to-end tests need not wait a minute; release builds ignore it.
fn idle_timeout(minutes: u32) -> Duration {
    if cfg!(debug_assertions) {
        if let Some(seconds) = std::env::var("CONFIDANT_TEST_IDLE_SECONDS").ok().and_then(|s| s.parse().ok()) {
            return Duration::from_secs(seconds);
        }
    }
    Duration::from_secs(u64::from(minutes) * 60)
}

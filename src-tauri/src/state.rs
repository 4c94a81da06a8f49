//! What the shell holds between commands. State says what it is: the vault is either locked or
//! unlocked with a session; there is no half-open state to `expect()` on.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use confidant_core::backup;
use confidant_core::paths::DataDir;
use confidant_core::settings;
use confidant_core::vault::{LockReason, Session};
use confidant_core::{ApiError, ErrorCode};

use crate::platform::Spelling;

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
    pub spelling: std::sync::Arc<Spelling>,
    /// Every lock asked for (by her, the idle timer, the system, quitting) and the last reason,
    /// so that an unlock or a restore still deriving its key when one comes does not open the
    /// vault after it.
    locks: Mutex<(u64, LockReason)>,
    /// How many unlocks or restores are under way.
    openings: AtomicUsize,
    /// The page's last save before a lock: how many were asked for, and the latest answered.
    last_save: Mutex<(u64, u64)>,
    last_save_done: Condvar,
}

/// An unlock or a restore under way, from before its key derivation: [`AppState::open`] installs
/// its session only if no lock was asked for meanwhile.
pub struct Opening<'a> {
    state: &'a AppState,
    locks_before: u64,
}

impl Drop for Opening<'_> {
    fn drop(&mut self) {
        self.state.openings.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The answer when a lock came while the vault was opening.
fn locked_while_opening() -> ApiError {
    ApiError::new(
        ErrorCode::Locked,
        "Confidant locked again while your vault was opening, because the screen locked or the computer went to \
         sleep. Please unlock it again.",
    )
}

impl AppState {
    pub fn new(dir: DataDir, spelling: std::sync::Arc<Spelling>) -> Self {
        Self {
            dir,
            vault: Mutex::new(Vault::Locked),
            restore_file: Mutex::new(None),
            spelling,
            locks: Mutex::new((0, LockReason::Manual)),
            openings: AtomicUsize::new(0),
            last_save: Mutex::new((0, 0)),
            last_save_done: Condvar::new(),
        }
    }

    fn vault(&self) -> MutexGuard<'_, Vault> {
        // A panic while holding the lock must not make the vault unusable: the state inside is
        // still a whole `Vault`.
        self.vault.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn locks(&self) -> MutexGuard<'_, (u64, LockReason)> {
        self.locks.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn last_save(&self) -> MutexGuard<'_, (u64, u64)> {
        self.last_save.lock().unwrap_or_else(PoisonError::into_inner)
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

    /// Call before an unlock or a restore derives its key, and hand the result to [`open`](Self::open).
    pub fn begin_opening(&self) -> Opening<'_> {
        self.openings.fetch_add(1, Ordering::SeqCst);
        Opening { state: self, locks_before: self.locks().0 }
    }

    /// Whether an unlock or a restore is under way.
    pub fn is_opening(&self) -> bool {
        self.openings.load(Ordering::SeqCst) > 0
    }

    /// Installs a freshly opened session (replacing any other), unless a lock was asked for since
    /// `opening` began: the lock wins, the session is closed and the answer is `locked`.
    pub fn open(&self, mut session: Session, opening: Opening<'_>) -> Result<(), ApiError> {
        confidant_core::practice::prepare(&session).map_err(ApiError::from)?;
        let idle_after = idle_timeout(settings::load(session.conn()).map_err(ApiError::from)?.idle_minutes);
        let mut vault = self.vault();
        // Read while holding the vault: a lock asked for after this locks the installed session.
        let (locks, reason) = *self.locks();
        if locks != opening.locks_before {
            drop(vault);
            let _ = session.lock(reason);
            return Err(locked_while_opening());
        }
        if let Vault::Unlocked(mut previous) = std::mem::replace(&mut *vault, Vault::Locked) {
            self.spelling.lock(&mut previous.session);
            let _ = previous.session.lock(LockReason::Manual);
        }
        // Best effort: without her words the checker only underlines more.
        let _ = self.spelling.sync(&mut session);
        *vault = Vault::Unlocked(Box::new(Unlocked { session, idle_after, last_activity: Instant::now() }));
        Ok(())
    }

    /// Closes the open vault for a restore replacing it, unless a lock was asked for since the
    /// restore began: the vault then stays as that lock left it and nothing is replaced.
    pub fn close_for_replacement(&self, opening: &Opening<'_>) -> Result<(), ApiError> {
        let mut vault = self.vault();
        if self.locks().0 != opening.locks_before {
            return Err(locked_while_opening());
        }
        if let Vault::Unlocked(mut unlocked) = std::mem::replace(&mut *vault, Vault::Locked) {
            self.spelling.lock(&mut unlocked.session);
            // Closing must happen even if the audit write fails; the session is consumed.
            let _ = unlocked.session.lock(LockReason::Manual);
        }
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

    /// Counts a lock as asked for now: an unlock or restore under way will not open the vault.
    /// [`lock`](Self::lock) does it too; call this first when the lock itself has to wait.
    pub fn ask_lock(&self, reason: LockReason) {
        let mut locks = self.locks();
        *locks = (locks.0 + 1, reason);
    }

    /// Locks now. Returns whether the vault was unlocked.
    pub fn lock(&self, reason: LockReason) -> bool {
        self.ask_lock(reason);
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

    /// Whether the therapist has been away longer than her idle setting.
    pub fn is_idle(&self, now: Instant) -> bool {
        match &*self.vault() {
            Vault::Unlocked(unlocked) => now.saturating_duration_since(unlocked.last_activity) >= unlocked.idle_after,
            Vault::Locked => false,
        }
    }

    /// A new request for the page's last save before a lock; the page answers with its number.
    pub fn ask_last_save(&self) -> u64 {
        let mut last_save = self.last_save();
        last_save.0 += 1;
        last_save.0
    }

    /// The page saved what she typed, for `request` and every request before it.
    pub fn last_save_done(&self, request: u64) {
        let mut last_save = self.last_save();
        last_save.1 = last_save.1.max(request.min(last_save.0));
        self.last_save_done.notify_all();
    }

    /// Waits until the page answered `request`, at most `patience`. Returns whether it did.
    pub fn wait_for_last_save(&self, request: u64, patience: Duration) -> bool {
        let last_save = self.last_save();
        let (last_save, _) = self
            .last_save_done
            .wait_timeout_while(last_save, patience, |(_, answered)| *answered < request)
            .unwrap_or_else(PoisonError::into_inner);
        last_save.1 >= request
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

#[cfg(test)]
mod tests {
    use confidant_core::secret::Passphrase;
    use confidant_core::vault;

    use super::*;

    const PASSPHRASE: &str = "tidal lantern over seven stones";

    /// A locked vault in a temporary folder, and the shell's state for it.
    fn locked_vault() -> (tempfile::TempDir, AppState) {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = DataDir::new(temp.path().join("data"));
        let session = vault::create_for_tests(&dir, PASSPHRASE).expect("vault");
        session.lock(LockReason::Manual).expect("locked");
        let spelling = std::sync::Arc::new(Spelling::prepare(&dir));
        (temp, AppState::new(dir, spelling))
    }

    fn unlock(state: &AppState) -> Session {
        vault::unlock(&state.dir, &Passphrase::new(PASSPHRASE.into())).expect("unlocks")
    }

    #[test]
    fn a_lock_that_arrives_while_an_unlock_derives_its_key_wins() {
        let (_temp, state) = locked_vault();
        let opening = state.begin_opening();
        let session = unlock(&state); // the key derivation, during which ...
        state.lock(LockReason::SessionLocked); // ... the screen locks

        let refused = state.open(session, opening).expect_err("the vault opened after the lock");
        assert_eq!(refused.code, ErrorCode::Locked);
        assert!(!state.is_unlocked());
        assert!(!state.is_opening());

        // The next unlock, after the lock, opens it.
        let opening = state.begin_opening();
        state.open(unlock(&state), opening).expect("opens");
        assert!(state.is_unlocked());
    }

    #[test]
    fn a_lock_that_arrives_while_a_replacing_restore_prepares_stops_it_before_anything_changes() {
        let (_temp, state) = locked_vault();
        let opening = state.begin_opening();
        state.open(unlock(&state), opening).expect("opens");

        let restore = state.begin_opening();
        state.ask_lock(LockReason::SessionLocked); // while the backup is verified
        assert_eq!(state.close_for_replacement(&restore).map_err(|e| e.code), Err(ErrorCode::Locked));

        let restore = state.begin_opening();
        state.close_for_replacement(&restore).expect("nothing locked meanwhile: the current vault closes");
        assert!(!state.is_unlocked());
    }

    #[test]
    fn a_lock_waits_for_the_pages_last_save_until_it_answers_and_no_longer_than_its_patience() {
        let (_temp, state) = locked_vault();
        let first = state.ask_last_save();
        let started = Instant::now();
        assert!(!state.wait_for_last_save(first, Duration::from_millis(50)), "a page that never answers");
        assert!(started.elapsed() >= Duration::from_millis(50));

        let second = state.ask_last_save();
        std::thread::scope(|scope| {
            scope.spawn(|| state.last_save_done(second));
            assert!(state.wait_for_last_save(second, Duration::from_secs(60)), "the page answered");
        });
        assert!(state.wait_for_last_save(first, Duration::ZERO), "an answer covers the requests before it");
        state.last_save_done(second + 5);
        assert!(!state.wait_for_last_save(second + 1, Duration::ZERO), "an answer to a request never made");
    }
}

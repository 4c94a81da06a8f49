//! Vault commands: thin adapters from the UI to `confidant_core::vault`.

use confidant_core::api::{CreatedVault, VaultState, VaultStatus};
use confidant_core::error::VaultError;
use confidant_core::passphrase::{self, PassphraseCheck};
use confidant_core::secret::{Passphrase, RecoveryKeyText};
use confidant_core::vault::throttle::UnlockThrottle;
use confidant_core::vault::{self, LockReason};
use confidant_core::{backup, recovery_sheet, ApiError};
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use super::chosen;
use crate::state::AppState;

type Result<T> = std::result::Result<T, ApiError>;

/// The page has painted its first screen. Benchmarks set `CONFIDANT_READY_FILE` to learn when
/// (milliseconds since the Unix epoch); otherwise this does nothing.
#[tauri::command(async)]
pub fn ui_ready() {
    if let Some(path) = std::env::var_os("CONFIDANT_READY_FILE") {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let _ = std::fs::write(path, now.as_millis().to_string());
    }
}

#[tauri::command(async)]
pub fn vault_status(state: State<'_, AppState>) -> VaultStatus {
    let wait = UnlockThrottle::new(&state.dir).wait(chrono::Utc::now());
    let retry_after_ms = wait.as_millis().min(u128::from(u32::MAX)) as u32;
    let vault_state = if state.is_unlocked() {
        VaultState::Unlocked
    } else if vault::exists(&state.dir) {
        VaultState::Locked
    } else {
        VaultState::None
    };
    let recovery_sheet_pending =
        state.with_session(|s| Ok::<_, VaultError>(s.pending_recovery_key().is_some())).unwrap_or(false);
    let opened_by = state.with_session(|s| Ok::<_, VaultError>(s.opened_by())).ok();
    VaultStatus { state: vault_state, retry_after_ms, recovery_sheet_pending, opened_by }
}

#[tauri::command(async)]
pub fn passphrase_check(passphrase: Passphrase) -> PassphraseCheck {
    passphrase::check(passphrase.expose_secret())
}

#[tauri::command(async)]
pub fn vault_create(
    state: State<'_, AppState>,
    passphrase: Passphrase,
    confirmation: Passphrase,
) -> Result<CreatedVault> {
    let session = vault::create(&state.dir, &passphrase, &confirmation)?;
    let recovery_key = RecoveryKeyText::of(session.pending_recovery_key());
    // Counted from now, not from before the key derivation: the recovery key is shown only once,
    // and a new vault holds nothing of a client yet.
    state.open(session, state.begin_opening())?;
    Ok(CreatedVault { recovery_key })
}

/// The core delays attempts after wrong passphrases, and remembers them across restarts.
#[tauri::command(async)]
pub fn vault_unlock(state: State<'_, AppState>, passphrase: Passphrase) -> Result<()> {
    let opening = state.begin_opening();
    let session = vault::unlock(&state.dir, &passphrase)?;
    // A vault set aside by a restore goes once the restored one has opened; if that fails it is
    // simply tried again at the next unlock.
    let _ = backup::restore::finish_pending_replacement(&session);
    state.open(session, opening)
}

/// The records custodian opens the vault with her key or her own passphrase: custodian mode.
#[tauri::command(async)]
pub fn vault_unlock_custodian(state: State<'_, AppState>, secret: Passphrase) -> Result<()> {
    let opening = state.begin_opening();
    let session = vault::unlock_as_custodian(&state.dir, &secret)?;
    state.open(session, opening)
}

#[tauri::command(async)]
pub fn vault_recover(
    state: State<'_, AppState>,
    recovery_key: String,
    passphrase: Passphrase,
    confirmation: Passphrase,
) -> Result<()> {
    let opening = state.begin_opening();
    let recovery_key = zeroize::Zeroizing::new(recovery_key);
    let session = vault::recover(&state.dir, &recovery_key, &passphrase, &confirmation)?;
    // Opening with the recovery key counts as unlocking, for a vault set aside by a restore too.
    let _ = backup::restore::finish_pending_replacement(&session);
    state.open(session, opening)
}

#[tauri::command(async)]
pub fn vault_lock(app: tauri::AppHandle, state: State<'_, AppState>) {
    crate::lock(&app, &state, LockReason::Manual);
}

/// The page saved what she typed, as asked before a lock it did not start (`LOCKING_EVENT`).
#[tauri::command(async)]
pub fn vault_saved_before_lock(state: State<'_, AppState>, request: u64) {
    state.last_save_done(request);
}

#[tauri::command(async)]
pub fn vault_touch(state: State<'_, AppState>) {
    state.touch();
}

#[tauri::command(async)]
pub fn vault_change_passphrase(
    state: State<'_, AppState>,
    current: Passphrase,
    passphrase: Passphrase,
    confirmation: Passphrase,
) -> Result<()> {
    state.with_session(|s| s.change_passphrase(&current, &passphrase, &confirmation))
}

/// A lost or exposed sheet: a new recovery key, shown once like at creation.
#[tauri::command(async)]
pub fn vault_replace_recovery_key(state: State<'_, AppState>, current: Passphrase) -> Result<CreatedVault> {
    state.with_session(|s| {
        s.replace_recovery_key(&current)?;
        Ok::<_, VaultError>(CreatedVault { recovery_key: RecoveryKeyText::of(s.pending_recovery_key()) })
    })
}

#[tauri::command(async)]
pub fn recovery_sheet_print(state: State<'_, AppState>) -> Result<()> {
    state.with_session(|s| recovery_sheet::print(s).map(|_| ()))
}

/// Asks where to save the sheet (a native dialog opened from here, so the web view needs no
/// file-system permission). Resolves to false when she cancels.
#[tauri::command(async)]
pub fn recovery_sheet_save(app: tauri::AppHandle, state: State<'_, AppState>) -> Result<bool> {
    let suggested = recovery_sheet::file_name(chrono::Local::now().date_naive());
    let Some(path) =
        chosen(|| app.dialog().file().set_file_name(&suggested).add_filter("PDF", &["pdf"]).blocking_save_file())?
    else {
        return Ok(false);
    };
    state.with_session(|s| recovery_sheet::save_as(s, &path))?;
    Ok(true)
}

/// She kept the sheet: automatic backups get their key from it first, then it is forgotten.
#[tauri::command(async)]
pub fn recovery_sheet_confirm(state: State<'_, AppState>) -> Result<()> {
    state.with_session(|s| {
        backup::auto::set_up(s, None).map_err(ApiError::from)?;
        s.confirm_recovery_sheet_kept().map_err(ApiError::from)
    })
}

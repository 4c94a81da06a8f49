//! Backup commands: thin adapters from the UI to `confidant_core::backup`. Files and folders are
//! chosen in native dialogs opened from here, so the web view needs no file-system permission.

use confidant_core::backup::auto::{self, BackupStatus};
use confidant_core::backup::restore::{self, ChosenBackup, RestoredVault};
use confidant_core::backup::{self, BackupKey, BackupSummary};
use confidant_core::secret::Passphrase;
use confidant_core::ApiError;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use super::chosen;
use crate::state::AppState;

type Result<T> = std::result::Result<T, ApiError>;

#[tauri::command(async)]
pub fn backup_status(state: State<'_, AppState>) -> Result<BackupStatus> {
    state.with_session(|s| auto::status(s))
}

/// A backup now: the backup passphrase and then the vault passphrase (`current`) are checked, she
/// chooses where to save it, then it is made and verified. Resolves to None when she cancels
/// the dialog.
#[tauri::command(async)]
pub fn backup_create(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    current: Passphrase,
    passphrase: Passphrase,
    confirmation: Passphrase,
) -> Result<Option<BackupSummary>> {
    backup::create::check_new_passphrase(&passphrase, &confirmation)?;
    let checked = state.with_session(|s| s.confirm_passphrase(&current))?;
    let suggested = backup::default_file_name(chrono::Utc::now());
    let Some(path) = chosen(|| {
        app.dialog().file().set_file_name(&suggested).add_filter("Confidant backup", &["age"]).blocking_save_file()
    })?
    else {
        return Ok(None);
    };
    state.with_session(|s| backup::create_backup(checked, s, &path, &passphrase)).map(Some)
}

/// Chooses the folder for automatic backups, once the vault passphrase (`current`) is checked.
/// Resolves to None when she cancels.
#[tauri::command(async)]
pub fn backup_choose_folder(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    current: Passphrase,
) -> Result<Option<BackupStatus>> {
    let checked = state.with_session(|s| s.confirm_passphrase(&current))?;
    let Some(folder) = chosen(|| app.dialog().file().blocking_pick_folder())? else { return Ok(None) };
    state.with_session(|s| auto::set_folder(checked, s, Some(&folder)).and_then(|()| auto::status(s))).map(Some)
}

#[tauri::command(async)]
pub fn backup_folder_off(state: State<'_, AppState>, current: Passphrase) -> Result<BackupStatus> {
    state.with_session(|s| {
        let checked = s.confirm_passphrase(&current)?;
        auto::set_folder(checked, s, None).and_then(|()| auto::status(s))
    })
}

#[tauri::command(async)]
pub fn backup_set_remind_days(state: State<'_, AppState>, days: u32) -> Result<BackupStatus> {
    state.with_session(|s| auto::set_remind_after_days(s, days))
}

/// Asks for the backup to restore and says which key opens it. Resolves to None when she cancels.
#[tauri::command(async)]
pub fn backup_restore_choose(app: tauri::AppHandle, state: State<'_, AppState>) -> Result<Option<ChosenBackup>> {
    let Some(file) = chosen(|| app.dialog().file().add_filter("Confidant backup", &["age"]).blocking_pick_file())?
    else {
        return Ok(None);
    };
    let described = restore::describe(&file)?;
    state.choose_backup(file);
    Ok(Some(described))
}

/// Verifies the whole chosen backup with its passphrase or the recovery key and says what it
/// holds. Changes nothing.
#[tauri::command(async)]
pub fn backup_restore_inspect(state: State<'_, AppState>, key: String) -> Result<BackupSummary> {
    let file = state.chosen_backup()?;
    Ok(backup::verify(&file, &BackupKey::for_file(&file, key)?)?)
}

/// Restores the chosen backup as this computer's vault, when there is none yet, and opens it.
#[tauri::command(async)]
pub fn backup_restore_new(
    state: State<'_, AppState>,
    key: String,
    passphrase: Passphrase,
    confirmation: Passphrase,
) -> Result<RestoredVault> {
    let opening = state.begin_opening();
    let file = state.chosen_backup()?;
    let key = BackupKey::for_file(&file, key)?;
    let (session, summary) = restore::restore_into_new(&file, &key, &state.dir, &passphrase, &confirmation)?;
    let restored = RestoredVault::new(&session, summary);
    state.open(session, opening)?;
    Ok(restored)
}

/// Replaces the open vault with the chosen backup once her vault passphrase (`current`) is
/// checked, the backup verified in full and she confirmed. The current vault stays open until
/// then, and is kept aside until the restored one unlocks.
#[tauri::command(async)]
pub fn backup_restore_replace(
    state: State<'_, AppState>,
    current: Passphrase,
    key: String,
    passphrase: Passphrase,
    confirmation: Passphrase,
    confirmed: bool,
) -> Result<RestoredVault> {
    let opening = state.begin_opening();
    let file = state.chosen_backup()?;
    let key = BackupKey::for_file(&file, key)?;
    let checked = state.with_session(|s| s.confirm_passphrase(&current))?;
    let replacement =
        restore::prepare_replacement(checked, &file, &key, &state.dir, passphrase, &confirmation, confirmed)?;
    // Closing the vault empties the print spool; a lock that came meanwhile stops the restore.
    state.close_for_replacement(&opening)?;
    let (session, summary) = replacement.replace(&state.dir)?;
    let restored = RestoredVault::new(&session, summary);
    state.open(session, opening)?;
    Ok(restored)
}

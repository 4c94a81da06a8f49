//! The Tauri shell: builds the window, holds the state, and adapts commands to the core.
//! No SQL and no cryptography here.

mod cli;
pub mod commands;
mod platform;
mod state;

use std::time::{Duration, Instant};

use confidant_core::forms::spool::Spool;
use confidant_core::paths::DataDir;
use confidant_core::vault::LockReason;
use confidant_core::ApiError;
use tauri::{Emitter, Manager};

pub use cli::main_entry;
use state::AppState;

/// The event the UI listens for when the backend locks on its own; its payload is the reason.
pub const LOCKED_EVENT: &str = "vault-locked";

/// The event that asks the page to save what she typed before the backend locks on its own; its
/// payload is a number the page hands back to `vault_saved_before_lock`.
pub const LOCKING_EVENT: &str = "vault-locking";

/// How long a lock on the idle timer's or the system's word waits for the page's last save:
/// long enough for a save, short enough that a hung page cannot keep the vault open.
const LAST_SAVE_PATIENCE: Duration = Duration::from_secs(2);

/// Locks, wipes the print spool and tells the window.
pub(crate) fn lock(app: &tauri::AppHandle, state: &AppState, reason: LockReason) {
    state.lock(reason);
    wipe_spool(&state.dir);
    let _ = app.emit(LOCKED_EVENT, reason);
}

/// Locks when she is not the one asking (idle, a screen lock, sleep): the page first saves what
/// she typed in the last seconds, then the vault locks and the window is told. A lock asked for
/// while an unlock or a restore is deriving its key wins: that one will not open the vault.
pub(crate) fn lock_after_last_save(app: &tauri::AppHandle, reason: LockReason) {
    let state = app.state::<AppState>();
    let opening = state.is_opening();
    state.ask_lock(reason);
    if state.is_unlocked() {
        let request = state.ask_last_save();
        if app.emit(LOCKING_EVENT, request).is_ok() {
            state.wait_for_last_save(request, LAST_SAVE_PATIENCE);
        }
    }
    let was_unlocked = state.lock(reason);
    wipe_spool(&state.dir);
    if was_unlocked || opening {
        let _ = app.emit(LOCKED_EVENT, reason);
    }
}

fn wipe_spool(dir: &DataDir) {
    // Best effort: a spool that cannot be wiped now is wiped again at the next start.
    let _ = Spool::new(dir.spool()).and_then(|spool| spool.wipe());
}

/// At start: the spool emptied of what a crash left there, and a spool that an earlier version
/// (or a start without a folder in memory) left in the data folder wiped and removed.
fn clear_spools_at_start(dir: &DataDir) {
    wipe_spool(dir);
    if dir.spool_in_memory() && dir.disk_spool().is_dir() {
        let _ = Spool::new(dir.disk_spool()).and_then(Spool::remove);
    }
}

/// At quit: the spool wiped and its folder removed.
fn remove_spool(dir: &DataDir) {
    let _ = Spool::new(dir.spool()).and_then(Spool::remove);
}

/// Opens the window. Returns when the app quits.
pub fn run_gui(dir: DataDir) -> Result<(), String> {
    const NO_WINDOW: &str = "Confidant could not open its window.";
    // First, before anything is wiped or made: the folders below may belong to another window.
    let instance = match platform::claim_instance(&dir) {
        Ok(platform::Claim::First(instance)) => std::sync::Arc::new(instance),
        Ok(platform::Claim::Taken) => {
            return Err("Confidant is already open on this vault; its window was asked to come to the front.".into())
        }
        Err(_) => return Err("Confidant could not use its data folder, so its window stays closed.".into()),
    };
    // Before anything looks for the vault: a restore replacing it that a crash interrupted is
    // finished or undone (best effort: what cannot be settled now is tried at the next start).
    let _ = confidant_core::backup::restore::settle_interrupted_replacement(&dir);
    platform::prefer_software_rendering();
    let spelling = std::sync::Arc::new(platform::Spelling::prepare(&dir));
    let webview_data = platform::WebviewData::prepare(&dir).map_err(|_| NO_WINDOW.to_string())?;
    let webview_folder = webview_data.folder().to_path_buf();
    clear_spools_at_start(&dir);
    let gated = gate(commands::handler());
    let watched = instance.clone();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::new(dir, spelling.clone()))
        .invoke_handler(gated)
        .setup(move |app| {
            platform::forget_recent_files();
            start_idle_watch(app.handle().clone());
            platform::watch_lock_signals(app.handle().clone(), lock_from_os);
            platform::watch_quit_signals(app.handle().clone());
            let window = open_main_window(app, webview_folder)?;
            platform::enable_spelling(&window, spelling);
            watched.on_show_requested(move || {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            });
            Ok(())
        })
        .build(tauri::generate_context!())
        .map_err(|_| NO_WINDOW.to_string())?
        .run(move |app, event| {
            if let tauri::RunEvent::Exit = event {
                let state = app.state::<AppState>();
                state.lock(LockReason::Quit);
                remove_spool(&state.dir);
                state.spelling.remove();
                webview_data.remove();
                // Held to the end: the kernel lets the vault go when the process ends.
                let _ = &instance;
            }
        });
    Ok(())
}

/// The window as tauri.conf.json describes it (`create: false` there), with the web view's data
/// in `webview_folder` (see [`platform::WebviewData`]).
fn open_main_window(app: &tauri::App, webview_folder: std::path::PathBuf) -> tauri::Result<tauri::WebviewWindow> {
    let config = app.config().app.windows.first().cloned().ok_or(tauri::Error::WindowNotFound)?;
    tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?.data_directory(webview_folder).build()
}

/// The lock gate: every command not explicitly allowed while locked answers `locked` before it
/// runs, and every non-passive command counts as activity for the idle timer.
fn gate(
    handler: impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static,
) -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    move |invoke| {
        let command = invoke.message.command().to_string();
        let webview = invoke.message.webview();
        let state = webview.state::<AppState>();
        if !state.is_unlocked() && !allowed_while_locked(&command, &state.dir) {
            invoke.resolver.reject(ApiError::locked());
            return true;
        }
        if !commands::PASSIVE.contains(&command.as_str()) {
            state.touch();
        }
        handler(invoke)
    }
}

/// Deny by default: on a locked vault only the listed commands run, and the restore commands
/// only while there is no vault at all (restoring from the Welcome screen).
fn allowed_while_locked(command: &str, dir: &DataDir) -> bool {
    commands::ALLOWED_WHEN_LOCKED.contains(&command)
        || (commands::ALLOWED_WITHOUT_VAULT.contains(&command) && !confidant_core::vault::exists(dir))
}

/// The OS reported a session lock or suspend. Returns once the vault is locked.
fn lock_from_os(app: &tauri::AppHandle) {
    lock_after_last_save(app, LockReason::SessionLocked);
}

/// The idle timer lives here, in the backend: if the page hangs, the vault still locks on time.
fn start_idle_watch(app: tauri::AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(500));
        if app.state::<AppState>().is_idle(Instant::now()) {
            lock_after_last_save(&app, LockReason::Idle);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restore_commands_run_while_locked_only_when_there_is_no_vault() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = DataDir::new(temp.path().to_path_buf());
        for command in commands::ALLOWED_WITHOUT_VAULT {
            assert!(allowed_while_locked(command, &dir), "{command} must work on the Welcome screen");
        }
        assert!(!allowed_while_locked("backup_restore_replace", &dir), "replacing needs an unlocked vault");

        std::fs::write(dir.key_file(), "{}").expect("a vault's key file");
        for command in commands::ALLOWED_WITHOUT_VAULT {
            assert!(!allowed_while_locked(command, &dir), "{command} must answer locked once a vault exists");
        }
        assert!(allowed_while_locked("vault_unlock", &dir));
    }
}

//! The Tauri shell: builds the window, holds the state, and adapts commands to the core.
//! No SQL and no cryptography here.

mod cli;
pub mod commands;
mod instance;
mod memory;
mod os_lock;
mod quit_signals;
mod rendering;
mod spelling;
mod state;
mod webview_data;

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

/// Locks, wipes the print spool and tells the window.
pub(crate) fn lock(app: &tauri::AppHandle, state: &AppState, reason: LockReason) {
    lock_quietly(state, reason);
    let _ = app.emit(LOCKED_EVENT, reason);
}

/// Locks and wipes the print spool without telling the window: for a command that opens another
/// vault at once (a restore replacing this one), where the window moves on rather than to unlock.
pub(crate) fn lock_quietly(state: &AppState, reason: LockReason) {
    state.lock(reason);
    wipe_spool(&state.dir);
}

fn wipe_spool(dir: &DataDir) {
    // Best effort: a spool that cannot be wiped now is wiped again at the next start.
    let _ = Spool::new(dir.spool()).and_then(|spool| spool.wipe());
}

/// Opens the window. Returns when the app quits.
pub fn run_gui(dir: DataDir) -> Result<(), String> {
    const NO_WINDOW: &str = "Confidant could not open its window.";
    // First, before anything is wiped or made: the folders below may belong to another window.
    let instance = match instance::claim(&dir) {
        Ok(instance::Claim::First(instance)) => std::sync::Arc::new(instance),
        Ok(instance::Claim::Taken) => {
            return Err("Confidant is already open on this vault; its window was asked to come to the front.".into())
        }
        Err(_) => return Err(NO_WINDOW.into()),
    };
    // Before anything looks for the vault: a restore replacing it that a crash interrupted is
    // finished or undone (best effort: what cannot be settled now is tried at the next start).
    let _ = confidant_core::backup::restore::settle_interrupted_replacement(&dir);
    rendering::prefer_software_rendering();
    let spelling = spelling::Spelling::prepare(&dir);
    let webview_data = webview_data::WebviewData::prepare(&dir).map_err(|_| NO_WINDOW.to_string())?;
    let webview_folder = webview_data.folder().to_path_buf();
    wipe_spool(&dir);
    let gated = gate(commands::handler());
    let watched = instance.clone();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::new(dir, spelling))
        .invoke_handler(gated)
        .setup(move |app| {
            start_idle_watch(app.handle().clone());
            os_lock::watch(app.handle().clone());
            quit_signals::watch(app.handle().clone());
            let window = open_main_window(app, webview_folder)?;
            spelling::enable(&window);
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
                wipe_spool(&state.dir);
                state.spelling.remove();
                webview_data.remove();
                instance.release();
            }
        });
    Ok(())
}

/// The window as tauri.conf.json describes it (`create: false` there), with the web view's data
/// in `webview_folder` (see [`webview_data`]).
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

/// The OS reported a session lock or suspend.
pub(crate) fn lock_from_os(app: &tauri::AppHandle) {
    let state = app.state::<AppState>();
    if state.is_unlocked() {
        lock(app, &state, LockReason::SessionLocked);
    }
}

/// The idle timer lives here, in the backend: if the page hangs, the vault still locks on time.
fn start_idle_watch(app: tauri::AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(500));
        let state = app.state::<AppState>();
        if state.lock_if_idle(Instant::now()) {
            wipe_spool(&state.dir);
            let _ = app.emit(LOCKED_EVENT, LockReason::Idle);
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

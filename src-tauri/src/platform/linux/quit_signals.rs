//! Quits properly on SIGTERM, SIGINT and SIGHUP (a logout, a shutdown, Ctrl+C in a terminal):
//! through Tauri's exit, as when she closes the window, so the vault locks, the print spool is
//! wiped and the folders in memory are removed. Without this the process would simply end and
//! leave printed PDFs in the spool on disk until the next start.

use tauri::AppHandle;

pub fn watch(app: AppHandle) {
    // Linux's numbers; GLib handles these on the main loop, outside the signal handler.
    const SIGHUP: i32 = 1;
    const SIGINT: i32 = 2;
    const SIGTERM: i32 = 15;
    for signal in [SIGHUP, SIGINT, SIGTERM] {
        let app = app.clone();
        gio::glib::unix_signal_add_local_once(signal, move || app.exit(0));
    }
}

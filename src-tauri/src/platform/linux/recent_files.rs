//! GTK's file chooser adds every file saved or opened through it to the desktop's list of recent
//! files (`~/.local/share/recently-used.xbel`), on disk, where it would name a backup or a
//! client's papers. Turned off for this app before any dialog opens (GTK then keeps that list
//! empty for us).

use gtk::prelude::GtkSettingsExt;

/// Call on the main thread, before the first dialog.
pub fn forget() {
    if let Some(settings) = gtk::Settings::default() {
        settings.set_gtk_recent_files_enabled(false);
        settings.set_gtk_recent_files_max_age(0);
    }
}

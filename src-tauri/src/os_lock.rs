//! Locks the vault when the operating system reports that the session is being locked or the
//! machine is going to sleep. On Linux that is logind (system bus: `PrepareForSleep`, a
//! session's `Lock`) and the desktop's screensaver (session bus: `ActiveChanged`).
//!
//! Signals arrive on GTK's main loop through gio, which Tauri already links. Any process may
//! send such a signal; the worst it can do is lock the vault, so no sender is trusted or needed.

use tauri::AppHandle;

#[cfg(target_os = "linux")]
pub fn watch(app: AppHandle) {
    let subscriptions: [(gio::BusType, &str, &str); 3] = [
        (gio::BusType::System, "org.freedesktop.login1.Manager", "PrepareForSleep"),
        (gio::BusType::System, "org.freedesktop.login1.Session", "Lock"),
        (gio::BusType::Session, "org.gnome.ScreenSaver", "ActiveChanged"),
    ];
    for (bus, interface, member) in subscriptions {
        // No bus (a minimal desktop, a CI machine): nothing to watch there.
        let Ok(connection) = gio::bus_get_sync(bus, None::<&gio::Cancellable>) else { continue };
        let app = app.clone();
        let id = connection.signal_subscribe(
            None,
            Some(interface),
            Some(member),
            None,
            None,
            gio::DBusSignalFlags::NONE,
            move |_, _, _, _, _, parameters| {
                // PrepareForSleep(true) and ActiveChanged(true) announce the lock; `Lock` has no argument.
                let starting = parameters.try_child_value(0).and_then(|v| v.get::<bool>()).unwrap_or(true);
                if starting {
                    crate::lock_from_os(&app);
                }
            },
        );
        // The subscription lives as long as the app: keep the connection and id alive.
        std::mem::forget((connection, id));
    }
}

#[cfg(not(target_os = "linux"))]
pub fn watch(_app: AppHandle) {}

//! Locks the vault when the operating system reports that the session is being locked or the
//! machine is going to sleep. On Linux:
//! - logind, on the system bus: `PrepareForSleep`, a session's `Lock`, and a session's
//!   `LockedHint` turning true (GNOME, KDE, XFCE, Cinnamon and MATE lockers all set it);
//! - the desktop's screensaver, on the session bus: `ActiveChanged(true)` of
//!   `org.freedesktop.ScreenSaver` (KDE and others), and GNOME's, Cinnamon's, MATE's and XFCE's
//!   own interfaces.
//!
//! Sleep waits for the lock: the app holds logind's delay inhibitor for sleep and lets it go only
//! once the vault is locked (logind waits at most `InhibitDelayMaxSec`, 5 seconds by default),
//! then takes a new one when the machine wakes up.
//!
//! Signals arrive on GTK's main loop through gio, which Tauri already links. Any process may
//! send such a signal; the worst it can do is lock the vault, so no sender is trusted or needed.

use tauri::AppHandle;

/// What a signal from the system means for the vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Announcement {
    /// The machine is about to sleep: lock, then let it sleep.
    Sleep,
    /// The machine woke up.
    Wake,
    /// The session or the screen is being locked.
    Lock,
}

/// The signals listened to, by bus: (interface, member).
const SYSTEM_SIGNALS: [(&str, &str); 3] = [
    ("org.freedesktop.login1.Manager", "PrepareForSleep"),
    ("org.freedesktop.login1.Session", "Lock"),
    ("org.freedesktop.DBus.Properties", "PropertiesChanged"),
];
const SCREENSAVERS: [&str; 5] = [
    "org.freedesktop.ScreenSaver",
    "org.gnome.ScreenSaver",
    "org.cinnamon.ScreenSaver",
    "org.mate.ScreenSaver",
    "org.xfce.ScreenSaver",
];

use gio::glib::Variant;

/// Reads one signal: `interface.member(parameters)`.
pub fn announcement(interface: &str, member: &str, parameters: &Variant) -> Option<Announcement> {
    let first_flag = || parameters.try_child_value(0).and_then(|v| v.get::<bool>());
    match (interface, member) {
        ("org.freedesktop.login1.Manager", "PrepareForSleep") => {
            Some(if first_flag()? { Announcement::Sleep } else { Announcement::Wake })
        }
        ("org.freedesktop.login1.Session", "Lock") => Some(Announcement::Lock),
        ("org.freedesktop.DBus.Properties", "PropertiesChanged") => {
            // (interface, {property: value}, [invalidated]): a session's LockedHint set to true.
            let (changed_interface, changed, _): (String, std::collections::HashMap<String, Variant>, Vec<String>) =
                parameters.get()?;
            let locked = changed.get("LockedHint").and_then(Variant::get::<bool>)?;
            (changed_interface == "org.freedesktop.login1.Session" && locked).then_some(Announcement::Lock)
        }
        (screensaver, "ActiveChanged") if SCREENSAVERS.contains(&screensaver) => {
            first_flag()?.then_some(Announcement::Lock)
        }
        _ => None,
    }
}

/// Watches the signals; `lock` is called off the main loop (it may wait for the page's last
/// save) and returns once the vault is locked.
pub fn watch(app: AppHandle, lock: fn(&AppHandle)) {
    use std::cell::RefCell;
    use std::rc::Rc;

    let system = gio::bus_get_sync(gio::BusType::System, None::<&gio::Cancellable>).ok();
    let session = gio::bus_get_sync(gio::BusType::Session, None::<&gio::Cancellable>).ok();
    // The delay inhibitor, while held: logind waits for it to close before the machine sleeps.
    let inhibitor: Rc<RefCell<Option<gio::UnixFDList>>> = Rc::new(RefCell::new(None));
    if let Some(system) = &system {
        *inhibitor.borrow_mut() = delay_sleep(system);
    }

    let subscriptions = SYSTEM_SIGNALS
        .iter()
        .filter_map(|&signal| Some((system.clone()?, signal)))
        .chain(SCREENSAVERS.iter().filter_map(|&interface| Some((session.clone()?, (interface, "ActiveChanged")))));
    // Between PrepareForSleep(true) and (false).
    let asleep = Rc::new(std::cell::Cell::new(false));
    for (connection, (interface, member)) in subscriptions {
        let app = app.clone();
        let (inhibitor, asleep) = (inhibitor.clone(), asleep.clone());
        let arg0 = (member == "PropertiesChanged").then_some("org.freedesktop.login1.Session");
        let id = connection.signal_subscribe(
            None,
            Some(interface),
            Some(member),
            None,
            arg0,
            gio::DBusSignalFlags::NONE,
            move |connection, _, _, interface, member, parameters| match announcement(interface, member, parameters) {
                Some(Announcement::Wake) => {
                    asleep.set(false);
                    if inhibitor.borrow().is_none() {
                        *inhibitor.borrow_mut() = delay_sleep(connection);
                    }
                }
                Some(announced) => {
                    if announced == Announcement::Sleep {
                        asleep.set(true);
                    }
                    // The lock waits up to two seconds for the page's last save: off the main
                    // loop, which must go on serving the page meanwhile.
                    let app = app.clone();
                    let (inhibitor, asleep, connection) = (inhibitor.clone(), asleep.clone(), connection.clone());
                    gio::glib::MainContext::default().spawn_local(async move {
                        let _ = gio::spawn_blocking(move || lock(&app)).await;
                        if announced == Announcement::Sleep {
                            // Locked: the machine may sleep now. If it already woke (a sleep
                            // cancelled), the next sleep must wait again.
                            *inhibitor.borrow_mut() = if asleep.get() { None } else { delay_sleep(&connection) };
                        }
                    });
                }
                None => {}
            },
        );
        // The subscription lives as long as the app: keep the connection and id alive.
        std::mem::forget((connection, id));
    }
}

/// Takes logind's delay inhibitor for sleep; held as long as the returned list (its file
/// descriptor) lives. `None` without logind.
fn delay_sleep(system: &gio::DBusConnection) -> Option<gio::UnixFDList> {
    use gio::prelude::*;
    let what = ("sleep", "Confidant", "Locking the vault before the computer sleeps", "delay");
    let (_, descriptors) = system
        .call_with_unix_fd_list_sync(
            Some("org.freedesktop.login1"),
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "Inhibit",
            Some(&what.to_variant()),
            Some(gio::glib::VariantTy::new("(h)").ok()?),
            gio::DBusCallFlags::NONE,
            5_000,
            None::<&gio::UnixFDList>,
            None::<&gio::Cancellable>,
        )
        .ok()?;
    (descriptors.length() > 0).then_some(descriptors)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use gio::glib::{ToVariant, Variant};

    use super::*;

    fn properties_changed(interface: &str, changed: &[(&str, Variant)]) -> Variant {
        let changed: HashMap<String, Variant> = changed.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        (interface, changed, Vec::<String>::new()).to_variant()
    }

    #[test]
    fn sleeping_and_waking_are_told_apart() {
        let manager = "org.freedesktop.login1.Manager";
        assert_eq!(announcement(manager, "PrepareForSleep", &(true,).to_variant()), Some(Announcement::Sleep));
        assert_eq!(announcement(manager, "PrepareForSleep", &(false,).to_variant()), Some(Announcement::Wake));
    }

    #[test]
    fn every_desktops_screen_lock_locks_the_vault() {
        for screensaver in SCREENSAVERS {
            assert_eq!(
                announcement(screensaver, "ActiveChanged", &(true,).to_variant()),
                Some(Announcement::Lock),
                "{screensaver}"
            );
            assert_eq!(announcement(screensaver, "ActiveChanged", &(false,).to_variant()), None, "{screensaver}");
        }
        assert_eq!(announcement("org.freedesktop.login1.Session", "Lock", &().to_variant()), Some(Announcement::Lock));
    }

    #[test]
    fn logind_locked_hint_turning_true_locks_the_vault_and_nothing_else_does() {
        let session = "org.freedesktop.login1.Session";
        let changed = |interface, props: &[(&str, Variant)]| {
            announcement("org.freedesktop.DBus.Properties", "PropertiesChanged", &properties_changed(interface, props))
        };
        assert_eq!(changed(session, &[("LockedHint", true.to_variant())]), Some(Announcement::Lock));
        assert_eq!(changed(session, &[("LockedHint", false.to_variant())]), None, "unlocking the screen");
        assert_eq!(changed(session, &[("Active", false.to_variant())]), None, "another property");
        assert_eq!(changed("org.example.Other", &[("LockedHint", true.to_variant())]), None, "another interface");
        assert_eq!(announcement("org.example.Other", "ActiveChanged", &(true,).to_variant()), None);
    }
}

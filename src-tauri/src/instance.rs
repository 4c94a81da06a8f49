//! One window per vault. A second start on the same data folder would wipe the first one's print
//! spool and folders in memory, and two windows would each hold the vault open; instead the
//! second start asks the first to come to the front and ends.
//!
//! The claim is an advisory lock on a file in the user's folder in memory, which the kernel
//! releases when the process ends, crash or not. A second start appends a line to that file;
//! the first watches it and shows its window.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use confidant_core::paths::DataDir;

pub enum Claim {
    /// This start is the vault's window; keep the value until quit.
    First(Instance),
    /// Another start holds the vault and was asked to show its window.
    Taken,
}

pub struct Instance {
    /// Locked while it is open. `None` without a folder in memory: no guard then.
    file: Option<(File, PathBuf)>,
}

/// Claims `dir` for this process, in the user's folder in memory (`memory::base`).
pub fn claim(dir: &DataDir) -> io::Result<Claim> {
    match crate::memory::base() {
        Some(base) => claim_at(&dir.memory_folder(&base, "instance")),
        None => Ok(Claim::First(Instance { file: None })),
    }
}

fn claim_at(path: &Path) -> io::Result<Claim> {
    let mut file = OpenOptions::new().read(true).append(true).create(true).mode(0o600).open(path)?;
    match file.try_lock() {
        Ok(()) => Ok(Claim::First(Instance { file: Some((file, path.to_path_buf())) })),
        Err(TryLockError::WouldBlock) => {
            // What is written does not matter: the change is the request.
            writeln!(file, "show")?;
            Ok(Claim::Taken)
        }
        Err(TryLockError::Error(e)) => Err(e),
    }
}

impl Instance {
    /// Calls `show` each time another start asks for this window. Call on the main thread.
    #[cfg(target_os = "linux")]
    pub fn on_show_requested(&self, show: impl Fn() + 'static) {
        use gio::prelude::*;
        let Some((_, path)) = &self.file else { return };
        let Ok(monitor) =
            gio::File::for_path(path).monitor_file(gio::FileMonitorFlags::NONE, None::<&gio::Cancellable>)
        else {
            return;
        };
        monitor.connect_changed(move |_, _, _, event| {
            if event == gio::FileMonitorEvent::ChangesDoneHint {
                show();
            }
        });
        // The monitor lives as long as the app.
        std::mem::forget(monitor);
    }

    #[cfg(not(target_os = "linux"))]
    pub fn on_show_requested(&self, _show: impl Fn() + 'static) {}

    /// At quit: the file goes; the lock goes with the process.
    pub fn release(&self) {
        if let Some((_, path)) = &self.file {
            let _ = fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_on_the_same_vault_is_refused_until_the_first_ends() {
        let base = tempfile::tempdir().expect("temp dir");
        let path = base.path().join("confidant-instance-test");
        let Claim::First(first) = claim_at(&path).expect("first claim") else { panic!("the first claim was refused") };
        assert!(matches!(claim_at(&path).expect("second claim"), Claim::Taken));
        assert_eq!(fs::read_to_string(&path).expect("request"), "show\n", "the second start asks to be shown");

        first.release();
        drop(first);
        assert!(!path.exists(), "the file outlived the quit");
        assert!(matches!(claim_at(&path).expect("claim after quit"), Claim::First(_)));
    }
}

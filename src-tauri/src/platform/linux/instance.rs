//! One window per vault. A second start on the same data folder would wipe the first one's print
//! spool and folders in memory, and two windows would each hold the vault open; instead the
//! second start asks the first to come to the front and ends.
//!
//! The claim is an advisory lock on a file in the data folder itself (`DataDir::instance_lock`),
//! which the kernel releases when the process ends, crash or not. Every process that could open
//! the vault sees that file, whatever its `$XDG_RUNTIME_DIR` (another login, `sudo -u`, a
//! sandbox). A second start appends a line to it (a few bytes, and nothing else is ever written
//! there); the first watches it and shows its window. The file stays between starts: removing it
//! at quit would let a start that opened it just before lock the removed file while a third
//! locks a new one.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use confidant_core::paths::DataDir;

pub enum Claim {
    /// This start is the vault's window; keep the value until quit.
    First(Instance),
    /// Another start holds the vault and was asked to show its window.
    Taken,
}

pub struct Instance {
    /// Locked while the app runs: held, never read.
    _lock: File,
    path: PathBuf,
}

/// Claims `dir` for this process, making the data folder (owner-only) if it is not there yet.
pub fn claim(dir: &DataDir) -> io::Result<Claim> {
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir.root())?;
    claim_at(&dir.instance_lock())
}

fn claim_at(path: &Path) -> io::Result<Claim> {
    let mut file = OpenOptions::new().read(true).append(true).create(true).mode(0o600).open(path)?;
    match file.try_lock() {
        Ok(()) => Ok(Claim::First(Instance { _lock: file, path: path.to_path_buf() })),
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
    pub fn on_show_requested(&self, show: impl Fn() + 'static) {
        use gio::prelude::*;
        let Ok(monitor) =
            gio::File::for_path(&self.path).monitor_file(gio::FileMonitorFlags::NONE, None::<&gio::Cancellable>)
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_on_the_same_vault_is_refused_until_the_first_ends() {
        let base = tempfile::tempdir().expect("temp dir");
        let path = base.path().join("instance.lock");
        let Claim::First(first) = claim_at(&path).expect("first claim") else { panic!("the first claim was refused") };
        assert!(matches!(claim_at(&path).expect("second claim"), Claim::Taken));
        assert_eq!(fs::read_to_string(&path).expect("request"), "show\n", "the second start asks to be shown");

        drop(first);
        assert!(matches!(claim_at(&path).expect("claim after quit"), Claim::First(_)));
    }

    #[test]
    fn the_claim_is_held_in_the_data_folder_whatever_the_folder_in_memory() {
        let data = tempfile::tempdir().expect("temp dir");
        let (one, two) = (tempfile::tempdir().expect("memory"), tempfile::tempdir().expect("memory"));
        let first_login = DataDir::new(data.path().join("confidant")).with_memory(Some(one.path().to_path_buf()));
        let second_login = DataDir::new(data.path().join("confidant")).with_memory(Some(two.path().to_path_buf()));

        let Claim::First(_first) = claim(&first_login).expect("first claim") else {
            panic!("the first claim was refused")
        };
        assert!(
            matches!(claim(&second_login).expect("second claim"), Claim::Taken),
            "a start with another folder in memory opened the same vault a second time"
        );
        assert!(first_login.instance_lock().starts_with(data.path()));
    }
}

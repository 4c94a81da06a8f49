//! Where the app keeps files that must not reach the disk: the user's own folder in memory.

use std::path::PathBuf;

/// `$XDG_RUNTIME_DIR` (made in memory at login, for this user only), else `/dev/shm`.
pub fn base() -> Option<PathBuf> {
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute() && dir.is_dir())
        .or_else(|| Some(PathBuf::from("/dev/shm")).filter(|dir| dir.is_dir()))
}

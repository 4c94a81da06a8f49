//! The one place that decides where Confidant keeps files.
//!
//! `CONFIDANT_DATA_DIR` redirects everything (tests always set it to a temporary directory).
//! What must never reach the disk (printed documents, the web view's files, the spell checker's
//! word list) goes to the user's folder in memory instead, see [`memory_base`].

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub const DATA_DIR_ENV: &str = "CONFIDANT_DATA_DIR";

/// The user's own folder in memory: `$XDG_RUNTIME_DIR` (made in memory at login, for this user
/// only), else `/dev/shm`; `None` where there is neither (then the data folder has to do).
pub fn memory_base() -> Option<PathBuf> {
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute() && dir.is_dir())
        .or_else(|| Some(PathBuf::from("/dev/shm")).filter(|dir| dir.is_dir()))
}

/// Every file of one vault lives under this directory, except those kept in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
    /// The user's folder in memory, when the app has one (see [`memory_base`]).
    memory: Option<PathBuf>,
}

impl DataDir {
    /// Everything under `root`, the print spool too (headless commands and tests).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into(), memory: None }
    }

    /// The same data folder, with `memory` (a folder in memory) for what must not reach the disk.
    pub fn with_memory(self, memory: Option<PathBuf>) -> Self {
        Self { memory, ..self }
    }

    /// `CONFIDANT_DATA_DIR` if set, otherwise the platform's data directory
    /// (`$XDG_DATA_HOME/confidant`, usually `~/.local/share/confidant` on Linux); with the
    /// user's folder in memory.
    pub fn from_env() -> Option<Self> {
        let dir = match std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
            Some(dir) => Self::new(dir),
            None => Self::platform_default()?,
        };
        Some(dir.with_memory(memory_base()))
    }

    pub fn platform_default() -> Option<Self> {
        dirs::data_dir().map(|d| Self::new(d.join("confidant")))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn database(&self) -> PathBuf {
        self.root.join("vault.db")
    }

    pub fn key_file(&self) -> PathBuf {
        self.root.join("vault.key")
    }

    /// The user's folder in memory, if there is one.
    pub fn memory(&self) -> Option<&Path> {
        self.memory.as_deref()
    }

    /// The audit trail's newest entry as Confidant last left it (see `vault::anchor`).
    pub fn anchor_file(&self) -> PathBuf {
        self.root.join("vault.anchor")
    }

    /// The times of recent wrong passphrases, so that a restart keeps the unlock delay.
    pub fn unlock_failures(&self) -> PathBuf {
        self.root.join("unlock-failures.json")
    }

    /// Where PDFs wait for the system viewer; wiped on lock, start and quit. In memory when
    /// there is a folder in memory: a crash or a power cut then leaves nothing of them on disk.
    pub fn spool(&self) -> PathBuf {
        match &self.memory {
            Some(base) => self.memory_folder(base, "spool"),
            None => self.disk_spool(),
        }
    }

    /// Whether [`spool`](Self::spool) is in memory (Settings says so when it is not).
    pub fn spool_in_memory(&self) -> bool {
        self.memory.is_some()
    }

    /// The spool's place in the data folder: used only without a folder in memory, and where
    /// versions before the spool moved to memory kept it (wiped and removed at start).
    pub fn disk_spool(&self) -> PathBuf {
        self.root.join("spool")
    }

    /// The file a running app holds locked, so that a second one on the same vault stands back.
    /// In the data folder itself: every process that could open the vault sees the same file,
    /// whatever its folder in memory.
    pub fn instance_lock(&self) -> PathBuf {
        self.root.join("instance.lock")
    }

    /// This vault's private folder for `purpose` under `base` (a folder in memory): one per data
    /// folder, so a second vault elsewhere has its own, and leftovers after a crash are found
    /// again at the next start. The name says nothing about the vault but a hash of where it is.
    pub fn memory_folder(&self, base: &Path, purpose: &str) -> PathBuf {
        let digest = Sha256::digest(self.root.as_os_str().as_encoded_bytes());
        base.join(format!("confidant-{purpose}-{}", &hex::encode(digest)[..16]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spool_is_in_memory_when_there_is_a_folder_in_memory_and_in_the_data_folder_otherwise() {
        let on_disk = DataDir::new("/home/t/.local/share/confidant");
        assert_eq!(on_disk.spool(), Path::new("/home/t/.local/share/confidant/spool"));
        assert!(!on_disk.spool_in_memory());

        let in_memory = on_disk.clone().with_memory(Some(PathBuf::from("/run/user/1000")));
        assert!(in_memory.spool_in_memory());
        assert!(in_memory.spool().starts_with("/run/user/1000"), "{:?}", in_memory.spool());
        assert!(!in_memory.spool().starts_with(in_memory.root()), "the spool must not be in the data folder");
        assert_eq!(in_memory.disk_spool(), on_disk.spool(), "where an earlier version left it");
    }

    #[test]
    fn each_data_folder_has_its_own_spool_in_memory_named_without_anything_personal() {
        let base = PathBuf::from("/run/user/1000");
        let first = DataDir::new("/home/t/Maya Canary vault").with_memory(Some(base.clone()));
        let second = DataDir::new("/home/t/other").with_memory(Some(base));
        assert_ne!(first.spool(), second.spool());
        let name = first.spool().file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        assert!(name.starts_with("confidant-spool-") && !name.contains("Maya"), "{name}");
    }
}

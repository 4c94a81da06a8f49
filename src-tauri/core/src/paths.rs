//! The one place that decides where Confidant keeps files.
//!
//! `CONFIDANT_DATA_DIR` redirects everything (tests always set it to a temporary directory).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub const DATA_DIR_ENV: &str = "CONFIDANT_DATA_DIR";

/// Every file of one vault lives under this directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// `CONFIDANT_DATA_DIR` if set, otherwise the platform's data directory
    /// (`$XDG_DATA_HOME/confidant`, usually `~/.local/share/confidant` on Linux).
    pub fn from_env() -> Option<Self> {
        if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
            return Some(Self::new(dir));
        }
        Self::platform_default()
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

    /// The times of recent wrong passphrases, so that a restart keeps the unlock delay.
    pub fn unlock_failures(&self) -> PathBuf {
        self.root.join("unlock-failures.json")
    }

    /// Where PDFs wait for the system viewer; wiped on lock, start and quit.
    pub fn spool(&self) -> PathBuf {
        self.root.join("spool")
    }

    /// This vault's private folder for `purpose` under `base` (a folder in memory): one per data
    /// folder, so a second vault elsewhere has its own, and leftovers after a crash are found
    /// again at the next start. The name says nothing about the vault but a hash of where it is.
    pub fn memory_folder(&self, base: &Path, purpose: &str) -> PathBuf {
        let digest = Sha256::digest(self.root.as_os_str().as_encoded_bytes());
        base.join(format!("confidant-{purpose}-{}", &hex::encode(digest)[..16]))
    }
}

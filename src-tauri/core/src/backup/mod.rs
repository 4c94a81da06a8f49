//! Backups (docs/DOMAIN.md section 9): one file per backup in the open `age` format holding a plain
//! SQLite image of the vault and a manifest, so that the therapist can recover with the standard
//! `age` and `sqlite3` tools even without Confidant. The layout is in [`format`] and in
//! DEVELOPMENT.md ("Backups").
//!
//! - [`create_backup`]: a manual backup under a passphrase; [`auto::create_auto_backup`]: an
//!   automatic one readable with the recovery key. Both are written atomically and verified.
//! - [`verify`]: decrypts, checks the checksum, opens the image, checks it, counts records.
//! - [`restore::restore_into_new`] and [`restore::prepare_replacement`]: a backup becomes a
//!   vault again, with a fresh data key and key file.
//!
//! The plain image exists only in memory: it is exported inside SQLCipher into an attached
//! in-memory database and encrypted on its way to the file.

pub mod auto;
pub mod create;
pub mod format;
pub mod restore;
pub mod verify;

use serde::Serialize;
use ts_rs::TS;

use crate::error::{ApiError, ErrorCode, VaultError};
use crate::secret::{Passphrase, RecoveryKey};

pub use create::{create_backup, default_file_name};
pub use format::BackupKind;
pub use verify::verify;

/// What opens a backup: the passphrase chosen for a manual one, or the recovery key for an
/// automatic one.
#[derive(Debug)]
pub enum BackupKey {
    Passphrase(Passphrase),
    RecoveryKey(RecoveryKey),
}

impl BackupKey {
    /// What the therapist typed, read as the kind of key this backup needs: a passphrase for a
    /// manual backup, the recovery key (groups of four characters) for an automatic one.
    pub fn for_file(path: &std::path::Path, typed: String) -> Result<Self, BackupError> {
        match verify::peek_kind(path)? {
            BackupKind::Manual => Ok(Self::Passphrase(Passphrase::new(typed))),
            BackupKind::Automatic => {
                let key = RecoveryKey::parse(&typed).map_err(|_| BackupError::WrongRecoveryKey);
                drop(zeroize::Zeroizing::new(typed));
                Ok(Self::RecoveryKey(key?))
            }
        }
    }
}

/// What a backup holds, shown before restoring it. No client data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupSummary {
    /// When the backup was made (RFC 3339, UTC).
    pub created_at: String,
    pub kind: BackupKind,
    pub app_version: String,
    pub format_version: u32,
    pub schema_version: i64,
    pub clients: u64,
    pub notes: u64,
    /// Size of the database inside, in bytes.
    pub database_bytes: u64,
}

/// Everything that can go wrong with a backup. Each message is for the therapist, says what
/// happened and that nothing was changed, and never names a client or a path.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("That passphrase does not open this backup. Nothing was changed.")]
    WrongPassphrase,
    #[error("That recovery key does not open this backup. Nothing was changed.")]
    WrongRecoveryKey,
    #[error("This is an automatic backup: it opens with your recovery key, not a passphrase.")]
    NeedsRecoveryKey,
    #[error("This backup was made by hand: it opens with the passphrase chosen for it, not the recovery key.")]
    NeedsPassphrase,
    #[error("This file is not a Confidant backup. Nothing was changed.")]
    NotABackup,
    #[error("This backup is incomplete: the file was cut short, perhaps while it was copied. Nothing was changed.")]
    Truncated,
    #[error("This backup is damaged ({0}) and cannot be used. Nothing was changed.")]
    Damaged(&'static str),
    #[error("This backup's checksum does not match its database: it cannot be trusted. Nothing was changed.")]
    ChecksumMismatch,
    #[error(
        "This backup was made by a newer version of Confidant ({what} {found}). Please update Confidant to restore it."
    )]
    TooNew { what: &'static str, found: i64 },
    #[error("This backup asks for far more work to open than Confidant allows (work factor {found}, at most {cap}); it was not made by Confidant. Nothing was changed.")]
    WorkFactorTooHigh { found: u8, cap: u8 },
    #[error("The disk is full: the backup was not saved and no partial file was left. The vault is unchanged.")]
    DiskFull,
    #[error("Automatic backups need your recovery key once: enter it from your recovery sheet to turn them on.")]
    AutomaticNotSetUp,
    #[error("Replacing the current vault needs your confirmation. Nothing was changed.")]
    NotConfirmed,
    #[error("There is no replaced vault waiting here.")]
    NothingReplaced,
    #[error("Confidant could not read or write the backup file: {0}.")]
    Io(std::io::ErrorKind),
    #[error("{0}")]
    Vault(#[from] VaultError),
    #[error("Confidant could not make the backup because of an internal error. Nothing was changed.")]
    Internal,
}

impl BackupError {
    /// An error reading the decrypted payload: the stream is authenticated chunk by chunk, so a
    /// failure is truncation (the end is missing) or damage (a chunk does not authenticate).
    fn from_payload(error: std::io::Error) -> Self {
        match error.kind() {
            std::io::ErrorKind::UnexpectedEof => Self::Truncated,
            std::io::ErrorKind::InvalidData => Self::Damaged(format::NOT_AUTHENTIC),
            kind => Self::Io(kind),
        }
    }

    /// A write error, with disk full told apart.
    fn from_write(error: std::io::Error) -> Self {
        const ENOSPC: i32 = 28;
        if error.kind() == std::io::ErrorKind::StorageFull
            || error.kind() == std::io::ErrorKind::QuotaExceeded
            || error.raw_os_error() == Some(ENOSPC)
        {
            Self::DiskFull
        } else {
            Self::Io(error.kind())
        }
    }
}

impl From<std::io::Error> for BackupError {
    fn from(error: std::io::Error) -> Self {
        Self::from_write(error)
    }
}

impl From<rusqlite::Error> for BackupError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Vault(error.into())
    }
}

impl From<BackupError> for ApiError {
    fn from(error: BackupError) -> Self {
        if let BackupError::Vault(inner) = error {
            return inner.into();
        }
        let code = match &error {
            BackupError::NeedsRecoveryKey | BackupError::NeedsPassphrase | BackupError::NotConfirmed => {
                ErrorCode::InvalidInput
            }
            _ => ErrorCode::Other,
        };
        ApiError::new(code, error.to_string())
    }
}

//! Errors: specific enums inside the core, one `{code, message}` shape at the boundary.
//!
//! Messages are written for the therapist and never carry client data: lower-level errors
//! (SQLite, I/O) are logged nowhere and reach the UI only as a generic sentence.

use serde::Serialize;
use ts_rs::TS;

use crate::secret::RecoveryKeyError;

/// The codes the page branches on; any other failure is `Other`, and the page shows its message.
/// Add a code only when the page branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The vault is locked: the page shows the unlock screen (`ui/src/lib/api/invoke.ts`).
    Locked,
    /// Something she typed: `fields` names each field that needs attention, shown beside it.
    InvalidInput,
    /// Probably the same person as a client already in the register: the UI asks, then saves
    /// again with `confirm_duplicate`.
    Duplicate,
    /// A client's first note with no signed informed consent: the UI asks, then creates the
    /// note again with the therapist's reason.
    ConsentMissing,
    /// Anything else (a wrong passphrase, a damaged file, something gone meanwhile...): the
    /// message says what happened and what she can do.
    Other,
}

/// What every command returns on failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// For `invalid_input` on a form: every field that needs attention, for inline messages.
    pub fields: Vec<FieldError>,
}

/// One problem with one field of a form: which field (its camelCase path, e.g.
/// `contact.email`) and a sentence for the therapist. Never echoes the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }

    /// One sentence for a list of field problems: the problem itself when there is one.
    pub fn summary(problems: &[FieldError]) -> String {
        match problems {
            [one] => one.message.clone(),
            _ => format!("{} details need attention before this can be saved.", problems.len()),
        }
    }
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), fields: Vec::new() }
    }

    pub fn with_fields(mut self, fields: Vec<FieldError>) -> Self {
        self.fields = fields;
        self
    }

    pub fn locked() -> Self {
        Self::new(ErrorCode::Locked, "The vault is locked.")
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// Everything that can go wrong opening, unlocking or changing a vault.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("There is no vault here yet.")]
    NoVault,
    #[error("A vault already exists here; Confidant will not overwrite it.")]
    VaultExists,
    #[error("The vault is locked.")]
    Locked,
    #[error("That passphrase did not open this vault.")]
    WrongPassphrase,
    #[error(
        "Too many wrong passphrases: please wait {seconds} seconds, then try again. This attempt was not checked."
    )]
    TooManyAttempts { seconds: u64 },
    #[error("That recovery key did not open this vault.")]
    WrongRecoveryKey,
    #[error("That custodian key does not open this vault: it may have been replaced or revoked.")]
    WrongCustodianKey,
    /// Opened with the custodian key: the records stay as the therapist left them (docs/DOMAIN.md 13).
    #[error("The vault was opened by the records custodian, who cannot {0}.")]
    CustodianMode(&'static str),
    #[error("{0}")]
    RecoveryKeyFormat(#[from] RecoveryKeyError),
    #[error("{0}")]
    WeakPassphrase(String),
    #[error("The two passphrases are not the same.")]
    ConfirmationMismatch,
    #[error("{0}")]
    InvalidInput(String),
    #[error("The vault's key file is damaged or not a Confidant key file ({0}). Nothing was changed.")]
    KeyFile(&'static str),
    #[error("The vault database could not be opened safely ({0}). Nothing was changed.")]
    Database(&'static str),
    #[error("This vault was written by a newer version of Confidant (schema {found}, this version knows {known}). Please update Confidant.")]
    TooNew { found: i64, known: i64 },
    #[error("The vault's structure does not match this version of Confidant (migration {0} was changed).")]
    MigrationEdited(i64),
    /// The vault's history was changed outside Confidant (a chain, a guard or the anchor).
    #[error(
        "This vault was changed outside Confidant. {0} Confidant will not open it and has changed nothing: keep \
         the folder as it is. A backup made before the change can be restored into a new vault; the command \
         \"confidant verify\" lists everything it finds."
    )]
    Altered(String),
    #[error("Confidant could not read or write the vault files: {0}.")]
    Io(std::io::ErrorKind),
    #[error("Confidant could not read or write the vault.")]
    Sql(#[from] rusqlite::Error),
    #[error("{0}")]
    Document(#[from] crate::forms::FormsError),
}

impl From<std::io::Error> for VaultError {
    fn from(error: std::io::Error) -> Self {
        // Only the kind: an io::Error can carry a path.
        Self::Io(error.kind())
    }
}

impl From<VaultError> for ApiError {
    fn from(error: VaultError) -> Self {
        let code = match &error {
            VaultError::Locked => ErrorCode::Locked,
            VaultError::ConfirmationMismatch | VaultError::InvalidInput(_) => ErrorCode::InvalidInput,
            _ => ErrorCode::Other,
        };
        ApiError::new(code, error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_errors_reach_the_ui_without_their_detail() {
        let sql = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(19),
            Some("UNIQUE constraint failed: clients.name 'Jane Canary'".into()),
        );
        let api: ApiError = VaultError::from(sql).into();
        assert_eq!(api.code, ErrorCode::Other);
        assert!(!api.message.contains("Canary"), "detail leaked: {}", api.message);
    }

    #[test]
    fn io_errors_keep_only_their_kind() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "/home/t/Jane Canary.pdf");
        let api: ApiError = VaultError::from(io).into();
        assert!(!api.message.contains("Canary"));
        assert_eq!(api.code, ErrorCode::Other);
    }
}

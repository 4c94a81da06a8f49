//! Printing or saving the recovery sheet: only possible between vault creation and the
//! therapist confirming she kept it, since the recovery key is not stored anywhere readable.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::audit::AuditEvent;
use crate::backup;
use crate::error::VaultError;
use crate::forms::{self, Paper, Spool};
use crate::vault::Session;

/// `recovery-sheet-2026-11-27.pdf`: a date, never anything personal.
pub fn file_name(date: NaiveDate) -> String {
    format!("recovery-sheet-{}.pdf", date.format("%Y-%m-%d"))
}

fn render(session: &Session) -> Result<(Vec<u8>, NaiveDate), VaultError> {
    let key = session.pending_recovery_key().ok_or_else(|| {
        VaultError::InvalidInput(
            "The recovery key is shown only once, when the vault is created; it can no longer be printed.".into(),
        )
    })?;
    let today = chrono::Local::now().date_naive();
    let identity =
        backup::format::automatic_identity(key).map_err(|_| VaultError::Database("key derivation failed"))?;
    let identity = age::secrecy::ExposeSecret::expose_secret(&identity.to_string()).to_string();
    let identity = zeroize::Zeroizing::new(identity);
    Ok((forms::render_recovery_sheet(&key.expose_grouped(), &identity, today, Paper::default())?, today))
}

/// Writes the sheet to the private spool and opens it in the system viewer.
pub fn print(session: &Session) -> Result<PathBuf, VaultError> {
    let (pdf, today) = render(session)?;
    let path = Spool::new(session.data_dir().spool())?.write(&file_name(today), &pdf)?;
    session.record(AuditEvent::RecoverySheetPrinted, "")?;
    forms::open_in_viewer(&path)?;
    Ok(path)
}

/// Writes the sheet where the therapist chose.
pub fn save_as(session: &Session, path: &Path) -> Result<(), VaultError> {
    let (pdf, _) = render(session)?;
    forms::save_as(path, &pdf)?;
    session.record(AuditEvent::RecoverySheetSaved, "")
}

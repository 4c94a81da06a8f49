//! The audit trail: what happened to the vault, hash-chained, never any note content or secret.
//!
//! Each entry's hash covers its sequence number, time, event, detail and the previous entry's
//! hash, so removing, editing or reordering a row breaks the chain at that row.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::error::VaultError;

/// Every kind of entry. The stored names are stable: never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditEvent {
    VaultCreated,
    Unlocked,
    UnlockFailed,
    Locked,
    PassphraseChanged,
    Recovered,
    RecoverySheetPrinted,
    RecoverySheetSaved,
    RecoverySheetConfirmed,
    RecoveryKeyReplaced,
    SettingChanged,
    /// A client's record destroyed after its retention date. Detail: code and date only.
    RecordDestroyed,
    /// Clients imported from a file. Detail: the count only.
    ClientsImported,
    /// A note signed (locked). Detail: the note id only.
    NoteSigned,
    /// An addendum added under a signed note. Detail: the note and addendum ids only.
    AddendumAdded,
    /// A note's disclosure status changed. Detail: note id, client code, old and new status.
    NoteStatusChanged,
    /// A backup written. Detail: kind and counts only, never a path.
    BackupCreated,
    /// A backup read back and checked after writing. Detail: its kind.
    BackupVerified,
    /// This vault was restored from a backup. Detail: the backup's date and app version.
    Restored,
    /// Old automatic backups removed by rotation. Detail: the count.
    BackupsRotated,
    /// The vault replaced by a restore, kept aside until now, removed.
    ReplacedVaultRemoved,
    /// Automatic backups given their keys (from the recovery key).
    AutomaticBackupsSetUp,
    /// The practice profile saved. No detail.
    PracticeProfileChanged,
    /// A form template saved as a new version. Detail: form kind and version.
    FormChanged,
    /// A signed consent recorded. Detail: client id, form kind and version.
    ConsentSigned,
    /// Forms printed through the private spool. Detail: client id, form kinds and versions.
    FormsPrinted,
    /// Forms saved to a file she chose. Detail: client id, form kinds and versions.
    FormsSaved,
    /// A first note written without a signed informed consent. Detail: client id and the reason
    /// she gave (the one entry whose detail she types: the rule asks for her reason on record).
    ConsentWarningOverridden,
    /// An authorization recorded, corrected, signed, ended or deleted. Detail: client id,
    /// authorization id and what happened.
    AuthorizationChanged,
    /// A disclosure ledger entry written. Detail: client id, entry number, kind and hash (the
    /// anchor that lets the ledger check see entries removed from its end).
    DisclosureRecorded,
    /// A legal hold placed on a record. Detail: client id, hold id and its kind of reason.
    LegalHoldPlaced,
    /// A legal hold lifted. Detail: client id and hold id.
    LegalHoldLifted,
    /// A subpoena or discovery request recorded. Detail: client id and subpoena id.
    SubpoenaRecorded,
    /// A step taken on a subpoena (client told, privilege asserted, response...). Detail: client
    /// id, subpoena id and the step.
    SubpoenaStepRecorded,
    /// The retention policy changed. Detail: the years, and her reason when below the defaults.
    RetentionPolicyChanged,
    /// A day sheet printed. Detail: the day, how many appointments, whether names were printed.
    DaySheetPrinted,
    /// The schedule exported as a calendar file. Detail: first day, weeks, how many
    /// appointments, codes or initials.
    ScheduleExported,
    /// The vault opened by the records custodian. Detail: `custodian_key` or
    /// `custodian_passphrase`.
    CustodianUnlocked,
    /// A custodian key issued. Detail: `first` or `replaced`.
    CustodianKeyIssued,
    /// The custodian key revoked.
    CustodianKeyRevoked,
    /// The custodian set her own passphrase for the custodian slot.
    CustodianPassphraseSet,
    /// The professional will's details saved. No detail.
    ProfessionalWillChanged,
    /// The income exported for her accountant. Detail: the dates and how many rows.
    IncomeExported,
}

impl AuditEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VaultCreated => "vault_created",
            Self::Unlocked => "unlocked",
            Self::UnlockFailed => "unlock_failed",
            Self::Locked => "locked",
            Self::PassphraseChanged => "passphrase_changed",
            Self::Recovered => "recovered_with_recovery_key",
            Self::RecoverySheetPrinted => "recovery_sheet_printed",
            Self::RecoverySheetSaved => "recovery_sheet_saved",
            Self::RecoverySheetConfirmed => "recovery_sheet_confirmed",
            Self::RecoveryKeyReplaced => "recovery_key_replaced",
            Self::SettingChanged => "setting_changed",
            Self::RecordDestroyed => "record_destroyed",
            Self::ClientsImported => "clients_imported",
            Self::NoteSigned => "note_signed",
            Self::AddendumAdded => "addendum_added",
            Self::NoteStatusChanged => "note_status_changed",
            Self::BackupCreated => "backup_created",
            Self::BackupVerified => "backup_verified",
            Self::Restored => "restored_from_backup",
            Self::BackupsRotated => "backups_rotated",
            Self::ReplacedVaultRemoved => "replaced_vault_removed",
            Self::AutomaticBackupsSetUp => "automatic_backups_set_up",
            Self::PracticeProfileChanged => "practice_profile_changed",
            Self::FormChanged => "form_changed",
            Self::ConsentSigned => "consent_signed",
            Self::FormsPrinted => "forms_printed",
            Self::FormsSaved => "forms_saved",
            Self::ConsentWarningOverridden => "consent_warning_overridden",
            Self::AuthorizationChanged => "authorization_changed",
            Self::DisclosureRecorded => "disclosure_recorded",
            Self::LegalHoldPlaced => "legal_hold_placed",
            Self::LegalHoldLifted => "legal_hold_lifted",
            Self::SubpoenaRecorded => "subpoena_recorded",
            Self::SubpoenaStepRecorded => "subpoena_step_recorded",
            Self::RetentionPolicyChanged => "retention_policy_changed",
            Self::DaySheetPrinted => "day_sheet_printed",
            Self::ScheduleExported => "schedule_exported",
            Self::CustodianUnlocked => "custodian_unlocked",
            Self::CustodianKeyIssued => "custodian_key_issued",
            Self::CustodianKeyRevoked => "custodian_key_revoked",
            Self::CustodianPassphraseSet => "custodian_passphrase_set",
            Self::ProfessionalWillChanged => "professional_will_changed",
            Self::IncomeExported => "income_exported",
        }
    }
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Appends one entry at `at`. `detail` is for codes and counts, never for client data.
pub fn append_at(conn: &Connection, event: AuditEvent, detail: &str, at: DateTime<Utc>) -> Result<(), VaultError> {
    let (last_seq, prev_hash) = head(conn)?;
    let seq = last_seq + 1;
    let at = at.to_rfc3339_opts(SecondsFormat::Millis, true);
    let hash = entry_hash(seq, &at, event.as_str(), detail, &prev_hash);
    conn.execute(
        "INSERT INTO audit (seq, at, event, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![seq, at, event.as_str(), detail, prev_hash, hash],
    )?;
    Ok(())
}

pub fn append(conn: &Connection, event: AuditEvent, detail: &str) -> Result<(), VaultError> {
    append_at(conn, event, detail, Utc::now())
}

fn entry_hash(seq: i64, at: &str, event: &str, detail: &str, prev_hash: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [seq.to_string().as_str(), at, event, detail, prev_hash] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainCheck {
    Intact {
        entries: i64,
    },
    /// The first entry (by sequence number) where the chain no longer holds.
    BrokenAt {
        seq: i64,
    },
}

pub fn verify(conn: &Connection) -> Result<ChainCheck, VaultError> {
    let mut stmt = conn.prepare("SELECT seq, at, event, detail, prev_hash, hash FROM audit ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_string();
    let mut expected_seq = 1;
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        let (at, event, detail): (String, String, String) = (row.get(1)?, row.get(2)?, row.get(3)?);
        let (prev_hash, hash): (String, String) = (row.get(4)?, row.get(5)?);
        if seq != expected_seq
            || prev_hash != expected_prev
            || entry_hash(seq, &at, &event, &detail, &prev_hash) != hash
        {
            return Ok(ChainCheck::BrokenAt { seq: expected_seq.min(seq) });
        }
        expected_prev = hash;
        expected_seq += 1;
    }
    Ok(ChainCheck::Intact { entries: expected_seq - 1 })
}

/// The newest entry's number and hash (0 and the genesis hash for an empty trail).
pub fn head(conn: &Connection) -> Result<(i64, String), VaultError> {
    Ok(conn
        .query_row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string())))
}

/// The stored hash of entry `seq`, if the trail has it.
pub fn hash_of(conn: &Connection, seq: i64) -> Result<Option<String>, VaultError> {
    if seq == 0 {
        return Ok(Some(GENESIS.to_string()));
    }
    Ok(conn.query_row("SELECT hash FROM audit WHERE seq = ?1", [seq], |r| r.get(0)).optional()?)
}

/// Events, newest first, for display and tests.
pub fn recent(conn: &Connection, limit: i64) -> Result<Vec<(String, String, String)>, VaultError> {
    let mut stmt = conn.prepare("SELECT at, event, detail FROM audit ORDER BY seq DESC LIMIT ?1")?;
    let rows = stmt.query_map([limit], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trail(entries: usize) -> Connection {
        let mut conn = Connection::open_in_memory().expect("db");
        crate::vault::migrations::apply(&mut conn).expect("schema");
        for i in 0..entries {
            append(&conn, AuditEvent::Unlocked, &format!("n={i}")).expect("append");
        }
        conn
    }

    #[test]
    fn an_untouched_trail_is_intact() {
        assert_eq!(verify(&trail(5)).expect("verify"), ChainCheck::Intact { entries: 5 });
    }

    /// A trail whose append-only guards were dropped, as someone holding the key could.
    fn unguarded_trail(entries: usize) -> Connection {
        let conn = trail(entries);
        conn.execute_batch("DROP TRIGGER audit_is_append_only; DROP TRIGGER audit_is_kept;").expect("drop guards");
        conn
    }

    #[test]
    fn editing_deleting_or_reordering_a_row_is_detected() {
        let edited = unguarded_trail(5);
        edited.execute("UPDATE audit SET detail = 'x' WHERE seq = 3", []).expect("edit");
        assert_eq!(verify(&edited).expect("verify"), ChainCheck::BrokenAt { seq: 3 });

        let deleted = unguarded_trail(5);
        deleted.execute("DELETE FROM audit WHERE seq = 2", []).expect("delete");
        assert_eq!(verify(&deleted).expect("verify"), ChainCheck::BrokenAt { seq: 2 });

        let truncated_head = unguarded_trail(5);
        truncated_head.execute("DELETE FROM audit WHERE seq = 1", []).expect("delete");
        assert_eq!(verify(&truncated_head).expect("verify"), ChainCheck::BrokenAt { seq: 1 });

        let reordered = unguarded_trail(5);
        reordered
            .execute_batch("UPDATE audit SET seq = 100 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = 100;")
            .expect("swap");
        assert_eq!(verify(&reordered).expect("verify"), ChainCheck::BrokenAt { seq: 2 });
    }
}

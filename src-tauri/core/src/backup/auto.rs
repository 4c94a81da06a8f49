//! Automatic backups: at most one a day to a folder she chose, without a prompt, readable with
//! the recovery key; 30 daily and 12 monthly copies are kept.
//!
//! Keys: each automatic backup has two age X25519 recipients.
//! 1. The recovery recipient, derived from the recovery key alone
//!    ([`format::automatic_identity`]), so the recovery sheet opens the backup without Confidant
//!    or the vault. The vault stores only its public half, taken while the recovery key is at
//!    hand (at creation, or typed once from the sheet).
//! 2. A fresh identity made for this backup alone, so that Confidant can read back and verify
//!    what it just wrote; it is forgotten once the backup is verified. Nothing that opens a
//!    backup is ever stored in the vault, so no backup image holds a key to another backup.
//!
//! 3. Once she issues a custodian key (docs/DOMAIN.md section 13), the custodian's recipient too,
//!    derived the same way from that key and stored (public half only) with a fingerprint of
//!    the key file's custodian slot: a replaced or revoked custodian key no longer matches, so
//!    no later backup is encrypted to it.
//!
//! If the recovery key is replaced, the stored recipient no longer matches the key file and
//! automatic backups stop with a clear message until the new key is at hand; from then on only
//! the new sheet opens them.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Local, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::format::{self, BackupKind};
use super::verify;
use super::{create, BackupError, BackupSummary};
use crate::audit::{self, AuditEvent};
use crate::secret::{CustodianKey, RecoveryKey};
use crate::vault::keyfile::KeyFile;
use crate::vault::{PassphraseChecked, Session};

const RECIPIENT_KEY: &str = "backup.auto_recipient";
const KEY_CHECK_KEY: &str = "backup.auto_key_check";
const CUSTODIAN_RECIPIENT_KEY: &str = "backup.auto_custodian_recipient";
const CUSTODIAN_CHECK_KEY: &str = "backup.auto_custodian_check";
const LAST_AUTO_KEY: &str = "backup.auto_last_at";
const FOLDER_KEY: &str = "backup.auto_folder";
// Not under `backup.auto`: a restore forgets those keys but keeps this preference.
const REMIND_KEY: &str = "backup.remind_after_days";
/// The home screen reminds her after this many days without a verified backup (docs/DOMAIN.md 9).
pub const REMIND_AFTER_DAYS_DEFAULT: u32 = 7;
pub const REMIND_AFTER_DAYS_RANGE: std::ops::RangeInclusive<u32> = 1..=90;
pub const KEEP_DAILY: usize = 30;
pub const KEEP_MONTHLY: usize = 12;
const PREFIX: &str = "confidant-auto-";
const SUFFIX: &str = ".age";

/// What the home screen shows about backups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupStatus {
    /// When the last backup (of either kind) was made and verified (RFC 3339), if ever.
    pub last_verified_at: Option<String>,
    /// When the last automatic backup was made (RFC 3339), if ever.
    pub last_automatic_at: Option<String>,
    /// The folder for automatic backups, if one was chosen.
    pub automatic_folder: Option<String>,
    /// Automatic backups can run without asking for anything.
    pub automatic_ready: bool,
    /// The home screen reminds her after this many days without a verified backup.
    pub remind_after_days: u32,
}

/// The outcome of an automatic backup attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AutoOutcome {
    Made {
        path: PathBuf,
        summary: BackupSummary,
        removed: usize,
    },
    /// One was already made today.
    AlreadyMadeToday,
}

pub fn status(session: &Session) -> Result<BackupStatus, BackupError> {
    let conn = session.conn();
    Ok(BackupStatus {
        last_verified_at: get(conn, create::LAST_VERIFIED_KEY)?,
        last_automatic_at: get(conn, LAST_AUTO_KEY)?,
        automatic_folder: get(conn, FOLDER_KEY)?,
        automatic_ready: ready(session)?,
        remind_after_days: remind_after_days(conn)?,
    })
}

fn remind_after_days(conn: &Connection) -> Result<u32, BackupError> {
    Ok(get(conn, REMIND_KEY)?
        .and_then(|v| v.parse().ok())
        .filter(|d| REMIND_AFTER_DAYS_RANGE.contains(d))
        .unwrap_or(REMIND_AFTER_DAYS_DEFAULT))
}

/// After how many days without a verified backup the home screen reminds her.
pub fn set_remind_after_days(session: &mut Session, days: u32) -> Result<BackupStatus, BackupError> {
    if !REMIND_AFTER_DAYS_RANGE.contains(&days) {
        return Err(crate::error::VaultError::InvalidInput(format!(
            "The reminder can come after {} to {} days.",
            REMIND_AFTER_DAYS_RANGE.start(),
            REMIND_AFTER_DAYS_RANGE.end()
        ))
        .into());
    }
    crate::settings::put(session.conn_mut(), REMIND_KEY, &days.to_string())?;
    status(session)
}

/// Chooses (or with `None` forgets) the folder for automatic backups, after the vault
/// passphrase was typed again (`_checked`).
pub fn set_folder(_checked: PassphraseChecked, session: &Session, folder: Option<&Path>) -> Result<(), BackupError> {
    match folder {
        Some(folder) => put(session.conn(), FOLDER_KEY, &folder.to_string_lossy())?,
        None => {
            session.conn().execute("DELETE FROM settings WHERE key = ?1", [FOLDER_KEY])?;
        }
    }
    session.record(AuditEvent::SettingChanged, "backup.auto_folder")?;
    Ok(())
}

/// Sets up the keys for automatic backups with the recovery key: the one still pending after
/// creation, or `typed` from the recovery sheet (checked against this vault's key file).
pub fn set_up(session: &Session, typed: Option<&str>) -> Result<(), BackupError> {
    let parsed;
    let recovery = match (session.pending_recovery_key(), typed) {
        (Some(pending), _) => pending,
        (None, Some(typed)) => {
            parsed = RecoveryKey::parse(typed).map_err(|_| BackupError::WrongRecoveryKey)?;
            KeyFile::read(&session.data_dir().key_file())?
                .unwrap_with_recovery_key(&parsed)
                .map_err(|_| BackupError::WrongRecoveryKey)?;
            &parsed
        }
        (None, None) => return Err(BackupError::AutomaticNotSetUp),
    };
    let recipient = format::automatic_identity(recovery)?.to_public().to_string();
    let conn = session.conn();
    put(conn, RECIPIENT_KEY, &recipient)?;
    put(conn, KEY_CHECK_KEY, &recovery_slot_check(session)?)?;
    audit::append(conn, AuditEvent::AutomaticBackupsSetUp, "")?;
    Ok(())
}

/// From now on automatic backups are encrypted to this custodian key too (while it stays the
/// key file's custodian key).
pub fn add_custodian_recipient(session: &Session, custodian: &CustodianKey) -> Result<(), BackupError> {
    let check = KeyFile::read(&session.data_dir().key_file())?.custodian_fingerprint().ok_or(BackupError::Internal)?;
    let conn = session.conn();
    put(conn, CUSTODIAN_RECIPIENT_KEY, &format::custodian_identity(custodian)?.to_public().to_string())?;
    put(conn, CUSTODIAN_CHECK_KEY, &check)?;
    Ok(())
}

/// The custodian's recipient, if her key is still the key file's custodian key.
fn custodian_recipient(session: &Session) -> Result<Option<age::x25519::Recipient>, BackupError> {
    let conn = session.conn();
    let in_force = KeyFile::read(&session.data_dir().key_file())?.custodian_fingerprint();
    if in_force.is_none() || get(conn, CUSTODIAN_CHECK_KEY)? != in_force {
        return Ok(None);
    }
    Ok(get(conn, CUSTODIAN_RECIPIENT_KEY)?.and_then(|r| r.parse().ok()))
}

/// Automatic backups can run now without the recovery key.
pub fn ready(session: &Session) -> Result<bool, BackupError> {
    let conn = session.conn();
    Ok(get(conn, RECIPIENT_KEY)?.is_some()
        && get(conn, KEY_CHECK_KEY)?.as_deref() == Some(recovery_slot_check(session)?.as_str()))
}

/// Makes today's automatic backup in `folder` unless one was made today, verifies it, then
/// removes automatic backups beyond 30 daily and 12 monthly ones.
pub fn create_auto_backup(
    session: &mut Session,
    folder: &Path,
    now: DateTime<Utc>,
) -> Result<AutoOutcome, BackupError> {
    if session.pending_recovery_key().is_some() && !ready(session)? {
        set_up(session, None)?;
    }
    if !ready(session)? {
        return Err(BackupError::AutomaticNotSetUp);
    }
    let today = now.with_timezone(&Local).date_naive();
    let path = folder.join(file_name(today));
    let last = get(session.conn(), LAST_AUTO_KEY)?
        .and_then(|at| DateTime::parse_from_rfc3339(&at).ok())
        .map(|at| at.with_timezone(&Local).date_naive());
    if last == Some(today) && path.exists() {
        return Ok(AutoOutcome::AlreadyMadeToday);
    }
    let conn = session.conn();
    let recipient: age::x25519::Recipient =
        get(conn, RECIPIENT_KEY)?.and_then(|r| r.parse().ok()).ok_or(BackupError::AutomaticNotSetUp)?;
    // Only for reading this backup back: dropped (and zeroed) once it is verified.
    let check = age::x25519::Identity::generate();
    let check_recipient = check.to_public();
    let custodian = custodian_recipient(session)?;
    let mut recipients: Vec<&dyn age::Recipient> = vec![&recipient, &check_recipient];
    if let Some(custodian) = &custodian {
        recipients.push(custodian);
    }
    let manifest = create::write(session, &path, BackupKind::Automatic, &recipients, &check, now)?;
    let summary = create::finish(session, &manifest)?;
    put(session.conn(), LAST_AUTO_KEY, &now.to_rfc3339_opts(SecondsFormat::Secs, true))?;
    let removed = rotate(folder, today)?;
    if removed > 0 {
        audit::append(session.conn(), AuditEvent::BackupsRotated, &format!("removed={removed}"))?;
    }
    Ok(AutoOutcome::Made { path, summary, removed })
}

/// The automatic backup due when the vault locks for idleness or the app quits: made only if she
/// chose a folder, and at most once a day.
pub fn run_if_configured(session: &mut Session, now: DateTime<Utc>) -> Result<Option<AutoOutcome>, BackupError> {
    let Some(folder) = get(session.conn(), FOLDER_KEY)? else { return Ok(None) };
    create_auto_backup(session, Path::new(&folder), now).map(Some)
}

/// `confidant-auto-2026-01-10.age`.
pub fn file_name(day: NaiveDate) -> String {
    format!("{PREFIX}{}{SUFFIX}", day.format("%Y-%m-%d"))
}

fn day_of(name: &str) -> Option<NaiveDate> {
    let date = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    if date.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// Which days to keep: the 30 most recent, and the most recent of each of the 12 most recent
/// months. Days after `today` (a clock that was wrong) are kept and not counted.
pub fn days_to_keep(days: &[NaiveDate], today: NaiveDate) -> Vec<NaiveDate> {
    let mut past: Vec<NaiveDate> = days.iter().copied().filter(|d| *d <= today).collect();
    past.sort_unstable_by(|a, b| b.cmp(a));
    past.dedup();
    let mut keep: Vec<NaiveDate> = past.iter().take(KEEP_DAILY).copied().collect();
    let mut months = Vec::new();
    for day in &past {
        let month = (day.year(), day.month());
        if !months.contains(&month) {
            if months.len() == KEEP_MONTHLY {
                break;
            }
            months.push(month);
            keep.push(*day);
        }
    }
    keep.extend(days.iter().copied().filter(|d| *d > today));
    keep.sort_unstable();
    keep.dedup();
    keep
}

/// Removes automatic backups that rotation no longer keeps. Only files that are ours go: the
/// name pattern and an age header for the recovery key's kind of recipient.
pub fn rotate(folder: &Path, today: NaiveDate) -> Result<usize, BackupError> {
    let mut ours = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(day) = name.to_str().and_then(day_of) else { continue };
        let path = entry.path();
        if entry.file_type()?.is_file() && matches!(verify::peek_kind(&path), Ok(BackupKind::Automatic)) {
            ours.push((day, path));
        }
    }
    let days: Vec<NaiveDate> = ours.iter().map(|(d, _)| *d).collect();
    let keep = days_to_keep(&days, today);
    let mut removed = 0;
    for (day, path) in ours {
        if !keep.contains(&day) {
            std::fs::remove_file(path)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// A fingerprint of the key file's recovery slot: it changes when the recovery key is replaced.
fn recovery_slot_check(session: &Session) -> Result<String, BackupError> {
    let key_file = KeyFile::read(&session.data_dir().key_file())?;
    let json: serde_json::Value = serde_json::from_str(&key_file.to_json()).map_err(|_| BackupError::Internal)?;
    Ok(hex::encode(Sha256::digest(json["recovery"].to_string().as_bytes())))
}

fn get(conn: &Connection, key: &str) -> Result<Option<String>, BackupError> {
    Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

fn put(conn: &Connection, key: &str, value: &str) -> Result<(), BackupError> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn rotation_keeps_thirty_daily_and_twelve_monthly_backups() {
        let today = day(2026, 6, 30);
        let days: Vec<NaiveDate> = (0..800).map(|n| today - chrono::Days::new(n)).collect();
        let keep = days_to_keep(&days, today);
        // 30 days (June 1-30), then the last day of each of 11 earlier months (the 12th month,
        // June, is already kept among the dailies).
        assert_eq!(keep.len(), 30 + 11);
        assert!(keep.contains(&day(2026, 6, 1)) && !keep.contains(&day(2026, 5, 30)));
        assert!(keep.contains(&day(2026, 5, 31)) && keep.contains(&day(2025, 7, 31)));
        assert!(!keep.contains(&day(2025, 6, 30)), "the thirteenth month goes");
    }

    #[test]
    fn the_identity_older_versions_kept_in_the_vault_is_removed() {
        use crate::vault::migrations::{apply, apply_list, MIGRATIONS};
        let mut conn = Connection::open_in_memory().expect("database");
        let removal = MIGRATIONS.iter().position(|m| m.contains("'backup.auto_identity'")).expect("the migration");
        apply_list(&mut conn, &MIGRATIONS[..removal]).expect("an older vault");
        put(&conn, "backup.auto_identity", "AGE-SECRET-KEY-1OLDER").expect("its identity");
        apply(&mut conn).expect("this version");
        assert_eq!(get(&conn, "backup.auto_identity").expect("read"), None);
    }

    #[test]
    fn only_our_file_names_count_as_automatic_backups() {
        assert_eq!(day_of("confidant-auto-2026-01-10.age"), Some(day(2026, 1, 10)));
        for name in ["confidant-auto-2026-1-10.age", "notes.age", "confidant-auto-2026-01-10.age.bak", "x"] {
            assert_eq!(day_of(name), None, "{name}");
        }
    }
}

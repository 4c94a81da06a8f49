//! Restoring: a verified backup becomes a vault again, re-encrypted with a fresh data key, a new
//! key file and a new recovery key (the restored vault's recovery sheet is new).
//!
//! Into a new folder ([`restore_into_new`]), or replacing the current vault only after the whole
//! backup verified and the therapist confirmed ([`prepare_replacement`], then
//! [`Replacement::replace`] once the current vault is locked). The replaced vault is moved aside
//! into `replaced-<time>/` in the same folder and stays there until the restored vault has been
//! unlocked ([`finish_replacement`]); until then [`undo_replacement`] puts it back.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::create::create_private_folder;
use super::format::{self, BackupKind};
use super::verify::{self, Depth, Opened};
use super::{BackupError, BackupKey, BackupSummary};
use crate::audit::{self, AuditEvent};
use crate::error::VaultError;
use crate::paths::DataDir;
use crate::secret::Passphrase;
use crate::vault::kdf::KdfParams;
use crate::vault::{self, migrations, PassphraseChecked, Session};

const RESTORE_SCHEMA: &str = "confidant_restore_image";
const ASIDE_PREFIX: &str = "replaced-";

/// The backup file she chose, before any key is typed: enough to ask for the right key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChosenBackup {
    /// The file's name, without its folder.
    pub file_name: String,
    /// A manual backup opens with its passphrase, an automatic one with the recovery key.
    pub kind: BackupKind,
}

/// A vault restored from a backup. Like a new vault it has a new recovery key, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoredVault {
    /// Groups of four characters separated by dashes.
    pub recovery_key: String,
    pub summary: BackupSummary,
}

impl RestoredVault {
    pub fn new(session: &Session, summary: BackupSummary) -> Self {
        let recovery_key = session.pending_recovery_key().map(|k| k.expose_grouped().to_string()).unwrap_or_default();
        Self { recovery_key, summary }
    }
}

/// Which key the backup at `path` needs, from its header alone; a file that is not a backup is
/// refused here, before she types anything.
pub fn describe(path: &Path) -> Result<ChosenBackup, BackupError> {
    let kind = verify::peek_kind(path)?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(ChosenBackup { file_name, kind })
}

/// Restores the backup into a new vault in `dir` (which must not hold one) with a new
/// passphrase. Returns the unlocked vault; its new recovery key is pending, as after creation.
pub fn restore_into_new(
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: &Passphrase,
    confirmation: &Passphrase,
) -> Result<(Session, BackupSummary), BackupError> {
    vault::check_new_passphrase(passphrase, confirmation)?;
    if vault::exists(dir) || dir.database().exists() {
        return Err(VaultError::VaultExists.into());
    }
    let opened = verify::open(backup, key, Depth::Full)?;
    into_new(opened, dir, passphrase, KdfParams::calibrate()?)
}

/// [`restore_into_new`] with cheap key derivation, for tests only.
#[cfg(feature = "test-support")]
pub fn restore_into_new_for_tests(
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: &str,
) -> Result<(Session, BackupSummary), BackupError> {
    if vault::exists(dir) || dir.database().exists() {
        return Err(VaultError::VaultExists.into());
    }
    let opened = verify::open(backup, key, Depth::Full)?;
    into_new(opened, dir, &Passphrase::new(passphrase.into()), KdfParams::cheap_for_tests())
}

fn into_new(
    opened: Opened,
    dir: &DataDir,
    passphrase: &Passphrase,
    params: KdfParams,
) -> Result<(Session, BackupSummary), BackupError> {
    let summary = verify::summary(&opened.manifest);
    let Opened { manifest, mut image } = opened;
    let detail = format!("backup_of={} app={}", manifest.created_at, manifest.app_version);
    let session = vault::create_with_content(dir, passphrase, params, |conn| {
        import(conn, &mut image).map_err(|e| match e {
            BackupError::Vault(inner) => inner,
            other => VaultError::InvalidInput(other.to_string()),
        })?;
        audit::append(conn, AuditEvent::Restored, &detail)
    })?;
    Ok((session, summary))
}

/// Copies the image into the new, encrypted database, then brings its schema up to date.
///
/// The image is copied page by page into an attached plain in-memory database (SQLite's backup
/// API; `sqlite3_deserialize` would re-attach it under the vault's key), its search indexes are
/// rebuilt from the notes there (empty in a format 2 image; rebuilt from format 1 too, so every
/// restored vault has an index that matches its notes), then it is exported into the encrypted
/// database by SQLCipher.
fn import(conn: &mut Connection, image: &mut Connection) -> Result<(), BackupError> {
    let version: i64 = image.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    conn.execute_batch(&format!("ATTACH DATABASE ':memory:' AS {RESTORE_SCHEMA} KEY '';"))?;
    let copied = copy_pages(image, conn).and_then(|()| rebuild_search_indexes(conn)).and_then(|()| {
        conn.execute_batch(&format!(
            "SELECT sqlcipher_export('main', '{RESTORE_SCHEMA}'); PRAGMA main.user_version = {version};"
        ))
    });
    let detached = conn.execute_batch(&format!("DETACH DATABASE {RESTORE_SCHEMA};"));
    copied?;
    detached?;
    // The old vault's automatic-backup keys belong to its recovery key, not to this vault's.
    conn.execute("DELETE FROM settings WHERE key LIKE 'backup.auto%'", [])?;
    migrations::apply(conn)?;
    Ok(())
}

fn rebuild_search_indexes(conn: &Connection) -> rusqlite::Result<()> {
    for index in format::SEARCH_INDEXES {
        let present: bool = conn.query_row(
            &format!("SELECT count(*) > 0 FROM {RESTORE_SCHEMA}.sqlite_schema WHERE type = 'table' AND name = ?1"),
            [index],
            |r| r.get(0),
        )?;
        if present {
            conn.execute_batch(&format!("INSERT INTO {RESTORE_SCHEMA}.{index} ({index}) VALUES ('rebuild');"))?;
        }
    }
    Ok(())
}

fn copy_pages(image: &Connection, conn: &mut Connection) -> rusqlite::Result<()> {
    let backup = rusqlite::backup::Backup::new_with_names(image, "main", conn, RESTORE_SCHEMA)?;
    backup.run_to_completion(i32::MAX, std::time::Duration::ZERO, None)
}

/// A backup verified in full, her confirmation given and the new passphrase checked: ready to
/// replace the current vault. Nothing has changed yet, so the current vault stays open until
/// [`Replacement::replace`].
pub struct Replacement {
    opened: Opened,
    passphrase: Passphrase,
    params: KdfParams,
}

/// Checks everything a replacement needs before the current vault is touched or even locked:
/// the vault passphrase typed again (`_checked`), her confirmation, the new passphrase, no
/// earlier replaced vault still aside, and the whole backup.
pub fn prepare_replacement(
    _checked: PassphraseChecked,
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: Passphrase,
    confirmation: &Passphrase,
    confirmed: bool,
) -> Result<Replacement, BackupError> {
    if !confirmed {
        return Err(BackupError::NotConfirmed);
    }
    vault::check_new_passphrase(&passphrase, confirmation)?;
    prepare(backup, key, dir, passphrase, KdfParams::calibrate()?)
}

/// [`prepare_replacement`] with cheap key derivation, for tests only.
#[cfg(feature = "test-support")]
pub fn prepare_replacement_for_tests(
    _checked: PassphraseChecked,
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: &str,
    confirmed: bool,
) -> Result<Replacement, BackupError> {
    if !confirmed {
        return Err(BackupError::NotConfirmed);
    }
    prepare(backup, key, dir, Passphrase::new(passphrase.into()), KdfParams::cheap_for_tests())
}

/// [`prepare_replacement_for_tests`], then [`Replacement::replace`] (the vault in `dir` locked).
#[cfg(feature = "test-support")]
pub fn restore_replacing_for_tests(
    checked: PassphraseChecked,
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: &str,
    confirmed: bool,
) -> Result<(Session, BackupSummary), BackupError> {
    prepare_replacement_for_tests(checked, backup, key, dir, passphrase, confirmed)?.replace(dir)
}

fn prepare(
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: Passphrase,
    params: KdfParams,
) -> Result<Replacement, BackupError> {
    refuse_if_one_is_aside(dir)?;
    let opened = verify::open(backup, key, Depth::Full)?;
    Ok(Replacement { opened, passphrase, params })
}

impl Replacement {
    /// What the verified backup holds.
    pub fn summary(&self) -> BackupSummary {
        verify::summary(&self.opened.manifest)
    }

    /// Replaces the vault in `dir` with the backup. The current vault must be locked by now (its
    /// session dropped). It is moved aside first and put back if anything fails, so that either
    /// the restored vault is in place or nothing has changed.
    pub fn replace(self, dir: &DataDir) -> Result<(Session, BackupSummary), BackupError> {
        refuse_if_one_is_aside(dir)?;
        let aside = dir.root().join(format!("{ASIDE_PREFIX}{}", Utc::now().format("%Y%m%d-%H%M%S")));
        create_private_folder(&aside)?;
        let moved = move_files(dir.root(), &aside);
        if let Err(error) = moved {
            let _ = move_files(&aside, dir.root());
            let _ = fs::remove_dir(&aside);
            return Err(error);
        }
        match into_new(self.opened, dir, &self.passphrase, self.params) {
            Ok(done) => Ok(done),
            Err(error) => {
                remove_vault_files(dir.root());
                let _ = move_files(&aside, dir.root());
                let _ = fs::remove_dir(&aside);
                Err(error)
            }
        }
    }
}

/// Only one replaced vault waits at a time: the restore before must be finished or undone.
fn refuse_if_one_is_aside(dir: &DataDir) -> Result<(), BackupError> {
    match pending_replacement(dir) {
        Some(_) => Err(VaultError::InvalidInput(
            "A vault replaced earlier is still kept aside: unlock the restored vault or undo that first.".into(),
        )
        .into()),
        None => Ok(()),
    }
}

/// The folder holding a replaced vault, if one is waiting.
pub fn pending_replacement(dir: &DataDir) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir.root())
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(ASIDE_PREFIX) && e.path().is_dir())
        .map(|e| e.path())
        .collect();
    found.sort();
    found.pop()
}

/// The restored vault was unlocked: the replaced one is no longer needed and is removed.
pub fn finish_replacement(session: &Session) -> Result<(), BackupError> {
    let dir = session.data_dir();
    let aside = pending_replacement(dir).ok_or(BackupError::NothingReplaced)?;
    fs::remove_dir_all(&aside)?;
    session.record(AuditEvent::ReplacedVaultRemoved, "")?;
    Ok(())
}

/// After every successful unlock: a vault that a restore replaced is no longer needed.
pub fn finish_pending_replacement(session: &Session) -> Result<(), BackupError> {
    match pending_replacement(session.data_dir()) {
        Some(_) => finish_replacement(session),
        None => Ok(()),
    }
}

/// Puts the replaced vault back and removes the restored one. The restored vault must be
/// locked (its session dropped) first.
pub fn undo_replacement(dir: &DataDir) -> Result<(), BackupError> {
    let aside = pending_replacement(dir).ok_or(BackupError::NothingReplaced)?;
    if !aside.join("vault.key").exists() {
        return Err(BackupError::NothingReplaced);
    }
    remove_vault_files(dir.root());
    move_files(&aside, dir.root())?;
    fs::remove_dir(&aside)?;
    Ok(())
}

const VAULT_FILES: &[&str] = &["vault.key", "vault.db", "vault.db-wal", "vault.db-shm"];

fn move_files(from: &Path, to: &Path) -> Result<(), BackupError> {
    for name in VAULT_FILES {
        let source = from.join(name);
        if source.exists() {
            fs::rename(&source, to.join(name))?;
        }
    }
    if let Ok(folder) = fs::File::open(to) {
        let _ = folder.sync_all();
    }
    Ok(())
}

fn remove_vault_files(root: &Path) {
    for name in VAULT_FILES {
        let _ = fs::remove_file(root.join(name));
    }
}

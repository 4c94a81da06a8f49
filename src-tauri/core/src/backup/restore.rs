//! Restoring: a verified backup becomes a vault again, re-encrypted with a fresh data key, a new
//! key file and a new recovery key (the restored vault's recovery sheet is new).
//!
//! Into a new folder ([`restore_into_new`]), or replacing the current vault
//! ([`restore_replacing`]) only after the whole backup verified and the therapist confirmed.
//! The replaced vault is moved aside into `replaced-<time>/` in the same folder and stays there
//! until the restored vault has been unlocked ([`finish_replacement`]); until then
//! [`undo_replacement`] puts it back.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::Connection;

use super::create::create_private_folder;
use super::verify::{self, Depth, Opened};
use super::{BackupError, BackupKey, BackupSummary};
use crate::audit::{self, AuditEvent};
use crate::error::VaultError;
use crate::paths::DataDir;
use crate::secret::Passphrase;
use crate::vault::kdf::KdfParams;
use crate::vault::{self, migrations, Session};

const RESTORE_SCHEMA: &str = "confidant_restore_image";
const ASIDE_PREFIX: &str = "replaced-";

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
/// API; `sqlite3_deserialize` would re-attach it under the vault's key), then exported into the
/// encrypted database by SQLCipher.
fn import(conn: &mut Connection, image: &mut Connection) -> Result<(), BackupError> {
    let version: i64 = image.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    conn.execute_batch(&format!("ATTACH DATABASE ':memory:' AS {RESTORE_SCHEMA} KEY '';"))?;
    let copied = copy_pages(image, conn).and_then(|()| {
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

fn copy_pages(image: &Connection, conn: &mut Connection) -> rusqlite::Result<()> {
    let backup = rusqlite::backup::Backup::new_with_names(image, "main", conn, RESTORE_SCHEMA)?;
    backup.run_to_completion(i32::MAX, std::time::Duration::ZERO, None)
}

/// Replaces the vault in `dir` with the backup, after verifying all of it and only if
/// `confirmed`. The current vault must be locked. The replaced vault is kept aside until
/// [`finish_replacement`]; if anything fails, it is put back and nothing has changed.
pub fn restore_replacing(
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: &Passphrase,
    confirmation: &Passphrase,
    confirmed: bool,
) -> Result<(Session, BackupSummary), BackupError> {
    vault::check_new_passphrase(passphrase, confirmation)?;
    replacing(backup, key, dir, passphrase, confirmed, KdfParams::calibrate()?)
}

/// [`restore_replacing`] with cheap key derivation, for tests only.
#[cfg(feature = "test-support")]
pub fn restore_replacing_for_tests(
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: &str,
    confirmed: bool,
) -> Result<(Session, BackupSummary), BackupError> {
    replacing(backup, key, dir, &Passphrase::new(passphrase.into()), confirmed, KdfParams::cheap_for_tests())
}

fn replacing(
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: &Passphrase,
    confirmed: bool,
    params: KdfParams,
) -> Result<(Session, BackupSummary), BackupError> {
    if !confirmed {
        return Err(BackupError::NotConfirmed);
    }
    let opened = verify::open(backup, key, Depth::Full)?;
    if pending_replacement(dir).is_some() {
        return Err(VaultError::InvalidInput(
            "A vault replaced earlier is still kept aside: unlock the restored vault or undo that first.".into(),
        )
        .into());
    }
    let aside = dir.root().join(format!("{ASIDE_PREFIX}{}", Utc::now().format("%Y%m%d-%H%M%S")));
    create_private_folder(&aside)?;
    let moved = move_files(dir.root(), &aside);
    if let Err(error) = moved {
        let _ = move_files(&aside, dir.root());
        let _ = fs::remove_dir(&aside);
        return Err(error);
    }
    match into_new(opened, dir, passphrase, params) {
        Ok(done) => Ok(done),
        Err(error) => {
            remove_vault_files(dir.root());
            let _ = move_files(&aside, dir.root());
            let _ = fs::remove_dir(&aside);
            Err(error)
        }
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

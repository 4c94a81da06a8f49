//! Making a backup: the vault exported to a plain image in memory, checked, framed with its
//! manifest, encrypted with age on its way to a temporary file beside the target, flushed to
//! disk, renamed into place, then read back and verified.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::{DateTime, Local, Utc};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::format::{self, BackupKind, Manifest};
use super::verify::{self, Depth};
use super::{BackupError, BackupKey, BackupSummary};
use crate::audit::{self, AuditEvent};
use crate::secret::Passphrase;
use crate::vault::Session;

/// The attached in-memory database the image is exported into.
const IMAGE_SCHEMA: &str = "confidant_backup_image";

/// The settings key holding when the last backup was verified (RFC 3339).
pub const LAST_VERIFIED_KEY: &str = "backup.last_verified_at";

#[cfg(feature = "test-support")]
static WORK_FACTOR_FOR_TESTS: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Tests only: a cheap scrypt work factor for manual backups (0 restores the real one).
#[cfg(feature = "test-support")]
pub fn set_work_factor_for_tests(log_n: u8) {
    WORK_FACTOR_FOR_TESTS.store(log_n, std::sync::atomic::Ordering::Relaxed);
}

fn work_factor() -> u8 {
    #[cfg(feature = "test-support")]
    {
        let cheap = WORK_FACTOR_FOR_TESTS.load(std::sync::atomic::Ordering::Relaxed);
        if cheap != 0 {
            return cheap;
        }
    }
    format::WORK_FACTOR
}

/// `confidant-backup-2026-01-10-1432.age`: the date and time, never a name.
pub fn default_file_name(now: DateTime<Utc>) -> String {
    format!("confidant-backup-{}.age", now.with_timezone(&Local).format("%Y-%m-%d-%H%M"))
}

/// A new backup passphrase: typed the same twice and strong enough, by the same rule as the
/// vault's own passphrase. Checked before she is asked where to save.
pub fn check_new_passphrase(passphrase: &Passphrase, confirmation: &Passphrase) -> Result<(), BackupError> {
    crate::vault::check_new_passphrase(passphrase, confirmation).map_err(BackupError::from)
}

/// A manual backup of the unlocked vault to `out`, protected by `passphrase`; verified once
/// written. An existing file at `out` is replaced only by a complete, flushed backup.
pub fn create_backup(session: &mut Session, out: &Path, passphrase: &Passphrase) -> Result<BackupSummary, BackupError> {
    let mut recipient = age::scrypt::Recipient::new(passphrase.expose_secret().to_string().into());
    recipient.set_work_factor(work_factor());
    let manifest = write(session, out, BackupKind::Manual, &[&recipient], Utc::now())?;
    let key = BackupKey::Passphrase(Passphrase::new(passphrase.expose_secret().to_string()));
    let opened = verify::open(out, &key, Depth::JustWritten)?;
    finish(session, &manifest, &opened.manifest)
}

/// Records a verified backup: the time for the home screen, and the audit entry.
pub(crate) fn finish(session: &Session, written: &Manifest, read: &Manifest) -> Result<BackupSummary, BackupError> {
    if written != read {
        return Err(BackupError::Damaged("it does not read back as it was written"));
    }
    let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    session.conn().execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [LAST_VERIFIED_KEY, now.as_str()],
    )?;
    let kind = match written.kind {
        BackupKind::Manual => "manual",
        BackupKind::Automatic => "automatic",
    };
    let detail = format!(
        "{kind} clients={} notes={} bytes={}",
        written.counts.clients, written.counts.notes, written.database.bytes
    );
    audit::append(session.conn(), AuditEvent::BackupCreated, &detail)?;
    audit::append(session.conn(), AuditEvent::BackupVerified, kind)?;
    Ok(verify::summary(written))
}

/// Exports, checks and writes the backup; returns the manifest written.
pub(crate) fn write(
    session: &mut Session,
    out: &Path,
    kind: BackupKind,
    recipients: &[&dyn age::Recipient],
    at: DateTime<Utc>,
) -> Result<Manifest, BackupError> {
    if out.file_name().is_none() || out.is_dir() {
        return Err(BackupError::Io(std::io::ErrorKind::InvalidInput));
    }
    let conn = session.conn_mut();
    conn.execute_batch(&format!("ATTACH DATABASE ':memory:' AS {IMAGE_SCHEMA} KEY '';"))?;
    let result = export_and_write(conn, out, kind, recipients, at);
    // The image lives until it is detached: always detach.
    let detached = conn.execute_batch(&format!("DETACH DATABASE {IMAGE_SCHEMA};"));
    let manifest = result?;
    detached?;
    Ok(manifest)
}

fn export_and_write(
    conn: &mut Connection,
    out: &Path,
    kind: BackupKind,
    recipients: &[&dyn age::Recipient],
    at: DateTime<Utc>,
) -> Result<Manifest, BackupError> {
    // One read transaction: the image is one consistent moment of the vault.
    conn.execute_batch(&format!("BEGIN; SELECT sqlcipher_export('{IMAGE_SCHEMA}'); COMMIT;")).map_err(|e| {
        let _ = conn.execute_batch("ROLLBACK;");
        BackupError::from(e)
    })?;
    // sqlcipher_export copies tables and rows, not the schema version: carry it over.
    let schema_version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
    conn.execute_batch(&format!("PRAGMA {IMAGE_SCHEMA}.user_version = {schema_version};"))?;
    // Checked here, in memory, before encryption; the checksum ties the file to these bytes.
    verify::integrity(conn, IMAGE_SCHEMA).map_err(|_| BackupError::Damaged("the vault fails its integrity check"))?;
    let counts = verify::count(conn, IMAGE_SCHEMA)?;
    let image = conn.serialize(IMAGE_SCHEMA)?;
    let sha256 = hex::encode(Sha256::digest(&image[..]));
    let manifest = Manifest::new(kind, schema_version, at, image.len() as u64, sha256, counts);
    let json = manifest.to_json();
    write_atomically(out, |file| {
        let encryptor =
            age::Encryptor::with_recipients(recipients.iter().copied()).map_err(|_| BackupError::Internal)?;
        let mut writer = encryptor.wrap_output(BufWriter::with_capacity(1 << 20, file))?;
        format::write_archive(&mut writer, &json, &image, at.timestamp())?;
        writer.finish()?.flush()?;
        Ok(())
    })?;
    Ok(manifest)
}

/// A temporary file in the same folder, owner-only, flushed to disk, then renamed over `out`.
/// On any failure the temporary file is removed and `out` is untouched.
pub(crate) fn write_atomically(
    out: &Path,
    fill: impl FnOnce(&mut File) -> Result<(), BackupError>,
) -> Result<(), BackupError> {
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    create_private_folder(&folder)?;
    let mut temp = tempfile::Builder::new().prefix(".confidant-backup-").suffix(".part").tempfile_in(&folder)?;
    crate::vault::keyfile::set_owner_only(temp.path())?;
    fill(temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    temp.persist(out).map_err(|e| BackupError::from(e.error))?;
    if let Ok(dir) = File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Creates a missing folder (and its parents) owner-only (0700); an existing one is left as is.
pub(crate) fn create_private_folder(folder: &Path) -> Result<(), BackupError> {
    if folder.is_dir() {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new().recursive(true).mode(0o700).create(folder)?;
    }
    #[cfg(not(unix))]
    fs::create_dir_all(folder)?;
    Ok(())
}

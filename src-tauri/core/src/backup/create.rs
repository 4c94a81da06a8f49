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
use super::{BackupError, BackupSummary};
use crate::audit::{self, AuditEvent};
use crate::secret::Passphrase;
use crate::vault::{PassphraseChecked, Session};

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

/// A manual backup of the unlocked vault to `out`, protected by `passphrase`, verified as
/// written. An existing file at `out` is replaced only by a complete, flushed, verified backup.
/// The whole vault leaves under a passphrase of her choosing, to a place of her choosing: only
/// after the vault passphrase was typed again (`_checked`).
pub fn create_backup(
    _checked: PassphraseChecked,
    session: &mut Session,
    out: &Path,
    passphrase: &Passphrase,
) -> Result<BackupSummary, BackupError> {
    let mut recipient = age::scrypt::Recipient::new(passphrase.expose_secret().to_string().into());
    recipient.set_work_factor(work_factor());
    let reader = verify::passphrase_identity(passphrase);
    let manifest = write(session, out, BackupKind::Manual, &[&recipient], &reader, Utc::now())?;
    finish(session, &manifest)
}

/// Records a verified backup: the time for the home screen, and the audit entry.
pub(crate) fn finish(session: &Session, written: &Manifest) -> Result<BackupSummary, BackupError> {
    let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    // One transaction: the time and both audit entries, with one flush.
    let tx = session.conn().unchecked_transaction()?;
    tx.execute(
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
    audit::append(&tx, AuditEvent::BackupCreated, &detail)?;
    audit::append(&tx, AuditEvent::BackupVerified, kind)?;
    tx.commit()?;
    Ok(verify::summary(written))
}

/// Exports, checks and writes the backup, and verifies it with `reader` (which one of the
/// `recipients` must open) before it takes its name; returns the manifest written.
pub(crate) fn write(
    session: &mut Session,
    out: &Path,
    kind: BackupKind,
    recipients: &[&dyn age::Recipient],
    reader: &dyn age::Identity,
    at: DateTime<Utc>,
) -> Result<Manifest, BackupError> {
    if out.file_name().is_none() || out.is_dir() {
        return Err(BackupError::Io(std::io::ErrorKind::InvalidInput));
    }
    let conn = session.conn_mut();
    conn.execute_batch(&format!("ATTACH DATABASE ':memory:' AS {IMAGE_SCHEMA} KEY '';"))?;
    let result = export_and_write(conn, out, kind, recipients, reader, at);
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
    reader: &dyn age::Identity,
    at: DateTime<Utc>,
) -> Result<Manifest, BackupError> {
    let schema_version = export(conn)?;
    // Every page the export read was authenticated by SQLCipher, and the image is a new
    // database SQLite just built from those records: a walk of its tables is check enough here
    // (a restore runs the full integrity check). The checksum ties the file to these bytes.
    verify::walk(conn, IMAGE_SCHEMA)?;
    let counts = verify::count(conn, IMAGE_SCHEMA)?;
    let image = conn.serialize(IMAGE_SCHEMA)?;
    let sha256 = hex::encode(Sha256::digest(&image[..]));
    let manifest = Manifest::new(kind, schema_version, at, image.len() as u64, sha256, counts);
    let fill = |file: &mut File| write_encrypted(file, recipients, &manifest.to_json(), &image, at);
    write_atomically(out, fill, |written| {
        let read = verify::open_with(written, kind, reader, Depth::Checksum)?.manifest;
        if read != manifest {
            return Err(BackupError::Damaged("it does not read back as it was written"));
        }
        Ok(())
    })?;
    Ok(manifest)
}

fn write_encrypted(
    file: &mut File,
    recipients: &[&dyn age::Recipient],
    manifest: &[u8],
    image: &[u8],
    at: DateTime<Utc>,
) -> Result<(), BackupError> {
    let encryptor = age::Encryptor::with_recipients(recipients.iter().copied()).map_err(|_| BackupError::Internal)?;
    let mut writer = encryptor.wrap_output(BufWriter::with_capacity(1 << 20, file))?;
    format::write_archive(&mut writer, manifest, image, at.timestamp())?;
    writer.finish()?.flush()?;
    Ok(())
}

/// Builds the image in the attached in-memory database: every table, index, trigger and view of
/// the vault, and the search indexes' definitions with empty contents. Returns the schema
/// version, which the image carries too.
///
/// Like `sqlcipher_export`, but without the search indexes' contents, a third of the vault that
/// every later step would read, hash, encrypt, write and decrypt again: each table is copied with `INSERT INTO ... SELECT *`, which SQLite
/// runs as a transfer of raw records and index entries (every page read is authenticated by
/// SQLCipher on the way). The transfer needs foreign keys off on the connection (they cannot
/// be broken by a copy of consistent tables); only the image is written.
fn export(conn: &Connection) -> Result<i64, BackupError> {
    conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
    // One read transaction: the image is one consistent moment of the vault.
    let exported = conn.execute_batch("BEGIN;").map_err(BackupError::from).and_then(|()| {
        let copied = copy_into_image(conn);
        let ended = conn.execute_batch(if copied.is_ok() { "COMMIT;" } else { "ROLLBACK;" });
        let version = copied?;
        ended?;
        Ok(version)
    });
    // Whatever happened, the vault's connection gets its foreign keys back.
    let restored = conn.execute_batch("PRAGMA foreign_keys = ON;");
    let version = exported?;
    restored?;
    Ok(version)
}

fn copy_into_image(conn: &Connection) -> Result<i64, BackupError> {
    let objects: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT type, name, sql FROM main.sqlite_schema
             WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let is_virtual = |sql: &str| sql.starts_with("CREATE VIRTUAL TABLE ");
    let in_search_index = |name: &str| {
        format::SEARCH_INDEXES.iter().any(|index| name.strip_prefix(index).is_some_and(|r| r.starts_with('_')))
    };
    if objects.iter().any(|(_, name, sql)| is_virtual(sql) && !format::SEARCH_INDEXES.contains(&name.as_str())) {
        return Err(BackupError::Internal);
    }
    let create = |sql: &str| -> Result<(), BackupError> {
        conn.execute_batch(&in_image(sql).ok_or(BackupError::Internal)?)?;
        Ok(())
    };
    // Tables and their indexes first, then the rows, then what would slow the copy down or
    // fire on it: the search indexes (created empty), triggers and views.
    let tables: Vec<&str> = objects
        .iter()
        .filter(|(kind, name, sql)| kind == "table" && !is_virtual(sql) && !in_search_index(name))
        .map(|(_, name, _)| name.as_str())
        .collect();
    for (kind, name, sql) in &objects {
        if (kind == "table" && tables.contains(&name.as_str())) || (kind == "index" && !in_search_index(name)) {
            create(sql)?;
        }
    }
    for table in &tables {
        let quoted = table.replace('"', "\"\"");
        conn.execute_batch(&format!("INSERT INTO {IMAGE_SCHEMA}.\"{quoted}\" SELECT * FROM main.\"{quoted}\";"))?;
    }
    let has_sequence: bool =
        conn.query_row("SELECT count(*) > 0 FROM main.sqlite_schema WHERE name = 'sqlite_sequence'", [], |r| r.get(0))?;
    if has_sequence {
        conn.execute_batch(&format!(
            "DELETE FROM {IMAGE_SCHEMA}.sqlite_sequence;
             INSERT INTO {IMAGE_SCHEMA}.sqlite_sequence SELECT * FROM main.sqlite_sequence;"
        ))?;
    }
    for (kind, _, sql) in &objects {
        if (kind == "table" && is_virtual(sql)) || kind == "trigger" || kind == "view" {
            create(sql)?;
        }
    }
    let version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
    conn.execute_batch(&format!("PRAGMA {IMAGE_SCHEMA}.user_version = {version};"))?;
    Ok(version)
}

/// A `CREATE` statement as SQLite stores it in `sqlite_schema` (keywords normalized, no schema
/// name), made to create the object in the image instead.
fn in_image(sql: &str) -> Option<String> {
    const PREFIXES: &[&str] = &[
        "CREATE TABLE ",
        "CREATE INDEX ",
        "CREATE UNIQUE INDEX ",
        "CREATE VIRTUAL TABLE ",
        "CREATE TRIGGER ",
        "CREATE VIEW ",
    ];
    PREFIXES.iter().find_map(|prefix| sql.strip_prefix(prefix).map(|rest| format!("{prefix}{IMAGE_SCHEMA}.{rest}")))
}

/// A temporary file in the same folder, owner-only, filled, then flushed to disk while `check`
/// reads it back, then renamed over `out`. On any failure the temporary file is removed and
/// `out` is untouched.
pub(crate) fn write_atomically(
    out: &Path,
    fill: impl FnOnce(&mut File) -> Result<(), BackupError>,
    check: impl FnOnce(&Path) -> Result<(), BackupError>,
) -> Result<(), BackupError> {
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    create_private_folder(&folder)?;
    let mut temp = tempfile::Builder::new().prefix(".confidant-backup-").suffix(".part").tempfile_in(&folder)?;
    crate::vault::keyfile::set_owner_only(temp.path())?;
    fill(temp.as_file_mut())?;
    // Reading back comes from the page cache whether or not the flush has finished, so the two
    // run at once; the file takes its name only when both succeeded.
    let file = temp.as_file();
    let (synced, checked) = std::thread::scope(|scope| {
        let synced = scope.spawn(|| file.sync_all());
        let checked = check(temp.path());
        (synced.join(), checked)
    });
    synced.map_err(|_| BackupError::Internal)??;
    checked?;
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

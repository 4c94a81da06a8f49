//! Reading a backup back: decrypt, check the archive and the checksum, open the image in
//! memory, check its integrity and count its records. Every refusal happens before anything is
//! written anywhere.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;
use std::rc::Rc;
use std::sync::mpsc;

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::format::{self, BackupKind, Manifest};
use super::{BackupError, BackupKey, BackupSummary};
use crate::secret::Passphrase;
use crate::vault::migrations;

/// How much checking the image gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Depth {
    /// Before a restore, the last gate before the data becomes a vault: every table and index
    /// is read page by page (`PRAGMA quick_check`), without the search indexes, which a
    /// restore rebuilds.
    Full,
    /// Verification: the image's checksum matches the manifest, so these are the bytes that
    /// were written (built by SQLite from vault pages SQLCipher authenticated); every table's
    /// tree is walked (counting its rows) and the record counts are compared.
    Checksum,
}

/// A backup opened in memory and checked.
pub(crate) struct Opened {
    pub manifest: Manifest,
    /// The plain image, in memory only.
    pub image: Connection,
}

/// Decrypts and checks the whole backup and says what it holds. Changes nothing.
pub fn verify(path: &Path, key: &BackupKey) -> Result<BackupSummary, BackupError> {
    let opened = open(path, key, Depth::Checksum)?;
    Ok(summary(&opened.manifest))
}

pub(crate) fn summary(manifest: &Manifest) -> BackupSummary {
    BackupSummary {
        created_at: manifest.created_at.clone(),
        kind: manifest.kind,
        app_version: manifest.app_version.clone(),
        format_version: manifest.format_version,
        schema_version: manifest.schema_version,
        clients: manifest.counts.clients,
        notes: manifest.counts.notes,
        database_bytes: manifest.database.bytes,
    }
}

/// Which kind of key a backup needs, from its header alone (no key, no work).
pub fn peek_kind(path: &Path) -> Result<BackupKind, BackupError> {
    let mut file = File::open(path).map_err(|e| BackupError::Io(e.kind()))?;
    let mut head = [0u8; 256];
    let read = read_up_to(&mut file, &mut head)?;
    let head = &head[..read];
    if !head.starts_with(format::AGE_MAGIC) {
        return Err(BackupError::NotABackup);
    }
    let text = String::from_utf8_lossy(head);
    match text.lines().nth(1) {
        Some(line) if line.starts_with("-> scrypt ") => Ok(BackupKind::Manual),
        Some(line) if line.starts_with("-> X25519 ") => Ok(BackupKind::Automatic),
        Some(_) => Err(BackupError::NotABackup),
        None => Err(BackupError::Truncated),
    }
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> Result<usize, BackupError> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(BackupError::Io(e.kind())),
        }
    }
    Ok(filled)
}

/// Counts the bytes the age header parser consumed, to know where the payload starts.
struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Hands a copy of what passes through to a hashing thread, so that hashing the image overlaps
/// decrypting it. The copies stay in memory, like the image.
struct Hashing<R> {
    inner: R,
    chunks: mpsc::SyncSender<Vec<u8>>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        // The hashing thread only ends once this reader is dropped.
        let _ = self.chunks.send(buf[..n].to_vec());
        Ok(n)
    }
}

pub(crate) fn open(path: &Path, key: &BackupKey, depth: Depth) -> Result<Opened, BackupError> {
    let kind = peek_kind(path)?;
    match (kind, key) {
        (BackupKind::Automatic, BackupKey::Passphrase(_)) => Err(BackupError::NeedsRecoveryKey),
        (BackupKind::Manual, BackupKey::RecoveryKey(_)) => Err(BackupError::NeedsPassphrase),
        (_, BackupKey::Passphrase(passphrase)) => open_with(path, kind, &passphrase_identity(passphrase), depth),
        (_, BackupKey::RecoveryKey(recovery)) => open_with(path, kind, &format::automatic_identity(recovery)?, depth),
    }
}

/// What opens a manual backup: its passphrase, with no more work than Confidant ever asks for.
pub(crate) fn passphrase_identity(passphrase: &Passphrase) -> age::scrypt::Identity {
    let mut identity = age::scrypt::Identity::new(passphrase.expose_secret().to_string().into());
    identity.set_max_work_factor(format::MAX_WORK_FACTOR);
    identity
}

/// Opens a backup of `kind` with an age identity.
pub(crate) fn open_with(
    path: &Path,
    kind: BackupKind,
    identity: &dyn age::Identity,
    depth: Depth,
) -> Result<Opened, BackupError> {
    let file = File::open(path).map_err(|e| BackupError::Io(e.kind()))?;
    let file_len = file.metadata().map_err(|e| BackupError::Io(e.kind()))?.len();
    let consumed = Rc::new(Cell::new(0u64));
    let counting = Counting { inner: BufReader::with_capacity(1 << 20, file), count: consumed.clone() };
    let decryptor = age::Decryptor::new(counting).map_err(header_error)?;
    // `Decryptor::new` reads exactly the header and the payload nonce, nothing more.
    let header_len = consumed.get().saturating_sub(16);
    let mut stream = decryptor.decrypt(std::iter::once(identity)).map_err(|e| key_error(e, kind))?;

    // The manifest comes first; with it the exact length of the file is known, so a file cut
    // short is told apart from a damaged one before anything else is read.
    // Every real backup fills its first 64 KiB chunk (the image alone is larger), so a first
    // chunk that does not authenticate in a file shorter than that was cut short.
    let first_chunk_end = header_len + format::age_payload_len(format::AGE_CHUNK_BYTES);
    let cut_short = |error| match error {
        BackupError::Damaged(format::NOT_AUTHENTIC) if file_len < first_chunk_end => BackupError::Truncated,
        other => other,
    };
    let manifest_len = format::read_entry_header(&mut stream, format::MANIFEST_NAME).map_err(cut_short)?;
    if manifest_len > format::MAX_MANIFEST {
        return Err(BackupError::Damaged("its manifest"));
    }
    let mut manifest_bytes = vec![0u8; manifest_len as usize];
    format::read_exact(&mut stream, &mut manifest_bytes)?;
    format::skip_padding(&mut stream, manifest_len)?;
    let manifest = Manifest::parse(&manifest_bytes)?;
    let expected_len = header_len
        .checked_add(format::age_payload_len(format::archive_len(manifest_len, manifest.database.bytes)))
        .ok_or(BackupError::Damaged("its manifest"))?;
    if file_len < expected_len {
        return Err(BackupError::Truncated);
    }
    if file_len > expected_len {
        return Err(BackupError::Damaged("there is extra data after its end"));
    }
    if manifest.kind != kind {
        return Err(BackupError::Damaged("its manifest"));
    }
    if manifest.schema_version > migrations::latest_version() {
        return Err(BackupError::TooNew { what: "schema", found: manifest.schema_version });
    }

    let image_len = format::read_entry_header(&mut stream, format::IMAGE_NAME)?;
    if image_len != manifest.database.bytes || image_len < 512 {
        return Err(BackupError::Damaged("its database size"));
    }
    let size = usize::try_from(image_len).map_err(|_| BackupError::Damaged("its database size"))?;
    let mut image = Connection::open_in_memory()?;
    let (digest, read) = std::thread::scope(|scope| {
        let (chunks, received) = mpsc::sync_channel::<Vec<u8>>(64);
        let hasher = scope.spawn(move || {
            let mut hasher = Sha256::new();
            received.iter().for_each(|chunk| hasher.update(chunk));
            hex::encode(hasher.finalize())
        });
        let read = image.deserialize_read_exact("main", Hashing { inner: &mut stream, chunks }, size, false);
        (hasher.join(), read)
    });
    let digest = digest.map_err(|_| BackupError::Internal)?;
    read.map_err(|e| match e {
        rusqlite::Error::SqliteFailure(_, Some(message)) if message.contains("failed to fill whole buffer") => {
            BackupError::Truncated
        }
        rusqlite::Error::SqliteFailure(_, Some(message)) if message.contains("decryption") => {
            BackupError::Damaged("its contents do not authenticate")
        }
        rusqlite::Error::SqliteFailure(_, _) => BackupError::Damaged("its contents do not authenticate"),
        _ => BackupError::Internal,
    })?;
    format::skip_padding(&mut stream, image_len)?;
    // Reading to the end authenticates the final chunk: nothing is trusted before.
    format::read_end(&mut stream)?;
    if digest != manifest.database.sha256 {
        return Err(BackupError::ChecksumMismatch);
    }

    check_image(&image, &manifest, depth)?;
    Ok(Opened { manifest, image })
}

fn header_error(error: age::DecryptError) -> BackupError {
    match error {
        age::DecryptError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => BackupError::Truncated,
        age::DecryptError::Io(e) => BackupError::Io(e.kind()),
        age::DecryptError::UnknownFormat => BackupError::NotABackup,
        _ => BackupError::Damaged("its header"),
    }
}

fn key_error(error: age::DecryptError, kind: BackupKind) -> BackupError {
    match error {
        age::DecryptError::DecryptionFailed
        | age::DecryptError::NoMatchingKeys
        | age::DecryptError::KeyDecryptionFailed => match kind {
            BackupKind::Manual => BackupError::WrongPassphrase,
            BackupKind::Automatic => BackupError::WrongRecoveryKey,
        },
        age::DecryptError::ExcessiveWork { required, .. } => {
            BackupError::WorkFactorTooHigh { found: required, cap: format::MAX_WORK_FACTOR }
        }
        age::DecryptError::InvalidMac => BackupError::Damaged("its header does not authenticate"),
        age::DecryptError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => BackupError::Truncated,
        _ => BackupError::Damaged("its header"),
    }
}

/// The image is a SQLite database of a schema this version knows, whole, with the records the
/// manifest announced.
pub(crate) fn check_image(image: &Connection, manifest: &Manifest, depth: Depth) -> Result<(), BackupError> {
    image
        .execute_batch("PRAGMA trusted_schema = OFF; PRAGMA query_only = ON;")
        .map_err(|_| BackupError::Damaged("its database"))?;
    let version: i64 = image
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| BackupError::Damaged("its database cannot be read"))?;
    if version != manifest.schema_version {
        return Err(BackupError::Damaged("its database does not match its manifest"));
    }
    match depth {
        Depth::Full => integrity(image, "main")?,
        Depth::Checksum => walk(image, "main")?,
    }
    let counts = count(image, "main").map_err(|_| BackupError::Damaged("its database cannot be read"))?;
    if counts != manifest.counts {
        return Err(BackupError::Damaged("its record counts do not match its manifest"));
    }
    image.execute_batch("PRAGMA query_only = OFF;").map_err(|_| BackupError::Internal)?;
    Ok(())
}

fn tables(conn: &Connection, schema: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare(&format!(
        "SELECT name FROM \"{schema}\".sqlite_schema
         WHERE type = 'table' AND rootpage > 0 AND name NOT LIKE 'sqlite_%'"
    ))?
    .query_map([], |r| r.get(0))?
    .collect()
}

/// `PRAGMA quick_check` of every ordinary table and its indexes in `schema` (the search
/// indexes' own consistency check is left out: it costs more than the rest together, and a
/// restore rebuilds them from the notes).
pub(crate) fn integrity(conn: &Connection, schema: &str) -> Result<(), BackupError> {
    let damaged = |_| BackupError::Damaged("its database fails the integrity check");
    for table in tables(conn, schema).map_err(damaged)? {
        let quoted = table.replace('"', "\"\"");
        let result: String = conn
            .query_row(&format!("PRAGMA \"{schema}\".quick_check(\"{quoted}\")"), [], |r| r.get(0))
            .map_err(damaged)?;
        if result != "ok" {
            return Err(BackupError::Damaged("its database fails the integrity check"));
        }
    }
    Ok(())
}

/// Counts the rows of every table in `schema`: a walk of each table's tree (or of its smallest
/// index), page by page.
pub(crate) fn walk(conn: &Connection, schema: &str) -> Result<(), BackupError> {
    let damaged = |_| BackupError::Damaged("its database cannot be read");
    for table in tables(conn, schema).map_err(damaged)? {
        let quoted = table.replace('"', "\"\"");
        conn.query_row(&format!("SELECT count(*) FROM \"{schema}\".\"{quoted}\""), [], |r| r.get::<_, i64>(0))
            .map_err(damaged)?;
    }
    Ok(())
}

/// Clients and notes (both kinds) in `schema`; a table this schema does not have yet counts 0.
pub(crate) fn count(conn: &Connection, schema: &str) -> rusqlite::Result<format::Counts> {
    let rows = |table: &str| -> rusqlite::Result<u64> {
        let exists: bool = conn.query_row(
            &format!("SELECT count(*) > 0 FROM \"{schema}\".sqlite_schema WHERE type = 'table' AND name = ?1"),
            [table],
            |r| r.get(0),
        )?;
        if !exists {
            return Ok(0);
        }
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{schema}\".\"{table}\""), [], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    };
    Ok(format::Counts { clients: rows("clients")?, notes: rows("notes")? + rows("psychotherapy_notes")? })
}

//! Opening the SQLCipher database: key first, then proof that it really is encrypted SQLCipher 4.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::VaultError;
use crate::secret::DataKey;

/// Page cache per connection. SQLCipher decrypts on every cache miss, so the working set of a
/// large practice (search index, recent notes) should fit: 64 MiB.
const CACHE_KIB: i64 = 64 * 1024;

/// Opens (or creates) the encrypted database with the data key.
pub fn open(path: &Path, key: &DataKey, create: bool) -> Result<Connection, VaultError> {
    refuse_plaintext(path)?;
    initialise_crypto_once();
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let connect = || {
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|_| VaultError::Database("the file could not be opened"))?;
        apply_key(&conn, key)?;
        Ok::<_, VaultError>(conn)
    };
    // Seen once in the test suite, with many threads opening vaults on a loaded machine: the
    // key refused on a brand-new file. A fresh connection is tried once more before giving up;
    // a wrong key fails the same way twice, so nothing is hidden.
    let conn = match connect() {
        Err(VaultError::Database("the key was refused")) => connect()?,
        other => other?,
    };
    configure(&conn)?;
    Ok(conn)
}

/// SQLCipher sets up its crypto provider (OpenSSL) lazily, on the first key. Doing that once,
/// on one thread, before any vault opens keeps that set-up out of any race between threads.
fn initialise_crypto_once() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Ok(conn) = Connection::open_in_memory() {
            let _ = conn.execute_batch("PRAGMA key = 'initialise'; SELECT count(*) FROM sqlite_master;");
        }
    });
}

/// Plain SQLite silently ignores a key: a database that starts with the SQLite header is not
/// encrypted and must never be used as a vault.
fn refuse_plaintext(path: &Path) -> Result<(), VaultError> {
    let mut header = [0u8; 16];
    match std::fs::File::open(path) {
        Ok(mut file) => {
            let read = file.read(&mut header)?;
            if read >= 15 && &header[..15] == b"SQLite format 3" {
                return Err(VaultError::Database("the database is not encrypted"));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}

fn apply_key(conn: &Connection, key: &DataKey) -> Result<(), VaultError> {
    // The key is a hex literal of fixed shape; it cannot be bound as a parameter in PRAGMA.
    conn.execute_batch(&key.sqlcipher_key_statement()).map_err(|_| VaultError::Database("the key was refused"))?;
    let version: String = conn
        .query_row("PRAGMA cipher_version", [], |row| row.get(0))
        .map_err(|_| VaultError::Database("SQLCipher is not available"))?;
    if !version.starts_with("4.") {
        return Err(VaultError::Database("SQLCipher 4 is required"));
    }
    conn.execute_batch("PRAGMA cipher_compatibility = 4;")?;
    // The first read proves the key: a wrong key reports "file is not a database".
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get::<_, i64>(0))
        .map_err(|_| VaultError::Database("the data key does not open it"))?;
    Ok(())
}

fn configure(conn: &Connection) -> Result<(), VaultError> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(VaultError::Database("write-ahead logging is unavailable"));
    }
    conn.execute_batch(&format!(
        "PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -{CACHE_KIB};"
    ))?;
    Ok(())
}

/// Whether the table exists (a vault of an older schema has no ledger yet).
pub(crate) fn has_table(conn: &Connection, name: &str) -> Result<bool, VaultError> {
    Ok(conn
        .query_row("SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1", [name], |r| r.get(0))?)
}

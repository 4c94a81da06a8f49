//! Numbered, append-only migrations, all pending ones applied in one transaction.
//!
//! Each applied migration's SHA-256 is stored; if a released migration is ever edited, opening
//! the vault says so instead of running on a schema nobody tested. A vault whose `user_version`
//! is newer than this build knows is refused.

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::error::VaultError;

/// Never edit or reorder an entry once released: append a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: the vault's own bookkeeping: settings and the audit trail.
    "CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    CREATE TABLE audit (
        seq        INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        event      TEXT NOT NULL,
        detail     TEXT NOT NULL DEFAULT '',
        prev_hash  TEXT NOT NULL,
        hash       TEXT NOT NULL
    ) STRICT;",
];

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn apply(conn: &mut Connection) -> Result<(), VaultError> {
    apply_list(conn, MIGRATIONS)
}

pub(crate) fn apply_list(conn: &mut Connection, migrations: &[&str]) -> Result<(), VaultError> {
    let known = migrations.len() as i64;
    let tx = conn.transaction()?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            sha256  TEXT NOT NULL
        ) STRICT;",
    )?;
    let current: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > known {
        return Err(VaultError::TooNew { found: current, known });
    }
    for (index, sql) in migrations.iter().enumerate() {
        let version = index as i64 + 1;
        let digest = hex::encode(Sha256::digest(sql.as_bytes()));
        if version <= current {
            let stored: Option<String> = tx
                .query_row("SELECT sha256 FROM schema_migrations WHERE version = ?1", [version], |row| row.get(0))
                .optional()?;
            if stored.as_deref() != Some(digest.as_str()) {
                return Err(VaultError::MigrationEdited(version));
            }
            continue;
        }
        tx.execute_batch(sql)?;
        tx.execute("INSERT INTO schema_migrations (version, sha256) VALUES (?1, ?2)", params![version, digest])?;
        tx.pragma_update(None, "user_version", version)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory() -> Connection {
        Connection::open_in_memory().expect("in-memory database")
    }

    #[test]
    fn migrations_apply_once_and_are_idempotent() {
        let mut conn = memory();
        apply(&mut conn).expect("first");
        apply(&mut conn).expect("second run changes nothing");
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
        assert_eq!(version, latest_version());
    }

    #[test]
    fn an_edited_old_migration_is_detected() {
        let mut conn = memory();
        apply_list(&mut conn, &["CREATE TABLE a (x INTEGER);"]).expect("v1");
        let edited = apply_list(&mut conn, &["CREATE TABLE a (x INTEGER, y INTEGER);"]);
        assert!(matches!(edited, Err(VaultError::MigrationEdited(1))), "{edited:?}");
    }

    #[test]
    fn a_database_from_a_newer_version_is_refused() {
        let mut conn = memory();
        apply_list(&mut conn, &["CREATE TABLE a (x);", "CREATE TABLE b (x);"]).expect("newer build");
        let older = apply_list(&mut conn, &["CREATE TABLE a (x);"]);
        assert!(matches!(older, Err(VaultError::TooNew { found: 2, known: 1 })), "{older:?}");
    }

    #[test]
    fn a_failing_migration_leaves_nothing_half_applied() {
        let mut conn = memory();
        let result = apply_list(&mut conn, &["CREATE TABLE a (x);", "CREATE TABLE b (x); NOT SQL"]);
        assert!(result.is_err());
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name IN ('a','b')", [], |r| r.get(0))
            .expect("count");
        assert_eq!(tables, 0, "the whole batch rolls back");
    }
}

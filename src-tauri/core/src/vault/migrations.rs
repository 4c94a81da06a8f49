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
    // 2: the client register. Every table that holds something about a client references
    // `clients(id) ON DELETE CASCADE`, so destroying a record removes all of it. The `*_key`
    // columns are folded copies for search and matching (lower case, no accents).
    "CREATE TABLE clients (
        id                      INTEGER PRIMARY KEY AUTOINCREMENT,
        code                    TEXT NOT NULL UNIQUE,
        status                  TEXT NOT NULL CHECK (status IN ('prospective', 'active', 'discharged')),
        legal_name              TEXT NOT NULL,
        preferred_name          TEXT NOT NULL DEFAULT '',
        alias                   TEXT NOT NULL DEFAULT '',
        initials                TEXT NOT NULL,
        pronouns                TEXT NOT NULL DEFAULT '',
        date_of_birth           TEXT NOT NULL,
        phone                   TEXT NOT NULL DEFAULT '',
        voicemail_ok            INTEGER NOT NULL DEFAULT 0,
        text_ok                 INTEGER NOT NULL DEFAULT 0,
        email                   TEXT NOT NULL DEFAULT '',
        email_ok                INTEGER NOT NULL DEFAULT 0,
        address                 TEXT NOT NULL DEFAULT '',
        emergency_name          TEXT NOT NULL DEFAULT '',
        emergency_relationship  TEXT NOT NULL DEFAULT '',
        emergency_phone         TEXT NOT NULL DEFAULT '',
        telehealth_state        TEXT NOT NULL DEFAULT '',
        telehealth_city         TEXT NOT NULL DEFAULT '',
        perinatal_status        TEXT NOT NULL DEFAULT 'neither'
                                CHECK (perinatal_status IN ('pregnant', 'postpartum', 'neither')),
        due_date                TEXT,
        baby_birth_date         TEXT,
        children                INTEGER,
        loss_history            TEXT NOT NULL DEFAULT '',
        feeding                 TEXT NOT NULL DEFAULT '',
        obstetric_name          TEXT NOT NULL DEFAULT '',
        obstetric_practice      TEXT NOT NULL DEFAULT '',
        obstetric_phone         TEXT NOT NULL DEFAULT '',
        pediatrician_name       TEXT NOT NULL DEFAULT '',
        pediatrician_practice   TEXT NOT NULL DEFAULT '',
        pediatrician_phone      TEXT NOT NULL DEFAULT '',
        support_notes           TEXT NOT NULL DEFAULT '',
        intake_date             TEXT,
        last_service_date       TEXT,
        discharge_date          TEXT,
        retention_date          TEXT,
        created_at              TEXT NOT NULL,
        updated_at              TEXT NOT NULL,
        sort_key                TEXT NOT NULL,
        search_key              TEXT NOT NULL,
        phone_key               TEXT NOT NULL DEFAULT '',
        email_key               TEXT NOT NULL DEFAULT '',
        duplicate_key           TEXT NOT NULL
    ) STRICT;
    CREATE INDEX clients_by_status_and_name ON clients (status, sort_key);
    CREATE INDEX clients_by_name ON clients (sort_key);
    CREATE INDEX clients_by_duplicate_key ON clients (duplicate_key);
    CREATE INDEX clients_by_phone ON clients (phone_key) WHERE phone_key <> '';
    CREATE INDEX clients_by_email ON clients (email_key) WHERE email_key <> '';
    CREATE INDEX clients_by_retention ON clients (status, retention_date);

    CREATE TABLE client_name_keys (
        client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        name_key   TEXT NOT NULL,
        PRIMARY KEY (client_id, name_key)
    ) STRICT;
    CREATE INDEX client_name_keys_by_key ON client_name_keys (name_key);

    CREATE TABLE client_connections (
        id                INTEGER PRIMARY KEY,
        client_id         INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        kind              TEXT NOT NULL CHECK (kind IN
                          ('spouse_partner', 'family', 'employer', 'faith_community', 'school', 'client', 'other')),
        name              TEXT NOT NULL DEFAULT '',
        phone             TEXT NOT NULL DEFAULT '',
        email             TEXT NOT NULL DEFAULT '',
        notes             TEXT NOT NULL DEFAULT '',
        linked_client_id  INTEGER REFERENCES clients (id) ON DELETE SET NULL,
        name_key          TEXT NOT NULL DEFAULT '',
        phone_key         TEXT NOT NULL DEFAULT '',
        email_key         TEXT NOT NULL DEFAULT '',
        created_at        TEXT NOT NULL
    ) STRICT;
    CREATE INDEX client_connections_by_client ON client_connections (client_id);
    CREATE INDEX client_connections_by_linked_client ON client_connections (linked_client_id);
    CREATE INDEX client_connections_by_name ON client_connections (name_key) WHERE name_key <> '';
    CREATE INDEX client_connections_by_phone ON client_connections (phone_key) WHERE phone_key <> '';
    CREATE INDEX client_connections_by_email ON client_connections (email_key) WHERE email_key <> '';

    CREATE TABLE dual_relationship_reviews (
        id                 INTEGER PRIMARY KEY,
        client_id          INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        other_client_id    INTEGER REFERENCES clients (id) ON DELETE SET NULL,
        other_client_code  TEXT NOT NULL,
        matched            TEXT NOT NULL,
        decision           TEXT NOT NULL,
        decided_at         TEXT NOT NULL
    ) STRICT;
    CREATE INDEX dual_relationship_reviews_by_client ON dual_relationship_reviews (client_id);
    CREATE INDEX dual_relationship_reviews_by_other ON dual_relationship_reviews (other_client_id);",
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

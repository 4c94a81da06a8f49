//! Shared helpers for the backup tests: vaults with content, and a row-for-row comparison.
#![allow(dead_code)]

use std::path::Path;

use chrono::NaiveDate;
use confidant_core::backup::BackupKey;
use confidant_core::vault::Session;
use rusqlite::types::Value;
use rusqlite::Connection;

pub const BACKUP_PASSPHRASE: &str = "willow tide backup 2026";

pub fn backup_key() -> BackupKey {
    BackupKey::Passphrase(confidant_core::secret::Passphrase::new(BACKUP_PASSPHRASE.into()))
}

/// Manual backups under a cheap scrypt work factor: the tests make hundreds.
pub fn cheap_backups() {
    confidant_core::backup::create::set_work_factor_for_tests(10);
}

/// Adds `clients` fictional clients with about `notes` notes.
pub fn fill(session: &mut Session, clients: usize, notes: usize, seed: u64) {
    let today = NaiveDate::from_ymd_opt(2026, 1, 10).expect("date");
    if clients > 0 {
        confidant_core::demo::generate_as_of(session, clients, seed, today).expect("clients");
    }
    let ids: Vec<i64> = {
        let mut stmt = session.conn().prepare("SELECT id FROM clients ORDER BY id").expect("ids");
        stmt.query_map([], |r| r.get(0)).expect("rows").collect::<Result<_, _>>().expect("read")
    };
    let plan = confidant_core::notes::sample::Plan { notes, heavy_client: None, heavy_notes: 0, days: 3650, seed };
    confidant_core::notes::sample::generate(session.conn_mut(), &ids, &plan, today).expect("notes");
}

/// Every row of every table (internal ones included), sorted, by table name.
pub fn all_rows(conn: &Connection) -> Vec<(String, Vec<Vec<Value>>)> {
    let tables: Vec<String> = {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0 ORDER BY name")
            .expect("tables");
        stmt.query_map([], |r| r.get(0)).expect("rows").collect::<Result<_, _>>().expect("read")
    };
    tables
        .into_iter()
        .map(|table| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).expect("select");
            let width = stmt.column_count();
            let mut rows: Vec<Vec<Value>> = stmt
                .query_map([], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect())
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("read");
            rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
            (table, rows)
        })
        .collect()
}

/// The restored vault holds what the original held when the backup was made; only the audit
/// trail has grown (by the restore's own entry) after the original's entries.
pub fn assert_same_content(before: &[(String, Vec<Vec<Value>>)], restored: &Connection) {
    let after = all_rows(restored);
    let names = |rows: &[(String, Vec<Vec<Value>>)]| rows.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(before), names(&after), "the same tables");
    for ((table, old), (_, new)) in before.iter().zip(&after) {
        if table == "audit" {
            assert!(new.len() > old.len(), "the restore is recorded in the audit trail");
            let mut new_prefix: Vec<_> = new.clone();
            new_prefix.sort_by_key(|row| match row[0] {
                Value::Integer(seq) => seq,
                _ => i64::MAX,
            });
            new_prefix.truncate(old.len());
            let mut old_sorted = old.clone();
            old_sorted.sort_by_key(|row| match row[0] {
                Value::Integer(seq) => seq,
                _ => i64::MAX,
            });
            assert_eq!(old_sorted, new_prefix, "the audit trail is kept entry for entry");
        } else {
            assert_eq!(old, new, "table {table} is restored row for row");
        }
    }
}

pub fn file_mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

/// A temporary folder in memory where the platform has one (`/dev/shm`): the round trip makes
/// hundreds of vaults, and on a disk their flushes dominate the time.
pub fn fast_tempdir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(dir) = tempfile::tempdir_in(shm) {
            return dir;
        }
    }
    tempfile::tempdir().expect("temporary directory")
}

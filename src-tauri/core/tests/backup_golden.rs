//! The golden backup: a file written by the first release of the format must restore with
//! today's code, forever. Never regenerate it; add a new golden file for a new format version.

mod backup_support;

use backup_support::*;
use confidant_core::backup::{self, restore};
use confidant_core::paths::DataDir;

const GOLDEN: &str = "tests/fixtures/golden-backup-v1.age";

fn golden() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(GOLDEN)
}

#[test]
fn the_golden_backup_from_the_first_format_restores_with_todays_code() {
    let summary = backup::verify(&golden(), &backup_key()).expect("the golden backup verifies");
    assert_eq!((summary.format_version, summary.schema_version), (1, 3));
    assert_eq!((summary.clients, summary.notes), (8, 40));
    let temp = tempfile::tempdir().expect("temp");
    let dir = DataDir::new(temp.path().join("restored"));
    let (session, _) =
        restore::restore_into_new_for_tests(&golden(), &backup_key(), &dir, "golden restore 2026").expect("restores");
    let marker: String = session
        .conn()
        .query_row("SELECT value FROM settings WHERE key = 'golden_backup_marker'", [], |r| r.get(0))
        .expect("marker");
    assert_eq!(marker, "written by format 1");
    let clients: i64 = session.conn().query_row("SELECT count(*) FROM clients", [], |r| r.get(0)).expect("count");
    assert_eq!(clients, 8);
    let version: i64 = session.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
    assert_eq!(version, confidant_core::vault::migrations::latest_version(), "migrated to today's schema");
}

/// Writes the golden file. Run once, by hand, when a format version is first released:
/// `CONFIDANT_WRITE_GOLDEN=1 cargo test -p confidant-core --test backup_golden -- --ignored`
#[test]
#[ignore]
fn write_the_golden_backup() {
    if std::env::var_os("CONFIDANT_WRITE_GOLDEN").is_none() {
        return;
    }
    cheap_backups();
    let temp = tempfile::tempdir().expect("temp");
    let dir = DataDir::new(temp.path().join("golden"));
    let mut session = confidant_core::vault::create_for_tests(&dir, "golden vault 2026").expect("vault");
    fill(&mut session, 8, 40, 2026);
    session
        .conn()
        .execute("INSERT INTO settings (key, value) VALUES ('golden_backup_marker', 'written by format 1')", [])
        .expect("marker");
    backup::create_backup(&mut session, &golden(), &confidant_core::secret::Passphrase::new(BACKUP_PASSPHRASE.into()))
        .expect("golden");
}

//! The golden backups: a file written by each released version of the format must restore with
//! today's code, forever. Never regenerate one; a new format version adds its own golden file.

use crate::backup_support;

use backup_support::*;
use confidant_core::backup::{self, format, restore};
use confidant_core::paths::DataDir;
use confidant_core::vault::Session;

fn golden(version: u32) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/golden-backup-v{version}.age"))
}

/// Verifies and restores the golden file of `version`; returns the restored vault.
fn restore_golden(version: u32, schema_version: i64) -> (tempfile::TempDir, Session) {
    let summary = backup::verify(&golden(version), &backup_key()).expect("the golden backup verifies");
    assert_eq!((summary.format_version, summary.schema_version), (version, schema_version));
    assert_eq!((summary.clients, summary.notes), (8, 40));
    let temp = tempfile::tempdir().expect("temp");
    let dir = DataDir::new(temp.path().join("restored"));
    let (session, _) =
        restore::restore_into_new_for_tests(&golden(version), &backup_key(), &dir, "golden restore 2026")
            .expect("restores");
    let marker: String = session
        .conn()
        .query_row("SELECT value FROM settings WHERE key = 'golden_backup_marker'", [], |r| r.get(0))
        .expect("marker");
    assert_eq!(marker, format!("written by format {version}"));
    let clients: i64 = session.conn().query_row("SELECT count(*) FROM clients", [], |r| r.get(0)).expect("count");
    assert_eq!(clients, 8);
    let migrated: i64 = session.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
    assert_eq!(migrated, confidant_core::vault::migrations::latest_version(), "migrated to today's schema");
    assert_search_indexes_match_the_notes(session.conn());
    (temp, session)
}

#[test]
fn the_golden_backup_from_the_first_format_restores_with_todays_code() {
    restore_golden(1, 3);
}

#[test]
fn the_golden_backup_from_the_second_format_restores_with_its_search_index_rebuilt() {
    let (_temp, session) = restore_golden(2, 7);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 10).expect("date");
    let query = confidant_core::notes::SearchQuery { text: "reported".into(), ..Default::default() };
    let found = confidant_core::notes::search(session.conn(), &query, true, today).expect("search");
    assert!(!found.notes.is_empty(), "search finds notes by their words after a restore");
}

/// Writes the golden file of today's format version. Run once, by hand, when a format version is
/// first released:
/// `CONFIDANT_WRITE_GOLDEN=1 cargo test -p confidant-core --test core_tests backup_golden:: -- --ignored`
#[test]
#[ignore]
fn write_the_golden_backup() {
    if std::env::var_os("CONFIDANT_WRITE_GOLDEN").is_none() {
        return;
    }
    let file = golden(format::FORMAT_VERSION);
    assert!(!file.exists(), "a golden backup is never regenerated");
    cheap_backups();
    let temp = tempfile::tempdir().expect("temp");
    let dir = DataDir::new(temp.path().join("golden"));
    let mut session = confidant_core::vault::create_for_tests(&dir, "golden vault 2026").expect("vault");
    fill(&mut session, 8, 40, 2026);
    session
        .conn()
        .execute(
            "INSERT INTO settings (key, value) VALUES ('golden_backup_marker', ?1)",
            [format!("written by format {}", format::FORMAT_VERSION)],
        )
        .expect("marker");
    backup::create_backup(
        checked(&session, "golden vault 2026"),
        &mut session,
        &file,
        &confidant_core::secret::Passphrase::new(BACKUP_PASSPHRASE.into()),
    )
    .expect("golden");
}

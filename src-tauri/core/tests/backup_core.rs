//! Backups: create, verify, restore, replace, automatic backups, and every refusal.

use crate::backup_support;
use crate::common;

use std::io::{Read, Write};

use backup_support::*;
use common::TestVault;
use confidant_core::backup::format::{self, Counts, Manifest};
use confidant_core::backup::{self, auto, restore, BackupError, BackupKey, BackupKind};
use confidant_core::paths::DataDir;
use confidant_core::secret::{Passphrase, RecoveryKey};
use confidant_core::vault::{self, LockReason};

fn vault_with_content() -> (TestVault, confidant_core::vault::Session) {
    cheap_backups();
    let (vault, mut session) = TestVault::new();
    fill(&mut session, 12, 60, 7);
    (vault, session)
}

fn passphrase() -> Passphrase {
    Passphrase::new(BACKUP_PASSPHRASE.into())
}

#[test]
fn a_manual_backup_restores_into_a_new_vault_row_for_row() {
    let (vault, mut session) = vault_with_content();
    let before = all_rows(session.conn());
    let file = vault.temp.path().join("out/backup.age");
    let made = backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase())
        .expect("backup");
    assert_eq!(made.clients, 12);
    assert!(made.notes > 0);

    let new_dir = DataDir::new(vault.temp.path().join("restored"));
    let (restored, summary) =
        restore::restore_into_new_for_tests(&file, &backup_key(), &new_dir, "new restored passphrase 7")
            .expect("restore");
    assert_eq!(summary, made, "restore shows what the backup holds");
    assert_same_content(&before, restored.conn());
    assert!(restored.pending_recovery_key().is_some(), "the restored vault has a new recovery sheet to keep");
    restored.lock(LockReason::Manual).expect("lock");
    vault::unlock(&new_dir, &common::pass("new restored passphrase 7")).expect("the new passphrase opens it");
}

#[test]
fn verify_says_what_the_backup_holds_and_the_vault_remembers_it() {
    let (vault, mut session) = vault_with_content();
    let file = vault.temp.path().join("backup.age");
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase()).expect("backup");
    let summary = backup::verify(&file, &backup_key()).expect("verify");
    assert_eq!(summary.kind, BackupKind::Manual);
    assert_eq!(summary.clients, 12);
    assert_eq!(summary.app_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(summary.schema_version, confidant_core::vault::migrations::latest_version());
    let status = auto::status(&session).expect("status");
    assert!(status.last_verified_at.is_some(), "the home screen can show the last verified backup");
    let events: Vec<String> = confidant_core::audit::recent(session.conn(), 5)
        .expect("audit")
        .into_iter()
        .map(|(_, event, _)| event)
        .collect();
    assert!(events.contains(&"backup_created".to_string()) && events.contains(&"backup_verified".to_string()));
}

#[test]
fn a_backup_and_a_new_folder_are_owner_only_and_named_without_clients() {
    let (vault, mut session) = vault_with_content();
    let folder = vault.temp.path().join("usb/backups");
    let name = backup::default_file_name(chrono::Utc::now());
    assert!(name.starts_with("confidant-backup-20") && name.ends_with(".age"));
    let file = folder.join(&name);
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase()).expect("backup");
    assert_eq!(file_mode(&file), 0o600);
    assert_eq!(file_mode(&folder), 0o700);
    let leftovers: Vec<_> = std::fs::read_dir(&folder).expect("list").collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left beside the backup");
}

#[test]
fn the_backup_file_holds_no_plaintext() {
    let (vault, mut session) = vault_with_content();
    let code: String =
        session.conn().query_row("SELECT legal_name FROM clients LIMIT 1", [], |r| r.get(0)).expect("name");
    let file = vault.temp.path().join("backup.age");
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase()).expect("backup");
    let bytes = std::fs::read(&file).expect("read");
    assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "));
    assert!(!common::contains(&bytes, code.as_bytes()));
    assert!(!common::contains(&bytes, b"SQLite format 3"));
}

#[test]
fn a_wrong_passphrase_is_refused_with_its_own_message() {
    let (vault, mut session) = vault_with_content();
    let file = vault.temp.path().join("backup.age");
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase()).expect("backup");
    let wrong = BackupKey::Passphrase(Passphrase::new("not the passphrase".into()));
    let error = backup::verify(&file, &wrong).expect_err("refused");
    assert!(matches!(error, BackupError::WrongPassphrase), "{error}");
    assert!(error.to_string().contains("passphrase does not open this backup"));
    let dir = DataDir::new(vault.temp.path().join("never"));
    assert!(restore::restore_into_new_for_tests(&file, &wrong, &dir, "x y z w 1234").is_err());
    assert!(!dir.root().exists(), "a refused restore creates nothing");
}

#[test]
fn a_file_that_is_not_a_backup_is_refused() {
    let temp = tempfile::tempdir().expect("temp");
    for (name, content) in [("empty", &b""[..]), ("text", b"hello, this is a letter"), ("pdf", b"%PDF-1.7\n")] {
        let path = temp.path().join(name);
        std::fs::write(&path, content).expect("write");
        let error = backup::verify(&path, &backup_key()).expect_err("refused");
        assert!(matches!(error, BackupError::NotABackup), "{name}: {error}");
    }
    // An age file that is not ours: right passphrase, wrong content.
    let path = temp.path().join("other.age");
    let mut recipient = age::scrypt::Recipient::new(BACKUP_PASSPHRASE.to_string().into());
    recipient.set_work_factor(10);
    std::fs::write(&path, age::encrypt(&recipient, b"just some file").expect("encrypt")).expect("write");
    let error = backup::verify(&path, &backup_key()).expect_err("refused");
    assert!(matches!(error, BackupError::Damaged(_) | BackupError::NotABackup), "{error}");
}

/// Decrypts a real backup's archive, lets `edit` change it, and encrypts it again, so that the
/// damage is inside a correctly encrypted file.
fn rewrap(source: &std::path::Path, target: &std::path::Path, edit: impl FnOnce(&mut Manifest, &mut Vec<u8>)) {
    let identity = age::scrypt::Identity::new(BACKUP_PASSPHRASE.to_string().into());
    let archive = age::decrypt(&identity, &std::fs::read(source).expect("read")).expect("decrypt");
    let mut input = &archive[..];
    let len = format::read_entry_header(&mut input, format::MANIFEST_NAME).expect("manifest");
    let mut manifest_bytes = vec![0u8; len as usize];
    input.read_exact(&mut manifest_bytes).expect("read");
    format::skip_padding(&mut input, len).expect("pad");
    let mut manifest = Manifest::parse(&manifest_bytes).expect("parse");
    let len = format::read_entry_header(&mut input, format::IMAGE_NAME).expect("image");
    let mut image = vec![0u8; len as usize];
    input.read_exact(&mut image).expect("read");
    edit(&mut manifest, &mut image);
    let mut out = Vec::new();
    format::write_archive(&mut out, &manifest.to_json(), &image, 0).expect("archive");
    let mut recipient = age::scrypt::Recipient::new(BACKUP_PASSPHRASE.to_string().into());
    recipient.set_work_factor(10);
    let encrypted = age::encrypt(&recipient, &out).expect("encrypt");
    std::fs::File::create(target).expect("create").write_all(&encrypted).expect("write");
}

#[test]
fn the_image_leaves_the_search_indexes_empty_and_a_restore_rebuilds_them() {
    let (vault, mut session) = vault_with_content();
    let virtual_tables: Vec<(String, String)> = session
        .conn()
        .prepare("SELECT name, sql FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
        .expect("schema")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read");
    let mut names: Vec<&str> = virtual_tables.iter().map(|(name, _)| name.as_str()).collect();
    let mut known = format::SEARCH_INDEXES.to_vec();
    names.sort();
    known.sort();
    assert_eq!(names, known, "every virtual table is a search index that the backup leaves out");
    for (name, sql) in &virtual_tables {
        assert!(sql.contains("content = '"), "{name} indexes a table of its own, so a restore can rebuild it");
    }

    let file = vault.temp.path().join("backup.age");
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase()).expect("backup");
    let mut counts = (0, 0);
    rewrap(&file, &vault.temp.path().join("copy.age"), |_, image| {
        let mut conn = rusqlite::Connection::open_in_memory().expect("memory");
        conn.deserialize_read_exact("main", &image[..], image.len(), true).expect("image");
        let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).expect(sql);
        counts = (count("SELECT count(*) FROM notes"), count("SELECT count(*) FROM notes_fts_docsize"));
    });
    assert!(counts.0 > 0 && counts.1 == 0, "the image holds the notes but not their index: {counts:?}");

    let dir = DataDir::new(vault.temp.path().join("restored"));
    let (restored, _) =
        restore::restore_into_new_for_tests(&file, &backup_key(), &dir, "new restored passphrase 7").expect("restore");
    assert_search_indexes_match_the_notes(restored.conn());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 10).expect("date");
    let query = confidant_core::notes::SearchQuery { text: "reported".into(), ..Default::default() };
    let found = confidant_core::notes::search(restored.conn(), &query, true, today).expect("search");
    assert!(!found.notes.is_empty(), "search finds notes by their words after a restore");
}

#[test]
fn making_a_backup_leaves_the_vaults_foreign_keys_on() {
    let (vault, mut session) = vault_with_content();
    backup::create_backup(
        checked(&session, common::PASSPHRASE),
        &mut session,
        &vault.temp.path().join("backup.age"),
        &passphrase(),
    )
    .expect("backup");
    let on: bool = session.conn().query_row("PRAGMA foreign_keys", [], |r| r.get(0)).expect("pragma");
    assert!(on, "the export turns foreign keys off only while it copies");
}

#[test]
fn a_backup_from_a_newer_format_or_schema_is_refused() {
    let (vault, mut session) = vault_with_content();
    let file = vault.temp.path().join("backup.age");
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase()).expect("backup");
    let newer_format = vault.temp.path().join("newer-format.age");
    rewrap(&file, &newer_format, |m, _| m.format_version = format::FORMAT_VERSION + 1);
    let error = backup::verify(&newer_format, &backup_key()).expect_err("refused");
    assert!(matches!(error, BackupError::TooNew { what: "format", .. }), "{error}");
    assert!(error.to_string().contains("newer version of Confidant"));

    let newer_schema = vault.temp.path().join("newer-schema.age");
    rewrap(&file, &newer_schema, |m, _| m.schema_version = 999);
    let error = backup::verify(&newer_schema, &backup_key()).expect_err("refused");
    assert!(matches!(error, BackupError::TooNew { what: "schema", found: 999 }), "{error}");
}

#[test]
fn a_checksum_that_does_not_match_is_refused() {
    let (vault, mut session) = vault_with_content();
    let file = vault.temp.path().join("backup.age");
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase()).expect("backup");
    let bad = vault.temp.path().join("bad-sum.age");
    rewrap(&file, &bad, |_, image| {
        let last = image.len() - 1;
        image[last] ^= 0x55;
    });
    let error = backup::verify(&bad, &backup_key()).expect_err("refused");
    assert!(matches!(error, BackupError::ChecksumMismatch), "{error}");

    let wrong_counts = vault.temp.path().join("counts.age");
    rewrap(&file, &wrong_counts, |m, _| m.counts = Counts { clients: 1, notes: 1 });
    assert!(matches!(backup::verify(&wrong_counts, &backup_key()), Err(BackupError::Damaged(_))));
}

#[test]
fn a_work_factor_above_the_cap_is_refused_before_any_work() {
    let (vault, mut session) = vault_with_content();
    let file = vault.temp.path().join("backup.age");
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase()).expect("backup");
    let bytes = std::fs::read(&file).expect("read");
    let text_end = bytes.iter().position(|&b| b == b'\n').expect("line") + 1;
    let stanza_end = text_end + bytes[text_end..].iter().position(|&b| b == b'\n').expect("stanza");
    let stanza = String::from_utf8(bytes[text_end..stanza_end].to_vec()).expect("text");
    let heavy = stanza.rsplit_once(' ').map(|(head, _)| format!("{head} 40")).expect("factor");
    let mut crafted = bytes[..text_end].to_vec();
    crafted.extend_from_slice(heavy.as_bytes());
    crafted.extend_from_slice(&bytes[stanza_end..]);
    let path = vault.temp.path().join("heavy.age");
    std::fs::write(&path, crafted).expect("write");
    let start = std::time::Instant::now();
    let error = backup::verify(&path, &backup_key()).expect_err("refused");
    assert!(matches!(error, BackupError::WorkFactorTooHigh { found: 40, cap: 20 }), "{error}");
    assert!(start.elapsed() < std::time::Duration::from_secs(2), "refused at once");
}

#[test]
fn replacing_the_vault_needs_confirmation_and_keeps_the_old_one_aside_until_unlocked() {
    let (vault, mut session) = vault_with_content();
    let before = all_rows(session.conn());
    let file = vault.temp.path().join("backup.age");
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase()).expect("backup");
    fill(&mut session, 3, 5, 99); // changes made after the backup
    let (first, second) = (checked(&session, common::PASSPHRASE), checked(&session, common::PASSPHRASE));
    session.lock(LockReason::Manual).expect("lock");
    let untouched = vault.snapshot();

    let refused =
        restore::restore_replacing_for_tests(first, &file, &backup_key(), &vault.dir, "replaced pass 1", false);
    assert!(matches!(refused, Err(BackupError::NotConfirmed)));
    assert_eq!(vault.snapshot(), untouched, "without confirmation nothing changes");

    let (restored, _) =
        restore::restore_replacing_for_tests(second, &file, &backup_key(), &vault.dir, "replaced pass 1", true)
            .expect("restore");
    assert_same_content(&before, restored.conn());
    let aside = restore::pending_replacement(&vault.dir).expect("the replaced vault is kept aside");
    assert!(aside.join("vault.key").exists() && aside.join("vault.db").exists());
    drop(restored);

    // Changed her mind: the old vault comes back as it was.
    restore::undo_replacement(&vault.dir).expect("undo");
    assert!(restore::pending_replacement(&vault.dir).is_none());
    let old = vault::unlock(&vault.dir, &common::pass(common::PASSPHRASE)).expect("the old vault opens again");
    let again = checked(&old, common::PASSPHRASE);
    old.lock(LockReason::Manual).expect("lock");

    // Again, and this time she unlocks the restored vault: the old one goes.
    drop(
        restore::restore_replacing_for_tests(again, &file, &backup_key(), &vault.dir, "replaced pass 1", true)
            .expect("restore"),
    );
    let session = vault::unlock(&vault.dir, &common::pass("replaced pass 1")).expect("restored vault unlocks");
    restore::finish_replacement(&session).expect("finish");
    assert!(restore::pending_replacement(&vault.dir).is_none());
}

#[test]
fn a_damaged_backup_never_replaces_the_vault() {
    let (vault, mut session) = vault_with_content();
    let file = vault.temp.path().join("backup.age");
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase()).expect("backup");
    let checked = checked(&session, common::PASSPHRASE);
    session.lock(LockReason::Manual).expect("lock");
    let mut bytes = std::fs::read(&file).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&file, bytes).expect("write");
    let untouched = vault.snapshot();
    let Err(error) =
        restore::restore_replacing_for_tests(checked, &file, &backup_key(), &vault.dir, "replaced pass 1", true)
    else {
        panic!("a damaged backup must be refused")
    };
    assert!(matches!(error, BackupError::Damaged(_)), "{error}");
    assert_eq!(vault.snapshot(), untouched);
}

#[test]
fn an_automatic_backup_opens_with_the_recovery_key_alone() {
    let (vault, mut session) = vault_with_content();
    let recovery = session.pending_recovery_key().expect("pending").expose_grouped().to_string();
    let folder = vault.temp.path().join("auto");
    let now = chrono::Utc::now();
    let made = auto::create_auto_backup(&mut session, &folder, now).expect("auto backup");
    let auto::AutoOutcome::Made { path, summary, removed } = made else { panic!("a backup is made") };
    assert_eq!((summary.kind, removed), (BackupKind::Automatic, 0));
    assert_eq!(file_mode(&path), 0o600);
    assert_eq!(file_mode(&folder), 0o700);
    assert_eq!(
        auto::create_auto_backup(&mut session, &folder, now).expect("again"),
        auto::AutoOutcome::AlreadyMadeToday,
        "at most one a day"
    );

    let key = BackupKey::RecoveryKey(RecoveryKey::parse(&recovery).expect("key"));
    assert_eq!(backup::verify(&path, &key).expect("the recovery key opens it").clients, 12);
    let other = BackupKey::RecoveryKey(RecoveryKey::generate());
    assert!(matches!(backup::verify(&path, &other), Err(BackupError::WrongRecoveryKey)));
    assert!(matches!(backup::verify(&path, &backup_key()), Err(BackupError::NeedsRecoveryKey)));
    assert!(matches!(BackupKey::for_file(&path, recovery.clone()), Ok(BackupKey::RecoveryKey(_))));
}

#[test]
fn automatic_backups_wait_for_the_recovery_key_once_the_sheet_is_put_away() {
    let (vault, mut session) = vault_with_content();
    let recovery = session.pending_recovery_key().expect("pending").expose_grouped().to_string();
    session.confirm_recovery_sheet_kept().expect("kept");
    let folder = vault.temp.path().join("auto");
    let error = auto::create_auto_backup(&mut session, &folder, chrono::Utc::now()).expect_err("not set up");
    assert!(matches!(error, BackupError::AutomaticNotSetUp), "{error}");
    assert!(matches!(auto::set_up(&session, Some("AAAA-BBBB")), Err(BackupError::WrongRecoveryKey)));
    auto::set_up(&session, Some(&recovery)).expect("set up with the sheet");
    assert!(auto::status(&session).expect("status").automatic_ready);
    auto::create_auto_backup(&mut session, &folder, chrono::Utc::now()).expect("now it runs");

    // A replaced recovery key: backups to the old key stop until the new one is at hand.
    session.replace_recovery_key(&common::pass(common::PASSPHRASE)).expect("replace");
    session.confirm_recovery_sheet_kept().expect("kept");
    assert!(!auto::ready(&session).expect("ready"));
}

#[test]
fn rotation_removes_only_our_old_automatic_backups() {
    let (vault, mut session) = vault_with_content();
    let folder = vault.temp.path().join("auto");
    std::fs::create_dir_all(&folder).expect("folder");
    let today = chrono::Local::now().date_naive();
    // Forty old automatic backups (copies of a real one), and files that are not ours.
    let first = auto::create_auto_backup(&mut session, &folder, chrono::Utc::now()).expect("auto");
    let auto::AutoOutcome::Made { path, .. } = first else { panic!("made") };
    for days_ago in 1..=40u64 {
        let day = today - chrono::Days::new(days_ago);
        std::fs::copy(&path, folder.join(auto::file_name(day))).expect("copy");
    }
    let not_ours = [
        (folder.join("confidant-auto-2001-01-01.age"), b"not an age file".to_vec()),
        (folder.join("holiday-photos.age"), std::fs::read(&path).expect("read")),
    ];
    for (p, content) in &not_ours {
        std::fs::write(p, content).expect("write");
    }
    let removed = auto::rotate(&folder, today).expect("rotate");
    let left: Vec<_> = std::fs::read_dir(&folder).expect("list").filter_map(Result::ok).collect();
    assert!(removed >= 9, "the days past thirty go, except month ends: removed {removed}");
    for (p, _) in &not_ours {
        assert!(p.exists(), "{} is not ours and stays", p.display());
    }
    assert!(left.len() >= 30 + not_ours.len());
}

#[test]
fn the_backup_due_at_idle_lock_or_quit_runs_only_when_a_folder_was_chosen() {
    let (vault, mut session) = vault_with_content();
    let now = chrono::Utc::now();
    assert_eq!(auto::run_if_configured(&mut session, now).expect("nothing to do"), None, "no folder, no backup");

    let folder = vault.temp.path().join("usb");
    auto::set_folder(checked(&session, common::PASSPHRASE), &session, Some(&folder)).expect("choose folder");
    let made = auto::run_if_configured(&mut session, now).expect("runs");
    assert!(matches!(made, Some(auto::AutoOutcome::Made { .. })), "{made:?}");
    assert_eq!(auto::run_if_configured(&mut session, now).expect("again"), Some(auto::AutoOutcome::AlreadyMadeToday));
    assert_eq!(std::fs::read_dir(&folder).expect("folder").count(), 1);
}

#[test]
fn unlocking_a_restored_vault_removes_the_one_it_replaced_and_a_plain_unlock_changes_nothing() {
    let (vault, mut session) = vault_with_content();
    let file = vault.temp.path().join("backup.age");
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase()).expect("backup");
    restore::finish_pending_replacement(&session).expect("nothing pending is fine");
    let checked = checked(&session, common::PASSPHRASE);
    session.lock(LockReason::Manual).expect("lock");

    drop(
        restore::restore_replacing_for_tests(checked, &file, &backup_key(), &vault.dir, "replaced pass 1", true)
            .expect("restore"),
    );
    assert!(restore::pending_replacement(&vault.dir).is_some());
    let session = vault::unlock(&vault.dir, &common::pass("replaced pass 1")).expect("restored vault unlocks");
    restore::finish_pending_replacement(&session).expect("finish");
    assert!(restore::pending_replacement(&vault.dir).is_none(), "the replaced vault is gone");
}

#[test]
fn a_replacement_is_checked_in_full_while_the_current_vault_is_still_open() {
    let (vault, mut session) = vault_with_content();
    let before = all_rows(session.conn());
    let file = vault.temp.path().join("backup.age");
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase()).expect("backup");
    fill(&mut session, 2, 4, 41); // changes made after the backup
    let untouched = vault.snapshot();

    let wrong = BackupKey::Passphrase(Passphrase::new("not the backup passphrase".into()));
    let refused = restore::prepare_replacement_for_tests(
        checked(&session, common::PASSPHRASE),
        &file,
        &wrong,
        &vault.dir,
        "replaced pass 1",
        true,
    );
    assert!(matches!(refused, Err(BackupError::WrongPassphrase)));
    let unconfirmed = restore::prepare_replacement_for_tests(
        checked(&session, common::PASSPHRASE),
        &file,
        &backup_key(),
        &vault.dir,
        "replaced pass 1",
        false,
    );
    assert!(matches!(unconfirmed, Err(BackupError::NotConfirmed)));

    let replacement = restore::prepare_replacement_for_tests(
        checked(&session, common::PASSPHRASE),
        &file,
        &backup_key(),
        &vault.dir,
        "replaced pass 1",
        true,
    )
    .expect("the backup verifies");
    assert_eq!(replacement.summary().clients, 12, "she sees what will replace her vault");
    assert_eq!(vault.snapshot(), untouched, "preparing changes nothing");
    assert!(session.conn().query_row("SELECT count(*) FROM clients", [], |r| r.get::<_, i64>(0)).is_ok());

    session.lock(LockReason::Manual).expect("lock");
    let (restored, _) = replacement.replace(&vault.dir).expect("replace");
    assert_same_content(&before, restored.conn());
    assert!(restore::pending_replacement(&vault.dir).is_some(), "the old vault waits aside");
}

#[test]
fn a_chosen_file_says_which_key_it_needs_before_anything_is_typed() {
    let (vault, mut session) = vault_with_content();
    let file = vault.temp.path().join("confidant-backup-2026-01-10.age");
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase()).expect("backup");
    let chosen = restore::describe(&file).expect("a backup");
    assert_eq!(chosen.file_name, "confidant-backup-2026-01-10.age");
    assert_eq!(chosen.kind, BackupKind::Manual);

    let notes = vault.temp.path().join("notes.txt");
    std::fs::write(&notes, "shopping list").expect("write");
    assert!(matches!(restore::describe(&notes), Err(BackupError::NotABackup)));
}

#[test]
fn the_backup_reminder_defaults_to_seven_days_and_is_kept_within_bounds() {
    let (vault, mut session) = vault_with_content();
    assert_eq!(auto::status(&session).expect("status").remind_after_days, 7);
    let updated = auto::set_remind_after_days(&mut session, 14).expect("set");
    assert_eq!(updated.remind_after_days, 14);
    for days in [0, 91] {
        assert!(auto::set_remind_after_days(&mut session, days).is_err(), "{days} days is refused");
    }
    assert_eq!(auto::status(&session).expect("status").remind_after_days, 14, "a refusal changes nothing");

    // A preference, not a key: a restored vault keeps it.
    let file = vault.temp.path().join("backup.age");
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &passphrase()).expect("backup");
    let new_dir = DataDir::new(vault.temp.path().join("restored"));
    let (restored, _) =
        restore::restore_into_new_for_tests(&file, &backup_key(), &new_dir, "restored pass 5 x").expect("restore");
    assert_eq!(auto::status(&restored).expect("status").remind_after_days, 14);
}

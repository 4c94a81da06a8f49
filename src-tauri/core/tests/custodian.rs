//! The professional will's custodian key (docs/DOMAIN.md section 13): a third slot of the key file
//! wrapping the same data key, replaced or revoked at will, opening the vault in custodian mode
//! (audited, and unable to sign, edit or delete notes or change the vault passphrase), and a
//! recipient of automatic backups while it is in force.

use crate::backup_support;
use crate::common;

use std::io::Read;
use std::path::Path;

use backup_support::*;
use chrono::{NaiveDate, NaiveDateTime};
use common::{pass, TestVault, PASSPHRASE};
use confidant_core::audit;
use confidant_core::backup::{self, auto, format, BackupKey};
use confidant_core::error::VaultError;
use confidant_core::notes::{self, Attendance, NewNote, NoteContent, NoteKind, NotesError, SessionFields, Template};
use confidant_core::register::{self, ClientFields, ClientStatus};
use confidant_core::secret::{CustodianKey, RecoveryKey};
use confidant_core::vault::{self, LockReason, OpenedBy, Session};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, 10).expect("date").and_hms_opt(17, 0, 0).expect("time")
}

fn client(session: &mut Session) -> i64 {
    let fields =
        ClientFields { legal_name: "Ana Lee".into(), date_of_birth: "1990-04-02".into(), ..Default::default() };
    let client_id = register::create(session, &fields, ClientStatus::Active, false, now().date()).expect("client").id;
    common::sign_informed_consent(session, client_id);
    client_id
}

fn note(session: &mut Session, client_id: i64) -> i64 {
    let held = SessionFields {
        date: "2026-03-09".into(),
        start_time: "10:00".into(),
        end_time: "10:50".into(),
        attendance: Attendance::Attended,
        ..Default::default()
    };
    let s = notes::create_session(session, client_id, &held, now()).expect("session");
    let new = NewNote {
        client_id,
        session_id: Some(s.id),
        kind: NoteKind::Progress,
        template: Template::Soap,
        ..Default::default()
    };
    notes::create_note(session, &new, now()).expect("note").id
}

fn soap(text: &str) -> NoteContent {
    NoteContent { template: Template::Soap, sections: vec![text.into(), "".into(), "".into(), "".into()] }
}

fn key_text(key: &CustodianKey) -> String {
    key.expose_grouped().to_string()
}

fn as_custodian(vault: &TestVault, key: &CustodianKey) -> Result<Session, VaultError> {
    vault::unlock_as_custodian(&vault.dir, &pass(&key_text(key)))
}

fn refused_to_the_custodian<T: std::fmt::Debug>(result: Result<T, NotesError>) -> String {
    match result {
        Err(NotesError::Vault(VaultError::CustodianMode(what))) => what.to_owned(),
        other => panic!("custodian mode must refuse this, got {other:?}"),
    }
}

fn events(session: &Session) -> Vec<(String, String)> {
    audit::recent(session.conn(), 200).expect("audit").into_iter().map(|(_, event, detail)| (event, detail)).collect()
}

fn decrypts(path: &Path, identity: &age::x25519::Identity) -> bool {
    let Ok(decryptor) = age::Decryptor::new(std::fs::File::open(path).expect("open")) else { return false };
    let Ok(mut reader) = decryptor.decrypt(std::iter::once(identity as &dyn age::Identity)) else { return false };
    let mut plain = Vec::new();
    reader.read_to_end(&mut plain).is_ok()
}

/// A new custodian key put in force with her passphrase, as printing the packet does.
fn issue(session: &mut Session) -> Result<CustodianKey, VaultError> {
    let key = CustodianKey::generate();
    session.issue_custodian_key(&pass(PASSPHRASE), &key)?;
    Ok(key)
}

#[test]
fn the_custodian_key_opens_the_same_vault_in_custodian_mode_and_each_opening_is_audited() {
    let (vault, mut session) = TestVault::new();
    let client_id = client(&mut session);
    let note_id = note(&mut session, client_id);
    let key = issue(&mut session).expect("issued");
    assert_eq!(session.opened_by(), OpenedBy::Therapist);
    session.lock(LockReason::Manual).expect("lock");

    for _ in 0..2 {
        let custodian = as_custodian(&vault, &key).expect("the custodian key opens the vault");
        assert_eq!(custodian.opened_by(), OpenedBy::Custodian);
        assert!(notes::get_note(custodian.conn(), note_id).is_ok(), "the same data: the same data key");
        custodian.lock(LockReason::Manual).expect("lock");
    }
    let session = vault::unlock(&vault.dir, &pass(PASSPHRASE)).expect("her passphrase still opens it");
    let unlocks: Vec<_> = events(&session).into_iter().filter(|(event, _)| event == "custodian_unlocked").collect();
    assert_eq!(unlocks.len(), 2, "every custodian unlock is in the audit trail: {unlocks:?}");
    assert!(unlocks.iter().all(|(_, detail)| detail == "custodian_key"));
    assert!(events(&session).iter().any(|(event, detail)| event == "custodian_key_issued" && detail == "first"));
}

#[test]
fn a_replaced_custodian_key_stops_opening_the_vault_and_the_new_one_opens_it() {
    let (vault, mut session) = TestVault::new();
    let old = issue(&mut session).expect("issued");
    let new = issue(&mut session).expect("replaced");
    session.lock(LockReason::Manual).expect("lock");
    assert!(matches!(as_custodian(&vault, &old), Err(VaultError::WrongCustodianKey)), "the old key is refused");
    as_custodian(&vault, &new).expect("the new key opens").lock(LockReason::Manual).expect("lock");
    let session = vault::unlock(&vault.dir, &pass(PASSPHRASE)).expect("unlock");
    assert!(events(&session).iter().any(|(event, detail)| event == "custodian_key_issued" && detail == "replaced"));
}

#[test]
fn a_revoked_custodian_key_and_the_custodians_passphrase_stop_opening_the_vault() {
    let (vault, mut session) = TestVault::new();
    let key = issue(&mut session).expect("issued");
    session.lock(LockReason::Manual).expect("lock");
    let mut custodian = as_custodian(&vault, &key).expect("opens");
    let hers = "mossy creek ledger 1987";
    custodian.set_custodian_passphrase(&key_text(&key), &pass(hers), &pass(hers)).expect("her own passphrase");
    custodian.lock(LockReason::Manual).expect("lock");
    vault::unlock_as_custodian(&vault.dir, &pass(hers))
        .expect("her passphrase opens")
        .lock(LockReason::Manual)
        .expect("lock");
    assert!(vault::unlock(&vault.dir, &pass(hers)).is_err(), "the custodian's passphrase is not the vault passphrase");

    let mut session = vault::unlock(&vault.dir, &pass(PASSPHRASE)).expect("unlock");
    session.revoke_custodian_key(checked(&session, PASSPHRASE)).expect("revoked");
    session.lock(LockReason::Manual).expect("lock");
    assert!(matches!(as_custodian(&vault, &key), Err(VaultError::WrongCustodianKey)));
    assert!(matches!(vault::unlock_as_custodian(&vault.dir, &pass(hers)), Err(VaultError::WrongPassphrase)));
    let session = vault::unlock(&vault.dir, &pass(PASSPHRASE)).expect("unlock");
    let trail = events(&session);
    assert!(trail.iter().any(|(event, _)| event == "custodian_key_revoked"));
    assert!(trail.iter().any(|(event, detail)| event == "custodian_unlocked" && detail == "custodian_passphrase"));
}

#[test]
fn a_custodian_key_with_a_typo_or_from_another_vault_opens_nothing() {
    let (vault, mut session) = TestVault::new();
    let key = issue(&mut session).expect("issued");
    session.lock(LockReason::Manual).expect("lock");
    let mut typo = key_text(&key);
    let first = typo.remove(0);
    typo.insert(0, if first == 'A' { 'B' } else { 'A' });
    assert!(vault::unlock_as_custodian(&vault.dir, &pass(&typo)).is_err());
    assert!(matches!(as_custodian(&vault, &CustodianKey::generate()), Err(VaultError::WrongCustodianKey)));
    let (other, _other_session) = TestVault::new();
    assert!(matches!(as_custodian(&other, &key), Err(VaultError::WrongCustodianKey)), "no slot there");
}

#[test]
fn the_custodian_cannot_sign_edit_or_delete_notes_nor_change_the_vault_passphrase() {
    let (vault, mut session) = TestVault::new();
    let client_id = client(&mut session);
    let draft = note(&mut session, client_id);
    notes::save_draft(&mut session, draft, &soap("Slept four hours."), None).expect("saved");
    let signed = note(&mut session, client_id);
    notes::save_draft(&mut session, signed, &soap("Tearful."), None).expect("saved");
    notes::sign_note(&mut session, signed).expect("signed");
    let key = issue(&mut session).expect("issued");
    session.lock(LockReason::Manual).expect("lock");

    let mut custodian = as_custodian(&vault, &key).expect("opens");
    assert_eq!(refused_to_the_custodian(notes::sign_note(&mut custodian, draft)), "sign notes");
    assert_eq!(
        refused_to_the_custodian(notes::save_draft(&mut custodian, draft, &soap("Changed."), None)),
        "edit notes"
    );
    assert_eq!(refused_to_the_custodian(notes::delete_draft(&mut custodian, draft)), "delete notes");
    assert_eq!(refused_to_the_custodian(notes::add_addendum(&mut custodian, signed, "Later.")), "add to notes");
    let new = NewNote { client_id, kind: NoteKind::Contact, template: Template::FreeText, ..Default::default() };
    assert_eq!(refused_to_the_custodian(notes::create_note(&mut custodian, &new, now())), "write notes");
    let passphrase =
        custodian.change_passphrase(&pass(PASSPHRASE), &pass("new words here 42"), &pass("new words here 42"));
    assert!(matches!(passphrase, Err(VaultError::CustodianMode("change the vault passphrase"))), "{passphrase:?}");
    assert!(matches!(issue(&mut custodian), Err(VaultError::CustodianMode(_))));
    let destroyed = confidant_core::destruction::destroy(&mut custodian, client_id, "C0001", now().date());
    assert!(
        matches!(destroyed, Err(register::RegisterError::Vault(VaultError::CustodianMode("destroy records")))),
        "{destroyed:?}"
    );

    // Beneath the checks, the database itself refuses any write to a note on this connection.
    for statement in [
        "UPDATE notes SET section_1 = 'x' WHERE id = ?1",
        "DELETE FROM notes WHERE id = ?1",
        "UPDATE notes SET signed_at = '2026-03-10T00:00:00Z' WHERE id = ?1",
    ] {
        let result = custodian.conn_mut().execute(statement, [draft]);
        assert!(result.is_err(), "{statement} must be refused in custodian mode");
    }
    assert_eq!(notes::get_note(custodian.conn(), draft).expect("read").content.sections[0], "Slept four hours.");
    custodian.lock(LockReason::Manual).expect("lock");

    let mut session = vault::unlock(&vault.dir, &pass(PASSPHRASE)).expect("her passphrase is unchanged");
    notes::save_draft(&mut session, draft, &soap("She edits as before."), None).expect("the therapist still edits");
}

#[test]
fn automatic_backups_open_with_the_custodians_key_line_until_it_is_revoked() {
    cheap_backups();
    let (vault, mut session) = TestVault::new();
    fill(&mut session, 2, 4, 9);
    let folder = vault.temp.path().join("usb");
    let today = chrono::Utc::now();
    let key = issue(&mut session).expect("issued");
    auto::add_custodian_recipient(&session, &key).expect("recipient");
    let identity = format::custodian_identity(&key).expect("identity");
    let before = match auto::create_auto_backup(&mut session, &folder, today - chrono::Days::new(3)).expect("made") {
        auto::AutoOutcome::Made { path, .. } => path,
        other => panic!("{other:?}"),
    };
    assert!(decrypts(&before, &identity), "the custodian's key line opens the automatic backup");
    let typed = RecoveryKey::parse(&key_text(&key)).expect("typed where Confidant asks for the recovery key");
    assert!(backup::verify(&before, &BackupKey::RecoveryKey(typed)).is_ok(), "so does Confidant's restore with it");

    let replaced = issue(&mut session).expect("replaced");
    let between = match auto::create_auto_backup(&mut session, &folder, today - chrono::Days::new(2)).expect("made") {
        auto::AutoOutcome::Made { path, .. } => path,
        other => panic!("{other:?}"),
    };
    assert!(!decrypts(&between, &identity), "a replaced key opens no later backup");
    assert!(
        !decrypts(&between, &format::custodian_identity(&replaced).expect("identity")),
        "nor does the new key until its recipient is added with it"
    );

    auto::add_custodian_recipient(&session, &replaced).expect("recipient");
    session.revoke_custodian_key(checked(&session, PASSPHRASE)).expect("revoked");
    let after = match auto::create_auto_backup(&mut session, &folder, today).expect("made") {
        auto::AutoOutcome::Made { path, .. } => path,
        other => panic!("{other:?}"),
    };
    assert!(!decrypts(&after, &format::custodian_identity(&replaced).expect("identity")), "revoked: not opened");
    let recovery = format::automatic_identity(session.pending_recovery_key().expect("sheet")).expect("identity");
    assert!(decrypts(&after, &recovery), "the recovery sheet still opens it");
}

#[test]
fn the_readmes_recipe_recovers_an_automatic_backup_with_the_custodians_key_line() {
    let have = |tool: &str| std::process::Command::new(tool).arg("--version").output().is_ok();
    if !(have("age") && have("sqlite3")) {
        // The same skip as backup_interop's: CI installs both (apt-get install age sqlite3).
        return;
    }
    cheap_backups();
    let (vault, mut session) = TestVault::new();
    fill(&mut session, 3, 6, 4);
    let expected: String =
        session.conn().query_row("SELECT code FROM clients ORDER BY id LIMIT 1", [], |r| r.get(0)).expect("code");
    let key = issue(&mut session).expect("issued");
    auto::add_custodian_recipient(&session, &key).expect("recipient");
    let folder = vault.temp.path().join("usb");
    let auto::AutoOutcome::Made { path, .. } =
        auto::create_auto_backup(&mut session, &folder, chrono::Utc::now()).expect("auto backup")
    else {
        panic!("made")
    };
    let work = vault.temp.path().join("recover");
    std::fs::create_dir_all(&work).expect("dir");
    let identity = format::custodian_identity_file(&key).expect("the custodian's key line");
    std::fs::write(work.join("identity.txt"), identity.as_bytes()).expect("identity file");
    std::fs::copy(&path, work.join("backup.age")).expect("copy");

    // README.md, "Recovering a backup without Confidant", word for word (as backup_interop runs it):
    let script = r#"
age -d -i identity.txt -o backup.tar backup.age
tar xf backup.tar
sqlite3 vault.sqlite "SELECT code FROM clients ORDER BY id LIMIT 1"
sqlite3 vault.sqlite "SELECT count(*) FROM notes"
"#;
    let out = std::process::Command::new("sh").arg("-ec").arg(script).current_dir(&work).output().expect("sh");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().next(), Some(expected.as_str()), "sqlite3 reads the clients: {stdout}");
}

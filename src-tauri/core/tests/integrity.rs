//! The vault's history under attack: someone holding the passphrase opens the database with
//! SQL, drops the guards, rewrites or removes entries and puts the guards back. Unlocking
//! refuses such a vault with a clear message and changes nothing; `verify::verify`
//! (the `confidant verify` subcommand) lists everything it finds.

use crate::common;
use crate::pdf_support;

use chrono::NaiveDate;
use common::{pass, TestVault, PASSPHRASE};
use confidant_core::disclosure::printing::Destination;
use confidant_core::disclosure::release::{self, ClientInformed, RecordedDisclosure};
use confidant_core::disclosure::LegalBasis;
use confidant_core::error::VaultError;
use confidant_core::ledger::Method;
use confidant_core::notes::{self, Attendance, NewNote, NoteContent, NoteKind, SessionFields, Template};
use confidant_core::register::{self, ClientFields, ClientStatus};
use confidant_core::vault::integrity::{self, Pin};
use confidant_core::vault::{self, LockReason, Session};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).expect("date")
}

/// A vault with a client, a signed note with an addendum and two recorded disclosures, locked.
/// Returns the note's id.
fn a_vault_with_history() -> (TestVault, i64) {
    let (vault, mut session) = TestVault::new();
    let fields =
        ClientFields { legal_name: "Maya Canary".into(), date_of_birth: "1990-04-02".into(), ..Default::default() };
    let client = register::create(&mut session, &fields, ClientStatus::Active, false, today()).expect("client").id;
    common::sign_informed_consent(&mut session, client);
    let held = SessionFields {
        date: "2026-03-09".into(),
        start_time: "10:00".into(),
        end_time: "10:50".into(),
        attendance: Attendance::Attended,
        ..Default::default()
    };
    let now = today().and_hms_opt(17, 0, 0).expect("time");
    let s = notes::create_session(&mut session, client, &held, now).expect("session");
    let new = NewNote {
        client_id: client,
        session_id: Some(s.id),
        kind: NoteKind::Progress,
        template: Template::FreeText,
        ..Default::default()
    };
    let note = notes::create_note(&mut session, &new, now).expect("note").id;
    let content = NoteContent { template: Template::FreeText, sections: vec!["Disclosed the bruises.".into()] };
    notes::save_draft(&mut session, note, &content, None).expect("saved");
    notes::sign_note(&mut session, note).expect("signed");
    notes::add_addendum(&mut session, note, "She called the hotline herself.").expect("addendum");
    for reference in ["CD-1", "CD-2"] {
        let report = RecordedDisclosure {
            client_id: client,
            basis: Some(LegalBasis::MandatedChildAbuseReport),
            date: "2026-03-09".into(),
            time: "11:20".into(),
            recipient_name: "Children's Division hotline".into(),
            description: "Reported the disclosed bruising".into(),
            reference: reference.into(),
            method: Method::Verbal,
            client_informed: Some(ClientInformed::Told { on: "2026-03-09".into() }),
            ..Default::default()
        };
        release::record_disclosure(&mut session, &report, today()).expect("recorded");
    }
    session.lock(LockReason::Manual).expect("lock");
    (vault, note)
}

fn unlock(vault: &TestVault) -> Result<Session, VaultError> {
    vault::unlock(&vault.dir, &pass(PASSPHRASE))
}

/// Opens the vault as someone holding the passphrase would and runs `sql` on it, leaving
/// without locking (so Confidant records nothing after the change).
fn tamper(vault: &TestVault, sql: &str) {
    let session = unlock(vault).expect("the untouched vault opens");
    session.conn().execute_batch(sql).expect("tampered");
    drop(session);
}

/// The SQL that created a trigger, to put it back exactly as it was after the change.
fn trigger_sql(vault: &TestVault, name: &str) -> String {
    let session = unlock(vault).expect("unlock");
    let sql = session
        .conn()
        .query_row("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1", [name], |r| r.get(0))
        .expect("trigger exists");
    session.lock(LockReason::Manual).expect("lock");
    sql
}

/// Unlocking is refused with a message for the therapist, and not a byte on disk changes.
fn assert_refused(vault: &TestVault, expected: &str) {
    let before = vault.snapshot();
    let refused = unlock(vault).err().expect("a tampered vault must not open");
    let message = refused.to_string();
    assert!(matches!(refused, VaultError::Altered(_)), "refused as altered: {message}");
    assert!(message.contains(expected), "the message names what was found: {message}");
    assert!(message.contains("changed nothing"), "it says nothing was repaired: {message}");
    assert!(!message.contains("Canary"), "no client data: {message}");
    assert_eq!(vault.snapshot(), before, "nothing is repaired or written");
}

#[test]
fn the_audit_trail_refuses_edits_and_deletes_while_its_guards_stand() {
    let (vault, _) = a_vault_with_history();
    let session = unlock(&vault).expect("unlock");
    let edit = session.conn().execute("UPDATE audit SET detail = 'x' WHERE seq = 1", []);
    assert!(edit.is_err(), "an audit entry cannot be changed");
    let delete = session.conn().execute("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)", []);
    assert!(delete.is_err(), "an audit entry cannot be deleted");
}

#[test]
fn a_clean_vault_opens_again_and_again() {
    let (vault, _) = a_vault_with_history();
    for _ in 0..3 {
        unlock(&vault).expect("an untouched vault opens").lock(LockReason::Manual).expect("lock");
    }
}

#[test]
fn deleting_the_tail_of_both_the_ledger_and_the_audit_trail_refuses_unlock() {
    let (vault, _) = a_vault_with_history();
    let ledger_kept = trigger_sql(&vault, "disclosure_ledger_is_kept");
    let audit_kept = trigger_sql(&vault, "audit_is_kept");
    // The second report and everything the trail recorded from it on are removed, consistently:
    // both chains still verify on their own, and the ledger's anchor names the first report.
    tamper(
        &vault,
        &format!(
            "DROP TRIGGER disclosure_ledger_is_kept; DROP TRIGGER audit_is_kept;
             DELETE FROM disclosure_ledger WHERE seq = 2;
             DELETE FROM audit WHERE seq >= (SELECT max(seq) FROM audit WHERE event = 'disclosure_recorded');
             {ledger_kept}; {audit_kept};"
        ),
    );
    assert_refused(&vault, "entries at the end were removed");
}

#[test]
fn an_edited_audit_entry_refuses_unlock() {
    let (vault, _) = a_vault_with_history();
    let guard = trigger_sql(&vault, "audit_is_append_only");
    tamper(
        &vault,
        &format!(
            "DROP TRIGGER audit_is_append_only;
             UPDATE audit SET detail = 'kdf_m=1' WHERE seq = 1;
             {guard};"
        ),
    );
    assert_refused(&vault, "Audit trail altered at entry 1");
}

#[test]
fn an_edited_ledger_entry_refuses_unlock() {
    let (vault, _) = a_vault_with_history();
    let guard = trigger_sql(&vault, "disclosure_ledger_is_append_only");
    tamper(
        &vault,
        &format!(
            "DROP TRIGGER disclosure_ledger_is_append_only;
             UPDATE disclosure_ledger SET recipient_name = 'Nobody' WHERE seq = 1;
             {guard};"
        ),
    );
    assert_refused(&vault, "Ledger altered at entry 1: what it records was changed");
}

#[test]
fn a_dropped_protective_trigger_refuses_unlock() {
    let (vault, _) = a_vault_with_history();
    tamper(&vault, "DROP TRIGGER notes_signed_content_is_locked;");
    assert_refused(&vault, "Protective trigger notes_signed_content_is_locked is missing");
}

#[test]
fn an_edited_protective_trigger_refuses_unlock() {
    let (vault, _) = a_vault_with_history();
    tamper(
        &vault,
        "DROP TRIGGER disclosure_ledger_is_kept;
         CREATE TRIGGER disclosure_ledger_is_kept BEFORE DELETE ON disclosure_ledger WHEN 0
         BEGIN SELECT RAISE(ABORT, 'a ledger entry cannot be deleted'); END;",
    );
    assert_refused(&vault, "Protective trigger disclosure_ledger_is_kept was changed");
}

#[test]
fn a_trigger_added_outside_confidant_refuses_unlock() {
    let (vault, _) = a_vault_with_history();
    tamper(&vault, "CREATE TRIGGER forget_reports AFTER INSERT ON disclosure_ledger BEGIN SELECT 1; END;");
    assert_refused(&vault, "Trigger forget_reports was added outside Confidant");
}

#[test]
fn the_recovery_key_does_not_open_a_tampered_vault_either() {
    let (vault, mut session) = TestVault::new();
    let recovery = session.pending_recovery_key().expect("key").expose_grouped().to_string();
    session.confirm_recovery_sheet_kept().expect("kept");
    session.lock(LockReason::Manual).expect("lock");
    tamper(&vault, "DROP TRIGGER audit_is_kept;");
    let before = vault.snapshot();
    let new = pass("violet orchard compass 88");
    let refused = vault::recover(&vault.dir, &recovery, &new, &new).err().expect("refused");
    assert!(matches!(refused, VaultError::Altered(_)), "refused as altered: {refused}");
    assert_eq!(vault.snapshot(), before, "the passphrase slot is not rewritten either");
}

#[test]
fn a_missing_anchor_file_refuses_unlock_once_the_vault_has_had_one() {
    let (vault, _) = a_vault_with_history();
    std::fs::remove_file(vault.dir.anchor_file()).expect("the anchor was written at lock");
    assert_refused(&vault, "(vault.anchor) is missing");
}

#[test]
fn an_anchor_write_cut_short_leaves_nothing_behind_once_the_vault_is_next_unlocked() {
    let (vault, _) = a_vault_with_history();
    // What a kill between writing the anchor's temporary file and renaming it leaves: the
    // temporary file, named after the anchor as the key file's are.
    let unfinished = vault.dir.root().join(".vault.anchor.Kq3x9Z");
    std::fs::write(&unfinished, b"{\"format\": \"confidant-vault-anchor\"").expect("write");
    unlock(&vault).expect("the vault opens").lock(LockReason::Manual).expect("lock");
    assert!(!unfinished.exists(), "the next anchor written removes the one cut short");
}

#[test]
fn a_vault_from_before_anchors_opens_and_gets_one() {
    let (vault, _) = a_vault_with_history();
    tamper(&vault, "DELETE FROM settings WHERE key LIKE 'integrity.%';");
    std::fs::remove_file(vault.dir.anchor_file()).expect("remove");
    unlock(&vault).expect("a vault that never had an anchor opens").lock(LockReason::Manual).expect("lock");
    assert!(vault.dir.anchor_file().exists(), "and has one from now on");
    std::fs::remove_file(vault.dir.anchor_file()).expect("remove");
    assert_refused(&vault, "(vault.anchor) is missing");
}

#[test]
fn an_older_copy_of_the_database_put_back_is_refused() {
    let (vault, _) = a_vault_with_history();
    let older = vault.temp.path().join("older.db");
    std::fs::copy(vault.dir.database(), &older).expect("copy");
    let mut session = unlock(&vault).expect("unlock");
    let report = RecordedDisclosure {
        client_id: 1,
        basis: Some(LegalBasis::CourtOrder),
        date: "2026-03-10".into(),
        time: "09:00".into(),
        recipient_name: "Boone County Circuit Court".into(),
        description: "Attendance dates named in the order".into(),
        client_informed: Some(ClientInformed::Told { on: "2026-03-10".into() }),
        ..Default::default()
    };
    release::record_disclosure(&mut session, &report, today()).expect("recorded");
    session.lock(LockReason::Manual).expect("lock");
    // Someone without the passphrase puts the older file back: the disclosure disappears.
    std::fs::copy(&older, vault.dir.database()).expect("roll back");
    assert_refused(&vault, "entries at the end were removed");
}

#[test]
fn verify_reports_a_clean_vault_intact_and_changes_nothing() {
    let (vault, _) = a_vault_with_history();
    let before = vault.snapshot();
    let report = confidant_core::verify::verify(&vault.dir, &pass(PASSPHRASE), &[]).expect("verify");
    assert!(report.intact(), "{:?}", report.findings);
    assert_eq!((report.signed_notes, report.addenda, report.ledger_entries), (1, 1, 2));
    assert!(report.anchored, "the end of the trail was checked against the anchor");
    assert!(report.summary().contains(&"Ledger intact: 2 entries.".to_owned()), "{:?}", report.summary());
    assert_eq!(vault.snapshot(), before, "verifying writes nothing");
}

#[test]
fn verify_reports_a_signed_note_or_addendum_whose_text_was_changed() {
    let (vault, note) = a_vault_with_history();
    let note_guard = trigger_sql(&vault, "notes_signed_content_is_locked");
    let addendum_guard = trigger_sql(&vault, "addenda_are_locked");
    tamper(
        &vault,
        &format!(
            "DROP TRIGGER notes_signed_content_is_locked; DROP TRIGGER addenda_are_locked;
             UPDATE notes SET section_1 = 'Nothing of note.' WHERE id = {note};
             UPDATE addenda SET text = 'She never called.';
             {note_guard}; {addendum_guard};"
        ),
    );
    let report = confidant_core::verify::verify(&vault.dir, &pass(PASSPHRASE), &[]).expect("verify");
    assert_eq!(
        report.findings,
        [
            format!("Signed note {note} was changed after it was signed."),
            format!("Addendum 1 of note {note} was changed after it was added."),
        ]
    );
}

#[test]
fn verify_reports_every_problem_and_the_wrong_passphrase_is_an_error() {
    let (vault, _) = a_vault_with_history();
    tamper(&vault, "DROP TRIGGER audit_is_kept; DROP TRIGGER notes_signed_are_kept;");
    let report = confidant_core::verify::verify(&vault.dir, &pass(PASSPHRASE), &[]).expect("verify");
    assert_eq!(
        report.findings,
        ["Protective trigger audit_is_kept is missing.", "Protective trigger notes_signed_are_kept is missing."]
    );
    let wrong = confidant_core::verify::verify(&vault.dir, &pass("not the passphrase at all"), &[]);
    assert!(matches!(wrong, Err(confidant_core::error::VaultError::WrongPassphrase)), "{:?}", wrong.err());
}

/// The pins printed on a paper, read back from its text layer.
fn printed_pins(text: &str) -> Vec<Pin> {
    text.split_whitespace()
        .filter_map(|word| Pin::parse(word.trim_matches(|c: char| !c.is_ascii_alphanumeric())).ok())
        .collect()
}

#[test]
fn a_paper_pins_the_history_even_against_someone_who_rewrites_the_anchor() {
    let (vault, _) = a_vault_with_history();
    let mut session = unlock(&vault).expect("unlock");
    let out = vault.temp.path().join("record.pdf");
    release::record_copy(&mut session, 1, false, Destination::File(&out), today()).expect("record copy");
    let head = integrity::head(session.conn()).expect("head");
    session.lock(LockReason::Manual).expect("lock");

    let pdf = pdf_support::save("integrity-record-copy", &std::fs::read(&out).expect("pdf"));
    let text = pdf_support::tool("pdftotext", &[&pdf, "-"]);
    let pins = printed_pins(&text);
    assert_eq!(pins, [head.ledger.clone(), head.audit.clone()], "the last lines print both heads: {text}");
    assert_eq!(head.ledger.seq, 3, "the record copy's own entry is the newest");
    assert!(confidant_core::verify::verify(&vault.dir, &pass(PASSPHRASE), &pins).expect("verify").intact());

    // Someone holding the passphrase removes the record copy from both chains, puts the
    // guards back and makes the vault look as if it never had an anchor: it opens again, and
    // only the paper still shows what happened.
    let ledger_kept = trigger_sql(&vault, "disclosure_ledger_is_kept");
    let audit_kept = trigger_sql(&vault, "audit_is_kept");
    tamper(
        &vault,
        &format!(
            "DROP TRIGGER disclosure_ledger_is_kept; DROP TRIGGER audit_is_kept;
             DELETE FROM disclosure_ledger WHERE seq = 3;
             DELETE FROM audit WHERE seq >= (SELECT max(seq) FROM audit WHERE event = 'disclosure_recorded');
             DELETE FROM settings WHERE key LIKE 'integrity.%';
             {ledger_kept}; {audit_kept};"
        ),
    );
    std::fs::remove_file(vault.dir.anchor_file()).expect("remove the anchor");
    unlock(&vault).expect("the rewritten vault opens").lock(LockReason::Manual).expect("lock");
    let report = confidant_core::verify::verify(&vault.dir, &pass(PASSPHRASE), &pins).expect("verify");
    assert_eq!(
        report.findings,
        [
            format!("Pin {}: the ledger has no entry 3 any more.", pins[0]),
            format!(
                "Pin {}: the audit trail's entry {} is not the one printed; its history was rewritten.",
                pins[1], pins[1].seq
            ),
        ]
    );
}

#[test]
fn a_backup_holding_an_altered_history_is_refused_at_restore_and_leaves_nothing() {
    use confidant_core::backup::{self, restore, BackupError, BackupKey};
    backup::create::set_work_factor_for_tests(10);
    let (vault, mut session) = TestVault::new();
    // Tampered while open, then backed up before anyone unlocks it again.
    session.conn().execute_batch("DROP TRIGGER audit_is_kept;").expect("tampered");
    let file = vault.temp.path().join("backup.age");
    let key = "willow tide backup 2026";
    let checked = session.confirm_passphrase(&pass(PASSPHRASE)).expect("her passphrase");
    backup::create_backup(checked, &mut session, &file, &pass(key)).expect("backup");

    let target = confidant_core::paths::DataDir::new(vault.temp.path().join("restored"));
    let refused = restore::restore_into_new_for_tests(&file, &BackupKey::Passphrase(pass(key)), &target, PASSPHRASE)
        .err()
        .expect("refused");
    assert!(matches!(refused, BackupError::Vault(VaultError::Altered(_))), "refused as altered: {refused}");
    assert!(refused.to_string().contains("Protective trigger audit_is_kept is missing"), "{refused}");
    assert!(!target.key_file().exists() && !target.database().exists(), "no vault is left half made");
}

#[test]
fn an_emptied_audit_trail_refuses_unlock_even_without_an_anchor() {
    let (vault, _) = a_vault_with_history();
    let guard = trigger_sql(&vault, "audit_is_kept");
    let ledger_guard = trigger_sql(&vault, "disclosure_ledger_is_kept");
    tamper(
        &vault,
        &format!(
            "DROP TRIGGER audit_is_kept; DROP TRIGGER disclosure_ledger_is_kept;
             DELETE FROM audit; DELETE FROM disclosure_ledger; DELETE FROM settings WHERE key LIKE 'integrity.%';
             {guard}; {ledger_guard};"
        ),
    );
    std::fs::remove_file(vault.dir.anchor_file()).expect("remove the anchor");
    assert_refused(&vault, "The audit trail is empty");
}

#[test]
fn an_emptied_database_file_does_not_open_as_a_new_vault() {
    let (vault, _) = a_vault_with_history();
    std::fs::write(vault.dir.database(), b"").expect("truncate");
    let before = vault.snapshot();
    let refused = unlock(&vault).err().expect("an emptied vault must not open");
    assert!(matches!(refused, VaultError::Database("the database file is empty")), "{refused}");
    assert_eq!(vault.snapshot(), before, "the empty file is not made into a new database");
}

#[test]
fn a_database_without_its_audit_trail_refuses_unlock() {
    let (vault, _) = a_vault_with_history();
    tamper(&vault, "DROP TABLE audit;");
    assert_refused(&vault, "Protective trigger audit_is_append_only is missing. (2 more problems found.)");
    let report = confidant_core::verify::verify(&vault.dir, &pass(PASSPHRASE), &[]).expect("verify");
    assert_eq!(
        report.findings,
        [
            "Protective trigger audit_is_append_only is missing.",
            "Protective trigger audit_is_kept is missing.",
            "The audit trail is missing: the database was emptied or replaced.",
        ]
    );
}

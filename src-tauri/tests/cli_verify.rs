//! `confidant verify` (and its earlier name, `confidant ledger verify`): an auditor's check of
//! the vault's history, without the window. Each tampering is done as someone holding the
//! passphrase would: open the database, drop the guard, change, put the guard back.

use crate::cli_support;

use cli_support::{confidant, demo_vault, text};
use confidant_core::disclosure::release::{self, ClientInformed, RecordedDisclosure};
use confidant_core::disclosure::LegalBasis;
use confidant_core::paths::DataDir;
use confidant_core::secret::Passphrase;
use confidant_core::vault::{self, LockReason, Session};

fn open(dir: &str, passphrase: &str) -> Session {
    vault::unlock(&DataDir::new(dir), &Passphrase::new(passphrase.to_owned())).expect("unlock")
}

/// A demo vault with two mandated reports recorded for its first client; also returns how many
/// entries the ledger then holds (the demo writes a few of its own).
fn vault_with_two_reports(root: &std::path::Path) -> (String, String, i64) {
    let (dir, passphrase) = demo_vault(root);
    let mut session = open(&dir, &passphrase);
    let today = chrono::Local::now().date_naive();
    for reference in ["CD-1", "CD-2"] {
        let report = RecordedDisclosure {
            client_id: 1,
            basis: Some(LegalBasis::MandatedChildAbuseReport),
            date: today.format("%Y-%m-%d").to_string(),
            time: "09:30".into(),
            recipient_name: "Children's Division hotline".into(),
            description: "Reported what she disclosed".into(),
            reference: reference.into(),
            client_informed: Some(ClientInformed::Told { on: today.format("%Y-%m-%d").to_string() }),
            ..Default::default()
        };
        release::record_disclosure(&mut session, &report, today).expect("recorded");
    }
    let entries = session.conn().query_row("SELECT count(*) FROM disclosure_ledger", [], |r| r.get(0)).expect("count");
    session.lock(LockReason::Manual).expect("lock");
    (dir, passphrase, entries)
}

/// Runs `sql` on the vault with each named trigger dropped first and put back, unchanged, after.
fn tamper(dir: &str, passphrase: &str, guards: &[&str], sql: &str) {
    let session = open(dir, passphrase);
    let conn = session.conn();
    let mut batch = String::new();
    let mut restore = String::new();
    for guard in guards {
        let definition: String = conn
            .query_row("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1", [guard], |r| r.get(0))
            .expect("the trigger exists");
        batch.push_str(&format!("DROP TRIGGER {guard};\n"));
        restore.push_str(&format!("{definition};\n"));
    }
    conn.execute_batch(&format!("{batch}{sql}\n{restore}")).expect("tampered");
    // Left without locking: nothing is recorded after the change.
    drop(session);
}

fn verify(dir: &str, passphrase: &str) -> std::process::Output {
    confidant(&["verify", "--data-dir", dir], &format!("{passphrase}\n"))
}

fn assert_altered(run: &std::process::Output, expected: &str) {
    assert_eq!(run.status.code(), Some(3), "stdout: {} stderr: {}", text(&run.stdout), text(&run.stderr));
    assert!(text(&run.stderr).lines().any(|line| line == expected), "{expected} in: {}", text(&run.stderr));
    assert!(run.stdout.is_empty(), "nothing claims the vault is intact");
}

#[test]
fn a_clean_vault_verifies_intact_and_exits_zero() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, passphrase, entries) = vault_with_two_reports(temp.path());
    let run = verify(&dir, &passphrase);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let out = text(&run.stdout);
    assert!(out.lines().any(|l| l == format!("Ledger intact: {entries} entries.")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("Audit trail intact: ")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("Protective triggers intact: ")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("Signed notes intact: ")), "{out}");
    let pins = out.lines().find_map(|l| l.strip_prefix("History pins now: ")).expect("pins line").to_owned();
    let mut args = vec!["verify", "--data-dir", &dir];
    for pin in pins.split(' ') {
        args.extend(["--pin", pin]);
    }
    let pinned = confidant(&args, &format!("{passphrase}\n"));
    assert_eq!(pinned.status.code(), Some(0), "the pins it printed match: {}", text(&pinned.stderr));
}

#[test]
fn a_signed_note_whose_text_was_changed_is_reported_and_exits_three() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, passphrase) = demo_vault(temp.path());
    let note: i64 = open(&dir, &passphrase)
        .conn()
        .query_row("SELECT min(id) FROM notes WHERE signed_at IS NOT NULL", [], |r| r.get(0))
        .expect("the demo vault has signed notes");
    tamper(
        &dir,
        &passphrase,
        &["notes_signed_content_is_locked"],
        &format!("UPDATE notes SET section_1 = 'Nothing of note.' WHERE id = {note};"),
    );
    assert_altered(&verify(&dir, &passphrase), &format!("Signed note {note} was changed after it was signed."));
}

#[test]
fn deleting_the_tail_of_the_audit_trail_is_reported_and_exits_three() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, passphrase, _) = vault_with_two_reports(temp.path());
    tamper(&dir, &passphrase, &["audit_is_kept"], "DELETE FROM audit WHERE seq > (SELECT max(seq) - 5 FROM audit);");
    let run = verify(&dir, &passphrase);
    assert_eq!(run.status.code(), Some(3), "{}", text(&run.stderr));
    let errors = text(&run.stderr);
    assert!(
        errors.lines().any(|l| l.starts_with("Audit trail altered after entry ") && l.contains("entries at the end were removed")),
        "{errors}"
    );
}

#[test]
fn a_dropped_or_edited_protective_trigger_is_reported_and_exits_three() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, passphrase, _) = vault_with_two_reports(temp.path());
    tamper(
        &dir,
        &passphrase,
        &[],
        "DROP TRIGGER audit_is_append_only;
         DROP TRIGGER disclosure_ledger_is_kept;
         CREATE TRIGGER disclosure_ledger_is_kept BEFORE DELETE ON disclosure_ledger WHEN 0
         BEGIN SELECT RAISE(ABORT, 'a ledger entry cannot be deleted'); END;",
    );
    let run = verify(&dir, &passphrase);
    assert_altered(&run, "Protective trigger audit_is_append_only is missing.");
    assert_altered(&run, "Protective trigger disclosure_ledger_is_kept was changed.");
}

#[test]
fn the_earlier_name_ledger_verify_does_the_same_with_the_same_exit_codes() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, passphrase, _) = vault_with_two_reports(temp.path());
    let ledger_verify = |dir: &str| confidant(&["ledger", "verify", "--data-dir", dir], &format!("{passphrase}\n"));
    let clean = ledger_verify(&dir);
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stderr));
    assert_eq!(text(&clean.stdout), text(&verify(&dir, &passphrase).stdout));

    tamper(
        &dir,
        &passphrase,
        &["disclosure_ledger_is_append_only"],
        "UPDATE disclosure_ledger SET recipient_name = 'Nobody' WHERE seq = 1;",
    );
    assert_altered(&ledger_verify(&dir), "Ledger altered at entry 1: what it records was changed.");
}

#[test]
fn a_pin_the_vault_no_longer_holds_exits_three() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, passphrase, _) = vault_with_two_reports(temp.path());
    let run = confidant(&["verify", "--data-dir", &dir, "--pin", "L2-0000000000000000"], &format!("{passphrase}\n"));
    assert_altered(
        &run,
        "Pin L2-0000000000000000: the ledger's entry 2 is not the one printed; its history was rewritten.",
    );
}

#[test]
fn a_wrong_passphrase_exits_one_and_bad_arguments_are_usage_errors() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, _) = demo_vault(temp.path());
    let run = verify(&dir, "not the passphrase at all");
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run.stderr).contains("passphrase"), "{}", text(&run.stderr));

    for args in [&["verify"][..], &["ledger", "verify"], &["ledger"], &["verify", "--data-dir", &dir, "--pin", "12"]] {
        let usage = confidant(args, "");
        assert_eq!(usage.status.code(), Some(2), "{args:?}");
    }
    assert!(text(&confidant(&["verify"], "").stderr).contains("--data-dir"));
}

//! `confidant ledger verify`: an auditor's check of the disclosure ledger, without the window.

mod cli_support;

use cli_support::{confidant, demo_vault, text};
use confidant_core::disclosure::release::{self, RecordedDisclosure};
use confidant_core::disclosure::LegalBasis;
use confidant_core::paths::DataDir;
use confidant_core::secret::Passphrase;
use confidant_core::vault::{self, LockReason, Session};

fn open(dir: &str, passphrase: &str) -> Session {
    vault::unlock(&DataDir::new(dir), &Passphrase::new(passphrase.to_owned())).expect("unlock")
}

/// Records two mandated reports for the demo vault's first client.
fn record_two_reports(dir: &str, passphrase: &str) {
    let mut session = open(dir, passphrase);
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
            ..Default::default()
        };
        release::record_disclosure(&mut session, &report, today).expect("recorded");
    }
    session.lock(LockReason::Manual).expect("lock");
}

fn verify(dir: &str, stdin: &str) -> std::process::Output {
    confidant(&["ledger", "verify", "--data-dir", dir], stdin)
}

#[test]
fn an_intact_ledger_verifies_and_exits_zero() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, passphrase) = demo_vault(temp.path());
    record_two_reports(&dir, &passphrase);
    let run = verify(&dir, &format!("{passphrase}\n"));
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(text(&run.stdout).trim(), "Ledger intact: 2 entries.");
}

#[test]
fn a_ledger_altered_with_raw_sql_names_the_entry_and_exits_three() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, passphrase) = demo_vault(temp.path());
    record_two_reports(&dir, &passphrase);
    // Someone with the key drops the guards and rewrites where the first report went.
    let session = open(&dir, &passphrase);
    session
        .conn()
        .execute_batch(
            "DROP TRIGGER disclosure_ledger_is_append_only;
             UPDATE disclosure_ledger SET recipient_name = 'Nobody' WHERE seq = 1;",
        )
        .expect("tampered");
    session.lock(LockReason::Manual).expect("lock");

    let run = verify(&dir, &format!("{passphrase}\n"));
    assert_eq!(run.status.code(), Some(3), "{}", text(&run.stdout));
    assert_eq!(text(&run.stderr).trim(), "Ledger altered at entry 1: what it records was changed.");
    assert!(run.stdout.is_empty(), "nothing claims the ledger is intact");
}

#[test]
fn a_wrong_passphrase_exits_one_and_a_missing_data_dir_is_a_usage_error() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, _) = demo_vault(temp.path());
    let run = verify(&dir, "not the passphrase at all\n");
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run.stderr).contains("passphrase"), "{}", text(&run.stderr));

    let usage = confidant(&["ledger", "verify"], "");
    assert_eq!(usage.status.code(), Some(2));
    assert!(text(&usage.stderr).contains("--data-dir"));
    assert_eq!(confidant(&["ledger"], "").status.code(), Some(2));
}

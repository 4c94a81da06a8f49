//! Tampering with the disclosure ledger by raw SQL (as someone holding the key could, after
//! dropping the triggers): altering any column of any row, deleting any row, swapping any two
//! rows. Verification notices every time.

use crate::common;

use chrono::NaiveDate;
use common::TestVault;
use confidant_core::disclosure::release::{self, ClientInformed, RecordedDisclosure};
use confidant_core::disclosure::LegalBasis;
use confidant_core::ledger::{self, Method};
use confidant_core::register::{self, ClientFields, ClientStatus};
use confidant_core::vault::Session;

const ROWS: i64 = 5;
const COLUMNS: &[&str] = &[
    "recorded_at = 'x'",
    "client_id = client_id + 1000",
    "kind = 'release'",
    "accountable = 1 - accountable",
    "corrects = 2",
    "disclosed_at = 'x'",
    "basis = 'court_order'",
    "authorization_id = 9",
    "recipient_name = 'x'",
    "recipient_address = 'x'",
    "description = 'x'",
    "purpose = 'x'",
    "note_ids = '99'",
    "method = 'fax'",
    "reference = 'x'",
    "client_informed = 'x'",
    "redacted = 1",
    "body_hash = 'x'",
    "prev_hash = 'x'",
    "hash = 'x'",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).expect("date")
}

/// A vault with `ROWS` recorded disclosures, and the triggers that guard them dropped.
fn ledger_of_five() -> (TestVault, Session) {
    let (vault, mut session) = TestVault::new();
    let fields =
        ClientFields { legal_name: "Maya Canary".into(), date_of_birth: "1990-04-02".into(), ..Default::default() };
    let c = register::create(&mut session, &fields, ClientStatus::Active, false, today()).expect("client").id;
    for i in 0..ROWS {
        let report = RecordedDisclosure {
            client_id: c,
            basis: Some(LegalBasis::MandatedChildAbuseReport),
            date: "2026-03-09".into(),
            time: format!("1{i}:00"),
            recipient_name: "Children's Division hotline".into(),
            description: format!("Report {i}"),
            reference: format!("CD-{i}"),
            method: Method::Verbal,
            corrects: (i == 3).then_some(1),
            client_informed: Some(ClientInformed::Told { on: "2026-03-09".into() }),
            ..Default::default()
        };
        release::record_disclosure(&mut session, &report, today()).expect("recorded");
    }
    session
        .conn()
        .execute_batch(
            "PRAGMA foreign_keys = OFF;
             DROP TRIGGER disclosure_ledger_is_append_only; DROP TRIGGER disclosure_ledger_is_kept;",
        )
        .expect("drop the guards");
    assert!(ledger::verify(session.conn()).expect("verify").intact, "untouched, it verifies");
    (vault, session)
}

fn assert_detected(session: &Session, what: &str) {
    let check = ledger::verify(session.conn()).expect("verify");
    assert!(!check.intact, "{what} went unnoticed");
    assert!(
        check.altered_at.is_some() && check.message.starts_with("Ledger altered at entry"),
        "{what}: {}",
        check.message
    );
}

#[test]
fn altering_any_column_of_any_row_is_detected() {
    for seq in 1..=ROWS {
        for change in COLUMNS {
            let (_vault, session) = ledger_of_five();
            session
                .conn()
                .execute(&format!("UPDATE disclosure_ledger SET {change} WHERE seq = ?1"), [seq])
                .expect("tamper");
            assert_detected(&session, &format!("{change} on entry {seq}"));
        }
    }
}

#[test]
fn deleting_any_row_is_detected() {
    for seq in 1..=ROWS {
        let (_vault, session) = ledger_of_five();
        session.conn().execute("DELETE FROM disclosure_ledger WHERE seq = ?1", [seq]).expect("delete");
        assert_detected(&session, &format!("deleting entry {seq}"));
    }
}

#[test]
fn swapping_any_two_rows_is_detected() {
    for a in 1..=ROWS {
        for b in (a + 1)..=ROWS {
            let (_vault, session) = ledger_of_five();
            session
                .conn()
                .execute_batch(&format!(
                    "UPDATE disclosure_ledger SET seq = -1 WHERE seq = {a};
                     UPDATE disclosure_ledger SET seq = {a} WHERE seq = {b};
                     UPDATE disclosure_ledger SET seq = {b} WHERE seq = -1;"
                ))
                .expect("swap");
            assert_detected(&session, &format!("swapping entries {a} and {b}"));
        }
    }
}

#[test]
fn the_ledger_refuses_edits_and_deletes_while_its_guards_stand() {
    let (_vault, session) = TestVault::new();
    let conn = session.conn();
    conn.execute_batch(
        "INSERT INTO clients (code, status, legal_name, initials, date_of_birth, created_at, updated_at, sort_key, search_key, duplicate_key)
         VALUES ('C9', 'active', 'x', 'x', '1990-01-01', '', '', '', '', '');
         INSERT INTO disclosure_ledger (seq, recorded_at, client_id, kind, accountable, body_hash, prev_hash, hash)
         VALUES (1, '', (SELECT id FROM clients), 'recorded', 1, '', '', '');",
    )
    .expect("row");
    assert!(conn.execute("UPDATE disclosure_ledger SET description = 'x'", []).is_err());
    assert!(conn.execute("DELETE FROM disclosure_ledger", []).is_err());
}

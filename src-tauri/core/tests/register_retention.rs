//! Records past retention, and their destruction: everything goes, only the audit entry stays.

mod common;

use chrono::NaiveDate;
use common::{contains, pass, TestVault, PASSPHRASE};
use confidant_core::audit::{self, ChainCheck};
use confidant_core::register::connections::{ConnectionFields, ConnectionKind, DualMatch, ReviewInput};
use confidant_core::register::{self, Client, ClientFields, ClientStatus, RegisterError};
use confidant_core::vault::{self, LockReason, Session};
use rusqlite::Connection;

const CANARY: &str = "CANARY-7f3e9a-Quillfeather";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn today() -> NaiveDate {
    day("2026-01-10")
}

/// A client discharged in 2015, long past her seven years.
fn old_client(session: &mut Session, name: &str, notes: &str) -> Client {
    let fields = ClientFields {
        legal_name: name.into(),
        date_of_birth: "1980-05-05".into(),
        intake_date: "2014-01-06".into(),
        last_service_date: "2015-03-02".into(),
        support_notes: notes.into(),
        ..Default::default()
    };
    let client = register::create(session, &fields, ClientStatus::Active, false, today()).expect("client");
    register::discharge(session, client.id, day("2015-03-16"), today()).expect("discharged")
}

/// Every value of every row of every table, as text, from the decrypted database.
fn every_stored_value(conn: &Connection) -> String {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    let mut all = String::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).expect("select");
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            for i in 0..columns {
                match row.get_ref(i).expect("value") {
                    rusqlite::types::ValueRef::Text(bytes) | rusqlite::types::ValueRef::Blob(bytes) => {
                        all.push_str(&String::from_utf8_lossy(bytes));
                    }
                    other => all.push_str(&format!("{other:?}")),
                }
                all.push('\u{1f}');
            }
        }
    }
    all
}

#[test]
fn the_past_retention_register_lists_only_discharged_clients_whose_date_has_come() {
    let (_vault, mut session) = TestVault::new();
    let old = old_client(&mut session, "Ada Quill", "");
    let recent = register::create(
        &mut session,
        &ClientFields { legal_name: "Bea Rowan".into(), date_of_birth: "1985-11-30".into(), ..Default::default() },
        ClientStatus::Active,
        false,
        today(),
    )
    .expect("client");
    register::discharge(&mut session, recent.id, day("2025-06-01"), today()).expect("discharge");

    let due = register::past_retention(session.conn(), today(), true).expect("register");
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].code, old.code);
    assert_eq!(due[0].display_name, "A.Q.", "discreet mode");
    assert_eq!(due[0].retention_date, day("2022-03-02"));
    assert!(register::past_retention(session.conn(), day("2022-03-01"), false).expect("register").is_empty());
}

#[test]
fn destruction_needs_the_typed_code_and_a_record_past_retention() {
    let (_vault, mut session) = TestVault::new();
    let old = old_client(&mut session, "Ada Quill", "");
    let active = register::create(
        &mut session,
        &ClientFields { legal_name: "Bea Rowan".into(), date_of_birth: "1985-11-30".into(), ..Default::default() },
        ClientStatus::Active,
        false,
        today(),
    )
    .expect("client");

    for typed in ["", "C0002", "Ada Quill", "C00001"] {
        assert!(
            matches!(register::destroy(&mut session, old.id, typed, today()), Err(RegisterError::NotAllowed(_))),
            "{typed:?} is not the code"
        );
    }
    assert!(matches!(
        register::destroy(&mut session, active.id, &active.code, today()),
        Err(RegisterError::NotAllowed(_))
    ));
    assert!(matches!(
        register::destroy(&mut session, old.id, &old.code, day("2022-03-01")),
        Err(RegisterError::NotAllowed(m)) if m.contains("2022-03-02")
    ));
    assert!(register::get(session.conn(), old.id).is_ok(), "nothing was destroyed");
}

#[test]
fn a_destroyed_record_leaves_no_trace_but_the_audit_entry() {
    let (vault, mut session) = TestVault::new();
    let other = old_client(&mut session, "Bea Rowan", "Likes long walks.");
    let doomed = old_client(&mut session, &format!("Ada {CANARY}"), &format!("Support: {CANARY} sister nearby."));
    let mut connection = ConnectionFields {
        kind: ConnectionKind::Employer,
        name: format!("{CANARY} Mill"),
        phone: String::new(),
        email: format!("{}@example.com", CANARY.to_lowercase()),
        notes: CANARY.into(),
        linked_client_id: None,
    };
    register::add_connection(&mut session, doomed.id, &connection).expect("her connection");
    connection = ConnectionFields {
        name: String::new(),
        notes: String::new(),
        email: String::new(),
        kind: ConnectionKind::Client,
        linked_client_id: Some(doomed.id),
        ..connection
    };
    register::add_connection(&mut session, other.id, &connection).expect("a link to her from another client");
    let review = ReviewInput { other_client_id: other.id, matched: DualMatch::NameOfClient, decision: CANARY.into() };
    register::record_review(&mut session, doomed.id, &review).expect("her review");
    // Enough writes that the canary is in the write-ahead log as well as the database.
    assert!(every_stored_value(session.conn()).contains(CANARY), "the canary is really stored");

    let code = register::destroy(&mut session, doomed.id, "c0002", today()).expect("destroyed");
    assert_eq!(code, "C0002");

    // Decrypted: no table holds it.
    let everything = every_stored_value(session.conn());
    assert!(!everything.contains(CANARY), "the canary survived in the decrypted database");
    assert!(everything.contains("Likes long walks."), "other clients are untouched");
    let links: Vec<Option<i64>> = session
        .conn()
        .prepare("SELECT linked_client_id FROM client_connections")
        .expect("stmt")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("links");
    assert_eq!(links, vec![None], "the other client's link to her is cut");

    // On disk: not in any file, and the log holds nothing.
    let wal = vault.dir.root().join("vault.db-wal");
    assert!(!wal.exists() || std::fs::metadata(&wal).expect("wal").len() == 0, "the WAL was truncated");
    for (path, bytes) in vault.snapshot() {
        assert!(!contains(&bytes, CANARY.as_bytes()), "canary found in {}", path.display());
    }

    // The audit trail: one entry with the code and the date, nothing else.
    let entries = audit::recent(session.conn(), 5).expect("audit");
    let (_, event, detail) = &entries[0];
    assert_eq!(event, "record_destroyed");
    assert_eq!(detail, "client=C0002 date=2026-01-10");
    assert_eq!(audit::verify(session.conn()).expect("verify"), ChainCheck::Intact { entries: 2 });

    // And after closing and opening the vault again.
    session.lock(LockReason::Manual).expect("lock");
    let session = vault::unlock(&vault.dir, &pass(PASSPHRASE)).expect("unlock");
    assert!(!every_stored_value(session.conn()).contains(CANARY));
    assert!(matches!(register::get(session.conn(), doomed.id), Err(RegisterError::NotFound)));
}

#[test]
fn a_destroyed_clients_code_is_never_given_again() {
    let (_vault, mut session) = TestVault::new();
    old_client(&mut session, "Ada Quill", "");
    let last = old_client(&mut session, "Bea Rowan", "");
    register::destroy(&mut session, last.id, &last.code, today()).expect("destroyed");
    let next = old_client(&mut session, "Cleo Marsh", "");
    assert_eq!(next.code, "C0003");
}

//! Records past retention, and their destruction: everything goes, only the audit entry stays.

use crate::common;

use chrono::NaiveDate;
use common::{contains, pass, TestVault, PASSPHRASE};
use confidant_core::audit::{self, ChainCheck};
use confidant_core::consent::signatures::SignedBy;
use confidant_core::destruction;
use confidant_core::disclosure::authorizations::{self, AuthorizationInput, Ending};
use confidant_core::disclosure::release::{self, ClientInformed, RecordedDisclosure};
use confidant_core::disclosure::{accounting, Category, LegalBasis};
use confidant_core::ledger;
use confidant_core::notes::{self, Attendance, SessionFields};
use confidant_core::register::connections::{ConnectionFields, ConnectionKind, DualMatch, ReviewInput};
use confidant_core::register::holds::{self, HoldInput, HoldReason};
use confidant_core::register::retention::{self, PolicyChange, RetentionPolicy};
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

/// A session she attended on `date` (or missed, with another attendance).
fn session_on(session: &mut Session, client_id: i64, date: &str, attendance: Attendance) {
    let fields = SessionFields {
        date: date.into(),
        start_time: "10:00".into(),
        end_time: "10:50".into(),
        attendance,
        ..Default::default()
    };
    let now = today().and_hms_opt(9, 0, 0).expect("time");
    notes::create_session(session, client_id, &fields, now).expect("session");
}

/// A client last seen on 2 March 2015 and discharged two weeks later, long past her seven years.
fn old_client(session: &mut Session, name: &str, notes: &str) -> Client {
    let fields = ClientFields {
        legal_name: name.into(),
        date_of_birth: "1980-05-05".into(),
        intake_date: "2014-01-06".into(),
        support_notes: notes.into(),
        ..Default::default()
    };
    let client = register::create(session, &fields, ClientStatus::Active, false, today()).expect("client");
    session_on(session, client.id, "2015-03-02", Attendance::Attended);
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

    let due = destruction::past_retention(session.conn(), today(), true).expect("register");
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].code, old.code);
    assert_eq!(due[0].display_name, "A.Q.", "discreet mode");
    assert_eq!(due[0].retention_date, day("2022-03-02"));
    assert!(destruction::past_retention(session.conn(), day("2022-03-01"), false).expect("register").is_empty());
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
            matches!(destruction::destroy(&mut session, old.id, typed, today()), Err(RegisterError::NotAllowed(_))),
            "{typed:?} is not the code"
        );
    }
    assert!(matches!(
        destruction::destroy(&mut session, active.id, &active.code, today()),
        Err(RegisterError::NotAllowed(_))
    ));
    assert!(matches!(
        destruction::destroy(&mut session, old.id, &old.code, day("2022-03-01")),
        Err(RegisterError::NotAllowed(m)) if m.contains("March 2, 2022")
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

    let code = destruction::destroy(&mut session, doomed.id, "c0002", today()).expect("destroyed");
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
    destruction::destroy(&mut session, last.id, &last.code, today()).expect("destroyed");
    let next = old_client(&mut session, "Cleo Marsh", "");
    assert_eq!(next.code, "C0003");
}

#[test]
fn the_last_service_is_the_last_attended_session_and_a_date_set_by_hand_needs_a_reason() {
    let (_vault, mut session) = TestVault::new();
    let fields =
        ClientFields { legal_name: "Ada Quill".into(), date_of_birth: "1980-05-05".into(), ..Default::default() };
    let ada = register::create(&mut session, &fields, ClientStatus::Active, false, today()).expect("client");
    session_on(&mut session, ada.id, "2024-05-02", Attendance::Attended);
    session_on(&mut session, ada.id, "2024-05-09", Attendance::NoShow);
    let discharged = register::discharge(&mut session, ada.id, day("2024-06-01"), today()).expect("discharged");
    assert_eq!(discharged.last_attended_on, Some(day("2024-05-02")), "a no-show is not a service");
    assert_eq!(discharged.retention_date, Some(day("2031-05-02")));

    // A session recorded late moves the date, even after the discharge.
    session_on(&mut session, ada.id, "2024-05-16", Attendance::Attended);
    assert_eq!(register::get(session.conn(), ada.id).expect("get").retention_date, Some(day("2031-05-16")));

    let mut by_hand = ClientFields { last_service_date: "2024-07-01".into(), ..discharged.fields.clone() };
    let refused = register::update(&mut session, ada.id, &by_hand, false, today());
    assert!(matches!(refused, Err(RegisterError::Invalid(p)) if p[0].field == "lastServiceReason"));
    by_hand.last_service_reason = "A closing letter sent after her last session".into();
    let saved = register::update(&mut session, ada.id, &by_hand, false, today()).expect("saved");
    assert_eq!(saved.retention_date, Some(day("2031-07-01")), "a later service by hand extends retention");
    by_hand.last_service_date = "2023-01-01".into();
    let earlier = register::update(&mut session, ada.id, &by_hand, false, today()).expect("saved");
    assert_eq!(earlier.retention_date, Some(day("2031-05-16")), "a date by hand never shortens retention");
}

#[test]
fn a_policy_below_the_defaults_needs_a_reason_and_shows_whose_dates_move_first() {
    let (_vault, mut session) = TestVault::new();
    let old = old_client(&mut session, "Ada Quill", "");
    let five = RetentionPolicy { years_after_last_service: 5, years_after_majority: 3 };
    let without_reason = PolicyChange { policy: five, reason: " ".into() };
    assert!(matches!(
        retention::preview_policy(session.conn(), &without_reason, false),
        Err(RegisterError::Invalid(p)) if p[0].field == "reason"
    ));
    assert!(register::set_policy(&mut session, &without_reason).is_err());
    assert_eq!(register::policy(session.conn()).expect("policy"), RetentionPolicy::default(), "nothing changed");

    let change = PolicyChange { policy: five, reason: "State rule for LCSW records: 5 years".into() };
    let moves = retention::preview_policy(session.conn(), &change, false).expect("preview");
    assert_eq!(moves.len(), 1);
    assert_eq!((moves[0].code.as_str(), moves[0].display_name.as_str()), (old.code.as_str(), "Ada Quill"));
    assert_eq!((moves[0].from, moves[0].to), (day("2022-03-02"), day("2020-03-02")));
    assert_eq!(
        register::get(session.conn(), old.id).expect("get").retention_date,
        Some(day("2022-03-02")),
        "a preview writes nothing"
    );

    register::set_policy(&mut session, &change).expect("set");
    assert_eq!(register::get(session.conn(), old.id).expect("get").retention_date, Some(day("2020-03-02")));
    let entries = audit::recent(session.conn(), 1).expect("audit");
    assert_eq!(entries[0].1, "retention_policy_changed");
    assert!(entries[0].2.contains("State rule for LCSW records"), "her reason is on record: {}", entries[0].2);
}

#[test]
fn a_legal_hold_blocks_destruction_until_it_is_lifted_and_both_are_audited() {
    let (_vault, mut session) = TestVault::new();
    let old = old_client(&mut session, "Ada Quill", "");
    let hold =
        HoldInput { client_id: old.id, reason: HoldReason::Complaint, detail: "Board complaint 2026-117".into() };
    let placed = holds::place(&mut session, &hold, today()).expect("placed");
    let listed = destruction::past_retention(session.conn(), today(), false).expect("register");
    assert_eq!(listed[0].destroyable_from, None, "no date while the hold stands");
    assert_eq!(listed[0].blockers[0].what, "Legal hold (complaint)");
    assert!(matches!(
        destruction::destroy(&mut session, old.id, &old.code, today()),
        Err(RegisterError::NotAllowed(m)) if m.contains("legal hold")
    ));
    assert!(holds::lift(&mut session, placed.id, "", today()).is_err(), "lifting needs a reason");
    holds::lift(&mut session, placed.id, "Complaint dismissed on 2026-01-09", today()).expect("lifted");
    assert!(holds::lift(&mut session, placed.id, "Again", today()).is_err(), "a hold is lifted once");
    assert!(session.conn().execute("DELETE FROM legal_holds", []).is_err(), "a hold is never deleted");
    destruction::destroy(&mut session, old.id, &old.code, today()).expect("destroyed once lifted");
    let events: Vec<String> = audit::recent(session.conn(), 3).expect("audit").into_iter().map(|e| e.1).collect();
    assert_eq!(events, ["record_destroyed", "legal_hold_lifted", "legal_hold_placed"]);
}

/// A mandated report about her, recorded on `date`.
fn report(session: &mut Session, client_id: i64, date: &str) {
    let record = RecordedDisclosure {
        client_id,
        basis: Some(LegalBasis::MandatedChildAbuseReport),
        date: date.into(),
        time: "10:00".into(),
        recipient_name: "Children's Division hotline".into(),
        description: "Reported".into(),
        client_informed: Some(ClientInformed::Told { on: date.into() }),
        ..Default::default()
    };
    release::record_disclosure(session, &record, day(date)).expect("recorded");
}

#[test]
fn a_record_is_kept_while_a_ledger_entry_authorization_or_accounting_request_is_under_six_years_old() {
    let (_vault, mut session) = TestVault::new();
    let old = old_client(&mut session, "Ada Quill", "");
    report(&mut session, old.id, "2021-09-01");
    let request =
        accounting::record_request(&mut session, old.id, "2021-10-01", None, day("2021-10-01")).expect("request");
    let input = AuthorizationInput {
        client_id: old.id,
        recipient_name: "Dr. Lee".into(),
        categories: vec![Category::ProgressNotes],
        purpose: "Care".into(),
        effective_on: "2015-01-01".into(),
        expires_on: Some("2019-06-30".into()),
        ..Default::default()
    };
    let authorization = authorizations::create(&mut session, &input, day("2015-01-01")).expect("authorization");
    authorizations::sign(&mut session, authorization.id, "2015-01-02", SignedBy::Client, day("2015-01-02"))
        .expect("signed");

    // Retention came in 2022; the accounting request of 1 October 2021 keeps it to 1 October 2027.
    let listed = &destruction::past_retention(session.conn(), today(), false).expect("register")[0];
    assert_eq!(listed.destroyable_from, Some(day("2027-10-01")));
    let kinds: Vec<&str> = listed.blockers.iter().map(|b| b.what.as_str()).collect();
    assert_eq!(
        kinds,
        ["Disclosure ledger entries", "Accounting requests"],
        "the authorization's six years have passed"
    );
    let refused = destruction::destroy(&mut session, old.id, &old.code, today());
    assert!(matches!(refused, Err(RegisterError::NotAllowed(m)) if m.contains("October 1, 2027")));
    assert_eq!(ledger::entries_for_client(session.conn(), old.id).expect("ledger").len(), 1);
    assert_eq!(authorizations::list(session.conn(), old.id, today()).expect("authorizations").len(), 1);
    assert_eq!(accounting::requests(session.conn(), old.id, today()).expect("requests")[0].id, request.id);

    // Six years on, it may go; the ledger's chain still holds without her entries' content.
    let later = day("2027-10-01");
    assert!(destruction::past_retention(session.conn(), later, false).expect("register")[0].blockers.is_empty());
    destruction::destroy(&mut session, old.id, &old.code, later).expect("destroyed");
    assert!(ledger::verify(session.conn()).expect("verify").intact);
}

#[test]
fn an_authorization_still_in_effect_keeps_the_record_with_no_date_until_its_end_is_recorded() {
    let (_vault, mut session) = TestVault::new();
    let old = old_client(&mut session, "Ada Quill", "");
    let input = AuthorizationInput {
        client_id: old.id,
        recipient_name: "Dr. Lee".into(),
        categories: vec![Category::ProgressNotes],
        purpose: "Care".into(),
        effective_on: "2015-01-01".into(),
        expiry_event: "The end of her treatment".into(),
        ..Default::default()
    };
    let a = authorizations::create(&mut session, &input, day("2015-01-01")).expect("authorization");
    authorizations::sign(&mut session, a.id, "2015-01-02", SignedBy::Client, day("2015-01-02")).expect("signed");
    let listed = &destruction::past_retention(session.conn(), today(), false).expect("register")[0];
    assert_eq!(listed.destroyable_from, None);
    assert_eq!(listed.blockers[0].what, "Authorizations");
    authorizations::end(&mut session, a.id, &Ending::EventOccurred { on: "2015-03-16".into() }, today())
        .expect("ended");
    let listed = &destruction::past_retention(session.conn(), today(), false).expect("register")[0];
    assert!(listed.blockers.is_empty(), "ended in 2015: its six years are over");
}

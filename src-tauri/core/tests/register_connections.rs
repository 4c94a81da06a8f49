//! Connections and the dual-relationship warning before intake.

use crate::common;

use chrono::NaiveDate;
use common::TestVault;
use confidant_core::register::connections::{ConnectionFields, ConnectionKind, DualMatch, ReviewInput};
use confidant_core::register::{self, Client, ClientFields, ClientStatus, RegisterError};
use confidant_core::vault::Session;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 10).expect("date")
}

fn client(name: &str, dob: &str) -> ClientFields {
    ClientFields { legal_name: name.into(), date_of_birth: dob.into(), ..Default::default() }
}

fn add(session: &mut Session, fields: &ClientFields) -> Client {
    register::create(session, fields, ClientStatus::Active, false, today()).expect("client saved")
}

fn connection(kind: ConnectionKind, name: &str, phone: &str) -> ConnectionFields {
    ConnectionFields {
        kind,
        name: name.into(),
        phone: phone.into(),
        email: String::new(),
        notes: String::new(),
        linked_client_id: None,
    }
}

#[test]
fn a_new_client_whose_name_matches_an_existing_clients_connection_is_flagged() {
    let (_vault, mut session) = TestVault::new();
    let ada = add(&mut session, &client("Ada Quill", "1990-04-02"));
    register::add_connection(&mut session, ada.id, &connection(ConnectionKind::SpousePartner, "Jordan Ó Briain", ""))
        .expect("connection");

    let draft = client("jordan o'briain", "1988-07-19");
    let warnings = register::check_new_client(session.conn(), &draft, None, false).expect("check");

    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = &warnings[0];
    assert_eq!(warning.client.code, "C0001");
    assert_eq!(warning.client.display_name, "Ada Quill");
    assert_eq!(warning.matched, DualMatch::NameOfConnection);
    assert_eq!(warning.connection_kind, Some(ConnectionKind::SpousePartner));
    assert_eq!(warning.explanation, "Her name matches the spouse or partner of Ada Quill (C0001).");
}

#[test]
fn phones_emails_and_emergency_contacts_are_compared_with_clients_and_connections() {
    let (_vault, mut session) = TestVault::new();
    let mut ada = client("Ada Quill", "1990-04-02");
    ada.contact.phone = "(573) 555-0142".into();
    ada.contact.email = "Ada@Example.com".into();
    add(&mut session, &ada);
    let bea = add(&mut session, &client("Bea Rowan", "1985-11-30"));
    register::add_connection(
        &mut session,
        bea.id,
        &connection(ConnectionKind::Employer, "Osage Credit Union", "+1 660 555 0199"),
    )
    .expect("connection");

    let mut draft = client("Cleo Marsh", "1992-02-02");
    draft.contact.phone = "660.555.0199".into();
    draft.contact.email = "ada@example.com".into();
    draft.emergency_contact.name = "Ada Quill".into();
    let warnings = register::check_new_client(session.conn(), &draft, None, true).expect("check");
    let found: Vec<(String, DualMatch)> = warnings.iter().map(|w| (w.client.code.clone(), w.matched)).collect();

    assert_eq!(
        found,
        vec![
            ("C0002".to_string(), DualMatch::PhoneOfConnection),
            ("C0001".to_string(), DualMatch::EmailOfClient),
            ("C0001".to_string(), DualMatch::EmergencyContactIsClient),
        ]
    );
    assert!(
        warnings.iter().all(|w| !w.explanation.contains("Ada") && !w.explanation.contains("Rowan")),
        "discreet mode names other clients by initials only: {warnings:?}"
    );
    assert_eq!(warnings[1].client.display_name, "A.Q.");
}

#[test]
fn a_lone_first_name_or_the_client_herself_is_not_a_dual_relationship() {
    let (_vault, mut session) = TestVault::new();
    let ada = add(&mut session, &client("Ada Quill", "1990-04-02"));
    register::add_connection(&mut session, ada.id, &connection(ConnectionKind::Family, "Sam", "")).expect("connection");

    let mut draft = client("Sam Rivers", "1990-01-01");
    draft.preferred_name = "Sam".into();
    assert!(register::check_new_client(session.conn(), &draft, None, false).expect("check").is_empty());
    assert!(
        register::check_new_client(session.conn(), &ada.fields, Some(ada.id), false).expect("check").is_empty(),
        "editing a client does not warn about herself"
    );
}

#[test]
fn connections_are_validated_listed_updated_and_removed() {
    let (_vault, mut session) = TestVault::new();
    let ada = add(&mut session, &client("Ada Quill", "1990-04-02"));
    let bea = add(&mut session, &client("Bea Rowan", "1985-11-30"));

    let nameless = connection(ConnectionKind::School, " ", "12");
    let Err(RegisterError::Invalid(problems)) = register::add_connection(&mut session, ada.id, &nameless) else {
        panic!("a connection needs a name")
    };
    assert_eq!(problems.iter().map(|p| p.field.as_str()).collect::<Vec<_>>(), ["name", "phone"]);

    let mut sister = connection(ConnectionKind::Client, "", "");
    sister.linked_client_id = Some(bea.id);
    let linked = register::add_connection(&mut session, ada.id, &sister).expect("link to another client");
    assert_eq!(linked.linked_client.as_ref().map(|c| c.code.as_str()), Some("C0002"));
    sister.linked_client_id = Some(ada.id);
    assert!(register::add_connection(&mut session, ada.id, &sister).is_err(), "not her own connection");

    let school = register::add_connection(&mut session, ada.id, &connection(ConnectionKind::School, "Cedar Ridge", ""))
        .expect("school");
    register::update_connection(
        &mut session,
        school.id,
        &connection(ConnectionKind::School, "Cedar Ridge Elementary", ""),
    )
    .expect("update");
    let listed = register::list_connections(session.conn(), ada.id, true).expect("list");
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].linked_client.as_ref().map(|c| c.display_name.as_str()), Some("B.R."));
    assert_eq!(listed[1].name, "Cedar Ridge Elementary");
    register::remove_connection(&mut session, school.id).expect("remove");
    assert_eq!(register::list_connections(session.conn(), ada.id, false).expect("list").len(), 1);
}

#[test]
fn the_therapists_decision_about_a_dual_relationship_is_recorded() {
    let (_vault, mut session) = TestVault::new();
    let ada = add(&mut session, &client("Ada Quill", "1990-04-02"));
    register::add_connection(&mut session, ada.id, &connection(ConnectionKind::SpousePartner, "Jordan Marsh", ""))
        .expect("connection");
    let draft = client("Jordan Marsh", "1987-05-05");
    let warning = register::check_new_client(session.conn(), &draft, None, false).expect("check").remove(0);
    let jordan = add(&mut session, &draft);

    let blank = ReviewInput { other_client_id: warning.client.id, matched: warning.matched, decision: "  ".into() };
    assert!(register::record_review(&mut session, jordan.id, &blank).is_err(), "a decision must be written down");
    let review = ReviewInput {
        other_client_id: warning.client.id,
        matched: warning.matched,
        decision: "Couples work declined; referred Jordan to a colleague for individual therapy.".into(),
    };
    let recorded = register::record_review(&mut session, jordan.id, &review).expect("recorded");

    let reviews = register::list_reviews(session.conn(), jordan.id, false).expect("reviews");
    assert_eq!(reviews, vec![recorded]);
    assert_eq!(reviews[0].other_client_code, "C0001");
    assert_eq!(reviews[0].matched, DualMatch::NameOfConnection);
}

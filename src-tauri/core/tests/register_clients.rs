//! The client register: adding, validating, finding, editing and discharging clients.

use crate::common;

use chrono::NaiveDate;
use common::TestVault;
use confidant_core::error::{ApiError, ErrorCode};
use confidant_core::register::{
    self, ClientFields, ClientStatus, PerinatalStatus, PolicyChange, RegisterError, RetentionPolicy, StatusFilter,
};
use confidant_core::vault::Session;

fn today() -> NaiveDate {
    day("2026-01-10")
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn client(name: &str, dob: &str) -> ClientFields {
    ClientFields { legal_name: name.into(), date_of_birth: dob.into(), ..Default::default() }
}

fn add(session: &mut Session, fields: &ClientFields) -> register::Client {
    register::create(session, fields, ClientStatus::Active, false, today()).expect("client saved")
}

fn count_clients(session: &Session) -> i64 {
    session.conn().query_row("SELECT count(*) FROM clients", [], |r| r.get(0)).expect("count")
}

#[test]
fn a_new_client_gets_the_next_stable_code_and_reads_back_as_saved() {
    let (_vault, mut session) = TestVault::new();
    let mut fields = client("Ada Quill", "1990-04-02");
    fields.preferred_name = "Addie".into();
    fields.contact.phone = "(573) 555-0142".into();
    fields.contact.text_ok = true;
    fields.contact.email = "ada@example.com".into();
    fields.telehealth_location.state = "mo".into();
    fields.telehealth_location.city = "Columbia".into();
    fields.perinatal.status = PerinatalStatus::Pregnant;
    fields.perinatal.due_date = "2026-05-02".into();
    fields.perinatal.obstetric.name = "Dr. Fennimore".into();

    let first = add(&mut session, &fields);
    let second = add(&mut session, &client("Bea Rowan", "1985-11-30"));

    assert_eq!((first.code.as_str(), second.code.as_str()), ("C0001", "C0002"));
    let read = register::get(session.conn(), first.id).expect("get");
    assert_eq!(read.fields.telehealth_location.state, "MO", "state codes are stored upper case");
    assert_eq!(read.fields.perinatal.obstetric.name, "Dr. Fennimore");
    assert_eq!(read.status, ClientStatus::Active);
}

#[test]
fn invalid_fields_are_all_reported_and_nothing_is_saved() {
    let (_vault, mut session) = TestVault::new();
    let mut fields = client("", "2030-01-01");
    fields.contact.email = "ada@@example".into();
    fields.contact.phone = "555".into();

    let error = register::create(&mut session, &fields, ClientStatus::Active, false, today()).expect_err("invalid");
    let api: ApiError = error.into();
    assert_eq!(api.code, ErrorCode::InvalidInput);
    let fields: Vec<&str> = api.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["legalName", "dateOfBirth", "contact.phone", "contact.email"]);
    assert!(!api.message.contains("ada@@example"), "messages never echo what was typed");
    assert_eq!(count_clients(&session), 0);
}

#[test]
fn a_duplicate_is_refused_unless_confirmed() {
    let (_vault, mut session) = TestVault::new();
    add(&mut session, &client("Ada  Quill", "1990-04-02"));

    let again =
        register::create(&mut session, &client("ada quill", "1990-04-02"), ClientStatus::Active, false, today());
    let Err(error @ RegisterError::PossibleDuplicate { .. }) = again else { panic!("expected a duplicate: {again:?}") };
    assert_eq!(ApiError::from(error).code, ErrorCode::Duplicate);
    assert_eq!(count_clients(&session), 1, "nothing saved without confirmation");

    register::create(&mut session, &client("ada quill", "1990-04-02"), ClientStatus::Active, true, today())
        .expect("a confirmed duplicate is saved");
    assert_eq!(count_clients(&session), 2);
    add(&mut session, &client("Ada Quill", "1991-04-02"));
}

#[test]
fn search_matches_names_alias_phone_digits_and_email_ignoring_case_and_accents() {
    let (_vault, mut session) = TestVault::new();
    let mut jose = client("María José Núñez", "1990-04-02");
    jose.contact.phone = "(573) 555-0142".into();
    jose.contact.email = "mjn@example.org".into();
    jose.alias = "Heron".into();
    add(&mut session, &jose);
    add(&mut session, &client("Bea Rowan", "1985-11-30"));

    let find = |query: &str| -> Vec<String> {
        register::list(session.conn(), StatusFilter::All, query, false, 50, today())
            .expect("list")
            .clients
            .into_iter()
            .map(|c| c.code)
            .collect()
    };
    for query in ["maria", "NUNEZ", "josé núñez", "heron", "555-01", "5735550142", "mjn@example", "C0001"] {
        assert_eq!(find(query), ["C0001"], "query {query:?}");
    }
    assert_eq!(find(""), ["C0002", "C0001"].map(String::from), "an empty query lists everyone, by name");
    assert!(find("nobody").is_empty());
}

#[test]
fn the_list_filters_by_status_and_shows_age_perinatal_and_communication_lines() {
    let (_vault, mut session) = TestVault::new();
    let mut ada = client("Ada Quill", "1990-04-02");
    ada.pronouns = "she/her".into();
    ada.contact.phone = "573 555 0142".into();
    ada.contact.text_ok = true;
    ada.perinatal.status = PerinatalStatus::Postpartum;
    ada.perinatal.baby_birth_date = "2025-11-08".into();
    add(&mut session, &ada);
    register::create(&mut session, &client("Bea Rowan", "1985-11-30"), ClientStatus::Prospective, false, today())
        .expect("prospective");

    let active = register::list(session.conn(), StatusFilter::Active, "", false, 50, today()).expect("list");
    assert_eq!(active.total, 1);
    let line = &active.clients[0];
    assert_eq!(line.display_name, "Ada Quill");
    assert_eq!(line.age, Some(35));
    assert_eq!(line.pronouns, "she/her");
    assert_eq!(line.perinatal_line.as_deref(), Some("9 weeks postpartum"));
    assert_eq!(line.communication_line, "No voicemail · Texts OK · No email");

    let prospective = register::list(session.conn(), StatusFilter::Prospective, "", false, 50, today()).expect("list");
    assert_eq!(prospective.clients[0].code, "C0002");
}

#[test]
fn in_discreet_mode_lists_and_headers_carry_only_initials_or_the_alias() {
    let (_vault, mut session) = TestVault::new();
    let ada = add(&mut session, &client("Ada Lovelace Quill", "1990-04-02"));
    let mut bea = client("Beatrix Rowan", "1985-11-30");
    bea.alias = "Sparrow".into();
    bea.preferred_name = "Bea".into();
    add(&mut session, &bea);

    let page = register::list(session.conn(), StatusFilter::All, "", true, 50, today()).expect("list");
    let names: Vec<&str> = page.clients.iter().map(|c| c.display_name.as_str()).collect();
    assert_eq!(names, ["A.L.Q.", "Sparrow"]);
    let json = serde_json::to_string(&page).expect("json");
    for secret in ["Ada", "Quill", "Beatrix", "Rowan", "Bea"] {
        assert!(!json.contains(secret), "{secret} reached the discreet list: {json}");
    }

    let searched = register::list(session.conn(), StatusFilter::All, "quill", true, 50, today()).expect("search");
    assert_eq!(searched.clients[0].display_name, "A.L.Q.", "she can still search by name");
    let header = register::summary(session.conn(), ada.id, true, today()).expect("header");
    assert_eq!(header.display_name, "A.L.Q.");
}

#[test]
fn an_update_is_validated_like_a_new_client_and_all_or_nothing() {
    let (_vault, mut session) = TestVault::new();
    let ada = add(&mut session, &client("Ada Quill", "1990-04-02"));
    add(&mut session, &client("Bea Rowan", "1985-11-30"));

    let mut edited = ada.fields.clone();
    edited.legal_name = "Ada Quill-Marsh".into();
    edited.contact.email = "not an email".into();
    assert!(matches!(register::update(&mut session, ada.id, &edited, false, today()), Err(RegisterError::Invalid(_))));
    assert_eq!(register::get(session.conn(), ada.id).expect("get").fields.legal_name, "Ada Quill");

    let into_duplicate = client("Bea Rowan", "1985-11-30");
    assert!(matches!(
        register::update(&mut session, ada.id, &into_duplicate, false, today()),
        Err(RegisterError::PossibleDuplicate { code }) if code == "C0002"
    ));

    edited.contact.email = "ada@example.com".into();
    let saved = register::update(&mut session, ada.id, &edited, false, today()).expect("valid update");
    assert_eq!(saved.fields.legal_name, "Ada Quill-Marsh");
    let found = register::list(session.conn(), StatusFilter::All, "marsh", false, 10, today()).expect("search");
    assert_eq!(found.total, 1, "search follows the edit");
}

#[test]
fn discharge_sets_the_discharge_and_retention_dates_and_reopening_clears_them() {
    let (_vault, mut session) = TestVault::new();
    let mut fields = client("Ada Quill", "1990-04-02");
    fields.intake_date = "2024-01-15".into();
    fields.last_service_date = "2025-06-30".into();
    fields.last_service_reason = "A closing call after her last session".into();
    let ada = add(&mut session, &fields);

    let discharged = register::discharge(&mut session, ada.id, day("2025-07-14"), today()).expect("discharge");
    assert_eq!(discharged.status, ClientStatus::Discharged);
    assert_eq!(discharged.discharge_date, Some(day("2025-07-14")));
    assert_eq!(discharged.retention_date, Some(day("2032-06-30")), "7 years after the last service");

    let reopened = register::set_status(&mut session, ada.id, ClientStatus::Active, today(), today()).expect("reopen");
    assert_eq!((reopened.discharge_date, reopened.retention_date), (None, None));
    assert!(
        register::set_status(&mut session, ada.id, ClientStatus::Prospective, today(), today()).is_err(),
        "an active client cannot become prospective"
    );
}

#[test]
fn without_a_last_service_date_retention_counts_from_the_discharge() {
    let (_vault, mut session) = TestVault::new();
    let minor = add(&mut session, &client("Cleo Minor", "2012-03-01"));
    let discharged = register::discharge(&mut session, minor.id, day("2025-12-01"), today()).expect("discharge");
    assert_eq!(discharged.retention_date, Some(day("2033-03-01")), "a minor: 3 years after she turns 18");
}

#[test]
fn the_retention_policy_is_stored_and_changing_it_recomputes_discharged_clients() {
    let (_vault, mut session) = TestVault::new();
    assert_eq!(register::policy(session.conn()).expect("policy"), RetentionPolicy::default());
    let ada = add(&mut session, &client("Ada Quill", "1990-04-02"));
    register::discharge(&mut session, ada.id, day("2025-01-10"), today()).expect("discharge");

    let ten = RetentionPolicy { years_after_last_service: 10, years_after_majority: 5 };
    let change = |policy| PolicyChange { policy, reason: String::new() };
    assert_eq!(register::set_policy(&mut session, &change(ten)).expect("set"), ten);
    assert_eq!(register::get(session.conn(), ada.id).expect("get").retention_date, Some(day("2035-01-10")));
    let none = RetentionPolicy { years_after_last_service: 0, years_after_majority: 3 };
    assert!(register::set_policy(&mut session, &PolicyChange { policy: none, reason: "No reason".into() }).is_err());
}

#[test]
fn a_future_discharge_date_is_refused() {
    let (_vault, mut session) = TestVault::new();
    let ada = add(&mut session, &client("Ada Quill", "1990-04-02"));
    assert!(matches!(
        register::discharge(&mut session, ada.id, day("2026-02-01"), today()),
        Err(RegisterError::Invalid(problems)) if problems[0].field == "dischargeDate"
    ));
}

#[test]
fn an_unknown_client_is_not_found() {
    let (_vault, session) = TestVault::new();
    assert!(matches!(register::get(session.conn(), 42), Err(RegisterError::NotFound)));
}

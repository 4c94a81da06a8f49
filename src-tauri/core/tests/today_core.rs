//! The Today screen gathers what needs her this morning from every part of the vault.

use crate::common;

use chrono::{Duration, NaiveDate};
use confidant_core::consent::signatures::SignedBy;
use confidant_core::disclosure::accounting;
use confidant_core::disclosure::authorizations::{self, AuthorizationInput, AuthorizationKind};
use confidant_core::disclosure::Category;
use confidant_core::measures::{self, MeasureKind, NewMeasure};
use confidant_core::notes::{self, Modality, SessionFields};
use confidant_core::register::{self, ClientFields, ClientStatus};
use confidant_core::today::today_view;
use confidant_core::vault::Session;

use common::TestVault;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn client(session: &mut Session, name: &str, status: ClientStatus) -> i64 {
    let mut fields = ClientFields { legal_name: name.into(), date_of_birth: "1990-02-03".into(), ..Default::default() };
    fields.telehealth_location.state = "MO".into();
    fields.telehealth_location.city = "Columbia".into();
    fields.contact.phone = "573 555 0100".into();
    fields.contact.text_ok = true;
    register::create(session, &fields, status, true, today()).expect("client").id
}

fn appointment(session: &mut Session, client_id: i64, day: NaiveDate, start: &str, modality: Modality) {
    let fields = SessionFields {
        date: iso(day),
        start_time: start.into(),
        end_time: "23:50".into(),
        modality,
        ..Default::default()
    };
    notes::create_session(session, client_id, &fields, chrono::Local::now().naive_local()).expect("session");
}

#[test]
fn today_lists_appointments_consents_alerts_expiring_authorizations_and_accounting_requests() {
    let (_vault, mut session) = TestVault::new();
    let ana = client(&mut session, "Ana Lindqvist", ClientStatus::Active);
    let bea = client(&mut session, "Bea Moreno", ClientStatus::Active);
    let cat = client(&mut session, "Cat Okafor", ClientStatus::Active);
    register::discharge(&mut session, cat, today(), today()).expect("discharged");
    common::sign_informed_consent(&mut session, bea);

    appointment(&mut session, bea, today() + Duration::days(1), "09:00", Modality::Video);
    appointment(&mut session, ana, today(), "23:00", Modality::InPerson);
    appointment(&mut session, bea, today() + Duration::days(3), "09:00", Modality::Video);

    let mut boxes = [0u8; 10];
    boxes[9] = 2; // item 10 above 0
    let epds = NewMeasure {
        client_id: bea,
        kind: MeasureKind::Epds,
        taken_on: iso(today()),
        answers: boxes.map(Some).to_vec(),
    };
    measures::record_measure(&mut session, &epds, today()).expect("measure");

    let input = AuthorizationInput {
        client_id: bea,
        kind: AuthorizationKind::Release,
        recipient_name: "Dr. Priya Nair".into(),
        recipient_organisation: "Riverside OB-GYN".into(),
        categories: vec![Category::AttendanceDates],
        purpose: "Coordination of care".into(),
        effective_on: iso(today()),
        expires_on: Some(iso(today() + Duration::days(10))),
        ..Default::default()
    };
    let auth = authorizations::create(&mut session, &input, today()).expect("authorization");
    authorizations::sign(&mut session, auth.id, &iso(today()), SignedBy::Client, today()).expect("signed");
    accounting::record_request(&mut session, bea, &iso(today() - Duration::days(70)), None, today()).expect("request");

    let view = today_view(session.conn(), today(), false).expect("today");
    let times: Vec<(&str, &str, &str)> = view
        .appointments
        .iter()
        .map(|a| (a.client.display_name.as_str(), a.session.date.as_str(), a.location.as_str()))
        .collect();
    let (t, tm) = (iso(today()), iso(today() + Duration::days(1)));
    assert_eq!(times, [("Ana Lindqvist", t.as_str(), ""), ("Bea Moreno", tm.as_str(), "Columbia, MO")]);
    let line = &view.appointments[1].client.communication_line;
    assert!(line.contains("No voicemail") && line.contains("Texts OK"), "her communication preferences: {line}");

    let consent: Vec<&str> = view.consent.iter().map(|c| c.client.display_name.as_str()).collect();
    assert_eq!(consent, ["Ana Lindqvist"], "discharged clients and signed ones are not listed");
    assert!(view.consent[0].what.ends_with("not signed"));
    assert!(view.measures[0].urgent && view.measures[0].what.contains("self-harm"));
    assert!(
        view.authorizations[0].what.contains("Dr. Priya Nair, Riverside OB-GYN"),
        "{}",
        view.authorizations[0].what
    );
    assert!(view.accounting[0].urgent, "70 days after the request, the 60-day deadline has passed");

    let discreet = today_view(session.conn(), today(), true).expect("today");
    let text = format!("{discreet:?}");
    assert!(!text.contains("Lindqvist") && !text.contains("Moreno"), "discreet mode names nobody");
}

#[test]
fn today_reads_the_schedule_a_series_left_and_a_first_appointment_without_consent() {
    use confidant_core::notes::recurrence::Repeat;
    use confidant_core::notes::series::{Booking, SeriesRule};
    let (_vault, mut session) = TestVault::new();
    let ana = client(&mut session, "Ana Lindqvist", ClientStatus::Active);
    let bea = client(&mut session, "Bea Moreno", ClientStatus::Active);
    common::sign_informed_consent(&mut session, bea);
    let tomorrow = today() + Duration::days(1);
    let now = today().and_hms_opt(0, 0, 0).expect("midnight");
    let weekly = |client_id: i64, start: &str, count: u32| Booking {
        client_id,
        fields: SessionFields {
            date: iso(tomorrow),
            start_time: start.into(),
            end_time: "23:50".into(),
            ..Default::default()
        },
        series: Some(SeriesRule { repeat: Repeat::Weekly, until: None, count: Some(count) }),
    };
    confidant_core::schedule::book(&mut session, &weekly(bea, "09:00", 2), now).expect("bea's series");
    confidant_core::schedule::book(&mut session, &weekly(ana, "10:00", 6), now).expect("ana's series");

    let view = today_view(session.conn(), today(), false).expect("today");
    let [first, second] = view.appointments.as_slice() else { panic!("two appointments tomorrow: {view:?}") };
    let bea_series = first.series.as_ref().expect("her series");
    assert_eq!((bea_series.left, bea_series.ending_soon), (2, true), "two left: ending soon");
    assert!(first.consent.is_none());
    assert_eq!(second.series.as_ref().map(|s| (s.left, s.ending_soon)), Some((6, false)));
    assert!(second.consent.as_deref().is_some_and(|c| c.contains("no informed consent")), "{second:?}");
}

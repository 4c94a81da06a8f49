//! Perinatal measures through the core: scoring as recorded, bad input refused, the self-harm
//! alert until a signed safety assessment, the rescreen reminder, weeks of pregnancy.

use crate::common;

use chrono::{Duration, NaiveDate};
use confidant_core::measures::{self, MeasureKind, MeasuresError, NewMeasure};
use confidant_core::notes::{self, TimelineEntry, TimelineFilter};
use confidant_core::register::{self, ClientFields, ClientStatus, PerinatalStatus};
use confidant_core::vault::Session;
use confidant_core::ApiError;

use common::TestVault;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn client(session: &mut Session, fields: ClientFields) -> i64 {
    register::create(session, &fields, ClientStatus::Active, true, today()).expect("client").id
}

fn plain_client(session: &mut Session) -> i64 {
    client(
        session,
        ClientFields { legal_name: "Ada Quill".into(), date_of_birth: "1992-03-04".into(), ..Default::default() },
    )
}

fn epds(client_id: i64, on: NaiveDate, boxes: [u8; 10]) -> NewMeasure {
    NewMeasure { client_id, kind: MeasureKind::Epds, taken_on: iso(on), answers: boxes.map(Some).to_vec() }
}

fn fields_of(error: MeasuresError) -> Vec<String> {
    ApiError::from(error).fields.into_iter().map(|f| f.field).collect()
}

/// Boxes that score 1 on every EPDS item (items 1, 2, 4 in order; the rest reversed).
const ALL_ONES: [u8; 10] = [1, 1, 2, 1, 2, 2, 2, 2, 2, 2];
/// Boxes that score 0 everywhere.
const NONE: [u8; 10] = [0, 0, 3, 0, 3, 3, 3, 3, 3, 3];

#[test]
fn an_epds_is_scored_with_the_published_key_as_it_is_recorded() {
    let (_vault, mut session) = TestVault::new();
    let id = plain_client(&mut session);
    let m = measures::record_measure(&mut session, &epds(id, today(), ALL_ONES), today()).expect("recorded");
    assert_eq!(m.item_scores, vec![1; 10]);
    assert_eq!((m.total, m.max_total), (10, 30));
    assert!(!m.band.elevated, "10 is under the default threshold of 13");
    assert!(m.self_harm && m.alert_open, "item 10 scored 1: thoughts of self-harm");

    // Top boxes everywhere: items 1, 2 and 4 score 0, the reversed ones 3: 21.
    let top = measures::record_measure(&mut session, &epds(id, today(), [0; 10]), today()).expect("recorded");
    assert_eq!(top.total, 21);
    assert_eq!(top.band.label, "Possible depression: assess");

    let phq = NewMeasure { client_id: id, kind: MeasureKind::Phq9, taken_on: iso(today()), answers: vec![Some(2); 9] };
    let phq = measures::record_measure(&mut session, &phq, today()).expect("recorded");
    assert_eq!((phq.total, phq.band.label.as_str()), (18, "Moderately severe depression"));
    assert!(phq.self_harm, "PHQ-9 item 9 above 0");
    let gad = NewMeasure { client_id: id, kind: MeasureKind::Gad7, taken_on: iso(today()), answers: vec![Some(0); 7] };
    let gad = measures::record_measure(&mut session, &gad, today()).expect("recorded");
    assert!(!gad.self_harm && gad.band.label == "Minimal anxiety");
}

#[test]
fn a_missing_answer_an_answer_out_of_range_or_a_bad_date_is_refused_and_nothing_saved() {
    let (_vault, mut session) = TestVault::new();
    let id = plain_client(&mut session);
    let mut missing = epds(id, today(), ALL_ONES);
    missing.answers[3] = None;
    missing.answers[9] = Some(4);
    assert_eq!(
        fields_of(measures::record_measure(&mut session, &missing, today()).expect_err("bad")),
        ["answers.3", "answers.9"]
    );
    let short = NewMeasure { answers: vec![Some(0); 9], ..epds(id, today(), ALL_ONES) };
    assert_eq!(fields_of(measures::record_measure(&mut session, &short, today()).expect_err("9 of 10")), ["answers"]);
    for (date, why) in [
        (iso(today() + Duration::days(1)), "future"),
        ("1980-01-01".into(), "before birth"),
        ("soon".into(), "not a date"),
    ] {
        let bad = NewMeasure { taken_on: date, ..epds(id, today(), ALL_ONES) };
        assert_eq!(
            fields_of(measures::record_measure(&mut session, &bad, today()).expect_err(why)),
            ["takenOn"],
            "{why}"
        );
    }
    let nobody = epds(9999, today(), ALL_ONES);
    let refused = measures::record_measure(&mut session, &nobody, today()).expect_err("no client");
    assert!(matches!(refused, MeasuresError::NotFound(_)), "{refused}");
    assert!(measures::measures_of_client(session.conn(), id).expect("list").is_empty(), "nothing was saved");
}

#[test]
fn the_self_harm_alert_stays_open_until_the_safety_assessment_is_signed() {
    let (_vault, mut session) = TestVault::new();
    let id = plain_client(&mut session);
    let mut boxes = [0u8; 10];
    boxes[9] = 2; // item 10, third box: "hardly ever" scores 1
    let m = measures::record_measure(&mut session, &epds(id, today(), boxes), today()).expect("recorded");
    assert!(m.alert_open);
    let overview = measures::overview(session.conn(), id, today()).expect("overview");
    assert_eq!(overview.open_alerts.iter().map(|a| a.id).collect::<Vec<_>>(), [m.id]);

    // No consent is on record, yet the safety assessment is not held back.
    let now = chrono::Local::now().naive_local();
    let note = confidant_core::notes::safety::start_safety_note(&mut session, m.id, now).expect("safety note");
    let text = note.content.sections.join("\n");
    assert!(text.contains("item 10 (thoughts of self-harm) scored 1 of 3"), "{text}");
    assert!(
        measures::overview(session.conn(), id, today()).expect("overview").open_alerts.len() == 1,
        "a draft is not enough"
    );
    let again = confidant_core::notes::safety::start_safety_note(&mut session, m.id, now).expect("same note");
    assert_eq!(again.id, note.id, "the started assessment is reopened, not duplicated");

    notes::sign_note(&mut session, note.id).expect("signed");
    let overview = measures::overview(session.conn(), id, today()).expect("overview");
    assert!(overview.open_alerts.is_empty(), "signed: the alert closes");
    assert!(!measures::get_measure(session.conn(), m.id).expect("measure").alert_open);

    let calm = measures::record_measure(&mut session, &epds(id, today(), NONE), today()).expect("recorded");
    assert_eq!(calm.total, 0);
    assert!(matches!(
        confidant_core::notes::safety::start_safety_note(&mut session, calm.id, now),
        Err(confidant_core::notes::NotesError::Invalid(_))
    ));
}

#[test]
fn an_epds_at_or_over_the_threshold_asks_for_a_rescreen_two_weeks_later_unless_done() {
    let (_vault, mut session) = TestVault::new();
    let id = plain_client(&mut session);
    let first = today() - Duration::days(20);
    measures::record_measure(&mut session, &epds(id, first, [0; 10]), today()).expect("21 points");
    let due = measures::overview(session.conn(), id, today()).expect("overview").rescreen.expect("rescreen due");
    assert_eq!(due.due_on, iso(first + Duration::days(14)));
    assert!(due.overdue);

    measures::record_measure(
        &mut session,
        &epds(id, today() - Duration::days(3), [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]),
        today(),
    )
    .expect("0 points");
    assert!(measures::overview(session.conn(), id, today()).expect("overview").rescreen.is_none(), "rescreened");

    // 11 points: under 13, over 10 once she asks for the more sensitive threshold.
    let eleven = [1, 1, 2, 1, 2, 2, 2, 1, 1, 3];
    let m = measures::record_measure(&mut session, &epds(id, today(), eleven), today()).expect("recorded");
    assert_eq!(m.total, 11);
    assert!(measures::overview(session.conn(), id, today()).expect("overview").rescreen.is_none());
    assert_eq!(measures::set_epds_threshold(&mut session, 10).expect("10"), 10);
    let overview = measures::overview(session.conn(), id, today()).expect("overview");
    assert!(overview.rescreen.is_some() && overview.epds_threshold == 10);
    assert!(measures::get_measure(session.conn(), m.id).expect("m").band.elevated);
    assert!(measures::set_epds_threshold(&mut session, 12).is_err(), "only 10 or 13");
}

#[test]
fn each_point_knows_the_weeks_of_pregnancy_or_postpartum_and_shows_on_the_timeline() {
    let (_vault, mut session) = TestVault::new();
    let due = today() + Duration::days(16 * 7);
    let mut fields =
        ClientFields { legal_name: "Bea Lark".into(), date_of_birth: "1990-01-01".into(), ..Default::default() };
    fields.perinatal.status = PerinatalStatus::Pregnant;
    fields.perinatal.due_date = iso(due);
    let id = client(&mut session, fields);
    let m = measures::record_measure(&mut session, &epds(id, today(), ALL_ONES), today()).expect("recorded");
    assert_eq!(m.perinatal.as_deref(), Some("24 weeks pregnant"));
    assert!(m.antenatal);

    let timeline = notes::timeline(session.conn(), id, &TimelineFilter::default()).expect("timeline");
    let shown = timeline
        .years
        .iter()
        .flat_map(|y| &y.months)
        .flat_map(|m| &m.entries)
        .any(|e| matches!(e, TimelineEntry::Measure(x) if x.id == m.id));
    assert!(shown, "the measure is on her timeline");
    assert_eq!(timeline.totals.measures, 1);
}

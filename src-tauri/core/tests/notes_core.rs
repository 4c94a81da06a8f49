//! Sessions and notes: drafts, autosave, signing, addenda, disclosure status, overdue drafts.

use crate::common;

use chrono::{NaiveDate, NaiveDateTime};
use common::TestVault;
use confidant_core::audit;
use confidant_core::error::{ApiError, ErrorCode};
use confidant_core::notes::{
    self, Attendance, DisclosureStatus, DutyToWarn, Modality, NewNote, NoteContent, NoteKind, NotesError, RiskLevel,
    SessionFields, Template,
};
use confidant_core::register::{self, ClientFields, ClientStatus};
use confidant_core::vault::Session;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).expect("date")
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(17, 0, 0).expect("time")
}

fn client(session: &mut Session, name: &str) -> i64 {
    let fields = ClientFields { legal_name: name.into(), date_of_birth: "1990-04-02".into(), ..Default::default() };
    let id = register::create(session, &fields, ClientStatus::Active, false, today()).expect("client").id;
    common::sign_informed_consent(session, id);
    id
}

fn held(date: &str, start: &str, end: &str) -> SessionFields {
    SessionFields {
        date: date.into(),
        start_time: start.into(),
        end_time: end.into(),
        attendance: Attendance::Attended,
        ..Default::default()
    }
}

fn soap(s: &str, o: &str, a: &str, p: &str) -> NoteContent {
    NoteContent { template: Template::Soap, sections: vec![s.into(), o.into(), a.into(), p.into()] }
}

fn progress_note(session: &mut Session, client_id: i64, date: &str) -> i64 {
    let s = notes::create_session(session, client_id, &held(date, "10:00", "10:50"), now()).expect("session");
    notes::create_note(
        session,
        &NewNote {
            client_id,
            session_id: Some(s.id),
            kind: NoteKind::Progress,
            template: Template::Soap,
            ..Default::default()
        },
        now(),
    )
    .expect("note")
    .id
}

fn signed_note(session: &mut Session, client_id: i64) -> i64 {
    let id = progress_note(session, client_id, "2026-03-09");
    notes::save_draft(session, id, &soap("Slept four hours.", "Tearful.", "Improving.", "Next week."), None)
        .expect("saved");
    notes::sign_note(session, id).expect("signed");
    id
}

fn field_of(error: NotesError) -> Vec<String> {
    let api: ApiError = error.into();
    assert_eq!(api.code, ErrorCode::InvalidInput);
    api.fields.into_iter().map(|f| f.field).collect()
}

#[test]
fn an_autosaved_draft_is_there_after_the_vault_is_locked_and_unlocked() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let id = progress_note(&mut session, c, "2026-03-09");
    let saved = notes::save_draft(&mut session, id, &soap("Slept poorly", "", "", ""), Some(0)).expect("saved");
    assert_eq!(saved.revision, 1);
    session.lock(confidant_core::vault::LockReason::Manual).expect("lock");
    let session = confidant_core::vault::unlock(&vault.dir, &common::pass(common::PASSPHRASE)).expect("unlock");
    let note = notes::get_note(session.conn(), id).expect("note");
    assert_eq!(note.content.sections[0], "Slept poorly");
    assert_eq!(note.revision, 1);
    assert_eq!(note.status, DisclosureStatus::Private, "a new note is private");
}

#[test]
fn a_save_based_on_an_older_revision_is_refused_and_changes_nothing() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let id = progress_note(&mut session, c, "2026-03-09");
    notes::save_draft(&mut session, id, &soap("first", "", "", ""), Some(0)).expect("saved");
    let stale = notes::save_draft(&mut session, id, &soap("stale", "", "", ""), Some(0));
    assert!(matches!(stale, Err(NotesError::Conflict { current: 1 })), "{stale:?}");
    assert_eq!(notes::get_note(session.conn(), id).expect("note").content.sections[0], "first");
}

#[test]
fn the_core_refuses_to_modify_a_signed_note() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let id = signed_note(&mut session, c);
    let before = notes::get_note(session.conn(), id).expect("note");
    assert!(before.signed_at.is_some());
    assert_eq!(before.content_hash.as_deref().map(str::len), Some(64), "a SHA-256 in hex");

    let edit = notes::save_draft(&mut session, id, &soap("rewritten", "", "", ""), None);
    assert!(matches!(edit, Err(NotesError::Signed)), "{edit:?}");
    assert!(matches!(notes::sign_note(&mut session, id), Err(NotesError::Signed)));
    assert!(matches!(notes::delete_draft(&mut session, id), Err(NotesError::Signed)));

    // Whatever the caller does, even SQL that goes around the core.
    let conn = session.conn_mut();
    for sql in [
        "UPDATE notes SET section_1 = 'rewritten' WHERE id = ?1",
        "UPDATE notes SET signed_at = NULL, content_hash = NULL WHERE id = ?1",
        "UPDATE notes SET revision = revision + 1 WHERE id = ?1",
        "UPDATE notes SET note_date = '2020-01-01' WHERE id = ?1",
        "DELETE FROM notes WHERE id = ?1",
    ] {
        let result = conn.execute(sql, [id]);
        assert!(result.is_err(), "the database accepted: {sql}");
    }
    assert_eq!(notes::get_note(session.conn(), id).expect("note"), before, "nothing changed");
}

#[test]
fn an_addendum_is_dated_signed_shown_under_the_note_and_cannot_be_changed() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let id = signed_note(&mut session, c);
    let addendum = notes::add_addendum(&mut session, id, "Late information: she called the crisis line.").expect("add");
    let note = notes::get_note(session.conn(), id).expect("note");
    assert_eq!(note.addenda, vec![addendum.clone()]);
    assert_eq!(addendum.content_hash.len(), 64);
    assert!(session.conn().execute("UPDATE addenda SET text = 'x' WHERE id = ?1", [addendum.id]).is_err());
    assert!(session.conn().execute("DELETE FROM addenda WHERE id = ?1", [addendum.id]).is_err());

    let draft = progress_note(&mut session, c, "2026-03-02");
    let refused = notes::add_addendum(&mut session, draft, "text");
    assert!(matches!(refused, Err(NotesError::NotAllowed(_))), "a draft is edited directly: {refused:?}");
    let empty = notes::add_addendum(&mut session, id, "   ");
    assert_eq!(field_of(empty.expect_err("empty")), ["text"]);
}

#[test]
fn an_addendum_is_audited_without_its_text() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let id = signed_note(&mut session, c);
    let addendum = notes::add_addendum(&mut session, id, "Late information: she called the crisis line.").expect("add");
    let trail = audit::recent(session.conn(), 1).expect("audit");
    let (_, event, detail) = &trail[0];
    assert_eq!(event, "addendum_added");
    assert_eq!(detail, &format!("note={id} addendum={}", addendum.id), "ids only, never the text");
    assert_eq!(
        audit::verify(session.conn()).expect("chain"),
        audit::ChainCheck::Intact { entries: trail_len(&session) }
    );
}

#[test]
fn an_empty_note_cannot_be_signed() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let id = progress_note(&mut session, c, "2026-03-09");
    notes::save_draft(&mut session, id, &soap("  ", "\n", "", ""), None).expect("saved");
    assert_eq!(field_of(notes::sign_note(&mut session, id).expect_err("empty")), ["content"]);
    assert!(notes::get_note(session.conn(), id).expect("note").signed_at.is_none());
}

#[test]
fn a_session_ending_before_it_starts_or_a_future_session_marked_held_is_refused() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let backwards = notes::create_session(&mut session, c, &held("2026-03-09", "11:00", "10:00"), now());
    assert_eq!(field_of(backwards.expect_err("refused")), ["endTime"]);
    let future = notes::create_session(&mut session, c, &held("2026-03-20", "10:00", "10:50"), now());
    assert_eq!(field_of(future.expect_err("refused")), ["attendance"]);
    let video = SessionFields { modality: Modality::Video, ..held("2026-03-09", "10:00", "10:50") };
    assert_eq!(field_of(notes::create_session(&mut session, c, &video, now()).expect_err("where")), ["location.state"]);
    let count: i64 = session.conn().query_row("SELECT count(*) FROM sessions", [], |r| r.get(0)).expect("count");
    assert_eq!(count, 0, "nothing saved");
}

#[test]
fn a_note_for_a_future_session_is_refused() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let appointment = SessionFields { attendance: Attendance::Scheduled, ..held("2026-03-17", "10:00", "10:50") };
    let s = notes::create_session(&mut session, c, &appointment, now()).expect("scheduled");
    let new = NewNote { client_id: c, session_id: Some(s.id), kind: NoteKind::Progress, ..Default::default() };
    assert_eq!(field_of(notes::create_note(&mut session, &new, now()).expect_err("future")), ["sessionId"]);
    let dated = NewNote { client_id: c, kind: NoteKind::Contact, date: "2026-04-01".into(), ..Default::default() };
    assert_eq!(field_of(notes::create_note(&mut session, &dated, now()).expect_err("future")), ["date"]);
    assert_eq!(notes::next_appointment(session.conn(), c, now()).expect("next").map(|n| n.id), Some(s.id));
}

#[test]
fn sessions_are_numbered_per_client_and_link_to_their_neighbours() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let other = client(&mut session, "Ada Lovelace");
    let first = notes::create_session(&mut session, c, &held("2026-02-02", "10:00", "10:50"), now()).expect("1");
    let missed = SessionFields { attendance: Attendance::NoShow, ..held("2026-02-09", "10:00", "10:50") };
    let missed = notes::create_session(&mut session, c, &missed, now()).expect("no-show");
    notes::create_session(&mut session, other, &held("2026-02-10", "10:00", "10:50"), now()).expect("other");
    let second = notes::create_session(&mut session, c, &held("2026-02-16", "10:00", "10:50"), now()).expect("2");
    assert_eq!(first.number, Some(1));
    assert_eq!(missed.number, None, "a missed session has no number");
    let second = notes::get_session(session.conn(), second.id).expect("get");
    assert_eq!(second.number, Some(2));
    assert_eq!(second.previous_id, Some(missed.id));
    let missed = notes::get_session(session.conn(), missed.id).expect("get");
    assert_eq!((missed.previous_id, missed.next_id), (Some(first.id), Some(second.id)));
}

#[test]
fn elevated_risk_stays_an_open_item_until_the_plan_and_duty_to_warn_are_documented() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let mut fields = held("2026-03-09", "10:00", "10:50");
    fields.check.risk_to_self = Some(RiskLevel::High);
    let s = notes::create_session(&mut session, c, &fields, now()).expect("saved even so");
    assert!(s.risk_open);
    let items = notes::open_risk_items(session.conn(), c).expect("items");
    assert_eq!(items.len(), 1);
    assert!(items[0].needs_safety_plan && items[0].needs_duty_to_warn);
    fields.check.safety_plan = "Partner holds medications; crisis line 988.".into();
    fields.check.duty_to_warn = Some(DutyToWarn::DoesNotApply);
    assert!(!notes::update_session(&mut session, s.id, &fields, now()).expect("documented").risk_open);
    assert!(notes::open_risk_items(session.conn(), c).expect("items").is_empty());
}

#[test]
fn the_timeline_marks_a_session_whose_risk_is_not_yet_documented() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let risk_open_in_timeline = |session: &Session| -> Vec<bool> {
        let timeline = notes::timeline(session.conn(), c, &notes::TimelineFilter::default()).expect("timeline");
        let entries = timeline.years.iter().flat_map(|y| &y.months).flat_map(|m| &m.entries);
        entries
            .filter_map(|e| if let notes::TimelineEntry::Session(s) = e { Some(s.risk_open) } else { None })
            .collect()
    };
    notes::create_session(&mut session, c, &held("2026-03-02", "10:00", "10:50"), now()).expect("calm");
    let mut fields = held("2026-03-09", "10:00", "10:50");
    fields.check.risk_to_others = Some(RiskLevel::Moderate);
    fields.check.duty_to_warn = Some(DutyToWarn::DoesNotApply);
    let s = notes::create_session(&mut session, c, &fields, now()).expect("decided, no plan yet");
    assert_eq!(risk_open_in_timeline(&session), [true, false], "newest first: a decision without a plan is open");
    fields.check.safety_plan = "Agreed steps if anger rises; partner aware.".into();
    notes::update_session(&mut session, s.id, &fields, now()).expect("documented");
    assert_eq!(risk_open_in_timeline(&session), [false, false]);
}

#[test]
fn a_status_change_is_allowed_on_a_signed_note_and_audited_without_content() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let id = signed_note(&mut session, c);
    let note = notes::set_disclosure_status(&mut session, id, DisclosureStatus::Shareable).expect("changed");
    assert_eq!(note.status, DisclosureStatus::Shareable);
    let trail = audit::recent(session.conn(), 5).expect("audit");
    let (_, event, detail) = &trail[0];
    assert_eq!(event, "note_status_changed");
    assert!(detail.contains(&format!("note={id}")) && detail.contains("to=shareable"), "{detail}");
    assert!(!detail.contains("Slept") && !detail.contains("Canary"), "no content or name: {detail}");
    assert_eq!(
        audit::verify(session.conn()).expect("chain"),
        audit::ChainCheck::Intact { entries: trail_len(&session) }
    );

    let protected = notes::set_disclosure_status(&mut session, id, DisclosureStatus::Protected);
    assert_eq!(field_of(protected.expect_err("only psychotherapy notes")), ["status"]);
    assert!(notes::get_note(session.conn(), id).expect("note").disclosures.is_empty(), "no ledger yet");
}

fn trail_len(session: &Session) -> i64 {
    session.conn().query_row("SELECT count(*) FROM audit", [], |r| r.get(0)).expect("count")
}

#[test]
fn a_psychotherapy_note_is_always_protected_and_stored_apart() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let new = NewNote { client_id: c, kind: NoteKind::Psychotherapy, date: "2026-03-09".into(), ..Default::default() };
    let note = notes::create_note(&mut session, &new, now()).expect("created");
    assert_eq!(note.status, DisclosureStatus::Protected);
    assert!(note.reminder.as_deref().is_some_and(|r| r.contains("diagnosis")));
    let content = NoteContent { template: Template::FreeText, sections: vec!["My countertransference today".into()] };
    notes::save_draft(&mut session, note.id, &content, None).expect("saved");
    let in_record: i64 =
        session.conn().query_row("SELECT count(*) FROM notes WHERE id = ?1", [note.id], |r| r.get(0)).expect("count");
    assert_eq!(in_record, 0, "not in the record's table");
    let changed = notes::set_disclosure_status(&mut session, note.id, DisclosureStatus::Shareable);
    assert!(matches!(changed, Err(NotesError::NotAllowed(_))), "{changed:?}");
    let soap_psy = NewNote { template: Template::Soap, ..new };
    assert_eq!(field_of(notes::create_note(&mut session, &soap_psy, now()).expect_err("free text only")), ["template"]);
}

#[test]
fn drafts_older_than_the_threshold_are_listed_as_overdue_per_client_and_overall() {
    let (_vault, mut session) = TestVault::new();
    let jane = client(&mut session, "Jane Canary");
    let ada = client(&mut session, "Ada Lovelace");
    let old = progress_note(&mut session, jane, "2026-03-02");
    progress_note(&mut session, jane, "2026-03-09");
    let ada_old = progress_note(&mut session, ada, "2026-02-20");
    signed_note(&mut session, ada);
    let ids = |list: Vec<notes::OverdueDraft>| list.into_iter().map(|d| d.note.id).collect::<Vec<_>>();
    assert_eq!(ids(notes::overdue_drafts(session.conn(), None, today(), false).expect("all")), [ada_old, old]);
    assert_eq!(ids(notes::overdue_drafts(session.conn(), Some(jane), today(), false).expect("jane")), [old]);
    let discreet = notes::overdue_drafts(session.conn(), Some(jane), today(), true).expect("discreet");
    assert_eq!(discreet[0].client_name, "J.C.");
    assert_eq!(discreet[0].days_old, 8);
    notes::set_overdue_days(&mut session, 10).expect("setting");
    assert_eq!(ids(notes::overdue_drafts(session.conn(), None, today(), false).expect("all")), [ada_old]);
    assert!(notes::set_overdue_days(&mut session, 0).is_err());
}

#[test]
fn destroying_a_record_past_retention_removes_its_signed_notes_too() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let id = signed_note(&mut session, c);
    notes::add_addendum(&mut session, id, "Late entry.").expect("addendum");
    let old = NaiveDate::from_ymd_opt(2010, 1, 5).expect("date");
    register::discharge(&mut session, c, old, today()).expect("discharged");
    session.conn_mut().execute("UPDATE clients SET retention_date = '2017-01-05' WHERE id = ?1", [c]).expect("past");
    let code = register::get(session.conn(), c).expect("client").code;
    confidant_core::destruction::destroy(&mut session, c, &code, today()).expect("destroyed");
    assert!(matches!(notes::get_note(session.conn(), id), Err(NotesError::NotFound(_))));
    let left: i64 = session
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM addenda) + (SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'slept')",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(left, 0, "no addenda and nothing in the search index");
}

#[test]
fn bad_input_names_its_fields_and_saves_nothing() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let id = progress_note(&mut session, c, "2026-03-09");
    let wrong = NoteContent { template: Template::Soap, sections: vec!["only one".into()] };
    assert_eq!(
        field_of(notes::save_draft(&mut session, id, &wrong, None).expect_err("sections")),
        ["content.sections"]
    );
    let bad = SessionFields { date: "09/03/2026".into(), start_time: "ten".into(), ..held("", "", "10:00") };
    assert_eq!(field_of(notes::create_session(&mut session, c, &bad, now()).expect_err("bad")), ["date", "startTime"]);
    assert_eq!(notes::get_note(session.conn(), id).expect("note").revision, 0);
    assert!(notes::add_word(&mut session, "two words").is_err());
    assert_eq!(notes::add_word(&mut session, "perinatal").expect("added"), ["perinatal"]);
    assert_eq!(notes::add_word(&mut session, "EPDS").expect("added"), ["EPDS", "perinatal"]);
    assert_eq!(notes::remove_word(&mut session, "perinatal").expect("removed"), ["EPDS"]);
}

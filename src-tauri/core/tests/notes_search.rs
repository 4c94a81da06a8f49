//! Search and the timeline.

use crate::common;

use chrono::{NaiveDate, NaiveDateTime};
use common::TestVault;
use confidant_core::notes::timeline::TimelineKind;
use confidant_core::notes::{
    self, Attendance, DisclosureStatus, NewNote, NoteContent, NoteKind, SearchQuery, SessionFields, Template,
    TimelineEntry, TimelineFilter,
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

fn note(session: &mut Session, client_id: i64, kind: NoteKind, date: &str, text: &str) -> i64 {
    let new = NewNote { client_id, kind, date: date.into(), ..Default::default() };
    let id = notes::create_note(session, &new, now()).expect("note").id;
    let content = NoteContent { template: Template::FreeText, sections: vec![text.into()] };
    notes::save_draft(session, id, &content, None).expect("saved");
    id
}

fn find(session: &Session, text: &str) -> Vec<i64> {
    let query = SearchQuery { text: text.into(), ..Default::default() };
    notes::search(session.conn(), &query, false, today()).expect("search").notes.iter().map(|h| h.note.id).collect()
}

#[test]
fn search_finds_a_word_from_a_note_body_and_highlights_it() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let id = note(&mut session, c, NoteKind::Contact, "2026-03-01", "She called about intrusive thoughts at night.");
    note(&mut session, c, NoteKind::Contact, "2026-03-02", "Rescheduled because of childcare.");
    let results =
        notes::search(session.conn(), &SearchQuery { text: "intrusive".into(), ..Default::default() }, false, today())
            .expect("search");
    assert_eq!(results.notes.len(), 1);
    let hit = &results.notes[0];
    assert_eq!(hit.note.id, id);
    assert_eq!(hit.client_name, "Jane Canary");
    let marked: Vec<&str> = hit.snippet.iter().filter(|p| p.highlight).map(|p| p.text.as_str()).collect();
    assert_eq!(marked, ["intrusive"]);
    let whole: String = hit.snippet.iter().map(|p| p.text.as_str()).collect();
    assert!(whole.contains("She called about intrusive thoughts"), "{whole}");
}

#[test]
fn a_word_typed_halfway_is_found_and_every_word_must_match() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let a = note(&mut session, c, NoteKind::Contact, "2026-03-01", "Sleep disrupted; anxiety about feeding.");
    let b = note(&mut session, c, NoteKind::Contact, "2026-03-02", "Anxiety lower this week.");
    assert_eq!(find(&session, "anx"), [b, a]);
    assert_eq!(find(&session, "sleep anx"), [a]);
    assert_eq!(find(&session, "ANXIETY "), [b, a], "case is ignored");
    assert!(find(&session, "\"OR NEAR(").is_empty(), "what she types is never FTS syntax");
}

#[test]
fn psychotherapy_notes_are_excluded_from_search_unless_asked_for() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let record = note(&mut session, c, NoteKind::Contact, "2026-03-01", "Discussed grief and the anniversary.");
    let private = note(&mut session, c, NoteKind::Psychotherapy, "2026-03-02", "My own grief came up.");
    assert_eq!(find(&session, "grief"), [record]);
    let asked = SearchQuery { text: "grief".into(), include_protected: true, ..Default::default() };
    let mut ids: Vec<i64> = notes::search(session.conn(), &asked, false, today())
        .expect("search")
        .notes
        .iter()
        .map(|h| h.note.id)
        .collect();
    ids.sort();
    assert_eq!(ids, [record, private]);
}

#[test]
fn filters_narrow_by_client_date_kind_and_status_and_discreet_mode_hides_names() {
    let (_vault, mut session) = TestVault::new();
    let jane = client(&mut session, "Jane Canary");
    let ada = client(&mut session, "Ada Lovelace");
    let j1 = note(&mut session, jane, NoteKind::Contact, "2026-01-05", "postpartum check in");
    let j2 = note(&mut session, jane, NoteKind::Discharge, "2026-03-01", "postpartum summary");
    let a1 = note(&mut session, ada, NoteKind::Contact, "2026-02-01", "postpartum questions");
    notes::save_draft(
        &mut session,
        j2,
        &NoteContent { template: Template::FreeText, sections: vec!["postpartum summary".into()] },
        None,
    )
    .expect("save");
    notes::sign_note(&mut session, a1).expect("sign");
    notes::set_disclosure_status(&mut session, a1, DisclosureStatus::Shareable).expect("status");
    let run = |q: SearchQuery| -> Vec<i64> {
        let mut ids: Vec<i64> =
            notes::search(session.conn(), &SearchQuery { text: "postpartum".into(), ..q }, false, today())
                .expect("search")
                .notes
                .iter()
                .map(|h| h.note.id)
                .collect();
        ids.sort();
        ids
    };
    assert_eq!(run(SearchQuery { client_id: Some(jane), ..Default::default() }), [j1, j2]);
    assert_eq!(run(SearchQuery { from: "2026-01-15".into(), to: "2026-02-15".into(), ..Default::default() }), [a1]);
    assert_eq!(run(SearchQuery { kinds: vec![NoteKind::Discharge], ..Default::default() }), [j2]);
    assert_eq!(run(SearchQuery { statuses: vec![DisclosureStatus::Shareable], ..Default::default() }), [a1]);
    let bad =
        notes::search(session.conn(), &SearchQuery { from: "March".into(), ..Default::default() }, false, today());
    assert!(bad.is_err());

    let discreet =
        notes::search(session.conn(), &SearchQuery { text: "postpartum".into(), ..Default::default() }, true, today())
            .expect("search");
    assert!(discreet.notes.iter().all(|h| !h.client_name.contains("Canary") && !h.client_name.contains("Lovelace")));
    let clients =
        notes::search(session.conn(), &SearchQuery { text: "canary".into(), ..Default::default() }, true, today())
            .expect("search");
    assert_eq!(clients.clients.len(), 1, "clients are found too");
    assert_eq!(clients.clients[0].display_name, "J.C.");
}

#[test]
fn an_addendum_under_a_signed_note_is_searchable() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let id = note(&mut session, c, NoteKind::Contact, "2026-03-01", "Phone call about scheduling.");
    notes::sign_note(&mut session, id).expect("sign");
    notes::add_addendum(&mut session, id, "Correction: the pediatrician called, not the OB.").expect("addendum");
    assert_eq!(find(&session, "pediatrician"), [id]);
}

#[test]
fn the_timeline_groups_by_year_and_month_with_counts_and_filters_by_kind() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session, "Jane Canary");
    let at = |date: &str, attendance: Attendance| SessionFields {
        date: date.into(),
        start_time: "10:00".into(),
        end_time: "10:50".into(),
        attendance,
        ..Default::default()
    };
    for (date, attendance) in [
        ("2025-11-03", Attendance::Attended),
        ("2025-11-10", Attendance::LateCancel),
        ("2026-01-05", Attendance::Attended),
        ("2026-01-12", Attendance::Attended),
        ("2026-02-02", Attendance::NoShow),
        ("2026-03-17", Attendance::Scheduled),
    ] {
        notes::create_session(&mut session, c, &at(date, attendance), now()).expect("session");
    }
    let n = note(&mut session, c, NoteKind::Contact, "2026-01-06", "Call.");
    notes::sign_note(&mut session, n).expect("sign");
    notes::add_addendum(&mut session, n, "Later.").expect("addendum");

    // The addendum is dated by the real clock, so the structure is checked without it.
    let no_addenda =
        TimelineFilter { kinds: vec![TimelineKind::Sessions, TimelineKind::Contact, TimelineKind::Progress] };
    let timeline = notes::timeline(session.conn(), c, &no_addenda).expect("timeline");
    let years: Vec<i32> = timeline.years.iter().map(|y| y.year).filter(|y| *y <= 2026).collect();
    assert_eq!(years, [2026, 2025], "newest first");
    let year = |y: i32| timeline.years.iter().find(|t| t.year == y).expect("year");
    let y2026 = year(2026);
    assert_eq!(y2026.summary, "2 sessions, 1 no-show");
    assert_eq!(year(2025).summary, "1 session, 1 late cancellation");
    assert_eq!(y2026.months.iter().map(|m| m.month).collect::<Vec<_>>(), [3, 2, 1]);
    let january = &y2026.months[2];
    let numbers: Vec<Option<u32>> = january
        .entries
        .iter()
        .filter_map(|e| if let TimelineEntry::Session(s) = e { Some(s.number) } else { None })
        .collect();
    assert_eq!(numbers, [Some(3), Some(2)], "numbered across years, newest first");
    assert_eq!(timeline.totals.sessions, 3);
    assert_eq!(timeline.totals.scheduled, 1);
    assert_eq!(timeline.totals.addenda, 1);

    let only_notes = TimelineFilter { kinds: vec![TimelineKind::Contact] };
    let filtered = notes::timeline(session.conn(), c, &only_notes).expect("timeline");
    let entries: Vec<&TimelineEntry> = filtered.years.iter().flat_map(|y| &y.months).flat_map(|m| &m.entries).collect();
    assert_eq!(entries.len(), 1);
    assert!(matches!(entries[0], TimelineEntry::Note(note) if note.id == n && note.signed_at.is_some()));
    let y2026 = filtered.years.iter().find(|y| y.year == 2026).expect("2026");
    assert_eq!(y2026.summary, "2 sessions, 1 no-show", "counts ignore the filter");
}

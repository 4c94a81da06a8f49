//! The schedule (docs/DOMAIN.md section 11): booking alone and in series, moves of one, the following
//! or all, what happened at each appointment, the warnings, the week view, and what leaves (the
//! day sheet read back with pdftotext, the calendar file read back by Python's icalendar).

use crate::common;
use crate::pdf_support;

use chrono::{NaiveDate, NaiveDateTime};
use common::TestVault;
use confidant_core::audit;
use confidant_core::consent::profile;
use confidant_core::notes::recurrence::Repeat;
use confidant_core::notes::series::{Booking, NewTime, Scope, SeriesRule};
use confidant_core::notes::{self, Attendance, Modality, NewNote, NoteKind, SessionFields};
use confidant_core::register::{self, ClientFields, ClientStatus, Location};
use confidant_core::schedule::hours::{self, AwayDays, DayHours};
use confidant_core::schedule::ics::{self, IcsLabel};
use confidant_core::schedule::{self, sheet, week, WarningKind};
use confidant_core::vault::Session;

fn at(date: &str, time: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M").expect("moment")
}

fn day(date: &str) -> NaiveDate {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date")
}

/// Sunday 1 March 2026, before the first appointment of every test.
fn now() -> NaiveDateTime {
    at("2026-03-01", "09:00")
}

/// A practice in Missouri (licensed in Missouri and Kansas, on Chicago time).
fn practice(session: &mut Session) {
    profile::save(session, &profile::sample()).expect("profile");
}

fn client(session: &mut Session, name: &str, consented: bool) -> i64 {
    let fields = ClientFields { legal_name: name.into(), date_of_birth: "1990-04-02".into(), ..Default::default() };
    let id = register::create(session, &fields, ClientStatus::Active, false, day("2026-02-01")).expect("client").id;
    if consented {
        common::sign_informed_consent(session, id);
    }
    id
}

fn fields(date: &str, start: &str, end: &str) -> SessionFields {
    SessionFields { date: date.into(), start_time: start.into(), end_time: end.into(), ..Default::default() }
}

fn weekly(client_id: i64, date: &str, start: &str, end: &str, count: u32) -> Booking {
    Booking {
        client_id,
        fields: fields(date, start, end),
        series: Some(SeriesRule { repeat: Repeat::Weekly, until: None, count: Some(count) }),
    }
}

/// `(date, start, attendance)` of every session of a client, in order.
fn sessions_of(session: &Session, client_id: i64) -> Vec<(String, String, Attendance)> {
    let timeline = notes::timeline(session.conn(), client_id, &Default::default()).expect("timeline");
    let mut out = Vec::new();
    for year in timeline.years {
        for month in year.months {
            for entry in month.entries {
                if let notes::TimelineEntry::Session(s) = entry {
                    out.push((s.date, s.start_time, s.attendance));
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

fn dates(list: &[(String, String, Attendance)]) -> Vec<&str> {
    list.iter().map(|(d, _, _)| d.as_str()).collect()
}

#[test]
fn a_weekly_series_keeps_its_wall_clock_time_across_the_spring_clock_change_in_chicago() {
    let (_vault, mut session) = TestVault::new();
    practice(&mut session);
    let ana = client(&mut session, "Ana Lee", true);
    let booked = schedule::book(&mut session, &weekly(ana, "2026-03-03", "10:00", "10:50", 3), now()).expect("booked");
    assert_eq!(booked.ids.len(), 3);
    assert_eq!(
        sessions_of(&session, ana),
        [
            ("2026-03-03".into(), "10:00".into(), Attendance::Scheduled),
            ("2026-03-10".into(), "10:00".into(), Attendance::Scheduled),
            ("2026-03-17".into(), "10:00".into(), Attendance::Scheduled),
        ]
    );
    // The same 10:00 is 16:00 UTC before 8 March and 15:00 UTC after.
    let zone = schedule::zone::zone(session.conn()).expect("zone");
    let stamp = chrono::Utc::now();
    let (text, count) =
        ics::calendar(session.conn(), zone, day("2026-03-02"), 3, IcsLabel::Code, stamp).expect("calendar");
    assert_eq!(count, 3);
    let starts: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("DTSTART:")).collect();
    assert_eq!(starts, ["20260303T160000Z", "20260310T150000Z", "20260317T150000Z"]);
}

#[test]
fn a_series_ends_on_a_date_or_after_a_count_and_a_bad_rule_books_nothing() {
    let (_vault, mut session) = TestVault::new();
    let ana = client(&mut session, "Ana Lee", true);
    let until = Booking {
        series: Some(SeriesRule { repeat: Repeat::EveryOtherWeek, until: Some("2026-04-14".into()), count: None }),
        ..weekly(ana, "2026-03-03", "10:00", "10:50", 1)
    };
    schedule::book(&mut session, &until, now()).expect("booked");
    assert_eq!(
        dates(&sessions_of(&session, ana)),
        ["2026-03-03", "2026-03-17", "2026-03-31", "2026-04-14"],
        "every other week, the last date included"
    );

    let bob = client(&mut session, "Bob Marsh", true);
    let field_of = |e: schedule::ScheduleError| match e {
        schedule::ScheduleError::Invalid(fields) => fields.into_iter().map(|f| f.field).collect::<Vec<_>>(),
        other => panic!("not a field error: {other}"),
    };
    let both = Booking {
        series: Some(SeriesRule { repeat: Repeat::Weekly, until: Some("2026-04-14".into()), count: Some(3) }),
        ..weekly(bob, "2026-03-03", "10:00", "10:50", 1)
    };
    assert_eq!(field_of(schedule::book(&mut session, &both, now()).expect_err("both ends")), ["series.until"]);
    let too_far = Booking {
        series: Some(SeriesRule { repeat: Repeat::Weekly, until: Some("2029-06-01".into()), count: None }),
        ..weekly(bob, "2026-03-03", "10:00", "10:50", 1)
    };
    let refused = schedule::book(&mut session, &too_far, now()).expect_err("more than three years ahead");
    assert_eq!(field_of(refused), ["series.until"]);
    let too_many = weekly(bob, "2026-03-03", "10:00", "10:50", 158);
    assert_eq!(field_of(schedule::book(&mut session, &too_many, now()).expect_err("too many")), ["series.count"]);
    let past = weekly(bob, "2026-02-24", "10:00", "10:50", 2);
    assert_eq!(field_of(schedule::book(&mut session, &past, now()).expect_err("past")), ["date"]);
    assert!(sessions_of(&session, bob).is_empty(), "nothing half booked");
}

#[test]
fn monthly_on_the_fifth_tuesday_books_the_last_tuesday_of_shorter_months() {
    let (_vault, mut session) = TestVault::new();
    let ana = client(&mut session, "Ana Lee", true);
    let booking = Booking {
        series: Some(SeriesRule { repeat: Repeat::MonthlyWeekday, until: None, count: Some(4) }),
        ..weekly(ana, "2026-03-31", "10:00", "10:50", 1)
    };
    schedule::book(&mut session, &booking, now()).expect("booked");
    assert_eq!(dates(&sessions_of(&session, ana)), ["2026-03-31", "2026-04-28", "2026-05-26", "2026-06-30"]);
}

#[test]
fn moving_one_appointment_leaves_the_rest_of_its_series_where_it_was() {
    let (_vault, mut session) = TestVault::new();
    let ana = client(&mut session, "Ana Lee", true);
    let ids = schedule::book(&mut session, &weekly(ana, "2026-03-03", "10:00", "10:50", 3), now()).expect("booked").ids;
    schedule::edit(&mut session, ids[1], &fields("2026-03-11", "14:00", "14:50"), Scope::One, now()).expect("moved");
    assert_eq!(
        sessions_of(&session, ana),
        [
            ("2026-03-03".into(), "10:00".into(), Attendance::Scheduled),
            ("2026-03-11".into(), "14:00".into(), Attendance::Scheduled),
            ("2026-03-17".into(), "10:00".into(), Attendance::Scheduled),
        ]
    );
}

#[test]
fn changing_all_or_the_following_never_touches_an_attended_appointment() {
    let (_vault, mut session) = TestVault::new();
    let ana = client(&mut session, "Ana Lee", true);
    let ids = schedule::book(&mut session, &weekly(ana, "2026-03-03", "10:00", "10:50", 4), now()).expect("booked").ids;
    schedule::record(&mut session, ids[0], Attendance::Attended, None, at("2026-03-03", "11:00")).expect("attended");

    // From the third on, Wednesdays at 14:00: the series is split, the first two keep their rule.
    let later = at("2026-03-04", "09:00");
    let changed =
        schedule::edit(&mut session, ids[2], &fields("2026-03-18", "14:00", "14:50"), Scope::Following, later)
            .expect("following");
    assert_eq!(changed.ids, [ids[2], ids[3]]);
    assert_eq!(
        sessions_of(&session, ana),
        [
            ("2026-03-03".into(), "10:00".into(), Attendance::Attended),
            ("2026-03-10".into(), "10:00".into(), Attendance::Scheduled),
            ("2026-03-18".into(), "14:00".into(), Attendance::Scheduled),
            ("2026-03-25".into(), "14:00".into(), Attendance::Scheduled),
        ]
    );

    // All: every appointment not yet held moves to 09:00; the attended one stays at 10:00.
    schedule::edit(&mut session, ids[1], &fields("2026-03-10", "09:00", "09:50"), Scope::All, later).expect("all");
    let after = sessions_of(&session, ana);
    assert_eq!(after[0], ("2026-03-03".into(), "10:00".into(), Attendance::Attended));
    assert_eq!(after[1].1, "09:00");
    assert_eq!(after[2].1, "14:00", "the split series is a series of its own");

    // An attended appointment is history: it cannot be moved.
    let refused = schedule::edit(&mut session, ids[0], &fields("2026-03-05", "10:00", "10:50"), Scope::One, later);
    assert!(matches!(refused, Err(schedule::ScheduleError::NotAllowed(_))), "{refused:?}");
}

#[test]
fn moving_all_of_a_monthly_series_keeps_it_on_the_same_weekday_of_each_month() {
    let (_vault, mut session) = TestVault::new();
    let ana = client(&mut session, "Ana Lee", true);
    let booking = Booking {
        series: Some(SeriesRule { repeat: Repeat::MonthlyWeekday, until: None, count: Some(5) }),
        ..weekly(ana, "2026-03-10", "10:00", "10:50", 1)
    };
    let ids = schedule::book(&mut session, &booking, now()).expect("booked").ids;
    // The 2nd Tuesday becomes the 2nd Wednesday; July starts on a Wednesday, so its 2nd is the 8th,
    // not the day after its 2nd Tuesday (the 15th).
    schedule::edit(&mut session, ids[0], &fields("2026-03-11", "10:00", "10:50"), Scope::All, now()).expect("all");
    assert_eq!(
        dates(&sessions_of(&session, ana)),
        ["2026-03-11", "2026-04-08", "2026-05-13", "2026-06-10", "2026-07-08"]
    );
}

#[test]
fn every_warning_is_given_and_none_stops_the_booking() {
    let (_vault, mut session) = TestVault::new();
    practice(&mut session);
    let ana = client(&mut session, "Ana Lee", true);
    let bob = client(&mut session, "Bob Marsh", false);
    schedule::book(&mut session, &weekly(ana, "2026-03-03", "10:00", "10:50", 2), now()).expect("ana");
    hours::add_away(
        &mut session,
        &AwayDays { id: 0, starts_on: "2026-03-16".into(), ends_on: "2026-03-20".into(), label: "Conference".into() },
    )
    .expect("away");

    let mut overlapping = weekly(bob, "2026-03-03", "10:30", "11:20", 3);
    overlapping.fields.modality = Modality::Video;
    overlapping.fields.location = Location { state: "IL".into(), city: String::new() };
    let warnings = schedule::check(session.conn(), &overlapping, now()).expect("check");
    let kinds: Vec<WarningKind> = warnings.iter().map(|w| w.kind).collect();
    assert_eq!(kinds, [WarningKind::DoubleBooking, WarningKind::AwayDay, WarningKind::Licensure, WarningKind::Consent]);
    let double = &warnings[0];
    assert_eq!(double.dates, ["2026-03-03", "2026-03-10"]);
    let ana_code = register::get(session.conn(), ana).expect("ana").code;
    assert!(double.message.contains(&ana_code) && !double.message.contains("Ana"), "{}", double.message);
    assert_eq!(warnings[1].dates, ["2026-03-17"]);
    assert!(warnings[1].message.contains("Conference"));
    assert!(warnings[2].message.contains("Illinois"), "{}", warnings[2].message);
    assert!(warnings[3].message.contains("first appointment"));

    // A Saturday, and a time the clocks skip: the booking goes through, with what to check.
    let saturday = Booking { series: None, ..weekly(bob, "2026-03-07", "10:00", "10:50", 1) };
    let kinds: Vec<WarningKind> = schedule::book(&mut session, &saturday, now())
        .expect("booked anyway")
        .warnings
        .iter()
        .map(|w| w.kind)
        .collect();
    assert_eq!(kinds, [WarningKind::OutsideHours, WarningKind::Consent]);
    let night = Booking { series: None, ..weekly(ana, "2026-03-08", "02:30", "03:20", 1) };
    let warnings = schedule::check(session.conn(), &night, now()).expect("check");
    assert!(warnings.iter().any(|w| w.kind == WarningKind::ClockChange && w.message.contains("forward")));
    // Only her first appointment asks for consent.
    let second = Booking { series: None, ..weekly(bob, "2026-03-14", "10:00", "10:50", 1) };
    let kinds: Vec<WarningKind> =
        schedule::check(session.conn(), &second, now()).expect("check").iter().map(|w| w.kind).collect();
    assert!(!kinds.contains(&WarningKind::Consent), "{kinds:?}");
}

#[test]
fn working_hours_are_hers_to_set_and_a_bad_day_changes_nothing() {
    let (_vault, mut session) = TestVault::new();
    let monday_to_friday = hours::working_hours(session.conn()).expect("hours");
    assert_eq!(monday_to_friday.len(), 5, "Monday to Friday until she sets hers");
    let bad = [
        DayHours { weekday: 1, start_time: "12:00".into(), end_time: "20:00".into() },
        DayHours { weekday: 5, start_time: "14:00".into(), end_time: "09:00".into() },
    ];
    assert!(hours::set_working_hours(&mut session, &bad).is_err());
    assert_eq!(hours::working_hours(session.conn()).expect("hours"), monday_to_friday);
    let saturdays = [DayHours { weekday: 5, start_time: "08:00".into(), end_time: "12:00".into() }];
    assert_eq!(hours::set_working_hours(&mut session, &saturdays).expect("set"), saturdays);
}

#[test]
fn what_happened_is_recorded_and_retention_follows_the_last_attended_session() {
    let (_vault, mut session) = TestVault::new();
    let ana = client(&mut session, "Ana Lee", true);
    let ids = schedule::book(&mut session, &weekly(ana, "2026-03-03", "10:00", "10:50", 4), now()).expect("booked").ids;

    // Before it begins: cancelled or moved, never attended or a no-show.
    let early = at("2026-03-03", "08:00");
    let refused = schedule::record(&mut session, ids[0], Attendance::NoShow, None, early);
    assert!(matches!(refused, Err(schedule::ScheduleError::Invalid(_))), "{refused:?}");
    schedule::record(&mut session, ids[0], Attendance::LateCancel, None, early).expect("late cancellation");

    schedule::record(&mut session, ids[1], Attendance::Attended, None, at("2026-03-10", "11:00")).expect("attended");
    assert_eq!(register::get(session.conn(), ana).expect("ana").last_attended_on, Some(day("2026-03-10")));

    // A move books the new time in the same place of the series and links the two.
    let new_time = NewTime { date: "2026-03-19".into(), start_time: "15:00".into(), end_time: "15:50".into() };
    let moved =
        schedule::record(&mut session, ids[2], Attendance::Rescheduled, Some(&new_time), at("2026-03-12", "09:00"))
            .expect("rescheduled");
    let new_id = moved.ids[0];
    let view = week::view(session.conn(), day("2026-03-16"), 7, false, at("2026-03-12", "09:00")).expect("week");
    let old = view.slots.iter().find(|s| s.id == ids[2]).expect("the old time stays, marked");
    assert_eq!((old.attendance, old.rescheduled_to), (Attendance::Rescheduled, Some(new_id)));
    let new = view.slots.iter().find(|s| s.id == new_id).expect("the new time");
    assert_eq!((new.attendance, new.series.map(|p| p.number)), (Attendance::Scheduled, Some(3)));
    let again = schedule::record(&mut session, ids[2], Attendance::Cancelled, None, at("2026-03-12", "09:00"));
    assert!(
        matches!(again, Err(schedule::ScheduleError::NotAllowed(_))),
        "moved appointments are recorded at their new time"
    );

    // A no-show after an attended session leaves the last attended session as it was; taking the
    // attendance back moves retention back.
    schedule::record(&mut session, new_id, Attendance::NoShow, None, at("2026-03-19", "16:00")).expect("no-show");
    schedule::record(&mut session, ids[1], Attendance::TherapistCancelled, None, at("2026-03-19", "16:00"))
        .expect("she cancelled it after all");
    assert_eq!(register::get(session.conn(), ana).expect("ana").last_attended_on, None);

    // The client's page: what she missed this year, kept with its date for the fee policy.
    let page = schedule::client_schedule(session.conn(), ana, at("2026-03-20", "09:00")).expect("schedule");
    let missed: Vec<(&str, Attendance)> = page.missed.iter().map(|m| (m.date.as_str(), m.attendance)).collect();
    assert_eq!(missed, [("2026-03-19", Attendance::NoShow), ("2026-03-03", Attendance::LateCancel)]);
    assert_eq!(page.next.map(|n| n.date), Some("2026-03-24".into()));
    assert_eq!((page.series.len(), page.series[0].left, page.series[0].ending_soon), (1, 1, true));
}

#[test]
fn a_session_with_notes_stays_attended() {
    let (_vault, mut session) = TestVault::new();
    let ana = client(&mut session, "Ana Lee", true);
    let ids = schedule::book(&mut session, &weekly(ana, "2026-03-03", "10:00", "10:50", 1), now()).expect("booked").ids;
    let after = at("2026-03-03", "11:00");
    schedule::record(&mut session, ids[0], Attendance::Attended, None, after).expect("attended");
    let note = NewNote { client_id: ana, session_id: Some(ids[0]), kind: NoteKind::Progress, ..Default::default() };
    notes::create_note(&mut session, &note, after).expect("note");
    let refused = schedule::record(&mut session, ids[0], Attendance::NoShow, None, after);
    assert!(matches!(refused, Err(schedule::ScheduleError::NotAllowed(_))), "{refused:?}");
}

#[test]
fn ending_a_series_early_removes_only_what_is_still_to_come() {
    let (_vault, mut session) = TestVault::new();
    let ana = client(&mut session, "Ana Lee", true);
    let ids = schedule::book(&mut session, &weekly(ana, "2026-03-03", "10:00", "10:50", 5), now()).expect("booked").ids;
    schedule::record(&mut session, ids[0], Attendance::Attended, None, at("2026-03-03", "11:00")).expect("attended");
    notes::series::remove(&mut session, ids[2], Scope::Following, at("2026-03-04", "09:00")).expect("ended");
    assert_eq!(dates(&sessions_of(&session, ana)), ["2026-03-03", "2026-03-10"]);
}

#[test]
fn the_week_names_clients_as_discreet_mode_says_and_marks_what_to_check() {
    let (_vault, mut session) = TestVault::new();
    practice(&mut session);
    let ana = client(&mut session, "Ana Lee", true);
    let bob = client(&mut session, "Bob Marsh", true);
    schedule::book(&mut session, &weekly(ana, "2026-03-03", "10:00", "10:50", 4), now()).expect("ana");
    let single = Booking { series: None, ..weekly(bob, "2026-03-03", "10:30", "11:20", 1) };
    schedule::book(&mut session, &single, now()).expect("bob");
    hours::add_away(
        &mut session,
        &AwayDays { id: 0, starts_on: "2026-03-06".into(), ends_on: "2026-03-06".into(), label: String::new() },
    )
    .expect("away");

    let from = schedule::week_start(day("2026-03-04"));
    assert_eq!(from, day("2026-03-02"));
    let view = week::view(session.conn(), from, 7, true, now()).expect("week");
    assert_eq!(view.days.len(), 7);
    assert_eq!(view.time_zone, "America/Chicago");
    assert!(view.days[0].hours.is_some() && view.days[5].hours.is_none(), "Monday worked, Saturday not");
    assert_eq!(view.days[4].away.as_deref(), Some("Away"));
    let names: Vec<&str> = view.slots.iter().map(|s| s.client_name.as_str()).collect();
    assert_eq!(names, ["A.L.", "B.M."], "initials only");
    let ana_slot = &view.slots[0];
    assert_eq!(ana_slot.series.map(|p| (p.number, p.of)), Some((1, 4)));
    assert_eq!(ana_slot.warnings, [WarningKind::DoubleBooking]);

    let named = week::view(session.conn(), from, 1, false, now()).expect("day");
    assert_eq!(named.days.len(), 1);
    assert!(named.slots.is_empty(), "Monday has nothing");
    let tuesday = week::view(session.conn(), day("2026-03-03"), 1, false, now()).expect("day");
    assert_eq!(tuesday.slots[0].client_name, "Ana Lee");
}

#[test]
fn the_day_sheet_prints_initials_unless_she_asks_for_names_and_is_audited() {
    let (_vault, mut session) = TestVault::new();
    practice(&mut session);
    let ana = client(&mut session, "Ana Lee", true);
    schedule::book(&mut session, &Booking { series: None, ..weekly(ana, "2026-03-03", "10:00", "10:50", 1) }, now())
        .expect("booked");

    let (pdf, count) = sheet::render(session.conn(), day("2026-03-03"), false, day("2026-03-01")).expect("sheet");
    assert_eq!(count, 1);
    let text = pdf_support::page_text(&pdf_support::save("day-sheet-initials", &pdf), 1);
    assert!(text.contains("Tuesday, March 3, 2026") && text.contains("10:00–10:50") && text.contains("A.L."), "{text}");
    assert!(!text.contains("Ana") && !text.contains("Lee"), "no name without asking:\n{text}");
    let (pdf, _) = sheet::render(session.conn(), day("2026-03-03"), true, day("2026-03-01")).expect("sheet");
    let text = pdf_support::page_text(&pdf_support::save("day-sheet-names", &pdf), 1);
    assert!(text.contains("Ana Lee") && text.contains("names clients"), "{text}");

    std::env::set_var(confidant_core::forms::spool::VIEWER_ENV, "true");
    let path = sheet::print(&mut session, day("2026-03-03"), false, day("2026-03-01")).expect("printed");
    assert_eq!(path.file_name().and_then(|n| n.to_str()), Some("day-sheet-2026-03-03.pdf"));
    let (_, event, detail) = audit::recent(session.conn(), 1).expect("audit").remove(0);
    assert_eq!((event.as_str(), detail.as_str()), ("day_sheet_printed", "date=2026-03-03 appointments=1 names=no"));
}

/// Python with the icalendar package: the `python3` on the path, else the system's (Debian's
/// python3-icalendar, which scripts/install-deps.sh --test installs).
fn python_with_icalendar() -> String {
    for python in ["python3", "/usr/bin/python3"] {
        let ok = std::process::Command::new(python)
            .args(["-c", "import icalendar"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return python.into();
        }
    }
    panic!("Python's icalendar is needed to read the calendar back: apt-get install python3-icalendar");
}

#[test]
fn the_calendar_file_reads_back_in_a_standard_parser_with_codes_and_no_name() {
    let (vault, mut session) = TestVault::new();
    practice(&mut session);
    let ana = client(&mut session, "Ana Lee", true);
    let bob = client(&mut session, "Bob Marsh", true);
    let ids = schedule::book(&mut session, &weekly(ana, "2026-03-03", "10:00", "10:50", 3), now()).expect("ana").ids;
    schedule::book(&mut session, &Booking { series: None, ..weekly(bob, "2026-03-04", "09:00", "09:50", 1) }, now())
        .expect("bob");
    schedule::record(&mut session, ids[1], Attendance::TherapistCancelled, None, now()).expect("cancelled");

    let folder = vault.temp.path().join("phone");
    std::fs::create_dir_all(&folder).expect("folder");
    let stamp = chrono::Utc::now();
    let export = ics::export(&mut session, &folder, day("2026-03-01"), 4, IcsLabel::Code, stamp).expect("exported");
    assert_eq!((export.file_name.as_str(), export.appointments), ("confidant-schedule-2026-03-01.ics", 3));
    let file = folder.join(&export.file_name);
    let bytes = std::fs::read(&file).expect("read");
    for name in ["Ana", "Lee", "Bob", "Marsh"] {
        assert!(!common::contains(&bytes, name.as_bytes()), "{name} is in the calendar file");
    }

    let script = "import sys, icalendar\n\
                  cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n\
                  for e in cal.walk('VEVENT'):\n    \
                  print(e.decoded('dtstart').isoformat(), e.get('status'), str(e.get('summary')))\n";
    let out = std::process::Command::new(python_with_icalendar())
        .args(["-c", script])
        .arg(&file)
        .output()
        .expect("python runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect();
    let ana_code = register::get(session.conn(), ana).expect("ana").code;
    let bob_code = register::get(session.conn(), bob).expect("bob").code;
    assert_eq!(
        lines,
        [
            format!("2026-03-03T16:00:00+00:00 CONFIRMED {ana_code} · Individual"),
            format!("2026-03-04T15:00:00+00:00 CONFIRMED {bob_code} · Individual"),
            format!("2026-03-10T15:00:00+00:00 CANCELLED {ana_code} · Individual"),
            format!("2026-03-17T15:00:00+00:00 CONFIRMED {ana_code} · Individual"),
        ]
    );
    let (_, event, detail) = audit::recent(session.conn(), 1).expect("audit").remove(0);
    assert_eq!(
        (event.as_str(), detail.as_str()),
        ("schedule_exported", "from=2026-03-01 weeks=4 appointments=3 labels=codes")
    );
    let initials = ics::calendar(
        session.conn(),
        schedule::zone::zone(session.conn()).expect("zone"),
        day("2026-03-01"),
        4,
        IcsLabel::Initials,
        stamp,
    )
    .expect("initials")
    .0;
    assert!(initials.contains("SUMMARY:A.L. · Individual"), "{initials}");
}

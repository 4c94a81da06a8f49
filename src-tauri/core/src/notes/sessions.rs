//! Sessions: appointments ahead and sessions held, with attendance and the quick risk check.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension, Params, Row};

use super::{
    store, Attendance, DutyToWarn, Modality, NotesError, OpenRiskItem, Problems, RiskLevel, SessionCheck,
    SessionFields, SessionKind, SessionSummary, TherapySession,
};
use crate::consent::profile;
use crate::register::{self, Location};
use crate::time::{self, iso, now_utc};
use crate::vault::Session;

const COLUMNS: &str = "id, client_id, date, start_time, end_time, kind, modality, location_state, location_city,
    attendance, mood, affect, risk_to_self, risk_to_others, safety_plan, duty_to_warn";

/// How far ahead a session (an appointment, every occurrence of a series) may be booked.
pub(crate) const HORIZON_DAYS: u64 = 3 * 366;

/// A checked session: its date and times parsed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ValidSession {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// Records a session (or schedules one). A session ending before it starts is refused, and so
/// is a future session marked as held.
pub fn create_session(
    session: &mut Session,
    client_id: i64,
    fields: &SessionFields,
    now: NaiveDateTime,
) -> Result<TherapySession, NotesError> {
    let valid = validate(fields, now)?;
    if fields.attendance == Attendance::Rescheduled {
        return Err(moved_elsewhere());
    }
    let tx = session.conn_mut().transaction()?;
    store::require_client(&tx, client_id)?;
    let id = insert(&tx, client_id, fields, &valid, &stamp(&tx, now)?)?;
    attendance_changed(&tx, client_id)?;
    tx.commit()?;
    get_session(session.conn(), id)
}

/// Replaces a session's details after the same checks as [`create_session`].
pub fn update_session(
    session: &mut Session,
    id: i64,
    fields: &SessionFields,
    now: NaiveDateTime,
) -> Result<TherapySession, NotesError> {
    let valid = validate(fields, now)?;
    let tx = session.conn_mut().transaction()?;
    let signed_notes: i64 = tx.query_row(
        "SELECT (SELECT count(*) FROM notes WHERE session_id = ?1 AND signed_at IS NOT NULL)
              + (SELECT count(*) FROM psychotherapy_notes WHERE session_id = ?1 AND signed_at IS NOT NULL)",
        [id],
        |r| r.get(0),
    )?;
    let current = summary_by_id(&tx, id)?;
    if fields.attendance == Attendance::Rescheduled && current.attendance != Attendance::Rescheduled {
        return Err(moved_elsewhere());
    }
    if signed_notes > 0 && (current.date != iso(valid.date)) {
        return Err(NotesError::NotAllowed(
            "This session has a signed note, so its date cannot change. Add an addendum to the note instead.".into(),
        ));
    }
    tx.execute(
        "UPDATE sessions SET date = ?2, start_time = ?3, end_time = ?4, kind = ?5, modality = ?6,
            location_state = ?7, location_city = ?8, attendance = ?9, mood = ?10, affect = ?11,
            risk_to_self = ?12, risk_to_others = ?13, safety_plan = ?14, duty_to_warn = ?15, updated_at = ?16,
            rescheduled_to = CASE WHEN ?9 = 'rescheduled' THEN rescheduled_to END,
            outcome_recorded_at = CASE WHEN attendance IS NOT ?9 THEN ?16 ELSE outcome_recorded_at END
         WHERE id = ?1",
        row_params(id, fields, &valid, stamp(&tx, now)?),
    )?;
    attendance_changed(&tx, current.client_id)?;
    tx.commit()?;
    get_session(session.conn(), id)
}

/// A move is recorded from the schedule, which books the new time and links the two.
fn moved_elsewhere() -> NotesError {
    NotesError::Invalid(vec![crate::error::FieldError::new(
        "attendance",
        "Record a move from the schedule: it books the new time and links the two.",
    )])
}

/// Removes a session that has no notes (a mistaken entry or a cancelled appointment).
pub fn delete_session(session: &mut Session, id: i64) -> Result<(), NotesError> {
    let tx = session.conn_mut().transaction()?;
    let current = summary_by_id(&tx, id)?;
    if has_notes(&tx, id)? {
        return Err(NotesError::NotAllowed("This session has notes, so it is kept.".into()));
    }
    tx.execute("DELETE FROM sessions WHERE id = ?1", [id])?;
    attendance_changed(&tx, current.client_id)?;
    tx.commit()?;
    Ok(())
}

/// Whether any note (of either kind) was written for this session.
pub(crate) fn has_notes(conn: &Connection, id: i64) -> Result<bool, NotesError> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM notes WHERE session_id = ?1)
                 OR EXISTS (SELECT 1 FROM psychotherapy_notes WHERE session_id = ?1)",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// Tells the register her last attended session, from which her retention is counted. Call in
/// the transaction that added, changed or removed one of her sessions.
pub(crate) fn attendance_changed(conn: &Connection, client_id: i64) -> Result<(), NotesError> {
    let last: Option<String> = conn
        .prepare_cached("SELECT max(date) FROM sessions WHERE client_id = ?1 AND attendance = 'attended'")?
        .query_row([client_id], |r| r.get(0))?;
    let last = last.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    register::retention::set_last_attended(conn, client_id, last).map_err(NotesError::from)?;
    Ok(())
}

/// One session with its number, its notes and its neighbours.
pub fn get_session(conn: &Connection, id: i64) -> Result<TherapySession, NotesError> {
    let sql = format!("SELECT {COLUMNS} FROM sessions WHERE id = ?1");
    let (client_id, fields) = conn
        .query_row(&sql, [id], |row| Ok((row.get::<_, i64>(1)?, read_fields(row)?)))
        .optional()?
        .ok_or(NotesError::NotFound("That session is not in the vault."))?;
    let key = (fields.date.clone(), fields.start_time.clone(), id);
    let number = if fields.attendance == Attendance::Attended {
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM sessions WHERE client_id = ?1 AND attendance = 'attended'
               AND (date, start_time, id) <= (?2, ?3, ?4)",
            params![client_id, key.0, key.1, key.2],
            |r| r.get(0),
        )?;
        u32::try_from(n).ok()
    } else {
        None
    };
    let previous_id = conn
        .query_row(
            "SELECT id FROM sessions WHERE client_id = ?1 AND (date, start_time, id) < (?2, ?3, ?4)
             ORDER BY date DESC, start_time DESC, id DESC LIMIT 1",
            params![client_id, key.0, key.1, key.2],
            |r| r.get(0),
        )
        .optional()?;
    let next_id = conn
        .query_row(
            "SELECT id FROM sessions WHERE client_id = ?1 AND (date, start_time, id) > (?2, ?3, ?4)
             ORDER BY date, start_time, id LIMIT 1",
            params![client_id, key.0, key.1, key.2],
            |r| r.get(0),
        )
        .optional()?;
    let notes = store::notes_of_session(conn, id)?;
    Ok(TherapySession {
        id,
        client_id,
        number,
        risk_open: fields.check.risk_open(),
        fields,
        previous_id,
        next_id,
        notes,
    })
}

/// Her next appointment after `now`, if one is scheduled.
pub fn next_appointment(
    conn: &Connection,
    client_id: i64,
    now: NaiveDateTime,
) -> Result<Option<SessionSummary>, NotesError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM sessions WHERE client_id = ?1 AND attendance = 'scheduled'
           AND (date > ?2 OR (date = ?2 AND start_time >= ?3))
         ORDER BY date, start_time, id LIMIT 1"
    );
    Ok(conn
        .query_row(&sql, params![client_id, iso(now.date()), hhmm(now.time())], |row| read_summary(row, None))
        .optional()?)
}

/// Sessions with moderate or high risk still missing a safety plan or a duty-to-warn decision,
/// oldest first.
pub fn open_risk_items(conn: &Connection, client_id: i64) -> Result<Vec<OpenRiskItem>, NotesError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM sessions WHERE client_id = ?1
           AND (risk_to_self IN ('moderate', 'high') OR risk_to_others IN ('moderate', 'high'))
           AND (trim(safety_plan) = '' OR duty_to_warn IS NULL)
         ORDER BY date, start_time, id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([client_id], |row| {
        let fields = read_fields(row)?;
        Ok((read_summary(row, None)?, fields.check))
    })?;
    let mut items = Vec::new();
    for row in rows {
        let (session, check) = row?;
        items.push(OpenRiskItem {
            session,
            needs_safety_plan: check.safety_plan.trim().is_empty(),
            needs_duty_to_warn: check.duty_to_warn.is_none(),
        });
    }
    Ok(items)
}

pub(crate) fn validate(fields: &SessionFields, now: NaiveDateTime) -> Result<ValidSession, NotesError> {
    let mut problems = Problems::default();
    let date = NaiveDate::parse_from_str(fields.date.trim(), "%Y-%m-%d").ok();
    match date {
        None => problems.add("date", "Enter the session's date as YYYY-MM-DD."),
        Some(d) if d.year() < 1900 || d > now.date() + chrono::Days::new(HORIZON_DAYS) => {
            problems.add("date", "Check the session's date: it is too far in the past or the future.")
        }
        Some(_) => {}
    }
    let start = parse_time(&fields.start_time);
    let end = parse_time(&fields.end_time);
    if start.is_none() {
        problems.add("startTime", "Enter the start time as HH:MM.");
    }
    if end.is_none() {
        problems.add("endTime", "Enter the end time as HH:MM.");
    }
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            problems.add("endTime", "The session ends before it starts: check the times.");
        }
    }
    if let (Some(d), Some(s)) = (date, start) {
        if d.and_time(s) > now && !fields.attendance.before_start() {
            problems.add("attendance", "This session has not happened yet, so it can only be scheduled or cancelled.");
        }
    }
    let state = fields.location.state.trim();
    if !state.is_empty() && (state.len() != 2 || !state.chars().all(|c| c.is_ascii_alphabetic())) {
        problems.add("location.state", "Use the two-letter code of a US state or territory, e.g. MO.");
    }
    if matches!(fields.modality, Modality::Video | Modality::Phone)
        && fields.attendance == Attendance::Attended
        && state.is_empty()
    {
        problems.add("location.state", "Where was she during the session? The state matters for licensure.");
    }
    let c = &fields.check;
    for (field, value, max) in [
        ("location.city", fields.location.city.as_str(), 100),
        ("check.mood", c.mood.as_str(), 200),
        ("check.affect", c.affect.as_str(), 200),
        ("check.safetyPlan", c.safety_plan.as_str(), 10_000),
    ] {
        if value.chars().count() > max {
            problems.add(field, &format!("This is limited to {max} characters."));
        }
    }
    problems.finish()?;
    match (date, start, end) {
        (Some(date), Some(start), Some(end)) => Ok(ValidSession { date, start, end }),
        _ => Err(NotesError::Invalid(Vec::new())),
    }
}

/// Adds a session's row, created and updated at `stamp` ([`stamp`]).
pub(crate) fn insert(
    conn: &Connection,
    client_id: i64,
    fields: &SessionFields,
    valid: &ValidSession,
    stamp: &str,
) -> Result<i64, NotesError> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO sessions (client_id, date, start_time, end_time, kind, modality, location_state, location_city,
            attendance, mood, affect, risk_to_self, risk_to_others, safety_plan, duty_to_warn, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
    )?;
    stmt.execute(row_params(client_id, fields, valid, stamp.to_owned()))?;
    Ok(conn.last_insert_rowid())
}

/// The instant `now` (the wall clock at the practice that the caller checked the session
/// against) stands for, as a row's `*_at` stores it. A session's row is stamped by that clock
/// rather than the system's, so the day she booked it (from which a Good Faith Estimate falls
/// due) agrees with the day it was checked on, under the end-to-end tests' fixed clock too. The
/// hour the clocks skip has no instant: then the system's clock.
pub(crate) fn stamp(conn: &Connection, now: NaiveDateTime) -> Result<String, NotesError> {
    let zone = profile::load(conn).map_err(store::consent_error)?.zone();
    Ok(zone.from_local_datetime(&now).earliest().map_or_else(now_utc, |at| time::stamp(at.with_timezone(&Utc))))
}

/// A session's row as the INSERT and the UPDATE both bind it: `key` (the client or the session)
/// as `?1`, the fields as stored as `?2` to `?15`, and the time as `?16`.
fn row_params<'a>(key: i64, fields: &'a SessionFields, valid: &ValidSession, stamp: String) -> impl Params + 'a {
    let c = &fields.check;
    (
        key,
        iso(valid.date),
        hhmm(valid.start),
        hhmm(valid.end),
        kind_str(fields.kind),
        modality_str(fields.modality),
        fields.location.state.trim().to_uppercase(),
        fields.location.city.trim(),
        attendance_str(fields.attendance),
        c.mood.trim(),
        c.affect.trim(),
        c.risk_to_self.map(risk_str),
        c.risk_to_others.map(risk_str),
        c.safety_plan.trim(),
        c.duty_to_warn.map(duty_str),
        stamp,
    )
}

pub(crate) fn summary_by_id(conn: &Connection, id: i64) -> Result<SessionSummary, NotesError> {
    let sql = format!("SELECT {COLUMNS} FROM sessions WHERE id = ?1");
    conn.query_row(&sql, [id], |row| read_summary(row, None))
        .optional()?
        .ok_or(NotesError::NotFound("That session is not in the vault."))
}

/// A client's sessions for her timeline, from the `sessions_timeline` index alone: her sessions
/// are spread over the table, a page each, and in the vault every page read is a page decrypted.
const TIMELINE_SQL: &str = "SELECT id, date, start_time, end_time, kind, modality, attendance, risk_to_self,
    risk_to_others, duty_to_warn FROM sessions WHERE client_id = ?1 ORDER BY date, start_time, id";

/// Every session of a client, oldest first, numbered. Only a session with elevated risk needs
/// its row, for whether its safety plan is written.
pub(crate) fn all_of_client(conn: &Connection, client_id: i64) -> Result<Vec<SessionSummary>, NotesError> {
    let mut stmt = conn.prepare_cached(TIMELINE_SQL)?;
    let mut rows = stmt.query([client_id])?;
    let mut out = Vec::new();
    let mut attended = 0u32;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let mut check = SessionCheck {
            risk_to_self: row.get::<_, Option<String>>(7)?.as_deref().and_then(parse_risk),
            risk_to_others: row.get::<_, Option<String>>(8)?.as_deref().and_then(parse_risk),
            duty_to_warn: row.get::<_, Option<String>>(9)?.as_deref().and_then(parse_duty),
            ..SessionCheck::default()
        };
        if check.risk_elevated() {
            check.safety_plan =
                conn.prepare_cached("SELECT safety_plan FROM sessions WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
        }
        let attendance = parse_attendance(&row.get::<_, String>(6)?);
        let number = (attendance == Attendance::Attended).then(|| {
            attended += 1;
            attended
        });
        out.push(SessionSummary {
            id,
            client_id,
            number,
            date: row.get(1)?,
            start_time: row.get(2)?,
            end_time: row.get(3)?,
            kind: parse_kind(&row.get::<_, String>(4)?),
            modality: parse_modality(&row.get::<_, String>(5)?),
            attendance,
            risk_open: check.risk_open(),
        });
    }
    Ok(out)
}

fn read_fields(row: &Row<'_>) -> rusqlite::Result<SessionFields> {
    Ok(SessionFields {
        date: row.get(2)?,
        start_time: row.get(3)?,
        end_time: row.get(4)?,
        kind: parse_kind(&row.get::<_, String>(5)?),
        modality: parse_modality(&row.get::<_, String>(6)?),
        location: Location { state: row.get(7)?, city: row.get(8)? },
        attendance: parse_attendance(&row.get::<_, String>(9)?),
        check: SessionCheck {
            mood: row.get(10)?,
            affect: row.get(11)?,
            risk_to_self: row.get::<_, Option<String>>(12)?.as_deref().and_then(parse_risk),
            risk_to_others: row.get::<_, Option<String>>(13)?.as_deref().and_then(parse_risk),
            safety_plan: row.get(14)?,
            duty_to_warn: row.get::<_, Option<String>>(15)?.as_deref().and_then(parse_duty),
        },
    })
}

fn read_summary(row: &Row<'_>, number: Option<u32>) -> rusqlite::Result<SessionSummary> {
    let fields = read_fields(row)?;
    Ok(SessionSummary {
        id: row.get(0)?,
        client_id: row.get(1)?,
        number,
        risk_open: fields.check.risk_open(),
        date: fields.date,
        start_time: fields.start_time,
        end_time: fields.end_time,
        kind: fields.kind,
        modality: fields.modality,
        attendance: fields.attendance,
    })
}

pub(crate) fn parse_time(value: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(value.trim(), "%H:%M").ok()
}

pub(crate) fn hhmm(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

pub(crate) fn kind_str(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Intake => "intake",
        SessionKind::Individual => "individual",
        SessionKind::CoupleFamily => "couple_family",
        SessionKind::Consultation => "consultation",
    }
}

pub(crate) fn parse_kind(value: &str) -> SessionKind {
    match value {
        "intake" => SessionKind::Intake,
        "couple_family" => SessionKind::CoupleFamily,
        "consultation" => SessionKind::Consultation,
        _ => SessionKind::Individual,
    }
}

pub(crate) fn modality_str(modality: Modality) -> &'static str {
    match modality {
        Modality::InPerson => "in_person",
        Modality::Video => "video",
        Modality::Phone => "phone",
    }
}

pub(crate) fn parse_modality(value: &str) -> Modality {
    match value {
        "video" => Modality::Video,
        "phone" => Modality::Phone,
        _ => Modality::InPerson,
    }
}

pub(crate) fn attendance_str(attendance: Attendance) -> &'static str {
    match attendance {
        Attendance::Scheduled => "scheduled",
        Attendance::Attended => "attended",
        Attendance::LateCancel => "late_cancel",
        Attendance::NoShow => "no_show",
        Attendance::Cancelled => "cancelled",
        Attendance::TherapistCancelled => "therapist_cancelled",
        Attendance::Rescheduled => "rescheduled",
    }
}

pub(crate) fn parse_attendance(value: &str) -> Attendance {
    match value {
        "attended" => Attendance::Attended,
        "late_cancel" => Attendance::LateCancel,
        "no_show" => Attendance::NoShow,
        "cancelled" => Attendance::Cancelled,
        "therapist_cancelled" => Attendance::TherapistCancelled,
        "rescheduled" => Attendance::Rescheduled,
        _ => Attendance::Scheduled,
    }
}

fn risk_str(risk: RiskLevel) -> &'static str {
    match risk {
        RiskLevel::None => "none",
        RiskLevel::Low => "low",
        RiskLevel::Moderate => "moderate",
        RiskLevel::High => "high",
    }
}

fn parse_risk(value: &str) -> Option<RiskLevel> {
    match value {
        "none" => Some(RiskLevel::None),
        "low" => Some(RiskLevel::Low),
        "moderate" => Some(RiskLevel::Moderate),
        "high" => Some(RiskLevel::High),
        _ => None,
    }
}

fn duty_str(duty: DutyToWarn) -> &'static str {
    match duty {
        DutyToWarn::Applies => "applies",
        DutyToWarn::DoesNotApply => "does_not_apply",
    }
}

fn parse_duty(value: &str) -> Option<DutyToWarn> {
    match value {
        "applies" => Some(DutyToWarn::Applies),
        "does_not_apply" => Some(DutyToWarn::DoesNotApply),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clients_sessions_are_read_from_the_timeline_index_alone() {
        let mut conn = Connection::open_in_memory().expect("database");
        crate::vault::migrations::apply(&mut conn).expect("schema");
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {TIMELINE_SQL}"))
            .expect("plan")
            .query_map([1], |r| r.get(3))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("read");
        assert_eq!(plan, ["SEARCH sessions USING COVERING INDEX sessions_timeline (client_id=?)"]);
    }
}

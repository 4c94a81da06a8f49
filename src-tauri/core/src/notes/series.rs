//! Appointments (docs/DOMAIN.md section 11): booking them alone or in a series, moving them, and
//! recording what happened.
//!
//! An appointment is a session ahead, so the schedule, the client's timeline and retention all
//! read the one `sessions` table. A series is its rule (`appointment_series`) and its
//! occurrences, each a session row knowing its place (`series_index`, from 0). Only occurrences
//! still `scheduled` ever change: attended ones, and anything else already recorded, are history.

use chrono::{Days, NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::recurrence::{self, Repeat, SeriesEnd};
use super::sessions::{self, attendance_changed, attendance_str, hhmm, ValidSession, HORIZON_DAYS};
use super::{store, Attendance, NotesError, Problems, SessionCheck, SessionFields};
use crate::time::{iso, now_utc};
use crate::vault::Session;

/// How a booking repeats: until a date (included) or for a number of appointments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeriesRule {
    pub repeat: Repeat,
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub count: Option<u32>,
}

/// A new appointment, or the first of a series: when, what kind, how, and for telehealth where
/// the client will be. Attendance and the session check are not part of a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Booking {
    pub client_id: i64,
    pub fields: SessionFields,
    #[serde(default)]
    pub series: Option<SeriesRule>,
}

/// Which occurrences of a series a change reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// This appointment only.
    One,
    /// This appointment and every later one of its series not yet recorded.
    Following,
    /// Every appointment of its series not yet begun (and this one).
    All,
}

/// A new time, for an appointment recorded as rescheduled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewTime {
    pub date: String,
    pub start_time: String,
    pub end_time: String,
}

/// A series as Today and the client's page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeriesSummary {
    pub id: i64,
    pub client_id: i64,
    pub repeat: Repeat,
    /// "Every week on Tuesday".
    pub description: String,
    /// Appointments still to come.
    pub left: u32,
    pub next_on: String,
    pub last_on: String,
    /// Two appointments or fewer left: time to talk about what comes next.
    pub ending_soon: bool,
}

/// An appointment's place in its series: "3 of 12".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeriesPlace {
    pub series_id: i64,
    pub number: u32,
    pub of: u32,
}

/// A series with this many appointments left or fewer is ending soon.
pub const ENDING_SOON_LEFT: u32 = 2;

/// The dates a booking would fill, after checking its fields and rule; nothing is written.
/// Every date is ahead of `now` and within the booking horizon.
pub(crate) fn plan(booking: &Booking, now: NaiveDateTime) -> Result<(ValidSession, Vec<NaiveDate>), NotesError> {
    let fields = appointment_fields(&booking.fields);
    let valid = sessions::validate(&fields, now)?;
    if valid.date.and_time(valid.start) <= now {
        return Err(invalid(
            "date",
            "That time has passed. An appointment is booked ahead; to record a session already held, use Record a \
             session on her page.",
        ));
    }
    let horizon = now.date() + Days::new(HORIZON_DAYS);
    let Some(rule) = &booking.series else { return Ok((valid, vec![valid.date])) };
    let end = series_end(rule, valid.date)?;
    let dates = recurrence::expand(valid.date, rule.repeat, end, horizon).map_err(|beyond| {
        invalid(
            if rule.count.is_some() { "series.count" } else { "series.until" },
            &format!(
                "This series would reach {} and appointments can be booked at most three years ahead: end it sooner.",
                iso(beyond.0)
            ),
        )
    })?;
    Ok((valid, dates))
}

/// Books the appointment, or every appointment of the series, in one transaction. Returns the
/// new sessions' ids in date order.
pub fn book(session: &mut Session, booking: &Booking, now: NaiveDateTime) -> Result<Vec<i64>, NotesError> {
    let (valid, dates) = plan(booking, now)?;
    let fields = appointment_fields(&booking.fields);
    let tx = session.conn_mut().transaction()?;
    store::require_client(&tx, booking.client_id)?;
    let stamp = sessions::stamp(&tx, now)?;
    let series_id = match &booking.series {
        Some(rule) => {
            tx.execute(
                "INSERT INTO appointment_series (client_id, repeat, first_on, until_on, count, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    booking.client_id,
                    rule.repeat.as_str(),
                    iso(valid.date),
                    rule.until.as_deref().map(str::trim),
                    rule.count,
                    stamp
                ],
            )?;
            Some(tx.last_insert_rowid())
        }
        None => None,
    };
    let mut ids = Vec::with_capacity(dates.len());
    for (index, date) in dates.into_iter().enumerate() {
        let id = sessions::insert(&tx, booking.client_id, &fields, &ValidSession { date, ..valid }, &stamp)?;
        if let Some(series_id) = series_id {
            tx.prepare_cached("UPDATE sessions SET series_id = ?2, series_index = ?3 WHERE id = ?1")?
                .execute(params![id, series_id, index as i64])?;
        }
        ids.push(id);
    }
    tx.commit()?;
    Ok(ids)
}

/// An appointment as the schedule changes it.
struct Occurrence {
    id: i64,
    client_id: i64,
    date: NaiveDate,
    start: String,
    attendance: Attendance,
    series: Option<(i64, i64, Repeat)>,
}

fn occurrence(conn: &Connection, id: i64) -> Result<Occurrence, NotesError> {
    conn.query_row(
        "SELECT s.id, s.client_id, s.date, s.start_time, s.attendance, s.series_id, s.series_index, a.repeat
         FROM sessions s LEFT JOIN appointment_series a ON a.id = s.series_id WHERE s.id = ?1",
        [id],
        |r| {
            let series =
                match (r.get::<_, Option<i64>>(5)?, r.get::<_, Option<i64>>(6)?, r.get::<_, Option<String>>(7)?) {
                    (Some(series), Some(index), Some(repeat)) => {
                        Repeat::parse(&repeat).map(|repeat| (series, index, repeat))
                    }
                    _ => None,
                };
            Ok(Occurrence {
                id: r.get(0)?,
                client_id: r.get(1)?,
                date: crate::time::stored_day(&r.get::<_, String>(2)?),
                start: r.get(3)?,
                attendance: sessions::parse_attendance(&r.get::<_, String>(4)?),
                series,
            })
        },
    )
    .optional()?
    .ok_or(NotesError::NotFound("That appointment is not in the vault."))
}

/// The occurrences a change of `target` reaches: itself, and with a series and a wider scope
/// the other appointments of its series still scheduled, as `(id, series_index)`.
fn reached(
    conn: &Connection,
    target: &Occurrence,
    scope: Scope,
    now: NaiveDateTime,
) -> Result<Vec<(i64, i64)>, NotesError> {
    let (series_id, index) = match (target.series, scope) {
        (Some((series, index, _)), Scope::Following | Scope::All) => (series, index),
        (Some((_, index, _)), Scope::One) => return Ok(vec![(target.id, index)]),
        (None, _) => return Ok(vec![(target.id, 0)]),
    };
    // Following: from this place on. All: from now on (what has begun is left as it is).
    let mut stmt = conn.prepare_cached(
        "SELECT id, series_index FROM sessions WHERE series_id = ?1 AND attendance = 'scheduled'
           AND (id = ?2 OR (?3 AND series_index >= ?4) OR (NOT ?3 AND (date, start_time) >= (?5, ?6)))
         ORDER BY series_index, id",
    )?;
    let following = scope == Scope::Following;
    let rows = stmt
        .query_map(params![series_id, target.id, following, index, iso(now.date()), hhmm(now.time())], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Moves or changes an appointment, and with `Following` or `All` the rest of its series not yet
/// recorded: the new time, kind, modality and place for every one of them, and a new date by the
/// series' rule (moving the 2nd Tuesday to the 2nd Wednesday moves every month's). Attended
/// appointments, and anything else already recorded, never change. Returns the ids changed.
pub fn edit(
    session: &mut Session,
    id: i64,
    fields: &SessionFields,
    scope: Scope,
    now: NaiveDateTime,
) -> Result<Vec<i64>, NotesError> {
    let fields = appointment_fields(fields);
    let valid = sessions::validate(&fields, now)?;
    let tx = session.conn_mut().transaction()?;
    let target = occurrence(&tx, id)?;
    if target.attendance != Attendance::Scheduled {
        return Err(NotesError::NotAllowed(
            "What happened at this appointment is already recorded, so it stays as it was.".into(),
        ));
    }
    let reach = reached(&tx, &target, scope, now)?;
    let date_moved = valid.date != target.date;
    let horizon = now.date() + Days::new(HORIZON_DAYS);
    let mut changed = Vec::with_capacity(reach.len());
    let mut moved = Vec::with_capacity(reach.len());
    for &(occurrence_id, index) in &reach {
        let date = if occurrence_id == target.id {
            valid.date
        } else if !date_moved {
            occurrence(&tx, occurrence_id)?.date
        } else {
            match target.series {
                Some((_, target_index, repeat)) => repeat
                    .step(valid.date, index - target_index)
                    .ok_or_else(|| invalid("date", "That date is outside the calendar."))?,
                None => valid.date,
            }
        };
        if date > horizon {
            return Err(invalid("date", "Appointments can be booked at most three years ahead."));
        }
        if occurrence_id != target.id && date.and_time(valid.start) <= now {
            return Err(NotesError::NotAllowed(format!(
                "That would move the appointment of {} into the past. Change this one and the following instead.",
                iso(date)
            )));
        }
        moved.push((occurrence_id, date));
        changed.push(occurrence_id);
    }
    for (occurrence_id, date) in moved {
        tx.prepare_cached(
            "UPDATE sessions SET date = ?2, start_time = ?3, end_time = ?4, kind = ?5, modality = ?6,
                location_state = ?7, location_city = ?8, updated_at = ?9
             WHERE id = ?1 AND attendance = 'scheduled'",
        )?
        .execute(params![
            occurrence_id,
            iso(date),
            hhmm(valid.start),
            hhmm(valid.end),
            sessions::kind_str(fields.kind),
            sessions::modality_str(fields.modality),
            fields.location.state.trim().to_uppercase(),
            fields.location.city.trim(),
            now_utc()
        ])?;
    }
    if let (Some((series_id, target_index, repeat)), true, Scope::Following | Scope::All) =
        (target.series, date_moved, scope)
    {
        re_anchor(&tx, series_id, target_index, repeat, valid.date, scope, &reach)?;
    }
    tx.commit()?;
    Ok(changed)
}

/// Keeps the series' rule true after its dates moved: for `All` the series starts where the
/// rule now puts its first occurrence; for `Following` from the middle of a series, the
/// occurrences moved become a series of their own, the earlier ones keeping the old rule.
fn re_anchor(
    conn: &Connection,
    series_id: i64,
    target_index: i64,
    repeat: Repeat,
    new_date: NaiveDate,
    scope: Scope,
    reach: &[(i64, i64)],
) -> Result<(), NotesError> {
    let earlier: i64 = conn.query_row(
        "SELECT count(*) FROM sessions WHERE series_id = ?1 AND series_index < ?2",
        params![series_id, target_index],
        |r| r.get(0),
    )?;
    if scope == Scope::All || earlier == 0 {
        let first = repeat.step(new_date, -target_index).unwrap_or(new_date);
        conn.execute("UPDATE appointment_series SET first_on = ?2 WHERE id = ?1", params![series_id, iso(first)])?;
        return Ok(());
    }
    conn.execute(
        "INSERT INTO appointment_series (client_id, repeat, first_on, count, created_at)
         SELECT client_id, repeat, ?2, ?3, ?4 FROM appointment_series WHERE id = ?1",
        params![series_id, iso(new_date), reach.len() as i64, now_utc()],
    )?;
    let split = conn.last_insert_rowid();
    for &(id, index) in reach {
        conn.prepare_cached("UPDATE sessions SET series_id = ?2, series_index = ?3 WHERE id = ?1")?
            .execute(params![id, split, index - target_index])?;
    }
    Ok(())
}

/// Records what happened at an appointment: attended or a no-show once it has begun; a late
/// cancellation, a cancellation in time or by the therapist at any time; rescheduled, with the
/// new time, which books that time as a new appointment (in the same place of the series) and
/// links the two. Her last attended session, from which retention counts, follows at once.
/// Returns the appointment's id and the new one's.
pub fn record_outcome(
    session: &mut Session,
    id: i64,
    attendance: Attendance,
    new_time: Option<&NewTime>,
    now: NaiveDateTime,
) -> Result<(i64, Option<i64>), NotesError> {
    let tx = session.conn_mut().transaction()?;
    let target = occurrence(&tx, id)?;
    if target.attendance == Attendance::Rescheduled {
        return Err(NotesError::NotAllowed("This appointment was moved: record what happened at its new time.".into()));
    }
    let start = sessions::parse_time(&target.start).map(|t| target.date.and_time(t));
    if !attendance.before_start() && start.is_some_and(|s| s > now) {
        return Err(invalid("attendance", "This appointment has not begun yet, so it can only be cancelled or moved."));
    }
    if attendance != Attendance::Attended && sessions::has_notes(&tx, id)? {
        return Err(NotesError::NotAllowed("This session has notes, so it stays attended.".into()));
    }
    let new_id = if attendance == Attendance::Rescheduled {
        let Some(new_time) = new_time else {
            return Err(invalid("newTime.date", "Choose the new time."));
        };
        Some(book_new_time(&tx, id, new_time, now)?)
    } else {
        None
    };
    tx.execute(
        "UPDATE sessions SET attendance = ?2, rescheduled_to = ?3, outcome_recorded_at = ?4, updated_at = ?4
         WHERE id = ?1",
        params![id, attendance_str(attendance), new_id, now_utc()],
    )?;
    attendance_changed(&tx, target.client_id)?;
    tx.commit()?;
    Ok((id, new_id))
}

/// Books `new_time` as a copy of appointment `id` (same client, kind, modality, place and place
/// in its series).
fn book_new_time(conn: &Connection, id: i64, new_time: &NewTime, now: NaiveDateTime) -> Result<i64, NotesError> {
    let current = sessions::get_session(conn, id)?;
    let fields = SessionFields {
        date: new_time.date.clone(),
        start_time: new_time.start_time.clone(),
        end_time: new_time.end_time.clone(),
        ..appointment_fields(&current.fields)
    };
    let valid = sessions::validate(&fields, now).map_err(|error| match error {
        NotesError::Invalid(problems) => NotesError::Invalid(
            problems
                .into_iter()
                .map(|p| crate::error::FieldError::new(format!("newTime.{}", p.field), p.message))
                .collect(),
        ),
        other => other,
    })?;
    if valid.date.and_time(valid.start) <= now {
        return Err(invalid("newTime.date", "The new time has already passed."));
    }
    let new_id = sessions::insert(conn, current.client_id, &fields, &valid, &sessions::stamp(conn, now)?)?;
    let (series_id, index): (Option<i64>, Option<i64>) =
        conn.query_row("SELECT series_id, series_index FROM sessions WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    conn.execute(
        "UPDATE sessions SET series_id = ?2, series_index = ?3 WHERE id = ?1",
        params![new_id, series_id, index],
    )?;
    Ok(new_id)
}

/// Removes appointments not yet recorded: this one, or with a wider scope the rest of its
/// series too (a series ended early). Anything recorded, and any session with notes, stays.
pub fn remove(session: &mut Session, id: i64, scope: Scope, now: NaiveDateTime) -> Result<Vec<i64>, NotesError> {
    let tx = session.conn_mut().transaction()?;
    let target = occurrence(&tx, id)?;
    if target.attendance != Attendance::Scheduled {
        return Err(NotesError::NotAllowed(
            "What happened at this appointment is recorded, so it is kept. Record a cancellation instead.".into(),
        ));
    }
    let mut removed = Vec::new();
    for (occurrence_id, _) in reached(&tx, &target, scope, now)? {
        if sessions::has_notes(&tx, occurrence_id)? {
            if occurrence_id == id {
                return Err(NotesError::NotAllowed("This session has notes, so it is kept.".into()));
            }
            continue;
        }
        tx.execute("DELETE FROM sessions WHERE id = ?1 AND attendance = 'scheduled'", [occurrence_id])?;
        removed.push(occurrence_id);
    }
    attendance_changed(&tx, target.client_id)?;
    tx.commit()?;
    Ok(removed)
}

/// A client's series with appointments still to come, soonest first.
pub fn client_series(conn: &Connection, client_id: i64, today: NaiveDate) -> Result<Vec<SeriesSummary>, NotesError> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.repeat, a.first_on, count(*), min(s.date), max(s.date)
         FROM appointment_series a JOIN sessions s ON s.series_id = a.id
         WHERE a.client_id = ?1 AND s.attendance = 'scheduled' AND s.date >= ?2
         GROUP BY a.id ORDER BY min(s.date), a.id",
    )?;
    let rows = stmt.query_map(params![client_id, iso(today)], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, repeat, first_on, left, next_on, last_on) = row?;
        let Some(repeat) = Repeat::parse(&repeat) else { continue };
        out.push(SeriesSummary {
            id,
            client_id,
            repeat,
            description: repeat.describe(crate::time::stored_day(&first_on)),
            left,
            next_on,
            last_on,
            ending_soon: left <= ENDING_SOON_LEFT,
        });
    }
    Ok(out)
}

/// Each series' size, for "3 of 12": the number of places in it.
pub fn series_sizes(conn: &Connection, series_ids: &[i64]) -> Result<std::collections::HashMap<i64, u32>, NotesError> {
    let mut sizes = std::collections::HashMap::new();
    let mut stmt = conn.prepare_cached("SELECT max(series_index) + 1 FROM sessions WHERE series_id = ?1")?;
    for &id in series_ids {
        if let std::collections::hash_map::Entry::Vacant(entry) = sizes.entry(id) {
            entry.insert(stmt.query_row([id], |r| r.get::<_, Option<u32>>(0))?.unwrap_or(0));
        }
    }
    Ok(sizes)
}

/// A booking's fields as an appointment holds them: scheduled, no session check yet.
fn appointment_fields(fields: &SessionFields) -> SessionFields {
    SessionFields { attendance: Attendance::Scheduled, check: SessionCheck::default(), ..fields.clone() }
}

fn series_end(rule: &SeriesRule, first: NaiveDate) -> Result<SeriesEnd, NotesError> {
    let mut problems = Problems::default();
    let until = rule.until.as_deref().map(str::trim).filter(|u| !u.is_empty());
    let end = match (until, rule.count) {
        (Some(_), Some(_)) | (None, None) => {
            problems.add("series.until", "End the series on a date, or after a number of appointments.");
            None
        }
        (Some(until), None) => match NaiveDate::parse_from_str(until, "%Y-%m-%d") {
            Ok(date) if date < first => {
                problems.add("series.until", "The series ends before its first appointment.");
                None
            }
            Ok(date) => Some(SeriesEnd::Until(date)),
            Err(_) => {
                problems.add("series.until", "Enter the last date as YYYY-MM-DD.");
                None
            }
        },
        (None, Some(count)) if !(1..=MAX_COUNT).contains(&count) => {
            problems.add("series.count", &format!("A series has 1 to {MAX_COUNT} appointments."));
            None
        }
        (None, Some(count)) => Some(SeriesEnd::Count(count)),
    };
    problems.finish()?;
    end.ok_or(NotesError::Invalid(Vec::new()))
}

/// Three years of weekly appointments.
const MAX_COUNT: u32 = 157;

fn invalid(field: &str, message: &str) -> NotesError {
    NotesError::Invalid(vec![crate::error::FieldError::new(field, message)])
}

//! The schedule (docs/DOMAIN.md section 11): her week at a glance, appointments booked alone or in
//! series, what happened at each, and the two ways it leaves the vault (a printed day sheet, a
//! calendar file for her phone).
//!
//! Appointments are sessions ahead and live with them ([`crate::notes::series`]); this module sits
//! above the register, the notes, consent and the forms and composes them:
//! - [`zone`]: the practice's time zone, its "now", and instants for the calendar file.
//! - [`hours`]: her working hours and days away.
//! - [`warnings`]: what a booking or a move should make her look at twice, never silently.
//! - [`week`]: the day and week views, with each appointment's client as discreet mode says.
//! - [`sheet`] and [`ics`]: the day sheet and the calendar export, audited.

pub mod hours;
pub mod ics;
pub mod sheet;
pub mod warnings;
pub mod week;
pub mod zone;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::consent::ConsentError;
use crate::error::{ApiError, ErrorCode, FieldError, VaultError};
use crate::forms::FormsError;
use crate::notes::series::{self, Booking, NewTime, Scope, SeriesSummary};
use crate::notes::{self, Attendance, NotesError, SessionFields, SessionSummary};
use crate::register::RegisterError;
use crate::vault::Session;
pub use warnings::{Warning, WarningKind};

/// What a booking, a move or a new time did, and what she should look at twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Booked {
    /// The appointments booked or changed, in date order.
    pub ids: Vec<i64>,
    pub warnings: Vec<Warning>,
}

/// A late cancellation or a no-show, kept with its date for the fee policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Missed {
    pub session_id: i64,
    pub date: String,
    pub attendance: Attendance,
}

/// A client's schedule, as her page shows it (Today reads the same series).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientSchedule {
    pub next: Option<SessionSummary>,
    pub series: Vec<SeriesSummary>,
    /// Late cancellations and no-shows of the last twelve months, newest first.
    pub missed: Vec<Missed>,
}

/// What she would be warned of if she booked this now; nothing is written.
pub fn check(conn: &Connection, booking: &Booking, now: NaiveDateTime) -> Result<Vec<Warning>, ScheduleError> {
    let (valid, dates) = series::plan(booking, now)?;
    let times: Vec<_> = dates.into_iter().map(|d| (d, valid.start, valid.end)).collect();
    warnings::for_booking(conn, booking.client_id, &booking.fields, &times, &[])
}

/// Books the appointment or the series, then says what to look at twice.
pub fn book(session: &mut Session, booking: &Booking, now: NaiveDateTime) -> Result<Booked, ScheduleError> {
    let ids = series::book(session, booking, now)?;
    booked(session.conn(), ids)
}

/// Moves or changes an appointment (and with a wider scope the rest of its series), then says
/// what to look at twice.
pub fn edit(
    session: &mut Session,
    id: i64,
    fields: &SessionFields,
    scope: Scope,
    now: NaiveDateTime,
) -> Result<Booked, ScheduleError> {
    let ids = series::edit(session, id, fields, scope, now)?;
    booked(session.conn(), ids)
}

/// Records what happened; a move books the new time and says what to look at twice about it.
pub fn record(
    session: &mut Session,
    id: i64,
    attendance: Attendance,
    new_time: Option<&NewTime>,
    now: NaiveDateTime,
) -> Result<Booked, ScheduleError> {
    let (id, new_id) = series::record_outcome(session, id, attendance, new_time, now)?;
    match new_id {
        Some(new_id) => booked(session.conn(), vec![new_id]),
        None => Ok(Booked { ids: vec![id], warnings: Vec::new() }),
    }
}

/// The warnings of appointments as they now stand, each checked against everything else.
fn booked(conn: &Connection, ids: Vec<i64>) -> Result<Booked, ScheduleError> {
    let Some(&first) = ids.first() else { return Ok(Booked { ids, warnings: Vec::new() }) };
    let session = notes::get_session(conn, first)?;
    let mut times = Vec::with_capacity(ids.len());
    for &id in &ids {
        let s = notes::sessions::summary_by_id(conn, id)?;
        if let (Some(start), Some(end)) =
            (notes::sessions::parse_time(&s.start_time), notes::sessions::parse_time(&s.end_time))
        {
            times.push((crate::time::stored_day(&s.date), start, end));
        }
    }
    let warnings = warnings::for_booking(conn, session.client_id, &session.fields, &times, &ids)?;
    Ok(Booked { ids, warnings })
}

/// Her next appointment, her series with appointments to come, and what she missed this year.
pub fn client_schedule(conn: &Connection, client_id: i64, now: NaiveDateTime) -> Result<ClientSchedule, ScheduleError> {
    let since = now.date() - chrono::Days::new(365);
    let mut stmt = conn.prepare_cached(
        "SELECT id, date, attendance FROM sessions WHERE client_id = ?1 AND date >= ?2
           AND attendance IN ('late_cancel', 'no_show')
         ORDER BY date DESC, start_time DESC, id DESC",
    )?;
    let missed = stmt
        .query_map(rusqlite::params![client_id, crate::time::iso(since)], |r| {
            Ok(Missed {
                session_id: r.get(0)?,
                date: r.get(1)?,
                attendance: notes::sessions::parse_attendance(&r.get::<_, String>(2)?),
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(ClientSchedule {
        next: notes::next_appointment(conn, client_id, now)?,
        series: series::client_series(conn, client_id, now.date())?,
        missed,
    })
}

/// A day the page sent (`YYYY-MM-DD`), or a field error naming `field`.
pub fn parse_day(field: &str, value: &str) -> Result<NaiveDate, ScheduleError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| invalid(field, "Enter the day as YYYY-MM-DD."))
}

/// The first day (a Monday) of the week holding `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// Everything that can go wrong with the schedule.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("{}", FieldError::summary(.0))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    NotFound(&'static str),
    #[error("{0}")]
    NotAllowed(String),
    #[error(transparent)]
    Document(#[from] FormsError),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl From<rusqlite::Error> for ScheduleError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Vault(VaultError::Sql(error))
    }
}

impl From<NotesError> for ScheduleError {
    fn from(error: NotesError) -> Self {
        match error {
            NotesError::Invalid(fields) => Self::Invalid(fields),
            NotesError::NotFound(what) => Self::NotFound(what),
            NotesError::Vault(vault) => Self::Vault(vault),
            other => Self::NotAllowed(other.to_string()),
        }
    }
}

impl From<ConsentError> for ScheduleError {
    fn from(error: ConsentError) -> Self {
        match error {
            ConsentError::Vault(vault) => Self::Vault(vault),
            ConsentError::Document(document) => Self::Document(document),
            other => Self::NotAllowed(other.to_string()),
        }
    }
}

impl From<RegisterError> for ScheduleError {
    fn from(error: RegisterError) -> Self {
        match error {
            RegisterError::NotFound => Self::NotFound("That client is not in the register."),
            RegisterError::Vault(vault) => Self::Vault(vault),
            RegisterError::Invalid(fields) => Self::Invalid(fields),
            other => Self::NotAllowed(other.to_string()),
        }
    }
}

impl From<ScheduleError> for ApiError {
    fn from(error: ScheduleError) -> Self {
        match error {
            ScheduleError::Invalid(fields) => {
                ApiError::new(ErrorCode::InvalidInput, FieldError::summary(&fields)).with_fields(fields)
            }
            ScheduleError::NotFound(_) => ApiError::new(ErrorCode::Other, error.to_string()),
            ScheduleError::NotAllowed(_) => ApiError::new(ErrorCode::InvalidInput, error.to_string()),
            ScheduleError::Document(document) => VaultError::Document(document).into(),
            ScheduleError::Vault(vault) => vault.into(),
        }
    }
}

fn invalid(field: &str, message: impl Into<String>) -> ScheduleError {
    ScheduleError::Invalid(vec![FieldError::new(field, message)])
}

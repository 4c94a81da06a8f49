//! What a booking or a move should make her look at twice (docs/DOMAIN.md section 11): a double
//! booking, a time outside her working hours or on a day away, a telehealth appointment with the
//! client in a state she holds no license in, a client's first appointment without a signed
//! informed consent, and a time the clocks skip or repeat. Warnings never stop a booking and are
//! never silent: the booking form shows them as she types and again once booked.
//!
//! Each kind is one warning however many dates of a series it concerns, naming the first few.
//! Other appointments are named by their client's code only.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::hours::{self, AwayDays, Week};
use super::{zone, ScheduleError};
use crate::consent::{self, profile};
use crate::notes::recurrence::weekday_name;
use crate::notes::sessions::hhmm;
use crate::notes::{telehealth, SessionFields};
use crate::time::iso;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    DoubleBooking,
    OutsideHours,
    AwayDay,
    Licensure,
    Consent,
    ClockChange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    pub kind: WarningKind,
    /// The dates concerned (`YYYY-MM-DD`), every one of them.
    pub dates: Vec<String>,
    pub message: String,
}

/// One appointment's time: its day, start and end.
pub type Time = (NaiveDate, NaiveTime, NaiveTime);

/// The warnings of booking `times` for a client, as `fields` describe the appointment; `ignore`
/// lists appointments not to count as double bookings (those being moved).
pub fn for_booking(
    conn: &Connection,
    client_id: i64,
    fields: &SessionFields,
    times: &[Time],
    ignore: &[i64],
) -> Result<Vec<Warning>, ScheduleError> {
    let mut warnings = Vec::new();
    let Some(&(first, _, _)) = times.first() else { return Ok(warnings) };
    warnings.extend(double_bookings(conn, times, ignore)?);
    let week = hours::week(conn)?;
    warnings.extend(outside_hours(&week, times));
    warnings.extend(away(&hours::away_days(conn, first)?, times));
    let profile = profile::load(conn)?;
    let state = if fields.location.state.trim().is_empty() {
        conn.query_row("SELECT telehealth_state FROM clients WHERE id = ?1", [client_id], |r| r.get::<_, String>(0))?
    } else {
        fields.location.state.clone()
    };
    if let Some(message) = telehealth::licensure_warning(&profile, fields.modality, &state) {
        warnings.push(Warning { kind: WarningKind::Licensure, dates: dates(times.iter().map(|t| t.0)), message });
    }
    if consent::needs_consent_warning(conn, client_id)? && !has_earlier_appointment(conn, client_id, first, ignore)? {
        warnings.push(Warning {
            kind: WarningKind::Consent,
            dates: vec![iso(first)],
            message: "This is her first appointment and no informed consent is signed yet: have it signed at or \
                      before this session."
                .into(),
        });
    }
    let tz = zone::practice_zone(&profile);
    let changes: Vec<(NaiveDate, &str)> = times
        .iter()
        .flat_map(|&(d, s, e)| [s, e].into_iter().filter_map(move |t| zone::clock_change(tz, d, t).map(|w| (d, w))))
        .collect();
    if let Some(&(_, why)) = changes.first() {
        warnings.push(Warning {
            kind: WarningKind::ClockChange,
            dates: dates(changes.iter().map(|c| c.0)),
            message: format!(
                "On {}, {why} ({}): check the time with her.",
                list(changes.iter().map(|c| c.0)),
                tz.name()
            ),
        });
    }
    Ok(warnings)
}

/// Whether the client has an appointment (or a session) before `date` other than those ignored.
fn has_earlier_appointment(
    conn: &Connection,
    client_id: i64,
    date: NaiveDate,
    ignore: &[i64],
) -> Result<bool, ScheduleError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM sessions WHERE client_id = ?1 AND date < ?2 AND attendance IN ('scheduled', 'attended')",
    )?;
    let ids: Vec<i64> = stmt.query_map(params![client_id, iso(date)], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(ids.iter().any(|id| !ignore.contains(id)))
}

fn double_bookings(conn: &Connection, times: &[Time], ignore: &[i64]) -> Result<Option<Warning>, ScheduleError> {
    // One indexed lookup per day (`sessions_by_date`): a series of two years checks in
    // a hundred small reads however many years of sessions the vault holds.
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.start_time, s.end_time, c.code FROM sessions s JOIN clients c ON c.id = s.client_id
         WHERE s.date = ?1 AND s.start_time < ?3 AND s.end_time > ?2
           AND s.attendance IN ('scheduled', 'attended')
         ORDER BY s.start_time, s.id",
    )?;
    let mut found = Vec::new();
    for &(date, start, end) in times {
        let mut rows = stmt.query(params![iso(date), hhmm(start), hhmm(end)])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            if !ignore.contains(&id) {
                found.push((
                    date,
                    format!("{} ({}–{})", row.get::<_, String>(3)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?),
                ));
                break;
            }
        }
    }
    if found.is_empty() {
        return Ok(None);
    }
    let shown: Vec<String> = found.iter().take(3).map(|(d, what)| format!("{} with {what}", short(*d))).collect();
    let more = found.len().saturating_sub(3);
    let message = format!(
        "Double booking: {}{}.",
        shown.join("; "),
        if more > 0 { format!(" and {more} more") } else { String::new() }
    );
    Ok(Some(Warning { kind: WarningKind::DoubleBooking, dates: dates(found.iter().map(|f| f.0)), message }))
}

fn outside_hours(week: &Week, times: &[Time]) -> Option<Warning> {
    let outside: Vec<&Time> = times
        .iter()
        .filter(|&&(d, s, e)| match hours::on(week, d) {
            Some((open, close)) => s < open || e > close,
            None => true,
        })
        .collect();
    let &&(first, _, _) = outside.first()?;
    let hours_then = match hours::on(week, first) {
        Some((open, close)) => {
            format!("{}s {}–{}", weekday_name(chrono::Datelike::weekday(&first)), hhmm(open), hhmm(close))
        }
        None => format!("no hours on {}s", weekday_name(chrono::Datelike::weekday(&first))),
    };
    Some(Warning {
        kind: WarningKind::OutsideHours,
        dates: dates(outside.iter().map(|t| t.0)),
        message: format!("Outside your working hours ({hours_then}): {}.", list(outside.iter().map(|t| t.0))),
    })
}

fn away(away: &[AwayDays], times: &[Time]) -> Option<Warning> {
    let hits: Vec<(NaiveDate, &str)> =
        times.iter().filter_map(|&(d, _, _)| hours::away_on(away, d).map(|label| (d, label))).collect();
    let &(_, label) = hits.first()?;
    Some(Warning {
        kind: WarningKind::AwayDay,
        dates: dates(hits.iter().map(|h| h.0)),
        message: format!("On a day you marked away ({label}): {}.", list(hits.iter().map(|h| h.0))),
    })
}

fn dates(days: impl Iterator<Item = NaiveDate>) -> Vec<String> {
    days.map(iso).collect()
}

/// "Tue 10 Mar 2026".
fn short(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// "Tue 10 Mar 2026, Tue 17 Mar 2026 and 4 more".
fn list(days: impl Iterator<Item = NaiveDate>) -> String {
    let days: Vec<NaiveDate> = days.collect();
    let shown: Vec<String> = days.iter().take(3).map(|d| short(*d)).collect();
    match days.len().saturating_sub(3) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

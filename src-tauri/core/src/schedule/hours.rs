//! Her working hours (one span a weekday, Monday to Friday 9 to 5 until she sets hers) and her
//! days away (holidays, a conference). Neither holds anything about a client.

use chrono::{Datelike, NaiveDate, NaiveTime};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{invalid, ScheduleError};
use crate::audit::AuditEvent;
use crate::error::FieldError;
use crate::notes::sessions::{hhmm, parse_time};
use crate::time::iso;
use crate::time::now_utc;
use crate::vault::Session;

/// The hours she works on one weekday (0 is Monday).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayHours {
    pub weekday: u8,
    pub start_time: String,
    pub end_time: String,
}

/// A day or a stretch of days she is away, both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AwayDays {
    #[serde(default)]
    pub id: i64,
    pub starts_on: String,
    pub ends_on: String,
    /// "Conference", "Holiday": her words, shown on the schedule.
    #[serde(default)]
    pub label: String,
}

/// The week's hours, indexed by weekday from Monday; `None` on a day she does not work.
pub type Week = [Option<(NaiveTime, NaiveTime)>; 7];

pub fn working_hours(conn: &Connection) -> Result<Vec<DayHours>, ScheduleError> {
    let mut stmt = conn.prepare_cached("SELECT weekday, start_time, end_time FROM working_hours ORDER BY weekday")?;
    let rows =
        stmt.query_map([], |r| Ok(DayHours { weekday: r.get(0)?, start_time: r.get(1)?, end_time: r.get(2)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn week(conn: &Connection) -> Result<Week, ScheduleError> {
    let mut week: Week = [None; 7];
    for day in working_hours(conn)? {
        if let (Some(slot), Some(start), Some(end)) =
            (week.get_mut(usize::from(day.weekday)), parse_time(&day.start_time), parse_time(&day.end_time))
        {
            *slot = Some((start, end));
        }
    }
    Ok(week)
}

/// Her hours on `date`'s weekday.
pub fn on(week: &Week, date: NaiveDate) -> Option<(NaiveTime, NaiveTime)> {
    week[date.weekday().num_days_from_monday() as usize]
}

/// Replaces her working hours: one span for each weekday she works. Nothing changes when any
/// day is refused.
pub fn set_working_hours(session: &mut Session, days: &[DayHours]) -> Result<Vec<DayHours>, ScheduleError> {
    let mut problems = Vec::new();
    let mut seen = [false; 7];
    let mut checked = Vec::with_capacity(days.len());
    for day in days {
        let field = format!("hours.{}", day.weekday);
        match seen.get_mut(usize::from(day.weekday)) {
            Some(seen) if !*seen => *seen = true,
            _ => {
                problems.push(FieldError::new(&field, "Each weekday has one span of hours."));
                continue;
            }
        }
        match (parse_time(&day.start_time), parse_time(&day.end_time)) {
            (Some(start), Some(end)) if end > start => checked.push((day.weekday, start, end)),
            (Some(_), Some(_)) => problems.push(FieldError::new(&field, "The day ends before it starts.")),
            _ => problems.push(FieldError::new(&field, "Enter the hours as HH:MM.")),
        }
    }
    if !problems.is_empty() {
        return Err(ScheduleError::Invalid(problems));
    }
    let tx = session.conn_mut().transaction()?;
    tx.execute("DELETE FROM working_hours", [])?;
    for (weekday, start, end) in &checked {
        tx.execute(
            "INSERT INTO working_hours (weekday, start_time, end_time) VALUES (?1, ?2, ?3)",
            params![weekday, hhmm(*start), hhmm(*end)],
        )?;
    }
    let detail: Vec<String> = checked.iter().map(|(d, s, e)| format!("{d}:{}-{}", hhmm(*s), hhmm(*e))).collect();
    crate::audit::append(&tx, AuditEvent::SettingChanged, &format!("working_hours={}", detail.join(",")))?;
    tx.commit()?;
    working_hours(session.conn())
}

/// Days away ending on or after `from`, soonest first.
pub fn away_days(conn: &Connection, from: NaiveDate) -> Result<Vec<AwayDays>, ScheduleError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, starts_on, ends_on, label FROM away_days WHERE ends_on >= ?1 ORDER BY starts_on, id",
    )?;
    let rows = stmt.query_map([iso(from)], |r| {
        Ok(AwayDays { id: r.get(0)?, starts_on: r.get(1)?, ends_on: r.get(2)?, label: r.get(3)? })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The label of the days away holding `date`, if she is away then ("Away" when unlabelled).
pub fn away_on(away: &[AwayDays], date: NaiveDate) -> Option<&str> {
    let day = iso(date);
    away.iter().find(|a| a.starts_on <= day && day <= a.ends_on).map(|a| {
        if a.label.trim().is_empty() {
            "Away"
        } else {
            a.label.as_str()
        }
    })
}

const LABEL_MAX: usize = 100;

pub fn add_away(session: &mut Session, away: &AwayDays) -> Result<AwayDays, ScheduleError> {
    let parse = |value: &str| NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok();
    let (Some(starts), Some(ends)) = (parse(&away.starts_on), parse(&away.ends_on)) else {
        return Err(invalid("startsOn", "Enter both days as YYYY-MM-DD."));
    };
    if ends < starts {
        return Err(invalid("endsOn", "The last day away comes before the first."));
    }
    let label = away.label.trim();
    if label.chars().count() > LABEL_MAX {
        return Err(invalid("label", format!("This is limited to {LABEL_MAX} characters.")));
    }
    let tx = session.conn_mut().transaction()?;
    tx.execute(
        "INSERT INTO away_days (starts_on, ends_on, label, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![iso(starts), iso(ends), label, now_utc()],
    )?;
    let id = tx.last_insert_rowid();
    crate::audit::append(&tx, AuditEvent::SettingChanged, &format!("away_days+={}..{}", iso(starts), iso(ends)))?;
    tx.commit()?;
    Ok(AwayDays { id, starts_on: iso(starts), ends_on: iso(ends), label: label.to_owned() })
}

pub fn remove_away(session: &mut Session, id: i64) -> Result<(), ScheduleError> {
    let tx = session.conn_mut().transaction()?;
    if tx.execute("DELETE FROM away_days WHERE id = ?1", [id])? == 0 {
        return Err(ScheduleError::NotFound("Those days away are no longer on the schedule."));
    }
    crate::audit::append(&tx, AuditEvent::SettingChanged, &format!("away_days-={id}"))?;
    tx.commit()?;
    Ok(())
}

//! The day and week views: each day's hours and days away, and every appointment on them with
//! its client as discreet mode says (the alias or initials, the names not even read), its place
//! in its series and what it should make her look at twice.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::{Days, NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::hours::{self, DayHours};
use super::warnings::WarningKind;
use super::{zone, ScheduleError};
use crate::consent::{self, profile};
use crate::notes::series::{self, SeriesPlace};
use crate::notes::sessions::{self, hhmm};
use crate::notes::{telehealth, Attendance, Modality, SessionKind};
use crate::register;
use crate::time::iso;

/// One day of the view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleDay {
    pub date: String,
    /// Her hours that day; none on a day she does not work.
    pub hours: Option<DayHours>,
    /// Set on a day she marked away, with her label.
    pub away: Option<String>,
}

/// One appointment (or session) in the view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    pub id: i64,
    pub client_id: i64,
    pub client_code: String,
    /// The name, or in discreet mode the alias or initials.
    pub client_name: String,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub kind: SessionKind,
    pub modality: Modality,
    pub attendance: Attendance,
    pub series: Option<SeriesPlace>,
    /// For a rescheduled appointment, the new one.
    pub rescheduled_to: Option<i64>,
    /// What this appointment should make her look at twice (see [`super::warnings`]).
    pub warnings: Vec<WarningKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleView {
    pub days: Vec<ScheduleDay>,
    pub slots: Vec<Slot>,
    /// Wall-clock now at the practice, `YYYY-MM-DDTHH:MM`, for the now-line.
    pub now: String,
    /// The zone the times are in ("America/Chicago").
    pub time_zone: String,
}

/// The most days one view shows.
pub const MAX_DAYS: u32 = 7;

/// `days` days from `from` (a day, or a week from its Monday).
pub fn view(
    conn: &Connection,
    from: NaiveDate,
    days: u32,
    discreet: bool,
    now: NaiveDateTime,
) -> Result<ScheduleView, ScheduleError> {
    let days = days.clamp(1, MAX_DAYS);
    let to = from + Days::new(u64::from(days - 1));
    let week = hours::week(conn)?;
    let away = hours::away_days(conn, from)?;
    let profile = profile::load(conn)?;
    let mut schedule_days = Vec::with_capacity(days as usize);
    for offset in 0..days {
        let date = from + Days::new(u64::from(offset));
        schedule_days.push(ScheduleDay {
            date: iso(date),
            hours: hours::on(&week, date).map(|(start, end)| DayHours {
                weekday: chrono::Datelike::weekday(&date).num_days_from_monday() as u8,
                start_time: hhmm(start),
                end_time: hhmm(end),
            }),
            away: hours::away_on(&away, date).map(str::to_owned),
        });
    }

    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.client_id, s.date, s.start_time, s.end_time, s.kind, s.modality, s.attendance, s.series_id,
                s.series_index, s.rescheduled_to,
                CASE WHEN s.location_state <> '' THEN s.location_state ELSE c.telehealth_state END
         FROM sessions s JOIN clients c ON c.id = s.client_id
         WHERE s.date BETWEEN ?1 AND ?2 ORDER BY s.date, s.start_time, s.id",
    )?;
    struct Row {
        slot: Slot,
        series: Option<(i64, i64)>,
        state: String,
    }
    let rows: Vec<Row> = stmt
        .query_map(params![iso(from), iso(to)], |r| {
            let series = match (r.get::<_, Option<i64>>(8)?, r.get::<_, Option<i64>>(9)?) {
                (Some(id), Some(index)) => Some((id, index)),
                _ => None,
            };
            Ok(Row {
                slot: Slot {
                    id: r.get(0)?,
                    client_id: r.get(1)?,
                    client_code: String::new(),
                    client_name: String::new(),
                    date: r.get(2)?,
                    start_time: r.get(3)?,
                    end_time: r.get(4)?,
                    kind: sessions::parse_kind(&r.get::<_, String>(5)?),
                    modality: sessions::parse_modality(&r.get::<_, String>(6)?),
                    attendance: sessions::parse_attendance(&r.get::<_, String>(7)?),
                    series: None,
                    rescheduled_to: r.get(10)?,
                    warnings: Vec::new(),
                },
                series,
                state: r.get(11)?,
            })
        })?
        .collect::<Result<_, _>>()?;

    let series_ids: Vec<i64> = rows.iter().filter_map(|r| r.series.map(|s| s.0)).collect();
    let sizes = series::series_sizes(conn, &series_ids)?;
    let today = now.date();
    let mut clients: HashMap<i64, (String, String)> = HashMap::new();
    // Asked only for clients with an appointment still to come: a past week asks nothing.
    let mut needs_consent: HashMap<i64, bool> = HashMap::new();
    let mut slots = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut slot = row.slot.clone();
        let (code, name) = match clients.entry(slot.client_id) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(new) => {
                let summary = register::summary(conn, slot.client_id, discreet, today)?;
                new.insert((summary.code, summary.display_name))
            }
        };
        slot.client_code.clone_from(code);
        slot.client_name.clone_from(name);
        if slot.attendance == Attendance::Scheduled {
            let needs = match needs_consent.entry(slot.client_id) {
                Entry::Occupied(known) => *known.get(),
                Entry::Vacant(new) => *new.insert(consent::needs_consent_warning(conn, slot.client_id)?),
            };
            if needs {
                slot.warnings.push(WarningKind::Consent);
            }
        }
        slot.series = row.series.map(|(series_id, index)| SeriesPlace {
            series_id,
            number: u32::try_from(index + 1).unwrap_or(0),
            of: sizes.get(&series_id).copied().unwrap_or(0),
        });
        let date = crate::time::stored_day(&slot.date);
        let (start, end) = (sessions::parse_time(&slot.start_time), sessions::parse_time(&slot.end_time));
        // What is recorded is history: only appointments still to come carry warnings.
        if slot.attendance == Attendance::Scheduled {
            let overlaps = rows.iter().any(|other| {
                other.slot.id != slot.id
                    && other.slot.date == slot.date
                    && other.slot.attendance.holds_the_time()
                    && other.slot.start_time < slot.end_time
                    && other.slot.end_time > slot.start_time
            });
            if overlaps {
                slot.warnings.push(WarningKind::DoubleBooking);
            }
            let outside = match (hours::on(&week, date), start, end) {
                (Some((open, close)), Some(s), Some(e)) => s < open || e > close,
                _ => true,
            };
            if outside {
                slot.warnings.push(WarningKind::OutsideHours);
            }
            if hours::away_on(&away, date).is_some() {
                slot.warnings.push(WarningKind::AwayDay);
            }
            if telehealth::licensure_warning(&profile, slot.modality, &row.state).is_some() {
                slot.warnings.push(WarningKind::Licensure);
            }
        }
        slots.push(slot);
    }
    Ok(ScheduleView {
        days: schedule_days,
        slots,
        now: now.format("%Y-%m-%dT%H:%M").to_string(),
        time_zone: zone::practice_zone(&profile).name().to_owned(),
    })
}

//! Her schedule as an iCalendar file (RFC 5545) for her phone's calendar, written to a folder she
//! picks. Each appointment is an event titled with the client's code (or initials, if she
//! prefers), the kind and how it is held: never a name, a diagnosis, a note or where the client
//! is. Times are instants in UTC, computed in the practice's zone, so the phone shows them right
//! wherever it is and across daylight-saving changes. Each event keeps its appointment's UID, so
//! importing a newer file updates the phone's copy; a cancelled or moved appointment is sent as
//! cancelled.
//!
//! The export is recorded in the audit trail (how many appointments, which weeks, codes or
//! initials), written before the file and committed after it, like every paper that leaves. Not in
//! the disclosure ledger: the ledger is each client's accounting of disclosures to someone else,
//! and her own calendar is her practice using its records; an entry per client per export would
//! also fill every client's accounting with events that are not disclosures.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{invalid, zone, ScheduleError};
use crate::audit::{self, AuditEvent};
use crate::notes::sessions::{self};
use crate::notes::{Attendance, Modality, SessionKind};
use crate::time::iso;
use crate::vault::Session;

/// How an appointment names its client in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum IcsLabel {
    #[default]
    Code,
    Initials,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IcsExport {
    pub file_name: String,
    pub appointments: u32,
}

/// The longest export: two years.
pub const MAX_WEEKS: u32 = 104;

/// `confidant-schedule-2026-03-10.ics`.
pub fn file_name(from: NaiveDate) -> String {
    format!("confidant-schedule-{}.ics", iso(from))
}

/// The calendar of `weeks` weeks from `from`, and how many appointments it holds.
pub fn calendar(
    conn: &Connection,
    zone: Tz,
    from: NaiveDate,
    weeks: u32,
    label: IcsLabel,
    stamp: DateTime<Utc>,
) -> Result<(String, u32), ScheduleError> {
    let to = from + Days::new(u64::from(weeks) * 7 - 1);
    let who = match label {
        IcsLabel::Code => "c.code",
        IcsLabel::Initials => "c.initials",
    };
    let sql = format!(
        "SELECT s.id, s.date, s.start_time, s.end_time, s.kind, s.modality, s.attendance, {who}
         FROM sessions s JOIN clients c ON c.id = s.client_id
         WHERE s.date BETWEEN ?1 AND ?2 AND s.attendance NOT IN ('attended', 'no_show')
         ORDER BY s.date, s.start_time, s.id"
    );
    let mut out = Lines::default();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Confidant//Schedule//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Confidant",
    ] {
        out.push(line);
    }
    let stamp = utc(stamp);
    let mut count = 0;
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params![iso(from), iso(to)])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let date = crate::time::stored_day(&row.get::<_, String>(1)?);
        let (Some(start), Some(end)) =
            (sessions::parse_time(&row.get::<_, String>(2)?), sessions::parse_time(&row.get::<_, String>(3)?))
        else {
            continue;
        };
        let kind = sessions::parse_kind(&row.get::<_, String>(4)?);
        let modality = sessions::parse_modality(&row.get::<_, String>(5)?);
        let status = match sessions::parse_attendance(&row.get::<_, String>(6)?) {
            Attendance::Scheduled => "CONFIRMED",
            _ => "CANCELLED",
        };
        let who: String = row.get(7)?;
        out.push("BEGIN:VEVENT");
        out.push(&format!("UID:confidant-appointment-{id}@confidant.invalid"));
        out.push(&format!("DTSTAMP:{stamp}"));
        out.push(&format!("DTSTART:{}", utc(zone::instant(zone, date, start))));
        out.push(&format!("DTEND:{}", utc(zone::instant(zone, date, end))));
        out.push(&format!("SUMMARY:{}", escape(&format!("{who} · {}", what(kind, modality)))));
        out.push(&format!("STATUS:{status}"));
        out.push("TRANSP:OPAQUE");
        out.push("END:VEVENT");
        if status == "CONFIRMED" {
            count += 1;
        }
    }
    out.push("END:VCALENDAR");
    Ok((out.0, count))
}

/// Writes the calendar into `folder` (one she picked) and records it. Nothing is recorded when
/// the file could not be written, and no file is left when the record could not be made.
pub fn export(
    session: &mut Session,
    folder: &Path,
    from: NaiveDate,
    weeks: u32,
    label: IcsLabel,
    stamp: DateTime<Utc>,
) -> Result<IcsExport, ScheduleError> {
    if !(1..=MAX_WEEKS).contains(&weeks) {
        return Err(invalid("weeks", format!("Export 1 to {MAX_WEEKS} weeks.")));
    }
    if !folder.is_dir() {
        return Err(invalid("folder", "Choose a folder to save the calendar in."));
    }
    let zone = zone::zone(session.conn())?;
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (text, appointments) = calendar(&tx, zone, from, weeks, label, stamp)?;
    let label_name = match label {
        IcsLabel::Code => "codes",
        IcsLabel::Initials => "initials",
    };
    audit::append(
        &tx,
        AuditEvent::ScheduleExported,
        &format!("from={} weeks={weeks} appointments={appointments} labels={label_name}", iso(from)),
    )?;
    let name = file_name(from);
    let path: PathBuf = folder.join(&name);
    crate::forms::save_as(&path, text.as_bytes())?;
    if let Err(error) = tx.commit() {
        let _ = std::fs::remove_file(&path);
        return Err(error.into());
    }
    Ok(IcsExport { file_name: name, appointments })
}

/// "Individual", "Individual (video)".
fn what(kind: SessionKind, modality: Modality) -> String {
    match modality {
        Modality::InPerson => kind.label().to_owned(),
        other => format!("{} ({})", kind.label(), other.label()),
    }
}

/// `20260310T150000Z`.
fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value (RFC 5545 section 3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Content lines ended by CRLF and folded at 75 octets, never inside a character (section 3.1).
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn push(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            if width + c.len_utf8() > 75 {
                self.0.push_str("\r\n ");
                width = 1;
            }
            self.0.push(c);
            width += c.len_utf8();
        }
        self.0.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut lines = Lines::default();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        lines.push(&long);
        for line in lines.0.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(lines.0.replace("\r\n ", "").trim_end(), long);
    }

    #[test]
    fn text_values_escape_what_the_format_reserves() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}

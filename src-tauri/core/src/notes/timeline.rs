//! A client's timeline: sessions (numbered), notes with their status, addenda and measures, newest first,
//! grouped by year and month with counts, and whether each note has been disclosed. Summaries
//! only: no note text is read, every column comes from covering indexes, and the disclosure
//! marks come from one ledger query, so a client with hundreds of notes opens at once.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::sessions::all_of_client;
use super::store::{marks_by_note, read_summary, require_client, Store, SUMMARY_COLUMNS};
use super::{Attendance, DisclosureMark, NoteKind, NoteSummary, NotesError, SessionSummary};

/// What the timeline shows; empty means everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct TimelineFilter {
    pub kinds: Vec<TimelineKind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    Sessions,
    Progress,
    Psychotherapy,
    Contact,
    Discharge,
    Addenda,
    Measures,
}

/// Counts for a year, a month or the whole record (always of everything, whatever the filter).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineCounts {
    /// Sessions she attended.
    pub sessions: u32,
    pub late_cancellations: u32,
    pub no_shows: u32,
    pub scheduled: u32,
    pub notes: u32,
    pub drafts: u32,
    pub addenda: u32,
    pub measures: u32,
}

impl TimelineCounts {
    /// "480 sessions, 3 late cancellations, 1 no-show".
    pub fn line(&self) -> String {
        let plural = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = vec![plural(self.sessions, "session", "sessions")];
        if self.late_cancellations > 0 {
            parts.push(plural(self.late_cancellations, "late cancellation", "late cancellations"));
        }
        if self.no_shows > 0 {
            parts.push(plural(self.no_shows, "no-show", "no-shows"));
        }
        parts.join(", ")
    }

    fn count(&mut self, entry: &TimelineEntry) {
        match entry {
            TimelineEntry::Session(s) => match s.attendance {
                Attendance::Attended => self.sessions += 1,
                Attendance::LateCancel => self.late_cancellations += 1,
                Attendance::NoShow => self.no_shows += 1,
                Attendance::Scheduled => self.scheduled += 1,
                Attendance::Cancelled | Attendance::TherapistCancelled | Attendance::Rescheduled => {}
            },
            TimelineEntry::Note(n) => {
                self.notes += 1;
                if n.signed_at.is_none() {
                    self.drafts += 1;
                }
            }
            TimelineEntry::Addendum(_) => self.addenda += 1,
            TimelineEntry::Measure(_) => self.measures += 1,
        }
    }
}

/// An addendum in the timeline (its text is on the note).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineAddendum {
    pub id: i64,
    pub note_id: i64,
    /// Local date it was added.
    pub date: String,
    pub added_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimelineEntry {
    Session(SessionSummary),
    Note(NoteSummary),
    Addendum(TimelineAddendum),
    Measure(crate::measures::Measure),
}

impl TimelineEntry {
    fn date(&self) -> &str {
        match self {
            Self::Session(s) => &s.date,
            Self::Note(n) => &n.date,
            Self::Addendum(a) => &a.date,
            Self::Measure(m) => &m.taken_on,
        }
    }

    fn kind(&self) -> TimelineKind {
        match self {
            Self::Session(_) => TimelineKind::Sessions,
            Self::Note(n) => match n.kind {
                NoteKind::Progress => TimelineKind::Progress,
                NoteKind::Psychotherapy => TimelineKind::Psychotherapy,
                NoteKind::Contact => TimelineKind::Contact,
                NoteKind::Discharge => TimelineKind::Discharge,
            },
            Self::Addendum(_) => TimelineKind::Addenda,
            Self::Measure(_) => TimelineKind::Measures,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineMonth {
    /// 1 to 12.
    pub month: u32,
    pub counts: TimelineCounts,
    /// Newest first.
    pub entries: Vec<TimelineEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineYear {
    pub year: i32,
    pub counts: TimelineCounts,
    /// "48 sessions, 3 late cancellations".
    pub summary: String,
    /// Newest first; months with nothing to show (after filtering) are left out.
    pub months: Vec<TimelineMonth>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    pub client_id: i64,
    pub totals: TimelineCounts,
    /// Newest first.
    pub years: Vec<TimelineYear>,
    /// To whom, when and on what basis each disclosed note went, newest first, by note id.
    pub disclosures: BTreeMap<i64, Vec<DisclosureMark>>,
}

/// One client's timeline.
pub fn timeline(conn: &Connection, client_id: i64, filter: &TimelineFilter) -> Result<Timeline, NotesError> {
    require_client(conn, client_id)?;
    let sessions = all_of_client(conn, client_id)?;
    let starts: std::collections::HashMap<i64, String> =
        sessions.iter().map(|s| (s.id, s.start_time.clone())).collect();
    // (date, time, order, id) sorts the day: a session, then its notes, then addenda.
    let mut entries: Vec<((String, String, u8, i64), TimelineEntry)> = Vec::new();
    for s in sessions {
        entries.push(((s.date.clone(), s.start_time.clone(), 0, s.id), TimelineEntry::Session(s)));
    }
    for store in Store::ALL {
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM {} WHERE client_id = ?1", store.table());
        let mut stmt = conn.prepare_cached(&sql)?;
        for note in stmt.query_map([client_id], read_summary)? {
            let note = note?;
            let time = note.session_id.and_then(|id| starts.get(&id).cloned()).unwrap_or_else(|| "24:00".into());
            entries.push(((note.date.clone(), time, 1, note.id), TimelineEntry::Note(note)));
        }
        let sql = format!("SELECT id, note_id, added_at FROM {} WHERE client_id = ?1", store.addenda());
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows =
            stmt.query_map([client_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (id, note_id, added_at) = row?;
            let date = chrono::DateTime::parse_from_rfc3339(&added_at)
                .map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d").to_string())
                .unwrap_or_else(|_| added_at.chars().take(10).collect());
            entries.push((
                (date.clone(), "24:00".into(), 2, id),
                TimelineEntry::Addendum(TimelineAddendum { id, note_id, date, added_at }),
            ));
        }
    }
    let measures = crate::measures::measures_of_client(conn, client_id).map_err(|e| match e {
        crate::measures::MeasuresError::Vault(vault) => NotesError::Vault(vault),
        other => NotesError::NotAllowed(other.to_string()),
    })?;
    for m in measures {
        entries.push(((m.taken_on.clone(), "24:00".into(), 3, m.id), TimelineEntry::Measure(m)));
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0));

    let mut totals = TimelineCounts::default();
    let mut years: Vec<TimelineYear> = Vec::new();
    for (_, entry) in entries {
        let (year, month) = year_month(entry.date());
        totals.count(&entry);
        if years.last().is_none_or(|y| y.year != year) {
            years.push(TimelineYear {
                year,
                counts: TimelineCounts::default(),
                summary: String::new(),
                months: Vec::new(),
            });
        }
        let Some(current_year) = years.last_mut() else { continue };
        current_year.counts.count(&entry);
        if current_year.months.last().is_none_or(|m| m.month != month) {
            current_year.months.push(TimelineMonth { month, counts: TimelineCounts::default(), entries: Vec::new() });
        }
        let Some(current_month) = current_year.months.last_mut() else { continue };
        current_month.counts.count(&entry);
        if filter.kinds.is_empty() || filter.kinds.contains(&entry.kind()) {
            current_month.entries.push(entry);
        }
    }
    for year in &mut years {
        year.summary = year.counts.line();
        year.months.retain(|m| !m.entries.is_empty());
    }
    let disclosures = marks_by_note(conn, client_id)?;
    Ok(Timeline { client_id, totals, years, disclosures })
}

fn year_month(date: &str) -> (i32, u32) {
    let year = date.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(0);
    let month = date.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    (year, month)
}

//! The printed day sheet: one day's appointments, times and initials (names only when she asks
//! for them, after the page warned her that the paper will name her clients), nothing else about
//! anyone. It leaves like every paper: through the private spool to the viewer, written in the
//! audit trail first (what day, how many, whether names were printed) and never with a name in
//! the file name or the metadata.
//!
//! Its audit entry goes to the audit trail, not the disclosure ledger: the ledger is each client's
//! accounting of disclosures to someone else (45 CFR 164.528), and her own day sheet, on her own
//! desk, is her practice using its records, not a disclosure to anyone.

use std::path::PathBuf;

use chrono::NaiveDate;
use rusqlite::{params, Connection, TransactionBehavior};

use super::ScheduleError;
use crate::audit::{self, AuditEvent};
use crate::consent::profile;
use crate::forms::{self, Block, Document, Footer, Header, Metadata, Span, Spool};
use crate::notes::sessions::{self};
use crate::notes::Attendance;
use crate::time::iso;
use crate::vault::Session;

const METADATA: Metadata =
    Metadata { title: "Day sheet", subject: "Appointments", keywords: &["confidant", "schedule"] };

/// `day-sheet-2026-03-10.pdf`: the day, never a name.
pub fn file_name(date: NaiveDate) -> String {
    format!("day-sheet-{}.pdf", iso(date))
}

/// One line of the sheet: "09:00–09:50  A.L.  Individual, video".
fn lines(conn: &Connection, date: NaiveDate, names: bool) -> Result<Vec<Vec<Span>>, ScheduleError> {
    // Without names the name columns are not even read.
    let who = if names { "c.legal_name, c.preferred_name" } else { "c.initials, ''" };
    let sql = format!(
        "SELECT s.start_time, s.end_time, {who}, s.kind, s.modality, s.attendance
         FROM sessions s JOIN clients c ON c.id = s.client_id
         WHERE s.date = ?1 AND s.attendance NOT IN ('rescheduled', 'cancelled', 'therapist_cancelled')
         ORDER BY s.start_time, s.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![iso(date)], |r| {
        let attendance = sessions::parse_attendance(&r.get::<_, String>(6)?);
        let mut what = format!(
            "{}, {}",
            sessions::parse_kind(&r.get::<_, String>(4)?).label(),
            sessions::parse_modality(&r.get::<_, String>(5)?).label()
        );
        let who = if names {
            crate::register::text::full_display_name(&r.get::<_, String>(2)?, &r.get::<_, String>(3)?)
        } else {
            r.get(2)?
        };
        match attendance {
            Attendance::LateCancel => what.push_str(" (late cancellation)"),
            Attendance::NoShow => what.push_str(" (no-show)"),
            _ => {}
        }
        Ok(vec![
            Span::bold(format!("{}–{}   ", r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            Span::regular(format!("{who}   ")),
            Span::regular(what),
        ])
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The sheet as a PDF, and how many appointments it lists.
pub fn render(
    conn: &Connection,
    date: NaiveDate,
    names: bool,
    today: NaiveDate,
) -> Result<(Vec<u8>, usize), ScheduleError> {
    let profile = profile::load(conn)?;
    let lines = lines(conn, date, names)?;
    let count = lines.len();
    let mut blocks = vec![Block::heading(1, date.format("%A, %B %-d, %Y").to_string())];
    if lines.is_empty() {
        blocks.push(Block::plain("No appointments."));
    } else {
        blocks.push(Block::plain(format!("{count} {}", if count == 1 { "appointment" } else { "appointments" })));
        blocks.push(Block::BulletList(lines));
    }
    blocks.push(Block::note(if names {
        "This sheet names clients: keep it out of sight and shred it at the end of the day."
    } else {
        "Initials only. Shred at the end of the day."
    }));
    let document = Document {
        metadata: METADATA,
        paper: profile.paper,
        date: today,
        header: Header { left: profile.practice_name.clone(), right: METADATA.title.to_owned() },
        footer: Footer { form_name: METADATA.title.to_owned(), ..Footer::default() },
        blocks,
    };
    Ok((forms::render_pdf(&document)?, count))
}

/// Prints the day sheet: written to the private spool, recorded in the audit trail, opened in the
/// viewer. Nothing is recorded when the sheet could not be written, and nothing is left in the
/// spool when the record could not be made.
pub fn print(session: &mut Session, date: NaiveDate, names: bool, today: NaiveDate) -> Result<PathBuf, ScheduleError> {
    let spool = Spool::new(session.data_dir().spool())?;
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (pdf, count) = render(&tx, date, names, today)?;
    audit::append(
        &tx,
        AuditEvent::DaySheetPrinted,
        &format!("date={} appointments={count} names={}", iso(date), if names { "yes" } else { "no" }),
    )?;
    let path = spool.write(&file_name(date), &pdf)?;
    if let Err(error) = tx.commit() {
        let _ = std::fs::remove_file(&path);
        return Err(error.into());
    }
    forms::open_in_viewer(&path)?;
    Ok(path)
}

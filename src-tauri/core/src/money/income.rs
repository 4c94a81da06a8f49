//! Income per month and year, and the CSV for her accountant: the practice's money by date, with
//! client codes only (no name, no diagnosis), on the cash basis an accountant of a solo practice
//! keeps: income is what was received, counted on the day it was received; a reversed payment
//! (a bounced check, a refund) counts on the day of its reversal.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{params, Connection, TransactionBehavior};
use serde::Serialize;
use ts_rs::TS;

use super::{invalid, MoneyError};
use crate::audit::{self, AuditEvent};
use crate::time::iso;
use crate::vault::Session;

/// One month (or a whole year) of the practice's money.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    /// Charges made, less those reversed.
    pub charged_cents: i64,
    /// Charges waived, less waivers reversed.
    pub waived_cents: i64,
    /// Payments received, less payments reversed: the income.
    pub received_cents: i64,
}

impl Totals {
    fn add(&mut self, other: Totals) {
        self.charged_cents += other.charged_cents;
        self.waived_cents += other.waived_cents;
        self.received_cents += other.received_cents;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct YearIncome {
    pub year: i32,
    /// Twelve months, January first.
    pub months: Vec<Totals>,
    /// The sum of the months.
    pub total: Totals,
}

/// A year's income, month by month, in one pass over the year's entries (the date index
/// covers the query).
pub fn year(conn: &Connection, year: i32) -> Result<YearIncome, MoneyError> {
    if !(1900..=9999).contains(&year) {
        return Err(invalid("year", "Give a year."));
    }
    let mut months = vec![Totals::default(); 12];
    let mut stmt = conn.prepare_cached(
        "SELECT CAST(substr(e.on_date, 6, 2) AS INTEGER), coalesce(t.kind, e.kind), sum(e.cents)
         FROM money_entries e LEFT JOIN money_entries t ON e.kind = 'reversal' AND t.id = e.applies_to
         WHERE e.on_date >= ?1 AND e.on_date < ?2
         GROUP BY 1, 2",
    )?;
    let mut rows = stmt.query(params![format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1)])?;
    while let Some(row) = rows.next()? {
        let month: i64 = row.get(0)?;
        let kind: String = row.get(1)?;
        let cents: i64 = row.get(2)?;
        let Some(totals) = usize::try_from(month - 1).ok().and_then(|m| months.get_mut(m)) else { continue };
        match kind.as_str() {
            "charge" => totals.charged_cents += cents,
            "waiver" => totals.waived_cents -= cents,
            "payment" => totals.received_cents -= cents,
            _ => {}
        }
    }
    let mut total = Totals::default();
    for month in &months {
        total.add(*month);
    }
    Ok(YearIncome { year, months, total })
}

/// The years that hold money entries, newest first.
pub fn years(conn: &Connection) -> Result<Vec<i32>, MoneyError> {
    let mut stmt =
        conn.prepare("SELECT DISTINCT CAST(substr(on_date, 1, 4) AS INTEGER) FROM money_entries ORDER BY 1 DESC")?;
    let years = stmt.query_map([], |r| r.get(0))?.collect::<Result<Vec<_>, _>>()?;
    Ok(years)
}

/// The CSV of the payments received (and reversed) from `from` to `to` included: one row each,
/// `date,client,entry,method,amount`, the amount in dollars with its cents (negative for a
/// reversal). Client codes only. Returns the text and its number of rows.
pub fn csv(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<(String, u32), MoneyError> {
    let mut out = String::from("date,client,entry,method,amount\r\n");
    let mut stmt = conn.prepare_cached(
        "SELECT e.on_date, c.code, e.kind, coalesce(e.method, t.method), -e.cents
         FROM money_entries e JOIN clients c ON c.id = e.client_id
             LEFT JOIN money_entries t ON e.kind = 'reversal' AND t.id = e.applies_to
         WHERE e.on_date BETWEEN ?1 AND ?2 AND coalesce(t.kind, e.kind) = 'payment'
         ORDER BY e.on_date, e.id",
    )?;
    let mut rows = stmt.query(params![iso(from), iso(to)])?;
    let mut count = 0;
    while let Some(row) = rows.next()? {
        let (date, code, kind, method, cents): (String, String, String, String, i64) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?);
        let entry = if kind == "reversal" { "payment reversed" } else { "payment" };
        let sign = if cents < 0 { "-" } else { "" };
        let amount = format!("{sign}{}.{:02}", (cents / 100).unsigned_abs(), (cents % 100).unsigned_abs());
        out.push_str(&format!("{date},{code},{entry},{method},{amount}\r\n"));
        count += 1;
    }
    Ok((out, count))
}

/// `confidant-income-2026-01-01-to-2026-12-31.csv`.
pub fn file_name(from: NaiveDate, to: NaiveDate) -> String {
    format!("confidant-income-{}-to-{}.csv", iso(from), iso(to))
}

/// Writes the CSV into `folder` (one she picked) and records it in the audit trail, written
/// before the file and committed after it: no record without the file, no file without the
/// record. Returns the file's name and its number of rows.
pub fn export(
    session: &mut Session,
    folder: &Path,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(String, u32), MoneyError> {
    if to < from {
        return Err(invalid("to", "The last day comes after the first."));
    }
    if !folder.is_dir() {
        return Err(invalid("folder", "Choose a folder to save the file in."));
    }
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (text, rows) = csv(&tx, from, to)?;
    audit::append(&tx, AuditEvent::IncomeExported, &format!("from={} to={} rows={rows}", iso(from), iso(to)))?;
    let name = file_name(from, to);
    let path: PathBuf = folder.join(&name);
    crate::forms::save_as(&path, text.as_bytes()).map_err(crate::error::VaultError::Document)?;
    if let Err(error) = tx.commit() {
        let _ = std::fs::remove_file(&path);
        return Err(error.into());
    }
    Ok((name, rows))
}

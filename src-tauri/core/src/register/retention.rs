//! How long a record is kept, the register of records past retention, and their destruction.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text;
use super::validate::{add_years, years_between};
use super::{iso, parse_date, RegisterError};
use crate::audit::{self, AuditEvent};
use crate::settings;
use crate::vault::Session;

/// How many years records are kept. Stored in the vault's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RetentionPolicy {
    /// Years after the last service (default 7).
    pub years_after_last_service: u32,
    /// For a client who was a minor at her last service: years after her 18th birthday, at
    /// least (default 3).
    pub years_after_majority: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        Self { years_after_last_service: 7, years_after_majority: 3 }
    }
}

pub const RETENTION_YEARS_RANGE: std::ops::RangeInclusive<u32> = 1..=50;
pub const MAJORITY_YEARS_RANGE: std::ops::RangeInclusive<u32> = 0..=50;
const AGE_OF_MAJORITY: u32 = 18;
const ADULT_KEY: &str = "retention_years_after_last_service";
const MINOR_KEY: &str = "retention_years_after_majority";

/// From which day a record may be destroyed: `years_after_last_service` after the last service,
/// and for a client under 18 at her last service, not before `years_after_majority` after her
/// 18th birthday. A 29 February moves to 1 March in common years (never a day early).
pub fn retention_date(date_of_birth: NaiveDate, last_service: NaiveDate, policy: RetentionPolicy) -> NaiveDate {
    let after_service = add_years(last_service, policy.years_after_last_service);
    if years_between(date_of_birth, last_service) >= AGE_OF_MAJORITY {
        return after_service;
    }
    let after_majority = add_years(add_years(date_of_birth, AGE_OF_MAJORITY), policy.years_after_majority);
    after_service.max(after_majority)
}

/// The therapist's retention policy (defaults when never set).
pub fn policy(conn: &Connection) -> Result<RetentionPolicy, RegisterError> {
    let defaults = RetentionPolicy::default();
    let read = |key: &str, default: u32, range: std::ops::RangeInclusive<u32>| -> Result<u32, RegisterError> {
        Ok(settings::get(conn, key)?.and_then(|v| v.parse().ok()).filter(|v| range.contains(v)).unwrap_or(default))
    };
    Ok(RetentionPolicy {
        years_after_last_service: read(ADULT_KEY, defaults.years_after_last_service, RETENTION_YEARS_RANGE)?,
        years_after_majority: read(MINOR_KEY, defaults.years_after_majority, MAJORITY_YEARS_RANGE)?,
    })
}

/// Changes the policy and recomputes the retention date of every discharged client, so that the
/// register of records past retention always follows the policy in force.
pub fn set_policy(session: &mut Session, new: RetentionPolicy) -> Result<RetentionPolicy, RegisterError> {
    if !RETENTION_YEARS_RANGE.contains(&new.years_after_last_service)
        || !MAJORITY_YEARS_RANGE.contains(&new.years_after_majority)
    {
        return Err(RegisterError::NotAllowed(format!(
            "Records can be kept {} to {} years after the last service, and {} to {} years after a minor turns 18.",
            RETENTION_YEARS_RANGE.start(),
            RETENTION_YEARS_RANGE.end(),
            MAJORITY_YEARS_RANGE.start(),
            MAJORITY_YEARS_RANGE.end()
        )));
    }
    let conn = session.conn_mut();
    settings::put(conn, ADULT_KEY, &new.years_after_last_service.to_string())?;
    settings::put(conn, MINOR_KEY, &new.years_after_majority.to_string())?;
    let tx = conn.transaction()?;
    let rows: Vec<(i64, String, Option<String>, Option<String>)> = tx
        .prepare(
            "SELECT id, date_of_birth, last_service_date, discharge_date FROM clients WHERE status = 'discharged'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    {
        let mut update = tx.prepare("UPDATE clients SET retention_date = ?2 WHERE id = ?1")?;
        for (id, dob, last, discharged) in rows {
            let dob = parse_date(&dob).ok().flatten();
            let last = last.or(discharged).and_then(|d| parse_date(&d).ok().flatten());
            if let (Some(dob), Some(last)) = (dob, last) {
                update.execute(params![id, iso(retention_date(dob, last, new))])?;
            }
        }
    }
    tx.commit()?;
    policy(session.conn())
}

/// A record in the register of records past retention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PastRetention {
    pub id: i64,
    pub code: String,
    /// The name, or in discreet mode the alias or initials only.
    pub display_name: String,
    #[ts(type = "string | null")]
    pub discharge_date: Option<NaiveDate>,
    #[ts(type = "string")]
    pub retention_date: NaiveDate,
}

/// Discharged clients whose retention date has come (on or before `today`), oldest first.
pub fn past_retention(
    conn: &Connection,
    today: NaiveDate,
    discreet: bool,
) -> Result<Vec<PastRetention>, RegisterError> {
    let names = if discreet { "'', ''" } else { "legal_name, preferred_name" };
    let sql = format!(
        "SELECT id, code, alias, initials, {names}, discharge_date, retention_date FROM clients
         WHERE status = 'discharged' AND retention_date IS NOT NULL AND retention_date <= ?1
         ORDER BY retention_date, id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([iso(today)], |r| {
        let legal: String = r.get(4)?;
        let display_name = if legal.is_empty() {
            text::discreet_name(&r.get::<_, String>(2)?, &r.get::<_, String>(3)?)
        } else {
            text::full_display_name(&legal, &r.get::<_, String>(5)?)
        };
        let discharge: Option<String> = r.get(6)?;
        let retention: String = r.get(7)?;
        Ok((r.get(0)?, r.get(1)?, display_name, discharge, retention))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, code, display_name, discharge, retention) = row?;
        if let Ok(Some(retention_date)) = parse_date(&retention) {
            let discharge_date = discharge.and_then(|d| parse_date(&d).ok().flatten());
            out.push(PastRetention { id, code, display_name, discharge_date, retention_date });
        }
    }
    Ok(out)
}

/// Destroys a record past retention. `typed_confirmation` must be the client's code (as shown,
/// e.g. `C0042`). Everything of the client goes (every table that refers to a client cascades),
/// the write-ahead log is checkpointed and truncated so no copy lingers there (deleted pages are
/// zeroed: `secure_delete` is on), and the audit trail gains one entry: the code and the date,
/// nothing else. Returns the code.
pub fn destroy(
    session: &mut Session,
    client_id: i64,
    typed_confirmation: &str,
    today: NaiveDate,
) -> Result<String, RegisterError> {
    let client = super::clients::get(session.conn(), client_id)?;
    if !typed_confirmation.trim().eq_ignore_ascii_case(&client.code) {
        return Err(RegisterError::NotAllowed(format!(
            "To destroy this record, type its code exactly: {}.",
            client.code
        )));
    }
    match client.retention_date {
        Some(date) if date <= today && client.status == super::ClientStatus::Discharged => {}
        Some(date) if client.status == super::ClientStatus::Discharged => {
            return Err(RegisterError::NotAllowed(format!(
                "This record must be kept until {}; it cannot be destroyed before then.",
                iso(date)
            )))
        }
        _ => {
            return Err(RegisterError::NotAllowed(
                "Only the record of a discharged client past her retention date can be destroyed.".into(),
            ))
        }
    }
    let tx = session.conn_mut().transaction()?;
    let deleted = tx.execute("DELETE FROM clients WHERE id = ?1", [client_id])?;
    if deleted != 1 {
        return Err(RegisterError::NotFound);
    }
    audit::append(&tx, AuditEvent::RecordDestroyed, &format!("client={} date={}", client.code, iso(today)))?;
    tx.commit()?;
    // Every frame of the log back into the database (where the freed pages are zeroed), then
    // the log file truncated to nothing.
    session.conn().query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0))?;
    Ok(client.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    const DEFAULT: RetentionPolicy = RetentionPolicy { years_after_last_service: 7, years_after_majority: 3 };

    #[test]
    fn an_adult_record_is_kept_seven_years_after_the_last_service() {
        assert_eq!(retention_date(day("1988-06-15"), day("2024-03-10"), DEFAULT), day("2031-03-10"));
    }

    #[test]
    fn a_minor_record_is_kept_at_least_three_years_after_her_eighteenth_birthday() {
        // Last seen at 12: 7 years after the service (2027) is before 18 + 3 (2029).
        assert_eq!(retention_date(day("2008-05-01"), day("2020-09-01"), DEFAULT), day("2029-05-01"));
        assert_eq!(retention_date(day("2010-05-01"), day("2020-09-01"), DEFAULT), day("2031-05-01"));
        // Last seen at 17: seven years after the service is later, so it wins.
        assert_eq!(retention_date(day("2003-01-01"), day("2020-06-01"), DEFAULT), day("2027-06-01"));
    }

    #[test]
    fn a_client_seen_on_her_eighteenth_birthday_is_an_adult() {
        assert_eq!(retention_date(day("2002-04-10"), day("2020-04-10"), DEFAULT), day("2027-04-10"));
    }

    #[test]
    fn the_years_are_configurable() {
        let ten_and_five = RetentionPolicy { years_after_last_service: 10, years_after_majority: 5 };
        assert_eq!(retention_date(day("1980-01-01"), day("2020-02-01"), ten_and_five), day("2030-02-01"));
        assert_eq!(retention_date(day("2015-01-01"), day("2020-02-01"), ten_and_five), day("2038-01-01"));
    }

    #[test]
    fn a_29_february_never_shortens_retention() {
        // Last service on 29 February: 2031 has none, so the record is kept to 1 March.
        assert_eq!(retention_date(day("1990-01-01"), day("2024-02-29"), DEFAULT), day("2031-03-01"));
        // Born on 29 February 2008, last seen at 10: 18th birthday 1 March 2026, plus 3 years.
        assert_eq!(retention_date(day("2008-02-29"), day("2018-06-01"), DEFAULT), day("2029-03-01"));
        // A 29 February that lands on a leap year stays.
        let four = RetentionPolicy { years_after_last_service: 4, years_after_majority: 3 };
        assert_eq!(retention_date(day("1990-01-01"), day("2024-02-29"), four), day("2028-02-29"));
    }
}

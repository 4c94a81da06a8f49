//! How long a record is kept: the policy, the last service it counts from, each client's
//! retention date. Whether a record may be destroyed also depends on legal holds and disclosure
//! records: see [`crate::destruction`].

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text;
use super::validate::{add_years, years_between};
use super::{parse_date, RegisterError};
use crate::audit::{self, AuditEvent};
use crate::error::FieldError;
use crate::settings;
use crate::time::iso;
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
const MAX_REASON: usize = 500;

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

impl RetentionPolicy {
    /// Shorter than the defaults (7 years for adults, 3 after 18 for minors) in either part:
    /// she must give her reason, typically a rule of her state or profession.
    pub fn below_defaults(self) -> bool {
        let defaults = Self::default();
        self.years_after_last_service < defaults.years_after_last_service
            || self.years_after_majority < defaults.years_after_majority
    }
}

/// A change of policy as it would apply: her reason when it goes below the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyChange {
    pub policy: RetentionPolicy,
    #[serde(default)]
    pub reason: String,
}

fn check_policy(change: &PolicyChange) -> Result<(), RegisterError> {
    let new = change.policy;
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
    let reason = change.reason.trim();
    if new.below_defaults() && reason.is_empty() {
        return Err(RegisterError::Invalid(vec![FieldError::new(
            "reason",
            "Keeping records less than 7 years (or 3 years after a minor turns 18) needs your reason: the rule \
             of your state or profession that allows it.",
        )]));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(RegisterError::Invalid(vec![FieldError::new("reason", "Keep the reason under 500 characters.")]));
    }
    Ok(())
}

/// A discharged client whose retention date a change of policy moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RetentionMove {
    pub id: i64,
    pub code: String,
    /// The name, or in discreet mode the alias or initials only.
    pub display_name: String,
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
}

/// Whose retention date a change of policy would move, and to when; nothing is written.
pub fn preview_policy(
    conn: &Connection,
    change: &PolicyChange,
    discreet: bool,
) -> Result<Vec<RetentionMove>, RegisterError> {
    check_policy(change)?;
    let mut moves = Vec::new();
    for basis in discharged(conn)? {
        let (Some(from), Some(to)) = (basis.stored, basis.date_under(change.policy)) else { continue };
        if from != to {
            let display_name = display_name(conn, basis.id, discreet)?;
            moves.push(RetentionMove { id: basis.id, code: basis.code, display_name, from, to });
        }
    }
    moves.sort_by_key(|m| (m.to, m.id));
    Ok(moves)
}

/// Her name as lists show it; in discreet mode the name columns are not even read.
fn display_name(conn: &Connection, id: i64, discreet: bool) -> Result<String, RegisterError> {
    let names = if discreet { "'', ''" } else { "legal_name, preferred_name" };
    let sql = format!("SELECT alias, initials, {names} FROM clients WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], |r| {
        let legal: String = r.get(2)?;
        Ok(if legal.is_empty() {
            text::discreet_name(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?)
        } else {
            text::full_display_name(&legal, &r.get::<_, String>(3)?)
        })
    })?)
}

/// Changes the policy and recomputes the retention date of every discharged client, so that the
/// register of records past retention always follows the policy in force. Audited, with her
/// reason when it goes below the defaults.
pub fn set_policy(session: &mut Session, change: &PolicyChange) -> Result<RetentionPolicy, RegisterError> {
    check_policy(change)?;
    let new = change.policy;
    let tx = session.conn_mut().transaction()?;
    for (key, value) in [(ADULT_KEY, new.years_after_last_service), (MINOR_KEY, new.years_after_majority)] {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value.to_string()],
        )?;
    }
    let mut detail = format!(
        "years_after_last_service={} years_after_majority={}",
        new.years_after_last_service, new.years_after_majority
    );
    if new.below_defaults() {
        detail.push_str(&format!(" below_defaults_because={}", change.reason.trim()));
    }
    audit::append(&tx, AuditEvent::RetentionPolicyChanged, &detail)?;
    for basis in discharged(&tx)? {
        refresh(&tx, basis.id)?;
    }
    tx.commit()?;
    policy(session.conn())
}

/// What a discharged client's retention date rests on.
struct RetentionBasis {
    id: i64,
    code: String,
    date_of_birth: Option<NaiveDate>,
    last_service: Option<NaiveDate>,
    stored: Option<NaiveDate>,
}

impl RetentionBasis {
    fn date_under(&self, policy: RetentionPolicy) -> Option<NaiveDate> {
        Some(retention_date(self.date_of_birth?, self.last_service?, policy))
    }
}

/// The last service: the later of her last attended session and a date set by hand (a call or
/// a letter after it, a record from before Confidant); the discharge date when neither exists.
/// A date set by hand never shortens retention.
pub fn last_service(
    last_attended: Option<NaiveDate>,
    set_by_hand: Option<NaiveDate>,
    discharged: Option<NaiveDate>,
) -> Option<NaiveDate> {
    last_attended.max(set_by_hand).or(discharged)
}

const BASIS_SQL: &str = "SELECT id, code, date_of_birth, last_attended_on, last_service_date, discharge_date,
    retention_date FROM clients WHERE status = 'discharged'";

fn read_basis(row: &rusqlite::Row<'_>) -> rusqlite::Result<RetentionBasis> {
    let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
        Ok(row.get::<_, Option<String>>(i)?.and_then(|d| parse_date(&d).ok().flatten()))
    };
    Ok(RetentionBasis {
        id: row.get(0)?,
        code: row.get(1)?,
        date_of_birth: date(2)?,
        last_service: last_service(date(3)?, date(4)?, date(5)?),
        stored: date(6)?,
    })
}

fn discharged(conn: &Connection) -> Result<Vec<RetentionBasis>, RegisterError> {
    let mut stmt = conn.prepare_cached(BASIS_SQL)?;
    let rows = stmt.query_map([], read_basis)?.collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Recomputes one client's retention date from her record under the policy in force: none
/// unless she is discharged. Call in the transaction that changed what it rests on.
pub(crate) fn refresh(conn: &Connection, client_id: i64) -> Result<(), RegisterError> {
    let basis =
        conn.prepare_cached(&format!("{BASIS_SQL} AND id = ?1"))?.query_row([client_id], read_basis).optional()?;
    let date = match basis {
        Some(basis) => basis.date_under(policy(conn)?),
        None => None,
    };
    conn.execute("UPDATE clients SET retention_date = ?2 WHERE id = ?1", params![client_id, date.map(iso)])?;
    Ok(())
}

/// Keeps her last attended session on the client (the sessions call this whenever attendance
/// changes), and her retention date with it.
pub fn set_last_attended(conn: &Connection, client_id: i64, last: Option<NaiveDate>) -> Result<(), RegisterError> {
    conn.execute("UPDATE clients SET last_attended_on = ?2 WHERE id = ?1", params![client_id, last.map(iso)])?;
    refresh(conn, client_id)
}

/// Discharged clients whose retention date has come (on or before `today`), oldest first.
pub fn due_by(conn: &Connection, today: NaiveDate) -> Result<Vec<(i64, NaiveDate)>, RegisterError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, retention_date FROM clients
         WHERE status = 'discharged' AND retention_date IS NOT NULL AND retention_date <= ?1
         ORDER BY retention_date, id",
    )?;
    let rows: Vec<(i64, String)> =
        stmt.query_map([iso(today)], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    Ok(rows.into_iter().filter_map(|(id, date)| parse_date(&date).ok().flatten().map(|d| (id, d))).collect())
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

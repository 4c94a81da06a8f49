//! What HIPAA keeps six years from its creation or the date it was last in effect, whichever is
//! later (45 CFR 164.530(j), 164.508(b)(6), 164.528(d)): a client's authorizations, her accounting
//! requests and the disclosure ledger's entries about her. A record is not destroyed before every
//! one of them is that old.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::DisclosureError;
use crate::register::validate::add_years;
use crate::time::parse_day;

/// How long each of these papers is kept.
pub const YEARS_KEPT: u32 = 6;

/// One kind of paper that keeps a record, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeptPaper {
    /// "Disclosure ledger entries", "Authorizations", "Accounting requests".
    pub what: String,
    /// The day from which they no longer keep the record; `None` while one is still in effect
    /// with no known end (an authorization whose expiry event has not been recorded).
    #[ts(type = "string | null")]
    pub until: Option<NaiveDate>,
}

/// The first ten characters of a stored date or time, as a day.
fn day_of(value: &str) -> Option<NaiveDate> {
    parse_day(value.get(..10).unwrap_or(value))
}

/// For each kind of paper a client has, the day from which the latest of them is more than six
/// years past its last effect. A kind she has none of is not listed. Only the dates of the
/// papers themselves count (disclosed, requested, provided, signed, ended), never when a row was
/// typed in, so the answer is the same whatever day she recorded them.
pub fn kept_papers(conn: &Connection, client_id: i64) -> Result<Vec<KeptPaper>, DisclosureError> {
    let mut kept = Vec::new();
    let ledger: Option<String> = conn.query_row(
        "SELECT max(substr(disclosed_at, 1, 10)) FROM disclosure_ledger WHERE client_id = ?1",
        [client_id],
        |r| r.get(0),
    )?;
    if let Some(last) = ledger.as_deref().and_then(day_of) {
        kept.push(KeptPaper { what: "Disclosure ledger entries".into(), until: Some(add_years(last, YEARS_KEPT)) });
    }
    let requests: Option<String> = conn.query_row(
        "SELECT max(max(requested_on, coalesce(extended_on, ''), coalesce(provided_on, '')))
         FROM accounting_requests WHERE client_id = ?1",
        [client_id],
        |r| r.get(0),
    )?;
    if let Some(last) = requests.as_deref().and_then(day_of) {
        kept.push(KeptPaper { what: "Accounting requests".into(), until: Some(add_years(last, YEARS_KEPT)) });
    }
    if let Some(until) = authorizations_until(conn, client_id)? {
        kept.push(KeptPaper { what: "Authorizations".into(), until });
    }
    Ok(kept)
}

/// When it was made (effective or signed, the later), whether signed, revoked, event, expiry.
type AuthorizationDates = (String, bool, Option<String>, Option<String>, Option<String>);

/// `None`: she has no authorization. `Some(None)`: one is still in effect with no known end.
fn authorizations_until(conn: &Connection, client_id: i64) -> Result<Option<Option<NaiveDate>>, DisclosureError> {
    let mut stmt = conn.prepare_cached(
        "SELECT max(effective_on, coalesce(signed_on, '')), signed_on IS NOT NULL, revoked_on, event_occurred_on,
             expires_on
         FROM authorizations WHERE client_id = ?1",
    )?;
    let rows: Vec<AuthorizationDates> = stmt
        .query_map([client_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<Result<_, _>>()?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut latest: Option<NaiveDate> = None;
    for (made, signed, revoked, event, expires) in rows {
        let made = day_of(&made);
        // In effect until the first of its ends; a signed one with no end recorded is in effect still.
        let ended = [revoked, event, expires].into_iter().flatten().filter_map(|d| day_of(&d)).min();
        let last_effect = match (signed, ended) {
            (false, _) => made,
            (true, Some(end)) => made.max(Some(end)),
            (true, None) => return Ok(Some(None)),
        };
        latest = latest.max(last_effect);
    }
    Ok(Some(latest.map(|d| add_years(d, YEARS_KEPT))))
}

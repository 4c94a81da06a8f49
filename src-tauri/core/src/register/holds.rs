//! Legal holds (docs/DOMAIN.md section 2): a subpoena, a complaint, a lawsuit or her own reason keeps
//! a client's record from being destroyed until she lifts the hold. Placing and lifting are both
//! audited; a hold is lifted once and never deleted while the client is in the register.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{parse_date, RegisterError};
use crate::audit::{self, AuditEvent};
use crate::error::FieldError;
use crate::time::{iso, now_utc};
use crate::vault::Session;

/// Longest reason she types.
const MAX_TEXT: usize = 2_000;

/// Why a record is on hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HoldReason {
    Subpoena,
    /// A complaint to her licensing board or another body.
    Complaint,
    Lawsuit,
    Other,
}

impl HoldReason {
    fn as_str(self) -> &'static str {
        match self {
            Self::Subpoena => "subpoena",
            Self::Complaint => "complaint",
            Self::Lawsuit => "lawsuit",
            Self::Other => "other",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "subpoena" => Self::Subpoena,
            "complaint" => Self::Complaint,
            "lawsuit" => Self::Lawsuit,
            _ => Self::Other,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Subpoena => "Subpoena",
            Self::Complaint => "Complaint",
            Self::Lawsuit => "Lawsuit",
            Self::Other => "Her own reason",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LegalHold {
    pub id: i64,
    pub client_id: i64,
    pub reason: HoldReason,
    pub detail: String,
    /// The subpoena that placed it, if one did.
    pub subpoena_id: Option<i64>,
    pub placed_on: String,
    pub lifted_on: Option<String>,
    pub lift_reason: String,
}

/// What she types to place a hold.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HoldInput {
    pub client_id: i64,
    pub reason: HoldReason,
    pub detail: String,
}

fn read(row: &Row<'_>) -> rusqlite::Result<LegalHold> {
    Ok(LegalHold {
        id: row.get(0)?,
        client_id: row.get(1)?,
        reason: HoldReason::parse(&row.get::<_, String>(2)?),
        detail: row.get(3)?,
        subpoena_id: row.get(4)?,
        placed_on: row.get(5)?,
        lifted_on: row.get(6)?,
        lift_reason: row.get(7)?,
    })
}

const COLUMNS: &str = "id, client_id, reason, detail, subpoena_id, placed_on, lifted_on, lift_reason";

/// A client's holds, those in force first, newest first.
pub fn list(conn: &Connection, client_id: i64) -> Result<Vec<LegalHold>, RegisterError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM legal_holds WHERE client_id = ?1 ORDER BY lifted_on IS NOT NULL, placed_on DESC, id DESC"
    ))?;
    let holds = stmt.query_map([client_id], read)?.collect::<Result<_, _>>()?;
    Ok(holds)
}

/// Whether any hold keeps this record (one indexed lookup).
pub fn on_hold(conn: &Connection, client_id: i64) -> Result<bool, RegisterError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM legal_holds WHERE client_id = ?1 AND lifted_on IS NULL LIMIT 1")?
        .query_row([client_id], |_| Ok(()))
        .optional()?
        .is_some())
}

fn invalid(field: &str, message: &str) -> RegisterError {
    RegisterError::Invalid(vec![FieldError::new(field, message)])
}

/// Places a hold on `today`. Call inside the caller's transaction when something else is
/// recorded with it (a subpoena); returns the hold's id.
pub(crate) fn place_in(
    conn: &Connection,
    input: &HoldInput,
    subpoena_id: Option<i64>,
    today: NaiveDate,
) -> Result<i64, RegisterError> {
    let detail = input.detail.trim();
    if detail.chars().count() > MAX_TEXT {
        return Err(invalid("detail", "Keep this under 2,000 characters."));
    }
    if input.reason == HoldReason::Other && detail.is_empty() {
        return Err(invalid("detail", "Write the reason for the hold."));
    }
    super::clients::get(conn, input.client_id)?;
    conn.execute(
        "INSERT INTO legal_holds (client_id, reason, detail, subpoena_id, placed_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![input.client_id, input.reason.as_str(), detail, subpoena_id, iso(today), now_utc()],
    )?;
    let id = conn.last_insert_rowid();
    let detail = format!("client={} hold={id} reason={}", input.client_id, input.reason.as_str());
    audit::append(conn, AuditEvent::LegalHoldPlaced, &detail)?;
    Ok(id)
}

/// Places a hold on a client's record from today.
pub fn place(session: &mut Session, input: &HoldInput, today: NaiveDate) -> Result<LegalHold, RegisterError> {
    let tx = session.conn_mut().transaction()?;
    let id = place_in(&tx, input, None, today)?;
    tx.commit()?;
    get(session.conn(), id)
}

fn get(conn: &Connection, id: i64) -> Result<LegalHold, RegisterError> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM legal_holds WHERE id = ?1"), [id], read)
        .optional()?
        .ok_or(RegisterError::NotFound)
}

/// Lifts a hold on `today`, with her reason (the subpoena was withdrawn, the case closed).
pub fn lift(session: &mut Session, id: i64, reason: &str, today: NaiveDate) -> Result<LegalHold, RegisterError> {
    let hold = get(session.conn(), id)?;
    if hold.lifted_on.is_some() {
        return Err(invalid("reason", "This hold was already lifted."));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(invalid("reason", "Write why the hold ends (for example, the case was closed on …)."));
    }
    if reason.chars().count() > MAX_TEXT {
        return Err(invalid("reason", "Keep this under 2,000 characters."));
    }
    if parse_date(&hold.placed_on).ok().flatten().is_some_and(|placed| today < placed) {
        return Err(invalid("reason", "A hold cannot be lifted before the day it was placed."));
    }
    let tx = session.conn_mut().transaction()?;
    tx.execute(
        "UPDATE legal_holds SET lifted_on = ?2, lift_reason = ?3 WHERE id = ?1 AND lifted_on IS NULL",
        params![id, iso(today), reason],
    )?;
    audit::append(&tx, AuditEvent::LegalHoldLifted, &format!("client={} hold={id}", hold.client_id))?;
    tx.commit()?;
    get(session.conn(), id)
}

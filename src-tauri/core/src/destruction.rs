//! The register of records past retention, and their destruction (docs/DOMAIN.md section 2).
//!
//! A record may be destroyed only when all of these hold: she is discharged and her retention
//! date has come ([`register::retention`]); no legal hold keeps it ([`register::holds`]); and every
//! authorization, accounting request and ledger entry about her is more than six years past its
//! last effect ([`disclosure::kept`]). This module sits above the register and the disclosure
//! records and composes them; neither knows about the other.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::audit::{self, AuditEvent};
use crate::disclosure::{self, kept};
use crate::register::{self, holds, ClientStatus, RegisterError};
use crate::vault::Session;

/// Something that keeps a record from being destroyed yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Blocker {
    /// "Legal hold (subpoena)", "Disclosure ledger entries", "Retention date".
    pub what: String,
    /// Until when; `None` until she acts (lifts the hold, records the end of an authorization).
    #[ts(type = "string | null")]
    pub until: Option<NaiveDate>,
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
    /// From when it may be destroyed (today or earlier: now); `None` while a hold or an
    /// authorization still in effect keeps it with no known end.
    #[ts(type = "string | null")]
    pub destroyable_from: Option<NaiveDate>,
    /// What keeps it today; empty when it may be destroyed now.
    pub blockers: Vec<Blocker>,
}

fn invalid(error: disclosure::DisclosureError) -> RegisterError {
    match error {
        disclosure::DisclosureError::Vault(vault) => RegisterError::Vault(vault),
        other => RegisterError::NotAllowed(other.to_string()),
    }
}

/// Everything that keeps a discharged client's record on `today`, and from when it may go.
fn assess(
    conn: &Connection,
    client_id: i64,
    retention_date: NaiveDate,
    today: NaiveDate,
) -> Result<(Vec<Blocker>, Option<NaiveDate>), RegisterError> {
    let mut keeping = vec![Blocker { what: "Retention date".into(), until: Some(retention_date) }];
    for hold in holds::list(conn, client_id)?.into_iter().filter(|h| h.lifted_on.is_none()) {
        keeping.push(Blocker { what: format!("Legal hold ({})", hold.reason.label().to_lowercase()), until: None });
    }
    for paper in kept::kept_papers(conn, client_id).map_err(invalid)? {
        keeping.push(Blocker { what: paper.what, until: paper.until });
    }
    let from = keeping.iter().map(|b| b.until).collect::<Option<Vec<_>>>().and_then(|d| d.into_iter().max());
    keeping.retain(|b| b.until.is_none_or(|until| until > today));
    Ok((keeping, from))
}

/// Discharged clients whose retention date has come (on or before `today`), oldest first, each
/// with from when it may be destroyed and, if not yet, why not.
pub fn past_retention(
    conn: &Connection,
    today: NaiveDate,
    discreet: bool,
) -> Result<Vec<PastRetention>, RegisterError> {
    let mut out = Vec::new();
    for (id, retention_date) in register::retention::due_by(conn, today)? {
        let summary = register::summary(conn, id, discreet, today)?;
        let client = register::get(conn, id)?;
        let (blockers, destroyable_from) = assess(conn, id, retention_date, today)?;
        out.push(PastRetention {
            id,
            code: summary.code,
            display_name: summary.display_name,
            discharge_date: client.discharge_date,
            retention_date,
            destroyable_from,
            blockers,
        });
    }
    Ok(out)
}

/// Destroys a record. `typed_confirmation` must be the client's code (as shown, e.g. `C0042`).
/// Everything of the client goes (every table that refers to a client cascades; her ledger
/// entries keep only their hashes, so the chain still verifies), the write-ahead log is
/// checkpointed and truncated so no copy lingers there (deleted pages are zeroed:
/// `secure_delete` is on), and the audit trail gains one entry: the code and the date, nothing
/// else. Returns the code.
pub fn destroy(
    session: &mut Session,
    client_id: i64,
    typed_confirmation: &str,
    today: NaiveDate,
) -> Result<String, RegisterError> {
    // Destroying deletes her notes, which custodian mode never does (docs/DOMAIN.md section 13).
    session.refuse_custodian("destroy records")?;
    let client = register::get(session.conn(), client_id)?;
    if !typed_confirmation.trim().eq_ignore_ascii_case(&client.code) {
        return Err(RegisterError::NotAllowed(format!(
            "To destroy this record, type its code exactly: {}.",
            client.code
        )));
    }
    let retention_date = match client.retention_date {
        Some(date) if client.status == ClientStatus::Discharged => date,
        _ => {
            return Err(RegisterError::NotAllowed(
                "Only the record of a discharged client past her retention date can be destroyed.".into(),
            ))
        }
    };
    let (blockers, from) = assess(session.conn(), client_id, retention_date, today)?;
    if !blockers.is_empty() {
        let why = blockers.iter().map(|b| b.what.to_lowercase()).collect::<Vec<_>>().join(", ");
        let when = match from {
            Some(day) => format!("It can be destroyed from {}.", day.format("%B %-d, %Y")),
            None => "It can be destroyed once the hold is lifted and every authorization's end is recorded.".into(),
        };
        return Err(RegisterError::NotAllowed(format!("This record must be kept for now ({why}). {when}")));
    }
    let tx = session.conn_mut().transaction()?;
    let deleted = tx.execute("DELETE FROM clients WHERE id = ?1", [client_id])?;
    if deleted != 1 {
        return Err(RegisterError::NotFound);
    }
    audit::append(
        &tx,
        AuditEvent::RecordDestroyed,
        &format!("client={} date={}", client.code, today.format("%Y-%m-%d")),
    )?;
    tx.commit()?;
    // Every frame of the log back into the database (where the freed pages are zeroed), then
    // the log file truncated to nothing.
    session.conn().query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0))?;
    Ok(client.code)
}

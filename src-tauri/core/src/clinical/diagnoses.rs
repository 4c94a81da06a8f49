//! A client's diagnoses. An entry is never edited: a change (status, dates, primary) is a new
//! entry that replaces it, so the history shows what was recorded when. A client has at most
//! one current primary diagnosis; making another one primary records the old one again as
//! secondary (the vault refuses two, see migration 13).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{codes, invalid, refuse_if_any, require_client, ClinicalError};
use crate::error::FieldError;
use crate::register::text::fold;
use crate::time::{iso, now_utc, parse_day};
use crate::vault::Session;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosisStatus {
    /// Suspected; to be confirmed.
    Provisional,
    /// The working diagnosis treatment is based on.
    Working,
    Resolved,
    /// Considered and excluded.
    RuledOut,
}

impl DiagnosisStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Provisional => "provisional",
            Self::Working => "working",
            Self::Resolved => "resolved",
            Self::RuledOut => "ruled_out",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "provisional" => Self::Provisional,
            "resolved" => Self::Resolved,
            "ruled_out" => Self::RuledOut,
            _ => Self::Working,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Provisional => "Provisional",
            Self::Working => "Working",
            Self::Resolved => "Resolved",
            Self::RuledOut => "Ruled out",
        }
    }

    /// Provisional or working: treatment goes by it, it has no end date, it may be primary.
    pub fn active(self) -> bool {
        matches!(self, Self::Provisional | Self::Working)
    }
}

/// A diagnosis to record.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewDiagnosis {
    pub client_id: i64,
    /// From the list or one of her own codes.
    pub code: String,
    pub status: DiagnosisStatus,
    /// `YYYY-MM-DD`: since when.
    pub from_on: String,
    /// `YYYY-MM-DD`: until when, for a resolved or ruled-out one (today when left empty).
    pub to_on: Option<String>,
    pub primary: bool,
}

/// A change to a current diagnosis, recorded as a new entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosisChange {
    pub status: DiagnosisStatus,
    pub from_on: String,
    pub to_on: Option<String>,
    pub primary: bool,
}

/// One recorded entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    pub id: i64,
    pub client_id: i64,
    pub code: String,
    pub label: String,
    /// A code of her own, not from the ICD-10-CM list.
    pub custom: bool,
    pub status: DiagnosisStatus,
    pub primary: bool,
    pub from_on: String,
    pub to_on: Option<String>,
    /// The entry this one replaced.
    pub replaces: Option<i64>,
    /// The entry that replaced this one; none for a current entry.
    pub replaced_by: Option<i64>,
    /// When it was recorded (RFC 3339, UTC).
    pub recorded_at: String,
}

impl Diagnosis {
    /// `F53.0 Postpartum depression`.
    pub fn line(&self) -> String {
        format!("{} {}", self.code, self.label)
    }
}

const COLUMNS: &str = "d.id, d.client_id, d.code, d.label, d.status, d.is_primary, d.from_on, d.to_on, d.replaces,
    (SELECT r.id FROM diagnoses r WHERE r.replaces = d.id), d.recorded_at";

fn read(row: &Row<'_>) -> rusqlite::Result<Diagnosis> {
    let code: String = row.get(2)?;
    Ok(Diagnosis {
        id: row.get(0)?,
        client_id: row.get(1)?,
        custom: codes::shipped_label(&code).is_none(),
        code,
        label: row.get(3)?,
        status: DiagnosisStatus::parse(&row.get::<_, String>(4)?),
        primary: row.get(5)?,
        from_on: row.get(6)?,
        to_on: row.get(7)?,
        replaces: row.get(8)?,
        replaced_by: row.get(9)?,
        recorded_at: row.get(10)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Diagnosis, ClinicalError> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM diagnoses d WHERE d.id = ?1"), [id], read)
        .optional()?
        .ok_or(ClinicalError::NotFound("That diagnosis is not in the vault."))
}

/// Her current diagnoses: the primary first, then the active ones, then the resolved and ruled
/// out, each by date.
pub fn current(conn: &Connection, client_id: i64) -> Result<Vec<Diagnosis>, ClinicalError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM diagnoses d
         WHERE d.client_id = ?1 AND NOT EXISTS (SELECT 1 FROM diagnoses r WHERE r.replaces = d.id)
         ORDER BY d.is_primary DESC, d.status IN ('resolved', 'ruled_out'), d.from_on, d.id"
    ))?;
    let rows = stmt.query_map([client_id], read)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every entry ever recorded for her, newest first.
pub fn history(conn: &Connection, client_id: i64) -> Result<Vec<Diagnosis>, ClinicalError> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM diagnoses d WHERE d.client_id = ?1 ORDER BY d.id DESC"))?;
    let rows = stmt.query_map([client_id], read)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The checked dates and flag of an entry.
struct Terms {
    status: DiagnosisStatus,
    from_on: String,
    to_on: Option<String>,
    primary: bool,
}

fn check(
    status: DiagnosisStatus,
    from_on: &str,
    to_on: Option<&str>,
    primary: bool,
    today: NaiveDate,
) -> Result<Terms, ClinicalError> {
    let mut problems = Vec::new();
    let from = parse_day(from_on);
    match from {
        None => problems.push(FieldError::new("fromOn", "Give the date it applies from.")),
        Some(d) if d > today => problems.push(FieldError::new("fromOn", "That date is in the future.")),
        _ => {}
    }
    let to = match to_on.map(str::trim).filter(|t| !t.is_empty()) {
        None if status.active() => None,
        // Resolved or ruled out today, unless she says when.
        None => Some(today),
        Some(_) if status.active() => {
            problems.push(FieldError::new(
                "toOn",
                "A provisional or working diagnosis has no end date: mark it resolved or ruled out to end it.",
            ));
            None
        }
        Some(t) => match parse_day(t) {
            None => {
                problems.push(FieldError::new("toOn", "That end date is not a date."));
                None
            }
            Some(d) if d > today => {
                problems.push(FieldError::new("toOn", "That end date is in the future."));
                None
            }
            Some(d) if from.is_some_and(|f| d < f) => {
                problems.push(FieldError::new("toOn", "It cannot end before it began."));
                None
            }
            Some(d) => Some(d),
        },
    };
    if primary && !status.active() {
        problems.push(FieldError::new("primary", "Only a provisional or working diagnosis can be the primary one."));
    }
    refuse_if_any(problems)?;
    Ok(Terms { status, from_on: from.map(iso).unwrap_or_default(), to_on: to.map(iso), primary })
}

/// Records a diagnosis. Refused: an unknown code, a code she already has as a current
/// diagnosis (change that one instead), dates that do not fit the status.
pub fn record(session: &mut Session, new: &NewDiagnosis, today: NaiveDate) -> Result<Diagnosis, ClinicalError> {
    require_client(session.conn(), new.client_id)?;
    let Some((label, _)) = codes::label_of(session.conn(), &new.code)? else {
        return invalid("code", "Choose a code from the list, or add your own code with its label first.");
    };
    let code = codes::normalise(&new.code).unwrap_or_default();
    let terms = check(new.status, &new.from_on, new.to_on.as_deref(), new.primary, today)?;
    if current(session.conn(), new.client_id)?.iter().any(|d| d.code == code) {
        return invalid("code", format!("{code} is already on her record: change that entry instead."));
    }
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    if terms.primary {
        demote_primary(&tx, new.client_id, None)?;
    }
    let id = insert(&tx, new.client_id, &code, &label, &terms, None)?;
    tx.commit()?;
    get(session.conn(), id)
}

/// Records a change to a current diagnosis as a new entry replacing it.
pub fn change(
    session: &mut Session,
    id: i64,
    change: &DiagnosisChange,
    today: NaiveDate,
) -> Result<Diagnosis, ClinicalError> {
    let old = get(session.conn(), id)?;
    if old.replaced_by.is_some() {
        return invalid("id", "This entry was changed since: change the current one.");
    }
    let terms = check(change.status, &change.from_on, change.to_on.as_deref(), change.primary, today)?;
    if terms.status == old.status
        && terms.from_on == old.from_on
        && terms.to_on == old.to_on
        && terms.primary == old.primary
    {
        return invalid("status", "Nothing changed.");
    }
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    if terms.primary && !old.primary {
        demote_primary(&tx, old.client_id, Some(old.id))?;
    }
    let new_id = insert(&tx, old.client_id, &old.code, &old.label, &terms, Some(old.id))?;
    tx.commit()?;
    get(session.conn(), new_id)
}

/// Records the current primary diagnosis (other than `except`) again as secondary.
fn demote_primary(tx: &Transaction<'_>, client_id: i64, except: Option<i64>) -> Result<(), ClinicalError> {
    let primary = current(tx, client_id)?.into_iter().find(|d| d.primary && Some(d.id) != except);
    if let Some(p) = primary {
        let terms = Terms { status: p.status, from_on: p.from_on.clone(), to_on: p.to_on.clone(), primary: false };
        insert(tx, client_id, &p.code, &p.label, &terms, Some(p.id))?;
    }
    Ok(())
}

fn insert(
    tx: &Transaction<'_>,
    client_id: i64,
    code: &str,
    label: &str,
    terms: &Terms,
    replaces: Option<i64>,
) -> Result<i64, ClinicalError> {
    tx.execute(
        "INSERT INTO diagnoses (client_id, code, label, status, is_primary, from_on, to_on, replaces, recorded_at,
             search_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            client_id,
            code,
            label,
            terms.status.as_str(),
            terms.primary,
            terms.from_on,
            terms.to_on,
            replaces,
            now_utc(),
            fold(&format!("{code} {} {label}", code.replace('.', "")))
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

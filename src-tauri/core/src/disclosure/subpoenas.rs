//! Subpoenas and discovery requests without a court order (docs/DOMAIN.md section 4): they release
//! nothing by themselves. Recording one puts the client's record on legal hold and lists the next
//! steps; each step she takes is recorded (append-only), and her response closes it. A court order
//! or the client's authorization that follows releases through the gate like any other.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{DisclosureError, Problems};
use crate::audit::{self, AuditEvent};
use crate::register::holds::{self, HoldInput, HoldReason};
use crate::register::{self, LegalHold};
use crate::time::{now_utc, parse_day};
use crate::vault::Session;

const MAX_TEXT: usize = 2_000;
const MAX_SHORT: usize = 200;
/// A deadline this close (or past) makes the reminder on Today urgent.
pub const URGENT_WITHIN_DAYS: i64 = 7;

/// What she copies from the subpoena she received.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SubpoenaInput {
    pub client_id: i64,
    /// `YYYY-MM-DD`.
    pub received_on: String,
    /// Who served it: the attorney or party, with their contact details.
    pub served_by: String,
    pub court: String,
    pub case_number: String,
    /// `YYYY-MM-DD`: the date it asks for the records or testimony.
    pub deadline: Option<String>,
    /// What it asks for, in her words.
    pub asks_for: String,
}

/// The steps after a subpoena, in the order they usually come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SubpoenaStep {
    /// The client (or her lawyer) was told of the subpoena.
    ClientTold,
    /// She was asked whether she authorizes the release.
    AuthorizationAsked,
    /// The therapist-client privilege was asserted.
    PrivilegeAsserted,
    /// A written objection was sent.
    Objected,
    /// What she finally did: closes the subpoena.
    Response,
}

impl SubpoenaStep {
    const ALL: [SubpoenaStep; 5] = [
        SubpoenaStep::ClientTold,
        SubpoenaStep::AuthorizationAsked,
        SubpoenaStep::PrivilegeAsserted,
        SubpoenaStep::Objected,
        SubpoenaStep::Response,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::ClientTold => "client_told",
            Self::AuthorizationAsked => "authorization_asked",
            Self::PrivilegeAsserted => "privilege_asserted",
            Self::Objected => "objected",
            Self::Response => "response",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// What to do, as the checklist says it.
    pub fn advice(self) -> &'static str {
        match self {
            Self::ClientTold => "Tell her (or her lawyer) that you received it, and what it asks for.",
            Self::AuthorizationAsked => {
                "Ask whether she authorizes the release. If she does, record her signed authorization and release \
                 under it, only what it names."
            }
            Self::PrivilegeAsserted => {
                "If she does not, assert the therapist-client privilege in writing before the deadline (your \
                 lawyer or your liability insurer's risk line can help)."
            }
            Self::Objected => "Or send a written objection to the party who served it, before the deadline.",
            Self::Response => {
                "Record what you did in the end (withdrawn, objection upheld, released under her authorization or a \
                 court order). Lift the hold once the case is over."
            }
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ClientTold => "Client told",
            Self::AuthorizationAsked => "Authorization asked",
            Self::PrivilegeAsserted => "Privilege asserted",
            Self::Objected => "Objection sent",
            Self::Response => "Response",
        }
    }
}

/// One step as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepDone {
    pub step: SubpoenaStep,
    pub done_on: String,
    pub note: String,
}

/// A line of the checklist: what to do, and when it was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NextStep {
    pub step: SubpoenaStep,
    pub label: String,
    pub advice: String,
    pub done_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Subpoena {
    pub id: i64,
    pub client_id: i64,
    pub received_on: String,
    pub served_by: String,
    pub court: String,
    pub case_number: String,
    pub deadline: Option<String>,
    pub asks_for: String,
    /// Every step recorded, oldest first.
    pub steps: Vec<StepDone>,
    /// The checklist, each step with the day it was first done.
    pub checklist: Vec<NextStep>,
    /// Open until her response is recorded.
    pub open: bool,
    /// Days from today to the deadline (negative once past), while open.
    pub days_left: Option<i64>,
    /// The hold it placed on her record, as it stands.
    pub hold: Option<LegalHold>,
}

fn problem(field: &str, message: &str) -> DisclosureError {
    let mut p = Problems::default();
    p.add(field, message);
    p.finish().expect_err("one problem")
}

/// A day she records: valid and not in the future.
fn past_day(field: &str, value: &str, today: NaiveDate, problems: &mut Problems) -> Option<NaiveDate> {
    match parse_day(value) {
        None => {
            problems.add(field, "Give the date.");
            None
        }
        Some(day) if day > today => {
            problems.add(field, "That date is in the future.");
            None
        }
        Some(day) => Some(day),
    }
}

/// Records a subpoena received and puts the client's record on legal hold, in one transaction.
pub fn record(session: &mut Session, input: &SubpoenaInput, today: NaiveDate) -> Result<Subpoena, DisclosureError> {
    let mut problems = Problems::default();
    let received = past_day("receivedOn", &input.received_on, today, &mut problems);
    if input.served_by.trim().is_empty() {
        problems.add("servedBy", "Name who served it (the attorney or party).");
    }
    let deadline = input.deadline.as_deref().map(str::trim).filter(|d| !d.is_empty());
    match (deadline.map(parse_day), received) {
        (Some(None), _) => problems.add("deadline", "That deadline is not a date."),
        (Some(Some(d)), Some(r)) if d < r => problems.add("deadline", "The deadline is before the day it arrived."),
        _ => {}
    }
    for (field, value, max) in [
        ("servedBy", &input.served_by, MAX_TEXT),
        ("court", &input.court, MAX_SHORT),
        ("caseNumber", &input.case_number, MAX_SHORT),
        ("asksFor", &input.asks_for, MAX_TEXT),
    ] {
        problems.limit(field, value, max);
    }
    problems.finish()?;
    let received = received.expect("checked above");
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    register::get(&tx, input.client_id)?;
    tx.execute(
        "INSERT INTO subpoenas (client_id, received_on, served_by, court, case_number, deadline, asks_for, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            input.client_id,
            received.to_string(),
            input.served_by.trim(),
            input.court.trim(),
            input.case_number.trim(),
            deadline,
            input.asks_for.trim(),
            now_utc()
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit::append(&tx, AuditEvent::SubpoenaRecorded, &format!("client={} subpoena={id}", input.client_id))?;
    let hold = HoldInput { client_id: input.client_id, reason: HoldReason::Subpoena, detail: hold_detail(input) };
    holds::place_in(&tx, &hold, Some(id), today)?;
    tx.commit()?;
    get(session.conn(), id, today)
}

/// "Case 24-CV-118, Boone County Circuit Court".
fn hold_detail(input: &SubpoenaInput) -> String {
    let case = input.case_number.trim();
    let case = if case.is_empty() { String::new() } else { format!("Case {case}") };
    [case.as_str(), input.court.trim()].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(", ")
}

/// What she records for a step.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepInput {
    pub subpoena_id: i64,
    pub step: SubpoenaStep,
    /// `YYYY-MM-DD`.
    pub done_on: String,
    pub note: String,
}

/// Records a step; the response closes the subpoena, after which nothing more is recorded.
pub fn record_step(session: &mut Session, input: &StepInput, today: NaiveDate) -> Result<Subpoena, DisclosureError> {
    let current = get(session.conn(), input.subpoena_id, today)?;
    if !current.open {
        return Err(problem("step", "Your response to this subpoena is recorded: it is closed."));
    }
    let mut problems = Problems::default();
    let day = past_day("doneOn", &input.done_on, today, &mut problems);
    if day.is_some_and(|d| parse_day(&current.received_on).is_some_and(|r| d < r)) {
        problems.add("doneOn", "That is before the subpoena arrived.");
    }
    if input.step == SubpoenaStep::Response && input.note.trim().is_empty() {
        problems.add("note", "Write what you did (for example, objection sent and the subpoena withdrawn).");
    }
    problems.limit("note", &input.note, MAX_TEXT);
    problems.finish()?;
    let day = day.expect("checked above");
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO subpoena_steps (subpoena_id, step, done_on, note, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![input.subpoena_id, input.step.as_str(), day.to_string(), input.note.trim(), now_utc()],
    )?;
    let detail = format!("client={} subpoena={} step={}", current.client_id, current.id, input.step.as_str());
    audit::append(&tx, AuditEvent::SubpoenaStepRecorded, &detail)?;
    tx.commit()?;
    get(session.conn(), input.subpoena_id, today)
}

const COLUMNS: &str = "id, client_id, received_on, served_by, court, case_number, deadline, asks_for";

fn read(row: &Row<'_>) -> rusqlite::Result<Subpoena> {
    Ok(Subpoena {
        id: row.get(0)?,
        client_id: row.get(1)?,
        received_on: row.get(2)?,
        served_by: row.get(3)?,
        court: row.get(4)?,
        case_number: row.get(5)?,
        deadline: row.get(6)?,
        asks_for: row.get(7)?,
        steps: Vec::new(),
        checklist: Vec::new(),
        open: true,
        days_left: None,
        hold: None,
    })
}

/// Fills in the steps, the checklist, the deadline and the hold.
fn complete(conn: &Connection, mut subpoena: Subpoena, today: NaiveDate) -> Result<Subpoena, DisclosureError> {
    let mut stmt =
        conn.prepare_cached("SELECT step, done_on, note FROM subpoena_steps WHERE subpoena_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([subpoena.id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?;
    for row in rows {
        let (step, done_on, note) = row?;
        if let Some(step) = SubpoenaStep::parse(&step) {
            subpoena.steps.push(StepDone { step, done_on, note });
        }
    }
    subpoena.open = !subpoena.steps.iter().any(|s| s.step == SubpoenaStep::Response);
    subpoena.checklist = SubpoenaStep::ALL
        .into_iter()
        .map(|step| NextStep {
            step,
            label: step.label().to_owned(),
            advice: step.advice().to_owned(),
            done_on: subpoena.steps.iter().find(|s| s.step == step).map(|s| s.done_on.clone()),
        })
        .collect();
    subpoena.days_left = subpoena
        .deadline
        .as_deref()
        .and_then(parse_day)
        .filter(|_| subpoena.open)
        .map(|deadline| (deadline - today).num_days());
    subpoena.hold = holds::list(conn, subpoena.client_id)?.into_iter().find(|h| h.subpoena_id == Some(subpoena.id));
    Ok(subpoena)
}

pub fn get(conn: &Connection, id: i64, today: NaiveDate) -> Result<Subpoena, DisclosureError> {
    let subpoena = conn
        .query_row(&format!("SELECT {COLUMNS} FROM subpoenas WHERE id = ?1"), [id], read)
        .optional()?
        .ok_or(DisclosureError::NotFound("That subpoena is not in the vault."))?;
    complete(conn, subpoena, today)
}

/// A client's subpoenas, open ones first, newest first.
pub fn list(conn: &Connection, client_id: i64, today: NaiveDate) -> Result<Vec<Subpoena>, DisclosureError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM subpoenas WHERE client_id = ?1 ORDER BY received_on DESC, id DESC"
    ))?;
    let rows: Vec<Subpoena> = stmt.query_map([client_id], read)?.collect::<Result<_, _>>()?;
    let mut all = rows.into_iter().map(|s| complete(conn, s, today)).collect::<Result<Vec<_>, _>>()?;
    all.sort_by_key(|s| !s.open);
    Ok(all)
}

/// Every open subpoena in the vault, soonest deadline first (for Today).
pub fn open(conn: &Connection, today: NaiveDate) -> Result<Vec<Subpoena>, DisclosureError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM subpoenas s WHERE NOT EXISTS
             (SELECT 1 FROM subpoena_steps t WHERE t.subpoena_id = s.id AND t.step = 'response')
         ORDER BY deadline IS NULL, deadline, id"
    ))?;
    let rows: Vec<Subpoena> = stmt.query_map([], read)?.collect::<Result<_, _>>()?;
    rows.into_iter().map(|s| complete(conn, s, today)).collect()
}

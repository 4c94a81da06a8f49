//! The goals of a client's plan as they stand (the newest version's wording, the status her
//! last review gave each), and the goals a progress note worked on: a checklist in the note
//! editor, fixed once the note is signed. Only progress notes point at goals: a psychotherapy
//! note stays apart from the record (docs/DOMAIN.md section 4).

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::plans::{self, TreatmentPlan};
use super::{invalid, ClinicalError};
use crate::vault::Session;

/// Where a goal stands after her last review.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    #[default]
    Open,
    Met,
    /// Worded differently from now on (in the next version of the plan).
    Changed,
    Dropped,
}

impl GoalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Met => "met",
            Self::Changed => "changed",
            Self::Dropped => "dropped",
        }
    }

    pub(crate) fn parse(value: &str) -> Self {
        match value {
            "met" => Self::Met,
            "changed" => Self::Changed,
            "dropped" => Self::Dropped,
            _ => Self::Open,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::Met => "Met",
            Self::Changed => "Changed",
            Self::Dropped => "Dropped",
        }
    }

    /// Met or dropped: no longer worked on.
    pub fn closed(self) -> bool {
        matches!(self, Self::Met | Self::Dropped)
    }
}

/// A goal of her current plan, as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Goal {
    pub id: i64,
    pub goal: String,
    pub objectives: String,
    pub target_on: Option<String>,
    pub status: GoalStatus,
    /// What her last review said of it.
    pub last_progress: Option<String>,
    /// The day of that review.
    pub reviewed_on: Option<String>,
    /// Progress notes that worked on it.
    pub notes: u32,
}

/// The goals of her newest plan version, in its order, each with its last review and how many
/// progress notes worked on it.
pub fn current(conn: &Connection, client_id: i64) -> Result<Vec<Goal>, ClinicalError> {
    match plans::latest(conn, client_id)? {
        Some(plan) => of_plan(conn, plan),
        None => Ok(Vec::new()),
    }
}

/// The goals of this version of her plan, as they stand.
pub(crate) fn of_plan(conn: &Connection, plan: TreatmentPlan) -> Result<Vec<Goal>, ClinicalError> {
    let client_id = plan.client_id;
    let mut last: HashMap<i64, (GoalStatus, String, String)> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT g.goal_id, g.status, g.progress, r.reviewed_on FROM plan_review_goals g
         JOIN plan_reviews r ON r.id = g.review_id
         WHERE r.client_id = ?1 ORDER BY r.reviewed_on, r.id",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok((r.get::<_, i64>(0)?, GoalStatus::parse(&r.get::<_, String>(1)?), r.get(2)?, r.get(3)?))
    })?;
    for row in rows {
        let (goal, status, progress, on) = row?;
        last.insert(goal, (status, progress, on));
    }
    let mut counts = conn.prepare_cached("SELECT count(*) FROM note_goals WHERE goal_id = ?1")?;
    plan.goals
        .into_iter()
        .map(|g| {
            let reviewed = last.remove(&g.goal_id);
            Ok(Goal {
                id: g.goal_id,
                goal: g.goal,
                objectives: g.objectives,
                target_on: g.target_on,
                status: reviewed.as_ref().map(|r| r.0).unwrap_or_default(),
                last_progress: reviewed.as_ref().map(|r| r.1.clone()),
                reviewed_on: reviewed.map(|r| r.2),
                notes: counts.query_row([g.goal_id], |r| r.get(0))?,
            })
        })
        .collect()
}

/// What the note editor's checklist shows: her plan's goals and the ones this note worked on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoteGoals {
    pub goals: Vec<Goal>,
    /// The goals this note worked on (goals of older versions of her plan included).
    pub linked: Vec<i64>,
    /// A draft progress note can change its goals; a signed one, or another kind, cannot.
    pub editable: bool,
    /// Why not, when it cannot.
    pub reason: Option<String>,
}

/// The client of a note of the record, its kind and whether it is signed; none for a
/// psychotherapy note or no note.
fn note(conn: &Connection, note_id: i64) -> Result<Option<(i64, String, bool)>, ClinicalError> {
    Ok(conn
        .query_row("SELECT client_id, kind, signed_at IS NOT NULL FROM notes WHERE id = ?1", [note_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?)
}

const PSYCHOTHERAPY_NOTE: &str =
    "A psychotherapy note stays apart from the record: the plan's goals are linked from progress notes.";

/// The checklist for a note.
pub fn of_note(conn: &Connection, note_id: i64) -> Result<NoteGoals, ClinicalError> {
    let Some((client_id, kind, signed)) = note(conn, note_id)? else {
        let protected: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM psychotherapy_notes WHERE id = ?1)", [note_id], |r| r.get(0))?;
        if protected {
            return Ok(NoteGoals {
                goals: Vec::new(),
                linked: Vec::new(),
                editable: false,
                reason: Some(PSYCHOTHERAPY_NOTE.into()),
            });
        }
        return Err(ClinicalError::NotFound("That note is not in the vault."));
    };
    let mut stmt = conn.prepare_cached("SELECT goal_id FROM note_goals WHERE note_id = ?1 ORDER BY goal_id")?;
    let linked = stmt.query_map([note_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let reason = if kind != "progress" {
        Some("Only progress notes point at the plan's goals.".to_owned())
    } else if signed {
        Some("The note is signed: the goals it worked on are part of it.".to_owned())
    } else {
        None
    };
    Ok(NoteGoals { goals: current(conn, client_id)?, linked, editable: reason.is_none(), reason })
}

/// Sets the goals a draft progress note worked on. Refused: a psychotherapy note, another kind
/// of note, a signed note, a goal that is not this client's.
pub fn set_for_note(session: &mut Session, note_id: i64, goal_ids: &[i64]) -> Result<NoteGoals, ClinicalError> {
    let Some((client_id, kind, signed)) = note(session.conn(), note_id)? else {
        let known = of_note(session.conn(), note_id)?;
        return invalid("noteId", known.reason.unwrap_or_default());
    };
    if kind != "progress" {
        return invalid("noteId", "Only progress notes point at the plan's goals.");
    }
    if signed {
        return invalid("noteId", "This note is signed and can no longer be changed. Add an addendum instead.");
    }
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    for goal in goal_ids {
        let hers: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM plan_goals WHERE id = ?1 AND client_id = ?2)",
            params![goal, client_id],
            |r| r.get(0),
        )?;
        if !hers {
            return invalid("goalIds", "That goal is not in her plan.");
        }
    }
    tx.execute("DELETE FROM note_goals WHERE note_id = ?1", [note_id])?;
    for goal in goal_ids {
        tx.execute("INSERT OR IGNORE INTO note_goals (note_id, goal_id) VALUES (?1, ?2)", params![note_id, goal])?;
    }
    tx.commit()?;
    of_note(session.conn(), note_id)
}

//! Reviews of a treatment plan: a dated entry with how each goal is going (open, met, changed
//! or dropped), what changes, and the next review date (by default the plan's interval after
//! this review). Reviews are never changed or deleted (migration 13).

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::goals::GoalStatus;
use super::plans::{self, TreatmentPlan};
use super::{invalid, refuse_if_any, require_client, text, ClinicalError};
use crate::error::FieldError;
use crate::time::{iso, now_utc, parse_day};
use crate::vault::Session;

/// How one goal is going, as she reviews it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoalReview {
    pub goal_id: i64,
    pub progress: String,
    pub status: GoalStatus,
}

/// A review she records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PlanReviewInput {
    pub client_id: i64,
    /// `YYYY-MM-DD`.
    pub reviewed_on: String,
    /// Every goal of the current plan that is not met or dropped yet.
    pub goals: Vec<GoalReview>,
    /// What changes in the plan, if anything.
    pub changes: String,
    /// `YYYY-MM-DD`; the plan's interval after this review when left empty.
    pub next_review_on: Option<String>,
}

/// A recorded review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanReview {
    pub id: i64,
    pub plan_id: i64,
    /// The version of the plan reviewed.
    pub plan_version: u32,
    pub reviewed_on: String,
    pub goals: Vec<GoalReview>,
    pub changes: String,
    pub next_review_on: String,
}

/// When the plan is next to be reviewed: the date its last review set, or its interval after
/// the day this version was written.
pub fn next_review(conn: &Connection, plan: &TreatmentPlan) -> Result<NaiveDate, ClinicalError> {
    let set: Option<String> = conn
        .query_row(
            "SELECT next_review_on FROM plan_reviews WHERE client_id = ?1 AND plan_id = ?2
             ORDER BY reviewed_on DESC, id DESC LIMIT 1",
            params![plan.client_id, plan.id],
            |r| r.get(0),
        )
        .optional()?;
    let written = parse_day(&plan.written_on).unwrap_or_default();
    Ok(set.as_deref().and_then(parse_day).unwrap_or(written + Duration::days(i64::from(plan.review_every_days))))
}

/// Her plan's reviews, newest first.
pub fn reviews(conn: &Connection, client_id: i64) -> Result<Vec<PlanReview>, ClinicalError> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.plan_id, p.version, r.reviewed_on, r.changes, r.next_review_on
         FROM plan_reviews r JOIN treatment_plans p ON p.id = r.plan_id
         WHERE r.client_id = ?1 ORDER BY r.reviewed_on DESC, r.id DESC",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok(PlanReview {
            id: r.get(0)?,
            plan_id: r.get(1)?,
            plan_version: r.get(2)?,
            reviewed_on: r.get(3)?,
            goals: Vec::new(),
            changes: r.get(4)?,
            next_review_on: r.get(5)?,
        })
    })?;
    let mut reviews: Vec<PlanReview> = rows.collect::<Result<_, _>>()?;
    let mut goals = conn.prepare_cached(
        "SELECT g.goal_id, g.progress, g.status FROM plan_review_goals g
         JOIN plan_goal_texts t ON t.goal_id = g.goal_id AND t.plan_id = ?2
         WHERE g.review_id = ?1 ORDER BY t.position",
    )?;
    for review in &mut reviews {
        let rows = goals.query_map(params![review.id, review.plan_id], |r| {
            Ok(GoalReview {
                goal_id: r.get(0)?,
                progress: r.get(1)?,
                status: GoalStatus::parse(&r.get::<_, String>(2)?),
            })
        })?;
        review.goals = rows.collect::<Result<_, _>>()?;
    }
    Ok(reviews)
}

/// Records a review of her current plan. Refused: no plan, a date before the plan or in the
/// future, a goal missing or not in the plan, no word on a goal's progress, a next review date
/// not after this one.
pub fn record(session: &mut Session, input: &PlanReviewInput, today: NaiveDate) -> Result<PlanReview, ClinicalError> {
    require_client(session.conn(), input.client_id)?;
    let Some(plan) = plans::latest(session.conn(), input.client_id)? else {
        return invalid("clientId", "She has no treatment plan to review yet.");
    };
    let standing = super::goals::current(session.conn(), input.client_id)?;
    let mut problems = Vec::new();
    let reviewed = parse_day(&input.reviewed_on);
    match reviewed {
        None => problems.push(FieldError::new("reviewedOn", "Give the date of the review.")),
        Some(d) if d > today => problems.push(FieldError::new("reviewedOn", "That date is in the future.")),
        Some(d) if parse_day(&plan.written_on).is_some_and(|w| d < w) => {
            problems.push(FieldError::new("reviewedOn", "That is before this version of the plan was written."))
        }
        _ => {}
    }
    let mut goals = Vec::with_capacity(input.goals.len());
    for (i, g) in input.goals.iter().enumerate() {
        if !plan.goals.iter().any(|p| p.goal_id == g.goal_id) || input.goals[..i].iter().any(|o| o.goal_id == g.goal_id)
        {
            problems.push(FieldError::new(format!("goals.{i}.goalId"), "That goal is not in her current plan."));
        }
        let progress =
            text(&format!("goals.{i}.progress"), &g.progress, Some("Write how this goal is going."), &mut problems);
        goals.push(GoalReview { goal_id: g.goal_id, progress, status: g.status });
    }
    for goal in standing.iter().filter(|g| !g.status.closed()) {
        if !input.goals.iter().any(|g| g.goal_id == goal.id) {
            problems.push(FieldError::new("goals", "Say how each open goal of the plan is going."));
            break;
        }
    }
    let changes = text("changes", &input.changes, None, &mut problems);
    let next = match input.next_review_on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => reviewed.map(|d| d + Duration::days(i64::from(plan.review_every_days))),
        Some(d) => match parse_day(d) {
            Some(next) if reviewed.is_some_and(|r| next <= r) => {
                problems.push(FieldError::new("nextReviewOn", "The next review comes after this one."));
                None
            }
            Some(next) => Some(next),
            None => {
                problems.push(FieldError::new("nextReviewOn", "That is not a date."));
                None
            }
        },
    };
    refuse_if_any(problems)?;
    let (Some(reviewed), Some(next)) = (reviewed, next) else {
        return invalid("reviewedOn", "Give the date of the review.");
    };
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO plan_reviews (client_id, plan_id, reviewed_on, changes, next_review_on, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![input.client_id, plan.id, iso(reviewed), changes, iso(next), now_utc()],
    )?;
    let id = tx.last_insert_rowid();
    for g in &goals {
        tx.execute(
            "INSERT INTO plan_review_goals (review_id, goal_id, progress, status) VALUES (?1, ?2, ?3, ?4)",
            params![id, g.goal_id, g.progress, g.status.as_str()],
        )?;
    }
    tx.commit()?;
    reviews(session.conn(), input.client_id)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(ClinicalError::NotFound("That review is not in the vault."))
}

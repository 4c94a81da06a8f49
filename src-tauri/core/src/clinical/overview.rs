//! The clinical record as the pages see it: the client page's panel, Today's reminders (plan
//! reviews due, plans never written), and search over diagnoses and plans.

use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::diagnoses::{self, Diagnosis};
use super::goals::{self, Goal};
use super::plans::{self, TreatmentPlan};
use super::reviews::{self, PlanReview};
use super::{require_client, ClinicalError};
use crate::register::text::fold;
use crate::register::{self, ClientSummary};
use crate::time::{iso, short_date};

/// A plan is listed on Today from this many days before its review is due.
pub const REVIEW_NOTICE_DAYS: i64 = 7;
/// A plan is expected once an active client has attended this many sessions.
pub const PLAN_AFTER_SESSIONS: u32 = 3;

/// One version of her plan, as the panel lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanVersion {
    pub id: i64,
    pub version: u32,
    pub written_on: String,
    pub signed_on: Option<String>,
}

/// The clinical panel of a client page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClinicalOverview {
    /// Current diagnoses: the primary first, then active, then resolved and ruled out.
    pub diagnoses: Vec<Diagnosis>,
    /// Entries replaced by a later one (the history she can open).
    pub replaced_entries: u32,
    /// The newest version of her plan.
    pub plan: Option<TreatmentPlan>,
    pub versions: Vec<PlanVersion>,
    pub goals: Vec<Goal>,
    pub reviews: Vec<PlanReview>,
    pub next_review_on: Option<String>,
    /// The next review is today or past.
    pub review_due: bool,
    pub attended_sessions: u32,
    /// An active client, three sessions or more, and no plan yet.
    pub plan_missing: bool,
}

pub fn overview(conn: &Connection, client_id: i64, today: NaiveDate) -> Result<ClinicalOverview, ClinicalError> {
    require_client(conn, client_id)?;
    let diagnoses = diagnoses::current(conn, client_id)?;
    let replaced_entries: u32 = conn.query_row(
        "SELECT count(*) FROM diagnoses WHERE client_id = ?1 AND replaces IS NOT NULL",
        [client_id],
        |r| r.get(0),
    )?;
    let plan = plans::latest(conn, client_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, version, written_on, signed_on FROM treatment_plans WHERE client_id = ?1 ORDER BY version DESC",
    )?;
    let versions = stmt
        .query_map([client_id], |r| {
            Ok(PlanVersion { id: r.get(0)?, version: r.get(1)?, written_on: r.get(2)?, signed_on: r.get(3)? })
        })?
        .collect::<Result<_, _>>()?;
    let next = plan.as_ref().map(|p| reviews::next_review(conn, p)).transpose()?;
    let (status, attended): (String, u32) = conn.query_row(
        "SELECT status, (SELECT count(*) FROM sessions WHERE client_id = ?1 AND attendance = 'attended')
         FROM clients WHERE id = ?1",
        [client_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(ClinicalOverview {
        diagnoses,
        replaced_entries,
        goals: plan.clone().map(|p| goals::of_plan(conn, p)).transpose()?.unwrap_or_default(),
        reviews: reviews::reviews(conn, client_id)?,
        next_review_on: next.map(iso),
        review_due: next.is_some_and(|d| d <= today),
        plan_missing: plan.is_none() && status == "active" && attended >= PLAN_AFTER_SESSIONS,
        attended_sessions: attended,
        plan,
        versions,
    })
}

/// Something Today reminds her of about a client's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanReminder {
    pub client_id: i64,
    /// "Treatment plan review due 2 Mar 2026", "No treatment plan yet (4 sessions attended)".
    pub what: String,
    /// The review date has passed.
    pub overdue: bool,
}

/// For active clients: plan reviews due within [`REVIEW_NOTICE_DAYS`] or past (overdue first),
/// then plans never written after [`PLAN_AFTER_SESSIONS`] attended sessions.
pub fn reminders(conn: &Connection, today: NaiveDate) -> Result<Vec<PlanReminder>, ClinicalError> {
    let mut stmt = conn.prepare_cached(
        "WITH newest AS (
             SELECT p.id, p.client_id, p.written_on, p.review_every_days FROM treatment_plans p
             JOIN clients c ON c.id = p.client_id
             WHERE c.status = 'active'
               AND p.version = (SELECT max(version) FROM treatment_plans q WHERE q.client_id = p.client_id)
         ), due AS (
             SELECT n.client_id, coalesce(
                 (SELECT r.next_review_on FROM plan_reviews r WHERE r.client_id = n.client_id AND r.plan_id = n.id
                  ORDER BY r.reviewed_on DESC, r.id DESC LIMIT 1),
                 date(n.written_on, '+' || n.review_every_days || ' days')) AS due_on
             FROM newest n
         )
         SELECT client_id, due_on FROM due WHERE due_on <= ?1 ORDER BY due_on, client_id",
    )?;
    let soon = iso(today + Duration::days(REVIEW_NOTICE_DAYS));
    let due: Vec<(i64, String)> = stmt.query_map([soon], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    let mut out: Vec<PlanReminder> = due
        .into_iter()
        .map(|(client_id, due_on)| {
            let day = crate::time::parse_day(&due_on).unwrap_or(today);
            let overdue = day < today;
            let when = if overdue { "was due" } else { "due" };
            PlanReminder { client_id, what: format!("Treatment plan review {when} {}", short_date(day)), overdue }
        })
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, (SELECT count(*) FROM sessions s WHERE s.client_id = c.id AND s.attendance = 'attended') AS n
         FROM clients c
         WHERE c.status = 'active' AND NOT EXISTS (SELECT 1 FROM treatment_plans p WHERE p.client_id = c.id)
           AND n >= ?1
         ORDER BY c.id",
    )?;
    let missing = stmt.query_map([PLAN_AFTER_SESSIONS], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?)))?;
    for row in missing {
        let (client_id, sessions) = row?;
        out.push(PlanReminder {
            client_id,
            what: format!("No treatment plan yet ({sessions} sessions attended)"),
            overdue: false,
        });
    }
    Ok(out)
}

/// A diagnosis or plan matching a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClinicalHit {
    pub client: ClientSummary,
    /// "Diagnosis" or "Treatment plan".
    pub what: String,
    /// "F53.0 Postpartum depression (working)", or the part of the plan that matched.
    pub line: String,
}

/// The most hits a search returns.
pub const MAX_HITS: usize = 20;

/// Current diagnoses (by code or words) and the newest plans (by their text) holding every word
/// she typed, case and accents ignored.
pub fn search(
    conn: &Connection,
    text: &str,
    discreet: bool,
    today: NaiveDate,
) -> Result<Vec<ClinicalHit>, ClinicalError> {
    let words: Vec<String> =
        fold(text).split(' ').filter(|w| w.chars().count() >= 2).take(8).map(str::to_owned).collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let holds =
        |column: &str| -> String { (1..=words.len()).map(|i| format!(" AND instr({column}, ?{i}) > 0")).collect() };
    let diagnoses_sql = format!(
        "SELECT d.id FROM diagnoses d WHERE NOT EXISTS (SELECT 1 FROM diagnoses r WHERE r.replaces = d.id)
         {} ORDER BY d.client_id, d.id LIMIT {MAX_HITS}",
        holds("d.search_key")
    );
    let plans_sql = format!(
        "SELECT p.id FROM treatment_plans p
         WHERE p.version = (SELECT max(version) FROM treatment_plans q WHERE q.client_id = p.client_id)
         {} ORDER BY p.client_id LIMIT {MAX_HITS}",
        holds("p.search_key")
    );
    let ids = |sql: &str| -> Result<Vec<i64>, ClinicalError> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(&words), |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    let mut hits = Vec::new();
    for id in ids(&diagnoses_sql)? {
        let d = diagnoses::get(conn, id)?;
        hits.push(ClinicalHit {
            client: register::summary(conn, d.client_id, discreet, today).map_err(register_error)?,
            what: "Diagnosis".into(),
            line: format!("{} ({})", d.line(), d.status.label().to_lowercase()),
        });
    }
    for id in ids(&plans_sql)? {
        let plan = plans::get(conn, id)?;
        let parts = std::iter::once(plan.presenting_problems.as_str())
            .chain(plan.goals.iter().flat_map(|g| [g.goal.as_str(), g.objectives.as_str()]))
            .chain([plan.interventions.as_str(), plan.modality.as_str(), plan.frequency.as_str()]);
        let matched = parts
            .clone()
            .find(|part| {
                let folded = fold(part);
                words.iter().any(|w| folded.contains(w.as_str()))
            })
            .unwrap_or(&plan.presenting_problems);
        hits.push(ClinicalHit {
            client: register::summary(conn, plan.client_id, discreet, today).map_err(register_error)?,
            what: format!("Treatment plan, version {}", plan.version),
            line: excerpt(matched),
        });
    }
    hits.truncate(MAX_HITS);
    Ok(hits)
}

fn register_error(error: register::RegisterError) -> ClinicalError {
    match error {
        register::RegisterError::Vault(vault) => ClinicalError::Vault(vault),
        _ => ClinicalError::NotFound("That client is not in the register."),
    }
}

/// At most about 160 characters of a part of the plan, cut at a word.
fn excerpt(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= 160 {
        return line;
    }
    let cut: String = line.chars().take(160).collect();
    format!("{}…", cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head))
}

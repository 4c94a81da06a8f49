//! Treatment plans: presenting problems, goals with measurable objectives and target dates,
//! interventions, modality, frequency, the measures tracked and how often the plan is reviewed.
//!
//! A plan is kept in versions. The newest version can be corrected until the client signs it;
//! from then on it is what she signed (the vault refuses a change, see migration 13) and a
//! change is written as the next version. A goal keeps one identity across versions, so reviews
//! and progress notes that point at it stay with it when its wording changes. The plan prints on
//! the treatment plan form (`assets/forms/treatment-plan.txt`) through the private spool; her
//! signature is recorded like a consent's: the date, who signed, the form's version, and the
//! plan's content hash, printed on the paper as its reference.

use std::path::PathBuf;

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{diagnoses, invalid, refuse_if_any, require_client, reviews, text, ClinicalError};
use crate::audit::{self, AuditEvent};
use crate::consent::signatures::SignedBy;
use crate::consent::{self, templates, Extra, FormKind};
use crate::error::FieldError;
use crate::forms::{content_hash, Span};
use crate::measures::MeasureKind;
use crate::register::text::fold;
use crate::time::{iso, long_date, long_date_of, now_utc, parse_day};
use crate::vault::Session;

/// How often a plan is reviewed unless she says otherwise (docs/DOMAIN.md section 10).
pub const REVIEW_EVERY_DAYS: u32 = 90;
/// The most goals one plan holds.
const MAX_GOALS: usize = 12;

/// One goal as she writes it in a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct GoalInput {
    /// The goal's identity in earlier versions; none for a new goal.
    pub goal_id: Option<i64>,
    /// The goal in her (and the client's) words.
    pub goal: String,
    /// What will show it is reached: measurable objectives.
    pub objectives: String,
    /// `YYYY-MM-DD`.
    pub target_on: Option<String>,
}

/// What she writes for a plan (a new version, or corrections to the unsigned newest one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PlanInput {
    pub client_id: i64,
    /// `YYYY-MM-DD`.
    pub written_on: String,
    pub presenting_problems: String,
    pub goals: Vec<GoalInput>,
    pub interventions: String,
    /// Individual, couple, family, group; in person or online; as she words it.
    pub modality: String,
    /// "Weekly for 12 weeks, then every other week".
    pub frequency: String,
    pub measures: Vec<MeasureKind>,
    /// Days between reviews (7 to 365; 90 when left at 0).
    pub review_every_days: u32,
}

/// A goal as one version of the plan words it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanGoal {
    pub goal_id: i64,
    pub goal: String,
    pub objectives: String,
    pub target_on: Option<String>,
}

/// One version of a client's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TreatmentPlan {
    pub id: i64,
    pub client_id: i64,
    pub version: u32,
    pub written_on: String,
    pub presenting_problems: String,
    pub goals: Vec<PlanGoal>,
    pub interventions: String,
    pub modality: String,
    pub frequency: String,
    pub measures: Vec<MeasureKind>,
    pub review_every_days: u32,
    pub signed_on: Option<String>,
    pub signed_by: Option<SignedBy>,
    /// The version of the treatment plan form she recorded as signed.
    pub form_version: Option<u32>,
    /// Eight hex digits over the plan's content, printed on the paper as its reference.
    pub content_hash: String,
}

impl TreatmentPlan {
    /// `version 2 of March 2, 2026 (ref. 1a2b3c4d)`.
    pub fn reference(&self) -> String {
        format!("version {} of {} (ref. {})", self.version, long_date_of(&self.written_on), self.content_hash)
    }
}

const COLUMNS: &str = "p.id, p.client_id, p.version, p.written_on, p.presenting_problems, p.interventions, p.modality,
    p.frequency, p.measures, p.review_every_days, p.signed_on, p.signed_by, t.version, p.content_hash";

fn read(row: &Row<'_>) -> rusqlite::Result<TreatmentPlan> {
    Ok(TreatmentPlan {
        id: row.get(0)?,
        client_id: row.get(1)?,
        version: row.get(2)?,
        written_on: row.get(3)?,
        presenting_problems: row.get(4)?,
        goals: Vec::new(),
        interventions: row.get(5)?,
        modality: row.get(6)?,
        frequency: row.get(7)?,
        measures: row.get::<_, String>(8)?.split(' ').filter_map(MeasureKind::parse).collect(),
        review_every_days: row.get(9)?,
        signed_on: row.get(10)?,
        signed_by: row.get::<_, Option<String>>(11)?.map(|s| SignedBy::parse(&s)),
        form_version: row.get(12)?,
        content_hash: row.get(13)?,
    })
}

fn with_goals(conn: &Connection, mut plan: TreatmentPlan) -> Result<TreatmentPlan, ClinicalError> {
    let mut stmt = conn.prepare_cached(
        "SELECT goal_id, goal, objectives, target_on FROM plan_goal_texts WHERE plan_id = ?1 ORDER BY position",
    )?;
    let goals = stmt.query_map([plan.id], |r| {
        Ok(PlanGoal { goal_id: r.get(0)?, goal: r.get(1)?, objectives: r.get(2)?, target_on: r.get(3)? })
    })?;
    plan.goals = goals.collect::<Result<_, _>>()?;
    Ok(plan)
}

pub fn get(conn: &Connection, id: i64) -> Result<TreatmentPlan, ClinicalError> {
    let plan = conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM treatment_plans p LEFT JOIN form_templates t ON t.id = p.template_id
                 WHERE p.id = ?1"
            ),
            [id],
            read,
        )
        .optional()?
        .ok_or(ClinicalError::NotFound("That treatment plan is not in the vault."))?;
    with_goals(conn, plan)
}

/// The newest version of her plan, if she has one.
pub fn latest(conn: &Connection, client_id: i64) -> Result<Option<TreatmentPlan>, ClinicalError> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM treatment_plans WHERE client_id = ?1 ORDER BY version DESC LIMIT 1",
            [client_id],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| get(conn, id)).transpose()
}

/// Every version of her plan, newest first.
pub fn versions(conn: &Connection, client_id: i64) -> Result<Vec<TreatmentPlan>, ClinicalError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM treatment_plans p LEFT JOIN form_templates t ON t.id = p.template_id
         WHERE p.client_id = ?1 ORDER BY p.version DESC"
    ))?;
    let plans: Vec<TreatmentPlan> = stmt.query_map([client_id], read)?.collect::<Result<_, _>>()?;
    plans.into_iter().map(|p| with_goals(conn, p)).collect()
}

/// The plan as checked, ready to write.
struct Checked {
    written_on: String,
    presenting_problems: String,
    goals: Vec<GoalInput>,
    interventions: String,
    modality: String,
    frequency: String,
    measures: Vec<MeasureKind>,
    review_every_days: u32,
}

fn check(conn: &Connection, input: &PlanInput, today: NaiveDate) -> Result<Checked, ClinicalError> {
    let mut problems = Vec::new();
    let written = parse_day(&input.written_on);
    match written {
        None => problems.push(FieldError::new("writtenOn", "Give the date the plan was written.")),
        Some(d) if d > today => problems.push(FieldError::new("writtenOn", "That date is in the future.")),
        _ => {}
    }
    let presenting_problems = text(
        "presentingProblems",
        &input.presenting_problems,
        Some("Write what brings her to therapy."),
        &mut problems,
    );
    let interventions =
        text("interventions", &input.interventions, Some("Write the interventions and approach."), &mut problems);
    let modality = text("modality", &input.modality, None, &mut problems);
    let frequency = text("frequency", &input.frequency, Some("Write how often you will meet."), &mut problems);
    if input.goals.is_empty() {
        problems.push(FieldError::new("goals", "Write at least one goal."));
    }
    if input.goals.len() > MAX_GOALS {
        problems.push(FieldError::new("goals", "A plan holds at most 12 goals."));
    }
    let mut goals = Vec::with_capacity(input.goals.len());
    for (i, goal) in input.goals.iter().enumerate() {
        let field = |part: &str| format!("goals.{i}.{part}");
        let target_on = match goal.target_on.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(t) => match parse_day(t) {
                Some(d) if written.is_some_and(|w| d < w) => {
                    problems
                        .push(FieldError::new(field("targetOn"), "The target date is before the plan was written."));
                    None
                }
                Some(d) => Some(iso(d)),
                None => {
                    problems.push(FieldError::new(field("targetOn"), "That target date is not a date."));
                    None
                }
            },
        };
        if let Some(id) = goal.goal_id {
            let hers: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM plan_goals WHERE id = ?1 AND client_id = ?2)",
                params![id, input.client_id],
                |r| r.get(0),
            )?;
            if !hers || input.goals[..i].iter().any(|g| g.goal_id == Some(id)) {
                problems.push(FieldError::new(field("goal"), "That goal is not one of her plan's."));
            }
        }
        goals.push(GoalInput {
            goal_id: goal.goal_id,
            goal: text(&field("goal"), &goal.goal, Some("Write the goal in her words."), &mut problems),
            objectives: text(
                &field("objectives"),
                &goal.objectives,
                Some("Write what will show the goal is reached (measurable objectives)."),
                &mut problems,
            ),
            target_on,
        });
    }
    let review_every_days = match input.review_every_days {
        0 => REVIEW_EVERY_DAYS,
        days if (7..=365).contains(&days) => days,
        _ => {
            problems.push(FieldError::new("reviewEveryDays", "Review the plan every 7 to 365 days."));
            REVIEW_EVERY_DAYS
        }
    };
    let mut measures = input.measures.clone();
    measures.sort_by_key(|m| MeasureKind::ALL.iter().position(|k| k == m));
    measures.dedup();
    refuse_if_any(problems)?;
    Ok(Checked {
        written_on: written.map(iso).unwrap_or_default(),
        presenting_problems,
        goals,
        interventions,
        modality,
        frequency,
        measures,
        review_every_days,
    })
}

fn hash_of(plan: &Checked) -> String {
    let measures = measures_text(&plan.measures);
    let review = plan.review_every_days.to_string();
    let mut parts = vec![
        plan.written_on.as_str(),
        &plan.presenting_problems,
        &plan.interventions,
        &plan.modality,
        &plan.frequency,
        &measures,
        &review,
    ];
    for goal in &plan.goals {
        parts.extend([goal.goal.as_str(), &goal.objectives, goal.target_on.as_deref().unwrap_or_default()]);
    }
    content_hash(&parts)
}

fn measures_text(measures: &[MeasureKind]) -> String {
    measures.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(" ")
}

fn search_key(plan: &Checked) -> String {
    let mut text = vec![plan.presenting_problems.as_str(), &plan.interventions, &plan.modality, &plan.frequency];
    for goal in &plan.goals {
        text.extend([goal.goal.as_str(), &goal.objectives]);
    }
    fold(&text.join(" "))
}

/// Saves her plan: corrections to the newest version while it is unsigned, otherwise the next
/// version (the first one when she has none). Nothing is saved when anything is refused.
pub fn save(session: &mut Session, input: &PlanInput, today: NaiveDate) -> Result<TreatmentPlan, ClinicalError> {
    require_client(session.conn(), input.client_id)?;
    let plan = check(session.conn(), input, today)?;
    let newest = latest(session.conn(), input.client_id)?;
    let now = now_utc();
    let (measures, hash, key) = (measures_text(&plan.measures), hash_of(&plan), search_key(&plan));
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    let id = match newest.filter(|p| p.signed_on.is_none()) {
        Some(draft) => {
            tx.execute(
                "UPDATE treatment_plans SET written_on = ?1, presenting_problems = ?2, interventions = ?3,
                     modality = ?4, frequency = ?5, measures = ?6, review_every_days = ?7, content_hash = ?8,
                     search_key = ?9, updated_at = ?10
                 WHERE id = ?11 AND signed_on IS NULL",
                params![
                    plan.written_on,
                    plan.presenting_problems,
                    plan.interventions,
                    plan.modality,
                    plan.frequency,
                    measures,
                    plan.review_every_days,
                    hash,
                    key,
                    now,
                    draft.id
                ],
            )?;
            tx.execute("DELETE FROM plan_goal_texts WHERE plan_id = ?1", [draft.id])?;
            draft.id
        }
        None => {
            tx.execute(
                "INSERT INTO treatment_plans (written_on, presenting_problems, interventions, modality, frequency,
                     measures, review_every_days, content_hash, search_key, created_at, updated_at, client_id, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11,
                     (SELECT coalesce(max(version), 0) + 1 FROM treatment_plans WHERE client_id = ?11))",
                params![
                    plan.written_on,
                    plan.presenting_problems,
                    plan.interventions,
                    plan.modality,
                    plan.frequency,
                    measures,
                    plan.review_every_days,
                    hash,
                    key,
                    now,
                    input.client_id
                ],
            )?;
            tx.last_insert_rowid()
        }
    };
    write_goals(&tx, input.client_id, id, &plan.goals, &now)?;
    tx.commit()?;
    get(session.conn(), id)
}

fn write_goals(
    tx: &Transaction<'_>,
    client_id: i64,
    plan_id: i64,
    goals: &[GoalInput],
    now: &str,
) -> Result<(), ClinicalError> {
    for (position, goal) in goals.iter().enumerate() {
        let goal_id = match goal.goal_id {
            Some(id) => id,
            None => {
                tx.execute("INSERT INTO plan_goals (client_id, created_at) VALUES (?1, ?2)", params![client_id, now])?;
                tx.last_insert_rowid()
            }
        };
        tx.execute(
            "INSERT INTO plan_goal_texts (plan_id, goal_id, position, goal, objectives, target_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![plan_id, goal_id, position as i64, goal.goal, goal.objectives, goal.target_on],
        )?;
    }
    Ok(())
}

/// Records that the client (or her representative) signed the printed plan on `signed_on`: the
/// current treatment plan form is the one signed. From then on the version cannot change.
pub fn sign(
    session: &mut Session,
    plan_id: i64,
    signed_on: &str,
    signed_by: SignedBy,
    today: NaiveDate,
) -> Result<TreatmentPlan, ClinicalError> {
    let plan = get(session.conn(), plan_id)?;
    if plan.signed_on.is_some() {
        return invalid("signedOn", "This version is already signed: write a new version to change the plan.");
    }
    let day = match parse_day(signed_on) {
        None => return invalid("signedOn", "Enter the date it was signed."),
        Some(d) if d > today => return invalid("signedOn", "The signature date cannot be in the future."),
        Some(d) if parse_day(&plan.written_on).is_some_and(|w| d < w) => {
            return invalid("signedOn", "It cannot have been signed before the plan was written.")
        }
        Some(d) => d,
    };
    let (form, _) = templates::current(session.conn(), FormKind::TreatmentPlan)?;
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "UPDATE treatment_plans SET signed_on = ?2, signed_by = ?3, template_id = ?4, updated_at = ?5
         WHERE id = ?1 AND signed_on IS NULL",
        params![plan_id, iso(day), signed_by.as_str(), form.id, now_utc()],
    )?;
    audit::append(
        &tx,
        AuditEvent::ConsentSigned,
        &format!(
            "client={} form={} version={} plan={} ref={}",
            plan.client_id,
            FormKind::TreatmentPlan.as_str(),
            form.version,
            plan.version,
            plan.content_hash
        ),
    )?;
    tx.commit()?;
    get(session.conn(), plan_id)
}

/// What the treatment plan form prints for one version: its values and its two lists.
pub struct Printed {
    plan: TreatmentPlan,
    diagnoses: Vec<String>,
    next_review: NaiveDate,
}

impl Printed {
    /// The plan with her current diagnoses and its next review, as the form prints them.
    pub fn of(conn: &Connection, plan: TreatmentPlan) -> Result<Self, ClinicalError> {
        let diagnoses = diagnoses::current(conn, plan.client_id)?
            .into_iter()
            .filter(|d| d.status.active())
            .map(|d| {
                let primary = if d.primary { ", primary" } else { "" };
                format!("{} ({}{primary})", d.line(), d.status.label().to_lowercase())
            })
            .collect();
        let next_review = reviews::next_review(conn, &plan)?;
        Ok(Self { plan, diagnoses, next_review })
    }

    /// The value of a `{{plan.*}}` placeholder.
    pub fn value(&self, name: &str) -> Option<String> {
        let p = &self.plan;
        Some(match name {
            "plan.reference" => p.reference(),
            "plan.written_on" => long_date_of(&p.written_on),
            "plan.presenting_problems" => p.presenting_problems.clone(),
            "plan.interventions" => p.interventions.clone(),
            "plan.modality" => p.modality.clone(),
            "plan.frequency" => p.frequency.clone(),
            "plan.measures" if p.measures.is_empty() => "none".to_owned(),
            "plan.measures" => p.measures.iter().map(|m| m.name()).collect::<Vec<_>>().join(", "),
            "plan.next_review" => long_date(self.next_review),
            "plan.review_every" => format!("{} days", p.review_every_days),
            _ => return None,
        })
    }

    /// The items of `{{plan.diagnoses}}` and `{{plan.goals}}`.
    pub fn list(&self, name: &str) -> Vec<Vec<Span>> {
        match name {
            "plan.diagnoses" if self.diagnoses.is_empty() => vec![vec![Span::regular("None recorded.")]],
            "plan.diagnoses" => self.diagnoses.iter().map(|d| vec![Span::regular(d.clone())]).collect(),
            "plan.goals" => goal_items(&self.plan.goals),
            _ => Vec::new(),
        }
    }
}

/// "Goal 1. Sleep five hours..." in bold, then its objectives and target date on lines below.
pub(crate) fn goal_items(goals: &[PlanGoal]) -> Vec<Vec<Span>> {
    goals
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let mut spans = vec![Span::bold(format!("Goal {}. {}", i + 1, g.goal))];
            spans.push(Span::regular(format!("\nObjectives: {}", g.objectives)));
            if let Some(target) = &g.target_on {
                spans.push(Span::regular(format!("\nTarget date: {}", long_date_of(target))));
            }
            spans
        })
        .collect()
}

/// The plan's form filled with this version, as it prints (nothing is written anywhere).
pub fn render(conn: &Connection, plan_id: i64, today: NaiveDate) -> Result<Vec<u8>, ClinicalError> {
    let printed = Printed::of(conn, get(conn, plan_id)?)?;
    let (values, lists) = (|name: &str| printed.value(name), |name: &str| printed.list(name));
    let extra = Extra { values: &values, lists: &lists };
    let (pdf, ..) =
        consent::packet::render_form_filled(conn, printed.plan.client_id, FormKind::TreatmentPlan, today, extra)?;
    Ok(pdf)
}

/// Prints this version for the client to read and sign: to the private spool and the viewer,
/// audited like a packet of forms.
pub fn print(session: &Session, plan_id: i64, today: NaiveDate) -> Result<PathBuf, ClinicalError> {
    let printed = Printed::of(session.conn(), get(session.conn(), plan_id)?)?;
    let (values, lists) = (|name: &str| printed.value(name), |name: &str| printed.list(name));
    let extra = Extra { values: &values, lists: &lists };
    Ok(consent::packet::print_form_filled(session, printed.plan.client_id, FormKind::TreatmentPlan, today, extra)?)
}

/// A fictional plan, for the sample forms.
pub fn sample(today: NaiveDate) -> Printed {
    let written = today - Duration::days(14);
    let goal = |id: i64, goal: &str, objectives: &str, weeks: i64| PlanGoal {
        goal_id: id,
        goal: goal.into(),
        objectives: objectives.into(),
        target_on: Some(iso(written + Duration::weeks(weeks))),
    };
    let plan = TreatmentPlan {
        id: 0,
        client_id: 0,
        version: 1,
        written_on: iso(written),
        presenting_problems: "Low mood, tearfulness and worry since the birth of her second child; broken sleep \
                              beyond night feeds; feeling alone with the baby during the week."
            .into(),
        goals: vec![
            goal(
                1,
                "Feel like myself again most days",
                "EPDS below 10 on two screens in a row; she names three good days a week.",
                12,
            ),
            goal(
                2,
                "Sleep when the baby sleeps",
                "At least one five-hour stretch of sleep four nights a week, with her partner taking a night feed.",
                8,
            ),
            goal(
                3,
                "Build support close to home",
                "Joins a parents' group or names two people she can call, and calls one of them weekly.",
                10,
            ),
        ],
        interventions: "Cognitive behavioural therapy for postpartum depression, behavioural activation, \
                        sleep planning with her partner, interpersonal work on the transition to two children."
            .into(),
        modality: "Individual sessions, in person, with video when the baby is unwell".into(),
        frequency: "Weekly for 12 weeks, then every other week".into(),
        measures: vec![MeasureKind::Epds, MeasureKind::Gad7],
        review_every_days: REVIEW_EVERY_DAYS,
        signed_on: None,
        signed_by: None,
        form_version: None,
        content_hash: "5a3c9e1f".into(),
    };
    let next_review = written + Duration::days(i64::from(REVIEW_EVERY_DAYS));
    Printed { plan, diagnoses: vec!["F53.0 Postpartum depression (working, primary)".into()], next_review }
}

/// Every current form filled with a fictional client, the treatment plan with a fictional plan
/// ([`consent::sample_forms`]).
pub fn sample_forms(conn: Option<&Connection>, today: NaiveDate) -> Result<Vec<(String, Vec<u8>)>, ClinicalError> {
    let printed = sample(today);
    let (values, lists) = (|name: &str| printed.value(name), |name: &str| printed.list(name));
    Ok(consent::sample_forms(conn, today, Extra { values: &values, lists: &lists })?)
}

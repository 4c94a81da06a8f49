//! Perinatal measures (docs/DOMAIN.md section 8): EPDS, PHQ-9 and GAD-7 recorded from the paper form,
//! scored with their published keys, with the self-harm alert that stays open until a safety
//! assessment is signed, the EPDS rescreen reminder, and the series for trend charts.

pub mod scoring;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use scoring::{Band, MeasureKind};

use crate::error::{ApiError, ErrorCode, FieldError, VaultError};
use crate::register::{self, PerinatalStatus};
use crate::settings;
use crate::time::now_utc;
use crate::vault::Session;

/// What the therapist enters from the paper form: one answer per item, `None` where the client
/// left an item blank (refused: a total from a partly filled form would mislead).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewMeasure {
    pub client_id: i64,
    pub kind: MeasureKind,
    /// `YYYY-MM-DD`, the day she filled it in.
    pub taken_on: String,
    /// For the EPDS, the box marked counted from the top (0 to 3); for the PHQ-9 and GAD-7, the
    /// published score of the answer (0 = "Not at all" to 3 = "Nearly every day").
    pub answers: Vec<Option<u8>>,
}

/// A recorded measure, scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Measure {
    pub id: i64,
    pub client_id: i64,
    pub kind: MeasureKind,
    pub taken_on: String,
    pub answers: Vec<u8>,
    pub item_scores: Vec<u8>,
    pub total: u32,
    pub max_total: u32,
    pub band: Band,
    /// The self-harm item (EPDS 10, PHQ-9 9) was answered above 0.
    pub self_harm: bool,
    /// `self_harm` and no signed safety assessment yet.
    pub alert_open: bool,
    pub safety_note_id: Option<i64>,
    /// "24 weeks pregnant", "9 weeks postpartum" on the day it was taken; none otherwise.
    pub perinatal: Option<String>,
    /// Taken during pregnancy: the EPDS is often read with a higher cut-off then.
    pub antenatal: bool,
}

/// One kind of measure over time, for a trend chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Series {
    pub kind: MeasureKind,
    pub name: String,
    pub max_total: u32,
    pub thresholds: Vec<Threshold>,
    /// Oldest first.
    pub points: Vec<Measure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Threshold {
    pub score: u32,
    pub label: String,
}

/// An EPDS at or over the threshold asks for a rescreen two weeks later, unless one was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RescreenDue {
    pub kind: MeasureKind,
    pub due_on: String,
    pub after_measure_id: i64,
    pub overdue: bool,
}

/// The measures part of a client page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeasuresOverview {
    pub series: Vec<Series>,
    pub open_alerts: Vec<Measure>,
    pub rescreen: Option<RescreenDue>,
    pub epds_threshold: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum MeasuresError {
    #[error("{}", FieldError::summary(.0))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    NotFound(&'static str),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl From<rusqlite::Error> for MeasuresError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Vault(VaultError::Sql(error))
    }
}

impl From<register::RegisterError> for MeasuresError {
    fn from(error: register::RegisterError) -> Self {
        match error {
            register::RegisterError::Vault(vault) => Self::Vault(vault),
            _ => Self::NotFound("That client is not in the register."),
        }
    }
}

impl From<MeasuresError> for ApiError {
    fn from(error: MeasuresError) -> Self {
        match error {
            MeasuresError::Invalid(fields) => {
                ApiError::new(ErrorCode::InvalidInput, FieldError::summary(&fields)).with_fields(fields)
            }
            MeasuresError::NotFound(_) => ApiError::new(ErrorCode::Other, error.to_string()),
            MeasuresError::Vault(vault) => vault.into(),
        }
    }
}

/// What the entry form shows for one measure: its items and the answers to pick from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeasureForm {
    pub kind: MeasureKind,
    pub name: String,
    /// How to read the paper form.
    pub instructions: String,
    /// The item text (PHQ-9, GAD-7) or a short neutral label (EPDS, whose wording is not ours).
    pub items: Vec<String>,
    /// The four choices, top to bottom, with what each is worth as an answer (0 to 3).
    pub answers: Vec<String>,
    pub self_harm_item: Option<u32>,
}

/// The three measures as the entry form presents them.
pub fn forms() -> Vec<MeasureForm> {
    let owned = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    MeasureKind::ALL
        .into_iter()
        .map(|kind| {
            let (instructions, items, answers) = match kind {
                MeasureKind::Epds => (
                    "For each item, mark which of the four boxes she ticked on the paper form, counted from the \
                     top. Confidant scores it with the published key (items 3 and 5 to 10 reversed).",
                    owned(&scoring::EPDS_LABELS),
                    owned(&["Top box", "Second box", "Third box", "Bottom box"]),
                ),
                MeasureKind::Phq9 => (
                    "Over the last 2 weeks, how often has she been bothered by any of the following problems?",
                    owned(&scoring::PHQ9_ITEMS),
                    owned(&scoring::FREQUENCY_ANSWERS),
                ),
                MeasureKind::Gad7 => (
                    "Over the last 2 weeks, how often has she been bothered by the following problems?",
                    owned(&scoring::GAD7_ITEMS),
                    owned(&scoring::FREQUENCY_ANSWERS),
                ),
            };
            MeasureForm {
                kind,
                name: kind.name().to_owned(),
                instructions: instructions.to_owned(),
                items,
                answers,
                self_harm_item: kind.self_harm_item().map(|i| i as u32),
            }
        })
        .collect()
}

const THRESHOLD_KEY: &str = "measures.epds_threshold";
const RESCREEN_DAYS: i64 = 14;

/// The EPDS cut-off she screens with (13 unless she chose 10).
pub fn epds_threshold(conn: &Connection) -> Result<u32, MeasuresError> {
    Ok(settings::get(conn, THRESHOLD_KEY)?
        .and_then(|v| v.parse().ok())
        .filter(|t| scoring::EPDS_THRESHOLDS.contains(t))
        .unwrap_or(scoring::EPDS_THRESHOLD_DEFAULT))
}

pub fn set_epds_threshold(session: &mut Session, threshold: u32) -> Result<u32, MeasuresError> {
    if !scoring::EPDS_THRESHOLDS.contains(&threshold) {
        return Err(MeasuresError::Invalid(vec![FieldError::new(
            "epdsThreshold",
            "The EPDS threshold is 13 (possible depression) or 10 (more sensitive).",
        )]));
    }
    settings::put(session.conn_mut(), THRESHOLD_KEY, &threshold.to_string())?;
    epds_threshold(session.conn())
}

/// Checks and scores a measure; nothing is saved when anything is wrong.
pub fn record_measure(session: &mut Session, new: &NewMeasure, today: NaiveDate) -> Result<Measure, MeasuresError> {
    let client = register::get(session.conn(), new.client_id)?;
    let mut problems = Vec::new();
    let taken_on = match NaiveDate::parse_from_str(new.taken_on.trim(), "%Y-%m-%d") {
        Ok(date) if date > today => {
            problems.push(FieldError::new("takenOn", "A measure cannot be dated in the future."));
            None
        }
        Ok(date) if NaiveDate::parse_from_str(&client.fields.date_of_birth, "%Y-%m-%d").is_ok_and(|b| date < b) => {
            problems.push(FieldError::new("takenOn", "That date is before the client was born."));
            None
        }
        Ok(date) => Some(date),
        Err(_) => {
            problems.push(FieldError::new("takenOn", "Enter the date as YYYY-MM-DD."));
            None
        }
    };
    let items = new.kind.items();
    if new.answers.len() != items {
        problems.push(FieldError::new("answers", format!("The {} has {items} items.", new.kind.name())));
    }
    let mut answers = Vec::with_capacity(items);
    for (i, answer) in new.answers.iter().enumerate().take(items) {
        match answer {
            None => problems.push(FieldError::new(format!("answers.{i}"), format!("Item {} has no answer.", i + 1))),
            Some(a) if scoring::item_score(new.kind, i + 1, *a).is_none() => problems.push(FieldError::new(
                format!("answers.{i}"),
                format!("Item {} has an answer out of range (0 to 3).", i + 1),
            )),
            Some(a) => answers.push(*a),
        }
    }
    let Some(taken_on) = taken_on.filter(|_| problems.is_empty()) else {
        return Err(MeasuresError::Invalid(problems));
    };
    let scores = item_scores(new.kind, &answers);
    let total: u32 = scores.iter().map(|s| u32::from(*s)).sum();
    let self_harm = new.kind.self_harm_item().is_some_and(|item| scores.get(item - 1).is_some_and(|s| *s > 0));
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO measures (client_id, kind, taken_on, answers, total, self_harm, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            new.client_id,
            new.kind.as_str(),
            taken_on.format("%Y-%m-%d").to_string(),
            join(&answers),
            total,
            self_harm,
            now_utc()
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    get_measure(session.conn(), id)
}

fn item_scores(kind: MeasureKind, answers: &[u8]) -> Vec<u8> {
    answers.iter().enumerate().map(|(i, a)| scoring::item_score(kind, i + 1, *a).unwrap_or(0)).collect()
}

fn join(answers: &[u8]) -> String {
    answers.iter().map(u8::to_string).collect::<Vec<_>>().join(",")
}

const COLUMNS: &str = "m.id, m.client_id, m.kind, m.taken_on, m.answers, m.total, m.self_harm, m.safety_note_id,
     (m.self_harm = 1 AND NOT EXISTS (
         SELECT 1 FROM notes n WHERE n.id = m.safety_note_id AND n.signed_at IS NOT NULL)),
     c.perinatal_status, c.due_date, c.baby_birth_date";

fn read(row: &Row<'_>, threshold: u32) -> rusqlite::Result<Measure> {
    let kind = MeasureKind::parse(&row.get::<_, String>(2)?).unwrap_or(MeasureKind::Epds);
    let answers: Vec<u8> = row.get::<_, String>(4)?.split(',').filter_map(|a| a.parse().ok()).collect();
    let taken_on: String = row.get(3)?;
    let total: u32 = row.get(5)?;
    let date = |s: Option<String>| s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
    let (perinatal, antenatal) = perinatal_at(
        PerinatalStatus::parse(&row.get::<_, String>(9)?),
        date(row.get(10)?),
        date(row.get(11)?),
        NaiveDate::parse_from_str(&taken_on, "%Y-%m-%d").ok(),
    );
    Ok(Measure {
        id: row.get(0)?,
        client_id: row.get(1)?,
        kind,
        taken_on,
        item_scores: item_scores(kind, &answers),
        answers,
        total,
        max_total: kind.max_total(),
        band: scoring::band(kind, total, threshold),
        self_harm: row.get(6)?,
        safety_note_id: row.get(7)?,
        alert_open: row.get(8)?,
        perinatal,
        antenatal,
    })
}

/// Weeks pregnant or postpartum on `on` (the first year after birth), and whether she was
/// pregnant then. A due date dates a pregnancy; a baby's birth date ends it.
fn perinatal_at(
    status: PerinatalStatus,
    due: Option<NaiveDate>,
    birth: Option<NaiveDate>,
    on: Option<NaiveDate>,
) -> (Option<String>, bool) {
    let Some(on) = on else { return (None, false) };
    if let Some(birth) = birth.filter(|b| on >= *b) {
        let weeks = (on - birth).num_days() / 7;
        return if weeks <= 52 { (Some(format!("{weeks} weeks postpartum")), false) } else { (None, false) };
    }
    let due = due.or(birth.filter(|_| status != PerinatalStatus::Neither));
    match due {
        Some(due) if on <= due && (due - on).num_days() < 40 * 7 => {
            let weeks = 40 - (due - on).num_days() / 7;
            (Some(format!("{weeks} weeks pregnant")), true)
        }
        _ => (None, false),
    }
}

pub fn get_measure(conn: &Connection, id: i64) -> Result<Measure, MeasuresError> {
    let threshold = epds_threshold(conn)?;
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM measures m JOIN clients c ON c.id = m.client_id WHERE m.id = ?1"),
        [id],
        |row| read(row, threshold),
    )
    .optional()?
    .ok_or(MeasuresError::NotFound("That measure does not exist."))
}

/// Every measure of a client, oldest first.
pub fn measures_of_client(conn: &Connection, client_id: i64) -> Result<Vec<Measure>, MeasuresError> {
    let threshold = epds_threshold(conn)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM measures m JOIN clients c ON c.id = m.client_id
         WHERE m.client_id = ?1 ORDER BY m.taken_on, m.id"
    ))?;
    let rows = stmt.query_map([client_id], |row| read(row, threshold))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Charts, open alerts and the rescreen reminder for a client page.
pub fn overview(conn: &Connection, client_id: i64, today: NaiveDate) -> Result<MeasuresOverview, MeasuresError> {
    register::get(conn, client_id)?;
    let threshold = epds_threshold(conn)?;
    let all = measures_of_client(conn, client_id)?;
    let series = MeasureKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let points: Vec<Measure> = all.iter().filter(|m| m.kind == kind).cloned().collect();
            (!points.is_empty()).then(|| Series {
                kind,
                name: kind.name().to_owned(),
                max_total: kind.max_total(),
                thresholds: scoring::chart_thresholds(kind, threshold)
                    .into_iter()
                    .map(|(score, label)| Threshold { score, label })
                    .collect(),
                points,
            })
        })
        .collect();
    let open_alerts = all.iter().filter(|m| m.alert_open).cloned().collect();
    let rescreen =
        all.iter().rev().find(|m| m.kind == MeasureKind::Epds).filter(|m| m.total >= threshold).and_then(|m| {
            let due = NaiveDate::parse_from_str(&m.taken_on, "%Y-%m-%d").ok()? + chrono::Duration::days(RESCREEN_DAYS);
            Some(RescreenDue {
                kind: MeasureKind::Epds,
                due_on: due.format("%Y-%m-%d").to_string(),
                after_measure_id: m.id,
                overdue: due < today,
            })
        });
    Ok(MeasuresOverview { series, open_alerts, rescreen, epds_threshold: threshold })
}

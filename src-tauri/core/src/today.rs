//! The Today screen: what the therapist deals with this morning, gathered from every part of
//! the vault in a handful of indexed queries (it is the first screen after unlocking).

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::clinical;
use crate::consent::{self, FormKind};
use crate::disclosure::{accounting, subpoenas};
use crate::error::{ApiError, VaultError};
use crate::measures::{self, MeasureKind};
use crate::notes::series::{self, SeriesSummary};
use crate::notes::{self, Attendance, OverdueDraft, SessionSummary};
use crate::register::{self, ClientSummary};
use crate::time::{iso, short_date_of};
use crate::vault::Session;

/// A session today or tomorrow, with what she needs at hand before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Appointment {
    pub session: SessionSummary,
    /// Name (or initials in discreet mode), code, and "No voicemail · Texts OK".
    pub client: ClientSummary,
    /// For video and phone sessions: where she will be ("Columbia, MO"), from the session or
    /// her usual telehealth location; empty when unknown or in person.
    pub location: String,
    /// Set when she will be in a state the practice profile lists no license for.
    pub licensure: Option<String>,
    /// Set before a client's first appointment while no informed consent is signed.
    pub consent: Option<String>,
    /// The series it belongs to, with how many appointments are left (the schedule's own count).
    pub series: Option<SeriesSummary>,
}

/// A client and one thing to do for her, with the words to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientTodo {
    pub client: ClientSummary,
    /// "Informed consent not signed", "EPDS rescreen due 11 Dec 2026".
    pub what: String,
    /// The most urgent ones (a self-harm alert, an overdue accounting) first, and marked.
    pub urgent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TodayView {
    pub today: String,
    pub tomorrow: String,
    pub appointments: Vec<Appointment>,
    pub overdue_drafts: Vec<OverdueDraft>,
    /// Drafts not yet overdue, all clients.
    pub drafts: u32,
    pub consent: Vec<ClientTodo>,
    pub measures: Vec<ClientTodo>,
    pub authorizations: Vec<ClientTodo>,
    pub accounting: Vec<ClientTodo>,
    /// Subpoenas waiting for her response, soonest deadline first.
    pub subpoenas: Vec<ClientTodo>,
    /// Treatment plan reviews due (overdue first) and plans not yet written.
    pub plans: Vec<ClientTodo>,
    /// Why the professional will needs her attention, if it does (filled by [`today_view_of`]).
    pub will: Option<crate::will::WillReminder>,
    /// Good Faith Estimates needed, and estimates the charges passed by $400 or more.
    pub estimates: Vec<ClientTodo>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TodayError(ApiError);

impl From<TodayError> for ApiError {
    fn from(error: TodayError) -> Self {
        error.0
    }
}

fn api(error: impl Into<ApiError>) -> TodayError {
    TodayError(error.into())
}

/// Authorizations expiring within this many days are listed.
const EXPIRING_WITHIN_DAYS: i64 = 30;
/// A rescreen is listed from this many days before it is due.
const RESCREEN_NOTICE_DAYS: i64 = 7;

/// Today for the open vault: [`today_view`] and the professional will's reminder, which needs
/// the key file beside the vault. The charges due under an estimate are posted first, so that
/// the $400 check counts sessions attended since her page was last opened.
pub fn today_view_of(session: &mut Session, today: NaiveDate, discreet: bool) -> Result<TodayView, TodayError> {
    crate::money::estimates::post_charges_under_estimates(session, today).map_err(api)?;
    let mut view = today_view(session.conn(), today, discreet)?;
    view.will = crate::will::reminder(session, today).map_err(api)?;
    Ok(view)
}

pub fn today_view(conn: &Connection, today: NaiveDate, discreet: bool) -> Result<TodayView, TodayError> {
    let summary = |id: i64| register::summary(conn, id, discreet, today).map_err(api);
    let tomorrow = today + Duration::days(1);
    Ok(TodayView {
        today: iso(today),
        tomorrow: iso(tomorrow),
        appointments: appointments(conn, today, tomorrow, &summary)?,
        overdue_drafts: notes::overdue_drafts(conn, None, today, discreet).map_err(api)?,
        drafts: conn
            .query_row(
                "SELECT (SELECT count(*) FROM notes WHERE signed_at IS NULL)
                      + (SELECT count(*) FROM psychotherapy_notes WHERE signed_at IS NULL)",
                [],
                |r| r.get(0),
            )
            .map_err(|e| api(VaultError::Sql(e)))?,
        consent: consent_todos(conn, today, &summary)?,
        measures: measure_todos(conn, today, &summary)?,
        authorizations: expiring_authorizations(conn, today, &summary)?,
        accounting: accounting_todos(conn, today, &summary)?,
        subpoenas: subpoena_todos(conn, today, &summary)?,
        plans: plan_todos(conn, today, &summary)?,
        will: None,
        estimates: estimate_todos(conn, today, &summary)?,
    })
}

type Summary<'a> = dyn Fn(i64) -> Result<ClientSummary, TodayError> + 'a;

fn sql(error: rusqlite::Error) -> TodayError {
    api(VaultError::Sql(error))
}

fn appointments(
    conn: &Connection,
    today: NaiveDate,
    tomorrow: NaiveDate,
    summary: &Summary<'_>,
) -> Result<Vec<Appointment>, TodayError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT s.id, s.client_id, s.modality,
                    CASE WHEN s.location_state <> '' THEN s.location_city ELSE c.telehealth_city END,
                    CASE WHEN s.location_state <> '' THEN s.location_state ELSE c.telehealth_state END,
                    s.series_id
             FROM sessions s JOIN clients c ON c.id = s.client_id
             WHERE s.date IN (?1, ?2) ORDER BY s.date, s.start_time, s.id",
        )
        .map_err(sql)?;
    type Row = (i64, i64, String, String, String, Option<i64>);
    let rows: Vec<Row> = stmt
        .query_map(params![iso(today), iso(tomorrow)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })
        .map_err(sql)?
        .collect::<Result<_, _>>()
        .map_err(sql)?;
    let profile = consent::profile::load(conn).map_err(api)?;
    rows.into_iter()
        .map(|(id, client_id, modality, city, state, series_id)| {
            let session = notes::sessions::summary_by_id(conn, id).map_err(api)?;
            let licensure = notes::telehealth::licensure_warning(&profile, session.modality, &state);
            let location = if modality == "in_person" {
                String::new()
            } else {
                [city, state].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
            };
            let consent = (session.attendance == Attendance::Scheduled
                && consent::needs_consent_warning(conn, client_id).map_err(api)?)
            .then(|| "First appointment: no informed consent is signed yet. Have it signed before you begin.".into());
            let series = match series_id {
                Some(series_id) => {
                    series::client_series(conn, client_id, today).map_err(api)?.into_iter().find(|s| s.id == series_id)
                }
                None => None,
            };
            Ok(Appointment { session, client: summary(client_id)?, location, licensure, consent, series })
        })
        .collect()
}

/// Active and prospective clients without a signed informed consent, and anyone waiting to
/// re-sign a changed consent form.
fn consent_todos(conn: &Connection, today: NaiveDate, summary: &Summary<'_>) -> Result<Vec<ClientTodo>, TodayError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT c.id FROM clients c WHERE c.status IN ('active', 'prospective') AND NOT EXISTS (
                 SELECT 1 FROM consent_signatures s JOIN form_templates t ON t.id = s.template_id
                 WHERE s.client_id = c.id AND t.kind = 'informed_consent')
             ORDER BY c.id",
        )
        .map_err(sql)?;
    let unsigned: Vec<i64> = stmt.query_map([], |r| r.get(0)).map_err(sql)?.collect::<Result<_, _>>().map_err(sql)?;
    let (title, _) = consent::templates::current(conn, FormKind::InformedConsent).map_err(api)?;
    let mut todos = Vec::new();
    for id in unsigned {
        todos.push(ClientTodo { client: summary(id)?, what: format!("{} not signed", title.title), urgent: false });
    }
    for entry in consent::reconsent_list(conn, false, today).map_err(api)? {
        todos.push(ClientTodo {
            client: summary(entry.client.id)?,
            what: format!("{}: signed v{}, now v{}", entry.title, entry.signed_version, entry.current_version),
            urgent: false,
        });
    }
    Ok(todos)
}

/// Open self-harm alerts (urgent) and EPDS rescreens due within a week or overdue.
fn measure_todos(conn: &Connection, today: NaiveDate, summary: &Summary<'_>) -> Result<Vec<ClientTodo>, TodayError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT client_id FROM measures
             WHERE self_harm = 1 OR (kind = 'epds' AND taken_on >= ?1)
             ORDER BY client_id",
        )
        .map_err(sql)?;
    // A rescreen falls due 14 days after the screen; older screens are overdue, and still shown.
    let since = iso(today - Duration::days(366));
    let clients: Vec<i64> =
        stmt.query_map([since], |r| r.get(0)).map_err(sql)?.collect::<Result<_, _>>().map_err(sql)?;
    let mut todos = Vec::new();
    for id in clients {
        let overview = measures::overview(conn, id, today).map_err(api)?;
        for alert in &overview.open_alerts {
            todos.push(ClientTodo {
                client: summary(id)?,
                what: format!(
                    "{} of {}: self-harm item above 0, safety assessment to record",
                    alert.kind.name(),
                    short_date_of(&alert.taken_on)
                ),
                urgent: true,
            });
        }
        if let Some(due) = overview.rescreen.filter(|r| {
            NaiveDate::parse_from_str(&r.due_on, "%Y-%m-%d")
                .is_ok_and(|d| d <= today + Duration::days(RESCREEN_NOTICE_DAYS))
        }) {
            let when = if due.overdue { "was due" } else { "due" };
            todos.push(ClientTodo {
                client: summary(id)?,
                what: format!("{} rescreen {when} {}", MeasureKind::Epds.name(), short_date_of(&due.due_on)),
                urgent: false,
            });
        }
    }
    todos.sort_by_key(|t| !t.urgent);
    Ok(todos)
}

/// Signed, unrevoked authorizations whose expiry date falls within the next 30 days.
fn expiring_authorizations(
    conn: &Connection,
    today: NaiveDate,
    summary: &Summary<'_>,
) -> Result<Vec<ClientTodo>, TodayError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT client_id, recipient_name, recipient_organisation, expires_on FROM authorizations
             WHERE signed_on IS NOT NULL AND revoked_on IS NULL AND event_occurred_on IS NULL
               AND expires_on BETWEEN ?1 AND ?2
             ORDER BY expires_on, id",
        )
        .map_err(sql)?;
    let rows: Vec<(i64, String, String, String)> = stmt
        .query_map(params![iso(today), iso(today + Duration::days(EXPIRING_WITHIN_DAYS))], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .map_err(sql)?
        .collect::<Result<_, _>>()
        .map_err(sql)?;
    rows.into_iter()
        .map(|(client_id, name, organisation, expires_on)| {
            let recipient = if organisation.is_empty() { name } else { format!("{name}, {organisation}") };
            Ok(ClientTodo {
                client: summary(client_id)?,
                what: format!("Authorization to release to {recipient} expires {}", short_date_of(&expires_on)),
                urgent: false,
            })
        })
        .collect()
}

/// Accounting requests not yet provided, with their deadline (overdue ones urgent).
fn accounting_todos(conn: &Connection, today: NaiveDate, summary: &Summary<'_>) -> Result<Vec<ClientTodo>, TodayError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT client_id FROM accounting_requests WHERE provided_on IS NULL ORDER BY client_id",
        )
        .map_err(sql)?;
    let clients: Vec<i64> = stmt.query_map([], |r| r.get(0)).map_err(sql)?.collect::<Result<_, _>>().map_err(sql)?;
    let mut todos = Vec::new();
    for id in clients {
        for request in
            accounting::requests(conn, id, today).map_err(api)?.into_iter().filter(|r| r.provided_on.is_none())
        {
            let due = if request.overdue { "was due" } else { "due" };
            todos.push(ClientTodo {
                client: summary(id)?,
                what: format!(
                    "Accounting of disclosures requested {}, {due} {}",
                    short_date_of(&request.requested_on),
                    short_date_of(&request.due_on)
                ),
                urgent: request.overdue,
            });
        }
    }
    todos.sort_by_key(|t| !t.urgent);
    Ok(todos)
}

/// Plan reviews due within a week or past, and active clients without a plan after their third
/// session.
fn plan_todos(conn: &Connection, today: NaiveDate, summary: &Summary<'_>) -> Result<Vec<ClientTodo>, TodayError> {
    clinical::overview::reminders(conn, today)
        .map_err(api)?
        .into_iter()
        .map(|r| Ok(ClientTodo { client: summary(r.client_id)?, what: r.what, urgent: false }))
        .collect()
}

/// Self-pay clients with an appointment ahead and no estimate covering it, or who asked for one
/// since their last, with the day it is due by (urgent once overdue); estimates passed by $400 or more (urgent: she may dispute the
/// bill).
fn estimate_todos(conn: &Connection, today: NaiveDate, summary: &Summary<'_>) -> Result<Vec<ClientTodo>, TodayError> {
    use crate::money::estimates::{self, ReminderKind};
    estimates::reminders(conn, today)
        .map_err(api)?
        .into_iter()
        .map(|r| {
            let (what, urgent) = match r.kind {
                ReminderKind::Needed => {
                    let due = match (r.due_on.as_deref(), r.overdue) {
                        (Some(due), true) => format!(", overdue: due by {}", short_date_of(due)),
                        (Some(due), false) => format!(", due by {}", short_date_of(due)),
                        (None, _) => String::new(),
                    };
                    let why = match r.next_on.as_deref() {
                        Some(next) => format!("appointment {}", short_date_of(next)),
                        None => "she asked for one".to_owned(),
                    };
                    (format!("Good Faith Estimate needed (self-pay, {why}){due}"), r.overdue)
                }
                ReminderKind::Exceeded => (
                    format!(
                        "Charges passed Good Faith Estimate no. {} by {}: she may dispute the bill",
                        r.version.unwrap_or_default(),
                        crate::money::dollars(r.by_cents.unwrap_or_default())
                    ),
                    true,
                ),
            };
            Ok(ClientTodo { client: summary(r.client_id)?, what, urgent })
        })
        .collect()
}

/// Open subpoenas: urgent from a week before their deadline.
fn subpoena_todos(conn: &Connection, today: NaiveDate, summary: &Summary<'_>) -> Result<Vec<ClientTodo>, TodayError> {
    subpoenas::open(conn, today)
        .map_err(api)?
        .into_iter()
        .map(|s| {
            let due = match (s.deadline.as_deref(), s.days_left) {
                (Some(deadline), Some(days)) if days < 0 => format!(", deadline was {}", short_date_of(deadline)),
                (Some(deadline), _) => format!(", respond by {}", short_date_of(deadline)),
                _ => String::new(),
            };
            Ok(ClientTodo {
                client: summary(s.client_id)?,
                what: format!(
                    "Subpoena received {}{due}: nothing released, record on hold",
                    short_date_of(&s.received_on)
                ),
                urgent: s.days_left.is_some_and(|d| d <= subpoenas::URGENT_WITHIN_DAYS),
            })
        })
        .collect()
}

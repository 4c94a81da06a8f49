//! Signatures recorded after a client signed a form on paper, the consent status shown on the
//! client page, the re-consent list, and the check before a client's first note.

use std::collections::HashMap;

use chrono::{DateTime, Local, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::templates::{self, FormVersion};
use super::{ConsentError, FormKind};
use crate::audit::{self, AuditEvent};
use crate::error::FieldError;
use crate::register::{self, ClientSummary};
use crate::time::short_date;
use crate::vault::Session;

/// Who put the pen to paper.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SignedBy {
    #[default]
    Client,
    /// A parent, guardian or other legal representative.
    Representative,
}

impl SignedBy {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Representative => "representative",
        }
    }
    pub(crate) fn parse(value: &str) -> Self {
        if value == "representative" {
            Self::Representative
        } else {
            Self::Client
        }
    }
}

/// What the therapist records once the paper is signed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewSignature {
    pub client_id: i64,
    pub kind: FormKind,
    /// The version printed on the paper (its footer); the current one unless she says otherwise.
    pub version: u32,
    /// `YYYY-MM-DD`.
    pub signed_on: String,
    pub signed_by: SignedBy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConsentState {
    /// Signed on the current version.
    Signed,
    /// Signed, but the form has changed since: she should ask for a new signature.
    Outdated,
    NotSigned,
}

/// One line of the client page's consent panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConsentItem {
    pub kind: FormKind,
    pub title: String,
    pub current_version: u32,
    pub state: ConsentState,
    pub signed_version: Option<u32>,
    pub signed_on: Option<String>,
    pub signed_by: Option<SignedBy>,
    /// Informed consent and the privacy notice for everyone; telehealth for telehealth clients.
    pub required: bool,
    /// "Informed consent v3 signed 2 Mar 2026", "Telehealth consent not signed".
    pub line: String,
}

/// A client who signed an older version of a consent form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReconsentEntry {
    pub client: ClientSummary,
    pub kind: FormKind,
    pub title: String,
    pub signed_version: u32,
    pub signed_on: String,
    pub current_version: u32,
}

/// Records that the client signed `version` of a form on `signed_on`. Refused: a date in the
/// future, a date before that version existed, a version that does not exist, a form that is
/// not a consent (authorizations are recorded with their recipient), the same signature twice.
pub fn record_signature(
    session: &mut Session,
    new: &NewSignature,
    today: NaiveDate,
) -> Result<Vec<ConsentItem>, ConsentError> {
    register::get(session.conn(), new.client_id)?;
    if !new.kind.is_consent() {
        return Err(ConsentError::Invalid(vec![FieldError::new(
            "kind",
            "An authorization is recorded with its recipient, and a treatment plan with the plan, not here.",
        )]));
    }
    let (version, _) = templates::version(session.conn(), new.kind, new.version)?;
    let signed_on = check_date(&new.signed_on, &version, today)?;
    let tx = session.conn_mut().transaction()?;
    let already: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM consent_signatures WHERE client_id = ?1 AND template_id = ?2 AND signed_on = ?3)",
        params![new.client_id, version.id, signed_on],
        |r| r.get(0),
    )?;
    if already {
        return Err(ConsentError::Invalid(vec![FieldError::new("signedOn", "This signature is already recorded.")]));
    }
    tx.execute(
        "INSERT INTO consent_signatures (client_id, template_id, signed_on, signed_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            new.client_id,
            version.id,
            signed_on,
            new.signed_by.as_str(),
            Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ],
    )?;
    audit::append(
        &tx,
        AuditEvent::ConsentSigned,
        &format!("client={} form={} version={}", new.client_id, new.kind.as_str(), version.version),
    )?;
    tx.commit()?;
    consent_status(session.conn(), new.client_id)
}

fn check_date(value: &str, version: &FormVersion, today: NaiveDate) -> Result<String, ConsentError> {
    let refuse = |message: String| ConsentError::Invalid(vec![FieldError::new("signedOn", message)]);
    let date = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| refuse("Enter the date it was signed as YYYY-MM-DD.".into()))?;
    if date > today {
        return Err(refuse("The signature date cannot be in the future.".into()));
    }
    let created = DateTime::parse_from_rfc3339(&version.created_at)
        .map(|t| t.with_timezone(&Local).date_naive())
        .unwrap_or(NaiveDate::MIN);
    if date < created {
        return Err(refuse(format!(
            "Version {} of this form was made on {}: it cannot have been signed before that.",
            version.version,
            short_date(created)
        )));
    }
    Ok(date.format("%Y-%m-%d").to_string())
}

/// The latest signature of each form for a client: (kind, version, signed_on, signed_by).
fn latest_signatures(
    conn: &Connection,
    client_id: i64,
) -> Result<HashMap<FormKind, (u32, String, SignedBy)>, ConsentError> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.kind, t.version, s.signed_on, s.signed_by
         FROM consent_signatures s JOIN form_templates t ON t.id = s.template_id
         WHERE s.client_id = ?1
         ORDER BY t.version, s.signed_on, s.id",
    )?;
    let mut latest = HashMap::new();
    let rows = stmt.query_map([client_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
    })?;
    for row in rows {
        let (kind, version, signed_on, signed_by) = row?;
        if let Some(kind) = FormKind::parse(&kind) {
            // Ordered by version then date: the last one seen is the newest version signed.
            latest.insert(kind, (version, signed_on, SignedBy::parse(&signed_by)));
        }
    }
    Ok(latest)
}

/// A telehealth client: a usual telehealth location, or any video or phone session.
fn is_telehealth_client(conn: &Connection, client_id: i64) -> Result<bool, ConsentError> {
    Ok(conn
        .query_row(
            "SELECT (SELECT telehealth_state <> '' FROM clients WHERE id = ?1)
             OR EXISTS (SELECT 1 FROM sessions WHERE client_id = ?1 AND modality IN ('video', 'phone'))",
            [client_id],
            |r| r.get::<_, Option<bool>>(0),
        )?
        .unwrap_or(false))
}

/// The consent panel of a client page: every consent form that applies or was signed.
pub fn consent_status(conn: &Connection, client_id: i64) -> Result<Vec<ConsentItem>, ConsentError> {
    register::get(conn, client_id)?;
    let latest = latest_signatures(conn, client_id)?;
    let telehealth = is_telehealth_client(conn, client_id)?;
    let mut items = Vec::new();
    for kind in FormKind::ALL.into_iter().filter(|k| k.is_consent()) {
        let required = kind != FormKind::TelehealthConsent || telehealth;
        let signed = latest.get(&kind);
        if !required && signed.is_none() {
            continue;
        }
        let (current, _) = templates::current(conn, kind)?;
        let state = match signed {
            Some((v, _, _)) if *v >= current.version => ConsentState::Signed,
            Some(_) => ConsentState::Outdated,
            None => ConsentState::NotSigned,
        };
        let line = match signed {
            Some((v, on, _)) => {
                let date = NaiveDate::parse_from_str(on, "%Y-%m-%d").map(short_date).unwrap_or_else(|_| on.clone());
                match state {
                    ConsentState::Outdated => {
                        format!("{} v{v} signed {date}; v{} needs a new signature", current.title, current.version)
                    }
                    _ => format!("{} v{v} signed {date}", current.title),
                }
            }
            None => format!("{} not signed", current.title),
        };
        items.push(ConsentItem {
            kind,
            title: current.title,
            current_version: current.version,
            state,
            signed_version: signed.map(|s| s.0),
            signed_on: signed.map(|s| s.1.clone()),
            signed_by: signed.map(|s| s.2),
            required,
            line,
        });
    }
    Ok(items)
}

/// Clients (not discharged) whose newest signature of a consent form is on an older version.
pub fn reconsent_list(
    conn: &Connection,
    discreet: bool,
    today: NaiveDate,
) -> Result<Vec<ReconsentEntry>, ConsentError> {
    let mut entries = Vec::new();
    for o in outdated(conn)? {
        let (current, _) = templates::version(conn, o.kind, o.current_version)?;
        entries.push(ReconsentEntry {
            client: register::summary(conn, o.client_id, discreet, today)?,
            kind: o.kind,
            title: current.title,
            signed_version: o.signed_version,
            signed_on: o.signed_on,
            current_version: o.current_version,
        });
    }
    Ok(entries)
}

/// How many clients wait for a new signature, per form.
pub(crate) fn reconsent_counts(conn: &Connection) -> Result<HashMap<FormKind, u32>, ConsentError> {
    let mut counts = HashMap::new();
    for o in outdated(conn)? {
        *counts.entry(o.kind).or_insert(0) += 1;
    }
    Ok(counts)
}

/// A consent whose newest signature is on an older version than the form's current one.
struct Outdated {
    client_id: i64,
    kind: FormKind,
    signed_version: u32,
    signed_on: String,
    current_version: u32,
}

fn outdated(conn: &Connection) -> Result<Vec<Outdated>, ConsentError> {
    let mut stmt = conn.prepare_cached(
        "WITH newest AS (
             SELECT s.client_id, t.kind, MAX(t.version) AS version, MAX(s.signed_on) AS signed_on
             FROM consent_signatures s JOIN form_templates t ON t.id = s.template_id
             GROUP BY s.client_id, t.kind
         ), current AS (
             SELECT kind, MAX(version) AS version FROM form_templates GROUP BY kind
         )
         SELECT n.client_id, n.kind, n.version, n.signed_on, c.version
         FROM newest n JOIN current c ON c.kind = n.kind JOIN clients cl ON cl.id = n.client_id
         WHERE n.version < c.version AND cl.status <> 'discharged'
         ORDER BY n.kind, n.signed_on, n.client_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, u32>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, u32>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (client, kind, signed, on, current) = row?;
        if let Some(kind) = FormKind::parse(&kind).filter(|k| k.is_consent()) {
            out.push(Outdated {
                client_id: client,
                kind,
                signed_version: signed,
                signed_on: on,
                current_version: current,
            });
        }
    }
    Ok(out)
}

/// True before a client's first note when no informed consent (any version) is on record: the
/// note editor then stops and asks (docs/DOMAIN.md section 5: consent before the first appointment).
pub fn needs_consent_warning(conn: &Connection, client_id: i64) -> Result<bool, ConsentError> {
    Ok(conn
        .prepare_cached(
            "SELECT NOT EXISTS (
                 SELECT 1 FROM consent_signatures s JOIN form_templates t ON t.id = s.template_id
                 WHERE s.client_id = ?1 AND t.kind = 'informed_consent')
             AND NOT EXISTS (SELECT 1 FROM notes WHERE client_id = ?1)
             AND NOT EXISTS (SELECT 1 FROM psychotherapy_notes WHERE client_id = ?1)",
        )?
        .query_row([client_id], |r| r.get::<_, bool>(0))
        .optional()?
        .unwrap_or(false))
}

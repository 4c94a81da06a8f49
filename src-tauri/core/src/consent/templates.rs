//! Form templates: one row per saved version, never changed afterwards. The shipped default
//! text is version 1 of each form, written into the vault the first time it is opened, so a
//! signature always points at the exact text the client read, whatever later releases ship.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::{ConsentError, FormKind};
use crate::audit::{self, AuditEvent};
use crate::error::VaultError;
use crate::forms::content_hash;
use crate::forms::template::{self, Template};
use crate::vault::Session;

/// One saved version of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FormVersion {
    pub id: i64,
    pub kind: FormKind,
    pub version: u32,
    pub title: String,
    /// Printed in every page footer, so a paper copy can be matched to this exact text.
    pub content_hash: String,
    /// When this version was saved (UTC, RFC 3339).
    pub created_at: String,
}

/// A form as the Forms screen lists it: its current version and how many clients signed an
/// older one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FormSummary {
    pub current: FormVersion,
    pub is_default_text: bool,
    pub clients_to_reconsent: u32,
}

/// Everything the editor needs: the current text, every version, and the default text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FormDetail {
    pub current: FormVersion,
    pub body: String,
    pub versions: Vec<FormVersion>,
    pub default_body: String,
    pub placeholders: Vec<String>,
    /// Yes/no values, which tick a box (`- [{{name}}] ...`).
    pub tick_placeholders: Vec<String>,
}

/// The hash printed in the footer: over the template text exactly as saved.
pub fn hash_of(body: &str) -> String {
    content_hash(&[body])
}

/// Writes version 1 of every form that has none yet ([`crate::practice::prepare`]).
pub(crate) fn seed_defaults(conn: &Connection) -> Result<(), VaultError> {
    for kind in FormKind::ALL {
        let exists: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM form_templates WHERE kind = ?1)", [kind.as_str()], |r| {
                r.get(0)
            })?;
        if !exists {
            let body = normalise(kind.default_text());
            conn.execute(
                "INSERT INTO form_templates (kind, version, body, content_hash, created_at) VALUES (?1, 1, ?2, ?3, ?4)",
                params![kind.as_str(), body, hash_of(&body), now_rfc3339()],
            )?;
        }
    }
    Ok(())
}

fn now_rfc3339() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

const VERSION_COLUMNS: &str = "id, kind, version, body, content_hash, created_at";

fn version_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(FormVersion, String)> {
    let kind: String = row.get(1)?;
    let body: String = row.get(3)?;
    let title = title_of(&body);
    Ok((
        FormVersion {
            id: row.get(0)?,
            kind: FormKind::parse(&kind).unwrap_or(FormKind::InformedConsent),
            version: row.get(2)?,
            title,
            content_hash: row.get(4)?,
            created_at: row.get(5)?,
        },
        body,
    ))
}

/// The title line of a saved template (saved templates always have one).
fn title_of(body: &str) -> String {
    body.lines().find_map(|l| l.trim().strip_prefix("# ")).unwrap_or("Form").trim().to_owned()
}

/// The current (highest) version of a form, with its text.
pub fn current(conn: &Connection, kind: FormKind) -> Result<(FormVersion, String), ConsentError> {
    conn.query_row(
        &format!("SELECT {VERSION_COLUMNS} FROM form_templates WHERE kind = ?1 ORDER BY version DESC LIMIT 1"),
        [kind.as_str()],
        version_from_row,
    )
    .optional()?
    .ok_or(ConsentError::NotFound("That form is missing from the vault."))
}

/// One exact version of a form, with its text.
pub fn version(conn: &Connection, kind: FormKind, version: u32) -> Result<(FormVersion, String), ConsentError> {
    conn.query_row(
        &format!("SELECT {VERSION_COLUMNS} FROM form_templates WHERE kind = ?1 AND version = ?2"),
        params![kind.as_str(), version],
        version_from_row,
    )
    .optional()?
    .ok_or(ConsentError::NotFound("That version of the form does not exist."))
}

pub fn versions(conn: &Connection, kind: FormKind) -> Result<Vec<FormVersion>, ConsentError> {
    let mut stmt =
        conn.prepare(&format!("SELECT {VERSION_COLUMNS} FROM form_templates WHERE kind = ?1 ORDER BY version DESC"))?;
    let rows = stmt.query_map([kind.as_str()], |row| version_from_row(row).map(|(v, _)| v))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The parsed current template (saved templates always parse; a failure means damage).
pub fn current_template(conn: &Connection, kind: FormKind) -> Result<(FormVersion, Template), ConsentError> {
    let (version, body) = current(conn, kind)?;
    let parsed = template::parse(&body).map_err(ConsentError::Template)?;
    Ok((version, parsed))
}

pub fn form_detail(conn: &Connection, kind: FormKind) -> Result<FormDetail, ConsentError> {
    let (current, body) = current(conn, kind)?;
    Ok(FormDetail {
        current,
        body,
        versions: versions(conn, kind)?,
        default_body: normalise(kind.default_text()),
        placeholders: template::PLACEHOLDERS.iter().map(|p| (*p).to_owned()).collect(),
        tick_placeholders: template::TICK_PLACEHOLDERS.iter().map(|p| (*p).to_owned()).collect(),
    })
}

/// Saves an edited form as a new version, after checking it completely; an identical text saves
/// nothing. The change is recorded in the audit trail (the form and version, not the text).
pub fn save_form(session: &mut Session, kind: FormKind, body: &str) -> Result<FormVersion, ConsentError> {
    save_form_at(session, kind, body, Utc::now())
}

pub(crate) fn save_form_at(
    session: &mut Session,
    kind: FormKind,
    body: &str,
    now: DateTime<Utc>,
) -> Result<FormVersion, ConsentError> {
    let body = normalise(body);
    template::parse(&body).map_err(ConsentError::Template)?;
    let (current_version, current_body) = current(session.conn(), kind)?;
    if current_body == body {
        return Ok(current_version);
    }
    let next = current_version.version + 1;
    let tx = session.conn_mut().transaction()?;
    tx.execute(
        "INSERT INTO form_templates (kind, version, body, content_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![kind.as_str(), next, body, hash_of(&body), now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)],
    )?;
    audit::append(&tx, AuditEvent::FormChanged, &format!("form={} version={next}", kind.as_str()))?;
    tx.commit()?;
    Ok(version(session.conn(), kind, next)?.0)
}

/// Line endings and trailing spaces are not part of a form's wording.
pub(crate) fn normalise(body: &str) -> String {
    let mut text: String = body.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    text.truncate(text.trim_end().len());
    text.push('\n');
    text
}

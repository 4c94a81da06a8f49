//! The therapist's settings, kept inside the vault.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::audit::{self, AuditEvent};
use crate::error::VaultError;

pub const IDLE_MINUTES_DEFAULT: u32 = 5;
pub const IDLE_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=15;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub idle_minutes: u32,
    pub discreet_mode: bool,
}

const IDLE_KEY: &str = "idle_minutes";
const DISCREET_KEY: &str = "discreet_mode";

pub fn load(conn: &Connection) -> Result<Settings, VaultError> {
    let idle_minutes = get(conn, IDLE_KEY)?
        .and_then(|v| v.parse().ok())
        .filter(|m| IDLE_MINUTES_RANGE.contains(m))
        .unwrap_or(IDLE_MINUTES_DEFAULT);
    let discreet_mode = get(conn, DISCREET_KEY)?.as_deref() == Some("true");
    Ok(Settings { idle_minutes, discreet_mode })
}

pub fn set_idle_minutes(conn: &mut Connection, minutes: u32) -> Result<Settings, VaultError> {
    if !IDLE_MINUTES_RANGE.contains(&minutes) {
        return Err(VaultError::InvalidInput(format!(
            "The idle lock can be set from {} to {} minutes.",
            IDLE_MINUTES_RANGE.start(),
            IDLE_MINUTES_RANGE.end()
        )));
    }
    put(conn, IDLE_KEY, &minutes.to_string())?;
    load(conn)
}

pub fn set_discreet_mode(conn: &mut Connection, on: bool) -> Result<Settings, VaultError> {
    put(conn, DISCREET_KEY, if on { "true" } else { "false" })?;
    load(conn)
}

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>, VaultError> {
    Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

/// Stores a setting and records the change (its name and value: settings hold no client data).
pub(crate) fn put(conn: &mut Connection, key: &str, value: &str) -> Result<(), VaultError> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    audit::append(&tx, AuditEvent::SettingChanged, &format!("{key}={value}"))?;
    tx.commit()?;
    Ok(())
}

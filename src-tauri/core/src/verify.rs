//! `confidant verify`: an auditor's check of the whole vault, without the window. It opens the
//! vault without changing anything (no migration, no audit entry, no anchor written, no refusal)
//! and checks its history as an unlock does (both chains, the protective triggers, the anchor),
//! then every signed note and addendum against the hash taken when it was signed, and each history
//! pin copied from a paper. It sits above the vault and the notes, which it composes.

use rusqlite::Connection;

use crate::audit;
use crate::error::VaultError;
use crate::paths::DataDir;
use crate::secret::Passphrase;
use crate::vault::db::has_table;
use crate::vault::integrity::{self, head, Chain, HistoryHead, Pin};
use crate::vault::{anchor, inspect, migrations};

/// What `confidant verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Every problem, one sentence each; empty when the vault is intact.
    pub findings: Vec<String>,
    pub audit_entries: i64,
    pub ledger_entries: i64,
    pub triggers: usize,
    pub signed_notes: i64,
    pub addenda: i64,
    /// Whether the end of the audit trail was checked against the anchor file.
    pub anchored: bool,
    /// Where both chains end now, as a paper printed now would show it.
    pub head: HistoryHead,
}

impl Report {
    pub fn intact(&self) -> bool {
        self.findings.is_empty()
    }

    /// What was checked, one line each, for an intact vault.
    pub fn summary(&self) -> Vec<String> {
        let entries = |n: i64| if n == 1 { "1 entry".to_owned() } else { format!("{n} entries") };
        vec![
            format!(
                "Audit trail intact: {}{}.",
                entries(self.audit_entries),
                if self.anchored { ", its end as vault.anchor recorded it" } else { " (no anchor file yet)" }
            ),
            format!("Ledger intact: {}.", entries(self.ledger_entries)),
            format!("Protective triggers intact: {}.", self.triggers),
            format!("Signed notes intact: {} notes and {} addenda as signed.", self.signed_notes, self.addenda),
            format!("History pins now: {}", self.head),
        ]
    }
}

/// Opens the vault read-only in spirit (no migration, no audit entry, no anchor written, no
/// refusal) and checks everything: both chains, the triggers, the anchor, every signed note and
/// addendum, and each pin given (from a paper printed earlier: its entry must still be there,
/// with the same hash).
pub fn verify(dir: &DataDir, passphrase: &Passphrase, pins: &[Pin]) -> Result<Report, VaultError> {
    let inspection = inspect(dir, passphrase)?;
    let conn = inspection.conn();
    let version = migrations::applied_version(conn)?;
    let mut findings = integrity::check_history(conn, version)?;
    let anchor = anchor::check(conn, dir, inspection.vault_id())?;
    findings.extend(anchor.finding.clone());
    let signatures = crate::notes::verify_signatures(conn).map_err(|e| match e {
        crate::notes::NotesError::Vault(vault) => vault,
        other => VaultError::InvalidInput(other.to_string()),
    })?;
    findings.extend(signatures.altered);
    for pin in pins {
        findings.extend(check_pin(conn, pin)?);
    }
    let count = |table: &str| -> Result<i64, VaultError> {
        if !has_table(conn, table)? {
            return Ok(0);
        }
        Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    Ok(Report {
        findings,
        audit_entries: count("audit")?,
        ledger_entries: count("disclosure_ledger")?,
        triggers: migrations::expected_triggers(version)?.len(),
        signed_notes: signatures.notes,
        addenda: signatures.addenda,
        anchored: anchor.checked,
        head: head(conn)?,
    })
}

fn check_pin(conn: &Connection, pin: &Pin) -> Result<Option<String>, VaultError> {
    let (name, hash) = match pin.chain {
        Chain::Audit => ("audit trail", audit::hash_of(conn, pin.seq)?),
        Chain::Ledger => ("ledger", crate::ledger::hash_of(conn, pin.seq).map_err(integrity::into_vault)?),
    };
    Ok(match hash {
        None => Some(format!("Pin {pin}: the {name} has no entry {} any more.", pin.seq)),
        Some(hash) if !hash.starts_with(&pin.hash) => Some(format!(
            "Pin {pin}: the {name}'s entry {} is not the one printed; its history was rewritten.",
            pin.seq
        )),
        Some(_) => None,
    })
}

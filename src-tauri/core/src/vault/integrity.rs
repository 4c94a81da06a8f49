//! The vault's history, checked: the audit trail's and the disclosure ledger's hash chains, the
//! triggers that keep history append-only (each compared with the SQL the migrations create),
//! and the anchor beside the vault. Opening a vault runs these checks and refuses a vault that
//! fails one, changing nothing; `confidant verify` runs them too, and re-checks every signed
//! note's and addendum's hash, and the history pins printed on paper.
//!
//! This is the one place the vault reads up a floor (the ledger and the notes, through their
//! own checks): a vault whose ledger was altered must not open.
//!
//! What it proves: that nothing was changed, removed from the middle or reordered since it was
//! written, that the guards still stand, and that the end of the audit trail is where Confidant
//! last left it. What it cannot: someone holding the passphrase can rewrite the whole database
//! and the anchor consistently; only a copy held elsewhere (a printed pin, a backup) shows that.

use std::fmt;

use rusqlite::Connection;

use super::{anchor, db, migrations};
use crate::audit::{self, ChainCheck};
use crate::error::VaultError;
use crate::paths::DataDir;

/// How many hex digits of an entry's hash a pin shows: 64 bits, short enough to print and
/// type, far too many to forge a matching history for.
const PIN_DIGITS: usize = 16;

/// Which chain a pin names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chain {
    Ledger,
    Audit,
}

/// One chain's entry as printed on paper: `L12-3f2a1b4c5d6e7f80` (ledger entry 12) or
/// `A345-...` (audit entry 345), the number and the start of its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    pub chain: Chain,
    pub seq: i64,
    /// The first [`PIN_DIGITS`] hex digits of the entry's hash.
    pub hash: String,
}

impl Pin {
    fn new(chain: Chain, seq: i64, hash: &str) -> Self {
        Self { chain, seq, hash: hash.chars().take(PIN_DIGITS).collect() }
    }

    /// Reads a pin as printed (`L12-3f2a1b4c5d6e7f80`), in either case.
    pub fn parse(text: &str) -> Result<Self, VaultError> {
        let bad =
            || VaultError::InvalidInput(format!("A history pin looks like L12-3f2a1b4c5d6e7f80; `{text}` is not one."));
        let text = text.trim();
        let chain = match text.get(..1) {
            Some("L" | "l") => Chain::Ledger,
            Some("A" | "a") => Chain::Audit,
            _ => return Err(bad()),
        };
        let (seq, hash) = text[1..].split_once('-').ok_or_else(bad)?;
        let seq: i64 = seq.parse().map_err(|_| bad())?;
        let hash = hash.to_ascii_lowercase();
        if seq < 0 || hash.len() != PIN_DIGITS || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Self { chain, seq, hash })
    }
}

impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let letter = match self.chain {
            Chain::Ledger => 'L',
            Chain::Audit => 'A',
        };
        write!(f, "{letter}{}-{}", self.seq, self.hash)
    }
}

/// The newest entry of each chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryHead {
    pub ledger: Pin,
    pub audit: Pin,
}

impl fmt::Display for HistoryHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.ledger, self.audit)
    }
}

/// Where both chains end now (entry 0 for a chain whose table is missing: an older schema, or
/// a database that was emptied, which the checks report).
pub fn head(conn: &Connection) -> Result<HistoryHead, VaultError> {
    let none = || (0, "0".repeat(64));
    let (audit_seq, audit_hash) = if db::has_table(conn, "audit")? { audit::head(conn)? } else { none() };
    let (ledger_seq, ledger_hash) =
        if db::has_table(conn, "disclosure_ledger")? { crate::ledger::head(conn).map_err(into_vault)? } else { none() };
    Ok(HistoryHead {
        ledger: Pin::new(Chain::Ledger, ledger_seq, &ledger_hash),
        audit: Pin::new(Chain::Audit, audit_seq, &audit_hash),
    })
}

/// Everything opening a vault checks, before any migration or write: the triggers of schema
/// `version`, then both chains. Each finding is a sentence for the therapist, without client data.
pub(crate) fn check_history(conn: &Connection, version: i64) -> Result<Vec<String>, VaultError> {
    let mut findings = check_triggers(conn, version)?;
    // Every vault's trail starts with its creation (or its restore): an empty one was emptied.
    if !db::has_table(conn, "audit")? {
        findings.push("The audit trail is missing: the database was emptied or replaced.".to_owned());
        return Ok(findings);
    }
    match audit::verify(conn)? {
        ChainCheck::BrokenAt { seq } => {
            findings.push(format!("Audit trail altered at entry {seq}: an entry was changed, removed or reordered."))
        }
        ChainCheck::Intact { entries: 0 } => {
            findings.push("The audit trail is empty: its entries were removed.".to_owned());
        }
        ChainCheck::Intact { .. } => {}
    }
    if db::has_table(conn, "disclosure_ledger")? {
        let check = crate::ledger::verify(conn).map_err(into_vault)?;
        if !check.intact {
            findings.push(check.message);
        }
    }
    Ok(findings)
}

/// What opening a vault checks, on its own connection before anything else: the schema version
/// (not newer, no migration edited), then [`check_history`] and the anchor.
pub(crate) fn check_on_open(conn: &Connection, dir: &DataDir, vault_id: &str) -> Result<Vec<String>, VaultError> {
    let mut findings = check_history(conn, migrations::applied_version(conn)?)?;
    findings.extend(anchor::check(conn, dir, vault_id)?.finding);
    Ok(findings)
}

/// Refuses with the first finding (and how many more there are), or lets the vault open.
pub(crate) fn refuse_if_any(findings: &[String]) -> Result<(), VaultError> {
    match findings {
        [] => Ok(()),
        [one] => Err(VaultError::Altered(one.clone())),
        [first, rest @ ..] => Err(VaultError::Altered(format!("{first} ({} more problems found.)", rest.len()))),
    }
}

/// Every trigger the migrations of `version` create must be there with the same table and SQL,
/// and no other. A guard dropped, weakened or added (one that quietly undoes a write) is reported.
fn check_triggers(conn: &Connection, version: i64) -> Result<Vec<String>, VaultError> {
    let expected = migrations::expected_triggers(version)?;
    let found = migrations::triggers(conn)?;
    let mut findings = Vec::new();
    for (name, definition) in &expected {
        match found.get(name) {
            None => findings.push(format!("Protective trigger {name} is missing.")),
            Some(actual) if actual != definition => findings.push(format!("Protective trigger {name} was changed.")),
            Some(_) => {}
        }
    }
    for name in found.keys().filter(|name| !expected.contains_key(*name)) {
        findings.push(format!("Trigger {name} was added outside Confidant."));
    }
    Ok(findings)
}

pub(crate) fn into_vault(error: crate::ledger::LedgerError) -> VaultError {
    match error {
        crate::ledger::LedgerError::Vault(vault) => vault,
        other => VaultError::InvalidInput(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_reads_back_as_printed() {
        let pin = Pin::new(Chain::Ledger, 12, "3f2a1b4c5d6e7f8091a2b3c4d5e6f708");
        assert_eq!(pin.to_string(), "L12-3f2a1b4c5d6e7f80");
        assert_eq!(Pin::parse("l12-3F2A1B4C5D6E7F80").expect("parses"), pin);
        for bad in ["", "L12", "X12-3f2a1b4c5d6e7f80", "L-1-3f2a1b4c5d6e7f80", "L12-3f2a", "A3-zzzzzzzzzzzzzzzz"] {
            assert!(Pin::parse(bad).is_err(), "{bad} is not a pin");
        }
    }

    #[test]
    fn a_fresh_schema_has_every_trigger_it_expects_and_no_other() {
        let mut conn = Connection::open_in_memory().expect("db");
        migrations::apply(&mut conn).expect("schema");
        let findings = check_triggers(&conn, migrations::latest_version()).expect("check");
        assert!(findings.is_empty(), "{findings:?}");
        assert!(
            migrations::expected_triggers(migrations::latest_version())
                .expect("expected")
                .contains_key("audit_is_kept"),
            "the audit trail's guards are among them"
        );
    }
}

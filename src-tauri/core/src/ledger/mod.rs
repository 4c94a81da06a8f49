//! The disclosure ledger (docs/DOMAIN.md section 7): every disclosure, append-only and hash-chained,
//! and the legal bases a disclosure may rest on ([`basis`]).
//!
//! It sits low in the core, beside the audit trail: the notes read their disclosure marks from
//! it, the disclosure module writes its entries, and the vault checks its chain when it opens;
//! it knows none of them.
//!
//! Each entry's `body_hash` covers what was disclosed (recipient, description, notes, ...), and
//! its `hash` covers its sequence number, time, client, kind, the entry it corrects, the body
//! hash and the previous entry's hash. Editing, removing or reordering a row breaks the chain
//! at that row. The newest entry is also anchored in the audit trail (`disclosure_recorded`
//! with its number and hash), so removing entries from the end is detected too. Destroying a
//! client's record blanks the content of its entries but keeps their hashes (migration 5), so
//! the chain still verifies and a blanked entry of a client still in the register is reported.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub mod basis;

pub use basis::LegalBasis;

use crate::audit::{self, AuditEvent};
use crate::error::VaultError;
use crate::hash::hash_parts;
use crate::time::now_utc;

/// What can go wrong with the ledger itself.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// A correction names an entry of another client (or none).
    #[error("That ledger entry is not this client's.")]
    NotThisClients,
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl From<rusqlite::Error> for LedgerError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Vault(VaultError::Sql(error))
    }
}

impl From<LedgerError> for crate::ApiError {
    fn from(error: LedgerError) -> Self {
        match error {
            LedgerError::NotThisClients => crate::ApiError::new(crate::ErrorCode::Other, error.to_string()),
            LedgerError::Vault(vault) => vault.into(),
        }
    }
}

/// One disclosure of a note, as the note shows it ([`marks_by_note`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DisclosureMark {
    pub ledger_entry_id: i64,
    pub disclosed_at: String,
    pub recipient: String,
    pub basis: String,
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What kind of disclosure an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A release packet printed or saved for a recipient.
    Release,
    /// The client's copy of her record.
    RecordCopy,
    /// The privacy summary given to the client.
    PrivacySummary,
    /// An accounting of disclosures given to the client.
    Accounting,
    /// The letter telling the client her accounting comes within the 30-day extension.
    AccountingExtension,
    /// A disclosure made outside the app (a mandated report by phone, ...), recorded afterwards.
    Recorded,
    /// A receipt, statement, superbill or Good Faith Estimate given to the client.
    Billing,
}

impl EntryKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Release => "release",
            Self::RecordCopy => "record_copy",
            Self::PrivacySummary => "privacy_summary",
            Self::Accounting => "accounting",
            Self::AccountingExtension => "accounting_extension",
            Self::Recorded => "recorded",
            Self::Billing => "billing",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "record_copy" => Self::RecordCopy,
            "privacy_summary" => Self::PrivacySummary,
            "accounting" => Self::Accounting,
            "accounting_extension" => Self::AccountingExtension,
            "recorded" => Self::Recorded,
            "billing" => Self::Billing,
            _ => Self::Release,
        }
    }
}

/// On what footing something was disclosed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind", content = "legal")]
pub enum Basis {
    /// The client's signed authorization.
    Authorization,
    /// To the client herself, at her request.
    Client,
    Law(LegalBasis),
}

impl Basis {
    fn as_str(self) -> &'static str {
        match self {
            Self::Authorization => "authorization",
            Self::Client => "client",
            Self::Law(basis) => basis.as_str(),
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "authorization" => Self::Authorization,
            "client" => Self::Client,
            other => LegalBasis::parse(other).map(Self::Law).unwrap_or(Self::Client),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Authorization => "Client's authorization",
            Self::Client => "To the client",
            Self::Law(basis) => basis.label(),
        }
    }

    /// Disclosures the client may ask an accounting of: those required or allowed by law
    /// without her authorization. Those she authorized, or made to her, are exempt.
    pub fn accountable(self) -> bool {
        matches!(self, Self::Law(_))
    }
}

/// How it left.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Verbal,
    #[default]
    Printed,
    Mailed,
    Fax,
    SecureEmail,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Self::Verbal => "verbal",
            Self::Printed => "printed",
            Self::Mailed => "mailed",
            Self::Fax => "fax",
            Self::SecureEmail => "secure_email",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "verbal" => Self::Verbal,
            "mailed" => Self::Mailed,
            "fax" => Self::Fax,
            "secure_email" => Self::SecureEmail,
            _ => Self::Printed,
        }
    }
}

/// An entry to append. Written only by this module's callers inside their own transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub client_id: i64,
    pub kind: EntryKind,
    pub corrects: Option<i64>,
    /// When it was disclosed: `YYYY-MM-DDTHH:MM` local time, as she recorded it.
    pub disclosed_at: String,
    pub basis: Basis,
    pub authorization_id: Option<i64>,
    pub recipient_name: String,
    pub recipient_address: String,
    /// A brief description of what was disclosed.
    pub description: String,
    pub purpose: String,
    pub note_ids: Vec<i64>,
    pub method: Method,
    /// A hotline or case reference number.
    pub reference: String,
    /// Whether and when the client was told, in words.
    pub client_informed: String,
}

impl NewEntry {
    /// A paper printed for the client herself, at her request: her record copy, an accounting,
    /// a privacy summary.
    pub(crate) fn to_client(client_id: i64, kind: EntryKind, description: String, note_ids: Vec<i64>) -> Self {
        Self {
            client_id,
            kind,
            corrects: None,
            disclosed_at: disclosed_now(),
            basis: Basis::Client,
            authorization_id: None,
            recipient_name: "The client".into(),
            recipient_address: String::new(),
            description,
            purpose: "At the client's request".into(),
            note_ids,
            method: Method::Printed,
            reference: String::new(),
            client_informed: String::new(),
        }
    }
}

/// Now, as `disclosed_at` is written for a disclosure made in the app.
pub(crate) fn disclosed_now() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M").to_string()
}

/// One entry as the ledger shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    pub seq: i64,
    pub recorded_at: String,
    pub client_id: i64,
    pub kind: EntryKind,
    pub accountable: bool,
    pub corrects: Option<i64>,
    /// The newer entry that corrects this one, if any.
    pub corrected_by: Option<i64>,
    pub disclosed_at: String,
    pub basis: Basis,
    pub basis_label: String,
    pub authorization_id: Option<i64>,
    pub recipient_name: String,
    pub recipient_address: String,
    pub description: String,
    pub purpose: String,
    pub note_ids: Vec<i64>,
    pub method: Method,
    pub reference: String,
    pub client_informed: String,
}

/// The ledger's own fields in hash order (as stored: ids as decimal text, enums as their
/// stored names): everything but the chain columns.
fn body_hash(parts: [&str; 11]) -> String {
    hash_parts(&parts)
}

fn new_body_hash(entry: &NewEntry, note_ids: &str) -> String {
    let authorization = entry.authorization_id.map(|id| id.to_string()).unwrap_or_default();
    body_hash([
        &entry.disclosed_at,
        entry.basis.as_str(),
        &authorization,
        &entry.recipient_name,
        &entry.recipient_address,
        &entry.description,
        &entry.purpose,
        note_ids,
        entry.method.as_str(),
        &entry.reference,
        &entry.client_informed,
    ])
}

/// The body hash of a stored row, from its raw columns 6 to 16 (see `COLUMNS`).
fn stored_body_hash(row: &Row<'_>) -> rusqlite::Result<String> {
    let text = |i: usize| -> rusqlite::Result<String> { row.get(i) };
    let authorization = row.get::<_, Option<i64>>(8)?.map(|id| id.to_string()).unwrap_or_default();
    Ok(body_hash([
        &text(6)?,
        &text(7)?,
        &authorization,
        &text(9)?,
        &text(10)?,
        &text(11)?,
        &text(12)?,
        &text(13)?,
        &text(14)?,
        &text(15)?,
        &text(16)?,
    ]))
}

#[allow(clippy::too_many_arguments)]
fn chain_hash(
    seq: i64,
    recorded_at: &str,
    client_id: i64,
    kind: &str,
    accountable: bool,
    corrects: Option<i64>,
    body_hash: &str,
    prev_hash: &str,
) -> String {
    let corrects = corrects.map(|c| c.to_string()).unwrap_or_default();
    hash_parts(&[
        &seq.to_string(),
        recorded_at,
        &client_id.to_string(),
        kind,
        if accountable { "1" } else { "0" },
        &corrects,
        body_hash,
        prev_hash,
    ])
}

fn note_ids_text(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Appends an entry and anchors it in the audit trail. Call inside the transaction that
/// records everything else about the disclosure. Returns its number.
pub(crate) fn append(conn: &Connection, entry: &NewEntry) -> Result<i64, LedgerError> {
    if let Some(corrected) = entry.corrects {
        let client: Option<i64> = conn
            .query_row("SELECT client_id FROM disclosure_ledger WHERE seq = ?1", [corrected], |r| r.get(0))
            .optional()?;
        if client != Some(entry.client_id) {
            return Err(LedgerError::NotThisClients);
        }
    }
    let (last_seq, prev_hash) = head(conn)?;
    let seq = last_seq + 1;
    let recorded_at = now_utc();
    let note_ids = note_ids_text(&entry.note_ids);
    let accountable = entry.basis.accountable();
    let body = new_body_hash(entry, &note_ids);
    let kind = entry.kind.as_str();
    let hash = chain_hash(seq, &recorded_at, entry.client_id, kind, accountable, entry.corrects, &body, &prev_hash);
    conn.execute(
        "INSERT INTO disclosure_ledger (seq, recorded_at, client_id, kind, accountable, corrects, disclosed_at,
             basis, authorization_id, recipient_name, recipient_address, description, purpose, note_ids, method,
             reference, client_informed, body_hash, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
        params![
            seq,
            recorded_at,
            entry.client_id,
            kind,
            accountable,
            entry.corrects,
            entry.disclosed_at,
            entry.basis.as_str(),
            entry.authorization_id,
            entry.recipient_name,
            entry.recipient_address,
            entry.description,
            entry.purpose,
            note_ids,
            entry.method.as_str(),
            entry.reference,
            entry.client_informed,
            body,
            prev_hash,
            hash
        ],
    )?;
    audit::append(
        conn,
        AuditEvent::DisclosureRecorded,
        &format!("client={} entry={seq} kind={kind} hash={hash}", entry.client_id),
    )?;
    Ok(seq)
}

/// The newest entry's number and hash (0 and the genesis hash for an empty ledger).
pub fn head(conn: &Connection) -> Result<(i64, String), LedgerError> {
    Ok(conn
        .query_row("SELECT seq, hash FROM disclosure_ledger ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .unwrap_or((0, GENESIS.to_owned())))
}

/// The stored hash of entry `seq`, if the ledger has it.
pub fn hash_of(conn: &Connection, seq: i64) -> Result<Option<String>, LedgerError> {
    if seq == 0 {
        return Ok(Some(GENESIS.to_owned()));
    }
    Ok(conn.query_row("SELECT hash FROM disclosure_ledger WHERE seq = ?1", [seq], |r| r.get(0)).optional()?)
}

const COLUMNS: &str = "seq, recorded_at, client_id, kind, accountable, corrects, disclosed_at, basis, authorization_id,
    recipient_name, recipient_address, description, purpose, note_ids, method, reference, client_informed";

fn read(row: &Row<'_>) -> rusqlite::Result<LedgerEntry> {
    let basis = Basis::parse(&row.get::<_, String>(7)?);
    let note_ids: String = row.get(13)?;
    Ok(LedgerEntry {
        seq: row.get(0)?,
        recorded_at: row.get(1)?,
        client_id: row.get(2)?,
        kind: EntryKind::parse(&row.get::<_, String>(3)?),
        accountable: row.get(4)?,
        corrects: row.get(5)?,
        corrected_by: None,
        disclosed_at: row.get(6)?,
        basis,
        basis_label: basis.label().to_owned(),
        authorization_id: row.get(8)?,
        recipient_name: row.get(9)?,
        recipient_address: row.get(10)?,
        description: row.get(11)?,
        purpose: row.get(12)?,
        note_ids: note_ids.split(',').filter_map(|id| id.parse().ok()).collect(),
        method: Method::parse(&row.get::<_, String>(14)?),
        reference: row.get(15)?,
        client_informed: row.get(16)?,
    })
}

/// A client's entries, oldest first, each knowing the newer entry that corrects it.
pub fn entries_for_client(conn: &Connection, client_id: i64) -> Result<Vec<LedgerEntry>, LedgerError> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM disclosure_ledger WHERE client_id = ?1 ORDER BY seq"))?;
    let mut entries: Vec<LedgerEntry> = stmt.query_map([client_id], read)?.collect::<Result<_, _>>()?;
    let corrections: HashMap<i64, i64> = entries.iter().filter_map(|e| e.corrects.map(|old| (old, e.seq))).collect();
    for entry in &mut entries {
        entry.corrected_by = corrections.get(&entry.seq).copied();
    }
    Ok(entries)
}

/// The entries that stand: those not corrected by a newer one.
pub fn current_entries(conn: &Connection, client_id: i64) -> Result<Vec<LedgerEntry>, LedgerError> {
    let mut entries = entries_for_client(conn, client_id)?;
    entries.retain(|e| e.corrected_by.is_none());
    Ok(entries)
}

/// Whether, to whom, when and on what basis each disclosed note of a client has been disclosed,
/// newest first, by note id. One query for a whole timeline (the ledger's `(client_id, seq)`
/// index), so a client with hundreds of notes costs no more than one with few.
pub fn marks_by_note(conn: &Connection, client_id: i64) -> Result<BTreeMap<i64, Vec<DisclosureMark>>, LedgerError> {
    let mut marks: BTreeMap<i64, Vec<DisclosureMark>> = BTreeMap::new();
    for entry in current_entries(conn, client_id)?.into_iter().rev() {
        for note_id in &entry.note_ids {
            marks.entry(*note_id).or_default().push(DisclosureMark {
                ledger_entry_id: entry.seq,
                disclosed_at: entry.disclosed_at.clone(),
                recipient: entry.recipient_name.clone(),
                basis: entry.basis_label.clone(),
            });
        }
    }
    Ok(marks)
}

/// The result of checking the ledger, for the window and for `confidant ledger verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerCheck {
    pub intact: bool,
    pub entries: i64,
    /// The first entry number where the chain no longer holds.
    pub altered_at: Option<i64>,
    /// "Ledger intact: 12 entries." or where and how it was altered.
    pub message: String,
}

impl LedgerCheck {
    fn altered(seq: i64, what: &str) -> Self {
        Self {
            intact: false,
            entries: 0,
            altered_at: Some(seq),
            message: format!("Ledger altered at entry {seq}: {what}."),
        }
    }
}

/// Checks every entry's hashes, the chain, the numbering and the anchor in the audit trail.
pub fn verify(conn: &Connection) -> Result<LedgerCheck, LedgerError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS}, redacted, body_hash, prev_hash, hash,
                EXISTS (SELECT 1 FROM clients c WHERE c.id = disclosure_ledger.client_id)
         FROM disclosure_ledger ORDER BY seq"
    ))?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_owned();
    let mut expected_seq = 1;
    while let Some(row) = rows.next()? {
        let e = read(row)?;
        let (redacted, stored_body, prev_hash, hash): (bool, String, String, String) =
            (row.get(17)?, row.get(18)?, row.get(19)?, row.get(20)?);
        let client_exists: bool = row.get(21)?;
        if e.seq != expected_seq {
            return Ok(LedgerCheck::altered(expected_seq.min(e.seq), "an entry is missing or out of order"));
        }
        if prev_hash != expected_prev {
            return Ok(LedgerCheck::altered(e.seq, "it does not follow the entry before it"));
        }
        let kind = row.get::<_, String>(3)?;
        if chain_hash(e.seq, &e.recorded_at, e.client_id, &kind, e.accountable, e.corrects, &stored_body, &prev_hash)
            != hash
        {
            return Ok(LedgerCheck::altered(e.seq, "its details were changed"));
        }
        if redacted && client_exists {
            return Ok(LedgerCheck::altered(e.seq, "its content was erased though the client's record exists"));
        }
        if !redacted && stored_body_hash(row)? != stored_body {
            return Ok(LedgerCheck::altered(e.seq, "what it records was changed"));
        }
        expected_prev = hash;
        expected_seq += 1;
    }
    let entries = expected_seq - 1;
    if let Some(problem) = check_anchor(conn, entries, &expected_prev)? {
        return Ok(problem);
    }
    let message = match entries {
        1 => "Ledger intact: 1 entry.".to_owned(),
        n => format!("Ledger intact: {n} entries."),
    };
    Ok(LedgerCheck { intact: true, entries, altered_at: None, message })
}

/// The newest `disclosure_recorded` audit entry names the ledger's last entry and its hash.
fn check_anchor(conn: &Connection, entries: i64, last_hash: &str) -> Result<Option<LedgerCheck>, LedgerError> {
    let detail: Option<String> = conn
        .query_row(
            "SELECT detail FROM audit WHERE event = ?1 ORDER BY seq DESC LIMIT 1",
            [AuditEvent::DisclosureRecorded.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    let field = |detail: &str, name: &str| {
        detail.split(' ').find_map(|part| part.strip_prefix(name).map(str::to_owned)).unwrap_or_default()
    };
    let (anchored_seq, anchored_hash) = match detail {
        Some(d) => (field(&d, "entry=").parse::<i64>().unwrap_or(-1), field(&d, "hash=")),
        None => (0, GENESIS.to_owned()),
    };
    if anchored_seq > entries {
        return Ok(Some(LedgerCheck::altered(entries + 1, "entries at the end were removed")));
    }
    if anchored_seq < entries {
        return Ok(Some(LedgerCheck::altered(anchored_seq + 1, "an entry was added outside Confidant")));
    }
    if anchored_hash != last_hash {
        return Ok(Some(LedgerCheck::altered(entries, "its details were changed")));
    }
    Ok(None)
}

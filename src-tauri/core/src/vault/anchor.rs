//! `vault.anchor`, beside the key file: the audit trail's newest entry (number and hash) as
//! Confidant last left it, written at every unlock, lock and disclosure.
//!
//! The hash chains show an entry changed or removed from the middle, but not entries removed
//! from the end of both chains at once (the ledger's own anchor is in the audit trail), nor an
//! older copy of the database put in place of the current one. The anchor does: its entry must
//! still be in the trail, with the same hash. It holds nothing secret and is not signed: someone
//! holding the passphrase can rewrite it along with the database (what it catches is what they
//! overlook, and a rollback by someone without the passphrase). Once a vault has had an anchor
//! (the vault records its own id in `settings`), a missing one is a finding, so deleting the file
//! does not switch the check off; a vault from before anchors, or one just restored (a new vault
//! id), simply gets its first.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::audit;
use crate::error::VaultError;
use crate::paths::DataDir;
use crate::vault::keyfile;

const FORMAT: &str = "confidant-vault-anchor";
const VERSION: u32 = 1;
/// A small file: anything longer is not an anchor.
const MAX_LEN: u64 = 4096;
/// The setting naming the vault whose anchor file must exist.
const ANCHORED_VAULT: &str = "integrity.anchored_vault_id";

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnchorFile {
    format: String,
    version: u32,
    vault_id: String,
    audit: Entry,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    seq: i64,
    hash: String,
}

/// What checking the anchor found.
pub(crate) struct AnchorCheck {
    /// A sentence for the therapist when the trail does not reach the anchored entry.
    pub finding: Option<String>,
    /// Whether there was an anchor of this vault to check against.
    pub checked: bool,
}

/// The anchored entry must be in the trail with the anchored hash.
pub(crate) fn check(conn: &Connection, dir: &DataDir, vault_id: &str) -> Result<AnchorCheck, VaultError> {
    // A database without its trail has nothing to check against (and that is a finding already).
    if !super::db::has_table(conn, "audit")? {
        return Ok(AnchorCheck { finding: None, checked: false });
    }
    let expected = crate::settings::get(conn, ANCHORED_VAULT)?.as_deref() == Some(vault_id);
    let Some(anchor) = read(dir).filter(|a| a.vault_id == vault_id) else {
        let finding = expected.then(|| {
            "The anchor file beside the vault (vault.anchor) is missing or unreadable, so the end of the audit trail \
             cannot be checked."
                .to_owned()
        });
        return Ok(AnchorCheck { finding, checked: false });
    };
    let seq = anchor.audit.seq;
    let finding = match audit::hash_of(conn, seq)? {
        None => {
            let (last, _) = audit::head(conn)?;
            Some(format!(
                "Audit trail altered after entry {last}: entries at the end were removed (vault.anchor names entry {seq})."
            ))
        }
        Some(hash) if hash != anchor.audit.hash => {
            Some(format!("Audit trail altered at entry {seq}: it is not the entry vault.anchor recorded."))
        }
        Some(_) => None,
    };
    Ok(AnchorCheck { finding, checked: true })
}

/// Writes the trail's newest entry into the anchor file (atomically, owner-only), then records in
/// the vault that it has one. In that order: a vault never expects an anchor that was not written.
pub(crate) fn pin(conn: &Connection, dir: &DataDir, vault_id: &str) -> Result<(), VaultError> {
    let (seq, hash) = audit::head(conn)?;
    let file =
        AnchorFile { format: FORMAT.into(), version: VERSION, vault_id: vault_id.into(), audit: Entry { seq, hash } };
    // Serializing plain strings and integers cannot fail.
    let json = serde_json::to_string_pretty(&file).unwrap_or_default();
    // A write cut short by a crash leaves its temporary file beside the anchor: the next removes it.
    keyfile::remove_unfinished_writes(&dir.anchor_file())?;
    keyfile::write_private(&dir.anchor_file(), json.as_bytes())?;
    if crate::settings::get(conn, ANCHORED_VAULT)?.as_deref() != Some(vault_id) {
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![ANCHORED_VAULT, vault_id],
        )?;
    }
    Ok(())
}

/// The anchor file, if there is a readable one.
fn read(dir: &DataDir) -> Option<AnchorFile> {
    let path = dir.anchor_file();
    if std::fs::metadata(&path).ok()?.len() > MAX_LEN {
        return None;
    }
    let anchor: AnchorFile = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    (anchor.format == FORMAT && anchor.version == VERSION).then_some(anchor)
}

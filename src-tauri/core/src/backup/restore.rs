//! Restoring: a verified backup becomes a vault again, re-encrypted with a fresh data key, a new
//! key file and a new recovery key (the restored vault's recovery sheet is new).
//!
//! Into a new folder ([`restore_into_new`]), or replacing the current vault only after the whole
//! backup verified and the therapist confirmed ([`prepare_replacement`], then
//! [`Replacement::replace`] once the current vault is locked). The replaced vault is moved aside
//! into `replaced-<time>/` in the same folder and stays there until the restored vault (that one,
//! by its id) has been unlocked ([`finish_replacement`]); until then [`undo_replacement`] puts
//! it back. A journal in that folder records how far a replacement got, so that the next start
//! ([`settle_interrupted_replacement`]) finishes or undoes one a crash interrupted.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::create::create_private_folder;
use super::format::{self, BackupKind};
use super::verify::{self, Depth, Opened};
use super::{BackupError, BackupKey, BackupSummary};
use crate::audit::{self, AuditEvent};
use crate::error::VaultError;
use crate::paths::DataDir;
use crate::secret::{Passphrase, RecoveryKeyText};
use crate::vault::kdf::KdfParams;
use crate::vault::keyfile::{self, KeyFile};
use crate::vault::{self, migrations, PassphraseChecked, Session};

const RESTORE_SCHEMA: &str = "confidant_restore_image";
const ASIDE_PREFIX: &str = "replaced-";
/// A replaced vault on its way out: a folder with this name is removed at the next start.
const REMOVING_PREFIX: &str = "removing-";
const JOURNAL: &str = "replacement.json";
const JOURNAL_FORMAT: &str = "confidant-replacement";
const JOURNAL_VERSION: u32 = 1;

/// The backup file she chose, before any key is typed: enough to ask for the right key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChosenBackup {
    /// The file's name, without its folder.
    pub file_name: String,
    /// A manual backup opens with its passphrase, an automatic one with the recovery key.
    pub kind: BackupKind,
}

/// A vault restored from a backup. Like a new vault it has a new recovery key, shown once (so
/// this is not `Clone`, and the key is zeroed when dropped).
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoredVault {
    /// Groups of four characters separated by dashes.
    #[ts(type = "string")]
    pub recovery_key: RecoveryKeyText,
    pub summary: BackupSummary,
}

impl RestoredVault {
    pub fn new(session: &Session, summary: BackupSummary) -> Self {
        Self { recovery_key: RecoveryKeyText::of(session.pending_recovery_key()), summary }
    }
}

/// Which key the backup at `path` needs, from its header alone; a file that is not a backup is
/// refused here, before she types anything.
pub fn describe(path: &Path) -> Result<ChosenBackup, BackupError> {
    let kind = verify::peek_kind(path)?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(ChosenBackup { file_name, kind })
}

/// Restores the backup into a new vault in `dir` (which must not hold one) with a new
/// passphrase. Returns the unlocked vault; its new recovery key is pending, as after creation.
pub fn restore_into_new(
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: &Passphrase,
    confirmation: &Passphrase,
) -> Result<(Session, BackupSummary), BackupError> {
    vault::check_new_passphrase(passphrase, confirmation)?;
    if vault::exists(dir) || dir.database().exists() {
        return Err(VaultError::VaultExists.into());
    }
    let opened = verify::open(backup, key, Depth::Full)?;
    into_new(opened, dir, passphrase, KdfParams::calibrate()?, &keyfile::new_vault_id())
}

/// [`restore_into_new`] with cheap key derivation, for tests only.
#[cfg(feature = "test-support")]
pub fn restore_into_new_for_tests(
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: &str,
) -> Result<(Session, BackupSummary), BackupError> {
    if vault::exists(dir) || dir.database().exists() {
        return Err(VaultError::VaultExists.into());
    }
    let opened = verify::open(backup, key, Depth::Full)?;
    into_new(opened, dir, &Passphrase::new(passphrase.into()), KdfParams::cheap_for_tests(), &keyfile::new_vault_id())
}

fn into_new(
    opened: Opened,
    dir: &DataDir,
    passphrase: &Passphrase,
    params: KdfParams,
    vault_id: &str,
) -> Result<(Session, BackupSummary), BackupError> {
    let summary = verify::summary(&opened.manifest);
    let Opened { manifest, mut image } = opened;
    let detail = format!("backup_of={} app={}", manifest.created_at, manifest.app_version);
    let session = vault::create_with_content(dir, passphrase, params, vault_id, |conn| {
        import(conn, &mut image).map_err(|e| match e {
            BackupError::Vault(inner) => inner,
            other => VaultError::InvalidInput(other.to_string()),
        })?;
        audit::append(conn, AuditEvent::Restored, &detail)
    })?;
    Ok((session, summary))
}

/// Copies the image into the new, encrypted database, then brings its schema up to date.
///
/// The image is copied page by page into an attached plain in-memory database (SQLite's backup
/// API; `sqlite3_deserialize` would re-attach it under the vault's key), its search indexes are
/// rebuilt from the notes there (empty in a format 2 image; rebuilt from format 1 too, so every
/// restored vault has an index that matches its notes), then it is exported into the encrypted
/// database by SQLCipher.
fn import(conn: &mut Connection, image: &mut Connection) -> Result<(), BackupError> {
    let version: i64 = image.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    conn.execute_batch(&format!("ATTACH DATABASE ':memory:' AS {RESTORE_SCHEMA} KEY '';"))?;
    let copied = copy_pages(image, conn).and_then(|()| rebuild_search_indexes(conn)).and_then(|()| {
        conn.execute_batch(&format!(
            "SELECT sqlcipher_export('main', '{RESTORE_SCHEMA}'); PRAGMA main.user_version = {version};"
        ))
    });
    let detached = conn.execute_batch(&format!("DETACH DATABASE {RESTORE_SCHEMA};"));
    copied?;
    detached?;
    // The old vault's automatic-backup keys belong to its recovery key, not to this vault's.
    conn.execute("DELETE FROM settings WHERE key LIKE 'backup.auto%'", [])?;
    migrations::apply(conn)?;
    Ok(())
}

fn rebuild_search_indexes(conn: &Connection) -> rusqlite::Result<()> {
    for index in format::SEARCH_INDEXES {
        let present: bool = conn.query_row(
            &format!("SELECT count(*) > 0 FROM {RESTORE_SCHEMA}.sqlite_schema WHERE type = 'table' AND name = ?1"),
            [index],
            |r| r.get(0),
        )?;
        if present {
            conn.execute_batch(&format!("INSERT INTO {RESTORE_SCHEMA}.{index} ({index}) VALUES ('rebuild');"))?;
        }
    }
    Ok(())
}

fn copy_pages(image: &Connection, conn: &mut Connection) -> rusqlite::Result<()> {
    let backup = rusqlite::backup::Backup::new_with_names(image, "main", conn, RESTORE_SCHEMA)?;
    backup.run_to_completion(i32::MAX, std::time::Duration::ZERO, None)
}

/// A backup verified in full, her confirmation given and the new passphrase checked: ready to
/// replace the current vault. Nothing has changed yet, so the current vault stays open until
/// [`Replacement::replace`].
pub struct Replacement {
    opened: Opened,
    passphrase: Passphrase,
    params: KdfParams,
}

/// Checks everything a replacement needs before the current vault is touched or even locked:
/// the vault passphrase typed again (`_checked`), her confirmation, the new passphrase, no
/// earlier replaced vault still aside, and the whole backup.
pub fn prepare_replacement(
    _checked: PassphraseChecked,
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: Passphrase,
    confirmation: &Passphrase,
    confirmed: bool,
) -> Result<Replacement, BackupError> {
    if !confirmed {
        return Err(BackupError::NotConfirmed);
    }
    vault::check_new_passphrase(&passphrase, confirmation)?;
    prepare(backup, key, dir, passphrase, KdfParams::calibrate()?)
}

/// [`prepare_replacement`] with cheap key derivation, for tests only.
#[cfg(feature = "test-support")]
pub fn prepare_replacement_for_tests(
    _checked: PassphraseChecked,
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: &str,
    confirmed: bool,
) -> Result<Replacement, BackupError> {
    if !confirmed {
        return Err(BackupError::NotConfirmed);
    }
    prepare(backup, key, dir, Passphrase::new(passphrase.into()), KdfParams::cheap_for_tests())
}

/// [`prepare_replacement_for_tests`], then [`Replacement::replace`] (the vault in `dir` locked).
#[cfg(feature = "test-support")]
pub fn restore_replacing_for_tests(
    checked: PassphraseChecked,
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: &str,
    confirmed: bool,
) -> Result<(Session, BackupSummary), BackupError> {
    prepare_replacement_for_tests(checked, backup, key, dir, passphrase, confirmed)?.replace(dir)
}

fn prepare(
    backup: &Path,
    key: &BackupKey,
    dir: &DataDir,
    passphrase: Passphrase,
    params: KdfParams,
) -> Result<Replacement, BackupError> {
    refuse_if_one_is_aside(dir)?;
    let opened = verify::open(backup, key, Depth::Full)?;
    Ok(Replacement { opened, passphrase, params })
}

impl Replacement {
    /// What the verified backup holds.
    pub fn summary(&self) -> BackupSummary {
        verify::summary(&self.opened.manifest)
    }

    /// Replaces the vault in `dir` with the backup. The current vault must be locked by now (its
    /// session dropped). Its files are moved into `replaced-<time>/` first, then the restored
    /// vault is written in their place; a journal in that folder says how far it got, so that
    /// a failure here, or a crash and the next start ([`settle_interrupted_replacement`]), puts
    /// the current vault back unless the restored one is complete.
    pub fn replace(self, dir: &DataDir) -> Result<(Session, BackupSummary), BackupError> {
        refuse_if_one_is_aside(dir)?;
        let mut journal = Journal {
            format: JOURNAL_FORMAT.into(),
            version: JOURNAL_VERSION,
            phase: Phase::SettingAside,
            replaced_vault_id: KeyFile::read(&dir.key_file())?.vault_id().to_owned(),
            restored_vault_id: keyfile::new_vault_id(),
        };
        let aside = dir.root().join(format!("{ASIDE_PREFIX}{}", Utc::now().format("%Y%m%d-%H%M%S")));
        create_private_folder(&aside)?;
        let done = journal
            .write(&aside, "replace: journal written, setting the vault aside")
            .and_then(|()| move_files(dir.root(), &aside, "replace: set aside"))
            .and_then(|()| {
                journal.phase = Phase::Restoring;
                journal.write(&aside, "replace: journal says restoring")
            })
            .and_then(|()| into_new(self.opened, dir, &self.passphrase, self.params, &journal.restored_vault_id))
            .and_then(|done| {
                journal.phase = Phase::Restored;
                journal.write(&aside, "replace: journal says restored")?;
                Ok(done)
            });
        if done.is_err() {
            // Best effort: what cannot be undone now is undone at the next start.
            let _ = undo(dir, &aside);
        }
        done
    }
}

/// Only one replaced vault waits at a time: the restore before must be finished or undone.
fn refuse_if_one_is_aside(dir: &DataDir) -> Result<(), BackupError> {
    match pending_replacement(dir) {
        Some(_) => Err(VaultError::InvalidInput(
            "A vault replaced earlier is still kept aside: unlock the restored vault or undo that first.".into(),
        )
        .into()),
        None => Ok(()),
    }
}

/// The folder holding a replaced vault, if one is waiting.
pub fn pending_replacement(dir: &DataDir) -> Option<PathBuf> {
    folders(dir, ASIDE_PREFIX).pop()
}

fn folders(dir: &DataDir, prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir.root())
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with(prefix) && e.path().is_dir())
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// The restored vault was unlocked: the vault it replaced is no longer needed and is removed.
/// Only the restored vault named in the journal does this; any other vault leaves it alone.
pub fn finish_replacement(session: &Session) -> Result<(), BackupError> {
    let dir = session.data_dir();
    let aside = pending_replacement(dir).ok_or(BackupError::NothingReplaced)?;
    let journal = Journal::read(&aside).ok_or(BackupError::NothingReplaced)?;
    let unlocked = KeyFile::read(&dir.key_file())?;
    if journal.phase != Phase::Restored || unlocked.vault_id() != journal.restored_vault_id {
        return Err(BackupError::NothingReplaced);
    }
    // One rename makes it gone for every later start, however far the removal gets.
    let removing = aside.with_file_name(format!(
        "{REMOVING_PREFIX}{}",
        aside.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    ));
    fs::rename(&aside, &removing)?;
    sync_folder(dir.root());
    crate::fault::point("finish: the replaced vault is marked for removal");
    fs::remove_dir_all(&removing)?;
    crate::fault::point("finish: the replaced vault is removed");
    session.record(AuditEvent::ReplacedVaultRemoved, "")?;
    Ok(())
}

/// After every successful unlock: the vault a restore replaced goes once the restored vault is
/// the one unlocked.
pub fn finish_pending_replacement(session: &Session) -> Result<(), BackupError> {
    match finish_replacement(session) {
        Err(BackupError::NothingReplaced) => Ok(()),
        other => other,
    }
}

/// Puts the replaced vault back and removes the restored one. The restored vault must be
/// locked (its session dropped) first.
pub fn undo_replacement(dir: &DataDir) -> Result<(), BackupError> {
    let aside = pending_replacement(dir).ok_or(BackupError::NothingReplaced)?;
    if !aside.join("vault.key").exists() {
        return Err(BackupError::NothingReplaced);
    }
    undo(dir, &aside)
}

/// What Confidant does when it starts, before anything looks for a vault: a replacement that was
/// interrupted (a crash, a power cut) is finished or undone. The vault set aside comes back
/// unless the restored vault is complete; a complete one stays, and the vault it replaced waits
/// aside until the restored vault is unlocked. Leftovers of a removal, and of the vault's own
/// small writes, are removed.
pub fn settle_interrupted_replacement(dir: &DataDir) -> Result<(), BackupError> {
    vault::remove_unfinished_writes(dir)?;
    for leftover in folders(dir, REMOVING_PREFIX) {
        fs::remove_dir_all(leftover)?;
    }
    let Some(aside) = pending_replacement(dir) else { return Ok(()) };
    match Journal::read(&aside) {
        Some(journal) if journal.phase == Phase::Restored => Ok(()),
        Some(_) => undo(dir, &aside),
        None => settle_without_journal(dir, &aside),
    }
}

/// A folder without a journal: the journal was never written (nothing was moved yet), or an
/// older version of Confidant set the vault aside. A complete vault in the data folder is the
/// restored one; otherwise the vault aside comes back.
fn settle_without_journal(dir: &DataDir, aside: &Path) -> Result<(), BackupError> {
    let root_id = KeyFile::read(&dir.key_file()).ok().map(|k| k.vault_id().to_owned());
    let aside_id = KeyFile::read(&aside.join("vault.key")).ok().map(|k| k.vault_id().to_owned());
    match (root_id, aside_id) {
        (Some(restored), Some(replaced)) if dir.database().exists() => Journal {
            format: JOURNAL_FORMAT.into(),
            version: JOURNAL_VERSION,
            phase: Phase::Restored,
            replaced_vault_id: replaced,
            restored_vault_id: restored,
        }
        .write(aside, "settle: an older replacement adopted"),
        // A key file without its database: a restored vault cut short by an older version.
        (Some(_), Some(_)) => {
            remove_vault_files(dir.root())?;
            move_files(aside, dir.root(), "settle: put back")?;
            remove_folder(dir, aside)
        }
        // What was not moved yet is still in place: the rest comes back beside it.
        (None, _) => {
            move_files(aside, dir.root(), "settle: put back")?;
            remove_folder(dir, aside)
        }
        (Some(_), None) => remove_folder(dir, aside),
    }
}

/// Undoes a replacement as far as its journal says it got, so that it can be resumed after a
/// crash at any point: first the restored vault (or what there is of it) goes, then the journal
/// says so, then the replaced vault's files come back, then the folder goes. A data folder that
/// holds some other vault is left alone.
fn undo(dir: &DataDir, aside: &Path) -> Result<(), BackupError> {
    let Some(mut journal) = Journal::read(aside) else { return settle_without_journal(dir, aside) };
    let root_id = match KeyFile::read(&dir.key_file()) {
        Ok(key_file) => Some(key_file.vault_id().to_owned()),
        Err(VaultError::NoVault) => None,
        Err(error) => return Err(error.into()),
    };
    let expected = match journal.phase {
        Phase::SettingAside => &journal.replaced_vault_id,
        Phase::Restoring | Phase::Restored => &journal.restored_vault_id,
    };
    if root_id.as_ref().is_some_and(|id| id != expected) {
        return Err(VaultError::InvalidInput(
            "Another vault is in the data folder now: the vault set aside was left where it is.".into(),
        )
        .into());
    }
    if journal.phase != Phase::SettingAside {
        if journal.phase == Phase::Restored {
            // Before anything of the restored vault goes, so that a crash resumes the undo.
            journal.phase = Phase::Restoring;
            journal.write(aside, "undo: journal says restoring")?;
        }
        remove_vault_files(dir.root())?;
        crate::fault::point("undo: the restored vault is removed");
        journal.phase = Phase::SettingAside;
        journal.write(aside, "undo: journal says setting aside")?;
    }
    move_files(aside, dir.root(), "undo: put back")?;
    remove_folder(dir, aside)
}

/// The journal goes last: a folder with no vault files left and no journal is simply removed.
fn remove_folder(dir: &DataDir, aside: &Path) -> Result<(), BackupError> {
    keyfile::remove_unfinished_writes(&aside.join(JOURNAL))?;
    match fs::remove_file(aside.join(JOURNAL)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    crate::fault::point("undo: journal removed");
    fs::remove_dir(aside)?;
    sync_folder(dir.root());
    Ok(())
}

/// How far a replacement got. Written (atomically) before each phase begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Phase {
    /// The current vault's files are being moved aside: the data folder holds those not moved
    /// yet, nothing else.
    SettingAside,
    /// All of them are aside: the data folder holds nothing, or the restored vault being made.
    Restoring,
    /// The restored vault is complete; the replaced one waits until the restored one unlocks.
    Restored,
}

/// `replaced-<time>/replacement.json`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Journal {
    format: String,
    version: u32,
    phase: Phase,
    /// The vault set aside (its key file's id).
    replaced_vault_id: String,
    /// The restored vault, its id chosen before it is written: only it may remove the replaced
    /// one, and only its files are removed by an undo.
    restored_vault_id: String,
}

impl Journal {
    fn read(aside: &Path) -> Option<Self> {
        let text = fs::read(aside.join(JOURNAL)).ok()?;
        let journal: Self = serde_json::from_slice(&text).ok()?;
        (journal.format == JOURNAL_FORMAT && journal.version == JOURNAL_VERSION).then_some(journal)
    }

    fn write(&self, aside: &Path, step: &str) -> Result<(), BackupError> {
        let json = serde_json::to_vec_pretty(self).map_err(|_| BackupError::Internal)?;
        keyfile::write_private(&aside.join(JOURNAL), &json)?;
        crate::fault::point(step);
        Ok(())
    }
}

const VAULT_FILES: &[&str] = &["vault.key", "vault.db", "vault.db-wal", "vault.db-shm", "vault.anchor"];

/// Moves the vault's files that are in `from` to `to`, one rename each (the key file first).
fn move_files(from: &Path, to: &Path, step: &str) -> Result<(), BackupError> {
    for name in VAULT_FILES {
        let source = from.join(name);
        if source.exists() {
            fs::rename(&source, to.join(name))?;
            sync_folder(to);
            sync_folder(from);
        }
        crate::fault::point(&format!("{step} {name}"));
    }
    Ok(())
}

/// Removes the vault in the data folder, and a database left half made.
fn remove_vault_files(root: &Path) -> Result<(), BackupError> {
    for name in VAULT_FILES {
        match fs::remove_file(root.join(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    vault::remove_staging(root)?;
    keyfile::remove_unfinished_writes(&root.join("vault.key"))?;
    keyfile::remove_unfinished_writes(&root.join("vault.anchor"))?;
    sync_folder(root);
    Ok(())
}

/// Flushes a folder's entries (renames, removals) to disk. Best effort: some file systems
/// cannot, and the rename itself is already atomic.
fn sync_folder(folder: &Path) {
    if let Ok(f) = fs::File::open(folder) {
        let _ = f.sync_all();
    }
}

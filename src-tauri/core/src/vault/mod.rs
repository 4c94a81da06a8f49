//! The vault: one encrypted database plus a small key file, opened with a passphrase, the
//! recovery key or, by her records custodian, the custodian key (custodian mode, below). A `Session` exists only while the vault is unlocked; dropping it closes the
//! database, and no copy of the data key outlives the call that used it.

pub(crate) mod anchor;
pub mod db;
pub mod integrity;
pub mod kdf;
pub mod keyfile;
pub mod migrations;
pub mod throttle;

use std::path::Path;

use rusqlite::Connection;

use crate::audit::{self, AuditEvent};
use crate::error::VaultError;
use crate::passphrase;
use crate::paths::DataDir;
use crate::secret::{CustodianKey, DataKey, Passphrase, RecoveryKey, RecoveryKeyError};
use kdf::KdfParams;
use keyfile::KeyFile;
use throttle::UnlockThrottle;

/// Is there a vault in this folder?
pub fn exists(dir: &DataDir) -> bool {
    dir.key_file().exists()
}

/// An unlocked vault.
pub struct Session {
    conn: Connection,
    dir: DataDir,
    /// The key file's vault id: names this vault in its anchor file.
    vault_id: String,
    /// Kept only between creation and the therapist confirming she kept her recovery sheet.
    pending_recovery_key: Option<RecoveryKey>,
    opened_by: OpenedBy,
}

/// Who opened the vault. Custodian mode (docs/DOMAIN.md section 13) is decided here, once, at the
/// door: the session carries it, and every write that is the therapist's alone asks
/// [`Session::refuse_custodian`] (the database's notes are guarded as well, below).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum OpenedBy {
    Therapist,
    Custodian,
}

/// In custodian mode no note, addendum or goal on a note can be written, changed or deleted,
/// whatever path tries: temporary triggers on this connection only, so they are never part of
/// the vault's schema, its backups or the checks of its history.
const CUSTODIAN_GUARDS: &[&str] = &["notes", "psychotherapy_notes", "addenda", "psychotherapy_addenda", "note_goals"];

/// Proof that the vault passphrase was typed again just now, and was right: what exporting the
/// whole vault, replacing it, or changing where its automatic backups go asks for, so that
/// someone at an unlocked laptop cannot. Made only by [`Session::confirm_passphrase`]; each
/// operation takes one and uses it up (it is not `Clone`).
#[derive(Debug)]
#[must_use]
pub struct PassphraseChecked(());

/// Why the vault was locked: for the audit trail, and for the unlock screen to say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LockReason {
    Manual,
    Idle,
    #[serde(rename = "os_session")]
    SessionLocked,
    Quit,
}

impl LockReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Idle => "idle",
            Self::SessionLocked => "os_session",
            Self::Quit => "quit",
        }
    }
}

/// Creates a new vault with key derivation calibrated for this machine.
pub fn create(dir: &DataDir, passphrase: &Passphrase, confirmation: &Passphrase) -> Result<Session, VaultError> {
    check_new_passphrase(passphrase, confirmation)?;
    create_with_params(dir, passphrase, KdfParams::calibrate()?)
}

/// Creates a vault with cheap key derivation, for tests only.
#[cfg(feature = "test-support")]
pub fn create_for_tests(dir: &DataDir, passphrase: &str) -> Result<Session, VaultError> {
    create_with_params(dir, &Passphrase::new(passphrase.into()), KdfParams::cheap_for_tests())
}

/// Creates a vault with exactly these key derivation settings (golden fixtures, benchmarks).
#[cfg(feature = "test-support")]
pub fn create_with_kdf_for_tests(dir: &DataDir, passphrase: &str, params: KdfParams) -> Result<Session, VaultError> {
    create_with_params(dir, &Passphrase::new(passphrase.into()), params)
}

fn create_with_params(dir: &DataDir, passphrase: &Passphrase, params: KdfParams) -> Result<Session, VaultError> {
    create_with_content(dir, passphrase, params, &keyfile::new_vault_id(), |conn| {
        migrations::apply(conn)?;
        audit::append(
            conn,
            AuditEvent::VaultCreated,
            &format!("kdf_m={} kdf_t={} kdf_p={}", params.memory_kib, params.iterations, params.parallelism),
        )
    })
}

/// Where a new vault's database is written before it takes its name.
const STAGING_DATABASE: &str = ".vault.db.creating";

/// Removes what a crash cut short of the vault's own small writes (its key file, its anchor):
/// their temporary files beside them. Call at start, before anything opens the vault.
pub fn remove_unfinished_writes(dir: &DataDir) -> Result<(), VaultError> {
    keyfile::remove_unfinished_writes(&dir.key_file())?;
    keyfile::remove_unfinished_writes(&dir.anchor_file())
}

/// Removes a database left half made by an interrupted creation or restore, with SQLite's files
/// beside it (a log left there would be read into the next one).
pub(crate) fn remove_staging(root: &Path) -> Result<(), VaultError> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        remove_if_exists(&root.join(format!("{STAGING_DATABASE}{suffix}")))?;
    }
    Ok(())
}

/// Creates the vault `vault_id` whose database is filled by `fill` (the schema and an audit
/// entry for a new vault; a backup's content for a restore), with a fresh data key and recovery
/// key.
pub(crate) fn create_with_content(
    dir: &DataDir,
    passphrase: &Passphrase,
    params: KdfParams,
    vault_id: &str,
    fill: impl FnOnce(&mut Connection) -> Result<(), VaultError>,
) -> Result<Session, VaultError> {
    if exists(dir) || dir.database().exists() {
        return Err(VaultError::VaultExists);
    }
    create_private_dir(dir.root())?;
    let data_key = DataKey::generate();
    let recovery = RecoveryKey::generate();
    let key_file = KeyFile::seal(vault_id, &data_key, passphrase, &recovery, params)?;

    // The database is made under a temporary name and moved into place after the key file is
    // written, so an interrupted creation never leaves a database without its key.
    let staging = dir.root().join(STAGING_DATABASE);
    remove_staging(dir.root())?;
    {
        let mut conn = db::open(&staging, &data_key, true)?;
        // A restored backup's history is checked before it becomes a vault.
        let filled = fill(&mut conn).and_then(|()| {
            integrity::refuse_if_any(&integrity::check_history(&conn, migrations::applied_version(&conn)?)?)
        });
        if let Err(error) = filled {
            drop(conn);
            let _ = remove_staging(dir.root());
            return Err(error);
        }
        conn.close().map_err(|(_, e)| VaultError::from(e))?;
    }
    keyfile::set_owner_only(&staging)?;
    crate::fault::point("new vault: database written under its temporary name");
    key_file.write(&dir.key_file())?;
    crate::fault::point("new vault: key file written");
    std::fs::rename(&staging, dir.database())?;
    sync_dir(dir.root())?;
    crate::fault::point("new vault: database in place");

    let mut session = open_session(dir, &data_key, key_file.vault_id())?;
    session.pin_history();
    session.pending_recovery_key = Some(recovery);
    Ok(session)
}

/// Opens the vault with the passphrase. A wrong passphrase changes nothing in the vault; it is
/// recorded beside the key file, and after a few the next attempt must wait
/// ([`throttle::UnlockThrottle`]), even across a restart.
pub fn unlock(dir: &DataDir, passphrase: &Passphrase) -> Result<Session, VaultError> {
    let key_file = KeyFile::read(&dir.key_file())?;
    let data_key = UnlockThrottle::new(dir).attempt(|| key_file.unwrap_with_passphrase(passphrase))?;
    let session = open_session(dir, &data_key, key_file.vault_id())?;
    audit::append(&session.conn, AuditEvent::Unlocked, "passphrase")?;
    session.record_failed_unlocks()?;
    session.pin_history();
    Ok(session)
}

/// Opens the vault in custodian mode with what the custodian typed: the custodian key from her
/// packet, or the passphrase she set for her slot (throttled like the vault passphrase). Every
/// such opening is audited, saying which of the two opened it.
pub fn unlock_as_custodian(dir: &DataDir, typed: &Passphrase) -> Result<Session, VaultError> {
    let key_file = KeyFile::read(&dir.key_file())?;
    let (data_key, how) = match CustodianKey::parse(typed.expose_secret()) {
        Ok(key) => (key_file.unwrap_with_custodian_key(&key)?, "custodian_key"),
        Err(RecoveryKeyError::Typo) => {
            return Err(VaultError::InvalidInput(
                "That custodian key has a typo: its last group does not match. Please compare it with the packet."
                    .into(),
            ))
        }
        Err(_) => (
            UnlockThrottle::new(dir).attempt(|| key_file.unwrap_with_custodian_passphrase(typed))?,
            "custodian_passphrase",
        ),
    };
    let mut session = open_session(dir, &data_key, key_file.vault_id())?;
    session.enter_custodian_mode()?;
    audit::append(&session.conn, AuditEvent::CustodianUnlocked, how)?;
    session.record_failed_unlocks()?;
    session.pin_history();
    Ok(session)
}

/// Opens the vault with the recovery key and sets a new passphrase; the old one stops working.
pub fn recover(
    dir: &DataDir,
    recovery_key: &str,
    passphrase: &Passphrase,
    confirmation: &Passphrase,
) -> Result<Session, VaultError> {
    let key_file = KeyFile::read(&dir.key_file())?;
    let recovery = RecoveryKey::parse(recovery_key)?;
    let data_key = key_file.unwrap_with_recovery_key(&recovery)?;
    check_new_passphrase(passphrase, confirmation)?;
    let session = open_session(dir, &data_key, key_file.vault_id())?;
    key_file.with_new_passphrase(&data_key, passphrase, key_file.kdf_params())?.write(&dir.key_file())?;
    audit::append(&session.conn, AuditEvent::Recovered, "")?;
    session.record_failed_unlocks()?;
    session.pin_history();
    Ok(session)
}

/// Opens the database, refuses it if its history was altered (before any migration or write:
/// nothing is repaired), then brings its schema up to date.
fn open_session(dir: &DataDir, data_key: &DataKey, vault_id: &str) -> Result<Session, VaultError> {
    let mut conn = open_database(dir, data_key)?;
    integrity::refuse_if_any(&integrity::check_on_open(&conn, dir, vault_id)?)?;
    migrations::apply(&mut conn)?;
    Ok(Session {
        conn,
        dir: dir.clone(),
        vault_id: vault_id.to_owned(),
        pending_recovery_key: None,
        opened_by: OpenedBy::Therapist,
    })
}

fn open_database(dir: &DataDir, data_key: &DataKey) -> Result<Connection, VaultError> {
    let Ok(metadata) = std::fs::metadata(dir.database()) else {
        return Err(VaultError::Database("the database file is missing"));
    };
    // SQLCipher would start an empty file as a new database: an emptied vault must not open
    // as a fresh one (nor be written to).
    if metadata.len() == 0 {
        return Err(VaultError::Database("the database file is empty"));
    }
    db::open(&dir.database(), data_key, false)
}

/// A vault opened to read its history ([`crate::verify`]): nothing refuses it, no migration
/// runs and nothing is written, so an auditor's check changes nothing it checks.
pub(crate) struct Inspection {
    conn: Connection,
    vault_id: String,
}

impl Inspection {
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn vault_id(&self) -> &str {
        &self.vault_id
    }
}

pub(crate) fn inspect(dir: &DataDir, passphrase: &Passphrase) -> Result<Inspection, VaultError> {
    let key_file = KeyFile::read(&dir.key_file())?;
    let data_key = key_file.unwrap_with_passphrase(passphrase)?;
    Ok(Inspection { conn: open_database(dir, &data_key)?, vault_id: key_file.vault_id().to_owned() })
}

pub(crate) fn check_new_passphrase(passphrase: &Passphrase, confirmation: &Passphrase) -> Result<(), VaultError> {
    if passphrase.expose_secret() != confirmation.expose_secret() {
        return Err(VaultError::ConfirmationMismatch);
    }
    let check = passphrase::check(passphrase.expose_secret());
    if !check.acceptable {
        return Err(VaultError::WeakPassphrase(check.problems.join(" ")));
    }
    Ok(())
}

impl Session {
    /// For reads. Writes go through [`Session::conn_mut`] so that they take `&mut`.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn data_dir(&self) -> &DataDir {
        &self.dir
    }

    pub fn opened_by(&self) -> OpenedBy {
        self.opened_by
    }

    /// Refuses what only the therapist may do (`what`: "sign notes", ...) when the custodian
    /// opened the vault.
    pub fn refuse_custodian(&self, what: &'static str) -> Result<(), VaultError> {
        match self.opened_by {
            OpenedBy::Therapist => Ok(()),
            OpenedBy::Custodian => Err(VaultError::CustodianMode(what)),
        }
    }

    fn enter_custodian_mode(&mut self) -> Result<(), VaultError> {
        let mut guards = String::new();
        for table in CUSTODIAN_GUARDS {
            for action in ["INSERT", "UPDATE", "DELETE"] {
                guards.push_str(&format!(
                    "CREATE TEMP TRIGGER custodian_{table}_{action} BEFORE {action} ON main.{table}
                     BEGIN SELECT RAISE(ABORT, 'custodian mode: the notes cannot change'); END;"
                ));
            }
        }
        self.conn.execute_batch(&guards)?;
        self.opened_by = OpenedBy::Custodian;
        Ok(())
    }

    /// Puts a new custodian key in force (the one before stops opening the vault) after the
    /// vault passphrase was typed again. The caller made the key (`CustodianKey::generate`) and
    /// has its packet ready: the packet is the only place the key is ever shown.
    pub fn issue_custodian_key(&mut self, current: &Passphrase, custodian: &CustodianKey) -> Result<(), VaultError> {
        self.refuse_custodian("issue a custodian key")?;
        let (key_file, data_key) = self.unwrap_with_current(current)?;
        let replaced = key_file.custodian_issued_at().is_some();
        let issued_at = crate::time::now_utc();
        key_file.with_custodian_key(&data_key, custodian, &issued_at)?.write(&self.dir.key_file())?;
        audit::append(&self.conn, AuditEvent::CustodianKeyIssued, if replaced { "replaced" } else { "first" })
    }

    /// Revokes the custodian key (and the custodian's passphrase): neither opens the vault again.
    pub fn revoke_custodian_key(&mut self, _checked: PassphraseChecked) -> Result<(), VaultError> {
        self.refuse_custodian("revoke the custodian key")?;
        let key_file = KeyFile::read(&self.dir.key_file())?;
        if key_file.custodian_issued_at().is_none() {
            return Err(VaultError::InvalidInput("There is no custodian key to revoke.".into()));
        }
        key_file.without_custodian().write(&self.dir.key_file())?;
        audit::append(&self.conn, AuditEvent::CustodianKeyRevoked, "")
    }

    /// The custodian sets (or changes) her own passphrase for the custodian slot, with the
    /// custodian key from her packet. The vault passphrase is untouched.
    pub fn set_custodian_passphrase(
        &mut self,
        custodian_key: &str,
        passphrase: &Passphrase,
        confirmation: &Passphrase,
    ) -> Result<(), VaultError> {
        if self.opened_by != OpenedBy::Custodian {
            return Err(VaultError::InvalidInput("Only the records custodian sets a custodian passphrase.".into()));
        }
        let key_file = KeyFile::read(&self.dir.key_file())?;
        let key = CustodianKey::parse(custodian_key)?;
        let data_key = key_file.unwrap_with_custodian_key(&key)?;
        check_new_passphrase(passphrase, confirmation)?;
        key_file
            .with_custodian_passphrase(&data_key, passphrase, key_file.kdf_params())?
            .write(&self.dir.key_file())?;
        audit::append(&self.conn, AuditEvent::CustodianPassphraseSet, "")
    }

    /// The recovery key, available only until the therapist confirms she kept the sheet.
    pub fn pending_recovery_key(&self) -> Option<&RecoveryKey> {
        self.pending_recovery_key.as_ref()
    }

    /// She has printed or saved the sheet: forget the recovery key for good.
    pub fn confirm_recovery_sheet_kept(&mut self) -> Result<(), VaultError> {
        if self.pending_recovery_key.take().is_none() {
            return Err(VaultError::InvalidInput("There is no recovery sheet waiting to be confirmed.".into()));
        }
        audit::append(&self.conn, AuditEvent::RecoverySheetConfirmed, "")
    }

    pub fn record(&self, event: AuditEvent, detail: &str) -> Result<(), VaultError> {
        audit::append(&self.conn, event, detail)
    }

    /// What opening this vault again would find (none, while it is open): for the benchmark
    /// that measures what the check costs.
    #[cfg(feature = "test-support")]
    pub fn history_findings(&self) -> Result<Vec<String>, VaultError> {
        integrity::check_on_open(&self.conn, &self.dir, &self.vault_id)
    }

    /// Writes the audit trail's newest entry into the anchor file beside the vault. Best effort:
    /// an anchor left behind (a full disk) still names an entry the vault holds, so it never
    /// refuses a vault wrongly; it only protects fewer of the newest entries.
    pub fn pin_history(&self) {
        let _ = anchor::pin(&self.conn, &self.dir, &self.vault_id);
    }

    /// After a right passphrase or recovery key: the wrong passphrases recorded beside the key
    /// file go into the audit trail (a locked vault cannot be written), and the count starts
    /// afresh.
    fn record_failed_unlocks(&self) -> Result<(), VaultError> {
        let throttle = UnlockThrottle::new(&self.dir);
        for time in throttle.failures() {
            audit::append_at(&self.conn, AuditEvent::UnlockFailed, "", time)?;
        }
        // Best effort: a record that stays only makes the next delay come sooner.
        let _ = throttle.clear();
        Ok(())
    }

    /// Checks the vault passphrase typed again. A wrong one counts as a failed unlock (the same
    /// delay, and the audit trail), and during the delay not even the right one is tried.
    pub fn confirm_passphrase(&self, passphrase: &Passphrase) -> Result<PassphraseChecked, VaultError> {
        self.unwrap_with_current(passphrase)?;
        Ok(PassphraseChecked(()))
    }

    /// The key file and the data key, unwrapped with the passphrase she typed again.
    fn unwrap_with_current(&self, current: &Passphrase) -> Result<(KeyFile, DataKey), VaultError> {
        let key_file = KeyFile::read(&self.dir.key_file())?;
        let data_key = UnlockThrottle::new(&self.dir).attempt(|| key_file.unwrap_with_passphrase(current))?;
        self.record_failed_unlocks()?;
        Ok((key_file, data_key))
    }

    /// Rewraps the data key under a new passphrase. The database is not rewritten.
    pub fn change_passphrase(
        &mut self,
        current: &Passphrase,
        passphrase: &Passphrase,
        confirmation: &Passphrase,
    ) -> Result<(), VaultError> {
        self.refuse_custodian("change the vault passphrase")?;
        let (key_file, data_key) = self.unwrap_with_current(current)?;
        check_new_passphrase(passphrase, confirmation)?;
        key_file.with_new_passphrase(&data_key, passphrase, key_file.kdf_params())?.write(&self.dir.key_file())?;
        audit::append(&self.conn, AuditEvent::PassphraseChanged, "")
    }

    /// A lost or exposed recovery sheet: wraps the data key under a fresh recovery key (the old
    /// sheet stops working) and holds the new key until she confirms she kept the new sheet.
    pub fn replace_recovery_key(&mut self, current: &Passphrase) -> Result<(), VaultError> {
        self.refuse_custodian("replace the recovery key")?;
        let (key_file, data_key) = self.unwrap_with_current(current)?;
        let recovery = RecoveryKey::generate();
        key_file.with_new_recovery_key(&data_key, &recovery)?.write(&self.dir.key_file())?;
        audit::append(&self.conn, AuditEvent::RecoveryKeyReplaced, "")?;
        self.pending_recovery_key = Some(recovery);
        Ok(())
    }

    /// Records the lock, closes the database (SQLCipher wipes its key with the connection) and
    /// empties the print spool: printed documents do not outlive the unlocked vault.
    /// The spool is emptied even when the audit entry or the closing fails.
    pub fn lock(self, reason: LockReason) -> Result<(), VaultError> {
        let recorded = audit::append(&self.conn, AuditEvent::Locked, reason.as_str());
        if recorded.is_ok() {
            self.pin_history();
        }
        let spool = self.dir.spool();
        let closed = self.conn.close().map_err(|(_, e)| VaultError::from(e));
        // Best effort: a spool that cannot be wiped now is wiped again when the app starts.
        let _ = crate::forms::Spool::new(spool).and_then(|s| s.wipe());
        recorded.and(closed)
    }
}

fn create_private_dir(path: &Path) -> Result<(), VaultError> {
    std::fs::create_dir_all(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

fn remove_if_exists(path: &Path) -> Result<(), VaultError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

fn sync_dir(path: &Path) -> Result<(), VaultError> {
    std::fs::File::open(path)?.sync_all()?;
    Ok(())
}

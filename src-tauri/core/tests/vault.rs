//! The vault's promises, tested through the core's public API.

use crate::common;

use std::time::{Duration, Instant};

use common::{contains, pass, TestVault, PASSPHRASE};
use confidant_core::audit::{self, ChainCheck};
use confidant_core::error::VaultError;
use confidant_core::vault::{self, LockReason};

const NEW_PASSPHRASE: &str = "violet orchard compass 88";

fn write_marker(session: &mut vault::Session, value: &str) {
    session
        .conn_mut()
        .execute("INSERT INTO settings (key, value) VALUES ('test_marker', ?1)", [value])
        .expect("write marker");
}

fn read_marker(session: &vault::Session) -> String {
    session
        .conn()
        .query_row("SELECT value FROM settings WHERE key = 'test_marker'", [], |r| r.get(0))
        .expect("read marker")
}

#[test]
fn create_lock_unlock_keeps_data_intact() {
    let (vault, mut session) = TestVault::new();
    write_marker(&mut session, "still here");
    session.lock(LockReason::Manual).expect("lock");

    let session = vault::unlock(&vault.dir, &pass(PASSPHRASE)).expect("unlock");
    assert_eq!(read_marker(&session), "still here");
    assert_eq!(
        audit::verify(session.conn()).expect("verify"),
        ChainCheck::Intact { entries: 3 },
        "created, locked, unlocked"
    );
}

#[test]
fn a_wrong_passphrase_is_refused_and_changes_nothing_on_disk() {
    let (vault, session) = TestVault::new();
    session.lock(LockReason::Manual).expect("lock");
    let before = vault.snapshot();

    let result = vault::unlock(&vault.dir, &pass("not the passphrase at all"));
    assert!(matches!(result, Err(VaultError::WrongPassphrase)), "{:?}", result.err());
    let api: confidant_core::ApiError = result.err().expect("error").into();
    assert_eq!(api.message, "That passphrase did not open this vault.");

    let failures = vault.dir.unlock_failures();
    let after: Vec<_> = vault.snapshot().into_iter().filter(|(path, _)| *path != failures).collect();
    assert_eq!(after, before, "database and key file bytes are identical");
    assert!(failures.exists(), "only the failure is remembered, beside the key file");
}

#[test]
fn the_recovery_key_opens_the_vault_and_replaces_the_passphrase() {
    let (vault, mut session) = TestVault::new();
    let recovery = session.pending_recovery_key().expect("shown once at creation").expose_grouped().to_string();
    write_marker(&mut session, "recovered data");
    session.lock(LockReason::Manual).expect("lock");

    let session = vault::recover(&vault.dir, &recovery.to_lowercase(), &pass(NEW_PASSPHRASE), &pass(NEW_PASSPHRASE))
        .expect("recover");
    assert_eq!(read_marker(&session), "recovered data");
    session.lock(LockReason::Manual).expect("lock");

    assert!(
        matches!(vault::unlock(&vault.dir, &pass(PASSPHRASE)), Err(VaultError::WrongPassphrase)),
        "the old passphrase no longer works"
    );
    let session = vault::unlock(&vault.dir, &pass(NEW_PASSPHRASE)).expect("the new one does");
    let events: Vec<String> = audit::recent(session.conn(), 10).expect("audit").into_iter().map(|e| e.1).collect();
    assert!(events.contains(&"recovered_with_recovery_key".to_string()), "{events:?}");
}

#[test]
fn a_wrong_or_mistyped_recovery_key_is_refused_without_changes() {
    let (vault, session) = TestVault::new();
    let recovery = session.pending_recovery_key().expect("key").expose_grouped().to_string();
    session.lock(LockReason::Manual).expect("lock");
    let before = vault.snapshot();

    let other = confidant_core::secret::RecoveryKey::generate().expose_grouped().to_string();
    assert!(matches!(
        vault::recover(&vault.dir, &other, &pass(NEW_PASSPHRASE), &pass(NEW_PASSPHRASE)),
        Err(VaultError::WrongRecoveryKey)
    ));
    let typo = format!("{}{}", &recovery[..recovery.len() - 1], if recovery.ends_with('0') { '1' } else { '0' });
    assert!(matches!(
        vault::recover(&vault.dir, &typo, &pass(NEW_PASSPHRASE), &pass(NEW_PASSPHRASE)),
        Err(VaultError::RecoveryKeyFormat(_))
    ));
    assert!(matches!(
        vault::recover(&vault.dir, &recovery, &pass("short"), &pass("short")),
        Err(VaultError::WeakPassphrase(_))
    ));
    assert_eq!(vault.snapshot(), before);
}

#[test]
fn changing_the_passphrase_rewraps_the_key_without_rewriting_the_database() {
    let (vault, mut session) = TestVault::new();
    write_marker(&mut session, "kept");
    session.lock(LockReason::Manual).expect("lock");
    let database_before = std::fs::read(vault.dir.database()).expect("db bytes");
    // Its anchor, from the same moment: without it the older image would rightly be refused.
    let anchor_before = std::fs::read(vault.dir.anchor_file()).expect("anchor bytes");

    let mut session = vault::unlock(&vault.dir, &pass(PASSPHRASE)).expect("unlock");
    assert!(matches!(
        session.change_passphrase(&pass("wrong current passphrase"), &pass(NEW_PASSPHRASE), &pass(NEW_PASSPHRASE)),
        Err(VaultError::WrongPassphrase)
    ));
    session.change_passphrase(&pass(PASSPHRASE), &pass(NEW_PASSPHRASE), &pass(NEW_PASSPHRASE)).expect("change");
    session.lock(LockReason::Manual).expect("lock");

    // The old database image still opens with the new key file: same data key, not re-encrypted.
    let copy = TestVault::new().0;
    std::fs::remove_file(copy.dir.database()).expect("clear");
    std::fs::write(copy.dir.database(), &database_before).expect("old image");
    std::fs::copy(vault.dir.key_file(), copy.dir.key_file()).expect("new key file");
    std::fs::write(copy.dir.anchor_file(), &anchor_before).expect("its anchor");
    let old_image = vault::unlock(&copy.dir, &pass(NEW_PASSPHRASE)).expect("old image opens with the new passphrase");
    assert_eq!(read_marker(&old_image), "kept");

    assert!(matches!(vault::unlock(&vault.dir, &pass(PASSPHRASE)), Err(VaultError::WrongPassphrase)));
    assert_eq!(read_marker(&vault::unlock(&vault.dir, &pass(NEW_PASSPHRASE)).expect("new works")), "kept");
}

#[test]
fn canary_strings_never_appear_in_any_file_of_the_data_directory() {
    let (vault, mut session) = TestVault::new();
    let canaries = ["CANARY-7f3a-Margaret-Oyelaran-Hollis", "CANARY-postpartum-note-91bd"];
    for (i, canary) in canaries.iter().enumerate() {
        session
            .conn_mut()
            .execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", [format!("canary{i}"), canary.to_string()])
            .expect("write canary");
    }
    // Before closing: the WAL holds the fresh writes, and it must be encrypted too.
    let open_files = vault.snapshot();
    session.lock(LockReason::Manual).expect("lock");
    let closed_files = vault.snapshot();
    assert!(closed_files.iter().any(|(p, _)| p.ends_with("vault.db")));
    for (path, bytes) in open_files.iter().chain(&closed_files) {
        for canary in canaries {
            assert!(!contains(bytes, canary.as_bytes()), "{canary} found in {}", path.display());
        }
    }
}

#[test]
fn creating_over_an_existing_vault_is_refused() {
    let (vault, session) = TestVault::new();
    session.lock(LockReason::Manual).expect("lock");
    let before = vault.snapshot();
    assert!(matches!(vault::create_for_tests(&vault.dir, PASSPHRASE), Err(VaultError::VaultExists)));
    assert_eq!(vault.snapshot(), before);
}

#[test]
fn a_plaintext_database_is_never_used_as_a_vault() {
    let (vault, session) = TestVault::new();
    session.lock(LockReason::Manual).expect("lock");
    let plain = rusqlite::Connection::open(vault.temp.path().join("plain.db")).expect("plain");
    plain.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").expect("plain data");
    drop(plain);
    std::fs::copy(vault.temp.path().join("plain.db"), vault.dir.database()).expect("swap in plaintext");
    let result = vault::unlock(&vault.dir, &pass(PASSPHRASE));
    assert!(matches!(result, Err(VaultError::Database("the database is not encrypted"))), "{:?}", result.err());
}

fn damaged_key_file_is_refused(vault: &TestVault, damage: impl FnOnce(&mut Vec<u8>)) -> VaultError {
    let mut bytes = std::fs::read(vault.dir.key_file()).expect("key file");
    damage(&mut bytes);
    std::fs::write(vault.dir.key_file(), &bytes).expect("write damaged");
    let before = vault.snapshot();
    let started = Instant::now();
    let error = vault::unlock(&vault.dir, &pass(PASSPHRASE)).err().expect("must be refused");
    assert!(started.elapsed() < Duration::from_millis(100), "refused at once, took {:?}", started.elapsed());
    assert_eq!(vault.snapshot(), before, "nothing changed");
    let api: confidant_core::ApiError = VaultError::from(std::io::Error::other("x")).into();
    assert!(!api.message.is_empty());
    error
}

#[test]
fn a_damaged_key_file_gives_a_clear_error_and_changes_nothing() {
    type Damage = Box<dyn FnOnce(&mut Vec<u8>)>;
    let cases: Vec<(&str, Damage)> = vec![
        ("truncated", Box::new(|b: &mut Vec<u8>| b.truncate(b.len() / 2))),
        ("flipped", Box::new(|b: &mut Vec<u8>| b[1] ^= 0x20)),
        (
            "unknown version",
            Box::new(|b: &mut Vec<u8>| {
                *b = String::from_utf8_lossy(b).replace("\"version\": 1", "\"version\": 9").into_bytes()
            }),
        ),
        ("absurd memory", Box::new(|b: &mut Vec<u8>| *b = regex_replace(b, "\"memoryKib\": ", "4294967295"))),
        ("absurd passes", Box::new(|b: &mut Vec<u8>| *b = regex_replace(b, "\"iterations\": ", "4000000000"))),
        ("empty", Box::new(|b: &mut Vec<u8>| b.clear())),
    ];
    for (name, damage) in cases {
        let (vault, session) = TestVault::new();
        session.lock(LockReason::Manual).expect("lock");
        let error = damaged_key_file_is_refused(&vault, damage);
        assert!(matches!(error, VaultError::KeyFile(_)), "{name}: {error:?}");
        let message = confidant_core::ApiError::from(error).message;
        assert!(message.contains("key file"), "{name}: {message}");
    }
}

/// Replaces the number after `field` with `value`.
fn regex_replace(bytes: &[u8], field: &str, value: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes).to_string();
    let start = text.find(field).expect("field present") + field.len();
    let end = start + text[start..].find(|c: char| !c.is_ascii_digit()).expect("number ends");
    format!("{}{}{}", &text[..start], value, &text[end..]).into_bytes()
}

#[test]
fn the_golden_vault_from_the_first_release_opens_with_todays_code() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden-vault-v1");
    let temp = tempfile::tempdir().expect("temp");
    let dir = confidant_core::paths::DataDir::new(temp.path());
    for name in ["vault.db", "vault.key"] {
        std::fs::copy(fixture.join(name), temp.path().join(name)).expect("copy fixture");
    }
    let session = vault::unlock(&dir, &pass(GOLDEN_PASSPHRASE)).expect("the pinned format opens");
    let marker: String = session
        .conn()
        .query_row("SELECT value FROM settings WHERE key = 'golden_marker'", [], |r| r.get(0))
        .expect("marker");
    assert_eq!(marker, "written by confidant 0.1.0 on 2026-11-27");
    assert!(matches!(audit::verify(session.conn()).expect("verify"), ChainCheck::Intact { .. }));
}

const GOLDEN_PASSPHRASE: &str = "golden fixture passphrase 2026";

/// Writes the golden fixture. Run once, by hand, when the format is first released:
/// `cargo test -p confidant-core --test core_tests vault::write_golden_vault -- --ignored`
#[test]
#[ignore = "writes the committed fixture"]
fn write_golden_vault() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden-vault-v1");
    let _ = std::fs::remove_dir_all(&fixture);
    let dir = confidant_core::paths::DataDir::new(&fixture);
    let mut session = vault::create_with_kdf_for_tests(&dir, GOLDEN_PASSPHRASE, confidant_core::vault::kdf::FLOOR)
        .expect("a vault at the production floor");
    session
        .conn_mut()
        .execute(
            "INSERT INTO settings (key, value) VALUES ('golden_marker', 'written by confidant 0.1.0 on 2026-11-27')",
            [],
        )
        .expect("marker");
    session.lock(LockReason::Manual).expect("lock");
}

#[test]
fn replacing_the_recovery_key_retires_the_old_sheet() {
    let (vault, mut session) = TestVault::new();
    let old = session.pending_recovery_key().expect("key").expose_grouped().to_string();
    session.confirm_recovery_sheet_kept().expect("kept");
    assert!(session.pending_recovery_key().is_none(), "forgotten once kept");

    assert!(matches!(session.replace_recovery_key(&pass("not my passphrase")), Err(VaultError::WrongPassphrase)));
    session.replace_recovery_key(&pass(PASSPHRASE)).expect("replace");
    let new = session.pending_recovery_key().expect("the new key waits to be printed").expose_grouped().to_string();
    assert_ne!(old, new);
    session.lock(LockReason::Manual).expect("lock");

    assert!(matches!(
        vault::recover(&vault.dir, &old, &pass(NEW_PASSPHRASE), &pass(NEW_PASSPHRASE)),
        Err(VaultError::WrongRecoveryKey)
    ));
    vault::recover(&vault.dir, &new, &pass(NEW_PASSPHRASE), &pass(NEW_PASSPHRASE)).expect("the new sheet works");
}

#[test]
fn the_recovery_key_shown_once_is_a_secret_like_the_others() {
    use confidant_core::api::CreatedVault;
    use confidant_core::backup::restore::RestoredVault;
    use confidant_core::secret::{DataKey, Passphrase, RecoveryKey, RecoveryKeyText};
    use confidant_core::vault::PassphraseChecked;

    let (_vault, session) = TestVault::new();
    let shown = CreatedVault { recovery_key: RecoveryKeyText::of(session.pending_recovery_key()) };
    let grouped = session.pending_recovery_key().expect("pending").expose_grouped();
    assert!(!format!("{shown:?}").contains(&grouped[..9]), "never printed: {shown:?}");
    assert!(serde_json::to_string(&shown).expect("json").contains(grouped.as_str()), "but the page gets it");

    assert!(!implements!(RecoveryKeyText: Clone));
    assert!(!implements!(CreatedVault: Clone));
    assert!(!implements!(RestoredVault: Clone));
    for copyable in [
        implements!(DataKey: Clone),
        implements!(Passphrase: Clone),
        implements!(RecoveryKey: Clone),
        implements!(PassphraseChecked: Clone),
    ] {
        assert!(!copyable, "a secret is never Clone");
    }
}

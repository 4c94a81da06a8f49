//! Who can open an automatic backup: the current recovery sheet, and nothing older. An old sheet,
//! or anything found inside an older backup, opens no backup made after the recovery key was
//! replaced; no backup image holds a key.

use crate::backup_support;
use crate::common;

use std::io::Read;
use std::path::Path;

use backup_support::*;
use common::{contains, pass, TestVault, PASSPHRASE};
use confidant_core::backup::{self, auto, format, BackupError, BackupKey};
use confidant_core::secret::RecoveryKey;

/// The decrypted content of a backup (manifest and image), read with `identity`.
fn decrypt(path: &Path, identity: &dyn age::Identity) -> Result<Vec<u8>, age::DecryptError> {
    let decryptor = age::Decryptor::new(std::fs::File::open(path).expect("open"))?;
    let mut reader = decryptor.decrypt(std::iter::once(identity))?;
    let mut plain = Vec::new();
    reader.read_to_end(&mut plain).expect("read the payload");
    Ok(plain)
}

/// Every age X25519 identity written anywhere in `bytes` (74 characters: `AGE-SECRET-KEY-1`, then
/// 32 bytes and a checksum in bech32; SQLite may store other text right after it).
fn identities_in(bytes: &[u8]) -> Vec<age::x25519::Identity> {
    const PREFIX: &[u8] = b"AGE-SECRET-KEY-1";
    const LEN: usize = 74;
    (0..bytes.len().saturating_sub(LEN))
        .filter(|&start| bytes[start..].starts_with(PREFIX))
        .filter_map(|start| std::str::from_utf8(&bytes[start..start + LEN]).ok()?.parse().ok())
        .collect()
}

fn made(outcome: auto::AutoOutcome) -> std::path::PathBuf {
    match outcome {
        auto::AutoOutcome::Made { path, .. } => path,
        other => panic!("an automatic backup was expected: {other:?}"),
    }
}

/// The recovery key as printed on the sheet pending in `session`.
fn sheet(session: &confidant_core::vault::Session) -> String {
    session.pending_recovery_key().expect("the sheet is pending").expose_grouped().to_string()
}

fn key(sheet: &str) -> RecoveryKey {
    RecoveryKey::parse(sheet).expect("a recovery key")
}

#[test]
fn after_the_recovery_key_is_replaced_no_old_sheet_or_old_backup_opens_a_later_automatic_backup() {
    cheap_backups();
    let (vault, mut session) = TestVault::new();
    fill(&mut session, 3, 10, 5);
    let folder = vault.temp.path().join("usb");
    let now = chrono::Utc::now();
    let old_sheet = sheet(&session);
    let older = made(auto::create_auto_backup(&mut session, &folder, now - chrono::Days::new(2)).expect("older"));
    session.confirm_recovery_sheet_kept().expect("kept");

    // The old sheet was seen by someone: she makes a new one, and automatic backups go on.
    session.replace_recovery_key(&pass(PASSPHRASE)).expect("replace");
    let new_sheet = sheet(&session);
    auto::set_up(&session, None).expect("the new key is at hand");
    session.confirm_recovery_sheet_kept().expect("kept");
    let later = made(auto::create_auto_backup(&mut session, &folder, now).expect("later"));

    assert!(backup::verify(&later, &BackupKey::RecoveryKey(key(&new_sheet))).is_ok(), "the new sheet opens it");
    assert!(
        matches!(backup::verify(&later, &BackupKey::RecoveryKey(key(&old_sheet))), Err(BackupError::WrongRecoveryKey)),
        "the old sheet does not"
    );
    let older_content =
        decrypt(&older, &format::automatic_identity(&key(&old_sheet)).expect("identity")).expect("older opens");
    let found = identities_in(&older_content);
    for identity in &found {
        assert!(decrypt(&later, identity).is_err(), "a key found inside an older backup opens a later one");
    }
    assert!(found.is_empty() && !contains(&older_content, b"AGE-SECRET-KEY-1"), "a backup image holds no identity");
    let later_content =
        decrypt(&later, &format::automatic_identity(&key(&new_sheet)).expect("identity")).expect("opens");
    assert!(!contains(&later_content, b"AGE-SECRET-KEY-1"), "nor does a later one");
}

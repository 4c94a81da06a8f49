//! Exporting the whole vault, replacing it with a backup, or changing where its automatic
//! backups go asks for the vault passphrase first, checked by the core: a wrong one changes
//! nothing and counts as a failed unlock, and during the delay not even the right one is tried.

use crate::backup_support;
use crate::common;

use backup_support::*;
use common::{pass, TestVault, PASSPHRASE};
use confidant_core::backup::{self, auto, restore};
use confidant_core::error::VaultError;
use confidant_core::secret::Passphrase;
use confidant_core::vault::throttle::UnlockThrottle;
use confidant_core::vault::{LockReason, PassphraseChecked, Session};

fn vault_with_content() -> (TestVault, Session) {
    cheap_backups();
    let (vault, mut session) = TestVault::new();
    fill(&mut session, 4, 12, 11);
    (vault, session)
}

/// Every file of the data folder but the record of failed attempts.
fn vault_files(vault: &TestVault) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let failures = vault.dir.unlock_failures();
    vault.snapshot().into_iter().filter(|(path, _)| *path != failures).collect()
}

fn audit_events(session: &Session) -> Vec<String> {
    confidant_core::audit::recent(session.conn(), 20).expect("audit").into_iter().map(|(_, event, _)| event).collect()
}

#[test]
fn a_wrong_vault_passphrase_changes_nothing_and_counts_as_a_failed_attempt() {
    let (vault, session) = vault_with_content();
    let before = vault_files(&vault);
    let refused = session.confirm_passphrase(&pass("someone else's guess at it"));
    assert!(matches!(refused, Err(VaultError::WrongPassphrase)), "{:?}", refused.err());
    assert_eq!(UnlockThrottle::new(&vault.dir).failures().len(), 1, "counted like a wrong unlock");
    assert_eq!(vault_files(&vault), before, "nothing else changed");
}

#[test]
fn with_the_vault_passphrase_she_backs_up_to_a_new_place_moves_automatic_backups_and_replaces_the_vault() {
    let (vault, mut session) = vault_with_content();
    assert!(session.confirm_passphrase(&pass("a first mistake")).is_err());

    let file = vault.temp.path().join("usb/backup.age");
    let checked = session.confirm_passphrase(&pass(PASSPHRASE)).expect("her passphrase");
    assert!(audit_events(&session).contains(&"unlock_failed".to_string()), "the mistake is in the audit trail");
    assert!(UnlockThrottle::new(&vault.dir).failures().is_empty(), "and the count starts afresh");
    backup::create_backup(checked, &mut session, &file, &Passphrase::new(BACKUP_PASSPHRASE.into())).expect("backup");

    let folder = vault.temp.path().join("auto");
    let checked = session.confirm_passphrase(&pass(PASSPHRASE)).expect("checked");
    auto::set_folder(checked, &session, Some(&folder)).expect("folder");
    assert_eq!(auto::status(&session).expect("status").automatic_folder.as_deref(), folder.to_str());
    let checked = session.confirm_passphrase(&pass(PASSPHRASE)).expect("checked");
    auto::set_folder(checked, &session, None).expect("off");
    assert_eq!(auto::status(&session).expect("status").automatic_folder, None);

    let checked = session.confirm_passphrase(&pass(PASSPHRASE)).expect("checked");
    let replacement =
        restore::prepare_replacement_for_tests(checked, &file, &backup_key(), &vault.dir, "replaced pass 1", true)
            .expect("prepared");
    session.lock(LockReason::Manual).expect("lock");
    replacement.replace(&vault.dir).expect("replaced");
}

#[test]
fn during_the_delay_not_even_the_right_vault_passphrase_is_tried() {
    let (vault, session) = vault_with_content();
    let throttle = UnlockThrottle::new(&vault.dir);
    for _ in 0..10 {
        throttle.failed(chrono::Utc::now()).expect("recorded");
    }
    let refused = session.confirm_passphrase(&pass(PASSPHRASE));
    assert!(matches!(refused, Err(VaultError::TooManyAttempts { .. })), "{:?}", refused.err());
    assert_eq!(throttle.failures().len(), 10, "a refused attempt is not another failure");
}

#[test]
fn a_wrong_current_passphrase_when_changing_keys_counts_as_a_failed_attempt_too() {
    let (vault, mut session) = vault_with_content();
    let wrong = pass("not the current passphrase");
    let new = pass("violet orchard compass 88");
    assert!(matches!(session.change_passphrase(&wrong, &new, &new), Err(VaultError::WrongPassphrase)));
    assert!(matches!(session.replace_recovery_key(&wrong), Err(VaultError::WrongPassphrase)));
    assert_eq!(UnlockThrottle::new(&vault.dir).failures().len(), 2);
}

#[test]
fn a_checked_passphrase_is_used_once_and_never_copied() {
    assert!(!implements!(PassphraseChecked: Clone), "one check, one operation");
    assert!(!implements!(PassphraseChecked: serde::Serialize));
    assert!(!implements!(PassphraseChecked: Default));
}

//! Wrong passphrases delay the next attempt, and the delay survives a restart: the failures are
//! kept in a small file beside the key file, and a damaged file delays like many failures.

use crate::common;

use std::time::Duration;

use chrono::Utc;
use common::{contains, pass, TestVault, PASSPHRASE};
use confidant_core::audit;
use confidant_core::error::VaultError;
use confidant_core::vault::throttle::UnlockThrottle;
use confidant_core::vault::{self, LockReason};

const WRONG: &str = "not the passphrase at all";

fn locked_vault() -> TestVault {
    let (vault, session) = TestVault::new();
    session.lock(LockReason::Manual).expect("lock");
    vault
}

#[test]
fn failures_are_kept_beside_the_key_file_so_a_restart_keeps_the_delay() {
    let vault = locked_vault();
    for _ in 0..3 {
        let refused = vault::unlock(&vault.dir, &pass(WRONG));
        assert!(matches!(refused, Err(VaultError::WrongPassphrase)), "{:?}", refused.err());
    }

    // Confidant restarts: nothing in memory survives, a new throttle reads the data folder.
    let throttle = UnlockThrottle::new(&vault.dir);
    let failures = throttle.failures();
    assert_eq!(failures.len(), 3, "every failure is remembered");
    let last = *failures.last().expect("a failure");
    assert_eq!(throttle.wait(last), Duration::from_secs(1), "the delay the third failure started goes on");

    let file = vault.dir.unlock_failures();
    assert_eq!(file.parent(), vault.dir.key_file().parent(), "beside the key file");
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&file).expect("metadata").permissions());
    assert_eq!(mode & 0o777, 0o600, "owner-only");
    let bytes = std::fs::read(&file).expect("read");
    assert!(!contains(&bytes, WRONG.as_bytes()), "what was typed is never written");
}

#[test]
fn during_the_delay_an_unlock_is_refused_without_trying_the_passphrase_even_after_a_restart() {
    let vault = locked_vault();
    let earlier = UnlockThrottle::new(&vault.dir);
    for _ in 0..10 {
        earlier.failed(Utc::now()).expect("recorded");
    }
    drop(earlier); // the process that saw them has ended

    let before = vault.snapshot();
    let refused = vault::unlock(&vault.dir, &pass(PASSPHRASE));
    let Err(error @ VaultError::TooManyAttempts { .. }) = refused else {
        panic!("the right passphrase must wait too: {:?}", refused.err())
    };
    assert!(error.to_string().contains("seconds"), "{error}");
    assert_eq!(vault.snapshot(), before, "a refused attempt changes nothing, and is not another failure");
    assert_eq!(UnlockThrottle::new(&vault.dir).failures().len(), 10);
}

#[test]
fn a_damaged_or_unreadable_failure_file_delays_like_many_failures() {
    let vault = locked_vault();
    let file = vault.dir.unlock_failures();
    let damaged: [&[u8]; 4] =
        [b"", b"not json", b"{\"format\":\"confidant-unlock-failures\",\"version\":1,\"fail", &[0xff; 70_000]];
    for bytes in damaged {
        std::fs::write(&file, bytes).expect("damage");
        let refused = vault::unlock(&vault.dir, &pass(PASSPHRASE));
        assert!(
            matches!(refused, Err(VaultError::TooManyAttempts { .. })),
            "{} bytes: {:?}",
            bytes.len(),
            refused.err()
        );
    }
    std::fs::remove_file(&file).expect("remove");
    std::fs::create_dir(&file).expect("a folder where the file belongs");
    let refused = vault::unlock(&vault.dir, &pass(PASSPHRASE));
    assert!(matches!(refused, Err(VaultError::TooManyAttempts { .. })), "unreadable: {:?}", refused.err());
}

#[test]
fn a_successful_unlock_writes_the_failures_to_the_audit_trail_and_starts_afresh() {
    let vault = locked_vault();
    for _ in 0..2 {
        assert!(matches!(vault::unlock(&vault.dir, &pass(WRONG)), Err(VaultError::WrongPassphrase)));
    }
    let session = vault::unlock(&vault.dir, &pass(PASSPHRASE)).expect("two mistakes cost nothing");
    let failed = audit::recent(session.conn(), 10)
        .expect("audit")
        .into_iter()
        .filter(|(_, event, _)| event == "unlock_failed")
        .count();
    assert_eq!(failed, 2, "both failures are in the audit trail");
    assert!(UnlockThrottle::new(&vault.dir).failures().is_empty());
    assert!(!vault.dir.unlock_failures().exists(), "nothing is left beside the key file");
}

#[test]
fn a_clock_set_back_never_makes_the_delay_longer_than_it_is() {
    let vault = locked_vault();
    let throttle = UnlockThrottle::new(&vault.dir);
    let now = Utc::now();
    for _ in 0..4 {
        throttle.failed(now).expect("recorded");
    }
    assert_eq!(throttle.wait(now), Duration::from_secs(2));
    assert_eq!(throttle.wait(now - chrono::Days::new(365)), Duration::from_secs(2), "a year back: still two seconds");
    assert_eq!(throttle.wait(now + chrono::Duration::seconds(2)), Duration::ZERO, "and it passes");
}

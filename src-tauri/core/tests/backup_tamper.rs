//! Tampering and truncation: a thousand damaged copies of each kind are all refused, none
//! crashes, and a refused restore creates nothing.

use crate::backup_support;
use crate::common;

use backup_support::*;
use common::TestVault;
use confidant_core::backup::{self, restore, BackupError};
use confidant_core::paths::DataDir;
use rand::{Rng, SeedableRng};

const VARIANTS: usize = 1_000;

fn small_backup() -> (TestVault, Vec<u8>) {
    cheap_backups();
    let (vault, mut session) = TestVault::new();
    fill(&mut session, 3, 10, 5);
    let file = vault.temp.path().join("backup.age");
    backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &common::pass(BACKUP_PASSPHRASE))
        .expect("backup");
    (vault, std::fs::read(&file).expect("read"))
}

fn refused(vault: &TestVault, bytes: &[u8], i: usize, what: &str) -> BackupError {
    let path = vault.temp.path().join("damaged.age");
    std::fs::write(&path, bytes).expect("write");
    let error = match backup::verify(&path, &backup_key()) {
        Ok(_) => panic!("{what} variant {i} was accepted"),
        Err(error) => error,
    };
    if i.is_multiple_of(50) {
        let dir = DataDir::new(vault.temp.path().join(format!("restore-{i}")));
        assert!(restore::restore_into_new_for_tests(&path, &backup_key(), &dir, "p q r s 12345").is_err());
        assert!(!dir.root().exists(), "a refused restore leaves nothing");
    }
    error
}

#[test]
fn a_thousand_flipped_bytes_are_all_refused() {
    let (vault, original) = small_backup();
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    for i in 0..VARIANTS {
        let mut bytes = original.clone();
        let at = rng.gen_range(0..bytes.len());
        bytes[at] ^= 1 << rng.gen_range(0..8);
        let error = refused(&vault, &bytes, i, "flipped");
        assert!(
            matches!(
                error,
                BackupError::Damaged(_)
                    | BackupError::NotABackup
                    | BackupError::WrongPassphrase
                    | BackupError::NeedsRecoveryKey
                    | BackupError::WorkFactorTooHigh { .. }
                    | BackupError::Truncated
            ),
            "byte {at}: {error}"
        );
    }
}

#[test]
fn a_thousand_truncations_are_all_refused_as_incomplete() {
    let (vault, original) = small_backup();
    let mut rng = rand::rngs::StdRng::seed_from_u64(2);
    let header_end = original.windows(4).position(|w| w == b"\n---").expect("header") + 70;
    for i in 0..VARIANTS {
        let len = match i {
            0 => 0,
            1 => original.len() - 1,
            _ => rng.gen_range(0..original.len()),
        };
        let error = refused(&vault, &original[..len], i, "truncated");
        if len > header_end {
            assert!(matches!(error, BackupError::Truncated), "cut at {len}: {error}");
        }
    }
}

#[test]
fn extra_bytes_after_the_end_are_refused() {
    let (vault, mut bytes) = small_backup();
    bytes.extend_from_slice(&[0u8; 100]);
    assert!(matches!(refused(&vault, &bytes, 1, "extended"), BackupError::Damaged(_)));
}

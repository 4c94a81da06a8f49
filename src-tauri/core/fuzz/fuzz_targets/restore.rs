//! The restore path on hostile input: `make fuzz` runs it for a minute, seeded with the golden
//! backups (`tests/fixtures`), which open with the passphrase used here.
//!
//! Each input is tried twice: as a backup file as it is (age header parsing, key errors,
//! truncation), and as the plaintext inside a correctly encrypted file, which reaches the
//! archive reader, the manifest, the checksum and the SQLite image checks. Neither may panic;
//! a restore into a new folder must either succeed or leave nothing behind.
#![no_main]

use confidant_core::backup::{self, restore, BackupKey};
use confidant_core::paths::DataDir;
use confidant_core::secret::Passphrase;
use libfuzzer_sys::fuzz_target;

/// The golden backups' passphrase.
const PASSPHRASE: &str = "willow tide backup 2026";

fuzz_target!(|data: &[u8]| {
    let Ok(temp) = tempfile::tempdir() else { return };
    let key = BackupKey::Passphrase(Passphrase::new(PASSPHRASE.into()));

    let raw = temp.path().join("raw.age");
    if std::fs::write(&raw, data).is_ok() {
        let _ = backup::verify(&raw, &key);
    }

    let mut recipient = age::scrypt::Recipient::new(PASSPHRASE.to_string().into());
    recipient.set_work_factor(1);
    let Ok(encrypted) = age::encrypt(&recipient, data) else { return };
    let wrapped = temp.path().join("wrapped.age");
    if std::fs::write(&wrapped, encrypted).is_err() {
        return;
    }
    if backup::verify(&wrapped, &key).is_ok() {
        let dir = DataDir::new(temp.path().join("restored"));
        if restore::restore_into_new_for_tests(&wrapped, &key, &dir, "fuzz restore pass 1").is_err() {
            assert!(!dir.database().exists(), "a failed restore leaves no vault");
        }
    }
});

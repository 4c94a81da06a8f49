//! Without Confidant: the Debian `age` command decrypts an automatic backup with the identity
//! derived from the recovery key, `tar` unpacks it, and the stock `sqlite3` reads clients and
//! notes. The commands are exactly README.md's "Recovering a backup without Confidant".
//! Also: a full disk leaves a clear error, no partial file, and the vault intact.
#![allow(clippy::print_stderr)] // to say why a test was skipped

use crate::backup_support;
use crate::common;

use std::process::Command;

use backup_support::*;
use common::TestVault;
use confidant_core::backup::{self, auto, format, BackupError};
use confidant_core::vault::{self, LockReason};

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

#[test]
fn the_age_tar_and_sqlite3_commands_recover_an_automatic_backup() {
    if !(have("age") && have("sqlite3")) {
        eprintln!("skipped: the age and sqlite3 commands are not installed (apt-get install age sqlite3)");
        return;
    }
    cheap_backups();
    let (vault, mut session) = TestVault::new();
    fill(&mut session, 4, 12, 3);
    let expected: String =
        session.conn().query_row("SELECT code FROM clients ORDER BY id LIMIT 1", [], |r| r.get(0)).expect("code");
    let identity = format::automatic_identity_file(session.pending_recovery_key().expect("key")).expect("identity");
    let folder = vault.temp.path().join("usb");
    let auto::AutoOutcome::Made { path, .. } =
        auto::create_auto_backup(&mut session, &folder, chrono::Utc::now()).expect("auto backup")
    else {
        panic!("made")
    };
    let work = vault.temp.path().join("recover");
    std::fs::create_dir_all(&work).expect("dir");
    std::fs::write(work.join("identity.txt"), identity.as_bytes()).expect("identity file");
    std::fs::copy(&path, work.join("backup.age")).expect("copy");

    // README.md, "Recovering a backup without Confidant", word for word:
    let script = r#"
age -d -i identity.txt -o backup.tar backup.age
tar xf backup.tar
sqlite3 vault.sqlite "SELECT code FROM clients ORDER BY id LIMIT 1"
sqlite3 vault.sqlite "SELECT count(*) FROM notes"
"#;
    let out = Command::new("sh").arg("-ec").arg(script).current_dir(&work).output().expect("sh");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.first().copied(), Some(expected.as_str()), "sqlite3 reads the clients");
    assert!(lines.get(1).and_then(|n| n.parse::<u32>().ok()).is_some_and(|n| n > 0), "and the notes: {stdout}");
    assert!(work.join("manifest.json").exists());
}

#[test]
fn a_full_disk_leaves_a_clear_error_no_partial_file_and_the_vault_intact() {
    cheap_backups();
    let (vault, mut session) = TestVault::new();
    fill(&mut session, 10, 40, 4);
    let mount = vault.temp.path().join("small-disk");
    std::fs::create_dir_all(&mount).expect("dir");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=128k", "tmpfs"])
        .arg(&mount)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("skipped: mounting a small tmpfs is not permitted here (needs root)");
        return;
    }
    let file = mount.join("backup.age");
    let result = backup::create_backup(
        checked(&session, common::PASSPHRASE),
        &mut session,
        &file,
        &common::pass(BACKUP_PASSPHRASE),
    );
    let leftovers: Vec<_> = std::fs::read_dir(&mount).expect("list").filter_map(Result::ok).collect();
    let _ = Command::new("umount").arg(&mount).status();
    let error = result.expect_err("the disk is full");
    assert!(matches!(error, BackupError::DiskFull), "{error}");
    assert!(error.to_string().contains("disk is full"));
    assert!(leftovers.is_empty(), "no partial file is left: {leftovers:?}");
    let clients: i64 = session.conn().query_row("SELECT count(*) FROM clients", [], |r| r.get(0)).expect("count");
    assert_eq!(clients, 10);
    session.lock(LockReason::Manual).expect("lock");
    vault::unlock(&vault.dir, &common::pass(common::PASSPHRASE)).expect("the vault still opens");
}

//! The headless backup commands: passphrases on standard input, exit codes 0 (done),
//! 1 (failed, with a clear message) and 2 (usage).

use crate::cli_support;

use cli_support::{confidant, demo_vault, text};

const BACKUP_PASSPHRASE: &str = "copper lantern orchard 2026";

#[test]
fn backup_verify_and_restore_from_the_command_line() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, passphrase) = demo_vault(temp.path());
    let file = temp.path().join("backup.age").to_string_lossy().into_owned();

    let out = confidant(
        &["backup", "create", "--data-dir", &dir, "--out", &file],
        &format!("{passphrase}\n{BACKUP_PASSPHRASE}\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Backup saved and verified"));
    assert!(text(&out.stdout).contains("5 clients"));

    let out = confidant(&["backup", "verify", &file], &format!("{BACKUP_PASSPHRASE}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("5 clients"));

    let new_dir = temp.path().join("restored").to_string_lossy().into_owned();
    let new_passphrase = "quartz meadow heron 2027";
    let out = confidant(
        &["backup", "restore", &file, "--data-dir", &new_dir],
        &format!("{BACKUP_PASSPHRASE}\n{new_passphrase}\n{new_passphrase}\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("recovery key: "));
    assert!(std::path::Path::new(&new_dir).join("vault.key").exists());
}

#[test]
fn a_wrong_passphrase_fails_with_exit_code_1_and_a_clear_message() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, passphrase) = demo_vault(temp.path());
    let file = temp.path().join("backup.age").to_string_lossy().into_owned();
    let out = confidant(&["backup", "create", "--data-dir", &dir, "--out", &file], "wrong vault passphrase\nx\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("did not open this vault"), "{}", text(&out.stderr));
    assert!(!std::path::Path::new(&file).exists());

    let out = confidant(
        &["backup", "create", "--data-dir", &dir, "--out", &file],
        &format!("{passphrase}\n{BACKUP_PASSPHRASE}\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = confidant(&["backup", "verify", &file], "not the backup passphrase\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("does not open this backup"), "{}", text(&out.stderr));

    let junk = temp.path().join("junk.age");
    std::fs::write(&junk, b"hello").expect("write");
    let out = confidant(&["backup", "verify", &junk.to_string_lossy()], "x\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not a Confidant backup"));
}

#[test]
fn usage_errors_exit_with_code_2() {
    for args in [
        &["backup"][..],
        &["backup", "frobnicate"],
        &["backup", "create", "--out", "x.age"],
        &["backup", "verify"],
        &["backup", "restore", "x.age"],
        &["backup", "create", "--data-dir", "d", "--out", "x.age", "--passphrase", "secret"],
    ] {
        let out = confidant(args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("Usage"), "{args:?}");
    }
    // No passphrase on standard input is a usage error too.
    let out = confidant(&["backup", "verify", "x.age"], "");
    assert_eq!(out.status.code(), Some(2));
}

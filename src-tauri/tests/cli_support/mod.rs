//! Running the `confidant` binary's headless subcommands as a script would.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

pub fn confidant(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_confidant"))
        .args(args)
        .env("CONFIDANT_DATA_DIR", "/nonexistent/confidant-cli-test")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run confidant");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A demo vault of five fictional clients, and its passphrase.
pub fn demo_vault(root: &std::path::Path) -> (String, String) {
    let dir = root.join("vault").to_string_lossy().into_owned();
    let out = confidant(&["demo", "--data-dir", &dir, "--clients", "5"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let passphrase =
        stdout.lines().last().and_then(|l| l.strip_prefix("passphrase: ")).expect("passphrase").to_string();
    (dir, passphrase)
}

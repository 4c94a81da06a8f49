//! "Restore replacing the vault", killed at every step. A child process (this test binary) runs
//! one scenario (the replacement itself, undoing it, or removing the replaced vault once the
//! restored one unlocks); each step ends at a fault point, where the child stops if it is the
//! chosen one. The parent kills it (SIGKILL) at a random moment within that step, starts
//! Confidant again as the app does (`restore::settle_interrupted_replacement`), and checks that
//! either the old vault or the complete restored vault opens: never neither, never a mix.
//! `CONFIDANT_REPLACE_KILLS` kills per step: 3 by default, 100 in `make reliability`.

use crate::backup_support;
use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use backup_support::*;
use common::{pass, TestVault, PASSPHRASE};
use confidant_core::backup::{self, restore};
use confidant_core::paths::DataDir;
use confidant_core::vault::keyfile::KeyFile;
use confidant_core::vault::{self, LockReason};
use rand::Rng;
use rusqlite::types::Value;

const SCENARIO_ENV: &str = "CONFIDANT_REPLACE_CHILD";
const DIR_ENV: &str = "CONFIDANT_REPLACE_DIR";
const BACKUP_ENV: &str = "CONFIDANT_REPLACE_BACKUP";
const RESTORED_PASSPHRASE: &str = "restored vault passphrase 7";

/// Runs only inside the child process: one scenario, then `done`.
#[test]
fn replacement_child_runs_one_scenario() {
    let Ok(scenario) = std::env::var(SCENARIO_ENV) else { return };
    let dir = DataDir::new(std::env::var_os(DIR_ENV).expect("data folder"));
    let file = PathBuf::from(std::env::var_os(BACKUP_ENV).expect("backup"));
    match scenario.as_str() {
        "replace" => {
            let session = vault::unlock(&dir, &pass(PASSPHRASE)).expect("unlock");
            let checked = checked(&session, PASSPHRASE);
            let replacement =
                restore::prepare_replacement_for_tests(checked, &file, &backup_key(), &dir, RESTORED_PASSPHRASE, true)
                    .expect("prepare");
            session.lock(LockReason::Manual).expect("lock");
            drop(replacement.replace(&dir).expect("replace"));
        }
        "undo" => restore::undo_replacement(&dir).expect("undo"),
        "finish" => {
            let session = vault::unlock(&dir, &pass(RESTORED_PASSPHRASE)).expect("unlock the restored vault");
            restore::finish_pending_replacement(&session).expect("finish");
        }
        other => panic!("unknown scenario {other}"),
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "done").expect("write");
    out.flush().expect("flush");
}

/// Every row of the tables that hold the practice (not the audit trail or settings, which an
/// unlock, a lock or a restore add to), to tell the two vaults apart and see each is whole.
fn practice(conn: &rusqlite::Connection) -> Vec<(String, Vec<Vec<Value>>)> {
    all_rows(conn).into_iter().filter(|(table, _)| table != "audit" && table != "settings").collect()
}

/// The two vaults a replacement may leave, made once.
struct World {
    temp: tempfile::TempDir,
    backup: PathBuf,
    old_id: String,
    old_practice: Vec<(String, Vec<Vec<Value>>)>,
    backup_practice: Vec<(String, Vec<Vec<Value>>)>,
    /// The data folder before the replacement (the old vault, locked) and after it (the restored
    /// vault, the old one aside).
    before: PathBuf,
    after: PathBuf,
}

impl World {
    fn new() -> Self {
        cheap_backups();
        let (vault, mut session) = TestVault::new();
        fill(&mut session, 3, 12, 17);
        let backup = vault.temp.path().join("backup.age");
        backup::create_backup(checked(&session, PASSPHRASE), &mut session, &backup, &backup_key_passphrase())
            .expect("backup");
        let backup_practice = practice(session.conn());
        fill(&mut session, 2, 6, 23); // after the backup: the two vaults differ
        let old_practice = practice(session.conn());
        let checked = checked(&session, PASSPHRASE);
        session.lock(LockReason::Manual).expect("lock");
        let old_id = KeyFile::read(&vault.dir.key_file()).expect("key file").vault_id().to_owned();
        let before = vault.temp.path().join("before");
        copy_folder(vault.dir.root(), &before);
        let (restored, _) = restore::restore_replacing_for_tests(
            checked,
            &backup,
            &backup_key(),
            &vault.dir,
            RESTORED_PASSPHRASE,
            true,
        )
        .expect("replace");
        restored.lock(LockReason::Manual).expect("lock");
        let after = vault.temp.path().join("after");
        copy_folder(vault.dir.root(), &after);
        let TestVault { temp, .. } = vault;
        Self { temp, backup, old_id, old_practice, backup_practice, before, after }
    }

    fn dir(&self) -> DataDir {
        DataDir::new(self.temp.path().join("run"))
    }

    /// The data folder as the scenario starts.
    fn reset(&self, from: &Path) -> DataDir {
        let dir = self.dir();
        if dir.root().exists() {
            std::fs::remove_dir_all(dir.root()).expect("clear");
        }
        copy_folder(from, dir.root());
        dir
    }

    fn child(&self, scenario: &str, stop: Option<usize>) -> Child {
        let exe = std::env::current_exe().expect("test binary");
        let mut command = Command::new(exe);
        command
            .arg(common::test_name(module_path!(), "replacement_child_runs_one_scenario"))
            .args(["--exact", "--nocapture", "--test-threads=1"])
            .env(SCENARIO_ENV, scenario)
            .env(DIR_ENV, self.dir().root())
            .env(BACKUP_ENV, &self.backup)
            .env("CONFIDANT_FAULT_POINTS", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(stop) = stop {
            command.env("CONFIDANT_FAULT_STOP", stop.to_string());
        }
        command.spawn().expect("spawn child")
    }

    /// Either vault, whole, opens with its own passphrase; the key file says which one it is.
    fn check(&self, dir: &DataDir, scenario: &str, step: &str) {
        restore::settle_interrupted_replacement(dir).unwrap_or_else(|e| panic!("{scenario}, {step}: settle: {e}"));
        let id = KeyFile::read(&dir.key_file())
            .unwrap_or_else(|e| panic!("{scenario}, {step}: no vault opens: {e}"))
            .vault_id()
            .to_owned();
        let old = id == self.old_id;
        assert!(
            !(old && scenario == "finish"),
            "{scenario}, {step}: the old vault came back after the restored one unlocked"
        );
        let (passphrase, expected) =
            if old { (PASSPHRASE, &self.old_practice) } else { (RESTORED_PASSPHRASE, &self.backup_practice) };
        let session = vault::unlock(dir, &pass(passphrase)).unwrap_or_else(|e| {
            panic!("{scenario}, {step}: the {} vault does not open: {e}", if old { "old" } else { "restored" })
        });
        assert!(practice(session.conn()) == *expected, "{scenario}, {step}: the vault that opens is not whole");
        if old {
            assert!(restore::pending_replacement(dir).is_none(), "{scenario}, {step}: the replacement was undone");
        } else {
            restore::finish_pending_replacement(&session).expect("finish");
            assert!(restore::pending_replacement(dir).is_none());
        }
        session.lock(LockReason::Manual).expect("lock");
        let mut names: Vec<String> = std::fs::read_dir(dir.root())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| {
                !["vault.key", "vault.db", "vault.db-wal", "vault.db-shm", "vault.anchor", "spool"]
                    .contains(&name.as_str())
            })
            .collect();
        names.sort();
        assert!(names.is_empty(), "{scenario}, {step}: left behind: {names:?}");
    }
}

fn backup_key_passphrase() -> confidant_core::secret::Passphrase {
    pass(BACKUP_PASSPHRASE)
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("list") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The points a scenario passes, with the time each step took, from a run that is not killed.
fn dry_run(world: &World, scenario: &str, start: &Path) -> Vec<(String, Duration)> {
    world.reset(start);
    let mut child = world.child(scenario, None);
    let mut points = Vec::new();
    let mut last = Instant::now();
    let mut done = false;
    for line in BufReader::new(child.stdout.take().expect("stdout")).lines() {
        let line = line.expect("line");
        // The test harness may write its own words before the first point on the same line.
        if let Some(rest) = line.split_once("fault-point ").map(|(_, rest)| rest) {
            let name = rest.split_once(' ').map_or(rest, |(_, name)| name).to_owned();
            points.push((name, last.elapsed()));
            last = Instant::now();
        }
        done |= line == "done";
    }
    assert!(child.wait().expect("wait").success() && done, "{scenario} runs to the end when not killed");
    world.check(&world.dir(), scenario, "not killed");
    points
}

/// Kills the child within step `step` (after point `step - 1`, at or before point `step`).
fn kill_within(world: &World, scenario: &str, step: usize, length: Duration, rng: &mut impl Rng) {
    let mut child = world.child(scenario, Some(step));
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    if step > 0 {
        let previous = format!("fault-point {} ", step - 1);
        let reached = lines.by_ref().map_while(Result::ok).any(|line| line.contains(&previous));
        assert!(reached, "{scenario}: the child ended before point {}", step - 1);
    }
    // Somewhere inside the step, or at its end, where the child waits.
    let within = length.mul_f64(rng.gen_range(0.0..1.2));
    std::thread::sleep(within);
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
}

#[test]
fn a_replacement_killed_at_any_step_leaves_the_old_vault_or_the_restored_one_whole() {
    if std::env::var_os(SCENARIO_ENV).is_some() {
        return;
    }
    let kills: usize = std::env::var("CONFIDANT_REPLACE_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let world = World::new();
    let mut rng = rand::thread_rng();
    for (scenario, start, at_least) in
        [("replace", &world.before, 10), ("undo", &world.after, 6), ("finish", &world.after, 2)]
    {
        let points = dry_run(&world, scenario, start);
        assert!(points.len() >= at_least, "{scenario}: only {} fault points: {points:?}", points.len());
        // Step n ends at point n; the last one runs from the last point to the end.
        for step in 0..=points.len() {
            let (name, length) = points.get(step).map_or(("the end", Duration::from_millis(5)), |(n, l)| (n, *l));
            for _ in 0..kills {
                let dir = world.reset(start);
                kill_within(&world, scenario, step, length, &mut rng);
                world.check(&dir, scenario, &format!("killed before “{name}”"));
            }
        }
    }
}

#[test]
fn only_the_restored_vault_unlocking_removes_the_vault_set_aside() {
    let world = World::new();
    let dir = world.reset(&world.after);
    let aside = restore::pending_replacement(&dir).expect("the old vault waits aside");

    // The old vault unlocked (its files copied back by hand): the one aside stays.
    let elsewhere = DataDir::new(world.temp.path().join("elsewhere"));
    copy_folder(&world.before, elsewhere.root());
    copy_folder(&aside, &elsewhere.root().join(aside.file_name().expect("name")));
    let old = vault::unlock(&elsewhere, &pass(PASSPHRASE)).expect("the old vault");
    restore::finish_pending_replacement(&old).expect("nothing to finish for it");
    assert!(restore::pending_replacement(&elsewhere).is_some(), "an unrelated unlock removes nothing");

    // A vault made after the restored one was lost: it does not remove the old one either.
    for name in ["vault.key", "vault.db"] {
        std::fs::remove_file(dir.root().join(name)).expect("lose the restored vault");
    }
    let other = vault::create_for_tests(&dir, "another vault entirely 9").expect("another vault");
    restore::finish_pending_replacement(&other).expect("nothing to finish for it");
    assert!(aside.join("vault.db").exists(), "the vault set aside is still there");
    other.lock(LockReason::Manual).expect("lock");
    let refused = restore::settle_interrupted_replacement(&dir);
    assert!(refused.is_ok(), "a complete replacement is left as it is: {refused:?}");
    assert!(aside.join("vault.db").exists());
}

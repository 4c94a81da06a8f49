//! Crash safety: a child process saves notes in a loop and reports each acknowledged save; the
//! test kills it (SIGKILL) at random moments, then checks that every acknowledged save is there
//! with its content and that the vault is intact. 200 kills by default;
//! `CONFIDANT_CRASH_ITERATIONS=10000` for a long reliability run.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{pass, TestVault, PASSPHRASE};
use confidant_core::notes::{self, NewNote, NoteContent, NoteKind, Template};
use confidant_core::paths::DataDir;
use confidant_core::register::{self, ClientFields, ClientStatus};
use confidant_core::vault;
use rand::Rng;

const CHILD_ENV: &str = "CONFIDANT_CRASH_CHILD_DIR";

/// The text of a note at a revision: both sides compute it, so the parent knows what to expect.
fn content_for(note_id: i64, revision: i64) -> NoteContent {
    let line = format!("Note {note_id} at revision {revision}: she slept better and the feeding plan is working. ");
    NoteContent { template: Template::FreeText, sections: vec![line.repeat(12)] }
}

/// Runs only inside the child process: saves forever, printing each acknowledged save.
#[test]
fn crash_child_saves_notes_until_killed() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else { return };
    let dir = DataDir::new(dir);
    let mut session = vault::unlock(&dir, &pass(PASSPHRASE)).expect("child unlock");
    let now = chrono::Local::now().naive_local();
    let mut out = std::io::stdout().lock();
    loop {
        let new = NewNote { client_id: 1, kind: NoteKind::Contact, date: "2020-01-01".into(), ..Default::default() };
        let id = notes::create_note(&mut session, &new, now).expect("create").id;
        for revision in 1..=5 {
            let saved =
                notes::save_draft(&mut session, id, &content_for(id, revision), Some(revision - 1)).expect("save");
            writeln!(out, "ack {id} {}", saved.revision).expect("write");
            out.flush().expect("flush");
        }
        if id % 2 == 0 {
            notes::sign_note(&mut session, id).expect("sign");
            writeln!(out, "signed {id}").expect("write");
            out.flush().expect("flush");
        }
    }
}

#[test]
fn acknowledged_saves_survive_being_killed_at_random_moments() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let iterations: usize =
        std::env::var("CONFIDANT_CRASH_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let (vault, mut session) = TestVault::new();
    let fields =
        ClientFields { legal_name: "Jane Canary".into(), date_of_birth: "1990-04-02".into(), ..Default::default() };
    let today = chrono::Local::now().date_naive();
    let client = register::create(&mut session, &fields, ClientStatus::Active, false, today).expect("client");
    assert_eq!(client.id, 1);
    common::sign_informed_consent(&mut session, client.id);
    session.lock(vault::LockReason::Manual).expect("lock");

    let exe = std::env::current_exe().expect("test binary");
    let mut acked: BTreeMap<i64, i64> = BTreeMap::new();
    let mut signed: BTreeSet<i64> = BTreeSet::new();
    let mut rng = rand::thread_rng();
    for iteration in 0..iterations {
        let mut child = Command::new(&exe)
            .arg(common::test_name(module_path!(), "crash_child_saves_notes_until_killed"))
            .args(["--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, vault.dir.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        std::thread::sleep(Duration::from_millis(rng.gen_range(5..120)));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        let mut output = String::new();
        child.stdout.take().expect("stdout").read_to_string(&mut output).expect("read");
        for line in output.lines() {
            let parts: Vec<&str> = line.split_whitespace().collect();
            match parts.as_slice() {
                ["ack", id, revision] => {
                    let (id, revision) = (id.parse().expect("id"), revision.parse().expect("revision"));
                    let entry = acked.entry(id).or_insert(0);
                    *entry = (*entry).max(revision);
                }
                ["signed", id] => {
                    signed.insert(id.parse().expect("id"));
                }
                _ => {}
            }
        }
        if (iteration + 1) % 50 == 0 || iteration + 1 == iterations {
            check(&vault.dir, &acked, &signed);
        }
    }
    assert!(acked.len() > iterations / 10, "the child saved too little to prove anything: {}", acked.len());
}

fn check(dir: &DataDir, acked: &BTreeMap<i64, i64>, signed: &BTreeSet<i64>) {
    let session = vault::unlock(dir, &pass(PASSPHRASE)).expect("unlock after crashes");
    for (&id, &revision) in acked {
        let note = notes::get_note(session.conn(), id).unwrap_or_else(|e| panic!("acknowledged note {id} lost: {e}"));
        // A save may have committed just before the kill without being acknowledged.
        assert!(
            note.revision == revision || note.revision == revision + 1 && revision < 5,
            "note {id}: acknowledged revision {revision}, found {}",
            note.revision
        );
        assert_eq!(note.content, content_for(id, note.revision), "note {id} content");
        if signed.contains(&id) {
            assert!(note.signed_at.is_some(), "note {id} was acknowledged as signed");
        }
    }
    let integrity: String = session.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
    assert_eq!(integrity, "ok");
    let mut stmt = session.conn().prepare("PRAGMA cipher_integrity_check").expect("cipher check");
    let problems: Vec<String> =
        stmt.query_map([], |r| r.get(0)).expect("rows").collect::<Result<_, _>>().expect("read");
    assert!(problems.is_empty(), "cipher_integrity_check: {problems:?}");
    let fts: rusqlite::Result<usize> =
        session.conn().execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)", []);
    assert!(fts.is_ok(), "the search index matches the notes: {fts:?}");
    drop(stmt);
    session.lock(vault::LockReason::Manual).expect("lock");
}

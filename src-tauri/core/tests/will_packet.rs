//! The professional will's papers (docs/DOMAIN.md section 13): the custodian packet read back as a
//! person reads it (every element, the custodian key and its backup line, no client's name), the
//! key line typed into Debian's `age` to open an automatic backup, the letters the custodian
//! prints, and Today's reminders.

use crate::backup_support;
use crate::common;
use crate::pdf_support;

use std::io::Write;
use std::process::{Command, Stdio};

use chrono::NaiveDate;
use common::{pass, TestVault, PASSPHRASE};
use confidant_core::backup::auto;
use confidant_core::secret::CustodianKey;
use confidant_core::vault::{self, LockReason};
use confidant_core::will::{self, WillDetails, WillError, WillReminder};
use pdf_support::{page_count, save, tool};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).expect("date")
}

fn details() -> WillDetails {
    WillDetails {
        custodian_name: "Dr. Robin Marsh".into(),
        custodian_license: "LPC 2019-0456, Missouri".into(),
        custodian_contact: "(573) 555-0199".into(),
        laptop_location: "the grey cabinet in the home office".into(),
        backups_location: "the blue USB drive in the bank's safe-deposit box".into(),
    }
}

/// Every client's names and codes: none may be on the packet.
fn client_names(session: &confidant_core::vault::Session) -> Vec<String> {
    let mut stmt = session.conn().prepare("SELECT legal_name, preferred_name, code FROM clients").expect("query");
    let rows = stmt
        .query_map([], |r| Ok([r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?]))
        .expect("rows");
    rows.flat_map(|r| r.expect("row")).filter(|n| !n.is_empty()).collect()
}

fn printed_packet(session: &mut confidant_core::vault::Session, name: &str) -> (String, String) {
    std::env::set_var("CONFIDANT_VIEWER", "true");
    let path = will::print_packet(session, &pass(PASSPHRASE), today()).expect("printed");
    assert_eq!(path.file_name().and_then(|n| n.to_str()), Some("custodian-packet-2026-11-27.pdf"));
    let pdf = save(name, &std::fs::read(&path).expect("the spooled packet"));
    let text = tool("pdftotext", &[&pdf, "-"]);
    (pdf, text)
}

#[test]
fn the_packet_reads_back_with_every_element_of_the_will_and_no_clients_name() {
    let (_vault, mut session) = TestVault::new();
    confidant_core::demo::generate_as_of(&mut session, 12, 3, today()).expect("clients");
    will::save(&mut session, &details()).expect("saved");
    let (pdf, text) = printed_packet(&mut session, "custodian-packet");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for element in [
        "Letter of instruction",
        "What to do first",
        "Installing Confidant",
        "Opening the vault",
        "How long records must be kept",
        "Answering a client's request",
        "Notifying the licensing board",
        "The custodian key",
        "The key line for automatic backups",
        "AGE-SECRET-KEY-1",
        "tr -dc A-Z0-9- > key.txt",
        "Letter to each client",
        "Answer to a request for records",
        "Dr. Robin Marsh",
        "LPC 2019-0456, Missouri",
        "(573) 555-0199",
        "the grey cabinet in the home office",
        "the blue USB drive in the bank's safe-deposit box",
        "7 years after the client's last session",
    ] {
        assert!(flat.contains(element), "the packet must say {element:?}:\n{text}");
    }
    assert!(page_count(&pdf) >= 3, "instructions, the keys, the letters");
    let names = client_names(&session);
    assert!(names.len() >= 24);
    for name in names {
        assert!(!flat.contains(&name), "no client's name or code in the packet: {name}");
    }
    let info = tool("pdfinfo", &[&pdf]);
    assert!(!info.contains("Robin") && !info.contains("Marsh"), "the metadata names nobody:\n{info}");
}

#[test]
fn the_packet_cannot_be_printed_before_the_custodian_is_named_nor_with_a_wrong_passphrase() {
    let (_vault, mut session) = TestVault::new();
    assert!(matches!(will::print_packet(&mut session, &pass(PASSPHRASE), today()), Err(WillError::NoDetails)));
    let mut missing = details();
    missing.custodian_license = " ".into();
    let Err(WillError::Invalid(fields)) = will::save(&mut session, &missing) else { panic!("refused") };
    assert_eq!(fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["custodianLicense"]);
    will::save(&mut session, &details()).expect("saved");
    assert!(will::print_packet(&mut session, &pass("not her passphrase"), today()).is_err());
    assert_eq!(will::get(&session).expect("will").key_issued_at, None, "no key issued by a refused print");
    let spool = session.data_dir().spool();
    let left = std::fs::read_dir(&spool).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "and no packet left in the spool with a key that opens nothing");
}

/// Runs one command line as `sh` would, in `dir`, with `typed` as what is typed at it.
fn run_as_typed(command: &str, dir: &std::path::Path, typed: &str) -> String {
    let mut child = Command::new("sh")
        .args(["-ec", command])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh starts");
    child.stdin.take().expect("stdin").write_all(typed.as_bytes()).expect("typed");
    let out = child.wait_with_output().expect("ran");
    assert!(out.status.success(), "`{command}` as printed failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_packets_key_line_typed_as_printed_opens_an_automatic_backup_with_debians_age() {
    backup_support::cheap_backups();
    let (vault, mut session) = TestVault::new();
    confidant_core::demo::generate_as_of(&mut session, 2, 7, today()).expect("clients");
    let (code, name): (String, String) = session
        .conn()
        .query_row("SELECT code, legal_name FROM clients ORDER BY id LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("a client");
    will::save(&mut session, &details()).expect("saved");
    let (_, text) = printed_packet(&mut session, "custodian-packet-commands");
    let folder = vault.temp.path().join("usb");
    let Ok(auto::AutoOutcome::Made { path: backup, .. }) =
        auto::create_auto_backup(&mut session, &folder, chrono::Utc::now())
    else {
        panic!("an automatic backup is made");
    };

    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let start = lines.iter().position(|l| *l == "AGE-SECRET-KEY-1").expect("the key line's first row");
    let key_as_printed = lines[start..start + 3].join("\n");
    let commands: Vec<&str> =
        lines.iter().copied().filter(|l| ["tr ", "age ", "sqlite3 "].iter().any(|c| l.starts_with(c))).collect();
    assert_eq!(commands.len(), 3, "three commands in the packet:\n{text}");
    let work = vault.temp.path().join("recover");
    std::fs::create_dir_all(&work).expect("a private folder");
    let file_name = backup.file_name().and_then(|n| n.to_str()).expect("file name");
    std::fs::copy(&backup, work.join(file_name)).expect("the backup file in it");
    let date = file_name.trim_start_matches("confidant-auto-").trim_end_matches(".age");
    run_as_typed(commands[0], &work, &format!("{key_as_printed}\n"));
    run_as_typed(&commands[1].replace("DATE", date), &work, "");
    let listed = run_as_typed(commands[2], &work, "");
    assert!(listed.contains(&format!("{code}|{name}")), "the clients read back with the custodian's line: {listed}");
}

#[test]
fn the_custodian_prints_a_letter_to_each_client_in_one_pdf_and_sees_who_not_to_leave_a_voicemail() {
    let (vault, mut session) = TestVault::new();
    confidant_core::demo::generate_as_of(&mut session, 6, 5, today()).expect("clients");
    will::save(&mut session, &details()).expect("saved");
    std::env::set_var("CONFIDANT_VIEWER", "true");
    let key_path = will::print_packet(&mut session, &pass(PASSPHRASE), today()).expect("printed");
    let text = tool("pdftotext", &[&key_path.to_string_lossy(), "-"]);
    // The custodian key as a person copies it off the paper: its three rows, dashes and all.
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let start = lines.iter().position(|l| *l == "The custodian key").expect("its heading") + 1;
    let key = lines[start..start + 3].join(" ");
    session.lock(LockReason::Manual).expect("lock");

    let custodian = vault::unlock_as_custodian(&vault.dir, &pass(&key)).expect("opened with the printed key");
    let clients = will::clients(custodian.conn(), today()).expect("home");
    assert!(!clients.is_empty());
    let active: i64 = custodian
        .conn()
        .query_row("SELECT count(*) FROM clients WHERE status = 'active'", [], |r| r.get(0))
        .expect("n");
    assert!(clients.len() as i64 >= active, "every active client is on the custodian's home");
    let no_voicemail: i64 = custodian
        .conn()
        .query_row("SELECT count(*) FROM clients WHERE status = 'active' AND voicemail_ok = 0", [], |r| r.get(0))
        .expect("n");
    assert_eq!(
        clients.iter().filter(|c| c.status == confidant_core::register::ClientStatus::Active && !c.voicemail_ok).count()
            as i64,
        no_voicemail,
        "\"no voicemail\" comes with each client"
    );
    let ids: Vec<i64> = clients.iter().take(3).map(|c| c.id).collect();
    let path = will::print_letters(&custodian, &ids, today()).expect("letters");
    assert_eq!(path.file_name().and_then(|n| n.to_str()), Some("client-letters-2026-11-27.pdf"));
    let pdf = save("custodian-letters", &std::fs::read(&path).expect("pdf"));
    let letters = tool("pdftotext", &[&pdf, "-"]);
    for client in clients.iter().take(3) {
        assert!(letters.contains(&format!("Dear {},", client.name)), "a letter to {}", client.code);
    }
    assert_eq!(letters.matches("Sincerely,").count(), ids.len(), "one letter each, in one PDF");
    assert!(!letters.contains("on behalf of ,"), "a practice without a profile still reads well");
    assert!(matches!(will::print_letters(&custodian, &[], today()), Err(WillError::NoClients)));
}

#[test]
fn today_reminds_her_to_set_up_then_yearly_and_when_a_form_is_newer_than_the_custodian_key() {
    let (_vault, mut session) = TestVault::new();
    assert_eq!(will::reminder(&session, today()).expect("r"), Some(WillReminder::NotSetUp));
    will::save(&mut session, &details()).expect("saved");
    assert_eq!(will::reminder(&session, today()).expect("r"), Some(WillReminder::NotSetUp), "no key yet");
    std::env::set_var("CONFIDANT_VIEWER", "true");
    will::print_packet(&mut session, &pass(PASSPHRASE), today()).expect("printed");
    let now = chrono::Local::now().date_naive();
    assert_eq!(will::reminder(&session, now).expect("r"), None);
    assert_eq!(
        will::reminder(&session, now + chrono::Days::new(365)).expect("r"),
        Some(WillReminder::ReviewDue),
        "once a year"
    );
    will::mark_reviewed(&mut session).expect("reviewed");
    assert_eq!(will::reminder(&session, now).expect("r"), None);

    // A form saved after the key was issued (a day later: saving stamps the second, and the
    // key was issued within this one).
    let later = (chrono::Utc::now() + chrono::Days::new(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    session
        .conn()
        .execute(
            "INSERT INTO form_templates (kind, version, body, content_hash, created_at)
             SELECT kind, version + 1, body || ' More.', content_hash, ?1 FROM form_templates
             WHERE kind = 'informed_consent' ORDER BY version DESC LIMIT 1",
            [later],
        )
        .expect("a newer version of a form");
    assert_eq!(will::reminder(&session, now).expect("r"), Some(WillReminder::KeyOlderThanForms));
}

#[test]
fn the_sample_packet_has_every_element_and_a_made_up_key_that_opens_nothing_here() {
    let pdf = save("custodian-packet-sample", &will::sample_packet(today()).expect("sample"));
    let text = tool("pdftotext", &[&pdf, "-"]);
    for element in ["Letter of instruction", "The custodian key", "AGE-SECRET-KEY-1", "Letter to each client"] {
        assert!(text.contains(element), "the sample shows {element:?}");
    }
    assert!(text.contains("Dr. Robin Example"), "made-up details");
    let (vault, mut session) = TestVault::new();
    session.issue_custodian_key(&pass(PASSPHRASE), &CustodianKey::generate()).expect("a real key");
    session.lock(LockReason::Manual).expect("lock");
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let start = lines.iter().position(|l| *l == "The custodian key").expect("its heading") + 1;
    assert!(vault::unlock_as_custodian(&vault.dir, &pass(&lines[start..start + 3].join(" "))).is_err());
}

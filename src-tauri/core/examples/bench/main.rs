//! `make bench`: the core's benchmarks. Figures are printed and merged into
//! `target/bench/results.json` as `[{name, value, unit}]` so runs can be compared over time.
#![allow(clippy::print_stdout)]

mod packet;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use confidant_core::demo;
use confidant_core::notes;
use confidant_core::paths::DataDir;
use confidant_core::register::{self, StatusFilter};
use confidant_core::secret::Passphrase;
use confidant_core::vault::{self, kdf::KdfParams, LockReason};

const PASSPHRASE: &str = "benchmark harbor lantern 2026";

fn main() {
    let mut results = Vec::new();
    // `CONFIDANT_BENCH=packet` runs only the consent packet figures (a minute, not ten);
    // `CONFIDANT_BENCH=backup` only the backup figures (the stress vault must exist already);
    // `CONFIDANT_BENCH=notes` only sessions, notes and search on the stress vault;
    // `CONFIDANT_BENCH=schedule` only the schedule figures (the stress vault must exist already);
    // `CONFIDANT_BENCH=integrity` only what checking the history costs at unlock;
    // `CONFIDANT_BENCH=clinical` only code search and the client page with her clinical record;
    // `CONFIDANT_BENCH=money` only a client's account, the year's income and a superbill (on the
    // stress vault, made first if it is missing).
    match std::env::var("CONFIDANT_BENCH").as_deref() {
        Ok("money") => {
            money_bench(&mut results, today());
            report(&results);
            return;
        }
        Ok("schedule") => {
            schedule_bench(&mut results, today());
            report(&results);
            return;
        }
        Ok("clinical") => {
            clinical_bench(&mut results, today());
            report(&results);
            return;
        }
        Ok("integrity") => {
            integrity_bench(&mut results);
            report(&results);
            return;
        }
        Ok("packet") => {
            packet::packet_bench(&mut results);
            report(&results);
            return;
        }
        Ok("backup") => {
            backup_bench(&mut results);
            report(&results);
            return;
        }
        Ok("notes") => {
            notes_bench(&mut results, today());
            report(&results);
            return;
        }
        _ => {}
    }
    packet::packet_bench(&mut results);

    // Key derivation as a new vault on this machine would calibrate it.
    let params = KdfParams::calibrate().expect("calibrate");
    let kdf = median(5, || {
        let start = Instant::now();
        params.derive(&Passphrase::new(PASSPHRASE.into()), &[7u8; 16]).expect("derive");
        start.elapsed()
    });
    results.push(figure("kdf_ms", ms(kdf), "ms"));
    results.push(figure("kdf_memory_mib", f64::from(params.memory_kib) / 1024.0, "MiB"));
    results.push(figure("kdf_iterations", f64::from(params.iterations), "count"));

    // Everything unlocking does besides key derivation: read and check the key file, unwrap,
    // open SQLCipher, check it, run migrations, write the audit entry. Measured on a vault made
    // with negligible key derivation (about 0.1 ms), so the time is the rest.
    let temp = tempfile::tempdir().expect("temp");
    let dir = DataDir::new(temp.path().join("vault"));
    vault::create_for_tests(&dir, PASSPHRASE).expect("create").lock(LockReason::Manual).expect("lock");
    let rest = median(21, || {
        let start = Instant::now();
        let session = vault::unlock(&dir, &Passphrase::new(PASSPHRASE.into())).expect("unlock");
        let elapsed = start.elapsed();
        session.lock(LockReason::Manual).expect("lock");
        elapsed
    });
    results.push(figure("unlock_rest_ms", ms(rest), "ms"));

    // The client register with 2,000 clients in an encrypted vault: the first page of the list
    // (what the first paint needs) and search as you type over a mix of queries.
    let today = today();
    let register_dir = DataDir::new(temp.path().join("register"));
    let mut session = vault::create_for_tests(&register_dir, PASSPHRASE).expect("create");
    demo::generate_as_of(&mut session, 2_000, 7, today).expect("generate");
    session.lock(LockReason::Manual).expect("lock");
    let session = vault::unlock(&register_dir, &Passphrase::new(PASSPHRASE.into())).expect("unlock");
    let start = Instant::now();
    register::list(session.conn(), StatusFilter::All, "", false, 50, today).expect("list");
    results.push(figure("client_list_first_after_unlock_ms", ms(start.elapsed()), "ms"));
    let list = percentile(100, 95, || {
        let start = Instant::now();
        let page = register::list(session.conn(), StatusFilter::All, "", false, 50, today).expect("list");
        assert_eq!(page.clients.len(), 50);
        start.elapsed()
    });
    results.push(figure("client_list_ms", ms(list), "ms"));
    let sample = register::get(session.conn(), 1234).expect("a client");
    let full_name = sample.fields.legal_name.clone();
    let phone_digits: String =
        sample.fields.contact.phone.chars().filter(char::is_ascii_digit).skip(3).take(5).collect();
    let queries: Vec<String> = ["a", "ma", "nak", "r", "os", "zie", "c12", "example.org", "castellanos"]
        .iter()
        .map(|q| q.to_string())
        .chain([full_name, phone_digits, "555-01".into(), "amara.".into()])
        .collect();
    let mut times = Vec::new();
    for _ in 0..20 {
        for query in &queries {
            let start = Instant::now();
            register::list(session.conn(), StatusFilter::All, query, false, 50, today).expect("search");
            times.push(start.elapsed());
        }
    }
    times.sort();
    let p95 = times[(times.len() * 95).div_ceil(100) - 1];
    results.push(figure("client_search_p95_ms", ms(p95), "ms"));

    drop(session);
    notes_bench(&mut results, today);
    schedule_bench(&mut results, today);
    clinical_bench(&mut results, today);
    money_bench(&mut results, today);
    backup_bench(&mut results);
    integrity_bench(&mut results);

    report(&results);
}

/// The day the benchmark vaults are generated "as of", so a cached stress vault stays valid.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 10).expect("date")
}

fn report(results: &[Figure]) {
    for (name, value, unit) in results {
        println!("{name:<24} {value:>10.2} {unit}");
    }
    merge_into_results_file(results);
}

/// Bump when the stress vault's content changes, so a cached one is regenerated.
const STRESS_VERSION: u32 = 4;

/// Where the stress vault is kept. `CONFIDANT_BENCH_CORPUS=short` measures on the demo's short
/// notes instead (the corpus of earlier versions), to compare the two.
fn stress_root() -> PathBuf {
    let name =
        if short_corpus() { format!("stress-v{STRESS_VERSION}-short") } else { format!("stress-v{STRESS_VERSION}") };
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench").join(name)
}

fn short_corpus() -> bool {
    std::env::var("CONFIDANT_BENCH_CORPUS").as_deref() == Ok("short")
}
/// The dictionary the stress vault's vocabulary comes from (Debian's hunspell-en-us, which `make
/// bench` installs).
const DICTIONARY: &str = "/usr/share/hunspell/en_US.dic";
const STRESS_CLIENTS: usize = 2_000;
const STRESS_NOTES: usize = 100_000;
const HEAVY_NOTES: usize = 500;
const QUERIES: &[&str] = &["trichotillomania", "reported", "sleep partner", "anx"];

/// The client with 500 notes.
const HEAVY_CLIENT: i64 = 1_000;

/// The stress vault (2,000 clients, 100,000 notes, the active clients' clinical record, and the
/// heavy client's diagnoses and plan), made once and cached under `target/bench/`.
fn stress_vault(today: NaiveDate) -> (PathBuf, DataDir) {
    let root = stress_root();
    let dir = DataDir::new(root.join("vault"));
    let text_dir = root.join("notes-as-files");
    let heavy = HEAVY_CLIENT;
    if !root.join("complete").exists() {
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("stress dir");
        let start = Instant::now();
        let mut session = new_practice(&dir);
        demo::generate_as_of(&mut session, STRESS_CLIENTS, 7, today).expect("clients");
        let clients: Vec<i64> = {
            let mut stmt = session.conn().prepare("SELECT id FROM clients ORDER BY id").expect("ids");
            stmt.query_map([], |r| r.get(0)).expect("rows").collect::<Result<_, _>>().expect("read")
        };
        let vocabulary = (!short_corpus()).then(|| {
            notes::sample::Vocabulary::from_hunspell(std::path::Path::new(DICTIONARY), 11)
                .expect("a dictionary of at least 20,000 words (apt-get install hunspell-en-us)")
        });
        if let Some(vocabulary) = &vocabulary {
            println!("vocabulary                {:>10} words", vocabulary.len());
        }
        let plan = notes::sample::Plan {
            notes: STRESS_NOTES,
            heavy_client: Some(heavy),
            heavy_notes: HEAVY_NOTES,
            days: 40 * 365,
            seed: 11,
            vocabulary: vocabulary.as_ref(),
            in_care: false,
        };
        notes::sample::generate(session.conn_mut(), &clients, &plan, today).expect("notes");
        demo::generate_clinical(&mut session, 11, today).expect("clinical record");
        heavy_clinical_record(&mut session, heavy, today);
        session.conn().execute_batch("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);").expect("checkpoint");
        std::fs::create_dir_all(&text_dir).expect("text dir");
        for table in ["notes", "psychotherapy_notes"] {
            let sql = format!(
                "SELECT id, section_1 || char(10) || section_2 || char(10) || section_3 || char(10) || section_4
                        || char(10) || addenda_text FROM {table}"
            );
            let mut stmt = session.conn().prepare(&sql).expect("notes");
            let mut rows = stmt.query([]).expect("rows");
            while let Some(row) = rows.next().expect("row") {
                let (id, text): (i64, String) = (row.get(0).expect("id"), row.get(1).expect("text"));
                std::fs::write(text_dir.join(format!("{id}.txt")), text).expect("write note file");
            }
        }
        session.lock(LockReason::Manual).expect("lock");
        std::fs::write(root.join("complete"), "").expect("marker");
        println!("stress vault generated in {:.0} s", start.elapsed().as_secs_f64());
    }
    (root, dir)
}

/// Sessions and notes on the stress vault (2,000 clients, 100,000 notes), encrypted and on an
/// unencrypted copy, and the same queries with ripgrep over one file per note.
fn notes_bench(results: &mut Vec<Figure>, today: NaiveDate) {
    let (root, dir) = stress_vault(today);
    let plain_path = root.join("plain.db");
    let text_dir = root.join("notes-as-files");
    let heavy = HEAVY_CLIENT;

    let unlock = || vault::unlock(&dir, &Passphrase::new(PASSPHRASE.into())).expect("unlock");
    // The unencrypted copy, made again whenever unlocking migrated the (cached) vault to this
    // build's schema: both sides run the same queries on the same tables and indexes.
    let session = unlock();
    let migrations = |conn: &rusqlite::Connection| {
        conn.query_row(
            "SELECT group_concat(sha256) FROM (SELECT sha256 FROM schema_migrations ORDER BY version)",
            [],
            |r| r.get::<_, String>(0),
        )
        .ok()
    };
    let plain_migrations = rusqlite::Connection::open(&plain_path).ok().and_then(|plain| migrations(&plain));
    if plain_migrations != migrations(session.conn()) {
        export_plain(session.conn(), &plain_path);
    }
    session.lock(LockReason::Manual).expect("lock");
    // Set up as the vault's connection is, reading the migrations too: that loads the schema, so
    // neither side's first query pays for it.
    let open_plain = || {
        let conn = rusqlite::Connection::open(&plain_path).expect("plain");
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;
             PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;",
        )
        .expect("pragmas");
        migrations(&conn).expect("the plain copy's migrations");
        conn
    };

    let session = unlock();
    let encrypted_search = search_times(session.conn(), today);
    drop(session);
    let plain = open_plain();
    let plain_search = search_times(&plain, today);
    drop(plain);

    // A client with 500 notes, each time on a new connection (cold page cache).
    let open_client = |conn: &rusqlite::Connection| {
        let start = Instant::now();
        let timeline = notes::timeline(conn, heavy, &notes::TimelineFilter::default()).expect("timeline");
        let elapsed = start.elapsed();
        assert!(timeline.totals.notes >= HEAVY_NOTES as u32, "the heavy client has her notes");
        elapsed
    };
    let encrypted_open = percentile(20, 95, || {
        let session = unlock();
        let elapsed = open_client(session.conn());
        session.lock(LockReason::Manual).expect("lock");
        elapsed
    });
    let plain_open = percentile(20, 95, || open_client(&open_plain()));

    // Autosave: a draft saved 300 times as it grows, as she types.
    let new_draft = |conn: &mut rusqlite::Connection| -> i64 {
        let tx = conn.transaction().expect("tx");
        tx.execute("INSERT INTO note_ids DEFAULT VALUES", []).expect("id");
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO notes (id, client_id, kind, template, status, note_date, created_at, updated_at)
             VALUES (?1, ?2, 'progress', 'soap', 'private', '2026-01-09', '2026-01-09T12:00:00Z', '2026-01-09T12:00:00Z')",
            rusqlite::params![id, heavy],
        )
        .expect("draft");
        tx.commit().expect("commit");
        id
    };
    let saves = |conn: &mut rusqlite::Connection| -> Vec<Duration> {
        let id = new_draft(conn);
        let mut rng_text = String::new();
        let mut times = Vec::new();
        for i in 0..300 {
            rng_text.push_str(["She reported sleeping better. ", "Discussed feeding and anxiety at night. "][i % 2]);
            let content = notes::NoteContent {
                template: notes::Template::Soap,
                sections: vec![rng_text.clone(), "Calm, engaged.".into(), "Improving.".into(), "Next week.".into()],
            };
            let start = Instant::now();
            notes::save_draft_in(conn, id, &content, None).expect("save");
            times.push(start.elapsed());
        }
        times.sort();
        times
    };
    let mut session = unlock();
    let encrypted_saves = saves(session.conn_mut());
    session.lock(LockReason::Manual).expect("lock");
    let plain_saves = saves(&mut open_plain());
    let p95 = |times: &[Duration]| times[(times.len() * 95).div_ceil(100) - 1];

    // ripgrep over one file per note, the same words.
    let mut ratios = Vec::new();
    for (query, ours) in QUERIES.iter().zip(&encrypted_search.1) {
        let word = query.split_whitespace().next().unwrap_or(query);
        let rg = median(3, || {
            let start = Instant::now();
            let output =
                std::process::Command::new("rg").args(["-l", "-i", word]).arg(&text_dir).output().expect("run rg");
            assert!(!output.stdout.is_empty(), "ripgrep found {word}");
            start.elapsed()
        });
        println!("  {query:<18} ours {:>7.2} ms   ripgrep {:>8.1} ms", ms(*ours), ms(rg));
        ratios.push(rg.as_secs_f64() / ours.as_secs_f64().max(1e-6));
    }

    let pairs = [
        (encrypted_search.0, plain_search.0),
        (encrypted_open, plain_open),
        (p95(&encrypted_saves), p95(&plain_saves)),
    ];
    let geomean = |values: &[f64]| (values.iter().map(|v| v.ln()).sum::<f64>() / values.len() as f64).exp();
    let ratio: Vec<f64> = pairs.iter().map(|(e, p)| e.as_secs_f64() / p.as_secs_f64().max(1e-9)).collect();
    results.push(figure("search_p95_ms", ms(encrypted_search.0), "ms"));
    results.push(figure("open_client_ms", ms(encrypted_open), "ms"));
    results.push(figure("save_note_p95_ms", ms(p95(&encrypted_saves)), "ms"));
    results.push(figure("save_note_max_ms", ms(*encrypted_saves.last().expect("saves")), "ms"));
    results.push(figure("plain_search_p95_ms", ms(plain_search.0), "ms"));
    results.push(figure("plain_open_client_ms", ms(plain_open), "ms"));
    results.push(figure("plain_save_note_p95_ms", ms(p95(&plain_saves)), "ms"));
    results.push(figure("plain_save_note_max_ms", ms(*plain_saves.last().expect("saves")), "ms"));
    results.push(figure("encrypted_vs_plain", geomean(&ratio), "ratio"));
    results.push(figure("search_vs_ripgrep", geomean(&ratios), "ratio"));
}

/// The heavy client's clinical record, whatever her status: three diagnoses (one changed), a
/// signed plan with three goals, a review, and a second version.
fn heavy_clinical_record(session: &mut vault::Session, heavy: i64, today: NaiveDate) {
    use confidant_core::clinical::{diagnoses, plans, reviews, DiagnosisStatus, GoalInput, GoalReview, GoalStatus};
    let day = |days: i64| (today - chrono::Duration::days(days)).format("%Y-%m-%d").to_string();
    for (code, primary) in [("F53.0", true), ("F41.1", false), ("Z63.0", false)] {
        let new = diagnoses::NewDiagnosis {
            client_id: heavy,
            code: code.into(),
            status: DiagnosisStatus::Working,
            from_on: day(400),
            to_on: None,
            primary,
        };
        // The demo may have given her these already.
        let _ = diagnoses::record(session, &new, today);
    }
    let goal = |text: &str| GoalInput {
        goal: text.into(),
        objectives: format!("{text}, four days a week"),
        ..Default::default()
    };
    let mut input = confidant_core::clinical::PlanInput {
        client_id: heavy,
        written_on: day(200),
        presenting_problems: "Low mood and worry since the birth.".into(),
        goals: vec![goal("Sleep five hours"), goal("Walk with the baby"), goal("Call a friend")],
        interventions: "CBT".into(),
        frequency: "Weekly".into(),
        ..Default::default()
    };
    let first = plans::save(session, &input, today).expect("plan");
    plans::sign(session, first.id, &day(200), confidant_core::consent::signatures::SignedBy::Client, today)
        .expect("signed");
    let review = reviews::PlanReviewInput {
        client_id: heavy,
        reviewed_on: day(110),
        goals: first
            .goals
            .iter()
            .map(|g| GoalReview { goal_id: g.goal_id, progress: "Better".into(), status: GoalStatus::Open })
            .collect(),
        ..Default::default()
    };
    reviews::record(session, &review, today).expect("review");
    input.written_on = day(100);
    for (goal, earlier) in input.goals.iter_mut().zip(&first.goals) {
        goal.goal_id = Some(earlier.goal_id);
    }
    plans::save(session, &input, today).expect("a second version");
}

/// Code search as she types over the whole shipped list, and the client page of the heavy
/// client (500 notes) with and without her clinical record, each on a new connection.
fn clinical_bench(results: &mut Vec<Figure>, today: NaiveDate) {
    let (_, dir) = stress_vault(today);
    let unlock = || vault::unlock(&dir, &Passphrase::new(PASSPHRASE.into())).expect("unlock");
    let session = unlock();
    let queries = ["f", "F4", "F43.2", "f530", "post", "postpartum", "adjustment dis", "z3a", "o99", "anxiety", "xyz"];
    let mut times = Vec::new();
    for _ in 0..50 {
        for query in queries {
            let start = Instant::now();
            confidant_core::clinical::codes::search(session.conn(), query).expect("search");
            times.push(start.elapsed());
        }
    }
    times.sort();
    let p95_search = times[(times.len() * 95).div_ceil(100) - 1];
    session.lock(LockReason::Manual).expect("lock");
    // Her page as it opens, on a new connection each time: the timeline, then the clinical panel.
    // Both are timed in the same runs, so the panel's own cost is not lost in the machine's noise.
    let (mut timeline_times, mut panel_times, mut page_times) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..60 {
        let session = unlock();
        let start = Instant::now();
        let timeline =
            notes::timeline(session.conn(), HEAVY_CLIENT, &notes::TimelineFilter::default()).expect("timeline");
        let middle = Instant::now();
        let panel = confidant_core::clinical::overview::overview(session.conn(), HEAVY_CLIENT, today).expect("panel");
        let end = Instant::now();
        assert!(timeline.totals.notes >= HEAVY_NOTES as u32);
        assert!(panel.plan.is_some() && panel.diagnoses.len() >= 3, "her clinical record is there");
        timeline_times.push(middle - start);
        panel_times.push(end - middle);
        page_times.push(end - start);
        session.lock(LockReason::Manual).expect("lock");
    }
    let p95 = |times: &mut Vec<Duration>| {
        times.sort();
        times[(times.len() * 95).div_ceil(100) - 1]
    };
    let median = |times: &[Duration]| ms(times[times.len() / 2]);
    let (timeline_p95, panel_p95) = (p95(&mut timeline_times), p95(&mut panel_times));
    println!(
        "  client page medians: timeline {:.2} ms, clinical panel {:.2} ms",
        median(&timeline_times),
        median(&panel_times)
    );
    results.push(figure("icd_search_p95_ms", ms(p95_search), "ms"));
    results.push(figure("open_client_timeline_ms", ms(timeline_p95), "ms"));
    results.push(figure("open_client_clinical_panel_ms", ms(panel_p95), "ms"));
    results.push(figure("open_client_with_clinical_ms", ms(p95(&mut page_times)), "ms"));
}

/// Writes the unencrypted copy of the vault: SQLCipher with an empty key writes plain SQLite.
/// The vault's connection does not create files, so the (empty) file is made first.
fn export_plain(vault: &rusqlite::Connection, path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    std::fs::File::create(path).expect("plain file");
    vault
        .execute_batch(&format!(
            "ATTACH DATABASE '{}' AS plain KEY ''; SELECT sqlcipher_export('plain'); DETACH DATABASE plain;",
            path.display()
        ))
        .expect("plain copy");
}

/// The schedule on the stress vault: a weekly series over two years expanded and checked for
/// every warning (double bookings against all the vault's sessions, one indexed lookup per day),
/// and the week view the page paints (the days, the appointments with their clients' initials,
/// series places and warnings).
fn schedule_bench(results: &mut Vec<Figure>, today: NaiveDate) {
    use confidant_core::notes::recurrence::Repeat;
    use confidant_core::notes::series::{Booking, SeriesRule};
    use confidant_core::schedule;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../target/bench/stress-v{STRESS_VERSION}"));
    assert!(root.join("complete").exists(), "the stress vault is made by a full `make bench` first");
    let mut session =
        vault::unlock(&DataDir::new(root.join("vault")), &Passphrase::new(PASSPHRASE.into())).expect("unlock");
    // The practice's schedule as the demo books it, once: its 230 active clients in series
    // from four weeks ago to months ahead (five or six to an hour: a worst case).
    let booked: i64 =
        session.conn().query_row("SELECT count(*) FROM appointment_series", [], |r| r.get(0)).expect("series");
    if booked == 0 {
        demo::generate_schedule(&mut session, 7, today).expect("schedule");
        // Measured as she meets it: a vault just unlocked, not one whose log holds the booking.
        session.lock(LockReason::Manual).expect("lock");
        session =
            vault::unlock(&DataDir::new(root.join("vault")), &Passphrase::new(PASSPHRASE.into())).expect("unlock");
    }
    let sessions: i64 = session.conn().query_row("SELECT count(*) FROM sessions", [], |r| r.get(0)).expect("count");
    let span: (String, String) = session
        .conn()
        .query_row("SELECT min(date), max(date) FROM sessions", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("span");
    let now = today.and_hms_opt(8, 0, 0).expect("now");
    let first = today + chrono::Days::new(3);
    let booking = Booking {
        client_id: 1000,
        fields: notes::SessionFields {
            date: first.format("%Y-%m-%d").to_string(),
            start_time: "10:00".into(),
            end_time: "10:50".into(),
            ..Default::default()
        },
        series: Some(SeriesRule {
            repeat: Repeat::Weekly,
            until: Some((first + chrono::Days::new(2 * 365)).format("%Y-%m-%d").to_string()),
            count: None,
        }),
    };
    let mut warned = 0;
    let check = percentile(50, 95, || {
        let start = Instant::now();
        warned = schedule::check(session.conn(), &booking, now).expect("check").len();
        start.elapsed()
    });
    let from = schedule::week_start(today);
    let mut slots = 0;
    let week = percentile(50, 95, || {
        let start = Instant::now();
        slots = schedule::week::view(session.conn(), from, 7, true, now).expect("week").slots.len();
        start.elapsed()
    });
    println!(
        "  schedule on {sessions} sessions ({} to {}): a 2-year weekly series checked ({warned} warnings), a week of \
         {slots} appointments read",
        span.0, span.1
    );
    results.push(figure("series_check_ms", ms(check), "ms"));
    results.push(figure("week_view_core_ms", ms(week), "ms"));
    session.lock(LockReason::Manual).expect("lock");
}

/// The money on the stress vault, given ten years of fees, charges and payments once (the
/// demo's, on every session held in those years): the heavy client's account (every entry of
/// ten years, what `money_panel` reads after posting, which finds nothing new), the practice's
/// income for a year, and a 12-month superbill to a PDF.
fn money_bench(results: &mut Vec<Figure>, today: NaiveDate) {
    use confidant_core::consent::profile;
    use confidant_core::money::{entries, income, papers};
    let (_, dir) = stress_vault(today);
    let mut session = vault::unlock(&dir, &Passphrase::new(PASSPHRASE.into())).expect("unlock");
    let fees: i64 = session.conn().query_row("SELECT count(*) FROM fees", [], |r| r.get(0)).expect("fees");
    if fees == 0 {
        let start = Instant::now();
        if profile::load(session.conn()).expect("profile").therapist_name.is_empty() {
            profile::save(&mut session, &profile::sample()).expect("profile");
        }
        demo::generate_money(&mut session, 7, today).expect("money");
        println!("  money generated in {:.0} s", start.elapsed().as_secs_f64());
        session.lock(LockReason::Manual).expect("lock");
        session = vault::unlock(&dir, &Passphrase::new(PASSPHRASE.into())).expect("unlock");
    }
    let heavy = HEAVY_CLIENT;
    let count = |sql: &str| -> i64 { session.conn().query_row(sql, [], |r| r.get(0)).expect(sql) };
    let all = count("SELECT count(*) FROM money_entries");
    let heavy_entries = count(&format!("SELECT count(*) FROM money_entries WHERE client_id = {heavy}"));
    // As her page opens it: the charges of attendance posted (nothing new), then the account.
    let account = percentile(50, 95, || {
        let start = Instant::now();
        entries::post_charges(&mut session, Some(heavy), today).expect("posted");
        entries::account(session.conn(), heavy).expect("account");
        start.elapsed()
    });
    let year = today.year() - 1;
    let mut received = 0;
    let income = percentile(20, 95, || {
        let start = Instant::now();
        received = income::year(session.conn(), year).expect("income").total.received_cents;
        start.elapsed()
    });
    let profile = profile::load(session.conn()).expect("profile");
    let from = today - chrono::Days::new(365);
    let mut lines = 0;
    let superbill = percentile(20, 95, || {
        let start = Instant::now();
        let bill = papers::superbill(session.conn(), heavy, from, today, today).expect("superbill");
        lines = bill.lines.len();
        let blocks = papers::superbill_blocks(&bill);
        papers::render(papers::SUPERBILL, &profile.practice_name, "C1000", profile.paper, blocks, today).expect("pdf");
        start.elapsed()
    });
    println!(
        "  money on {all} entries: {heavy_entries} of the heavy client's, {year}'s income ({} received), \
         a superbill of {lines} sessions",
        confidant_core::money::dollars(received)
    );
    results.push(figure("client_balance_ms", ms(account), "ms"));
    results.push(figure("income_year_ms", ms(income), "ms"));
    results.push(figure("superbill_ms", ms(superbill), "ms"));
    session.lock(LockReason::Manual).expect("lock");
}

/// What unlocking spends checking the history (both chains, the triggers against the
/// migrations, the anchor), against the whole unlock without key derivation: on a demo practice
/// (345 clients, their notes, consents and measures, 300 disclosures), again after 100,000 more
/// audit entries (decades of unlocks and locks), and on the stress vault when a full run made it.
fn integrity_bench(results: &mut Vec<Figure>) {
    use confidant_core::audit::{self, AuditEvent};
    use confidant_core::disclosure::release::{self, ClientInformed, RecordedDisclosure};
    use confidant_core::disclosure::LegalBasis;
    let temp = tempfile::tempdir().expect("temp");
    let dir = DataDir::new(temp.path().join("vault"));
    // Consents cannot be signed before their form was made: today, as `confidant demo` does.
    let today = chrono::Local::now().date_naive();
    let mut session = new_practice(&dir);
    demo::generate_as_of(&mut session, demo::DEMO_CLIENTS, demo::DEMO_SEED, today).expect("clients");
    demo::generate_notes(&mut session, demo::DEMO_SEED, today).expect("notes");
    demo::generate_consent(&mut session, demo::DEMO_SEED, today).expect("consent");
    demo::generate_measures(&mut session, demo::DEMO_SEED, today).expect("measures");
    for i in 0..300 {
        let report = RecordedDisclosure {
            client_id: 1 + i % 40,
            basis: Some(LegalBasis::MandatedChildAbuseReport),
            date: "2026-01-09".into(),
            time: "09:30".into(),
            recipient_name: "Children's Division hotline".into(),
            description: "Reported what she disclosed".into(),
            reference: format!("CD-{i}"),
            client_informed: Some(ClientInformed::NotTold { why: "Telling her would put the child at risk.".into() }),
            ..Default::default()
        };
        release::record_disclosure(&mut session, &report, today).expect("disclosure");
    }
    session.lock(LockReason::Manual).expect("lock");
    let mut measure = |name: &str, dir: &DataDir| {
        let unlock = median(21, || {
            let start = Instant::now();
            let session = vault::unlock(dir, &Passphrase::new(PASSPHRASE.into())).expect("unlock");
            let elapsed = start.elapsed();
            session.lock(LockReason::Manual).expect("lock");
            elapsed
        });
        let session = vault::unlock(dir, &Passphrase::new(PASSPHRASE.into())).expect("unlock");
        let entries: i64 = session.conn().query_row("SELECT count(*) FROM audit", [], |r| r.get(0)).expect("count");
        let check = median(21, || {
            let start = Instant::now();
            assert!(session.history_findings().expect("check").is_empty(), "an untouched vault");
            start.elapsed()
        });
        session.lock(LockReason::Manual).expect("lock");
        // `confidant verify`: all of that and every signed note and addendum hashed again.
        let verify = median(5, || {
            let start = Instant::now();
            let report = confidant_core::verify::verify(dir, &Passphrase::new(PASSPHRASE.into()), &[]).expect("verify");
            assert!(report.intact(), "{:?}", report.findings);
            start.elapsed()
        });
        println!("{name}: {entries} audit entries");
        results.push(figure(&format!("unlock_history_check_{name}_ms"), ms(check), "ms"));
        results.push(figure(&format!("unlock_rest_{name}_ms"), ms(unlock), "ms"));
        results.push(figure(&format!("verify_{name}_ms"), ms(verify), "ms"));
    };
    measure("demo", &dir);
    let mut session = vault::unlock(&dir, &Passphrase::new(PASSPHRASE.into())).expect("unlock");
    let tx = session.conn_mut().transaction().expect("transaction");
    for i in 0..100_000 {
        let event = if i % 2 == 0 { AuditEvent::Unlocked } else { AuditEvent::Locked };
        audit::append(&tx, event, if i % 2 == 0 { "passphrase" } else { "idle" }).expect("append");
    }
    tx.commit().expect("commit");
    session.lock(LockReason::Manual).expect("lock");
    measure("demo_long_trail", &dir);
    let stress = stress_root();
    if stress.join("complete").exists() {
        measure("stress", &DataDir::new(stress.join("vault")));
    }
}

/// Backup and verify of the stress vault (an automatic backup: X25519 recipient), against the
/// do-it-yourself way with stock tools on the unencrypted copy (`sqlite3 .backup`, then
/// `age -r` with the same kind of recipient), and a plain `cp` of the database file.
fn backup_bench(results: &mut Vec<Figure>) {
    use confidant_core::backup::{self, auto, BackupKey};
    let root = stress_root();
    let dir = DataDir::new(root.join("vault"));
    assert!(root.join("complete").exists(), "the stress vault is made by a full `make bench` first");
    println!("backup benchmark on the stress vault ({})", dir.root().display());
    let work = tempfile::tempdir_in(&root).expect("work dir");
    let mut session = vault::unlock(&dir, &Passphrase::new(PASSPHRASE.into())).expect("unlock");
    // A fresh recovery key is pending after this, which sets up automatic backups.
    session.replace_recovery_key(&Passphrase::new(PASSPHRASE.into())).expect("recovery key");
    let recovery = session.pending_recovery_key().expect("pending").expose_grouped().to_string();
    session.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").expect("checkpoint");
    let mut runs = 0;
    let create = median(3, || {
        runs += 1;
        let folder = work.path().join(format!("auto-{runs}"));
        let start = Instant::now();
        auto::create_auto_backup(&mut session, &folder, chrono::Utc::now()).expect("backup");
        start.elapsed()
    });
    let file = work.path().join("auto-1").join(auto::file_name(chrono::Local::now().date_naive()));
    let key = BackupKey::RecoveryKey(confidant_core::secret::RecoveryKey::parse(&recovery).expect("key"));
    let verify = median(3, || {
        let start = Instant::now();
        backup::verify(&file, &key).expect("verify");
        start.elapsed()
    });
    session.lock(LockReason::Manual).expect("lock");

    let run = |program: &str, args: &[&str]| {
        let status = std::process::Command::new(program).args(args).status().expect(program);
        assert!(status.success(), "{program} failed");
    };
    let plain = root.join("plain.db").to_string_lossy().into_owned();
    let copy = work.path().join("copy.db").to_string_lossy().into_owned();
    let recipient = age::x25519::Identity::generate().to_public().to_string();
    let diy = median(3, || {
        let _ = std::fs::remove_file(&copy);
        let start = Instant::now();
        run("sqlite3", &[&plain, &format!(".backup '{copy}'")]);
        run("age", &["-r", &recipient, "-o", &format!("{copy}.age"), &copy]);
        start.elapsed()
    });
    let cp = median(3, || {
        let start = Instant::now();
        run("cp", &[&dir.database().to_string_lossy(), &format!("{copy}.cp")]);
        start.elapsed()
    });
    let ours = create + verify;
    println!(
        "  backup {:.0} ms + verify {:.0} ms; sqlite3 .backup + age {:.0} ms; cp {:.0} ms",
        ms(create),
        ms(verify),
        ms(diy),
        ms(cp)
    );
    results.push(figure("backup_ms", ms(create), "ms"));
    results.push(figure("verify_ms", ms(verify), "ms"));
    results.push(figure("backup_vs_diy", ours.as_secs_f64() / diy.as_secs_f64().max(1e-9), "ratio"));
    results.push(figure("backup_vs_cp", ours.as_secs_f64() / cp.as_secs_f64().max(1e-9), "ratio"));
}

/// The 95th percentile over the query mix (each query typed as she would: every prefix of
/// three letters or more counts as a query too), and each query's median.
fn search_times(conn: &rusqlite::Connection, today: NaiveDate) -> (Duration, Vec<Duration>) {
    let mut all = Vec::new();
    let mut medians = Vec::new();
    for query in QUERIES {
        let mut times = Vec::new();
        for _ in 0..25 {
            let start = Instant::now();
            let results =
                notes::search(conn, &notes::SearchQuery { text: (*query).into(), ..Default::default() }, true, today)
                    .expect("search");
            times.push(start.elapsed());
            assert!(!results.notes.is_empty(), "{query} finds notes");
        }
        times.sort();
        medians.push(times[times.len() / 2]);
        all.extend(times);
    }
    all.sort();
    (all[(all.len() * 95).div_ceil(100) - 1], medians)
}

type Figure = (String, f64, String);

/// A new vault prepared as her practice's is (the shipped forms), for figures that print, sign
/// consents or write plans.
pub fn new_practice(dir: &DataDir) -> vault::Session {
    let session = vault::create_for_tests(dir, PASSPHRASE).expect("create");
    confidant_core::practice::prepare(&session).expect("the shipped forms");
    session
}

fn figure(name: &str, value: f64, unit: &str) -> Figure {
    (name.to_string(), value, unit.to_string())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn median(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| f()).collect();
    times.sort();
    times[runs / 2]
}

/// The `pct`th percentile of `runs` timings.
fn percentile(runs: usize, pct: usize, mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| f()).collect();
    times.sort();
    times[(runs * pct).div_ceil(100) - 1]
}

/// Keeps figures other benchmarks wrote (the GUI ones), replacing ours by name.
fn merge_into_results_file(results: &[Figure]) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench/results.json");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("bench dir");
    let mut all: Vec<serde_json::Value> =
        std::fs::read_to_string(&path).ok().and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default();
    all.retain(|entry| !results.iter().any(|(name, _, _)| entry["name"] == name.as_str()));
    for (name, value, unit) in results {
        all.push(serde_json::json!({ "name": name, "value": (value * 100.0).round() / 100.0, "unit": unit }));
    }
    std::fs::write(&path, serde_json::to_string_pretty(&all).expect("json")).expect("write results");
    println!("figures written to {}", path.display());
}

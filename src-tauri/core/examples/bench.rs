//! `make bench`: the core's benchmarks. Figures are printed and merged into
//! `target/bench/results.json` as `[{name, value, unit}]` so runs can be compared over time.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use confidant_core::demo;
use confidant_core::paths::DataDir;
use confidant_core::register::{self, StatusFilter};
use confidant_core::secret::Passphrase;
use confidant_core::vault::{self, kdf::KdfParams, LockReason};

const PASSPHRASE: &str = "benchmark harbor lantern 2026";

fn main() {
    let mut results = Vec::new();

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
    let today = NaiveDate::from_ymd_opt(2026, 1, 10).expect("date");
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

    for (name, value, unit) in &results {
        println!("{name:<24} {value:>10.2} {unit}");
    }
    merge_into_results_file(&results);
}

type Figure = (String, f64, String);

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

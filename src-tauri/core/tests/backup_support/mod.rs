//! Shared helpers for the backup tests: vaults with content, and a row-for-row comparison.
#![allow(dead_code)]

use std::path::Path;

use chrono::NaiveDate;
use confidant_core::backup::BackupKey;
use confidant_core::vault::{PassphraseChecked, Session};
use rusqlite::types::Value;
use rusqlite::Connection;

pub const BACKUP_PASSPHRASE: &str = "willow tide backup 2026";

/// The vault passphrase typed again, as backing up to a new place or replacing the vault asks.
pub fn checked(session: &Session, vault_passphrase: &str) -> PassphraseChecked {
    session
        .confirm_passphrase(&confidant_core::secret::Passphrase::new(vault_passphrase.into()))
        .expect("the vault passphrase")
}

pub fn backup_key() -> BackupKey {
    BackupKey::Passphrase(confidant_core::secret::Passphrase::new(BACKUP_PASSPHRASE.into()))
}

/// Manual backups under a cheap scrypt work factor: the tests make hundreds.
pub fn cheap_backups() {
    confidant_core::backup::create::set_work_factor_for_tests(10);
}

/// Adds `clients` fictional clients with about `notes` notes, and the clinical record of the
/// active ones.
pub fn fill(session: &mut Session, clients: usize, notes: usize, seed: u64) {
    let today = NaiveDate::from_ymd_opt(2026, 1, 10).expect("date");
    if clients > 0 {
        confidant_core::demo::generate_as_of(session, clients, seed, today).expect("clients");
    }
    let ids: Vec<i64> = {
        let mut stmt = session.conn().prepare("SELECT id FROM clients ORDER BY id").expect("ids");
        stmt.query_map([], |r| r.get(0)).expect("rows").collect::<Result<_, _>>().expect("read")
    };
    let plan = confidant_core::notes::sample::Plan {
        notes,
        heavy_client: None,
        heavy_notes: 0,
        days: 3650,
        seed,
        vocabulary: None,
        in_care: false,
    };
    confidant_core::notes::sample::generate(session.conn_mut(), &ids, &plan, today).expect("notes");
    confidant_core::demo::generate_clinical(session, seed, today).expect("clinical record");
}

/// The tables that hold the money, and the kinds of entries [`fill_money`] writes.
pub const MONEY_TABLES: [&str; 6] =
    ["fees", "sliding_fees", "practice_billing", "client_billing", "money_entries", "estimates"];

/// Adds a practice's money: her fees, her NPI and tax ID, and one fictional client with a
/// sliding scale, her billing, charges, a payment, a waived late cancellation, a reversed charge
/// and an issued Good Faith Estimate (its PDF written into `papers`).
pub fn fill_money(session: &mut Session, papers: &Path) {
    use confidant_core::disclosure::{billing, printing::Destination};
    use confidant_core::money::entries::{self, NewCharge, NewPayment};
    use confidant_core::money::estimates::{EstimateInput, ItemInput};
    use confidant_core::money::fees::{self, Billing, NewFee, TelehealthPlace};
    use confidant_core::money::papers::{self, PracticeBilling};
    use confidant_core::money::{Method, Service};
    use confidant_core::notes::Modality;
    let today = NaiveDate::from_ymd_opt(2026, 1, 10).expect("date");
    confidant_core::consent::profile::save(session, &confidant_core::consent::profile::sample()).expect("profile");
    papers::set_practice_billing(session, &PracticeBilling { npi: "1234567893".into(), tax_id: "12-3456789".into() })
        .expect("NPI and tax ID");
    let fee = |service: Service, cents: i64| NewFee {
        service,
        code: service.default_code().into(),
        label: service.default_label().into(),
        cents,
        effective_from: "2025-01-01".into(),
    };
    fees::set_fees(session, &[fee(Service::Psychotherapy45, 18_000), fee(Service::LateCancel, 9_050)]).expect("fees");
    let fields = confidant_core::register::ClientFields {
        legal_name: "Ottilie Brandvold".into(),
        date_of_birth: "1984-09-30".into(),
        ..Default::default()
    };
    let client = confidant_core::register::create(
        session,
        &fields,
        confidant_core::register::ClientStatus::Active,
        true,
        NaiveDate::from_ymd_opt(2025, 11, 3).expect("date"),
    )
    .expect("client")
    .id;
    fees::set_billing(session, client, Billing { self_pay: true, telehealth_place: TelehealthPlace::Elsewhere })
        .expect("billing");
    fees::set_sliding_fee(session, client, Some(12_525), "2025-12-01").expect("sliding scale");
    let charge = |session: &mut Session, on_date: &str, service: Service| {
        let new =
            NewCharge { client_id: client, on_date: on_date.into(), service, cents: None, modality: Modality::Video };
        entries::charge(session, &new, today).expect("charge").id
    };
    charge(session, "2025-11-10", Service::Psychotherapy45);
    let late = charge(session, "2025-11-17", Service::LateCancel);
    let mistaken = charge(session, "2025-12-08", Service::Psychotherapy45);
    entries::waive(session, late, "Snowed in", "2025-11-18", today).expect("waiver");
    entries::reverse(session, mistaken, "Charged twice", "2025-12-09", today).expect("reversal");
    let payment = NewPayment {
        client_id: client,
        on_date: "2025-11-10".into(),
        cents: 18_000,
        method: Method::Check,
        reference: "1042".into(),
    };
    entries::record_payment(session, &payment, today).expect("payment");
    let estimate = EstimateInput {
        client_id: client,
        period_from: "2026-01-12".into(),
        months: 12,
        items: vec![ItemInput { service: Service::Psychotherapy45, count: 40 }],
    };
    confidant_core::money::estimates::record_request(session, client, today).expect("her request");
    billing::issue_estimate(session, &estimate, Destination::File(&papers.join("estimate.pdf")), today)
        .expect("estimate");
}

/// Every row of every table (internal ones included), sorted, by table name; the search
/// indexes' own tables excepted: a restore rebuilds them, so what they find for a few queries
/// ([`search_results`]) stands in for them.
pub fn all_rows(conn: &Connection) -> Vec<(String, Vec<Vec<Value>>)> {
    let tables: Vec<String> = {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0 ORDER BY name")
            .expect("tables");
        stmt.query_map([], |r| r.get(0)).expect("rows").collect::<Result<_, _>>().expect("read")
    };
    let in_search_index = |table: &str| {
        confidant_core::backup::format::SEARCH_INDEXES.iter().any(|index| table.starts_with(&format!("{index}_")))
    };
    tables
        .into_iter()
        .filter(|table| !in_search_index(table))
        .map(|table| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).expect("select");
            let width = stmt.column_count();
            let mut rows: Vec<Vec<Value>> = stmt
                .query_map([], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect())
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("read");
            rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
            (table, rows)
        })
        .chain(search_results(conn).into_iter().map(|(query, ids)| {
            (format!("search {query}"), ids.into_iter().map(|id| vec![Value::Integer(id)]).collect())
        }))
        .collect()
}

/// Which notes each search index finds for a few words and prefixes the sample notes use.
pub fn search_results(conn: &Connection) -> Vec<(String, Vec<i64>)> {
    let mut results = Vec::new();
    for index in confidant_core::backup::format::SEARCH_INDEXES {
        for query in ["reported", "sleep", "anx*", "zzsprivate"] {
            let mut stmt = conn
                .prepare(&format!("SELECT rowid FROM {index} WHERE {index} MATCH ?1 ORDER BY rowid"))
                .expect("search");
            let ids = stmt.query_map([query], |r| r.get(0)).expect("rows").collect::<Result<_, _>>().expect("read");
            results.push((format!("{index}: {query}"), ids));
        }
    }
    results
}

/// Each search index of a restored vault agrees with the notes it indexes (FTS5's own check
/// against its content table).
pub fn assert_search_indexes_match_the_notes(conn: &Connection) {
    for index in confidant_core::backup::format::SEARCH_INDEXES {
        conn.execute(&format!("INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)"), [])
            .unwrap_or_else(|e| panic!("the search index {index} matches the notes: {e}"));
    }
}

/// The restored vault holds what the original held when the backup was made; only the audit
/// trail has grown (by the restore's own entry) after the original's entries.
pub fn assert_same_content(before: &[(String, Vec<Vec<Value>>)], restored: &Connection) {
    assert_search_indexes_match_the_notes(restored);
    let after = all_rows(restored);
    let names = |rows: &[(String, Vec<Vec<Value>>)]| rows.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(before), names(&after), "the same tables");
    for ((table, old), (_, new)) in before.iter().zip(&after) {
        if table == "audit" {
            assert!(new.len() > old.len(), "the restore is recorded in the audit trail");
            let mut new_prefix: Vec<_> = new.clone();
            new_prefix.sort_by_key(|row| match row[0] {
                Value::Integer(seq) => seq,
                _ => i64::MAX,
            });
            new_prefix.truncate(old.len());
            let mut old_sorted = old.clone();
            old_sorted.sort_by_key(|row| match row[0] {
                Value::Integer(seq) => seq,
                _ => i64::MAX,
            });
            assert_eq!(old_sorted, new_prefix, "the audit trail is kept entry for entry");
        } else if table == "settings" {
            // The setting naming the vault whose anchor file must exist names the new vault.
            let anchor = Value::Text("integrity.anchored_vault_id".into());
            let without = |rows: &[Vec<Value>]| rows.iter().filter(|r| r[0] != anchor).cloned().collect::<Vec<_>>();
            assert_eq!(without(old), without(new), "the settings are restored row for row");
        } else {
            assert_eq!(old, new, "table {table} is restored row for row");
        }
    }
}

pub fn file_mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

/// A temporary folder in memory where the platform has one (`/dev/shm`): the round trip makes
/// hundreds of vaults, and on a disk their flushes dominate the time.
pub fn fast_tempdir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(dir) = tempfile::tempdir_in(shm) {
            return dir;
        }
    }
    tempfile::tempdir().expect("temporary directory")
}

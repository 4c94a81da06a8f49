//! Round trip: for any small vault (clients, notes, settings, audit entries, and the money: fees,
//! charges, payments, a waiver, a reversal, an issued estimate), backing up and restoring gives
//! back the same rows in every table. 256 cases in `make test`;
//! `CONFIDANT_PROPTEST_CASES=10000` in `make reliability`.

use crate::backup_support;
use crate::common;

use backup_support::*;
use confidant_core::audit::{self, AuditEvent};
use confidant_core::backup::{self, restore};
use confidant_core::paths::DataDir;
use proptest::prelude::*;
use rusqlite::types::Value;
use std::collections::BTreeSet;

fn cases() -> u32 {
    std::env::var("CONFIDANT_PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn backup_then_restore_gives_back_every_row_of_every_table(
        clients in 0usize..6,
        notes in 0usize..20,
        seed in any::<u64>(),
        settings in proptest::collection::vec(("[a-z.]{1,12}", any::<String>()), 0..5),
        details in proptest::collection::vec(any::<String>(), 0..5),
    ) {
        cheap_backups();
        let temp = fast_tempdir();
        let mut session = confidant_core::vault::create_for_tests(&DataDir::new(temp.path().join("data")), common::PASSPHRASE)
            .expect("vault");
        fill(&mut session, clients, notes, seed);
        fill_money(&mut session, temp.path());
        for (key, value) in &settings {
            session.conn().execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [format!("test.{key}"), value.clone()],
            ).expect("setting");
        }
        for detail in &details {
            audit::append(session.conn(), AuditEvent::SettingChanged, detail).expect("audit");
        }
        let before = all_rows(session.conn());
        assert_holds_every_kind_of_money(&before);
        let file = temp.path().join("backup.age");
        backup::create_backup(checked(&session, common::PASSPHRASE), &mut session, &file, &common::pass(BACKUP_PASSPHRASE)).expect("backup");
        let dir = DataDir::new(temp.path().join("restored"));
        let (restored, _) = restore::restore_into_new_for_tests(&file, &backup_key(), &dir, "round trip pass 9")
            .expect("restore");
        assert_same_content(&before, restored.conn());
        let intact = matches!(audit::verify(restored.conn()).expect("chain"), audit::ChainCheck::Intact { .. });
        prop_assert!(intact, "the restored audit trail is still one unbroken chain");
    }
}

/// The vault to back up holds a row in each money table, and every kind of entry.
fn assert_holds_every_kind_of_money(rows: &[(String, Vec<Vec<Value>>)]) {
    let table = |name: &str| rows.iter().find(|(t, _)| t == name).map(|(_, r)| r.clone()).unwrap_or_default();
    for name in MONEY_TABLES {
        assert!(!table(name).is_empty(), "the vault holds {name}");
    }
    // money_entries (id, client_id, kind, ...)
    let kinds: BTreeSet<String> = table("money_entries")
        .into_iter()
        .filter_map(|row| match &row[2] {
            Value::Text(kind) => Some(kind.clone()),
            _ => None,
        })
        .collect();
    let every = BTreeSet::from(["charge", "payment", "reversal", "waiver"].map(String::from));
    assert_eq!(kinds, every, "charges, a payment, a waiver and a reversal");
}

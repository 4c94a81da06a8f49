//! The core's tests, through its public API, as one test binary: every test binary links
//! SQLCipher and the whole crate, so one per file made each change pay for some 25 links. Each
//! file here is a module (`cargo test -p confidant-core --test core_tests vault::` runs one
//! file's tests); a new file needs its `mod` line below (the last test checks it).

// First, so that its `implements!` macro is in scope in the files after it.
#[macro_use]
mod common;

mod backup_support;
mod pdf_support;

mod backup_confirm;
mod backup_core;
mod backup_golden;
mod backup_interop;
mod backup_keys;
mod backup_replace_crash;
mod backup_roundtrip;
mod backup_tamper;
mod clinical_codes;
mod clinical_core;
mod custodian;
mod disclosure_core;
mod disclosure_gate_props;
mod disclosure_ledger_tamper;
mod forms_consent;
mod forms_every_script;
mod forms_recovery_sheet;
mod integrity;
mod measures_core;
mod money_core;
mod money_papers;
mod notes_core;
mod notes_crash;
mod notes_search;
mod notes_spelling;
mod register_clients;
mod register_connections;
mod register_import;
mod register_retention;
mod schedule_core;
mod today_core;
mod vault;
mod vault_throttle;
mod will_packet;

/// Both crates turn off cargo's one-binary-per-file discovery, so a file of `tests/` left out of
/// its `tests/main.rs` would never be compiled nor run: the core's and the shell's are checked.
#[test]
fn every_test_file_is_a_module_of_its_crates_test_binary() {
    let core = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for tests in [core.join("tests"), core.join("../tests")] {
        let main = std::fs::read_to_string(tests.join("main.rs")).expect("tests/main.rs");
        for entry in std::fs::read_dir(&tests).expect("tests folder") {
            let path = entry.expect("entry").path();
            let module = if path.is_dir() && path.join("mod.rs").exists() {
                path.file_name()
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("main.rs") {
                path.file_stem()
            } else {
                continue;
            };
            let module = module.and_then(|m| m.to_str()).expect("a UTF-8 file name");
            assert!(
                main.lines().any(|line| line.trim_start_matches("pub ") == format!("mod {module};")),
                "{}: add `mod {module};` to its tests/main.rs",
                path.display()
            );
        }
    }
}

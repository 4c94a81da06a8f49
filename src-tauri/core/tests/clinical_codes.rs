//! The ICD-10-CM list Confidant ships: what it holds matches its source, regenerating it from
//! the pinned package gives the same file, and search finds codes as she types them.

use crate::common;

use std::time::Instant;

use common::TestVault;
use confidant_core::clinical::codes;

#[test]
fn the_shipped_list_is_the_mental_and_perinatal_codes_of_fiscal_year_2026() {
    let source = codes::source();
    assert!(source.iter().any(|l| l.contains("CDC/NCHS ICD-10-CM Tabular List, fiscal year 2026")), "{source:?}");
    assert!(source.iter().any(|l| l.contains("simple-icd-10-cm 1.5.0")), "{source:?}");
    let all: Vec<(&str, &str)> = codes::shipped().collect();
    assert_eq!(all.len(), 1033, "the count the header gives");
    assert!(source.contains(&"Codes: 1033"));
    let chapters = |prefix: &str| all.iter().filter(|(c, _)| c.starts_with(prefix)).count();
    assert_eq!(chapters("F"), 872, "the mental and behavioural chapter, F01-F99");
    assert_eq!(chapters("O99.34"), 6, "O99.340 to O99.345");
    assert_eq!(chapters("Z3A"), 38, "weeks of gestation");
    let social = all.iter().filter(|(c, _)| ("Z55".."Z66").contains(&&c[..3])).count();
    assert_eq!(social, 117, "social circumstances, Z55-Z65");
    assert_eq!(all.len(), 872 + 6 + 38 + 117, "nothing else");
    for (code, label) in [
        ("F53.0", "Postpartum depression"),
        ("F53.1", "Puerperal psychosis"),
        ("O99.345", "Other mental disorders complicating the puerperium"),
        ("Z3A.20", "20 weeks gestation of pregnancy"),
        ("F43.21", "Adjustment disorder with depressed mood"),
        ("F32.A", "Depression, unspecified"),
        ("Z59.00", "Homelessness unspecified"),
    ] {
        assert_eq!(codes::shipped_label(code), Some(label), "{code}");
    }
    assert_eq!(codes::shipped_label("F32"), None, "categories are not codes to diagnose with");
    assert_eq!(codes::shipped_label("J45.909"), None, "asthma is outside what a therapist diagnoses");
}

/// Runs `scripts/icd10cm.sh --check`, which installs the pinned package from PyPI into
/// `target/` (once) and compares what it generates with the shipped file, byte for byte.
#[test]
fn regenerating_the_list_from_its_package_gives_the_same_file() {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/icd10cm.sh");
    let output = std::process::Command::new("bash").arg(&script).arg("--check").output().expect("run the script");
    assert!(
        output.status.success(),
        "the shipped list differs from what its package generates:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn codes_for(session: &confidant_core::vault::Session, query: &str) -> Vec<String> {
    codes::search(session.conn(), query).expect("search").into_iter().map(|m| m.code).collect()
}

#[test]
fn search_finds_codes_by_prefix_and_by_words_ignoring_case_and_accents() {
    let (_vault, session) = TestVault::new();
    assert_eq!(codes_for(&session, "F53")[..2], ["F53.0", "F53.1"], "a code prefix");
    assert_eq!(codes_for(&session, "f530"), ["F53.0"], "without its dot, in lower case");
    assert_eq!(codes_for(&session, "postpartum")[0], "F53.0", "a word");
    assert_eq!(codes_for(&session, "POSTPÁRTUM")[0], "F53.0", "case and accents ignored");
    assert_eq!(codes_for(&session, "puerp psych"), ["F53.1"], "the start of each word");
    let adjustment = codes_for(&session, "adjustment");
    assert!(adjustment.contains(&"F43.21".to_string()), "{adjustment:?}");
    assert!(adjustment.len() <= codes::MAX_MATCHES);
    let complicating = codes_for(&session, "mental disorders complicating puerperium");
    assert_eq!(complicating, ["O99.345"]);
    assert_eq!(codes_for(&session, "z3a.2")[0], "Z3A.20", "weeks of gestation");
    assert!(codes_for(&session, "   ").is_empty());
    assert!(codes_for(&session, "zebra").is_empty());
}

#[test]
fn her_own_code_is_searched_with_the_list_and_a_code_the_list_has_is_refused() {
    let (_vault, mut session) = TestVault::new();
    let added = codes::add_custom(&mut session, "x99.1", "Birth trauma, her own working label").expect("added");
    assert_eq!(added.code, "X99.1");
    let found = codes::search(session.conn(), "birth trauma").expect("search");
    assert_eq!((found[0].code.as_str(), found[0].custom), ("X99.1", true));
    assert_eq!(codes::label_of(session.conn(), "X991").expect("label"), Some((added.label.clone(), true)));
    for (code, label, field) in [
        ("F53.0", "Mine", "code"),
        ("X99.1", "Again", "code"),
        ("9", "Bad", "code"),
        ("Y01", "  ", "label"),
        ("Y02", &"x".repeat(251), "label"),
    ] {
        let refused = codes::add_custom(&mut session, code, label).expect_err(code);
        let api = confidant_core::ApiError::from(refused);
        assert_eq!(api.fields[0].field, field, "{code}: {}", api.message);
    }
    assert_eq!(codes::custom_codes(session.conn()).expect("codes").len(), 1, "nothing else was added");
}

#[test]
fn code_search_takes_well_under_two_milliseconds_over_the_whole_list() {
    let (_vault, session) = TestVault::new();
    let queries = ["f", "F4", "F43.2", "post", "postpartum", "adjustment dis", "z3a", "o99", "anxiety", "xyz"];
    codes::search(session.conn(), "warm up").expect("search");
    let mut times: Vec<f64> = Vec::new();
    for _ in 0..20 {
        for query in queries {
            let start = Instant::now();
            codes::search(session.conn(), query).expect("search");
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    let p95 = times[times.len() * 95 / 100];
    // Generous for a debug build on a busy machine; `make bench` reports the optimised figure.
    assert!(p95 < 20.0, "p95 {p95:.2} ms");
}

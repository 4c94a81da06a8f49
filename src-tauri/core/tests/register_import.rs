//! Importing a client list from CSV: a preview with every bad row, then all or nothing.

use crate::common;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use common::TestVault;
use confidant_core::audit;
use confidant_core::register::import::{self, ImportField};
use confidant_core::register::{self, ClientStatus, RegisterError, StatusFilter};
use confidant_core::vault::Session;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 10).expect("date")
}

fn count_clients(session: &Session) -> i64 {
    session.conn().query_row("SELECT count(*) FROM clients", [], |r| r.get(0)).expect("count")
}

fn skip(rows: &[u32]) -> BTreeSet<u32> {
    rows.iter().copied().collect()
}

const WITH_BAD_ROWS: &str = "\
First Name,Last Name,DOB,Phone,Email,Voicemail OK,Status,Discharge date,Notes
Ada,Quill,1990-04-02,(573) 555-0142,ada@example.com,yes,active,,\"Partner: supportive,
works nights\"
Bea,Rowan,13/45/1985,555,bea@,maybe,active,,
Cleo,Marsh,3/9/1992,,,no,discharged,2024-05-01,
=cmd|' /C calc'!A0,Evil,1990-01-01,,,,active,,
Dana,Ives,1988-08-08,+1 660 555 0199,,,prospective,,@SUM(A1)
";

#[test]
fn the_preview_maps_columns_and_lists_every_invalid_row_with_its_reasons() {
    let (_vault, session) = TestVault::new();
    let preview = import::preview(session.conn(), WITH_BAD_ROWS.as_bytes(), None, today()).expect("preview");

    assert_eq!(preview.encoding, "utf-8");
    assert_eq!(preview.columns.len(), 9);
    assert_eq!(preview.mapping[0], Some(ImportField::FirstName));
    assert_eq!(preview.mapping[2], Some(ImportField::DateOfBirth));
    assert_eq!(preview.mapping[8], Some(ImportField::SupportNotes));
    assert!(preview.mapping_problems.is_empty(), "{:?}", preview.mapping_problems);
    assert_eq!((preview.total_rows, preview.valid_rows), (5, 2));
    assert_eq!(
        preview.sample_rows[0][8], "Partner: supportive,\nworks nights",
        "a quoted line break stays in its cell"
    );

    let rows: Vec<u32> = preview.invalid_rows.iter().map(|r| r.row).collect();
    assert_eq!(rows, [3, 5, 6], "spreadsheet row numbers: the header is row 1");
    let bea: Vec<&str> = preview.invalid_rows[0].problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(bea, ["Voicemail OK", "DOB", "Phone", "Email"], "every problem, named by the file's column");
    assert!(preview.invalid_rows[1].problems[0].message.contains("formula"));
    assert_eq!(preview.invalid_rows[2].problems[0].field, "Notes", "@ starts a formula too; the +1 phone is fine");
}

#[test]
fn nothing_is_imported_while_a_row_is_invalid_and_all_is_after_fixing_or_skipping() {
    let (_vault, mut session) = TestVault::new();
    let refused = import::commit(&mut session, WITH_BAD_ROWS.as_bytes(), None, &skip(&[3]), today());
    assert!(
        matches!(refused, Err(RegisterError::Import(ref m)) if m.contains("2 rows") && m.contains("Nothing was imported")),
        "{refused:?}"
    );
    assert_eq!(count_clients(&session), 0);

    let outcome =
        import::commit(&mut session, WITH_BAD_ROWS.as_bytes(), None, &skip(&[3, 5, 6]), today()).expect("import");
    assert_eq!(outcome.imported, 2);
    assert_eq!(outcome.codes, ["C0001", "C0002"]);
    let ada = register::get(session.conn(), 1).expect("Ada");
    assert_eq!(ada.fields.legal_name, "Ada Quill");
    assert!(ada.fields.contact.voicemail_ok);
    assert_eq!(ada.fields.support_notes, "Partner: supportive,\nworks nights");
    let cleo = register::get(session.conn(), 2).expect("Cleo");
    assert_eq!(cleo.status, ClientStatus::Discharged);
    assert_eq!(cleo.fields.date_of_birth, "1992-03-09", "US month/day/year");
    assert_eq!(cleo.retention_date, NaiveDate::from_ymd_opt(2031, 5, 1));
    assert_eq!(audit::recent(session.conn(), 1).expect("audit")[0].2, "count=2");

    // The fixed file imports whole; the rows already imported are now duplicates to skip.
    let fixed = WITH_BAD_ROWS
        .replace("13/45/1985,555,bea@,maybe", "11/30/1985,573-555-0100,bea@example.com,no")
        .replace("=cmd|' /C calc'!A0", "Eve")
        .replace("@SUM(A1)", "SUM noted");
    let preview = import::preview(session.conn(), fixed.as_bytes(), None, today()).expect("preview");
    let duplicates: Vec<u32> = preview.invalid_rows.iter().map(|r| r.row).collect();
    assert_eq!(duplicates, [2, 4], "Ada and Cleo are already in the register");
    let outcome = import::commit(&mut session, fixed.as_bytes(), None, &skip(&[2, 4]), today()).expect("import");
    assert_eq!(outcome.imported, 3);
    let found = register::list(session.conn(), StatusFilter::All, "", false, 50, today()).expect("list");
    assert_eq!(found.total, 5);
}

#[test]
fn a_mapping_chosen_by_the_therapist_replaces_the_proposal() {
    let (_vault, mut session) = TestVault::new();
    let csv = "Client,Born,Col3\nAda Quill,1990-04-02,Heron\n";
    let preview = import::preview(session.conn(), csv.as_bytes(), None, today()).expect("preview");
    assert_eq!(preview.mapping, vec![Some(ImportField::LegalName), Some(ImportField::DateOfBirth), None]);

    let mapping = [Some(ImportField::LegalName), Some(ImportField::DateOfBirth), Some(ImportField::Alias)];
    import::commit(&mut session, csv.as_bytes(), Some(&mapping), &BTreeSet::new(), today()).expect("import");
    assert_eq!(register::get(session.conn(), 1).expect("client").fields.alias, "Heron");

    let unmapped = [None, Some(ImportField::DateOfBirth), None];
    let preview = import::preview(session.conn(), csv.as_bytes(), Some(&unmapped), today()).expect("preview");
    assert_eq!(preview.mapping_problems.len(), 1, "no column for the name");
    assert!(import::commit(&mut session, csv.as_bytes(), Some(&unmapped), &BTreeSet::new(), today()).is_err());
    assert!(import::preview(session.conn(), csv.as_bytes(), Some(&unmapped[..2]), today()).is_err(), "wrong width");
}

#[test]
fn utf8_with_a_bom_and_utf16_files_are_read() {
    let (_vault, session) = TestVault::new();
    let csv = "Name,DOB\nZoë Núñez,1990-04-02\n";
    let mut with_bom = vec![0xEF, 0xBB, 0xBF];
    with_bom.extend_from_slice(csv.as_bytes());
    let preview = import::preview(session.conn(), &with_bom, None, today()).expect("utf-8 with BOM");
    assert_eq!((preview.encoding.as_str(), preview.columns[0].as_str()), ("utf-8", "Name"));

    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(csv.encode_utf16().flat_map(u16::to_le_bytes));
    let preview = import::preview(session.conn(), &utf16, None, today()).expect("utf-16");
    assert_eq!(preview.encoding, "utf-16le");
    assert_eq!(preview.sample_rows[0][0], "Zoë Núñez");
    assert_eq!(preview.valid_rows, 1);
}

#[test]
fn a_windows_1252_file_is_read_and_said_so() {
    let (_vault, session) = TestVault::new();
    let mut bytes = b"Name,DOB\nZo".to_vec();
    bytes.push(0xEB); // ë in Windows-1252, invalid alone in UTF-8
    bytes.extend_from_slice(b" Quill,1990-04-02\n");
    let preview = import::preview(session.conn(), &bytes, None, today()).expect("preview");
    assert_eq!(preview.encoding, "windows-1252");
    assert!(preview.encoding_notice.as_deref().is_some_and(|n| n.contains("not UTF-8")));
    assert_eq!(preview.sample_rows[0][0], "Zoë Quill");
}

#[test]
fn empty_binary_and_cut_off_files_are_refused_with_a_clear_message() {
    let (_vault, mut session) = TestVault::new();
    let cases: [(&[u8], &str); 6] = [
        (b"", "empty"),
        (b"  \r\n\n", "empty"),
        (b"Name,DOB\n", "no client rows"),
        (b"PK\x03\x04rest-of-a-workbook", "workbook"),
        (b"N\0a\0m\0e\0", "not plain text"),
        (b"Name,DOB\n\"Ada Quill,1990-04-02\n", "never closes"),
    ];
    for (bytes, expected) in cases {
        let error = import::preview(session.conn(), bytes, None, today()).expect_err(expected);
        assert!(matches!(&error, RegisterError::Import(m) if m.contains(expected)), "{expected}: {error:?}");
        assert!(import::commit(&mut session, bytes, None, &BTreeSet::new(), today()).is_err());
    }
    assert_eq!(count_clients(&session), 0);
}

#[test]
fn a_hundred_thousand_rows_are_refused_whole_without_a_partial_import() {
    let (_vault, mut session) = TestVault::new();
    let mut csv = String::from("Name,DOB\n");
    for i in 0..100_000 {
        csv.push_str(&format!("Client Number{i},1990-01-01\n"));
    }
    let error = import::preview(session.conn(), csv.as_bytes(), None, today()).expect_err("too many rows");
    assert!(error.to_string().contains("more than 10000"), "{error}");
    assert!(import::commit(&mut session, csv.as_bytes(), None, &BTreeSet::new(), today()).is_err());
    assert_eq!(count_clients(&session), 0);
}

#[test]
fn a_huge_field_makes_its_row_invalid_and_the_sample_stays_small() {
    let (_vault, session) = TestVault::new();
    let huge = "x".repeat(2_000_000);
    let csv = format!("Name,DOB,Pronouns,Ignored\nAda Quill,1990-04-02,{huge},{huge}\nBea Rowan,1985-11-30,,\n");
    let preview = import::preview(session.conn(), csv.as_bytes(), None, today()).expect("preview");
    assert_eq!(preview.invalid_rows.len(), 1);
    assert_eq!(preview.invalid_rows[0].problems[0].field, "Pronouns");
    assert!(preview.invalid_rows[0].problems[0].message.contains("too long"));
    assert!(preview.sample_rows[0].iter().all(|cell| cell.chars().count() <= 200));
}

#[test]
fn a_file_larger_than_the_limit_is_refused_before_reading() {
    let (_vault, session) = TestVault::new();
    let big = vec![b'a'; import::MAX_FILE_BYTES + 1];
    let error = import::preview(session.conn(), &big, None, today()).expect_err("too large");
    assert!(error.to_string().contains("larger than"));
}

#[test]
fn semicolon_separated_files_from_european_spreadsheets_are_read() {
    let (_vault, session) = TestVault::new();
    let csv = "Name;DOB;Email\nAda Quill;1990-04-02;ada@example.com\n";
    let preview = import::preview(session.conn(), csv.as_bytes(), None, today()).expect("preview");
    assert_eq!(preview.valid_rows, 1);
    assert_eq!(preview.mapping[2], Some(ImportField::Email));
}

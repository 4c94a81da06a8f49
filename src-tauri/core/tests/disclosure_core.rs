//! Authorizations, releases, recorded disclosures, the ledger and accountings, through the
//! public API of a real vault.

mod common;
mod pdf_support;

use chrono::{NaiveDate, NaiveDateTime};
use common::TestVault;
use confidant_core::consent::signatures::SignedBy;
use confidant_core::disclosure::authorizations::{
    self, AuthorizationInput, AuthorizationKind, AuthorizationState, Ending,
};
use confidant_core::disclosure::printing::Destination;
use confidant_core::disclosure::release::{self, RecordedDisclosure, ReleaseRequest};
use confidant_core::disclosure::{accounting, ledger, Category, DisclosureError, LegalBasis, Refusal};
use confidant_core::error::{ApiError, ErrorCode};
use confidant_core::measures::{self, MeasureKind, NewMeasure};
use confidant_core::notes::{
    self, Attendance, DisclosureStatus, NewNote, NoteContent, NoteKind, SearchQuery, SessionFields, Template,
    TimelineFilter,
};
use confidant_core::register::{self, ClientFields, ClientStatus};
use confidant_core::vault::Session;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).expect("date")
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(17, 0, 0).expect("time")
}

fn client(session: &mut Session) -> i64 {
    client_named(session, "Maya Canary")
}

fn client_named(session: &mut Session, name: &str) -> i64 {
    let fields = ClientFields { legal_name: name.into(), date_of_birth: "1990-04-02".into(), ..Default::default() };
    let id = register::create(session, &fields, ClientStatus::Active, false, today()).expect("client").id;
    common::sign_informed_consent(session, id);
    id
}

/// A signed note of `kind` on `date` whose only text is `text`, with the given status.
fn note(
    session: &mut Session,
    client_id: i64,
    kind: NoteKind,
    date: &str,
    text: &str,
    status: DisclosureStatus,
) -> i64 {
    let held = SessionFields {
        date: date.into(),
        start_time: "10:00".into(),
        end_time: "10:50".into(),
        attendance: Attendance::Attended,
        ..Default::default()
    };
    let s = notes::create_session(session, client_id, &held, now()).expect("session");
    let new = NewNote { client_id, session_id: Some(s.id), kind, template: Template::FreeText, ..Default::default() };
    let id = notes::create_note(session, &new, now()).expect("note").id;
    let content = NoteContent { template: Template::FreeText, sections: vec![text.into()] };
    notes::save_draft(session, id, &content, None).expect("saved");
    notes::sign_note(session, id).expect("signed");
    if status != notes::get_note(session.conn(), id).expect("note").status {
        notes::set_disclosure_status(session, id, status).expect("status");
    }
    id
}

fn to_dr_lee(client_id: i64) -> AuthorizationInput {
    AuthorizationInput {
        client_id,
        kind: AuthorizationKind::Release,
        recipient_name: "Dr. Ada Lee".into(),
        recipient_organisation: "Riverside Obstetrics".into(),
        recipient_address: "12 Mill Street, Columbia, MO".into(),
        recipient_phone: "573-555-0100".into(),
        categories: vec![Category::ProgressNotes, Category::AttendanceDates],
        purpose: "Coordination of perinatal care".into(),
        effective_on: "2026-03-01".into(),
        expires_on: Some("2026-12-31".into()),
        expiry_event: String::new(),
        ..Default::default()
    }
}

fn signed_authorization(session: &mut Session, client_id: i64) -> i64 {
    let a = authorizations::create(session, &to_dr_lee(client_id), today()).expect("authorization");
    authorizations::sign(session, a.id, "2026-03-02", SignedBy::Client, today()).expect("signed").id
}

fn pdf_text(path: &std::path::Path, name: &str) -> String {
    let pdf = pdf_support::save(name, &std::fs::read(path).expect("pdf"));
    pdf_support::tool("pdftotext", &[&pdf, "-"])
}

#[test]
fn a_release_packet_holds_the_shareable_notes_and_never_the_private_ones() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let shared = note(
        &mut session,
        c,
        NoteKind::Progress,
        "2026-03-03",
        "Sleeping better since the baby",
        DisclosureStatus::Shareable,
    );
    let private =
        note(&mut session, c, NoteKind::Progress, "2026-03-04", "Spoke about her marriage", DisclosureStatus::Private);
    note(&mut session, c, NoteKind::Psychotherapy, "2026-03-05", "My sense of her grief", DisclosureStatus::Protected);
    let a = signed_authorization(&mut session, c);

    let request = ReleaseRequest { client_id: c, authorization_id: Some(a), ..Default::default() };
    let preview = release::preview(session.conn(), &request, today()).expect("preview");
    assert_eq!(preview.going, 4, "one shareable note and three attendance dates");
    let out = vault.temp.path().join("release.pdf");
    let (seq, _) = release::release(&mut session, &request, Destination::File(&out), today()).expect("released");

    let text = pdf_text(&out, "disclosure-release");
    assert!(text.contains("Sleeping better since the baby"), "{text}");
    assert!(!text.contains("Spoke about her marriage"), "a Private note must never go under an authorization");
    assert!(!text.contains("My sense of her grief"), "a Protected note must never go under an ordinary release");
    assert!(text.contains("Dr. Ada Lee") && text.contains("Do not disclose it further"), "cover and notice");
    assert!(text.contains(&format!("ledger entry {seq}")), "the footer names the ledger entry");

    let marks = notes::get_note(session.conn(), shared).expect("note").disclosures;
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].recipient, "Dr. Ada Lee, Riverside Obstetrics");
    assert!(notes::get_note(session.conn(), private).expect("note").disclosures.is_empty());
    let timeline = notes::timeline(session.conn(), c, &TimelineFilter::default()).expect("timeline");
    assert_eq!(timeline.disclosures.get(&shared), Some(&marks), "the timeline shows the same marks as the note");
    assert!(!timeline.disclosures.contains_key(&private), "the private note was not disclosed");
    let query = SearchQuery { text: "sleeping".into(), ..Default::default() };
    let hits = notes::search(session.conn(), &query, false, today()).expect("search").notes;
    assert_eq!(hits[0].disclosures, marks, "a search result shows it too");
    let entries = ledger::entries_for_client(session.conn(), c).expect("ledger");
    assert_eq!(entries.len(), 1);
    assert!(!entries[0].accountable, "a disclosure the client authorized is exempt from accounting");
    assert!(ledger::verify(session.conn()).expect("verify").intact);
}

#[test]
fn an_unsigned_expired_or_revoked_authorization_releases_nothing_and_records_nothing() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    note(&mut session, c, NoteKind::Progress, "2026-03-03", "Shareable text", DisclosureStatus::Shareable);
    let unsigned = authorizations::create(&mut session, &to_dr_lee(c), today()).expect("authorization").id;
    let out = vault.temp.path().join("never.pdf");
    let attempt = |session: &mut Session, id: i64, day: NaiveDate| {
        let request = ReleaseRequest { client_id: c, authorization_id: Some(id), ..Default::default() };
        release::release(session, &request, Destination::File(&out), day)
    };
    assert!(matches!(attempt(&mut session, unsigned, today()), Err(DisclosureError::Refused(Refusal::Unsigned))));

    let signed = signed_authorization(&mut session, c);
    let after_expiry = NaiveDate::from_ymd_opt(2027, 1, 1).expect("date");
    assert!(matches!(attempt(&mut session, signed, after_expiry), Err(DisclosureError::Refused(Refusal::Expired))));

    let ending = Ending::Revoked { on: "2026-03-09".into(), how: "Her letter of March 8".into() };
    let revoked = authorizations::end(&mut session, signed, &ending, today()).expect("revoked");
    assert_eq!(revoked.state, AuthorizationState::Revoked);
    let refused: ApiError = attempt(&mut session, signed, today()).expect_err("revoked").into();
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert!(refused.message.contains("revoked"), "{}", refused.message);

    assert!(!out.exists(), "no file was written");
    assert!(ledger::entries_for_client(session.conn(), c).expect("ledger").is_empty(), "nothing in the ledger");
}

#[test]
fn a_signed_authorization_cannot_be_changed_even_by_sql() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let a = signed_authorization(&mut session, c);
    assert!(authorizations::update(&mut session, a, &to_dr_lee(c), today()).is_err());
    let sql = session.conn().execute("UPDATE authorizations SET purpose = 'anything' WHERE id = ?1", [a]);
    assert!(sql.is_err(), "the trigger keeps what the client signed");
}

#[test]
fn an_authorization_keeps_the_dates_covered_conversations_and_other_as_typed() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let input = AuthorizationInput {
        covers_from: Some("2026-01-05".into()),
        covers_to: Some("2026-06-30".into()),
        conversations: true,
        other_information: "Her discharge letter".into(),
        ..to_dr_lee(c)
    };
    let a = authorizations::create(&mut session, &input, today()).expect("authorization");
    let read = authorizations::get(session.conn(), a.id, today()).expect("read back");
    assert_eq!(read.covers_from.as_deref(), Some("2026-01-05"));
    assert_eq!(read.covers_to.as_deref(), Some("2026-06-30"));
    assert!(read.conversations);
    assert_eq!(read.other_information, "Her discharge letter");

    let corrected = AuthorizationInput { covers_to: None, conversations: false, ..input };
    let read = authorizations::update(&mut session, a.id, &corrected, today()).expect("corrected while unsigned");
    assert_eq!((read.covers_to, read.conversations), (None, false));
}

#[test]
fn the_dates_covered_are_checked_and_a_bad_range_saves_nothing() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let backwards = AuthorizationInput {
        covers_from: Some("2026-06-30".into()),
        covers_to: Some("2026-01-05".into()),
        other_information: "x".repeat(1_001),
        ..to_dr_lee(c)
    };
    let error: ApiError = authorizations::create(&mut session, &backwards, today()).expect_err("refused").into();
    let fields: Vec<&str> = error.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["otherInformation", "coversTo"]);
    assert!(authorizations::list(session.conn(), c, today()).expect("list").is_empty());
}

#[test]
fn a_new_authorization_naming_the_diagnosis_is_refused_but_an_old_one_still_reads() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let diagnosis = AuthorizationInput { categories: vec![Category::Diagnosis], ..to_dr_lee(c) };
    let error: ApiError = authorizations::create(&mut session, &diagnosis, today()).expect_err("refused").into();
    assert_eq!(error.fields[0].field, "categories");
    assert!(error.message.contains("does not record diagnoses yet"), "{}", error.message);

    // One recorded before this rule, as an older Confidant allowed.
    let a = authorizations::create(&mut session, &to_dr_lee(c), today()).expect("authorization").id;
    session
        .conn()
        .execute("UPDATE authorizations SET categories = 'diagnosis progress_notes' WHERE id = ?1", [a])
        .expect("an old authorization");
    let old = authorizations::get(session.conn(), a, today()).expect("still reads");
    assert_eq!(old.categories, [Category::Diagnosis, Category::ProgressNotes]);
}

#[test]
fn the_signed_terms_trigger_refuses_a_change_to_each_new_term() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let input = AuthorizationInput {
        covers_from: Some("2026-01-05".into()),
        covers_to: Some("2026-06-30".into()),
        conversations: true,
        other_information: "Her discharge letter".into(),
        ..to_dr_lee(c)
    };
    let a = authorizations::create(&mut session, &input, today()).expect("authorization").id;
    authorizations::sign(&mut session, a, "2026-03-02", SignedBy::Client, today()).expect("signed");
    for change in [
        "covers_from = '2025-01-01'",
        "covers_from = NULL",
        "covers_to = '2026-12-31'",
        "covers_to = NULL",
        "conversations = 0",
        "other_information = 'Everything'",
    ] {
        let sql = session.conn().execute(&format!("UPDATE authorizations SET {change} WHERE id = ?1"), [a]);
        let message = sql.expect_err(change).to_string();
        assert!(message.contains("a signed authorization cannot be changed"), "{change}: {message}");
    }
    let kept = authorizations::get(session.conn(), a, today()).expect("read back");
    assert_eq!(
        (kept.covers_from.as_deref(), kept.covers_to.as_deref(), kept.conversations, kept.other_information.as_str()),
        (Some("2026-01-05"), Some("2026-06-30"), true, "Her discharge letter")
    );
    let ending = Ending::Revoked { on: "2026-03-09".into(), how: "Her letter of March 8".into() };
    authorizations::end(&mut session, a, &ending, today()).expect("its end can still be recorded");
}

#[test]
fn a_bad_authorization_is_refused_and_nothing_is_saved() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let bad = AuthorizationInput { purpose: String::new(), expires_on: Some("2026-02-01".into()), ..to_dr_lee(c) };
    let error: ApiError = authorizations::create(&mut session, &bad, today()).expect_err("refused").into();
    let fields: Vec<&str> = error.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["purpose", "expiresOn"]);
    assert!(authorizations::list(session.conn(), c, today()).expect("list").is_empty());
}

#[test]
fn a_private_note_goes_only_under_a_confirmed_legal_basis() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    note(&mut session, c, NoteKind::Progress, "2026-03-04", "Disclosed the bruises", DisclosureStatus::Private);
    let out = vault.temp.path().join("court.pdf");
    let mut request = ReleaseRequest {
        client_id: c,
        legal_basis: Some(LegalBasis::CourtOrder),
        recipient_name: "Boone County Circuit Court".into(),
        purpose: "Subpoena, case 26-FC-118".into(),
        ..Default::default()
    };
    let unconfirmed = release::release(&mut session, &request, Destination::File(&out), today());
    assert!(matches!(unconfirmed, Err(DisclosureError::Refused(Refusal::Unconfirmed))));
    request.confirm_legal_basis = true;
    release::release(&mut session, &request, Destination::File(&out), today()).expect("released under the order");
    assert!(pdf_text(&out, "disclosure-court").contains("Disclosed the bruises"));
    let entries = ledger::entries_for_client(session.conn(), c).expect("ledger");
    assert!(entries[0].accountable, "a disclosure under a court order is accountable");
}

#[test]
fn a_mandated_report_shows_on_the_note_and_in_the_accounting() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let n = note(&mut session, c, NoteKind::Progress, "2026-03-09", "Disclosed the bruises", DisclosureStatus::Private);
    let report = RecordedDisclosure {
        client_id: c,
        basis: Some(LegalBasis::MandatedChildAbuseReport),
        date: "2026-03-09".into(),
        time: "11:20".into(),
        recipient_name: "Children's Division hotline".into(),
        description: "Reported the disclosed bruising".into(),
        purpose: "RSMo 210.115".into(),
        reference: "CD-2026-44817".into(),
        note_ids: vec![n],
        method: ledger::Method::Verbal,
        client_told: true,
        client_told_on: Some("2026-03-09".into()),
        ..Default::default()
    };
    release::record_disclosure(&mut session, &report, today()).expect("recorded");
    let marks = notes::get_note(session.conn(), n).expect("note").disclosures;
    assert_eq!(marks[0].recipient, "Children's Division hotline");
    assert_eq!(marks[0].basis, "Mandated child abuse report");

    let request = accounting::record_request(&mut session, c, "2026-03-10", today()).expect("request");
    assert_eq!(request.due_on, "2026-05-09", "60 days");
    assert!(request.free, "the first accounting in 12 months is free");
    let out = vault.temp.path().join("accounting.pdf");
    accounting::print_accounting(&mut session, request.id, Destination::File(&out), today()).expect("printed");
    let text = pdf_text(&out, "disclosure-accounting");
    assert!(text.contains("Children's Division hotline") && text.contains("CD-2026-44817"), "{text}");
    let again = accounting::record_request(&mut session, c, "2026-03-10", today()).expect("second request");
    assert!(!again.free, "a second accounting within 12 months may carry a fee");
    assert!(ledger::verify(session.conn()).expect("verify").intact);
}

#[test]
fn the_accounting_deadline_can_be_extended_once_by_thirty_days() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let r = accounting::record_request(&mut session, c, "2026-03-01", today()).expect("request");
    let extended = accounting::extend(&mut session, r.id, "Records are being gathered", today()).expect("extended");
    assert_eq!(extended.due_on, "2026-05-30", "90 days");
    assert!(accounting::extend(&mut session, r.id, "Again", today()).is_err(), "only once");
}

#[test]
fn a_correction_is_a_new_entry_and_the_note_shows_the_corrected_one() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let n = note(&mut session, c, NoteKind::Progress, "2026-03-09", "Threat toward her ex", DisclosureStatus::Private);
    let mut warning = RecordedDisclosure {
        client_id: c,
        basis: Some(LegalBasis::DutyToWarn),
        date: "2026-03-09".into(),
        time: "16:00".into(),
        recipient_name: "Columbia Police".into(),
        description: "Warned of a specific threat".into(),
        note_ids: vec![n],
        ..Default::default()
    };
    let first = release::record_disclosure(&mut session, &warning, today()).expect("recorded");
    warning.recipient_name = "Columbia Police Department, 2nd precinct".into();
    warning.corrects = Some(first);
    release::record_disclosure(&mut session, &warning, today()).expect("corrected");
    let entries = ledger::entries_for_client(session.conn(), c).expect("ledger");
    assert_eq!(entries.len(), 2, "nothing was edited: the correction is appended");
    assert_eq!(entries[0].corrected_by, Some(entries[1].seq));
    let marks = notes::get_note(session.conn(), n).expect("note").disclosures;
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].recipient, "Columbia Police Department, 2nd precinct");
}

#[test]
fn the_clients_record_copy_leaves_out_protected_notes() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    note(&mut session, c, NoteKind::Progress, "2026-03-04", "Private but hers", DisclosureStatus::Private);
    note(&mut session, c, NoteKind::Psychotherapy, "2026-03-05", "My sense of her grief", DisclosureStatus::Protected);
    let out = vault.temp.path().join("record.pdf");
    release::record_copy(&mut session, c, Destination::File(&out), today()).expect("record copy");
    let text = pdf_text(&out, "disclosure-record-copy");
    assert!(text.contains("Private but hers"));
    assert!(!text.contains("My sense of her grief"));
}

#[test]
fn destroying_a_record_blanks_its_ledger_entries_and_the_chain_still_holds() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let other = client_named(&mut session, "Rosa Finch");
    let n = note(&mut session, c, NoteKind::Progress, "2026-03-09", "Text", DisclosureStatus::Private);
    let report = RecordedDisclosure {
        client_id: c,
        basis: Some(LegalBasis::MandatedChildAbuseReport),
        date: "2026-03-09".into(),
        time: "11:20".into(),
        recipient_name: "Children's Division hotline".into(),
        description: "Reported".into(),
        note_ids: vec![n],
        ..Default::default()
    };
    release::record_disclosure(&mut session, &report, today()).expect("recorded");
    release::record_disclosure(
        &mut session,
        &RecordedDisclosure { client_id: other, note_ids: vec![], ..report },
        today(),
    )
    .expect("recorded");
    session.conn().execute("DELETE FROM clients WHERE id = ?1", [c]).expect("destroyed");
    let blank: String = session
        .conn()
        .query_row("SELECT recipient_name FROM disclosure_ledger WHERE seq = 1", [], |r| r.get(0))
        .expect("row");
    assert_eq!(blank, "", "nothing of the destroyed record remains");
    assert!(ledger::verify(session.conn()).expect("verify").intact);
}

/// Records a measure of `kind` taken on `date` from the boxes or answers she entered.
fn measure(session: &mut Session, client_id: i64, kind: MeasureKind, date: &str, answers: &[u8]) {
    let new =
        NewMeasure { client_id, kind, taken_on: date.into(), answers: answers.iter().copied().map(Some).collect() };
    measures::record_measure(session, &new, today()).expect("measure");
}

/// An EPDS scoring 1 on every item, the self-harm item included (items 3 and 5 to 10 reversed).
const EPDS_ALL_ONES: [u8; 10] = [1, 1, 2, 1, 2, 2, 2, 2, 2, 2];

#[test]
fn measures_go_only_under_an_authorization_that_names_them_and_only_within_the_dates_chosen() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    note(&mut session, c, NoteKind::Progress, "2026-03-03", "Sleeping better", DisclosureStatus::Shareable);
    measure(&mut session, c, MeasureKind::Epds, "2026-02-10", &EPDS_ALL_ONES);
    measure(&mut session, c, MeasureKind::Phq9, "2026-03-05", &[2, 1, 0, 0, 0, 0, 0, 0, 0]);

    let notes_only = signed_authorization(&mut session, c);
    let out = vault.temp.path().join("notes-only.pdf");
    let request = ReleaseRequest { client_id: c, authorization_id: Some(notes_only), ..Default::default() };
    release::release(&mut session, &request, Destination::File(&out), today()).expect("released");
    let text = pdf_text(&out, "disclosure-release-without-measures");
    assert!(text.contains("Sleeping better"), "{text}");
    assert!(!text.contains("PHQ-9") && !text.contains("EPDS"), "an authorization not naming measures sends none");

    let with_measures = AuthorizationInput { categories: vec![Category::Measures], ..to_dr_lee(c) };
    let a = authorizations::create(&mut session, &with_measures, today()).expect("authorization");
    authorizations::sign(&mut session, a.id, "2026-03-02", SignedBy::Client, today()).expect("signed");
    let request = ReleaseRequest {
        client_id: c,
        authorization_id: Some(a.id),
        from: Some("2026-03-01".into()),
        ..Default::default()
    };
    let preview = release::preview(session.conn(), &request, today()).expect("preview");
    assert_eq!(preview.going, 1, "only the PHQ-9 is in the range and named");
    let out = vault.temp.path().join("measures.pdf");
    let (seq, _) = release::release(&mut session, &request, Destination::File(&out), today()).expect("released");
    let text = pdf_text(&out, "disclosure-release-measures");
    assert!(text.contains("Measures") && text.contains("PHQ-9, March 5, 2026: 3 of 27"), "{text}");
    assert!(!text.contains("EPDS"), "the EPDS is before the chosen range");
    assert!(!text.contains("Sleeping better"), "the notes are not named on this authorization");
    let entry = ledger::entries_for_client(session.conn(), c).expect("ledger").into_iter().find(|e| e.seq == seq);
    assert_eq!(entry.expect("entry").description, "1 measure");
}

#[test]
fn the_clients_record_copy_holds_her_measures_with_the_self_harm_item() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    measure(&mut session, c, MeasureKind::Epds, "2026-02-10", &EPDS_ALL_ONES);
    let out = vault.temp.path().join("record-with-measures.pdf");
    release::record_copy(&mut session, c, Destination::File(&out), today()).expect("record copy");
    // Lines wrap where the page ends: compare the words.
    let text = pdf_text(&out, "disclosure-record-copy-measures").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("EPDS, February 10, 2026: 10 of 30"), "{text}");
    assert!(text.contains("Item 10 (thoughts of self-harm): 1 of 3."), "{text}");
}

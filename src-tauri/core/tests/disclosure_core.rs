//! Authorizations, releases, recorded disclosures, the ledger and accountings, through the
//! public API of a real vault.

use crate::common;
use crate::pdf_support;

use chrono::{NaiveDate, NaiveDateTime};
use common::TestVault;
use confidant_core::consent::signatures::SignedBy;
use confidant_core::consent::{self, FormKind};
use confidant_core::disclosure::authorizations::{
    self, AuthorizationInput, AuthorizationKind, AuthorizationState, Ending,
};
use confidant_core::disclosure::printing::Destination;
use confidant_core::disclosure::release::{self, ClientInformed, RecordedDisclosure, ReleaseRequest};
use confidant_core::disclosure::subpoenas::{self, StepInput, SubpoenaInput, SubpoenaStep};
use confidant_core::disclosure::{accounting, gate, Category, DisclosureError, LegalBasis, Refusal};
use confidant_core::error::{ApiError, ErrorCode};
use confidant_core::ledger;
use confidant_core::measures::{self, MeasureKind, NewMeasure};
use confidant_core::notes::{
    self, Attendance, DisclosureStatus, NewNote, NoteContent, NoteKind, SearchQuery, SessionFields, Template,
    TimelineFilter,
};
use confidant_core::register::{self, ClientFields, ClientStatus, HoldReason};
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

/// The request with every item the gate lets go ticked, as she would tick them one by one.
fn ticking_everything(session: &Session, request: ReleaseRequest) -> ReleaseRequest {
    let preview = release::preview(session.conn(), &request, today()).expect("preview");
    let picked = preview.items.iter().filter(|p| p.may_go).filter_map(|p| p.item.key()).collect();
    ReleaseRequest { picked, ..request }
}

fn told_today() -> Option<ClientInformed> {
    Some(ClientInformed::Told { on: "2026-03-10".into() })
}

fn pdf_text_of(bytes: &[u8], name: &str) -> String {
    let pdf = pdf_support::save(name, bytes);
    pdf_support::tool("pdftotext", &[&pdf, "-"]).split_whitespace().collect::<Vec<_>>().join(" ")
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
    assert_eq!(preview.items.len(), 5, "the private note is listed as staying; the psychotherapy note is not listed");
    let out = vault.temp.path().join("release.pdf");
    let nothing_ticked = release::release(&mut session, &request, Destination::File(&out), today());
    assert!(matches!(nothing_ticked, Err(DisclosureError::Invalid(_))), "nothing goes that she did not tick");
    assert!(!out.exists());
    let request = ticking_everything(&session, request);
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

/// Her diagnosis, and a signed plan with one review, all before the disclosure tests' today.
fn clinical_record(session: &mut Session, client_id: i64) {
    use confidant_core::clinical::{diagnoses, plans, reviews, DiagnosisStatus, GoalReview, GoalStatus};
    let dx = diagnoses::NewDiagnosis {
        client_id,
        code: "F53.0".into(),
        status: DiagnosisStatus::Working,
        from_on: "2026-02-02".into(),
        to_on: None,
        primary: true,
    };
    diagnoses::record(session, &dx, today()).expect("diagnosis");
    let input = confidant_core::clinical::PlanInput {
        client_id,
        written_on: "2026-02-09".into(),
        presenting_problems: "Low mood since the birth".into(),
        goals: vec![confidant_core::clinical::GoalInput {
            goal: "Sleep when the baby sleeps".into(),
            objectives: "Five hours four nights a week".into(),
            ..Default::default()
        }],
        interventions: "CBT for postpartum depression".into(),
        frequency: "Weekly".into(),
        ..Default::default()
    };
    let plan = plans::save(session, &input, today()).expect("plan");
    plans::sign(session, plan.id, "2026-02-09", SignedBy::Client, today()).expect("signed");
    let review = reviews::PlanReviewInput {
        client_id,
        reviewed_on: "2026-03-09".into(),
        goals: vec![GoalReview {
            goal_id: plan.goals[0].goal_id,
            progress: "Sleeping in longer stretches".into(),
            status: GoalStatus::Open,
        }],
        ..Default::default()
    };
    reviews::record(session, &review, today()).expect("review");
}

#[test]
fn an_authorization_naming_the_diagnosis_and_the_plan_releases_them_and_one_without_does_not() {
    let (vault, mut session) = TestVault::new();
    consent::profile::save(&mut session, &consent::profile::sample()).expect("her profile, for printing");
    let c = client(&mut session);
    clinical_record(&mut session, c);
    let notes_only = signed_authorization(&mut session, c);
    let request = ReleaseRequest { client_id: c, authorization_id: Some(notes_only), ..Default::default() };
    let preview = release::preview(session.conn(), &request, today()).expect("preview");
    let clinical: Vec<(bool, Option<String>)> = preview
        .items
        .iter()
        .filter(|p| matches!(p.item, gate::Item::Diagnosis { .. } | gate::Item::TreatmentPlan { .. }))
        .map(|p| (p.may_go, p.reason.clone()))
        .collect();
    let not_named = Some(gate::Withheld::NotAuthorized.reason().to_owned());
    assert_eq!(clinical, [(false, not_named.clone()), (false, not_named)], "listed, staying: not named");

    let both = AuthorizationInput { categories: vec![Category::Diagnosis, Category::TreatmentPlan], ..to_dr_lee(c) };
    let a = authorizations::create(&mut session, &both, today()).expect("authorization");
    let form =
        pdf_text_of(&authorizations::render(session.conn(), a.id, today()).expect("form"), "authorization-clinical");
    assert!(form.contains("X Diagnosis: your diagnoses") && form.contains("X Treatment plan: your goals"), "{form}");
    authorizations::sign(&mut session, a.id, "2026-03-02", SignedBy::Client, today()).expect("signed");
    let request = ticking_everything(
        &session,
        ReleaseRequest { client_id: c, authorization_id: Some(a.id), ..Default::default() },
    );
    let out = vault.temp.path().join("clinical-release.pdf");
    let (seq, _) = release::release(&mut session, &request, Destination::File(&out), today()).expect("released");
    let text = pdf_text(&out, "disclosure-clinical-release");
    for expected in [
        "F53.0 Postpartum depression: Working, primary, from February 2, 2026.",
        "Version 1 · February 9, 2026",
        "Signed by the client on February 9, 2026",
        "Goal 1. Sleep when the baby sleeps",
        "Review of March 9, 2026",
        "Goal 1, open: Sleeping in longer stretches",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
    assert!(!text.contains("Progress notes"), "only what the authorization names");
    let entry = ledger::entries_for_client(session.conn(), c).expect("ledger").into_iter().find(|e| e.seq == seq);
    assert_eq!(entry.map(|e| e.description), Some("Diagnosis of 2 Feb 2026; Treatment plan of 9 Feb 2026".to_string()));

    let copy = vault.temp.path().join("record.pdf");
    release::record_copy(&mut session, c, false, Destination::File(&copy), today()).expect("record copy");
    let own = pdf_text(&copy, "disclosure-record-copy-clinical");
    assert!(own.contains("F53.0 Postpartum depression") && own.contains("Goal 1. Sleep when the baby sleeps"));
}

#[test]
fn a_release_form_saved_without_the_diagnosis_box_does_not_print_an_authorization_naming_it() {
    let (_vault, mut session) = TestVault::new();
    consent::profile::save(&mut session, &consent::profile::sample()).expect("her profile, for printing");
    let c = client(&mut session);
    let old_wording: String = FormKind::ReleaseAuthorization
        .default_text()
        .lines()
        .filter(|l| !l.contains("authorization.diagnosis"))
        .map(|l| format!("{l}\n"))
        .collect();
    consent::save_form(&mut session, FormKind::ReleaseAuthorization, &old_wording).expect("her older form");
    let input = AuthorizationInput { categories: vec![Category::Diagnosis, Category::ProgressNotes], ..to_dr_lee(c) };
    let a = authorizations::create(&mut session, &input, today()).expect("recorded");
    let error: ApiError = authorizations::render(session.conn(), a.id, today()).expect_err("refused").into();
    assert_eq!(error.fields[0].field, "categories");
    assert!(error.message.contains("has no box for Diagnosis"), "{}", error.message);
    let notes_only = AuthorizationInput { categories: vec![Category::ProgressNotes], ..to_dr_lee(c) };
    let b = authorizations::create(&mut session, &notes_only, today()).expect("recorded");
    authorizations::render(session.conn(), b.id, today()).expect("a kind the form has prints");
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
        purpose: "The order asks for her progress notes of March 2026".into(),
        reference: "26-FC-118".into(),
        client_informed: told_today(),
        ..Default::default()
    };
    let unconfirmed = release::release(&mut session, &request, Destination::File(&out), today());
    assert!(matches!(unconfirmed, Err(DisclosureError::Refused(Refusal::Unconfirmed))));
    request.confirm_legal_basis = true;
    let request = ticking_everything(&session, request);
    release::release(&mut session, &request, Destination::File(&out), today()).expect("released under the order");
    let text = pdf_text(&out, "disclosure-court");
    assert!(text.contains("Disclosed the bruises"));
    assert!(text.contains("limited to what the order expressly names"), "{text}");
    assert!(text.contains("26-FC-118"), "the cover letter gives the reference");
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
        client_informed: Some(ClientInformed::Told { on: "2026-03-09".into() }),
        ..Default::default()
    };
    release::record_disclosure(&mut session, &report, today()).expect("recorded");
    let marks = notes::get_note(session.conn(), n).expect("note").disclosures;
    assert_eq!(marks[0].recipient, "Children's Division hotline");
    assert_eq!(marks[0].basis, "Mandated report of child abuse or neglect");

    let request = accounting::record_request(&mut session, c, "2026-03-10", None, today()).expect("request");
    assert_eq!(request.due_on, "2026-05-09", "60 days");
    assert!(request.free, "the first accounting in 12 months is free");
    let out = vault.temp.path().join("accounting.pdf");
    accounting::print_accounting(&mut session, request.id, Destination::File(&out), today()).expect("printed");
    let text = pdf_text(&out, "disclosure-accounting");
    assert!(text.contains("Children's Division hotline") && text.contains("CD-2026-44817"), "{text}");
    let again = accounting::record_request(&mut session, c, "2026-03-10", None, today()).expect("second request");
    assert!(!again.free, "a second accounting within 12 months may carry a fee");
    assert!(ledger::verify(session.conn()).expect("verify").intact);
}

#[test]
fn the_accounting_deadline_can_be_extended_once_by_thirty_days() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let r = accounting::record_request(&mut session, c, "2026-03-01", None, today()).expect("request");
    let extended = accounting::extend(&mut session, r.id, "Records are being gathered", today()).expect("extended");
    assert_eq!(extended.due_on, "2026-05-30", "90 days");
    assert!(accounting::extend(&mut session, r.id, "Again", today()).is_err(), "only once");
    let other = accounting::record_request(&mut session, c, "2026-03-02", None, today()).expect("request");
    assert!(accounting::extend(&mut session, other.id, &"x".repeat(2_001), today()).is_err(), "a length limit");
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
        client_informed: Some(ClientInformed::NotTold { why: "It would put her ex at risk".into() }),
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
    release::record_copy(&mut session, c, false, Destination::File(&out), today()).expect("record copy");
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
        client_informed: told_today(),
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
    let request = ticking_everything(&session, request);
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
    let request = ticking_everything(&session, request);
    let out = vault.temp.path().join("measures.pdf");
    let (seq, _) = release::release(&mut session, &request, Destination::File(&out), today()).expect("released");
    let text = pdf_text(&out, "disclosure-release-measures");
    assert!(text.contains("Measures") && text.contains("PHQ-9, March 5, 2026: 3 of 27"), "{text}");
    assert!(!text.contains("EPDS"), "the EPDS is before the chosen range");
    assert!(!text.contains("Sleeping better"), "the notes are not named on this authorization");
    let entry = ledger::entries_for_client(session.conn(), c).expect("ledger").into_iter().find(|e| e.seq == seq);
    assert_eq!(entry.expect("entry").description, "PHQ-9 of 5 Mar 2026", "the ledger says what went, not a count");
}

#[test]
fn the_clients_record_copy_holds_her_measures_with_the_self_harm_item() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    measure(&mut session, c, MeasureKind::Epds, "2026-02-10", &EPDS_ALL_ONES);
    let out = vault.temp.path().join("record-with-measures.pdf");
    release::record_copy(&mut session, c, false, Destination::File(&out), today()).expect("record copy");
    // Lines wrap where the page ends: compare the words.
    let text = pdf_text(&out, "disclosure-record-copy-measures").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("EPDS, February 10, 2026: 10 of 30"), "{text}");
    assert!(text.contains("Item 10 (thoughts of self-harm): 1 of 3."), "{text}");
}

/// What the rules of docs/DOMAIN.md section 4 say should happen to one item, written out again here as
/// plain conditions so that the gate is checked against the rules, not against itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Nothing at all goes.
    Refused,
    Goes,
    /// Stays in the vault; `listed` says whether the release dialog shows it.
    Stays {
        listed: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    Absent,
    /// Active, naming every kind an ordinary release can name.
    Release,
    /// Active, naming progress notes only.
    ProgressNotesOnly,
    /// Active, the separate psychotherapy-notes authorization.
    PsychotherapyNotes,
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    ProgressNote(DisclosureStatus),
    PsychotherapyNote,
    Measure,
    SessionRecord,
    Diagnosis,
    TreatmentPlan,
    /// One entry of her account: a charge, a payment.
    Billing,
}

const PSYCHOTHERAPY_NOTE_BASES: [LegalBasis; 5] = [
    LegalBasis::CourtOrder,
    LegalBasis::DutyToWarn,
    LegalBasis::OversightBody,
    LegalBasis::CoronerOrMedicalExaminer,
    LegalBasis::OtherRequiredByLaw,
];

fn expected(basis: Option<LegalBasis>, held: Held, kind: Kind, second_confirmation: bool) -> Expect {
    if held == Held::Expired || basis == Some(LegalBasis::Subpoena) || (basis.is_none() && held == Held::Absent) {
        return Expect::Refused;
    }
    if kind == Kind::PsychotherapyNote {
        return match basis {
            _ if held == Held::PsychotherapyNotes => Expect::Goes,
            Some(b) if PSYCHOTHERAPY_NOTE_BASES.contains(&b) && second_confirmation => Expect::Goes,
            Some(b) if PSYCHOTHERAPY_NOTE_BASES.contains(&b) => Expect::Stays { listed: true },
            _ => Expect::Stays { listed: false },
        };
    }
    match (basis, held, kind) {
        (Some(_), _, _) => Expect::Goes,
        (None, _, Kind::ProgressNote(DisclosureStatus::Private)) => Expect::Stays { listed: true },
        (None, Held::Release, _) => Expect::Goes,
        (None, Held::ProgressNotesOnly, Kind::ProgressNote(DisclosureStatus::Shareable)) => Expect::Goes,
        (None, _, _) => Expect::Stays { listed: true },
    }
}

fn table_item(kind: Kind) -> gate::Item {
    let date = "2026-03-02".to_string();
    match kind {
        Kind::ProgressNote(status) => gate::Item::Note { id: 1, kind: NoteKind::Progress, status, date, signed: true },
        Kind::PsychotherapyNote => gate::Item::Note {
            id: 2,
            kind: NoteKind::Psychotherapy,
            status: DisclosureStatus::Protected,
            date,
            signed: true,
        },
        Kind::Measure => gate::Item::Measure { id: 3, kind: MeasureKind::Epds, date },
        Kind::SessionRecord => gate::Item::Attendance { session_id: 4, date },
        Kind::Diagnosis => gate::Item::Diagnosis { id: 5, code: "F53.0".into(), date },
        Kind::TreatmentPlan => gate::Item::TreatmentPlan { id: 6, version: 1, date },
        Kind::Billing => {
            gate::Item::Billing { id: 7, date, label: "Psychotherapy, 45 minutes (90834)".into(), cents: 18_000 }
        }
    }
}

fn table_authorization(held: Held) -> Option<authorizations::Authorization> {
    let (kind, categories) = match held {
        Held::Absent => return None,
        Held::PsychotherapyNotes => (AuthorizationKind::PsychotherapyNotes, vec![Category::PsychotherapyNotes]),
        Held::ProgressNotesOnly => (AuthorizationKind::Release, vec![Category::ProgressNotes]),
        Held::Release | Held::Expired => (
            AuthorizationKind::Release,
            vec![
                Category::AttendanceDates,
                Category::Diagnosis,
                Category::TreatmentPlan,
                Category::TreatmentSummary,
                Category::ProgressNotes,
                Category::Measures,
                Category::Billing,
            ],
        ),
    };
    Some(authorizations::Authorization {
        id: 9,
        client_id: 1,
        kind,
        recipient_name: "Dr. Ada Lee".into(),
        recipient_organisation: String::new(),
        recipient_address: String::new(),
        recipient_phone: String::new(),
        categories,
        purpose: "Care".into(),
        effective_on: "2026-01-01".into(),
        expires_on: Some(if held == Held::Expired { "2026-02-28" } else { "2026-12-31" }.into()),
        expiry_event: String::new(),
        covers_from: None,
        covers_to: None,
        conversations: false,
        other_information: String::new(),
        signed_on: Some("2026-01-01".into()),
        signed_by: Some(SignedBy::Client),
        form_version: Some(1),
        event_occurred_on: None,
        revoked_on: None,
        revoked_how: String::new(),
        state: AuthorizationState::Active,
    })
}

const TABLE_KINDS: [Kind; 8] = [
    Kind::ProgressNote(DisclosureStatus::Private),
    Kind::ProgressNote(DisclosureStatus::Shareable),
    Kind::PsychotherapyNote,
    Kind::Measure,
    Kind::SessionRecord,
    Kind::Diagnosis,
    Kind::TreatmentPlan,
    Kind::Billing,
];

#[test]
fn the_gate_follows_the_table_of_legal_bases_statuses_authorizations_and_kinds_clinical_record_and_billing_included() {
    let bases: Vec<Option<LegalBasis>> = std::iter::once(None).chain(LegalBasis::ALL.map(Some)).collect();
    let mut rows = 0;
    for basis in &bases {
        for held in [Held::Absent, Held::Release, Held::ProgressNotesOnly, Held::PsychotherapyNotes, Held::Expired] {
            for kind in TABLE_KINDS {
                for second_confirmation in [false, true] {
                    let authorization = table_authorization(held);
                    let legal_basis = basis.map(|basis| gate::ConfirmedBasis {
                        basis,
                        confirmed: true,
                        psychotherapy_notes_confirmed: second_confirmation,
                    });
                    let audience = gate::Audience::Recipient { authorization: authorization.as_ref(), legal_basis };
                    let got = match gate::decide(1, audience, today(), vec![table_item(kind)]) {
                        Err(_) => Expect::Refused,
                        Ok(d) if d.may_go.len() == 1 => Expect::Goes,
                        Ok(d) => Expect::Stays { listed: d.withheld[0].1.listed() },
                    };
                    let want = expected(*basis, held, kind, second_confirmation);
                    assert_eq!(
                        got, want,
                        "basis {basis:?}, authorization {held:?}, {kind:?}, second confirmation {second_confirmation}"
                    );
                    rows += 1;
                }
            }
        }
    }
    assert_eq!(rows, 10 * 5 * 8 * 2);
}

#[test]
fn the_release_dialog_offers_exactly_what_the_table_lists() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let private = note(&mut session, c, NoteKind::Progress, "2026-03-03", "Private text", DisclosureStatus::Private);
    let shared = note(&mut session, c, NoteKind::Progress, "2026-03-04", "Shared text", DisclosureStatus::Shareable);
    let process =
        note(&mut session, c, NoteKind::Psychotherapy, "2026-03-05", "My process", DisclosureStatus::Protected);
    measure(&mut session, c, MeasureKind::Epds, "2026-03-06", &EPDS_ALL_ONES);
    for basis in LegalBasis::ALL.into_iter().filter(|b| *b != LegalBasis::Subpoena) {
        for second_confirmation in [false, true] {
            let request = ReleaseRequest {
                client_id: c,
                legal_basis: Some(basis),
                confirm_legal_basis: true,
                confirm_psychotherapy_notes: second_confirmation,
                recipient_name: "Boone County Circuit Court".into(),
                purpose: "What the order names".into(),
                ..Default::default()
            };
            let preview = release::preview(session.conn(), &request, today()).expect("preview");
            let offered =
                |id: i64| preview.items.iter().find(|p| matches!(p.item, gate::Item::Note { id: n, .. } if n == id));
            for (id, kind) in [
                (private, Kind::ProgressNote(DisclosureStatus::Private)),
                (shared, Kind::ProgressNote(DisclosureStatus::Shareable)),
                (process, Kind::PsychotherapyNote),
            ] {
                let shown = offered(id).map(|p| if p.may_go { Expect::Goes } else { Expect::Stays { listed: true } });
                let want = match expected(Some(basis), Held::Absent, kind, second_confirmation) {
                    Expect::Stays { listed: false } => None,
                    other => Some(other),
                };
                assert_eq!(shown, want, "{basis:?}, {kind:?}, second confirmation {second_confirmation}");
            }
            assert!(preview.items.iter().any(|p| matches!(p.item, gate::Item::Measure { .. }) && p.may_go));
        }
    }
}

#[test]
fn a_psychotherapy_note_goes_under_a_court_order_only_once_she_confirms_the_order_names_it() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let process = note(
        &mut session,
        c,
        NoteKind::Psychotherapy,
        "2026-03-05",
        "My sense of her grief",
        DisclosureStatus::Protected,
    );
    let out = vault.temp.path().join("order.pdf");
    let request = ReleaseRequest {
        client_id: c,
        legal_basis: Some(LegalBasis::CourtOrder),
        confirm_legal_basis: true,
        recipient_name: "Boone County Circuit Court".into(),
        purpose: "The order names her psychotherapy notes".into(),
        reference: "26-FC-118".into(),
        client_informed: told_today(),
        picked: vec![gate::ItemKey::Note { id: process }],
        ..Default::default()
    };
    let refused = release::release(&mut session, &request, Destination::File(&out), today());
    assert!(matches!(refused, Err(DisclosureError::Invalid(_))), "ticked but not confirmed: nothing goes");
    assert!(!out.exists());
    let request = ReleaseRequest { confirm_psychotherapy_notes: true, ..request };
    release::release(&mut session, &request, Destination::File(&out), today()).expect("released");
    assert!(pdf_text(&out, "disclosure-order-psychotherapy").contains("My sense of her grief"));
    let entry = &ledger::entries_for_client(session.conn(), c).expect("ledger")[0];
    assert!(entry.accountable && entry.reference == "26-FC-118" && entry.client_informed == "Told on March 10, 2026");
}

#[test]
fn a_release_under_a_legal_basis_records_the_reference_and_whether_she_was_told() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    note(&mut session, c, NoteKind::Progress, "2026-03-04", "Her threats", DisclosureStatus::Private);
    let out = vault.temp.path().join("warn.pdf");
    let base = ticking_everything(
        &session,
        ReleaseRequest {
            client_id: c,
            legal_basis: Some(LegalBasis::CourtOrder),
            confirm_legal_basis: true,
            recipient_name: "Court".into(),
            purpose: "As ordered".into(),
            ..Default::default()
        },
    );
    let Err(DisclosureError::Invalid(problems)) =
        release::release(&mut session, &base, Destination::File(&out), today())
    else {
        panic!("a court-ordered release without its case number or a word on the client was accepted");
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["reference", "clientInformed"]);
    let not_told = ReleaseRequest {
        reference: "26-FC-118".into(),
        client_informed: Some(ClientInformed::NotTold { why: "The order forbids it until the hearing".into() }),
        ..base
    };
    release::release(&mut session, &not_told, Destination::File(&out), today()).expect("released");
    let entry = &ledger::entries_for_client(session.conn(), c).expect("ledger")[0];
    assert_eq!(entry.client_informed, "Not told: The order forbids it until the hearing");
    assert_eq!(
        entry.description, "Progress notes of 4 Mar 2026; Attendance dates of 4 Mar 2026",
        "what was disclosed, in words"
    );
}

#[test]
fn every_free_text_of_a_release_has_a_length_limit() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let long = "x".repeat(2_001);
    let request = ReleaseRequest {
        client_id: c,
        legal_basis: Some(LegalBasis::DutyToWarn),
        confirm_legal_basis: true,
        recipient_name: long.clone(),
        purpose: long.clone(),
        reference: "y".repeat(201),
        ..Default::default()
    };
    let Err(DisclosureError::Invalid(problems)) = release::preview(session.conn(), &request, today()) else {
        panic!("an overlong release was accepted");
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["recipientName", "purpose", "reference"]);
    let record = RecordedDisclosure {
        client_id: c,
        basis: Some(LegalBasis::DutyToWarn),
        date: "2026-03-09".into(),
        time: "10:00".into(),
        recipient_name: "Police".into(),
        description: long,
        client_informed: told_today(),
        ..Default::default()
    };
    assert!(release::record_disclosure(&mut session, &record, today()).is_err());
    assert!(ledger::entries_for_client(session.conn(), c).expect("ledger").is_empty());
}

#[test]
fn a_subpoena_releases_nothing_puts_the_record_on_hold_and_lists_the_next_steps() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    note(&mut session, c, NoteKind::Progress, "2026-03-04", "Custody worries", DisclosureStatus::Shareable);
    let a = signed_authorization(&mut session, c);
    let out = vault.temp.path().join("subpoena.pdf");
    let under_subpoena =
        ticking_everything(&session, ReleaseRequest { client_id: c, authorization_id: Some(a), ..Default::default() });
    let under_subpoena = ReleaseRequest {
        legal_basis: Some(LegalBasis::Subpoena),
        confirm_legal_basis: true,
        reference: "26-FC-118".into(),
        client_informed: told_today(),
        ..under_subpoena
    };
    let refused = release::release(&mut session, &under_subpoena, Destination::File(&out), today());
    assert!(matches!(refused, Err(DisclosureError::Refused(Refusal::SubpoenaAlone))), "{refused:?}");
    assert!(!out.exists() && ledger::entries_for_client(session.conn(), c).expect("ledger").is_empty());

    let received = SubpoenaInput {
        client_id: c,
        received_on: "2026-03-09".into(),
        served_by: "J. Park, attorney for the father".into(),
        court: "Boone County Circuit Court".into(),
        case_number: "26-FC-118".into(),
        deadline: Some("2026-03-16".into()),
        asks_for: "All records".into(),
    };
    let subpoena = subpoenas::record(&mut session, &received, today()).expect("recorded");
    assert!(subpoena.open);
    assert_eq!(subpoena.days_left, Some(6));
    let hold = subpoena.hold.clone().expect("the record is on hold");
    assert_eq!(hold.reason, HoldReason::Subpoena);
    assert!(hold.lifted_on.is_none());
    let steps: Vec<SubpoenaStep> = subpoena.checklist.iter().map(|s| s.step).collect();
    assert_eq!(
        steps,
        [
            SubpoenaStep::ClientTold,
            SubpoenaStep::AuthorizationAsked,
            SubpoenaStep::PrivilegeAsserted,
            SubpoenaStep::Objected,
            SubpoenaStep::Response
        ]
    );
    assert!(ledger::entries_for_client(session.conn(), c).expect("ledger").is_empty(), "nothing was disclosed");
    let today_view = confidant_core::today::today_view(session.conn(), today(), false).expect("today");
    assert!(today_view.subpoenas[0].urgent && today_view.subpoenas[0].what.contains("respond by 16 Mar 2026"));

    let step = |step, note: &str| StepInput {
        subpoena_id: subpoena.id,
        step,
        done_on: "2026-03-10".into(),
        note: note.into(),
    };
    subpoenas::record_step(&mut session, &step(SubpoenaStep::ClientTold, "By phone"), today()).expect("told");
    assert!(
        subpoenas::record_step(&mut session, &step(SubpoenaStep::Response, ""), today()).is_err(),
        "say what you did"
    );
    let closed =
        subpoenas::record_step(&mut session, &step(SubpoenaStep::Response, "Privilege asserted; withdrawn"), today())
            .expect("closed");
    assert!(!closed.open && closed.days_left.is_none());
    assert_eq!(closed.checklist[0].done_on.as_deref(), Some("2026-03-10"));
    assert!(subpoenas::record_step(&mut session, &step(SubpoenaStep::Objected, ""), today()).is_err(), "closed");
    assert!(closed.hold.expect("hold").lifted_on.is_none(), "the hold stays until she lifts it");
    let events: Vec<String> = session
        .conn()
        .prepare("SELECT event FROM audit WHERE event LIKE 'subpoena%' OR event LIKE 'legal_hold%' ORDER BY seq")
        .expect("audit")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("events");
    assert_eq!(events, ["subpoena_recorded", "legal_hold_placed", "subpoena_step_recorded", "subpoena_step_recorded"]);
}

#[test]
fn a_subpoena_with_a_deadline_before_it_arrived_is_refused_and_nothing_is_held() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let bad = SubpoenaInput {
        client_id: c,
        received_on: "2026-03-09".into(),
        served_by: String::new(),
        deadline: Some("2026-03-01".into()),
        ..Default::default()
    };
    let Err(DisclosureError::Invalid(problems)) = subpoenas::record(&mut session, &bad, today()) else {
        panic!("accepted");
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["servedBy", "deadline"]);
    assert!(register::holds::list(session.conn(), c).expect("holds").is_empty());
}

#[test]
fn an_accounting_can_cover_a_shorter_period_and_says_what_was_disclosed() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let n = note(&mut session, c, NoteKind::Progress, "2026-03-02", "Notes", DisclosureStatus::Private);
    for (date, reference) in [("2026-02-01", "EARLY-1"), ("2026-03-09", "LATE-2")] {
        let record = RecordedDisclosure {
            client_id: c,
            basis: Some(LegalBasis::MandatedChildAbuseReport),
            date: date.into(),
            time: "09:00".into(),
            recipient_name: "Children's Division hotline".into(),
            description: "The facts she disclosed".into(),
            reference: reference.into(),
            note_ids: if reference == "LATE-2" { vec![n] } else { vec![] },
            client_informed: Some(ClientInformed::NotTold { why: "Would endanger the child".into() }),
            ..Default::default()
        };
        release::record_disclosure(&mut session, &record, today()).expect("recorded");
    }
    assert!(
        accounting::record_request(&mut session, c, "2026-03-10", Some("2019-01-01"), today()).is_err(),
        "at most six years"
    );
    let request =
        accounting::record_request(&mut session, c, "2026-03-10", Some("2026-03-01"), today()).expect("request");
    assert_eq!(request.period_from.as_deref(), Some("2026-03-01"));
    let out = vault.temp.path().join("short-accounting.pdf");
    accounting::print_accounting(&mut session, request.id, Destination::File(&out), today()).expect("printed");
    let text = pdf_text(&out, "disclosure-accounting-short").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("LATE-2") && !text.contains("EARLY-1"), "only the period she asked for: {text}");
    assert!(text.contains("from March 1, 2026 until your request"), "{text}");
    assert!(text.contains("The facts she disclosed"), "each entry says what was disclosed");
}

#[test]
fn the_extension_letter_gives_the_reason_and_the_new_date() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let r = accounting::record_request(&mut session, c, "2026-03-01", None, today()).expect("request");
    let out = vault.temp.path().join("extension.pdf");
    assert!(
        accounting::print_extension_letter(&mut session, r.id, Destination::File(&out), today()).is_err(),
        "extend first"
    );
    accounting::extend(&mut session, r.id, "Records are in storage", today()).expect("extended");
    accounting::print_extension_letter(&mut session, r.id, Destination::File(&out), today()).expect("letter");
    let text = pdf_text(&out, "disclosure-accounting-extension").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Records are in storage") && text.contains("by May 30, 2026"), "{text}");
    let entry = &ledger::entries_for_client(session.conn(), c).expect("ledger")[0];
    assert!(!entry.accountable, "a letter to the client herself is exempt");
}

#[test]
fn an_authorization_releases_only_what_is_dated_within_the_dates_of_service_it_covers() {
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    note(&mut session, c, NoteKind::Progress, "2026-02-20", "Before the range", DisclosureStatus::Shareable);
    note(&mut session, c, NoteKind::Progress, "2026-03-04", "Within the range", DisclosureStatus::Shareable);
    let input = AuthorizationInput {
        covers_from: Some("2026-03-01".into()),
        covers_to: Some("2026-03-31".into()),
        ..to_dr_lee(c)
    };
    let a = authorizations::create(&mut session, &input, today()).expect("authorization");
    authorizations::sign(&mut session, a.id, "2026-03-02", SignedBy::Client, today()).expect("signed");
    let request = ReleaseRequest { client_id: c, authorization_id: Some(a.id), ..Default::default() };
    let preview = release::preview(session.conn(), &request, today()).expect("preview");
    let outside: Vec<String> = preview.items.iter().filter(|p| !p.may_go).filter_map(|p| p.reason.clone()).collect();
    assert_eq!(
        outside, ["Outside the dates of service her authorization covers."; 2],
        "the note and the session of 20 Feb"
    );
    let out = vault.temp.path().join("dated.pdf");
    let request = ticking_everything(&session, request);
    release::release(&mut session, &request, Destination::File(&out), today()).expect("released");
    let text = pdf_text(&out, "disclosure-dated");
    assert!(text.contains("Within the range") && !text.contains("Before the range"), "{text}");
}

#[test]
fn a_conversation_under_an_authorization_is_recorded_exempt_only_if_it_allows_conversations() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let n = note(&mut session, c, NoteKind::Progress, "2026-03-04", "Sleep and mood", DisclosureStatus::Shareable);
    let silent = signed_authorization(&mut session, c);
    let call = |authorization_id| RecordedDisclosure {
        client_id: c,
        authorization_id: Some(authorization_id),
        date: "2026-03-09".into(),
        time: "12:40".into(),
        description: "Talked through her sleep since the birth".into(),
        note_ids: vec![n],
        method: ledger::Method::Verbal,
        ..Default::default()
    };
    let Err(DisclosureError::Invalid(problems)) = release::record_disclosure(&mut session, &call(silent), today())
    else {
        panic!("a conversation the authorization does not allow was recorded as exempt");
    };
    assert!(problems[0].message.contains("does not allow conversations"));

    let talking = AuthorizationInput { conversations: true, ..to_dr_lee(c) };
    let a = authorizations::create(&mut session, &talking, today()).expect("authorization");
    authorizations::sign(&mut session, a.id, "2026-03-02", SignedBy::Client, today()).expect("signed");
    release::record_disclosure(&mut session, &call(a.id), today()).expect("recorded");
    let entry = &ledger::entries_for_client(session.conn(), c).expect("ledger")[0];
    assert!(!entry.accountable, "exempt: under her authorization");
    assert_eq!(
        (entry.recipient_name.as_str(), entry.method),
        ("Dr. Ada Lee, Riverside Obstetrics", ledger::Method::Verbal)
    );
    let marks = notes::get_note(session.conn(), n).expect("note").disclosures;
    assert_eq!(marks[0].basis, "Client's authorization", "the note shows the conversation");

    let private = note(&mut session, c, NoteKind::Progress, "2026-03-05", "Her marriage", DisclosureStatus::Private);
    let about_private = RecordedDisclosure { note_ids: vec![private], ..call(a.id) };
    assert!(
        release::record_disclosure(&mut session, &about_private, today()).is_err(),
        "her authorization does not cover a Private note"
    );
}

#[test]
fn a_disclosure_recorded_afterwards_reaches_a_psychotherapy_note_only_as_a_release_would() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let process =
        note(&mut session, c, NoteKind::Psychotherapy, "2026-03-05", "My process", DisclosureStatus::Protected);
    let record = |basis, confirm_psychotherapy_notes| RecordedDisclosure {
        client_id: c,
        basis: Some(basis),
        date: "2026-03-09".into(),
        time: "10:00".into(),
        recipient_name: "Recipient".into(),
        description: "What was said".into(),
        note_ids: vec![process],
        client_informed: told_today(),
        confirm_psychotherapy_notes,
        ..Default::default()
    };
    let Err(DisclosureError::Invalid(problems)) =
        release::record_disclosure(&mut session, &record(LegalBasis::MandatedChildAbuseReport, true), today())
    else {
        panic!("a mandated report was recorded as disclosing a psychotherapy note");
    };
    assert_eq!(problems[0].field, "noteIds");
    let Err(DisclosureError::Invalid(problems)) =
        release::record_disclosure(&mut session, &record(LegalBasis::DutyToWarn, false), today())
    else {
        panic!("recorded without the second confirmation");
    };
    assert_eq!(problems[0].field, "confirmPsychotherapyNotes");
    assert!(ledger::entries_for_client(session.conn(), c).expect("ledger").is_empty());
    release::record_disclosure(&mut session, &record(LegalBasis::DutyToWarn, true), today()).expect("recorded");
}

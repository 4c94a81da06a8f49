//! The money's papers (docs/DOMAIN.md section 12) read back with pdftotext: the superbill and the
//! Good Faith Estimate hold each element the section lists, the receipt and the statement their
//! amounts; each is a disclosure to the client on the ledger (exempt from the accounting); an
//! estimate is kept as issued, and Today's reminders say when one is needed or was passed by
//! $400.

use crate::common;
use crate::pdf_support;

use chrono::NaiveDate;
use common::TestVault;
use confidant_core::clinical::diagnoses::{self, DiagnosisStatus, NewDiagnosis};
use confidant_core::consent::profile;
use confidant_core::consent::signatures::SignedBy;
use confidant_core::disclosure::authorizations::{self, AuthorizationInput};
use confidant_core::disclosure::gate::{Item, ItemKey};
use confidant_core::disclosure::printing::Destination;
use confidant_core::disclosure::release::{self, ReleaseRequest};
use confidant_core::disclosure::{billing, Category, DisclosureError};
use confidant_core::ledger::{self, EntryKind as LedgerKind};
use confidant_core::money::entries::{self, NewCharge, NewPayment};
use confidant_core::money::estimates::{self, EstimateInput, EstimateReminder, ItemInput, ReminderKind};
use confidant_core::money::fees::{self, Billing, NewFee, TelehealthPlace};
use confidant_core::money::papers::{self, PracticeBilling};
use confidant_core::money::{Method, Service};
use confidant_core::notes::{self, Attendance, Modality, SessionFields};
use confidant_core::register::{self, ClientFields, ClientStatus, Contact, Location};
use confidant_core::vault::Session;
use confidant_core::ApiError;

fn day(date: &str) -> NaiveDate {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date")
}

fn today() -> NaiveDate {
    day("2026-07-01")
}

/// A practice with her NPI and tax ID, her fees, and a client with two diagnoses, an address,
/// an office session, a video session from home and one from her office, and a payment.
fn practice_with_a_client(session: &mut Session) -> i64 {
    profile::save(session, &profile::sample()).expect("profile");
    papers::set_practice_billing(session, &PracticeBilling { npi: "1234567893".into(), tax_id: "12-3456789".into() })
        .expect("billing");
    let fee = |service: Service, cents: i64| NewFee {
        service,
        code: service.default_code().into(),
        label: service.default_label().into(),
        cents,
        effective_from: "2026-01-01".into(),
    };
    fees::set_fees(session, &[fee(Service::Intake, 22_000), fee(Service::Psychotherapy45, 18_000)]).expect("fees");
    let fields = ClientFields {
        legal_name: "Maya Lindqvist".into(),
        date_of_birth: "1990-04-02".into(),
        contact: Contact { address: "18 Quarry Lane, Columbia, MO 65203".into(), ..Default::default() },
        ..Default::default()
    };
    let c = register::create(session, &fields, ClientStatus::Active, true, day("2026-01-05")).expect("client").id;
    for (code, primary) in [("F53.0", true), ("F41.1", false)] {
        let new = NewDiagnosis {
            client_id: c,
            code: code.into(),
            status: DiagnosisStatus::Working,
            from_on: "2026-03-02".into(),
            to_on: None,
            primary,
        };
        diagnoses::record(session, &new, today()).expect("diagnosis");
    }
    let held = |session: &mut Session, date: &str, modality: Modality| {
        let fields = SessionFields {
            date: date.into(),
            start_time: "10:00".into(),
            end_time: "10:50".into(),
            modality,
            attendance: Attendance::Attended,
            location: Location { state: "MO".into(), city: String::new() },
            ..Default::default()
        };
        notes::create_session(session, c, &fields, today().and_hms_opt(18, 0, 0).expect("now")).expect("session");
    };
    held(session, "2026-03-02", Modality::InPerson);
    held(session, "2026-03-09", Modality::Video);
    entries::post_charges(session, Some(c), today()).expect("posted");
    fees::set_billing(session, c, Billing { self_pay: true, telehealth_place: TelehealthPlace::Elsewhere })
        .expect("billing");
    held(session, "2026-03-16", Modality::Video);
    entries::post_charges(session, Some(c), today()).expect("posted");
    let payment = NewPayment {
        client_id: c,
        on_date: "2026-03-16".into(),
        cents: 25_000,
        method: Method::Card,
        reference: String::new(),
    };
    entries::record_payment(session, &payment, today()).expect("payment");
    c
}

/// The PDF's words in one line.
fn words(path: &std::path::Path, name: &str) -> String {
    let pdf = pdf_support::save(name, &std::fs::read(path).expect("pdf"));
    pdf_support::tool("pdftotext", &[&pdf, "-"]).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_holds(text: &str, paper: &str, elements: &[(&str, &str)]) {
    let missing: Vec<String> =
        elements.iter().filter(|(_, s)| !text.contains(s)).map(|(what, s)| format!("{what} ({s})")).collect();
    assert!(missing.is_empty(), "the {paper} lacks: {}\n{text}", missing.join(", "));
}

#[test]
fn a_superbill_holds_every_element_an_insurer_asks_for() {
    let (t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    let out = t.temp.path().join("superbill.pdf");
    billing::superbill(&mut session, c, day("2026-03-01"), day("2026-03-31"), Destination::File(&out), today())
        .expect("superbill");
    let text = words(&out, "money-superbill");
    assert_holds(
        &text,
        "superbill",
        &[
            ("therapist name", "Dr. Maren Holloway"),
            ("credentials", "PhD, LPC"),
            ("license number", "LPC 2014028917 (MO)"),
            ("NPI", "NPI 1234567893"),
            ("tax ID", "Tax ID 12-3456789"),
            ("address", "410 Alder Street, Suite 3, Columbia, MO 65201"),
            ("phone", "(573) 555-0143"),
            ("client name", "Maya Lindqvist"),
            ("client date of birth", "April 2, 1990"),
            ("client address", "18 Quarry Lane, Columbia, MO 65203"),
            ("office, in person", "2026-03-02 · POS 11 · CPT 90834 · mod —"),
            ("telehealth at home, modifier 95", "2026-03-09 · POS 10 · CPT 90834 · mod 95"),
            ("telehealth elsewhere", "2026-03-16 · POS 02 · CPT 90834 · mod 95"),
            ("diagnosis codes with pointers", "A. F53.0"),
            ("the second diagnosis", "B. F41.1"),
            ("pointers on each line", "Dx A,B"),
            ("units", "1 unit"),
            ("fee and paid in full", "fee $180.00 · paid $180.00"),
            ("paid in part", "fee $180.00 · paid $70.00"),
            ("unpaid", "fee $180.00 · paid $0.00"),
            ("totals", "Total fees $540.00 Total paid $250.00 Balance $290.00"),
            ("signature line", "Signature: Dr. Maren Holloway, PhD, LPC"),
            ("date prepared", "Prepared on July 1, 2026"),
        ],
    );
    let entry = ledger::entries_for_client(session.conn(), c).expect("ledger").pop().expect("an entry");
    assert_eq!((entry.kind, entry.accountable), (LedgerKind::Billing, false), "to the client: exempt");
    assert!(entry.description.starts_with("Superbill for services from March 1, 2026"), "{}", entry.description);
}

#[test]
fn a_good_faith_estimate_holds_every_element_of_the_rule_and_is_kept_as_issued() {
    let (t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    let input = EstimateInput {
        client_id: c,
        period_from: "2026-07-06".into(),
        months: 12,
        items: vec![
            ItemInput { service: Service::Intake, count: 1 },
            ItemInput { service: Service::Psychotherapy45, count: 40 },
        ],
    };
    let out = t.temp.path().join("estimate.pdf");
    billing::issue_estimate(&mut session, &input, Destination::File(&out), today()).expect("issued");
    let text = words(&out, "money-estimate");
    assert_holds(
        &text,
        "estimate",
        &[
            ("client name", "Maya Lindqvist"),
            ("client date of birth", "Date of birth: April 2, 1990"),
            ("the service in plain words", "Outpatient psychotherapy (talk therapy)"),
            ("the period, up to 12 months", "from July 6, 2026 to July 5, 2027"),
            (
                "itemised with service codes and charges",
                "Intake assessment (service code 90791): 1 × $220.00 = $220.00",
            ),
            ("recurring sessions", "(service code 90834): 40 × $180.00 = $7,200.00"),
            ("diagnosis codes", "Diagnosis codes: F53.0, F41.1"),
            ("total", "Total estimated charges: $7,420.00"),
            ("provider name", "Dr. Maren Holloway"),
            ("NPI and tax ID", "NPI 1234567893 Tax ID 12-3456789"),
            ("location", "410 Alder Street, Suite 3, Columbia, MO 65201"),
            ("other services need their own estimate", "will have their own estimate"),
            ("only an estimate", "This is only an estimate"),
            ("not a contract", "is not a contract and does not require you to obtain"),
            ("the $400 dispute right", "$400 or more above"),
            ("how to start it", "120 calendar days"),
            ("where to learn more", "www.cms.gov/nosurprises"),
            ("keep a copy", "Keep a copy"),
        ],
    );
    fees::set_fees(
        &mut session,
        &[NewFee {
            service: Service::Psychotherapy45,
            code: "90834".into(),
            label: "Therapy session, 45 minutes".into(),
            cents: 20_000,
            effective_from: "2026-06-01".into(),
        }],
    )
    .expect("a raise");
    let issued = estimates::list(session.conn(), c).expect("estimates");
    assert_eq!(issued.len(), 1);
    assert_eq!((issued[0].version, issued[0].issued_on.as_str(), issued[0].total_cents), (1, "2026-07-01", 742_000));
    let again = t.temp.path().join("again.pdf");
    billing::reprint_estimate(&mut session, issued[0].id, Destination::File(&again), today()).expect("reprinted");
    assert!(words(&again, "money-estimate-again").contains("Total estimated charges: $7,420.00"), "as issued");
    assert!(session.conn().execute("UPDATE estimates SET total_cents = 1", []).is_err(), "kept as issued");
    billing::issue_estimate(&mut session, &input, Destination::File(&out), today()).expect("a second estimate");
    let versions: Vec<(u32, i64)> =
        estimates::list(session.conn(), c).expect("estimates").iter().map(|e| (e.version, e.total_cents)).collect();
    assert_eq!(versions, [(2, 22_000 + 40 * 20_000), (1, 742_000)], "the new one at the new fee");
}

#[test]
fn an_estimate_beyond_twelve_months_or_without_fees_is_refused_and_nothing_is_recorded() {
    let (t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    let out = t.temp.path().join("estimate.pdf");
    let mut input = EstimateInput {
        client_id: c,
        period_from: "2026-07-06".into(),
        months: 13,
        items: vec![ItemInput { service: Service::Psychotherapy45, count: 40 }],
    };
    let refused: ApiError =
        billing::issue_estimate(&mut session, &input, Destination::File(&out), today()).expect_err("13 months").into();
    assert_eq!(refused.fields[0].field, "months");
    input.months = 12;
    input.items = vec![ItemInput { service: Service::Crisis60, count: 1 }];
    assert!(billing::issue_estimate(&mut session, &input, Destination::File(&out), today()).is_err(), "no fee");
    assert!(estimates::list(session.conn(), c).expect("estimates").is_empty());
    assert!(!out.exists());
    let ledger = ledger::entries_for_client(session.conn(), c).expect("ledger");
    assert!(ledger.is_empty(), "nothing on the ledger");
}

/// Her fees for every session she gives from the new year (and a late cancellation's).
fn every_fee(session: &mut Session) {
    let fee = |service: Service, cents: i64| NewFee {
        service,
        code: service.default_code().into(),
        label: service.default_label().into(),
        cents,
        effective_from: "2026-01-01".into(),
    };
    fees::set_fees(
        session,
        &[
            fee(Service::Psychotherapy30, 12_050),
            fee(Service::Psychotherapy60, 23_000),
            fee(Service::FamilyWithoutClient, 19_000),
            fee(Service::FamilyWithClient, 20_000),
            fee(Service::LateCancel, 9_000),
        ],
    )
    .expect("fees");
}

#[test]
fn an_estimate_offers_every_session_she_has_a_fee_for_and_prices_each_line_and_the_total() {
    let (_t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    every_fee(&mut session);
    let offered: Vec<(Service, i64)> = estimates::offer(session.conn(), c, day("2026-07-06"))
        .expect("offer")
        .into_iter()
        .map(|f| (f.service, f.cents))
        .collect();
    assert_eq!(
        offered,
        [
            (Service::Intake, 22_000),
            (Service::Psychotherapy30, 12_050),
            (Service::Psychotherapy45, 18_000),
            (Service::Psychotherapy60, 23_000),
            (Service::FamilyWithoutClient, 19_000),
            (Service::FamilyWithClient, 20_000),
        ],
        "no crisis session without its fee, never a late cancellation"
    );
    let input = EstimateInput {
        client_id: c,
        period_from: "2026-07-06".into(),
        months: 6,
        items: vec![
            ItemInput { service: Service::Intake, count: 1 },
            ItemInput { service: Service::Psychotherapy30, count: 3 },
            ItemInput { service: Service::Psychotherapy60, count: 20 },
            ItemInput { service: Service::FamilyWithClient, count: 2 },
        ],
    };
    let paper = estimates::draft(session.conn(), &input, today()).expect("draft");
    let lines: Vec<(&str, u32, i64, i64)> =
        paper.items.iter().map(|i| (i.code.as_str(), i.count, i.fee_cents, i.total_cents)).collect();
    assert_eq!(
        lines,
        [
            ("90791", 1, 22_000, 22_000),
            ("90832", 3, 12_050, 36_150),
            ("90837", 20, 23_000, 460_000),
            ("90847", 2, 20_000, 40_000)
        ]
    );
    assert_eq!(paper.total_cents, 22_000 + 36_150 + 460_000 + 40_000);
}

#[test]
fn an_estimate_under_a_sliding_scale_prices_each_session_at_her_fee_for_the_client() {
    let (_t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    every_fee(&mut session);
    fees::set_sliding_fee(&mut session, c, Some(9_550), "2026-07-01").expect("sliding scale");
    let offered: Vec<i64> =
        estimates::offer(session.conn(), c, day("2026-07-06")).expect("offer").iter().map(|f| f.cents).collect();
    assert_eq!(offered, [9_550; 6]);
    let input = EstimateInput {
        client_id: c,
        period_from: "2026-07-06".into(),
        months: 12,
        items: vec![
            ItemInput { service: Service::Psychotherapy45, count: 30 },
            ItemInput { service: Service::FamilyWithoutClient, count: 3 },
        ],
    };
    let paper = estimates::draft(session.conn(), &input, today()).expect("draft");
    let lines: Vec<(u32, i64, i64)> = paper.items.iter().map(|i| (i.count, i.fee_cents, i.total_cents)).collect();
    assert_eq!(lines, [(30, 9_550, 286_500), (3, 9_550, 28_650)]);
    assert_eq!(paper.total_cents, 315_150);
    // Before the sliding scale began, her own fees.
    let earlier = EstimateInput { period_from: "2026-06-01".into(), ..input };
    assert_eq!(
        estimates::draft(session.conn(), &earlier, today()).expect("draft").total_cents,
        30 * 18_000 + 3 * 19_000
    );
}

#[test]
fn an_estimate_of_a_service_without_a_fee_or_of_a_missed_appointment_is_refused_by_name() {
    let (t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    every_fee(&mut session);
    let out = t.temp.path().join("estimate.pdf");
    let mut refused = |service: Service| -> ApiError {
        let input = EstimateInput {
            client_id: c,
            period_from: "2026-07-06".into(),
            months: 12,
            items: vec![ItemInput { service: Service::Psychotherapy45, count: 40 }, ItemInput { service, count: 1 }],
        };
        billing::issue_estimate(&mut session, &input, Destination::File(&out), today()).expect_err("refused").into()
    };
    let no_fee = refused(Service::Crisis60);
    assert_eq!(no_fee.fields[0].field, "items");
    assert_eq!(
        no_fee.fields[0].message,
        "Crisis session, first hour has no fee yet: set one in Settings, Fees, or leave it out."
    );
    let missed = refused(Service::LateCancel);
    assert_eq!(
        missed.fields[0].message,
        "An estimate lists expected sessions, not late cancellations or missed appointments."
    );
    assert!(estimates::list(session.conn(), c).expect("estimates").is_empty());
    assert!(!out.exists());
}

#[test]
fn today_reminds_her_of_an_estimate_needed_and_of_charges_400_dollars_past_one() {
    let (t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    let fields = SessionFields {
        date: "2026-07-08".into(),
        start_time: "10:00".into(),
        end_time: "10:50".into(),
        ..Default::default()
    };
    notes::create_session(&mut session, c, &fields, today().and_hms_opt(9, 0, 0).expect("now")).expect("booked");
    let code = register::get(session.conn(), c).expect("client").code;
    assert_eq!(
        estimates::reminders(session.conn(), today()).expect("reminders"),
        [EstimateReminder {
            kind: ReminderKind::Needed,
            client_id: c,
            code: code.clone(),
            next_on: Some("2026-07-08".into()),
            // Booked today, Wednesday 1 July, 5 business days ahead: due the next business day.
            due_on: Some("2026-07-02".into()),
            overdue: false,
            version: None,
            by_cents: None
        }]
    );
    fees::set_billing(&mut session, c, Billing { self_pay: false, telehealth_place: TelehealthPlace::Home })
        .expect("billed to her insurer");
    assert!(estimates::reminders(session.conn(), today()).expect("reminders").is_empty());
    fees::set_billing(&mut session, c, Billing::default()).expect("self-pay again");
    let view = confidant_core::today::today_view(session.conn(), today(), false).expect("today");
    assert_eq!(
        view.estimates[0].what,
        "Good Faith Estimate needed (self-pay, appointment 8 Jul 2026), due by 2 Jul 2026"
    );

    // An estimate of March: two sessions ($360); three were charged ($540), then $399.99 more.
    let input = EstimateInput {
        client_id: c,
        period_from: "2026-03-01".into(),
        months: 12,
        items: vec![ItemInput { service: Service::Psychotherapy45, count: 2 }],
    };
    let out = t.temp.path().join("estimate.pdf");
    billing::issue_estimate(&mut session, &input, Destination::File(&out), today()).expect("issued");
    let extra = |cents: i64| NewCharge {
        client_id: c,
        on_date: "2026-06-30".into(),
        service: Service::Psychotherapy45,
        cents: Some(cents),
        modality: Modality::InPerson,
    };
    entries::charge(&mut session, &extra(21_999), today()).expect("charge");
    assert!(estimates::reminders(session.conn(), today()).expect("reminders").is_empty(), "$399.99 over: not yet");
    entries::charge(&mut session, &extra(1), today()).expect("one cent more");
    assert_eq!(
        estimates::reminders(session.conn(), today()).expect("reminders"),
        [EstimateReminder {
            kind: ReminderKind::Exceeded,
            client_id: c,
            code,
            next_on: None,
            due_on: None,
            overdue: false,
            version: Some(1),
            by_cents: Some(40_000)
        }]
    );
    let view = confidant_core::today::today_view(session.conn(), today(), false).expect("today");
    let whats: Vec<(&str, bool)> = view.estimates.iter().map(|t| (t.what.as_str(), t.urgent)).collect();
    assert_eq!(whats, [("Charges passed Good Faith Estimate no. 1 by $400.00: she may dispute the bill", true)]);
}

#[test]
fn a_receipt_and_a_statement_give_the_amounts_and_go_on_the_ledger() {
    let (t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    let account = entries::account(session.conn(), c).expect("account");
    let payment = account.entries.iter().find(|e| e.method.is_some()).expect("payment").id;
    let out = t.temp.path().join("receipt.pdf");
    billing::receipt(&mut session, payment, Destination::File(&out), today()).expect("receipt");
    let text = words(&out, "money-receipt");
    assert_holds(
        &text,
        "receipt",
        &[
            ("number", &format!("Receipt no. {payment}")),
            ("from", "Received from: Maya Lindqvist"),
            ("amount and date", "$250.00 received on March 16, 2026"),
            ("method", "Paid by: Card"),
            ("balance", "Balance on July 1, 2026: $290.00"),
        ],
    );
    let out = t.temp.path().join("statement.pdf");
    billing::statement(&mut session, c, "2026-03", Destination::File(&out), today()).expect("statement");
    let text = words(&out, "money-statement");
    assert_holds(
        &text,
        "statement",
        &[
            ("month", "Statement for March 2026"),
            ("opening", "Balance on March 1, 2026: $0.00"),
            ("a charge", "March 2, 2026 Therapy session, 45 minutes (90834) $180.00"),
            ("a payment", "March 16, 2026 Payment, Card -$250.00"),
            ("due", "Balance due: $290.00"),
        ],
    );
    let kinds: Vec<LedgerKind> =
        ledger::entries_for_client(session.conn(), c).expect("ledger").iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [LedgerKind::Billing, LedgerKind::Billing]);
    assert!(
        billing::receipt(&mut session, account.entries[0].id, Destination::File(&out), today()).is_err(),
        "a charge has no receipt"
    );
}

#[test]
fn her_record_copy_holds_no_amount_unless_she_asks_for_her_billing_records() {
    let (t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    let out = t.temp.path().join("record.pdf");
    release::record_copy(&mut session, c, false, Destination::File(&out), today()).expect("record copy");
    let text = words(&out, "money-record-copy-without-billing");
    assert!(!text.contains('$') && !text.contains("Billing records"), "no amount unless asked: {text}");
    let out = t.temp.path().join("record-with-billing.pdf");
    release::record_copy(&mut session, c, true, Destination::File(&out), today()).expect("record copy");
    let text = words(&out, "money-record-copy-with-billing");
    assert_holds(
        &text,
        "record copy with billing",
        &[
            ("heading", "Billing records"),
            (
                "a charge with code, label and balance",
                "March 2, 2026: Therapy session, 45 minutes (90834); charged $180.00; balance $180.00.",
            ),
            ("the payment", "March 16, 2026: Payment, Card; paid $250.00; balance $290.00."),
        ],
    );
    let second = &ledger::entries_for_client(session.conn(), c).expect("ledger")[1];
    assert!(second.description.contains("Billing records"), "the ledger says billing went: {}", second.description);
}

#[test]
fn an_authorization_that_does_not_name_billing_cannot_release_it_and_one_that_does_keeps_to_its_dates() {
    let (t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    let authorize = |session: &mut Session, categories: Vec<Category>, covers_to: Option<&str>| -> i64 {
        let input = AuthorizationInput {
            client_id: c,
            recipient_name: "Dr. Ada Lee".into(),
            categories,
            purpose: "Her claim".into(),
            effective_on: "2026-06-01".into(),
            expires_on: Some("2026-12-31".into()),
            covers_to: covers_to.map(Into::into),
            ..Default::default()
        };
        let a = authorizations::create(session, &input, today()).expect("authorization");
        authorizations::sign(session, a.id, "2026-06-15", SignedBy::Client, today()).expect("signed").id
    };
    let attendance_only = authorize(&mut session, vec![Category::AttendanceDates], None);
    let request = ReleaseRequest { client_id: c, authorization_id: Some(attendance_only), ..Default::default() };
    let preview = release::preview(session.conn(), &request, today()).expect("preview");
    let billing: Vec<_> = preview.items.iter().filter(|p| matches!(p.item, Item::Billing { .. })).collect();
    assert_eq!(billing.len(), 4, "three charges and a payment are listed");
    assert!(billing.iter().all(|p| !p.may_go), "none may go under an authorization that does not name billing");
    let charge = billing[0].item.key().expect("key");
    let out = t.temp.path().join("refused.pdf");
    let refused = ReleaseRequest { picked: vec![charge], ..request };
    let result = release::release(&mut session, &refused, Destination::File(&out), today());
    assert!(matches!(result, Err(DisclosureError::Invalid(_))), "ticked but not authorized: nothing goes");
    assert!(!out.exists());

    // Billing named, for the dates of service up to 9 March: two charges may go, not the rest.
    let billing_to_march_9 = authorize(&mut session, vec![Category::Billing], Some("2026-03-09"));
    let request = ReleaseRequest { client_id: c, authorization_id: Some(billing_to_march_9), ..Default::default() };
    let preview = release::preview(session.conn(), &request, today()).expect("preview");
    let going: Vec<ItemKey> = preview.items.iter().filter(|p| p.may_go).filter_map(|p| p.item.key()).collect();
    assert_eq!(going.len(), 2, "{:?}", preview.items);
    let out = t.temp.path().join("billing.pdf");
    let request = ReleaseRequest { picked: going, ..request };
    release::release(&mut session, &request, Destination::File(&out), today()).expect("released");
    let text = words(&out, "money-release-billing");
    assert!(
        text.contains("March 9, 2026: Therapy session, 45 minutes (90834); charged $180.00; balance $360.00."),
        "{text}"
    );
    assert!(!text.contains("$250.00"), "the payment of 16 March is outside the dates: {text}");
}

#[test]
fn a_booking_is_dated_by_the_clock_it_was_made_with_so_a_test_clock_ahead_finds_it_due_not_overdue() {
    let (_t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    // The practice's clock says Monday 3 March 2031, years ahead of this computer's (as the
    // end-to-end tests' fixed clock is): she books an appointment five weeks ahead.
    let monday = day("2031-03-03");
    let fields = SessionFields {
        date: "2031-04-07".into(),
        start_time: "10:00".into(),
        end_time: "10:50".into(),
        ..Default::default()
    };
    let booked = notes::create_session(&mut session, c, &fields, monday.and_hms_opt(9, 0, 0).expect("now"));
    let booked = booked.expect("booked");
    let created_at: String = session
        .conn()
        .query_row("SELECT created_at FROM sessions WHERE id = ?1", [booked.id], |r| r.get(0))
        .expect("created");
    assert_eq!(created_at, "2031-03-03T15:00:00.000Z", "9:00 in Columbia, Missouri (UTC-6)");
    let reminder = estimates::reminders(session.conn(), monday).expect("reminders").pop().expect("a reminder");
    assert_eq!((reminder.due_on.as_deref(), reminder.overdue), (Some("2031-03-06"), false));
}

#[test]
fn today_sees_charges_due_for_sessions_attended_since_even_if_her_page_was_never_opened() {
    let (t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    // An estimate of March: two sessions, $360; three were charged already ($540, $180 over).
    let input = EstimateInput {
        client_id: c,
        period_from: "2026-03-01".into(),
        months: 12,
        items: vec![ItemInput { service: Service::Psychotherapy45, count: 2 }],
    };
    billing::issue_estimate(&mut session, &input, Destination::File(&t.temp.path().join("gfe.pdf")), today())
        .expect("issued");
    // Two more sessions in June, attended; nobody opened her page since, so nothing posted them.
    for date in ["2026-06-22", "2026-06-29"] {
        let fields = SessionFields {
            date: date.into(),
            start_time: "10:00".into(),
            end_time: "10:50".into(),
            attendance: Attendance::Attended,
            location: Location { state: "MO".into(), city: String::new() },
            ..Default::default()
        };
        notes::create_session(&mut session, c, &fields, today().and_hms_opt(9, 0, 0).expect("now")).expect("held");
    }
    let view = confidant_core::today::today_view_of(&mut session, today(), false).expect("today");
    let whats: Vec<&str> = view.estimates.iter().map(|t| t.what.as_str()).collect();
    assert_eq!(whats, ["Charges passed Good Faith Estimate no. 1 by $540.00: she may dispute the bill"]);
}

#[test]
fn today_says_by_when_an_estimate_is_due_and_marks_it_overdue_past_that_day() {
    let (_t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    // Booked today for two months ahead: due within 3 business days.
    let booked = chrono::Utc::now().date_naive();
    let fields = SessionFields {
        date: (booked + chrono::Days::new(60)).to_string(),
        start_time: "10:00".into(),
        end_time: "10:50".into(),
        ..Default::default()
    };
    notes::create_session(&mut session, c, &fields, booked.and_hms_opt(9, 0, 0).expect("now")).expect("booked");
    let on = |day: NaiveDate| {
        let view = confidant_core::today::today_view(session.conn(), day, false).expect("today");
        let todo = view.estimates.into_iter().next().expect("an estimate is needed");
        (todo.what, todo.urgent)
    };
    let (what, urgent) = on(booked);
    assert!(what.contains(", due by ") && !what.contains("overdue") && !urgent, "{what}");
    let (what, urgent) = on(booked + chrono::Days::new(10));
    assert!(what.contains(", overdue: due by ") && urgent, "ten days later it is overdue: {what}");
}

#[test]
fn a_client_who_asks_for_an_estimate_gets_a_reminder_due_in_three_business_days_until_one_is_issued() {
    let (t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    let thursday = day("2026-07-09");
    let due = estimates::record_request(&mut session, c, thursday).expect("her request");
    assert_eq!(due, day("2026-07-14"), "Thursday's request is due the next Tuesday");
    let needed = |session: &Session, on: NaiveDate| {
        confidant_core::today::today_view(session.conn(), on, false)
            .expect("today")
            .estimates
            .into_iter()
            .map(|todo| (todo.what, todo.urgent))
            .collect::<Vec<_>>()
    };
    let before = needed(&session, thursday);
    assert_eq!(before.len(), 1, "{before:?}");
    assert!(
        before[0].0.contains("she asked for one") && before[0].0.contains(", due by ") && !before[0].1,
        "{before:?}"
    );
    let late = needed(&session, day("2026-07-15"));
    assert!(late[0].0.contains("overdue") && late[0].1, "past Tuesday it is overdue: {late:?}");

    let input = EstimateInput {
        client_id: c,
        period_from: "2026-07-13".into(),
        months: 3,
        items: vec![ItemInput { service: Service::Psychotherapy45, count: 12 }],
    };
    let out = t.temp.path().join("estimate.pdf");
    billing::issue_estimate(&mut session, &input, Destination::File(&out), day("2026-07-13")).expect("issued");
    assert!(needed(&session, day("2026-07-13")).is_empty(), "issued: nothing left to remind");
}

#[test]
fn a_request_for_an_estimate_is_refused_for_a_client_billed_to_her_insurer_or_not_in_the_register() {
    let (_t, mut session) = TestVault::new();
    let c = practice_with_a_client(&mut session);
    fees::set_billing(&mut session, c, Billing { self_pay: false, telehealth_place: TelehealthPlace::Home })
        .expect("insured");
    let refused: ApiError = estimates::record_request(&mut session, c, today()).expect_err("insured").into();
    assert!(refused.message.contains("billed to her insurer"), "{}", refused.message);
    let missing: ApiError = estimates::record_request(&mut session, 9_999, today()).expect_err("nobody").into();
    assert!(missing.message.contains("not in the register"), "{}", missing.message);
    let kept: i64 =
        session.conn().query_row("SELECT count(*) FROM estimate_requests", [], |r| r.get(0)).expect("count");
    assert_eq!(kept, 0, "a refused request writes nothing");
}

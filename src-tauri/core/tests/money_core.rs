//! The money (docs/DOMAIN.md section 12) through the core: fees from a date, charges posted from
//! attendance (her late-cancel and no-show fees, the sliding scale), waivers, payments,
//! reversals, balances that are always the sum of their entries, the outstanding total, income
//! per month and year, and the accountant's CSV with client codes only.

use crate::common;

use chrono::{NaiveDate, NaiveDateTime};
use common::TestVault;
use confidant_core::audit;
use confidant_core::money::entries::{self, NewCharge, NewPayment};
use confidant_core::money::fees::{self, Billing, NewFee, TelehealthPlace};
use confidant_core::money::{income, EntryKind, Method, Service};
use confidant_core::notes::{self, Attendance, Modality, SessionFields, SessionKind};
use confidant_core::register::{self, ClientFields, ClientStatus};
use confidant_core::vault::Session;
use confidant_core::ApiError;
use proptest::prelude::*;

fn day(date: &str) -> NaiveDate {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date")
}

/// Wednesday 1 July 2026, after every session of these tests.
fn today() -> NaiveDate {
    day("2026-07-01")
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(18, 0, 0).expect("now")
}

fn client(session: &mut Session, name: &str) -> i64 {
    let fields = ClientFields { legal_name: name.into(), date_of_birth: "1990-04-02".into(), ..Default::default() };
    register::create(session, &fields, ClientStatus::Active, true, day("2026-01-05")).expect("client").id
}

fn fee(service: Service, dollars: i64, from: &str) -> NewFee {
    NewFee {
        service,
        code: service.default_code().into(),
        label: service.default_label().into(),
        cents: dollars * 100,
        effective_from: from.into(),
    }
}

/// Her fees from the new year: $180 for 45 minutes, $220 for an intake, $90 for a late
/// cancellation; no fee for a no-show yet.
fn fees_of_the_year(session: &mut Session) {
    fees::set_fees(
        session,
        &[
            fee(Service::Intake, 220, "2026-01-01"),
            fee(Service::Psychotherapy45, 180, "2026-01-01"),
            fee(Service::Psychotherapy60, 230, "2026-01-01"),
            fee(Service::LateCancel, 90, "2026-01-01"),
        ],
    )
    .expect("fees");
}

fn held(session: &mut Session, client_id: i64, date: &str, attendance: Attendance) -> i64 {
    held_as(session, client_id, date, SessionKind::Individual, Modality::InPerson, attendance)
}

fn held_as(
    session: &mut Session,
    client_id: i64,
    date: &str,
    kind: SessionKind,
    modality: Modality,
    attendance: Attendance,
) -> i64 {
    let fields = SessionFields {
        date: date.into(),
        start_time: "10:00".into(),
        end_time: "10:50".into(),
        kind,
        modality,
        attendance,
        location: register::Location { state: "MO".into(), city: String::new() },
        ..Default::default()
    };
    notes::create_session(session, client_id, &fields, now()).expect("session").id
}

fn post(session: &mut Session) -> u32 {
    entries::post_charges(session, None, today()).expect("posted")
}

/// `(kind, cents, code)` of each entry of her account.
fn lines(session: &Session, client_id: i64) -> Vec<(EntryKind, i64, String)> {
    let account = entries::account(session.conn(), client_id).expect("account");
    account.entries.into_iter().map(|e| (e.kind, e.cents, e.code)).collect()
}

fn balance(session: &Session, client_id: i64) -> i64 {
    entries::account(session.conn(), client_id).expect("account").balance_cents
}

fn pay(session: &mut Session, client_id: i64, date: &str, cents: i64) -> i64 {
    let payment =
        NewPayment { client_id, on_date: date.into(), cents, method: Method::Check, reference: "1042".into() };
    entries::record_payment(session, &payment, today()).expect("payment").id
}

fn fields_of(error: impl Into<ApiError>) -> Vec<String> {
    error.into().fields.into_iter().map(|f| f.field).collect()
}

#[test]
fn attended_sessions_and_late_cancellations_are_charged_at_the_fee_of_their_day() {
    let (_t, mut session) = TestVault::new();
    fees_of_the_year(&mut session);
    fees::set_fees(&mut session, &[fee(Service::Psychotherapy45, 190, "2026-04-01")]).expect("a raise in April");
    let c = client(&mut session, "Maya Lindqvist");
    held_as(&mut session, c, "2026-03-02", SessionKind::Intake, Modality::InPerson, Attendance::Attended);
    held(&mut session, c, "2026-03-09", Attendance::Attended);
    held(&mut session, c, "2026-03-16", Attendance::LateCancel);
    held(&mut session, c, "2026-03-23", Attendance::NoShow);
    held(&mut session, c, "2026-03-30", Attendance::Cancelled);
    held(&mut session, c, "2026-04-06", Attendance::Attended);
    held_as(&mut session, c, "2026-04-13", SessionKind::Consultation, Modality::InPerson, Attendance::Attended);
    assert_eq!(post(&mut session), 4, "intake, two sessions and a late cancellation");
    assert_eq!(
        lines(&session, c),
        [
            (EntryKind::Charge, 22_000, "90791".into()),
            (EntryKind::Charge, 18_000, "90834".into()),
            (EntryKind::Charge, 9_000, String::new()),
            (EntryKind::Charge, 19_000, "90834".into()),
        ],
        "no fee for a no-show is her policy of not charging one; a consultation is not billed"
    );
    assert_eq!(post(&mut session), 0, "posting twice charges nothing twice");
    fees::set_fees(&mut session, &[fee(Service::Psychotherapy45, 200, "2026-03-01")]).expect("a backdated fee");
    post(&mut session);
    assert_eq!(balance(&session, c), 22_000 + 18_000 + 9_000 + 19_000, "past charges keep their amount");
}

#[test]
fn sessions_before_her_first_fee_are_not_charged() {
    let (_t, mut session) = TestVault::new();
    let c = client(&mut session, "Maya Lindqvist");
    held(&mut session, c, "2026-01-12", Attendance::Attended);
    fees::set_fees(&mut session, &[fee(Service::Psychotherapy45, 180, "2026-02-01")]).expect("fees");
    held(&mut session, c, "2026-02-02", Attendance::Attended);
    post(&mut session);
    assert_eq!(balance(&session, c), 18_000, "January was settled before the vault kept the money");
}

#[test]
fn a_sliding_scale_replaces_the_session_fee_and_a_missed_one_never_costs_more() {
    let (_t, mut session) = TestVault::new();
    fees_of_the_year(&mut session);
    let c = client(&mut session, "Maya Lindqvist");
    held(&mut session, c, "2026-02-02", Attendance::Attended);
    fees::set_sliding_fee(&mut session, c, Some(6_000), "2026-03-01").expect("sliding scale");
    held(&mut session, c, "2026-03-02", Attendance::Attended);
    held(&mut session, c, "2026-03-09", Attendance::LateCancel);
    fees::set_sliding_fee(&mut session, c, None, "2026-05-01").expect("back to her fees");
    held(&mut session, c, "2026-05-04", Attendance::Attended);
    post(&mut session);
    let cents: Vec<i64> = lines(&session, c).into_iter().map(|l| l.1).collect();
    assert_eq!(cents, [18_000, 6_000, 6_000, 18_000]);
}

#[test]
fn a_changed_attendance_reverses_its_charge_and_charges_what_happened() {
    let (_t, mut session) = TestVault::new();
    fees_of_the_year(&mut session);
    let c = client(&mut session, "Maya Lindqvist");
    let s = held(&mut session, c, "2026-03-09", Attendance::Attended);
    let gone = held(&mut session, c, "2026-03-16", Attendance::Attended);
    post(&mut session);
    let mut fields = notes::get_session(session.conn(), s).expect("session").fields;
    fields.attendance = Attendance::LateCancel;
    notes::update_session(&mut session, s, &fields, now()).expect("a late cancellation after all");
    notes::delete_session(&mut session, gone).expect("a mistaken entry");
    assert_eq!(post(&mut session), 3, "two reversals and the late cancellation's charge");
    assert_eq!(balance(&session, c), 9_000);
    let account = entries::account(session.conn(), c).expect("account");
    assert!(account.entries.iter().filter(|e| e.kind == EntryKind::Charge && e.cents == 18_000).all(|e| e.reversed));
    assert_eq!(post(&mut session), 0);
}

#[test]
fn a_waived_no_show_needs_a_reason_and_stays_waived() {
    let (_t, mut session) = TestVault::new();
    fees_of_the_year(&mut session);
    fees::set_fees(&mut session, &[fee(Service::NoShow, 180, "2026-01-01")]).expect("no-show fee");
    let c = client(&mut session, "Maya Lindqvist");
    held(&mut session, c, "2026-03-09", Attendance::NoShow);
    post(&mut session);
    let charge = entries::account(session.conn(), c).expect("account").entries[0].id;
    let refused = entries::waive(&mut session, charge, "  ", "2026-03-10", today()).expect_err("no reason");
    assert_eq!(fields_of(refused), ["reason"]);
    assert_eq!(balance(&session, c), 18_000, "a refusal changes nothing");
    entries::waive(&mut session, charge, "Her baby was in hospital", "2026-03-10", today()).expect("waived");
    assert_eq!(balance(&session, c), 0);
    post(&mut session);
    assert_eq!(balance(&session, c), 0, "posting again does not charge a waived no-show");
    let again = entries::waive(&mut session, charge, "twice", "2026-03-10", today());
    assert!(again.is_err(), "a charge is waived once");
    let account = entries::account(session.conn(), c).expect("account");
    assert_eq!((account.charged_cents, account.waived_cents, account.paid_cents), (18_000, 18_000, 0));
}

#[test]
fn a_reversal_corrects_an_entry_once_and_a_waived_charge_takes_its_waiver_with_it() {
    let (_t, mut session) = TestVault::new();
    fees_of_the_year(&mut session);
    let c = client(&mut session, "Maya Lindqvist");
    held(&mut session, c, "2026-03-09", Attendance::Attended);
    post(&mut session);
    let paid = pay(&mut session, c, "2026-03-09", 18_000);
    assert_eq!(balance(&session, c), 0);
    let reversal = entries::reverse(&mut session, paid, "The check bounced", "2026-03-20", today()).expect("reversed");
    assert_eq!((reversal.kind, reversal.cents, reversal.applies_to), (EntryKind::Reversal, 18_000, Some(paid)));
    assert_eq!(balance(&session, c), 18_000);
    assert!(entries::reverse(&mut session, paid, "again", "2026-03-20", today()).is_err(), "once");
    assert!(entries::reverse(&mut session, reversal.id, "undo", "2026-03-20", today()).is_err(), "not a reversal");

    let charge = entries::account(session.conn(), c).expect("account").entries[0].id;
    entries::waive(&mut session, charge, "Hardship", "2026-03-21", today()).expect("waived");
    entries::reverse(&mut session, charge, "Wrong client", "2026-03-22", today()).expect("charge reversed");
    assert_eq!(balance(&session, c), 0, "the waiver went with its charge");
    post(&mut session);
    assert_eq!(balance(&session, c), 0, "a charge she reversed is not posted again");
    let charge = NewCharge {
        client_id: c,
        on_date: "2026-03-09".into(),
        service: Service::Psychotherapy45,
        cents: Some(15_000),
        modality: Modality::InPerson,
    };
    entries::charge(&mut session, &charge, today()).expect("the right charge, by hand");
    assert_eq!(balance(&session, c), 15_000);
}

#[test]
fn bad_amounts_and_dates_are_refused_with_the_field_and_change_nothing() {
    let (_t, mut session) = TestVault::new();
    let c = client(&mut session, "Maya Lindqvist");
    let mut payment = NewPayment {
        client_id: c,
        on_date: "2026-03-09".into(),
        cents: 0,
        method: Method::Cash,
        reference: String::new(),
    };
    assert_eq!(fields_of(entries::record_payment(&mut session, &payment, today()).expect_err("zero")), ["cents"]);
    payment.cents = 100_000_001;
    assert_eq!(fields_of(entries::record_payment(&mut session, &payment, today()).expect_err("huge")), ["cents"]);
    payment.cents = 5_000;
    payment.on_date = "2026-07-02".into();
    assert_eq!(fields_of(entries::record_payment(&mut session, &payment, today()).expect_err("future")), ["onDate"]);
    let mut bad = fee(Service::Psychotherapy45, 180, "2026-01-01");
    bad.code = "9083".into();
    assert_eq!(
        fields_of(fees::set_fees(&mut session, &[fee(Service::Intake, 1, "2026-01-01"), bad]).expect_err("code")),
        ["code"]
    );
    assert!(fees::history(session.conn()).expect("fees").is_empty(), "all or none");
    let charge = NewCharge {
        client_id: c,
        on_date: "2026-03-09".into(),
        service: Service::Crisis60,
        cents: None,
        modality: Modality::InPerson,
    };
    assert_eq!(fields_of(entries::charge(&mut session, &charge, today()).expect_err("no fee")), ["cents"]);
    assert_eq!(balance(&session, c), 0);
}

#[test]
fn telehealth_is_billed_at_home_or_elsewhere_with_its_modifier() {
    let (_t, mut session) = TestVault::new();
    fees_of_the_year(&mut session);
    let c = client(&mut session, "Maya Lindqvist");
    held_as(&mut session, c, "2026-03-02", SessionKind::Individual, Modality::InPerson, Attendance::Attended);
    held_as(&mut session, c, "2026-03-09", SessionKind::Individual, Modality::Video, Attendance::Attended);
    post(&mut session);
    fees::set_billing(&mut session, c, Billing { self_pay: true, telehealth_place: TelehealthPlace::Elsewhere })
        .expect("billing");
    held_as(&mut session, c, "2026-03-16", SessionKind::Individual, Modality::Video, Attendance::Attended);
    held_as(&mut session, c, "2026-03-23", SessionKind::Individual, Modality::Phone, Attendance::Attended);
    post(&mut session);
    let account = entries::account(session.conn(), c).expect("account");
    let places: Vec<(&str, &str)> = account.entries.iter().map(|e| (e.place.as_str(), e.modifier.as_str())).collect();
    assert_eq!(places, [("11", ""), ("10", "95"), ("02", "95"), ("02", "93")]);
}

#[test]
fn the_money_tables_refuse_to_change_or_lose_an_entry() {
    let (_t, mut session) = TestVault::new();
    fees_of_the_year(&mut session);
    let c = client(&mut session, "Maya Lindqvist");
    pay(&mut session, c, "2026-03-09", 5_000);
    for sql in [
        "UPDATE money_entries SET cents = -1",
        "DELETE FROM money_entries",
        "UPDATE fees SET cents = 1",
        "DELETE FROM fees",
    ] {
        assert!(session.conn().execute(sql, []).is_err(), "{sql} is refused");
    }
    assert_eq!(balance(&session, c), -5_000);
}

#[test]
fn the_outstanding_total_adds_what_each_client_owes_and_keeps_credits_apart() {
    let (_t, mut session) = TestVault::new();
    fees_of_the_year(&mut session);
    let (a, b, credit) =
        (client(&mut session, "Maya Lindqvist"), client(&mut session, "Ruth Abara"), client(&mut session, "Ines Paz"));
    held(&mut session, a, "2026-03-09", Attendance::Attended);
    held(&mut session, b, "2026-03-09", Attendance::Attended);
    held(&mut session, b, "2026-03-16", Attendance::LateCancel);
    post(&mut session);
    pay(&mut session, b, "2026-03-16", 4_000);
    pay(&mut session, credit, "2026-03-16", 2_500);
    let outstanding = entries::outstanding(session.conn()).expect("outstanding");
    assert_eq!(outstanding.total_cents, 18_000 + 18_000 + 9_000 - 4_000);
    assert_eq!((outstanding.clients_owing, outstanding.credit_cents), (2, 2_500));
}

#[test]
fn income_counts_payments_on_the_day_received_and_the_months_add_up_to_the_year() {
    let (_t, mut session) = TestVault::new();
    fees_of_the_year(&mut session);
    let c = client(&mut session, "Maya Lindqvist");
    held(&mut session, c, "2026-01-12", Attendance::Attended);
    held(&mut session, c, "2026-02-09", Attendance::Attended);
    post(&mut session);
    pay(&mut session, c, "2026-01-12", 18_000);
    let bounced = pay(&mut session, c, "2026-02-09", 18_033);
    entries::reverse(&mut session, bounced, "The check bounced", "2026-03-02", today()).expect("reversed");
    let year = income::year(session.conn(), 2026).expect("income");
    assert_eq!(year.months[0].received_cents, 18_000);
    assert_eq!(year.months[1].received_cents, 18_033);
    assert_eq!(year.months[2].received_cents, -18_033, "a bounced check counts when it bounced");
    assert_eq!(year.months[1].charged_cents, 18_000);
    assert_eq!(year.total.received_cents, 18_000);
    assert_eq!(year.total.charged_cents, year.months.iter().map(|m| m.charged_cents).sum::<i64>());
    assert_eq!(income::year(session.conn(), 2025).expect("empty").total.received_cents, 0);
    assert_eq!(income::years(session.conn()).expect("years"), [2026]);
}

#[test]
fn the_accountants_csv_has_client_codes_only_and_its_export_is_audited() {
    let (t, mut session) = TestVault::new();
    let c = client(&mut session, "Maya Lindqvist");
    let code = register::get(session.conn(), c).expect("client").code;
    pay(&mut session, c, "2026-03-09", 18_050);
    let folder = t.temp.path().join("accountant");
    std::fs::create_dir(&folder).expect("folder");
    let (name, rows) = income::export(&mut session, &folder, day("2026-01-01"), day("2026-12-31")).expect("export");
    assert_eq!((name.as_str(), rows), ("confidant-income-2026-01-01-to-2026-12-31.csv", 1));
    let text = std::fs::read_to_string(folder.join(&name)).expect("csv");
    assert_eq!(text, format!("date,client,entry,method,amount\r\n2026-03-09,{code},payment,check,180.50\r\n"));
    assert!(!text.contains("Maya") && !text.contains("Lindqvist") && !text.contains("1990"));
    let (_, event, detail) = audit::recent(session.conn(), 1).expect("audit").remove(0);
    assert_eq!((event.as_str(), detail.as_str()), ("income_exported", "from=2026-01-01 to=2026-12-31 rows=1"));
    let (seq, _) = audit::head(session.conn()).expect("head");
    let missing = income::export(&mut session, &folder.join("nowhere"), day("2026-01-01"), day("2026-12-31"));
    assert_eq!(fields_of(missing.expect_err("no folder")), ["folder"]);
    assert_eq!(audit::head(session.conn()).expect("head").0, seq, "nothing recorded");
}

#[derive(Debug, Clone)]
enum Step {
    Attend(u8, u8),
    Pay(u8, i64),
    Waive(u8),
    Reverse(u8),
    Charge(u8, i64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u8..3, 0u8..3).prop_map(|(c, a)| Step::Attend(c, a)),
        (0u8..3, 1i64..40_000).prop_map(|(c, cents)| Step::Pay(c, cents)),
        any::<u8>().prop_map(Step::Waive),
        any::<u8>().prop_map(Step::Reverse),
        (0u8..3, 1i64..40_000).prop_map(|(c, cents)| Step::Charge(c, cents)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever she records, in whatever order, each balance is the sum of its entries and what
    /// stands of them (charged less paid less waived), and the outstanding total is the sum of
    /// the balances above zero: no rounding, no stored total to drift.
    #[test]
    fn a_balance_is_always_the_sum_of_its_entries(steps in proptest::collection::vec(step(), 1..30)) {
        let (_t, mut session) = TestVault::new();
        fees_of_the_year(&mut session);
        fees::set_fees(&mut session, &[fee(Service::NoShow, 125, "2026-01-01")]).expect("no-show fee");
        let clients = [client(&mut session, "Maya Lindqvist"), client(&mut session, "Ruth Abara"), client(&mut session, "Ines Paz")];
        let mut date = day("2026-01-05");
        for step in steps {
            date += chrono::Duration::days(1);
            let on = date.format("%Y-%m-%d").to_string();
            let all: Vec<i64> = clients.iter()
                .flat_map(|c| entries::account(session.conn(), *c).expect("account").entries)
                .map(|e| e.id).collect();
            let pick = |n: u8| all.get(usize::from(n) % all.len().max(1)).copied();
            match step {
                Step::Attend(c, a) => {
                    let attendance = [Attendance::Attended, Attendance::LateCancel, Attendance::NoShow][usize::from(a)];
                    held(&mut session, clients[usize::from(c)], &on, attendance);
                    post(&mut session);
                }
                Step::Pay(c, cents) => { pay(&mut session, clients[usize::from(c)], &on, cents); }
                Step::Waive(n) => if let Some(id) = pick(n) { let _ = entries::waive(&mut session, id, "Hardship", &on, today()); },
                Step::Reverse(n) => if let Some(id) = pick(n) { let _ = entries::reverse(&mut session, id, "Mistake", &on, today()); },
                Step::Charge(c, cents) => {
                    let charge = NewCharge { client_id: clients[usize::from(c)], on_date: on, service: Service::Crisis60, cents: Some(cents), modality: Modality::Video };
                    entries::charge(&mut session, &charge, today()).expect("charge");
                }
            }
        }
        let mut owed = 0;
        for c in clients {
            let account = entries::account(session.conn(), c).expect("account");
            let sum: i64 = account.entries.iter().map(|e| e.cents).sum();
            prop_assert_eq!(account.balance_cents, sum);
            prop_assert_eq!(account.balance_cents, account.charged_cents - account.paid_cents - account.waived_cents);
            owed += account.balance_cents.max(0);
        }
        prop_assert_eq!(entries::outstanding(session.conn()).expect("outstanding").total_cents, owed);
    }
}

#[test]
fn the_demo_practice_has_ten_years_of_money_open_balances_a_sliding_scale_a_waiver_and_a_passed_estimate() {
    use confidant_core::demo;
    use confidant_core::money::estimates::{self, ReminderKind};
    let (_t, mut session) = TestVault::new();
    let (seed, today) = (demo::DEMO_SEED, chrono::Local::now().date_naive());
    demo::generate_as_of(&mut session, 120, seed, today).expect("clients");
    demo::generate_notes(&mut session, seed, today).expect("notes");
    demo::generate_consent(&mut session, seed, today).expect("profile and consents");
    demo::generate_schedule(&mut session, seed, today).expect("schedule");
    demo::generate_money(&mut session, seed, today).expect("money");
    let count = |sql: &str| -> i64 { session.conn().query_row(sql, [], |r| r.get(0)).expect(sql) };
    assert_eq!(count("SELECT count(*) FROM fees"), 21, "seven fees, set three times");
    assert!(count("SELECT count(DISTINCT substr(on_date, 1, 4)) FROM money_entries WHERE kind = 'charge'") >= 10);
    assert!(count("SELECT count(*) FROM money_entries WHERE kind = 'payment'") > 100);
    assert_eq!(count("SELECT count(*) FROM sliding_fees"), 1);
    assert_eq!(count("SELECT count(*) FROM money_entries WHERE kind = 'waiver'"), 1);
    assert!(entries::outstanding(session.conn()).expect("outstanding").clients_owing >= 2, "a few open balances");
    let reminders = estimates::reminders(session.conn(), today).expect("reminders");
    let needed = reminders.iter().filter(|r| r.kind == ReminderKind::Needed).count();
    let passed = reminders.iter().filter(|r| r.kind == ReminderKind::Exceeded).count();
    assert_eq!((needed, passed), (1, 1), "{reminders:?}");
    assert_eq!(entries::post_charges(&mut session, None, today).expect("posted"), 0, "every charge is posted");
}

#[test]
fn destroying_a_record_past_retention_takes_its_money_with_it() {
    let (_t, mut session) = TestVault::new();
    fees_of_the_year(&mut session);
    let c = client(&mut session, "Maya Lindqvist");
    held(&mut session, c, "2026-03-09", Attendance::Attended);
    post(&mut session);
    let paid = pay(&mut session, c, "2026-03-09", 18_000);
    entries::reverse(&mut session, paid, "Bounced", "2026-03-10", today()).expect("reversed");
    fees::set_sliding_fee(&mut session, c, Some(9_000), "2026-04-01").expect("sliding");
    register::discharge(&mut session, c, day("2010-01-05"), today()).expect("discharged");
    session.conn_mut().execute("UPDATE clients SET retention_date = '2017-01-05' WHERE id = ?1", [c]).expect("past");
    let code = register::get(session.conn(), c).expect("client").code;
    confidant_core::destruction::destroy(&mut session, c, &code, today()).expect("destroyed");
    let left: i64 = session
        .conn()
        .query_row("SELECT (SELECT count(*) FROM money_entries) + (SELECT count(*) FROM sliding_fees)", [], |r| {
            r.get(0)
        })
        .expect("count");
    assert_eq!(left, 0);
    assert!(fees::history(session.conn()).expect("her fees").len() > 1, "her own fees stay");
}

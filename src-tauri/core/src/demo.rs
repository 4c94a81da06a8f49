//! The demo vault behind `make demo` and `confidant demo`: a real vault with fictional content,
//! opened with a passphrase made up on the spot and printed for the person trying the app.
//!
//! The content comes from [`generate`], deterministic for a seed and a date: about 40 active
//! and 300 discharged clients over ten years, a few prospective ones, with perinatal details and
//! connections, some of which deliberately overlap with other clients so that the
//! dual-relationship warning has something to say. Every name is made up by combining lists;
//! phone numbers are in the fictional 555-01xx range and email addresses at `example.*`.

use chrono::{Days, Local, NaiveDate};
use rand::seq::SliceRandom;
use zeroize::Zeroizing;

use crate::disclosure::DisclosureError;
use crate::error::VaultError;
use crate::notes;
use crate::paths::DataDir;
use crate::register::connections::{self, ConnectionFields, ConnectionKind};
use crate::register::{clients, validate, ClientFields, ClientStatus, PerinatalStatus, RegisterError};
use crate::sample_rng::SplitMix64;
use crate::secret::Passphrase;
use crate::time::iso;
use crate::vault::{self, LockReason, Session};

const WORDS: &[&str] = &[
    "amber", "birch", "cedar", "clover", "coral", "dawn", "ember", "fern", "harbor", "hazel", "heron", "indigo",
    "juniper", "lantern", "lilac", "maple", "meadow", "moss", "orchard", "pebble", "quartz", "river", "sage",
    "sparrow", "thistle", "tide", "velvet", "willow",
];

/// The demo practice: 5 prospective, 40 active, 300 discharged.
pub const DEMO_CLIENTS: usize = 345;
pub const DEMO_SEED: u64 = 20_260_110;

/// Creates a demo vault in `dir` and returns its passphrase.
pub fn create(dir: &DataDir) -> Result<Zeroizing<String>, VaultError> {
    create_with(dir, DEMO_CLIENTS)
}

/// A demo vault with `clients` fictional clients (larger vaults for benchmarks).
pub fn create_with(dir: &DataDir, clients: usize) -> Result<Zeroizing<String>, VaultError> {
    let mut rng = rand::rngs::OsRng;
    let words: Vec<&str> = WORDS.choose_multiple(&mut rng, 4).copied().collect();
    let passphrase = Zeroizing::new(words.join(" "));
    let mut session =
        vault::create(dir, &Passphrase::new(passphrase.to_string()), &Passphrase::new(passphrase.to_string()))?;
    // Nobody keeps a recovery sheet for a demo.
    session.confirm_recovery_sheet_kept()?;
    crate::practice::prepare(&session)?;
    generate(&mut session, clients, DEMO_SEED).map_err(into_vault_error)?;
    generate_notes(&mut session, DEMO_SEED, Local::now().date_naive())?;
    generate_consent(&mut session, DEMO_SEED, Local::now().date_naive())?;
    generate_measures(&mut session, DEMO_SEED, Local::now().date_naive())?;
    generate_legal(&mut session, Local::now().date_naive())?;
    generate_schedule(&mut session, DEMO_SEED, Local::now().date_naive())?;
    generate_clinical(&mut session, DEMO_SEED, Local::now().date_naive())?;
    generate_money(&mut session, DEMO_SEED, Local::now().date_naive())?;
    session.lock(LockReason::Manual)?;
    Ok(passphrase)
}

/// Her fees over ten years (raised twice), her NPI and tax ID, the charges of every session held
/// and payments for nearly all of them; a few balances left open, one client on a sliding scale,
/// one no-show waived, Good Faith Estimates for the self-pay clients with appointments ahead
/// (one new client still without one), a prospective client's request for one, and one estimate
/// the charges passed by more than $400.
pub fn generate_money(session: &mut Session, seed: u64, today: NaiveDate) -> Result<(), VaultError> {
    use crate::money::entries::{self, Method};
    use crate::money::estimates::{self, EstimateInput, ItemInput};
    use crate::money::fees::{self, NewFee, Service};
    use crate::money::papers::{self, PracticeBilling};
    use crate::money::MoneyError;
    use rusqlite::OptionalExtension;
    let to_vault = |e: MoneyError| match e {
        MoneyError::Vault(vault) => vault,
        other => VaultError::InvalidInput(other.to_string()),
    };
    let mut rng = SplitMix64::new(seed ^ 0x3E7);
    let years_ago = |years: u64| days_before(today, years * 365 + 1);
    let mut fee_rows = Vec::new();
    for (from, raise) in [(years_ago(10), 0), (years_ago(5), 2_000), (years_ago(1), 3_500)] {
        for (service, cents) in [
            (Service::Intake, 20_000),
            (Service::Psychotherapy30, 9_500),
            (Service::Psychotherapy45, 15_000),
            (Service::Psychotherapy60, 18_500),
            (Service::FamilyWithClient, 17_000),
            (Service::LateCancel, 7_500),
            (Service::NoShow, 10_000),
        ] {
            fee_rows.push(NewFee {
                service,
                code: service.default_code().into(),
                label: service.default_label().into(),
                cents: cents + raise,
                effective_from: iso(from),
            });
        }
    }
    fees::set_fees(session, &fee_rows).map_err(to_vault)?;
    papers::set_practice_billing(session, &PracticeBilling { npi: "1234567893".into(), tax_id: "12-3456789".into() })
        .map_err(to_vault)?;
    let active: Vec<i64> = {
        let mut stmt = session.conn().prepare(
            "SELECT c.id FROM clients c WHERE c.status = 'active'
                 AND EXISTS (SELECT 1 FROM sessions s WHERE s.client_id = c.id AND s.attendance = 'attended')
             ORDER BY c.id",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        rows
    };
    if let Some(&sliding) = active.first() {
        fees::set_sliding_fee(session, sliding, Some(8_000), &iso(years_ago(10))).map_err(to_vault)?;
    }
    entries::post_charges(session, None, today).map_err(to_vault)?;
    // The last charges of a few active clients are still open; everything else is paid, most on
    // the day, some within the month.
    let open: Vec<i64> = active.iter().skip(1).step_by(9).copied().collect();
    let tx = session.conn_mut().transaction()?;
    {
        let mut stmt = tx.prepare(
            "SELECT e.id, e.client_id, e.on_date, e.cents,
                 row_number() OVER (PARTITION BY e.client_id ORDER BY e.on_date DESC, e.id DESC)
             FROM money_entries e WHERE e.kind = 'charge' ORDER BY e.on_date, e.id",
        )?;
        let charges: Vec<(i64, i64, String, i64, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<Result<_, _>>()?;
        for (_, client_id, on_date, cents, from_last) in charges {
            if open.contains(&client_id) && from_last <= 2 {
                continue;
            }
            let charged = crate::time::stored_day(&on_date);
            let paid_on = if rng.percent(80) { charged } else { charged + Days::new(rng.range(1, 20)) }.min(today);
            let methods = [Method::Card, Method::Card, Method::Check, Method::Transfer, Method::Cash];
            let method = methods.get(rng.below(methods.len())).copied().unwrap_or(Method::Card);
            let reference = if method == Method::Check { rng.range(1001, 4999).to_string() } else { String::new() };
            entries::insert_payment(&tx, client_id, paid_on, cents, method, &reference).map_err(to_vault)?;
        }
    }
    tx.commit()?;
    let no_show: Option<(i64, String)> = session
        .conn()
        .query_row(
            "SELECT id, on_date FROM money_entries WHERE kind = 'charge' AND service = 'no_show'
             ORDER BY on_date DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok();
    if let Some((charge, on_date)) = no_show {
        // Her payment for it becomes a credit, as it would if she waived it after being paid.
        entries::waive(session, charge, "Her baby was in hospital that day", &on_date, today).map_err(to_vault)?;
    }
    // Estimates for the self-pay clients with appointments ahead, but one (a new client, for
    // Today's reminder); the first active client's estimate is passed by more than $400.
    let ahead: Vec<i64> = {
        let mut stmt = session.conn().prepare(
            "SELECT c.id FROM clients c WHERE c.status IN ('active', 'prospective') AND EXISTS
                 (SELECT 1 FROM sessions s WHERE s.client_id = c.id AND s.attendance = 'scheduled' AND s.date >= ?1)
             ORDER BY c.id",
        )?;
        let rows = stmt.query_map([iso(today)], |r| r.get(0))?.collect::<Result<_, _>>()?;
        rows
    };
    let exceeded = active.get(1).copied();
    for &client_id in ahead.iter().skip(1).chain(exceeded.iter()) {
        let (issued, count) =
            if Some(client_id) == exceeded { (days_before(today, 200), 2) } else { (days_before(today, 30), 40) };
        let input = EstimateInput {
            client_id,
            period_from: iso(issued),
            months: 12,
            items: vec![ItemInput { service: Service::Psychotherapy45, count }],
        };
        let paper = estimates::draft(session.conn(), &input, issued).map_err(to_vault)?;
        estimates::keep(session.conn(), client_id, &paper).map_err(to_vault)?;
    }
    // A prospective client asked for an estimate yesterday: Today reminds her, due in 3 business days.
    let asking: Option<i64> = session
        .conn()
        .query_row("SELECT id FROM clients WHERE status = 'prospective' ORDER BY id LIMIT 1", [], |r| r.get(0))
        .optional()?;
    if let Some(client_id) = asking {
        estimates::record_request(session, client_id, days_before(today, 1)).map_err(to_vault)?;
    }
    if let Some(client_id) = exceeded {
        // Weekly sessions since the estimate: far more than its two.
        let charge = entries::NewCharge {
            client_id,
            on_date: iso(days_before(today, 100)),
            service: Service::Psychotherapy60,
            cents: None,
            modality: crate::notes::Modality::InPerson,
        };
        for _ in 0..4 {
            entries::charge(session, &charge, today).map_err(to_vault)?;
        }
    }
    Ok(())
}

fn into_vault_error(error: RegisterError) -> VaultError {
    match error {
        RegisterError::Vault(error) => error,
        other => VaultError::InvalidInput(other.to_string()),
    }
}

/// Adds sessions and notes (every kind and disclosure status, signed and draft, some overdue,
/// a few addenda and open risk items) for every client who has started, about a dozen each over
/// ten years.
pub fn generate_notes(session: &mut Session, seed: u64, today: NaiveDate) -> Result<usize, VaultError> {
    let ids = |status: &str| -> Result<Vec<i64>, VaultError> {
        let mut stmt = session.conn().prepare("SELECT id FROM clients WHERE status = ?1 ORDER BY id")?;
        let rows = stmt.query_map([status], |r| r.get(0))?.collect::<Result<Vec<i64>, _>>()?;
        Ok(rows)
    };
    let active = ids("active")?;
    let mut started = active.clone();
    started.extend(ids("discharged")?);
    let plan = notes::sample::Plan {
        notes: started.len() * 12,
        heavy_client: None,
        heavy_notes: 0,
        days: 3650,
        seed,
        vocabulary: None,
        in_care: true,
    };
    let made = notes::sample::generate(session.conn_mut(), &started, &plan, today).map_err(into_vault_error_notes)?;
    Ok(made)
}

/// Her schedule: every active client in a weekly or every-other-week series (a few in a monthly
/// one) at her own time, begun four weeks ago and running three to five months ahead; what
/// happened so far (mostly attended, some late cancellations and no-shows, one tomorrow already
/// cancelled late); a conference week away, with the appointments she cancelled for it; and an
/// intake for a prospective client booked over someone else's time, to see the double booking.
pub fn generate_schedule(session: &mut Session, seed: u64, today: NaiveDate) -> Result<(), VaultError> {
    use crate::notes::recurrence::Repeat;
    use crate::notes::series::{Booking, SeriesRule};
    use crate::notes::{Attendance, Modality, SessionFields, SessionKind};
    use crate::register::Location;
    use crate::schedule::{self, hours, ScheduleError};
    let to_vault = |e: ScheduleError| VaultError::InvalidInput(e.to_string());
    let ids = |session: &Session, status: &str| -> Result<Vec<(i64, String)>, VaultError> {
        let mut stmt =
            session.conn().prepare("SELECT id, telehealth_state FROM clients WHERE status = ?1 ORDER BY id")?;
        let rows = stmt.query_map([status], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    };
    let mut rng = SplitMix64::new(seed ^ 0x5C_4E_D0);
    let start = schedule::week_start(today) - Days::new(28);
    let booked_at = (start - Days::new(1)).and_hms_opt(8, 0, 0).unwrap_or_default();
    let away_from = schedule::week_start(today) + Days::new(42);
    hours::add_away(
        session,
        &hours::AwayDays {
            id: 0,
            starts_on: iso(away_from),
            ends_on: iso(away_from + Days::new(4)),
            label: "Conference".into(),
        },
    )
    .map_err(to_vault)?;

    let fields = |date: NaiveDate, hour: usize, kind: SessionKind, modality: Modality, state: &str| SessionFields {
        date: iso(date),
        start_time: format!("{hour:02}:00"),
        end_time: format!("{hour:02}:50"),
        kind,
        modality,
        location: Location {
            state: if modality == Modality::InPerson { String::new() } else { state.into() },
            city: String::new(),
        },
        ..SessionFields::default()
    };
    let mut booked = Vec::new();
    for (i, (client, state)) in ids(session, "active")?.into_iter().enumerate() {
        // Her own hour: Monday to Friday, 9 to 4, one client each.
        let date = start + Days::new((i % 5) as u64);
        let hour = 9 + (i / 5) % 8;
        let modality = match rng.below(10) {
            0..=5 => Modality::InPerson,
            6..=8 => Modality::Video,
            _ => Modality::Phone,
        };
        let (repeat, until, count) = match rng.below(10) {
            0..=5 => (Repeat::Weekly, Some(iso(today + Days::new(90 + rng.below(60) as u64))), None),
            6..=8 => (Repeat::EveryOtherWeek, None, Some(6 + rng.below(6) as u32)),
            _ => (Repeat::MonthlyWeekday, None, Some(5)),
        };
        let booking = Booking {
            client_id: client,
            fields: fields(date, hour, SessionKind::Individual, modality, &state),
            series: Some(SeriesRule { repeat, until, count }),
        };
        booked.extend(schedule::book(session, &booking, booked_at).map_err(to_vault)?.ids);
    }

    // What happened so far, as she recorded it after each session; her conference week cancelled.
    for id in booked {
        let s = notes::sessions::summary_by_id(session.conn(), id).map_err(into_vault_error_notes)?;
        let date = NaiveDate::parse_from_str(&s.date, "%Y-%m-%d").unwrap_or(today);
        let away = date >= away_from && date <= away_from + Days::new(4);
        let outcome = if date < today {
            match rng.below(100) {
                0..=5 => Attendance::LateCancel,
                6..=9 => Attendance::NoShow,
                _ => Attendance::Attended,
            }
        } else if away && rng.below(100) < 90 {
            Attendance::TherapistCancelled
        } else if date == today + Days::new(1) && rng.below(100) < 20 {
            Attendance::LateCancel
        } else {
            continue;
        };
        let recorded_at = if date < today { date.and_hms_opt(19, 0, 0) } else { today.and_hms_opt(7, 0, 0) };
        schedule::record(session, id, outcome, None, recorded_at.unwrap_or_default()).map_err(to_vault)?;
    }

    // A new client's intake, squeezed in over another's hour next week.
    let next_monday = schedule::week_start(today) + Days::new(7);
    let taken: Option<(String, String)> = {
        use rusqlite::OptionalExtension;
        session
            .conn()
            .query_row(
                "SELECT date, start_time FROM sessions WHERE attendance = 'scheduled' AND date BETWEEN ?1 AND ?2
                 ORDER BY date, start_time LIMIT 1",
                [iso(next_monday), iso(next_monday + Days::new(4))],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
    };
    if let (Some((prospect, _)), Some((date, start))) = (ids(session, "prospective")?.into_iter().next(), taken) {
        let hour: usize = start.get(..2).and_then(|h| h.parse().ok()).unwrap_or(9);
        let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or(next_monday);
        let intake = Booking {
            client_id: prospect,
            fields: SessionFields {
                end_time: format!("{:02}:00", hour + 1),
                ..fields(date, hour, SessionKind::Intake, Modality::InPerson, "")
            },
            series: None,
        };
        schedule::book(session, &intake, today.and_hms_opt(7, 0, 0).unwrap_or_default()).map_err(to_vault)?;
    }
    Ok(())
}

/// A practice profile, and consents as a practice that just moved to Confidant has them: most
/// active clients signed today, then the informed consent changed (a new fee) and about half of
/// them signed again, so some are waiting to re-sign and a few have signed nothing yet.
pub fn generate_consent(session: &mut Session, seed: u64, today: NaiveDate) -> Result<(), VaultError> {
    use crate::consent::signatures::{NewSignature, SignedBy};
    use crate::consent::{self, profile, FormKind};
    let to_vault = |e: consent::ConsentError| VaultError::InvalidInput(e.to_string());
    profile::save(session, &profile::sample()).map_err(to_vault)?;
    let active: Vec<i64> = {
        let mut stmt = session.conn().prepare("SELECT id FROM clients WHERE status = 'active' ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        rows
    };
    let mut rng = SplitMix64::new(seed ^ 0xC0_4E_E7);
    let sign = |session: &mut Session, client_id: i64, kind: FormKind, version: u32| {
        let new = NewSignature {
            client_id,
            kind,
            version,
            signed_on: today.format("%Y-%m-%d").to_string(),
            signed_by: SignedBy::Client,
        };
        consent::record_signature(session, &new, today).map(|_| ()).map_err(to_vault)
    };
    let mut signed = Vec::new();
    for &id in &active {
        if !rng.percent(85) {
            continue;
        }
        for kind in consent::consent_status(session.conn(), id).map_err(to_vault)?.into_iter().map(|i| i.kind) {
            sign(session, id, kind, 1)?;
        }
        signed.push(id);
    }
    let mut text = FormKind::InformedConsent.default_text().to_owned();
    text.push_str(
        "
## Fees from January
From January 1, the session fee is {{practice.session_fee}}.
",
    );
    consent::save_form(session, FormKind::InformedConsent, &text).map_err(to_vault)?;
    for id in signed {
        if rng.percent(50) {
            sign(session, id, FormKind::InformedConsent, 2)?;
        }
    }
    Ok(())
}

/// EPDS screens every four to six weeks over the last year for active pregnant and postpartum
/// clients (easing over time, a few at or over the threshold), and a PHQ-9 and GAD-7 for some
/// others. No self-harm answers: an open alert in a demo would only be noise.
pub fn generate_measures(session: &mut Session, seed: u64, today: NaiveDate) -> Result<(), VaultError> {
    use crate::measures::{self, MeasureKind, NewMeasure};
    let clients: Vec<(i64, String)> = {
        let mut stmt =
            session.conn().prepare("SELECT id, perinatal_status FROM clients WHERE status = 'active' ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        rows
    };
    let mut rng = SplitMix64::new(seed ^ 0x3EA5);
    let to_vault = |e: measures::MeasuresError| VaultError::InvalidInput(e.to_string());
    for (id, perinatal) in clients {
        let (kind, count) = match perinatal.as_str() {
            "pregnant" | "postpartum" => (MeasureKind::Epds, 6 + rng.range(0, 7) as usize),
            _ if rng.percent(40) => (MeasureKind::Phq9, 3 + rng.range(0, 4) as usize),
            _ if rng.percent(30) => (MeasureKind::Gad7, 3 + rng.range(0, 4) as usize),
            _ => continue,
        };
        let start = 8 + rng.range(0, 6) as u32;
        for n in 0..count {
            let days_ago = (count - n) as i64 * (28 + rng.range(0, 14) as i64);
            // Scores ease over the months; item by item, never on the self-harm item.
            let level = start.saturating_sub(n as u32 + rng.range(0, 3) as u32);
            let mut answers = vec![0u8; kind.items()];
            let mut left = level;
            for (i, a) in answers.iter_mut().enumerate() {
                if kind.self_harm_item() == Some(i + 1) || left == 0 {
                    continue;
                }
                let s = left.min(rng.range(0, 3) as u32) as u8;
                *a = s;
                left -= u32::from(s);
            }
            // Back to the EPDS boxes she ticks: items 1, 2 and 4 in order, the rest reversed.
            if kind == MeasureKind::Epds {
                for (i, a) in answers.iter_mut().enumerate() {
                    if ![0, 1, 3].contains(&i) {
                        *a = 3 - *a;
                    }
                }
            }
            let new = NewMeasure {
                client_id: id,
                kind,
                taken_on: (today - chrono::Duration::days(days_ago)).format("%Y-%m-%d").to_string(),
                answers: answers.into_iter().map(Some).collect(),
            };
            match measures::record_measure(session, &new, today) {
                Ok(_) => {}
                // A screen dated before a young client's birth is simply skipped.
                Err(measures::MeasuresError::Invalid(_)) => {}
                Err(e) => return Err(to_vault(e)),
            }
        }
    }
    Ok(())
}

/// The law at work: a subpoena for an active client's records, received last week, answered
/// only in part (nothing released, her record on hold); a discharged client's notes released
/// under a court order that named them, with the case number and when she was told; and a
/// conversation with an active client's obstetrician under her authorization.
pub fn generate_legal(session: &mut Session, today: NaiveDate) -> Result<(), VaultError> {
    let to_vault = |e: DisclosureError| VaultError::InvalidInput(e.to_string());
    // A small demo (the command line's --clients) may have no such client: that part is left out.
    let first = |session: &Session, sql: &str| -> Result<Option<i64>, VaultError> {
        use rusqlite::OptionalExtension;
        Ok(session.conn().query_row(sql, [], |r| r.get(0)).optional()?)
    };
    if let Some(subpoenaed) =
        first(session, "SELECT id FROM clients WHERE status = 'active' ORDER BY id LIMIT 1 OFFSET 2")?
    {
        subpoena_in_part(session, subpoenaed, today).map_err(to_vault)?;
    }
    if let Some(ordered) = first(
        session,
        "SELECT client_id FROM notes WHERE kind = 'progress' AND signed_at IS NOT NULL
         AND client_id IN (SELECT id FROM clients WHERE status = 'discharged')
         GROUP BY client_id ORDER BY client_id LIMIT 1",
    )? {
        court_ordered_release(session, ordered, today).map_err(to_vault)?;
    }
    if let Some(coordinated) = first(
        session,
        "SELECT id FROM clients WHERE status = 'active' AND perinatal_status <> 'neither' ORDER BY id LIMIT 1",
    )? {
        authorizations_of_a_client_in_care(session, coordinated, today).map_err(to_vault)?;
    }
    Ok(())
}

fn subpoena_in_part(session: &mut Session, subpoenaed: i64, today: NaiveDate) -> Result<(), DisclosureError> {
    use crate::disclosure::subpoenas::{self, StepInput, SubpoenaInput, SubpoenaStep};
    let received = SubpoenaInput {
        client_id: subpoenaed,
        received_on: iso(days_before(today, 6)),
        served_by: "R. Delgado, attorney for the father, 400 Broadway, Columbia, MO".into(),
        court: "Boone County Circuit Court".into(),
        case_number: "26-FC-0412".into(),
        deadline: Some(iso(today + Days::new(8))),
        asks_for: "All mental health records, 2024 to date".into(),
    };
    let subpoena = subpoenas::record(session, &received, days_before(today, 6))?;
    let told = StepInput {
        subpoena_id: subpoena.id,
        step: SubpoenaStep::ClientTold,
        done_on: iso(days_before(today, 5)),
        note: "By phone; she will talk to her own lawyer.".into(),
    };
    subpoenas::record_step(session, &told, days_before(today, 5))?;
    Ok(())
}

fn court_ordered_release(session: &mut Session, ordered: i64, today: NaiveDate) -> Result<(), DisclosureError> {
    use crate::disclosure::release::{self, ClientInformed, RecordedDisclosure};
    use crate::disclosure::LegalBasis;
    use crate::ledger::Method;
    let iso_day = |days_ago: u64| iso(days_before(today, days_ago));
    let named: Vec<i64> = {
        let mut stmt = session.conn().prepare(
            "SELECT id FROM notes WHERE client_id = ?1 AND kind = 'progress' AND signed_at IS NOT NULL
             ORDER BY note_date DESC LIMIT 3",
        )?;
        let rows = stmt.query_map([ordered], |r| r.get(0))?.collect::<Result<_, _>>()?;
        rows
    };
    let order = RecordedDisclosure {
        client_id: ordered,
        basis: Some(LegalBasis::CourtOrder),
        date: iso_day(40),
        time: "15:10".into(),
        recipient_name: "Clerk of the Circuit Court, Boone County".into(),
        recipient_address: "705 E Walnut St, Columbia, MO".into(),
        description: "Her three last progress notes, as the order named them".into(),
        purpose: "Order of the court in a custody case".into(),
        reference: "25-FC-1187".into(),
        note_ids: named,
        method: Method::Mailed,
        client_informed: Some(ClientInformed::Told { on: iso_day(41) }),
        ..Default::default()
    };
    release::record_disclosure(session, &order, today)?;
    Ok(())
}

/// Her obstetrician, with a conversation recorded under it, and her insurer, which may receive
/// her billing records.
fn authorizations_of_a_client_in_care(
    session: &mut Session,
    coordinated: i64,
    today: NaiveDate,
) -> Result<(), DisclosureError> {
    use crate::consent::signatures::SignedBy;
    use crate::disclosure::authorizations::{self, AuthorizationInput};
    use crate::disclosure::release::{self, RecordedDisclosure};
    use crate::disclosure::Category;
    use crate::ledger::Method;
    let iso_day = |days_ago: u64| iso(days_before(today, days_ago));
    let to_ob = AuthorizationInput {
        client_id: coordinated,
        recipient_name: "Dr. Ada Lee".into(),
        recipient_organisation: "Riverside Obstetrics".into(),
        recipient_address: "12 Mill Street, Columbia, MO".into(),
        recipient_phone: "573-555-0100".into(),
        categories: vec![Category::AttendanceDates, Category::ProgressNotes],
        purpose: "Coordinating her perinatal care".into(),
        effective_on: iso_day(60),
        expiry_event: "The end of her treatment".into(),
        conversations: true,
        ..Default::default()
    };
    let authorization = authorizations::create(session, &to_ob, today)?;
    authorizations::sign(session, authorization.id, &iso_day(60), SignedBy::Client, today)?;
    let call = RecordedDisclosure {
        client_id: coordinated,
        authorization_id: Some(authorization.id),
        date: iso_day(10),
        time: "12:40".into(),
        description: "Talked through her sleep and mood since the birth, and the plan for the next weeks".into(),
        purpose: "Coordinating her care".into(),
        method: Method::Verbal,
        ..Default::default()
    };
    release::record_disclosure(session, &call, today)?;
    // Her insurer, for her out-of-network claim: the one authorization that names billing.
    let to_insurer = AuthorizationInput {
        client_id: coordinated,
        recipient_name: "Claims department".into(),
        recipient_organisation: "Heartland Mutual Health".into(),
        recipient_address: "PO Box 4410, Jefferson City, MO".into(),
        categories: vec![Category::AttendanceDates, Category::Diagnosis, Category::Billing],
        purpose: "Her claim for out-of-network reimbursement".into(),
        effective_on: iso_day(30),
        expires_on: Some(iso(today + chrono::Days::new(335))),
        ..Default::default()
    };
    let authorization = authorizations::create(session, &to_insurer, today)?;
    authorizations::sign(session, authorization.id, &iso_day(30), SignedBy::Client, today)?;
    Ok(())
}

/// The clinical record of the active clients who have started (and have none yet): diagnoses (perinatal ones for
/// pregnant and postpartum clients, some first provisional, then working), a treatment plan with
/// two or three goals for most (signed; some reviewed, some with the review overdue), and the
/// last two progress notes of each plan pointing at the goals they worked on. A few clients
/// past their third session have no plan yet, for Today to point out.
pub fn generate_clinical(session: &mut Session, seed: u64, today: NaiveDate) -> Result<(), VaultError> {
    use crate::clinical::{self, diagnoses, plans, reviews, DiagnosisStatus, GoalStatus};
    use crate::clinical::{GoalInput, GoalReview, PlanInput, PlanReviewInput};
    let to_vault = |e: clinical::ClinicalError| VaultError::InvalidInput(e.to_string());
    let clients: Vec<(i64, String, Option<String>)> = {
        let mut stmt = session.conn().prepare(
            "SELECT c.id, c.perinatal_status, c.due_date FROM clients c
             WHERE c.status = 'active' AND EXISTS (SELECT 1 FROM sessions s WHERE s.client_id = c.id
                 AND s.attendance = 'attended')
               AND NOT EXISTS (SELECT 1 FROM diagnoses d WHERE d.client_id = c.id)
             ORDER BY c.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
        rows
    };
    let mut rng = SplitMix64::new(seed ^ 0xD1A6);
    for (id, perinatal, due) in clients {
        let (code, secondary) = match perinatal.as_str() {
            "postpartum" => ("F53.0", Some(rng.pick(&["Z63.0", "F41.1", "Z59.87"]))),
            // Mental disorders complicating pregnancy, by trimester, with the weeks of gestation.
            "pregnant" => {
                let weeks = due
                    .as_deref()
                    .and_then(crate::time::parse_day)
                    .map_or(24, |d| (40 - (d - today).num_days() / 7).clamp(8, 42));
                let trimester = match weeks {
                    ..=13 => "O99.341",
                    14..=27 => "O99.342",
                    _ => "O99.343",
                };
                diagnose(session, id, &format!("Z3A.{weeks:02}"), DiagnosisStatus::Working, false, today, 20)
                    .map_err(to_vault)?;
                (trimester, Some("F41.1"))
            }
            _ => (
                rng.pick(&["F43.21", "F41.1", "F32.A", "F43.10", "F41.0", "F33.1"]),
                rng.percent(30).then_some("Z56.6"),
            ),
        };
        let since = 40 + rng.range(0, 300) as i64;
        if rng.percent(30) {
            // First provisional, confirmed at a later session: the change is a new entry.
            let first =
                diagnose(session, id, code, DiagnosisStatus::Provisional, true, today, since).map_err(to_vault)?;
            let change = clinical::DiagnosisChange {
                status: DiagnosisStatus::Working,
                from_on: first.from_on,
                to_on: None,
                primary: true,
            };
            diagnoses::change(session, first.id, &change, today).map_err(to_vault)?;
        } else {
            diagnose(session, id, code, DiagnosisStatus::Working, true, today, since).map_err(to_vault)?;
        }
        if let Some(secondary) = secondary {
            diagnose(session, id, secondary, DiagnosisStatus::Working, false, today, since / 2).map_err(to_vault)?;
        }
        if !rng.percent(85) {
            continue;
        }
        let written = today - chrono::Duration::days(rng.range(20, since.max(20) as u64) as i64);
        let mut picked: Vec<&(&str, &str)> = Vec::new();
        let wanted = 2 + rng.below(2);
        while picked.len() < wanted {
            let goal = &DEMO_GOALS[rng.below(DEMO_GOALS.len())];
            if !picked.contains(&goal) {
                picked.push(goal);
            }
        }
        let input = PlanInput {
            client_id: id,
            written_on: iso(written),
            presenting_problems: rng.pick(&DEMO_PROBLEMS).into(),
            goals: picked
                .iter()
                .map(|(goal, objectives)| GoalInput {
                    goal_id: None,
                    goal: (*goal).into(),
                    objectives: (*objectives).into(),
                    target_on: Some(iso(written + chrono::Duration::weeks(12 + rng.range(0, 12) as i64))),
                })
                .collect(),
            interventions: rng.pick(&DEMO_INTERVENTIONS).into(),
            modality: rng
                .pick(&["Individual, in person", "Individual, video", "Individual; her partner joins monthly"])
                .into(),
            frequency: rng.pick(&["Weekly", "Weekly for 12 weeks, then every other week", "Every other week"]).into(),
            measures: match perinatal.as_str() {
                "neither" => vec![crate::measures::MeasureKind::Phq9, crate::measures::MeasureKind::Gad7],
                _ => vec![crate::measures::MeasureKind::Epds],
            },
            review_every_days: 90,
        };
        let plan = plans::save(session, &input, today).map_err(to_vault)?;
        plans::sign(session, plan.id, &iso(written), crate::consent::signatures::SignedBy::Client, today)
            .map_err(to_vault)?;
        // Plans past their first review: most were reviewed; the rest show as overdue on Today.
        let first_review = written + chrono::Duration::days(90);
        if first_review < today && !rng.percent(35) {
            let review = PlanReviewInput {
                client_id: id,
                reviewed_on: iso(first_review),
                goals: plan
                    .goals
                    .iter()
                    .enumerate()
                    .map(|(i, g)| GoalReview {
                        goal_id: g.goal_id,
                        progress: rng.pick(&DEMO_PROGRESS).into(),
                        status: if i == 0 && rng.percent(40) { GoalStatus::Met } else { GoalStatus::Open },
                    })
                    .collect(),
                changes: String::new(),
                next_review_on: None,
            };
            reviews::record(session, &review, today).map_err(to_vault)?;
        }
        // Two sessions since the plan, each with a signed progress note pointing at the goal it
        // worked on.
        let span = (today - written).num_days().max(2);
        for (n, goal) in plan.goals.iter().take(2).enumerate() {
            let day = written + chrono::Duration::days(span * (n as i64 + 1) / 3);
            note_on_goal(session, id, day, goal.goal_id, &goal.goal).map_err(into_vault_error_notes)?;
        }
    }
    Ok(())
}

/// An attended session on `day` and its signed progress note, which worked on `goal_id`.
fn note_on_goal(
    session: &mut Session,
    client_id: i64,
    day: NaiveDate,
    goal_id: i64,
    goal: &str,
) -> Result<(), notes::NotesError> {
    // A record not yet begun (no signed consent, no note) gets no progress note here: the first
    // note would ask for her reason. Larger demos (`--clients`) have such clients in care.
    if crate::consent::needs_consent_warning(session.conn(), client_id)
        .map_err(|e| notes::NotesError::NotAllowed(e.to_string()))?
    {
        return Ok(());
    }
    let held = notes::SessionFields {
        date: iso(day),
        start_time: "15:00".into(),
        end_time: "15:50".into(),
        attendance: notes::Attendance::Attended,
        ..Default::default()
    };
    let at = day.and_hms_opt(16, 0, 0).unwrap_or_default();
    let s = notes::create_session(session, client_id, &held, at)?;
    let new =
        notes::NewNote { client_id, session_id: Some(s.id), kind: notes::NoteKind::Progress, ..Default::default() };
    let note = notes::create_note(session, &new, at)?;
    let text = format!("Worked on her goal “{goal}”. She tried this week's plan on most days and noticed the change.");
    let content = notes::NoteContent { template: notes::Template::FreeText, sections: vec![text] };
    notes::save_draft(session, note.id, &content, None)?;
    crate::clinical::goals::set_for_note(session, note.id, &[goal_id])
        .map_err(|e| notes::NotesError::NotAllowed(e.to_string()))?;
    notes::sign_note(session, note.id)?;
    Ok(())
}

fn diagnose(
    session: &mut Session,
    client_id: i64,
    code: &str,
    status: crate::clinical::DiagnosisStatus,
    primary: bool,
    today: NaiveDate,
    days_ago: i64,
) -> Result<crate::clinical::Diagnosis, crate::clinical::ClinicalError> {
    let new = crate::clinical::NewDiagnosis {
        client_id,
        code: code.into(),
        status,
        from_on: iso(today - chrono::Duration::days(days_ago)),
        to_on: None,
        primary,
    };
    crate::clinical::diagnoses::record(session, &new, today)
}

const DEMO_PROBLEMS: [&str; 5] = [
    "Low mood, tearfulness and little interest in things since the birth; broken sleep beyond night feeds.",
    "Worry that will not switch off, about the baby's health and about going back to work.",
    "Intrusive memories of a frightening birth; avoids the hospital and her follow-up visits.",
    "Arguments at home since the move and a new job; feels on edge and alone with it.",
    "Panic attacks in shops and on the highway; has stopped driving alone.",
];

const DEMO_GOALS: [(&str, &str); 6] = [
    ("Feel like myself again most days", "EPDS below 10 on two screens in a row; names three good days a week."),
    ("Sleep when the baby sleeps", "A five-hour stretch of sleep four nights a week, her partner taking one feed."),
    ("Build support close to home", "Joins a parents' group or names two people she can call, and calls one weekly."),
    ("Worry less, and less often", "GAD-7 under 10; uses a worry period on five days out of seven."),
    ("Drive on her own again", "Drives to the grocery store alone twice a week by the target date."),
    ("Talk things through at home without a fight", "Two planned talks a week with her partner, ending calmly."),
];

const DEMO_INTERVENTIONS: [&str; 4] = [
    "Cognitive behavioural therapy, behavioural activation, sleep planning with her partner.",
    "Interpersonal therapy focused on the transition to parenthood; psychoeducation on perinatal mood.",
    "Trauma-focused CBT; grounding skills; a graded return to the places she avoids.",
    "CBT for panic: interoceptive exposure and a graded plan for driving.",
];

const DEMO_PROGRESS: [&str; 4] = [
    "Steady progress; she notices the good days now.",
    "Some weeks better than others; keep the goal as it is.",
    "Reached most weeks since the last review.",
    "Harder since the baby's illness; we slowed down.",
];

fn into_vault_error_notes(error: notes::NotesError) -> VaultError {
    match error {
        notes::NotesError::Vault(error) => error,
        other => VaultError::InvalidInput(other.to_string()),
    }
}

/// Adds `clients` fictional clients as of today. See [`generate_as_of`].
pub fn generate(session: &mut Session, clients: usize, seed: u64) -> Result<usize, RegisterError> {
    generate_as_of(session, clients, seed, Local::now().date_naive())
}

/// Adds `clients` fictional clients (in the demo's proportions: about 1.5% prospective, 11.5%
/// active, the rest discharged over the ten years before `today`), all in one transaction. The
/// same seed and date give the same practice.
pub fn generate_as_of(
    session: &mut Session,
    clients: usize,
    seed: u64,
    today: NaiveDate,
) -> Result<usize, RegisterError> {
    let mut rng = SplitMix64::new(seed);
    let prospective = (clients * 5).div_ceil(DEMO_CLIENTS).min(clients);
    let active = (clients * 40 / DEMO_CLIENTS).min(clients - prospective);
    let tx = session.conn_mut().transaction()?;
    let mut made: Vec<(i64, ClientFields)> = Vec::with_capacity(clients);
    for index in 0..clients {
        let status = if index < prospective {
            ClientStatus::Prospective
        } else if index < prospective + active {
            ClientStatus::Active
        } else {
            ClientStatus::Discharged
        };
        let (fields, discharge_date) = person(&mut rng, index, status, today);
        let dates = validate::validate(&fields, today).map_err(RegisterError::Invalid)?;
        let id = clients::insert(&tx, &fields, &dates, status, discharge_date)?;
        made.push((id, fields));
    }

    // Connections: a spouse or partner, an employer, a faith community, a school. Employers,
    // churches and schools come from short lists, so clients share them, as in a small town.
    for (position, (id, fields)) in made.iter().enumerate() {
        let surname = fields.legal_name.rsplit(' ').next().unwrap_or_default();
        let mut list = Vec::new();
        if rng.percent(70) || position == prospective {
            // Every 12th client's partner is, by name and phone, another client: the overlap
            // the dual-relationship check is there to catch. The first active client's partner
            // is the first prospective client, whose intake shows the warning.
            let first_active = position == prospective && prospective > 0;
            let overlap = (position % 12 == 5 || first_active) && made.len() > 1;
            let other = &made[if first_active { 0 } else { (position * 7 + 3) % made.len() }];
            let (name, phone, linked) = if overlap && other.0 != *id {
                (other.1.legal_name.clone(), other.1.contact.phone.clone(), None)
            } else {
                (format!("{} {surname}", rng.pick(PARTNER_NAMES)), phone(&mut rng), None)
            };
            list.push(ConnectionFields {
                kind: ConnectionKind::SpousePartner,
                name,
                phone,
                email: String::new(),
                notes: String::new(),
                linked_client_id: linked,
            });
        }
        if rng.percent(55) {
            list.push(org(ConnectionKind::Employer, rng.pick(EMPLOYERS)));
        }
        if rng.percent(30) {
            list.push(org(ConnectionKind::FaithCommunity, rng.pick(FAITH_COMMUNITIES)));
        }
        if fields.perinatal.children.unwrap_or(0) > 1 && rng.percent(50) {
            list.push(org(ConnectionKind::School, rng.pick(SCHOOLS)));
        }
        if position % 25 == 9 && made.len() > 1 {
            // Sisters, both in the practice.
            let other = &made[(position + 1) % made.len()];
            if other.0 != *id {
                list.push(ConnectionFields {
                    kind: ConnectionKind::Client,
                    name: String::new(),
                    phone: String::new(),
                    email: String::new(),
                    notes: "Sister; both referred by the same OB.".into(),
                    linked_client_id: Some(other.0),
                });
            }
        }
        for connection in list {
            connections::insert_connection(&tx, *id, &connection)?;
        }
    }
    tx.commit()?;

    // One recorded decision, as the therapist would have made it at intake.
    if prospective > 0 && made.len() > 2 {
        let id = made[0].0;
        let warnings = connections::check_new_client(session.conn(), &made[0].1, Some(id), true)?;
        if let Some(warning) = warnings.first() {
            connections::record_review(
                session,
                id,
                &connections::ReviewInput {
                    other_client_id: warning.client.id,
                    matched: warning.matched,
                    decision: "Different households; discussed at consultation, no conflict. Proceed with intake."
                        .into(),
                },
            )?;
        }
    }
    Ok(made.len())
}

fn org(kind: ConnectionKind, name: &str) -> ConnectionFields {
    ConnectionFields {
        kind,
        name: name.into(),
        phone: String::new(),
        email: String::new(),
        notes: String::new(),
        linked_client_id: None,
    }
}

/// One fictional client and, if discharged, her discharge date.
/// Why a demo client's last service is set by hand: her sessions before Confidant are not in it.
const LAST_SEEN_BEFORE: &str = "Seen before the practice kept its records in Confidant";

fn person(
    rng: &mut SplitMix64,
    index: usize,
    status: ClientStatus,
    today: NaiveDate,
) -> (ClientFields, Option<NaiveDate>) {
    let first = rng.pick(FIRST_NAMES);
    let surname = rng.pick(SURNAMES);
    let middle = if rng.percent(25) { format!(" {}", rng.pick(FIRST_NAMES)) } else { String::new() };
    let legal_name = format!("{first}{middle} {surname}");
    let minor = rng.percent(4);

    let (intake, last_service, discharge) = match status {
        ClientStatus::Prospective => (None, None, None),
        ClientStatus::Active => {
            let intake = days_before(today, rng.range(14, 700));
            let last = days_before(today, rng.range(1, 14)).max(intake);
            (Some(intake), Some(last), None)
        }
        ClientStatus::Discharged => {
            let intake = days_before(today, rng.range(120, 3650));
            let last = (intake + Days::new(rng.range(30, 540))).min(days_before(today, 21));
            let discharge = (last + Days::new(rng.range(0, 21))).min(days_before(today, 1));
            (Some(intake), Some(last), Some(discharge))
        }
    };
    let anchor = intake.unwrap_or(today);
    let age_at_intake = if minor { rng.range(15, 17) } else { rng.range(19, 44) };
    let date_of_birth = days_before(anchor, age_at_intake * 365 + rng.range(1, 360));

    let mut fields = ClientFields {
        legal_name,
        preferred_name: if rng.percent(15) { rng.pick(NICKNAMES).to_string() } else { String::new() },
        alias: if rng.percent(10) { format!("Client {}", rng.pick(ALIASES)) } else { String::new() },
        pronouns: match rng.range(0, 19) {
            0 => "they/them",
            1 => "he/him",
            _ => "she/her",
        }
        .into(),
        date_of_birth: iso(date_of_birth),
        intake_date: intake.map(iso).unwrap_or_default(),
        last_service_date: last_service.map(iso).unwrap_or_default(),
        last_service_reason: if last_service.is_some() { LAST_SEEN_BEFORE.into() } else { String::new() },
        support_notes: rng.pick(SUPPORT_NOTES).to_string(),
        ..Default::default()
    };
    fields.contact.phone = phone(rng);
    fields.contact.voicemail_ok = rng.percent(55);
    fields.contact.text_ok = rng.percent(70);
    if rng.percent(80) {
        fields.contact.email = format!(
            "{}.{}{}@{}",
            crate::register::text::fold(first).replace(' ', ""),
            crate::register::text::fold(surname).replace(' ', ""),
            index % 97,
            rng.pick(&["example.com", "example.org", "example.net"])
        );
        fields.contact.email_ok = rng.percent(60);
    }
    fields.contact.address = format!("{} {} St, {}", rng.range(100, 9899), rng.pick(STREETS), "MO");
    fields.emergency_contact.name = format!("{} {}", rng.pick(PARTNER_NAMES), rng.pick(SURNAMES));
    fields.emergency_contact.relationship = rng.pick(&["Spouse", "Partner", "Mother", "Sister", "Friend"]).into();
    fields.emergency_contact.phone = phone(rng);
    let (state, city) = rng.pick(PLACES);
    fields.telehealth_location.state = state.into();
    fields.telehealth_location.city = city.into();

    // Perinatal details as they stood at her last contact.
    let reference = last_service.unwrap_or(today);
    let perinatal = &mut fields.perinatal;
    match (minor, rng.range(0, 99)) {
        (true, _) | (false, 85..) => perinatal.status = PerinatalStatus::Neither,
        (false, 0..=39) => {
            perinatal.status = PerinatalStatus::Pregnant;
            perinatal.due_date = iso(reference + Days::new(rng.range(14, 250)));
        }
        (false, _) => {
            perinatal.status = PerinatalStatus::Postpartum;
            perinatal.baby_birth_date = iso(days_before(reference, rng.range(5, 360)));
        }
    }
    if !minor {
        perinatal.children = Some(
            u32::try_from(rng.range(0, 3)).unwrap_or(0) + u32::from(perinatal.status == PerinatalStatus::Postpartum),
        );
        if rng.percent(20) {
            perinatal.loss_history = rng.pick(LOSS_HISTORY).to_string();
        }
        if perinatal.status == PerinatalStatus::Postpartum {
            perinatal.feeding = rng.pick(FEEDING).to_string();
            perinatal.pediatrician.name = format!("Dr. {} {}", rng.pick(FIRST_NAMES), rng.pick(SURNAMES));
            perinatal.pediatrician.practice = rng.pick(PEDIATRIC_PRACTICES).to_string();
            perinatal.pediatrician.phone = phone(rng);
        }
        if perinatal.status != PerinatalStatus::Neither {
            perinatal.obstetric.name = format!("{} {}", rng.pick(&["Dr.", "Midwife"]), rng.pick(SURNAMES));
            perinatal.obstetric.practice = rng.pick(OB_PRACTICES).to_string();
            perinatal.obstetric.phone = phone(rng);
        }
    }
    if status == ClientStatus::Discharged && perinatal.status == PerinatalStatus::Pregnant {
        // Long discharged: the due date has passed; what stays on record is postpartum.
        if let Ok(Some(due)) = crate::register::parse_date(&perinatal.due_date) {
            if due <= today {
                perinatal.status = PerinatalStatus::Postpartum;
                perinatal.baby_birth_date = iso(due);
                perinatal.due_date = String::new();
            }
        }
    }
    (fields, discharge)
}

fn phone(rng: &mut SplitMix64) -> String {
    format!("({}) 555-01{:02}", rng.pick(&["573", "314", "816", "417", "660", "636"]), rng.range(0, 99))
}

fn days_before(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap_or(date)
}

const FIRST_NAMES: &[&str] = &[
    "Amara",
    "Beatriz",
    "Chiara",
    "Dalia",
    "Esi",
    "Farah",
    "Greta",
    "Hana",
    "Ifeoma",
    "Jolene",
    "Kiri",
    "Leilani",
    "Marisol",
    "Nadia",
    "Oksana",
    "Priya",
    "Quinn",
    "Rosalind",
    "Saoirse",
    "Tamsin",
    "Ula",
    "Valeria",
    "Wren",
    "Ximena",
    "Yael",
    "Zainab",
    "Adaeze",
    "Brigid",
    "Camila",
    "Delphine",
    "Elif",
    "Fatima",
    "Guadalupe",
    "Hollis",
    "Ines",
    "Jun",
    "Kalani",
    "Lucía",
    "Mirela",
    "Noor",
    "Odette",
    "Paloma",
    "Renata",
    "Sunniva",
    "Thandiwe",
    "Vesna",
    "Winona",
    "Yesenia",
    "Zofia",
    "Aurelie",
    "Bronwyn",
    "Coralie",
    "Dagny",
    "Emeka",
    "Ngozi",
    "Mei",
    "Sakura",
    "Anouk",
    "Maëlle",
    "Siobhan",
];

const SURNAMES: &[&str] = &[
    "Abernathy",
    "Brightwater",
    "Castellanos",
    "Duvall",
    "Ekwueme",
    "Fairweather",
    "Galvano",
    "Hollowell",
    "Ishikawa",
    "Jaramillo",
    "Kowalczyk",
    "Lindqvist",
    "Marchetti",
    "Nakashima",
    "Okonkwo",
    "Pellegrino",
    "Quintanilla",
    "Rasmussen",
    "Szymanski",
    "Thistlewood",
    "Underhill",
    "Valdivia",
    "Whitcombe",
    "Yildirim",
    "Zamora",
    "Achterberg",
    "Blackwood",
    "Cardenas",
    "Delacroix",
    "Esposito",
    "Fennimore",
    "Gallagher",
    "Haddad",
    "Iwu",
    "Janssen",
    "Kaminski",
    "Larkspur",
    "Mbeki",
    "Nørgaard",
    "Oyelaran",
    "Petrossian",
    "Ravenscroft",
    "Sandoval",
    "Tanaka",
    "Umberfield",
    "Vasquez-Reyes",
    "Winterbourne",
    "Xiong",
    "Yamamoto",
    "Zielinski",
    "Ó Briain",
    "Moreau",
    "Adeyemi",
    "Castillo",
    "Lindgren",
    "Novak",
];

const PARTNER_NAMES: &[&str] = &[
    "Aaron", "Bastian", "Caleb", "Dario", "Emil", "Felix", "Gideon", "Hamid", "Ivo", "Jonah", "Kwame", "Luca", "Mateo",
    "Nikolai", "Oren", "Pablo", "Rafael", "Soren", "Tobias", "Viktor", "Jordan", "Alex", "Sam", "Riley",
];

const NICKNAMES: &[&str] = &["Bea", "Dee", "Lani", "Mari", "Roz", "Tam", "Val", "Zo", "Nell", "Kit"];
const ALIASES: &[&str] = &["Birch", "Cedar", "Fern", "Heron", "Juniper", "Maple", "Sparrow", "Willow", "Wren", "Sage"];
const STREETS: &[&str] = &["Ashgrove", "Bluebell", "Cobble Creek", "Dogwood", "Elmridge", "Foxglove", "Greenbriar"];
const PLACES: &[(&str, &str)] = &[
    ("MO", "Columbia"),
    ("MO", "Jefferson City"),
    ("MO", "Fulton"),
    ("MO", "Rolla"),
    ("MO", "St. Louis"),
    ("MO", "Kansas City"),
    ("MO", "Springfield"),
    ("MO", "Boonville"),
    ("KS", "Overland Park"),
    ("MO", "Hermann"),
];
const EMPLOYERS: &[&str] = &[
    "Millbrook Regional Hospital",
    "Cedar Ridge School District",
    "Prairie Mercantile Co-op",
    "Osage Valley Credit Union",
    "Hartwell & Finch Accounting",
    "Bluestem Veterinary Clinic",
    "County Public Library",
];
const FAITH_COMMUNITIES: &[&str] =
    &["First Church of Millbrook", "St. Brigid's Parish", "Riverside Fellowship", "Beth Shalom Congregation"];
const SCHOOLS: &[&str] = &["Cedar Ridge Elementary", "Little Acorns Preschool", "Millbrook Montessori"];
const OB_PRACTICES: &[&str] =
    &["Boone Valley Women's Health", "Riverbend Midwifery", "Capital Region OB/GYN", "Prairie Birth Center"];
const PEDIATRIC_PRACTICES: &[&str] =
    &["Little Sprouts Pediatrics", "Millbrook Family Medicine", "Oakleaf Children's Clinic"];
const FEEDING: &[&str] = &["Breastfeeding", "Formula", "Combination feeding", "Pumping, bottle at night"];
const LOSS_HISTORY: &[&str] = &[
    "One early miscarriage before this pregnancy.",
    "Stillbirth at 36 weeks, three years before intake.",
    "Two early losses; anxious in the first trimester.",
];
const SUPPORT_NOTES: &[&str] = &[
    "Partner works nights; mother nearby helps on weekends.",
    "Recently moved; no family in the area yet.",
    "Close friend from church brings meals; partner supportive.",
    "Sister lives with the family since the birth.",
    "Attends a new-parents group on Thursdays.",
    "",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_larger_demo_as_the_window_benchmarks_make_is_made_whole() {
        let temp = tempfile::tempdir().expect("temp");
        let dir = DataDir::new(temp.path().join("demo"));
        let passphrase = create_with(&dir, 2_000).expect("a demo of 2,000 clients");
        let session = vault::unlock(&dir, &Passphrase::new(passphrase.to_string())).expect("opens");
        let clients: i64 = session.conn().query_row("SELECT count(*) FROM clients", [], |r| r.get(0)).expect("count");
        assert_eq!(clients, 2_000);
    }

    #[test]
    fn the_demo_vault_opens_with_the_passphrase_it_prints() {
        let temp = tempfile::tempdir().expect("temp");
        let dir = DataDir::new(temp.path().join("demo"));
        let passphrase = create(&dir).expect("demo vault");
        assert_eq!(passphrase.split(' ').count(), 4);
        assert!(crate::passphrase::check(&passphrase).acceptable);
        let session = vault::unlock(&dir, &Passphrase::new(passphrase.to_string())).expect("opens");
        let count = |status: &str| -> i64 {
            session
                .conn()
                .query_row("SELECT count(*) FROM clients WHERE status = ?1", [status], |r| r.get(0))
                .expect("count")
        };
        assert_eq!((count("prospective"), count("active"), count("discharged")), (5, 40, 300));
        let seen_after_discharge: i64 = session
            .conn()
            .query_row(
                "SELECT count(*) FROM clients WHERE status = 'discharged' AND last_attended_on > discharge_date",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(seen_after_discharge, 0, "a discharged client's last session comes before her discharge");
        let kinds = |sql: &str| -> Vec<String> {
            let mut stmt = session.conn().prepare(sql).expect("query");
            stmt.query_map([], |r| r.get(0)).expect("rows").collect::<Result<_, _>>().expect("read")
        };
        let all = "SELECT kind || '/' || status || '/' || (signed_at IS NOT NULL) FROM notes
                   UNION SELECT kind || '/' || status || '/' || (signed_at IS NOT NULL) FROM psychotherapy_notes";
        let seen = kinds(&format!("SELECT DISTINCT * FROM ({all}) ORDER BY 1"));
        for expected in [
            "progress/private/1",
            "progress/shareable/1",
            "progress/private/0",
            "contact/private/1",
            "discharge/private/1",
            "psychotherapy/protected/1",
        ] {
            assert!(seen.iter().any(|s| s == expected), "the demo has no {expected}: {seen:?}");
        }
        let addenda = kinds("SELECT count(*) || '' FROM addenda");
        assert_ne!(addenda, ["0"], "some addenda");
        let today = Local::now().date_naive();
        assert!(!crate::notes::overdue_drafts(session.conn(), None, today, true).expect("overdue").is_empty());
        // The schedule: weekly and every-other-week series ahead, what happened so far, a week away
        // with its appointments cancelled, and one double booking to see the warning.
        let repeats = kinds("SELECT DISTINCT repeat FROM appointment_series ORDER BY 1");
        assert!(repeats.contains(&"weekly".into()) && repeats.contains(&"every_other_week".into()), "{repeats:?}");
        let missed = kinds(
            "SELECT DISTINCT attendance FROM sessions WHERE series_id IS NOT NULL AND attendance <> 'scheduled'
             ORDER BY 1",
        );
        for outcome in ["attended", "late_cancel", "no_show", "therapist_cancelled"] {
            assert!(missed.iter().any(|m| m == outcome), "no {outcome} in the schedule: {missed:?}");
        }
        let ahead = kinds(&format!(
            "SELECT count(*) || '' FROM sessions WHERE attendance = 'scheduled' AND date > '{}'",
            today.format("%Y-%m-%d")
        ));
        assert!(ahead[0].parse::<u32>().expect("count") > 200, "months of appointments ahead: {ahead:?}");
        assert_eq!(kinds("SELECT label FROM away_days"), ["Conference"]);
        let doubled = kinds(
            "SELECT count(*) || '' FROM sessions a JOIN sessions b ON a.date = b.date AND a.id < b.id
               AND a.start_time < b.end_time AND b.start_time < a.end_time
             WHERE a.attendance = 'scheduled' AND b.attendance = 'scheduled' AND a.series_id IS NOT NULL
               AND a.date > date('now', '+1 day')",
        );
        assert_eq!(doubled, ["1"], "one double booking ahead");

        // Consent as a practice has it: most signed, some waiting to re-sign, some not yet.
        let waiting = crate::consent::reconsent_list(session.conn(), false, today).expect("re-consent");
        assert!(!waiting.is_empty(), "some clients signed the older informed consent");
        let unsigned = kinds(
            "SELECT count(*) || '' FROM clients c WHERE status = 'active' AND NOT EXISTS
             (SELECT 1 FROM consent_signatures s WHERE s.client_id = c.id)",
        );
        assert_ne!(unsigned, ["0"], "a few active clients have signed nothing yet");
        // Measures: EPDS series for the perinatal clients, and no self-harm alert.
        let epds = kinds("SELECT count(DISTINCT client_id) || '' FROM measures WHERE kind = 'epds'");
        assert_ne!(epds, ["0"]);
        assert_eq!(kinds("SELECT count(*) || '' FROM measures WHERE self_harm = 1"), ["0"]);
        // The law at work: one subpoena answered in part, her record on hold; one court-ordered
        // release; one conversation under an authorization.
        let open = crate::disclosure::subpoenas::open(session.conn(), today).expect("subpoenas");
        assert_eq!(open.len(), 1);
        assert!(open[0].hold.as_ref().is_some_and(|h| h.lifted_on.is_none()), "her record is on hold");
        let bases = kinds("SELECT basis || '/' || accountable FROM disclosure_ledger ORDER BY seq");
        assert_eq!(bases, ["court_order/1", "authorization/0"]);
        // Licensed where its sessions happen: no telehealth session is in a state it lacks.
        let profile = crate::consent::profile::load(session.conn()).expect("profile");
        let states = kinds("SELECT DISTINCT location_state FROM sessions WHERE modality <> 'in_person'");
        assert!(!states.is_empty() && states.iter().all(|s| profile.licensed_in(s)), "{states:?}");
    }
}

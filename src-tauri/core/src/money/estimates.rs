//! Good Faith Estimates (No Surprises Act, 45 CFR 149.610) for self-pay clients: the sessions
//! she expects to give over up to twelve months, priced at her fees (or the client's sliding
//! scale), with every element the rule asks for. Each estimate issued is kept as issued: what
//! it said is stored (version, date, content and its hash) and printed again from that, never
//! rebuilt from today's fees. Today reminds her of a self-pay client with an appointment ahead
//! and no estimate covering it, and of charges that passed an estimate by $400 or more (the
//! amount from which the client may start the patient-provider dispute resolution process).

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::entries;
use super::fees::{self, require_client, Fee, Service};
use super::papers::{Patient, Provider};
use super::{dollars, invalid, MoneyError};
use crate::clinical::diagnoses;
use crate::forms::{Block, Span};
use crate::hash::hash_parts;
use crate::time::{iso, long_date, long_date_of, now_utc, parse_day};
use crate::vault::Session;

/// Charges this much above an estimate open the dispute process: $400.
pub const DISPUTE_THRESHOLD_CENTS: i64 = 40_000;

/// What she expects to give.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EstimateInput {
    pub client_id: i64,
    pub period_from: String,
    /// 1 to 12.
    pub months: u32,
    pub items: Vec<ItemInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemInput {
    pub service: Service,
    pub count: u32,
}

/// One line of an estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub label: String,
    pub code: String,
    pub count: u32,
    pub fee_cents: i64,
    pub total_cents: i64,
}

/// Everything an estimate says, as issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstimatePaper {
    pub version: u32,
    pub issued_on: String,
    pub provider: Provider,
    pub patient: Patient,
    pub period_from: String,
    pub period_to: String,
    pub items: Vec<Item>,
    pub diagnosis_codes: Vec<String>,
    pub total_cents: i64,
}

/// An estimate as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    pub id: i64,
    pub client_id: i64,
    pub version: u32,
    pub issued_on: String,
    pub period_from: String,
    pub period_to: String,
    pub total_cents: i64,
    pub content_hash: String,
    /// Charges in its period that stand and are not waived.
    pub charged_cents: i64,
}

impl Estimate {
    /// Whether the charges passed it by $400 or more.
    pub fn exceeded(&self) -> bool {
        self.charged_cents - self.total_cents >= DISPUTE_THRESHOLD_CENTS
    }
}

/// The estimate as it would be issued today (its version the next of the client's), priced at
/// the fees in force on its first day.
pub fn draft(conn: &Connection, input: &EstimateInput, today: NaiveDate) -> Result<EstimatePaper, MoneyError> {
    let from = parse_day(&input.period_from).ok_or_else(|| invalid("periodFrom", "Give the first day it covers."))?;
    if !(1..=12).contains(&input.months) {
        return Err(invalid("months", "An estimate covers 1 to 12 months."));
    }
    if input.items.is_empty() || input.items.iter().any(|i| i.count == 0 || i.count > 400) {
        return Err(invalid("items", "List each expected service with how many times (1 to 400)."));
    }
    require_client(conn, input.client_id)?;
    let to = from.checked_add_months(Months::new(input.months)).and_then(|d| d.pred_opt()).unwrap_or(from);
    let mut items = Vec::new();
    for (i, wanted) in input.items.iter().enumerate() {
        if !wanted.service.is_session() {
            return Err(invalid(
                "items",
                "An estimate lists expected sessions, not late cancellations or missed appointments.",
            ));
        }
        if input.items[..i].iter().any(|earlier| earlier.service == wanted.service) {
            return Err(invalid("items", "List each service once, with how many times."));
        }
        let Some(fee) = fees::price(conn, input.client_id, wanted.service, from)? else {
            let label = wanted.service.default_label();
            return Err(invalid(
                "items",
                &format!("{label} has no fee yet: set one in Settings, Fees, or leave it out."),
            ));
        };
        let count = i64::from(wanted.count);
        items.push(Item {
            label: fee.label,
            code: fee.code,
            count: wanted.count,
            fee_cents: fee.cents,
            total_cents: fee.cents * count,
        });
    }
    let diagnosis_codes =
        diagnoses::current(conn, input.client_id)?.into_iter().filter(|d| d.status.active()).map(|d| d.code).collect();
    let version: u32 = conn.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM estimates WHERE client_id = ?1",
        [input.client_id],
        |r| r.get(0),
    )?;
    Ok(EstimatePaper {
        version,
        issued_on: iso(today),
        provider: Provider::load(conn)?,
        patient: Patient::load(conn, input.client_id)?,
        period_from: iso(from),
        period_to: iso(to),
        total_cents: items.iter().map(|i| i.total_cents).sum(),
        items,
        diagnosis_codes,
    })
}

/// The services an estimate can list, priced for the client on its first day (her fee, or the
/// client's sliding scale): every session she has a fee for, never a late cancellation or a
/// missed appointment, which no one expects.
pub fn offer(conn: &Connection, client_id: i64, from: NaiveDate) -> Result<Vec<Fee>, MoneyError> {
    let mut offered = Vec::new();
    for service in Service::ALL.into_iter().filter(|s| s.is_session()) {
        if let Some(fee) = fees::price(conn, client_id, service, from)? {
            offered.push(fee);
        }
    }
    Ok(offered)
}

/// Keeps an estimate as issued, in the caller's transaction (the one that records its paper).
pub(crate) fn keep(conn: &Connection, client_id: i64, paper: &EstimatePaper) -> Result<i64, MoneyError> {
    let content =
        serde_json::to_string(paper).map_err(|_| MoneyError::NotAllowed("The estimate could not be kept.".into()))?;
    let hash = hash_parts(&[&content]);
    conn.execute(
        "INSERT INTO estimates (client_id, version, issued_on, period_from, period_to, total_cents, content,
             content_hash, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            client_id,
            paper.version,
            paper.issued_on,
            paper.period_from,
            paper.period_to,
            paper.total_cents,
            content,
            &hash[..8],
            now_utc()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

const ESTIMATE_COLUMNS: &str = "e.id, e.client_id, e.version, e.issued_on, e.period_from, e.period_to, e.total_cents,
    e.content_hash,
    coalesce((SELECT sum(m.cents) FROM money_entries m WHERE m.client_id = e.client_id AND m.kind = 'charge'
        AND m.on_date BETWEEN e.period_from AND e.period_to
        AND NOT EXISTS (SELECT 1 FROM money_entries r WHERE r.applies_to = m.id AND r.kind = 'reversal')
        AND NOT EXISTS (SELECT 1 FROM money_entries w WHERE w.applies_to = m.id AND w.kind = 'waiver'
            AND NOT EXISTS (SELECT 1 FROM money_entries r WHERE r.applies_to = w.id AND r.kind = 'reversal'))), 0)";

fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<Estimate> {
    Ok(Estimate {
        id: row.get(0)?,
        client_id: row.get(1)?,
        version: row.get(2)?,
        issued_on: row.get(3)?,
        period_from: row.get(4)?,
        period_to: row.get(5)?,
        total_cents: row.get(6)?,
        content_hash: row.get(7)?,
        charged_cents: row.get(8)?,
    })
}

/// A client's estimates, newest first.
pub fn list(conn: &Connection, client_id: i64) -> Result<Vec<Estimate>, MoneyError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ESTIMATE_COLUMNS} FROM estimates e WHERE e.client_id = ?1 ORDER BY e.version DESC"
    ))?;
    let estimates = stmt.query_map([client_id], read)?.collect::<Result<Vec<_>, _>>()?;
    Ok(estimates)
}

/// What an estimate said when it was issued.
pub fn paper(conn: &Connection, id: i64) -> Result<(i64, EstimatePaper), MoneyError> {
    let (client_id, content): (i64, String) = conn
        .query_row("SELECT client_id, content FROM estimates WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or(MoneyError::NotFound("That estimate is not in the vault."))?;
    let paper = serde_json::from_str(&content)
        .map_err(|_| MoneyError::NotAllowed("This estimate could not be read.".into()))?;
    Ok((client_id, paper))
}

/// What makes an estimate due (45 CFR 149.610(b)(1)(vi)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occasion {
    /// Her first appointment, booked `on` for `appointment`.
    Booked { on: NaiveDate, appointment: NaiveDate },
    /// She asked for one `on` that day.
    Requested { on: NaiveDate },
}

/// The last day an estimate may be given: 1 business day after the booking when the appointment
/// is at least 3 business days ahead, 3 business days after it when at least 10 ahead, and 3
/// after her request. None when booked less than 3 business days ahead (the rule sets no
/// deadline; Today still reminds her). Business days are Monday to Friday: her days away in the
/// schedule are not holidays for the law, so they are not skipped.
pub fn due_by(occasion: Occasion) -> Option<NaiveDate> {
    match occasion {
        Occasion::Requested { on } => Some(business_days_after(on, 3)),
        Occasion::Booked { on, appointment } => match business_days_from(on, appointment) {
            ahead if ahead >= 10 => Some(business_days_after(on, 3)),
            ahead if ahead >= 3 => Some(business_days_after(on, 1)),
            _ => None,
        },
    }
}

fn business_day(day: NaiveDate) -> bool {
    day.weekday().number_from_monday() <= 5
}

/// The business days after `from`, up to and including `to`.
fn business_days_from(from: NaiveDate, to: NaiveDate) -> i64 {
    from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| business_day(*d)).count() as i64
}

/// The `n`-th business day after `day`.
fn business_days_after(day: NaiveDate, n: usize) -> NaiveDate {
    day.iter_days().skip(1).filter(|d| business_day(*d)).nth(n.saturating_sub(1)).unwrap_or(day)
}

/// Records that the client asked for a Good Faith Estimate `today`, and says by when it is due
/// (3 business days). Only a client who pays for herself is owed one.
pub fn record_request(session: &mut Session, client_id: i64, today: NaiveDate) -> Result<NaiveDate, MoneyError> {
    let tx = session.conn_mut().transaction()?;
    require_client(&tx, client_id)?;
    if !fees::billing(&tx, client_id)?.self_pay {
        return Err(MoneyError::NotAllowed(
            "She is billed to her insurer: a Good Faith Estimate is for clients who pay for themselves. Mark her \
             self-pay in her billing details first."
                .into(),
        ));
    }
    tx.execute(
        "INSERT INTO estimate_requests (client_id, requested_on, recorded_at) VALUES (?1, ?2, ?3)",
        params![client_id, iso(today), now_utc()],
    )?;
    tx.commit()?;
    Ok(due_by(Occasion::Requested { on: today }).unwrap_or(today))
}

/// A reminder on Today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EstimateReminder {
    pub kind: ReminderKind,
    pub client_id: i64,
    pub code: String,
    /// Needed: her next appointment.
    pub next_on: Option<String>,
    /// Needed: the day it is due by ([`due_by`]), when the rule sets one.
    pub due_on: Option<String>,
    /// Needed: past the day it was due.
    pub overdue: bool,
    /// Passed: the estimate's version, and by how much.
    pub version: Option<u32>,
    pub by_cents: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// A self-pay client with an appointment ahead and no estimate covering it.
    Needed,
    /// Charges in an estimate's period passed it by $400 or more.
    Exceeded,
}

/// Posts the charges due to clients whose latest estimate has a session in its period, up to
/// today, that was held, cancelled late or missed and has no charge yet ([`reminders`] counts
/// only posted charges). Posting, rather than pricing the sessions again here, keeps one rule for
/// what is charged (`entries::post_charges`); and finding those clients first is one indexed
/// query, so Today posts nothing and stays fast when her pages were opened since.
pub fn post_charges_under_estimates(session: &mut Session, today: NaiveDate) -> Result<u32, MoneyError> {
    let clients: Vec<i64> = session
        .conn()
        .prepare_cached(
            "SELECT DISTINCT e.client_id FROM estimates e JOIN sessions s ON s.client_id = e.client_id
             WHERE e.version = (SELECT max(l.version) FROM estimates l WHERE l.client_id = e.client_id)
                 AND s.date >= e.period_from AND s.date <= min(e.period_to, ?1)
                 AND s.attendance IN ('attended', 'late_cancel', 'no_show')
                 AND NOT EXISTS (SELECT 1 FROM money_entries m WHERE m.session_id = s.id AND m.kind = 'charge')",
        )?
        .query_map([iso(today)], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if clients.is_empty() {
        return Ok(0);
    }
    let tx = session.conn_mut().transaction()?;
    let mut written = 0;
    for client_id in clients {
        written += entries::post_charges_in(&tx, Some(client_id), today)?;
    }
    tx.commit()?;
    Ok(written)
}

pub fn reminders(conn: &Connection, today: NaiveDate) -> Result<Vec<EstimateReminder>, MoneyError> {
    use crate::schedule::ScheduleError;
    let zone = crate::schedule::zone::zone(conn).map_err(|error| match error {
        ScheduleError::Vault(vault) => MoneyError::Vault(vault),
        other => MoneyError::NotAllowed(other.to_string()),
    })?;
    let day = today;
    let today = iso(today);
    let mut out = Vec::new();
    // Her next appointment, and the day it was booked (its row's creation, at the practice).
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.code, n.date, n.created_at
         FROM clients c
         JOIN sessions n ON n.id = (SELECT s.id FROM sessions s WHERE s.client_id = c.id
             AND s.attendance = 'scheduled' AND s.date >= ?1 ORDER BY s.date, s.start_time LIMIT 1)
         WHERE c.status IN ('active', 'prospective')
             AND coalesce((SELECT b.self_pay FROM client_billing b WHERE b.client_id = c.id), 1) = 1
             AND NOT EXISTS (SELECT 1 FROM estimates e WHERE e.client_id = c.id AND e.period_to >= ?1)
         ORDER BY c.code",
    )?;
    let rows = stmt.query_map([&today], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
    })?;
    for row in rows {
        let (client_id, code, next_on, created_at) = row?;
        // Booked at the practice's day, never after today (a clock set back).
        let booked = chrono::DateTime::parse_from_rfc3339(&created_at)
            .map(|at| at.with_timezone(&zone).date_naive())
            .unwrap_or(day)
            .min(day);
        let due = parse_day(&next_on).and_then(|appointment| due_by(Occasion::Booked { on: booked, appointment }));
        out.push(EstimateReminder {
            kind: ReminderKind::Needed,
            client_id,
            code,
            next_on: Some(next_on),
            due_on: due.map(iso),
            overdue: due.is_some_and(|due| day > due),
            version: None,
            by_cents: None,
        });
    }
    // Asked for since her last estimate: due 3 business days after, or sooner if a booking says so.
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.code, max(r.requested_on) FROM estimate_requests r JOIN clients c ON c.id = r.client_id
         WHERE c.status IN ('active', 'prospective')
             AND coalesce((SELECT b.self_pay FROM client_billing b WHERE b.client_id = c.id), 1) = 1
             AND NOT EXISTS (SELECT 1 FROM estimates e WHERE e.client_id = c.id AND e.issued_on >= r.requested_on)
         GROUP BY c.id ORDER BY c.code",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    for row in rows {
        let (client_id, code, asked_on) = row?;
        let Some(due) = parse_day(&asked_on).and_then(|on| due_by(Occasion::Requested { on })) else { continue };
        match out.iter_mut().find(|r| r.client_id == client_id) {
            Some(booked) => {
                let sooner = booked.due_on.as_deref().and_then(parse_day).map_or(due, |d| d.min(due));
                booked.due_on = Some(iso(sooner));
                booked.overdue = day > sooner;
            }
            None => out.push(EstimateReminder {
                kind: ReminderKind::Needed,
                client_id,
                code,
                next_on: None,
                due_on: Some(iso(due)),
                overdue: day > due,
                version: None,
                by_cents: None,
            }),
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ESTIMATE_COLUMNS}, c.code FROM estimates e JOIN clients c ON c.id = e.client_id
         WHERE e.version = (SELECT max(version) FROM estimates l WHERE l.client_id = e.client_id)
         ORDER BY c.code"
    ))?;
    let rows = stmt.query_map([], |r| Ok((read(r)?, r.get::<_, String>(9)?)))?;
    for row in rows {
        let (estimate, code) = row?;
        if estimate.exceeded() {
            out.push(EstimateReminder {
                kind: ReminderKind::Exceeded,
                client_id: estimate.client_id,
                code,
                next_on: None,
                due_on: None,
                overdue: false,
                version: Some(estimate.version),
                by_cents: Some(estimate.charged_cents - estimate.total_cents),
            });
        }
    }
    Ok(out)
}

/// The estimate as printed: each element of 45 CFR 149.610(c) in order.
pub fn estimate_blocks(p: &EstimatePaper) -> Vec<Block> {
    let mut blocks = vec![
        Block::heading(1, "Good Faith Estimate"),
        Block::plain(format!("Estimate no. {}, issued on {}", p.version, long_date_of(&p.issued_on))),
        Block::heading(2, "For"),
        Block::Paragraph(vec![
            Span::bold(p.patient.name.clone()),
            Span::regular(format!("\nDate of birth: {}", long_date_of(&p.patient.date_of_birth))),
        ]),
        Block::heading(2, "The service"),
        Block::plain(format!(
            "Outpatient psychotherapy (talk therapy) with {}, {}, expected from {} to {}.",
            p.provider.name,
            p.provider.credentials,
            long_date_of(&p.period_from),
            long_date_of(&p.period_to)
        )),
        Block::heading(2, "Expected services and charges"),
    ];
    blocks.push(Block::BulletList(
        p.items
            .iter()
            .map(|i| {
                let code = if i.code.is_empty() { String::new() } else { format!(" (service code {})", i.code) };
                vec![
                    Span::regular(format!("{}{code}: {} × {} = ", i.label, i.count, dollars(i.fee_cents))),
                    Span::bold(dollars(i.total_cents)),
                ]
            })
            .collect(),
    ));
    let diagnoses = if p.diagnosis_codes.is_empty() { "none yet".to_owned() } else { p.diagnosis_codes.join(", ") };
    blocks.push(Block::plain(format!("Diagnosis codes: {diagnoses}")));
    blocks.push(Block::Paragraph(vec![Span::bold(format!("Total estimated charges: {}", dollars(p.total_cents)))]));
    blocks.push(Block::heading(2, "Provider"));
    blocks.push(Block::Paragraph(vec![
        Span::bold(format!("{}, {}", p.provider.name, p.provider.credentials)),
        Span::regular(format!("\nNPI {}   Tax ID {}", p.provider.npi, p.provider.tax_id)),
        Span::regular(format!("\nWhere: {} and by telehealth", p.provider.address)),
    ]));
    blocks.push(Block::heading(2, "Please know"));
    blocks.push(Block::bullets([
        "No other services are expected to be scheduled separately before or after this care.",
        "Other services may be recommended during your care. They are not in this estimate and will have \
         their own estimate if they are scheduled or requested.",
        "This is only an estimate: the services you actually receive, and their charges, may differ.",
        "This Good Faith Estimate is not a contract and does not require you to obtain the services listed.",
    ]));
    blocks.push(Block::heading(2, "Your right to dispute a bill"));
    blocks.push(Block::paragraph(
        "You have the right to start a **patient-provider dispute resolution** process if you are billed \
         **$400 or more above** this Good Faith Estimate. Contact me first to talk about the bill or ask for \
         an updated one; you may also start the process within 120 calendar days of the date on the bill. \
         To learn more and get a form, visit **www.cms.gov/nosurprises** or call 1-800-985-3059. Starting \
         a dispute will not affect the quality of the care I give you.",
    ));
    blocks.push(Block::note(
        "Keep a copy of this Good Faith Estimate and the bills you receive; you may need them. The practice \
         keeps a copy of every estimate it issues.",
    ));
    blocks.push(Block::plain(format!("Prepared on {}.", long_date(parse_day(&p.issued_on).unwrap_or_default()))));
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_day(s).expect("day")
    }

    /// Booked on Monday 6 July 2026 for `appointment`.
    fn booked_monday_for(appointment: &str) -> Option<NaiveDate> {
        due_by(Occasion::Booked { on: day("2026-07-06"), appointment: day(appointment) })
    }

    #[test]
    fn booked_three_to_nine_business_days_ahead_it_is_due_the_next_business_day() {
        // Thursday 9 July is 3 business days after Monday 6 July; Friday 17 July is 9.
        assert_eq!(booked_monday_for("2026-07-09"), Some(day("2026-07-07")));
        assert_eq!(booked_monday_for("2026-07-17"), Some(day("2026-07-07")));
    }

    #[test]
    fn booked_ten_business_days_ahead_or_more_it_is_due_within_three_business_days() {
        // Monday 20 July is 10 business days after Monday 6 July.
        assert_eq!(booked_monday_for("2026-07-20"), Some(day("2026-07-09")));
        assert_eq!(booked_monday_for("2026-12-01"), Some(day("2026-07-09")));
    }

    #[test]
    fn booked_under_three_business_days_ahead_the_rule_sets_no_deadline() {
        assert_eq!(booked_monday_for("2026-07-08"), None, "Wednesday is 2 business days ahead");
        assert_eq!(booked_monday_for("2026-07-06"), None, "the same day");
    }

    #[test]
    fn weekends_are_not_business_days() {
        // Booked Friday 10 July for Wednesday 15 July: Monday, Tuesday, Wednesday are 3 business
        // days ahead (the weekend does not count), so it is due Monday 13 July, not Saturday.
        let friday = Occasion::Booked { on: day("2026-07-10"), appointment: day("2026-07-15") };
        assert_eq!(due_by(friday), Some(day("2026-07-13")));
        // Booked Friday for Tuesday 14 July: only 2 business days ahead.
        let tuesday = Occasion::Booked { on: day("2026-07-10"), appointment: day("2026-07-14") };
        assert_eq!(due_by(tuesday), None);
        // Booked on a Saturday for far ahead: the third business day after is Wednesday.
        let saturday = Occasion::Booked { on: day("2026-07-11"), appointment: day("2026-09-01") };
        assert_eq!(due_by(saturday), Some(day("2026-07-15")));
    }

    #[test]
    fn on_request_it_is_due_within_three_business_days() {
        // Asked on Thursday 9 July: Friday, Monday, Tuesday.
        assert_eq!(due_by(Occasion::Requested { on: day("2026-07-09") }), Some(day("2026-07-14")));
    }
}

//! The money's papers, as blocks for the printer: a receipt, a monthly statement, a superbill
//! for a date range (docs/DOMAIN.md section 12: everything an insurer asks for on an
//! out-of-network claim) and a Good Faith Estimate ([`super::estimates`] keeps what it says).
//! Each is built from plain data, so `confidant forms sample` prints them for a fictional client
//! without a vault; the loaders read that data from the vault. They leave through the gate as
//! disclosures to the client herself (`disclosure::billing`), never from here.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::entries::{self, Entry, EntryKind};
use super::{dollars, invalid, MoneyError};
use crate::clinical::diagnoses;
use crate::consent::profile::{self, PracticeProfile};
use crate::forms::{Block, Metadata, Span};
use crate::time::{iso, long_date, long_date_of, now_utc, parse_day};
use crate::vault::Session;

pub const RECEIPT: Metadata = Metadata { title: "Receipt", subject: "Payment received", keywords: &["confidant"] };
pub const STATEMENT: Metadata =
    Metadata { title: "Statement", subject: "Statement of account", keywords: &["confidant"] };
pub const SUPERBILL: Metadata =
    Metadata { title: "Superbill", subject: "Statement for insurance reimbursement", keywords: &["confidant"] };
pub const ESTIMATE: Metadata = Metadata {
    title: "Good Faith Estimate",
    subject: "Good Faith Estimate of expected charges",
    keywords: &["confidant"],
};

/// Her NPI and tax ID, which only the money's papers print.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PracticeBilling {
    pub npi: String,
    pub tax_id: String,
}

pub fn practice_billing(conn: &Connection) -> Result<PracticeBilling, MoneyError> {
    Ok(conn
        .query_row("SELECT npi, tax_id FROM practice_billing WHERE id = 1", [], |r| {
            Ok(PracticeBilling { npi: r.get(0)?, tax_id: r.get(1)? })
        })
        .optional()?
        .unwrap_or_default())
}

/// Saves her NPI (ten digits with a valid check digit) and tax ID (an EIN or SSN: nine digits).
/// Not written in the audit trail: a solo practice's tax ID is often her own Social Security number.
pub fn set_practice_billing(session: &mut Session, billing: &PracticeBilling) -> Result<PracticeBilling, MoneyError> {
    let npi = billing.npi.trim();
    if !npi.is_empty() && !npi_is_valid(npi) {
        return Err(invalid("npi", "An NPI is ten digits; check it against your NPI letter."));
    }
    let tax_id = billing.tax_id.trim();
    let digits = tax_id.chars().filter(char::is_ascii_digit).count();
    if !tax_id.is_empty() && (digits != 9 || tax_id.chars().any(|c| !c.is_ascii_digit() && c != '-')) {
        return Err(invalid("taxId", "A tax ID is nine digits (12-3456789)."));
    }
    session.conn().execute(
        "INSERT INTO practice_billing (id, npi, tax_id, updated_at) VALUES (1, ?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET npi = excluded.npi, tax_id = excluded.tax_id, updated_at = excluded.updated_at",
        params![npi, tax_id, now_utc()],
    )?;
    practice_billing(session.conn())
}

/// The NPI's check digit: the Luhn formula over the number prefixed by 80840 (CMS, "Requirements
/// for NPI check digit").
fn npi_is_valid(npi: &str) -> bool {
    if npi.len() != 10 || !npi.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u32> = format!("80840{npi}").chars().filter_map(|c| c.to_digit(10)).collect();
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                if d * 2 > 9 {
                    d * 2 - 9
                } else {
                    d * 2
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The therapist as the papers name her.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub practice_name: String,
    pub name: String,
    pub credentials: String,
    /// "LPC 2014028917 (MO)".
    pub licenses: Vec<String>,
    pub npi: String,
    pub tax_id: String,
    pub address: String,
    pub phone: String,
}

impl Provider {
    pub fn of(profile: &PracticeProfile, billing: &PracticeBilling) -> Self {
        Self {
            practice_name: profile.practice_name.clone(),
            name: profile.therapist_name.clone(),
            credentials: profile.credentials.clone(),
            licenses: profile.licenses.iter().map(|l| format!("{} {} ({})", l.credential, l.number, l.state)).collect(),
            npi: billing.npi.clone(),
            tax_id: billing.tax_id.clone(),
            address: profile.address.clone(),
            phone: profile.phone.clone(),
        }
    }

    pub fn load(conn: &Connection) -> Result<Self, MoneyError> {
        let profile = profile::load(conn)?;
        if profile.therapist_name.trim().is_empty() {
            return Err(MoneyError::NotAllowed(PROFILE_MISSING.into()));
        }
        Ok(Self::of(&profile, &practice_billing(conn)?))
    }

    fn blocks(&self, with_ids: bool) -> Vec<Block> {
        let mut lines = vec![
            Span::bold(format!("{}, {}", self.name, self.credentials)),
            Span::regular(format!("\n{}", self.practice_name)),
            Span::regular(format!("\n{}", self.address)),
            Span::regular(format!("\nPhone {}", self.phone)),
        ];
        if with_ids {
            lines.push(Span::regular(format!("\nLicense {}", self.licenses.join(", "))));
            lines.push(Span::regular(format!("\nNPI {}   Tax ID {}", self.npi, self.tax_id)));
        }
        vec![Block::Paragraph(lines)]
    }
}

const PROFILE_MISSING: &str = "Fill in the practice profile in Settings before printing.";

/// The client as the papers name her.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Patient {
    pub name: String,
    pub date_of_birth: String,
    pub address: String,
    pub code: String,
}

impl Patient {
    pub fn load(conn: &Connection, client_id: i64) -> Result<Self, MoneyError> {
        let client = crate::register::get(conn, client_id)?;
        Ok(Self {
            name: client.fields.legal_name,
            date_of_birth: client.fields.date_of_birth,
            address: client.fields.contact.address,
            code: client.code,
        })
    }

    fn block(&self, heading: &str) -> Block {
        let mut spans = vec![
            Span::bold(format!("{heading}: ")),
            Span::regular(self.name.clone()),
            Span::regular(format!("\nDate of birth: {}", long_date_of(&self.date_of_birth))),
        ];
        if !self.address.trim().is_empty() {
            spans.push(Span::regular(format!("\nAddress: {}", self.address.trim())));
        }
        Block::Paragraph(spans)
    }
}

/// A receipt for one payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub provider: Provider,
    pub patient: Patient,
    pub number: i64,
    pub payment: Entry,
    pub balance_cents: i64,
    pub today: NaiveDate,
}

pub fn receipt(conn: &Connection, payment_id: i64, today: NaiveDate) -> Result<Receipt, MoneyError> {
    let payment = entries::get(conn, payment_id)?;
    if payment.kind != EntryKind::Payment {
        return Err(MoneyError::NotAllowed("A receipt is for a payment.".into()));
    }
    let balance_cents = entries::account(conn, payment.client_id)?.balance_cents;
    Ok(Receipt {
        provider: Provider::load(conn)?,
        patient: Patient::load(conn, payment.client_id)?,
        number: payment.id,
        payment,
        balance_cents,
        today,
    })
}

pub fn receipt_blocks(r: &Receipt) -> Vec<Block> {
    let mut blocks = vec![Block::heading(1, format!("Receipt no. {}", r.number))];
    blocks.extend(r.provider.blocks(true));
    blocks.push(r.patient.block("Received from"));
    let method = r.payment.method.map(|m| m.label()).unwrap_or_default();
    let reference = if r.payment.reference.is_empty() { String::new() } else { format!(" ({})", r.payment.reference) };
    blocks.push(Block::Paragraph(vec![
        Span::bold(format!("{} received on {}", dollars(-r.payment.cents), long_date_of(&r.payment.on_date))),
        Span::regular(format!("\nPaid by: {method}{reference}")),
        Span::regular(format!(
            "\nFor psychotherapy services. Balance on {}: {}",
            long_date(r.today),
            dollars(r.balance_cents)
        )),
    ]));
    if r.payment.reversed {
        blocks.push(Block::note("**This payment was later reversed.**"));
    }
    blocks.push(Block::signature(format!("{}, {}", r.provider.name, r.provider.credentials)));
    blocks
}

/// A month's statement: what she owed at its start, its entries, what she owes at its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub provider: Provider,
    pub patient: Patient,
    pub first_day: NaiveDate,
    pub opening_cents: i64,
    pub entries: Vec<Entry>,
    pub closing_cents: i64,
}

pub fn statement(conn: &Connection, client_id: i64, year: i32, month: u32) -> Result<Statement, MoneyError> {
    let first_day =
        NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| invalid("month", "Give a month and a year."))?;
    let next = first_day.checked_add_months(chrono::Months::new(1)).unwrap_or(first_day);
    let account = entries::account(conn, client_id)?;
    let (first, next) = (iso(first_day), iso(next));
    let opening_cents = account.entries.iter().filter(|e| e.on_date < first).map(|e| e.cents).sum();
    let entries: Vec<Entry> = account.entries.into_iter().filter(|e| e.on_date >= first && e.on_date < next).collect();
    let closing_cents = opening_cents + entries.iter().map(|e| e.cents).sum::<i64>();
    Ok(Statement {
        provider: Provider::load(conn)?,
        patient: Patient::load(conn, client_id)?,
        first_day,
        opening_cents,
        entries,
        closing_cents,
    })
}

/// "Therapy session, 45 minutes (90834)", "Payment, check 1042", "Waived: ...".
pub fn describe(entry: &Entry) -> String {
    match entry.kind {
        EntryKind::Charge if entry.code.is_empty() => entry.label.clone(),
        EntryKind::Charge => format!("{} ({})", entry.label, entry.code),
        EntryKind::Payment => {
            let method = entry.method.map(|m| m.label()).unwrap_or_default();
            if entry.reference.is_empty() {
                format!("Payment, {method}")
            } else {
                format!("Payment, {method} {}", entry.reference)
            }
        }
        EntryKind::Waiver => "Fee waived".into(),
        EntryKind::Reversal => "Correction of an earlier entry".into(),
    }
}

pub fn statement_blocks(s: &Statement) -> Vec<Block> {
    let mut blocks = vec![Block::heading(1, format!("Statement for {}", s.first_day.format("%B %Y")))];
    blocks.extend(s.provider.blocks(false));
    blocks.push(s.patient.block("Statement for"));
    blocks.push(Block::plain(format!("Balance on {}: {}", long_date(s.first_day), dollars(s.opening_cents))));
    if s.entries.is_empty() {
        blocks.push(Block::plain("No charges or payments this month."));
    } else {
        blocks.push(Block::BulletList(
            s.entries
                .iter()
                .map(|e| {
                    vec![
                        Span::regular(format!("{}   {}   ", long_date_of(&e.on_date), describe(e))),
                        Span::bold(dollars(e.cents)),
                    ]
                })
                .collect(),
        ));
    }
    blocks.push(Block::Paragraph(vec![Span::bold(format!("Balance due: {}", dollars(s.closing_cents.max(0))))]));
    if s.closing_cents < 0 {
        blocks.push(Block::plain(format!("In credit: {}", dollars(-s.closing_cents))));
    }
    blocks
}

/// The billing section of a record copy or a release packet: each entry the gate let go, oldest
/// first, with its date, what it was (service code and label, or the payment), its amount and
/// the balance the listed entries run to. No card number is ever kept, so none is printed.
pub fn billing_blocks(entries: &[Entry]) -> Vec<Block> {
    if entries.is_empty() {
        return Vec::new();
    }
    let mut balance = 0;
    let lines = entries
        .iter()
        .map(|e| {
            balance += e.cents;
            let amount = match e.kind {
                EntryKind::Charge => format!("charged {}", dollars(e.cents)),
                EntryKind::Payment => format!("paid {}", dollars(-e.cents)),
                EntryKind::Waiver => format!("waived {}", dollars(-e.cents)),
                EntryKind::Reversal => format!("corrected by {}", dollars(e.cents)),
            };
            vec![
                Span::bold(format!("{}: ", long_date_of(&e.on_date))),
                Span::regular(format!("{}; {amount}; balance {}.", describe(e), dollars(balance))),
            ]
        })
        .collect();
    vec![
        Block::heading(2, "Billing records"),
        Block::note("Charges, payments and corrections, in US dollars; the balance runs over the entries listed."),
        Block::BulletList(lines),
    ]
}

/// One date of service on a superbill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceLine {
    pub on_date: String,
    pub place: String,
    pub code: String,
    pub modifier: String,
    /// Letters of the diagnoses it treats: `A,B`.
    pub pointers: String,
    pub units: i64,
    pub fee_cents: i64,
    pub paid_cents: i64,
}

/// A superbill for a date range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Superbill {
    pub provider: Provider,
    pub patient: Patient,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `(letter, code, label)`, the primary first; at most twelve, as a claim form holds.
    pub diagnoses: Vec<(char, String, String)>,
    pub lines: Vec<ServiceLine>,
    pub today: NaiveDate,
}

/// The superbill of a client's sessions from `from` to `to`: each charge for a session that
/// stands and is not waived (a waived fee is not claimed), what of it was paid (her payments
/// applied to her charges oldest first), and her current diagnoses.
pub fn superbill(
    conn: &Connection,
    client_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Superbill, MoneyError> {
    if to < from || (to - from).num_days() > 366 {
        return Err(invalid("to", "A superbill covers one day to a year."));
    }
    let account = entries::account(conn, client_id)?;
    let paid = entries::paid_by_charge(&account);
    let mut current = diagnoses::current(conn, client_id)?;
    current.retain(|d| d.status.active());
    current.sort_by_key(|d| !d.primary);
    let diagnoses: Vec<(char, String, String)> =
        current.into_iter().zip('A'..='L').map(|(d, letter)| (letter, d.code, d.label)).collect();
    let pointers: String =
        diagnoses.iter().take(4).map(|(letter, _, _)| letter.to_string()).collect::<Vec<_>>().join(",");
    let (first, last) = (iso(from), iso(to));
    let lines = account
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::Charge && e.stands() && !e.waived && !e.code.is_empty())
        .filter(|e| e.service.is_some_and(|s| s.is_session()) && e.on_date >= first && e.on_date <= last)
        .map(|e| ServiceLine {
            on_date: e.on_date.clone(),
            place: e.place.clone(),
            code: e.code.clone(),
            modifier: e.modifier.clone(),
            pointers: pointers.clone(),
            units: e.units,
            fee_cents: e.cents,
            paid_cents: paid.get(&e.id).copied().unwrap_or_default(),
        })
        .collect();
    Ok(Superbill {
        provider: Provider::load(conn)?,
        patient: Patient::load(conn, client_id)?,
        from,
        to,
        diagnoses,
        lines,
        today,
    })
}

const PLACES: &str = "Place of service: 11 office; 02 telehealth, the client not at home; 10 telehealth in the \
                      client's home. Modifier 95: synchronous telehealth by video; 93: by telephone (audio only).";

pub fn superbill_blocks(s: &Superbill) -> Vec<Block> {
    let mut blocks = vec![
        Block::heading(1, "Superbill"),
        Block::plain(format!("Services from {} to {}", long_date(s.from), long_date(s.to))),
        Block::heading(2, "Provider"),
    ];
    blocks.extend(s.provider.blocks(true));
    blocks.push(Block::heading(2, "Client"));
    blocks.push(s.patient.block("Client"));
    blocks.push(Block::heading(2, "Diagnoses (ICD-10-CM)"));
    if s.diagnoses.is_empty() {
        blocks.push(Block::plain("None recorded."));
    } else {
        blocks.push(Block::BulletList(
            s.diagnoses
                .iter()
                .map(|(letter, code, label)| {
                    vec![Span::bold(format!("{letter}.  {code}  ")), Span::regular(label.clone())]
                })
                .collect(),
        ));
    }
    blocks.push(Block::heading(2, "Services"));
    blocks.push(Block::note(
        "Date · place of service · service code · modifier · diagnosis pointer · units · fee · paid",
    ));
    if s.lines.is_empty() {
        blocks.push(Block::plain("No services in these dates."));
    } else {
        blocks.push(Block::BulletList(
            s.lines
                .iter()
                .map(|l| {
                    let modifier = if l.modifier.is_empty() { "—".to_owned() } else { l.modifier.clone() };
                    let pointers = if l.pointers.is_empty() { "—".to_owned() } else { l.pointers.clone() };
                    vec![Span::regular(format!(
                        "{} · POS {} · CPT {} · mod {modifier} · Dx {pointers} · {} unit · fee {} · paid {}",
                        l.on_date,
                        l.place,
                        l.code,
                        l.units,
                        dollars(l.fee_cents),
                        dollars(l.paid_cents)
                    ))]
                })
                .collect(),
        ));
    }
    let fees: i64 = s.lines.iter().map(|l| l.fee_cents).sum();
    let paid: i64 = s.lines.iter().map(|l| l.paid_cents).sum();
    blocks.push(Block::Paragraph(vec![Span::bold(format!(
        "Total fees {}   Total paid {}   Balance {}",
        dollars(fees),
        dollars(paid),
        dollars(fees - paid)
    ))]));
    blocks.push(Block::note(PLACES));
    blocks.push(Block::plain(format!(
        "I certify that these services were provided by me on the dates shown. Prepared on {}.",
        long_date(s.today)
    )));
    blocks.push(Block::signature(format!("Signature: {}, {}", s.provider.name, s.provider.credentials)));
    blocks
}

/// The papers' one month, `2026-03`, read as `(year, month)`.
pub fn parse_month(value: &str) -> Result<(i32, u32), MoneyError> {
    parse_day(&format!("{}-01", value.trim()))
        .map(|d| (d.year(), d.month()))
        .ok_or_else(|| invalid("month", "Give a month (2026-03)."))
}

/// A paper as a PDF: the practice in the header, the paper's title in the footer with its
/// reference (the client code), nothing of the client in the metadata.
pub fn render(
    metadata: Metadata,
    practice_name: &str,
    reference: &str,
    paper: crate::forms::Paper,
    blocks: Vec<Block>,
    today: NaiveDate,
) -> Result<Vec<u8>, MoneyError> {
    let document = crate::forms::Document {
        metadata,
        paper,
        date: today,
        header: crate::forms::Header { left: practice_name.to_owned(), right: metadata.title.to_owned() },
        footer: crate::forms::Footer {
            form_name: metadata.title.to_owned(),
            content_hash: reference.to_owned(),
            ..Default::default()
        },
        blocks,
    };
    crate::forms::render_pdf(&document).map_err(|e| MoneyError::Vault(crate::error::VaultError::Document(e)))
}

/// A receipt, a statement, a superbill and a Good Faith Estimate for a fictional client of a
/// fictional practice, for review without a vault (`confidant forms sample`).
pub fn samples(today: NaiveDate) -> Result<Vec<(String, Vec<u8>)>, MoneyError> {
    use super::entries::Method;
    use super::estimates::{estimate_blocks, EstimatePaper, Item};
    let profile = profile::sample();
    let provider = Provider::of(&profile, &PracticeBilling { npi: "1234567893".into(), tax_id: "12-3456789".into() });
    let patient = Patient {
        name: "Jordan Sample".into(),
        date_of_birth: "1991-06-14".into(),
        address: "22 Elm Court, Columbia, MO 65203".into(),
        code: "C0000".into(),
    };
    let day = |days: i64| today - chrono::Duration::days(days);
    let charge = |id: i64, days: i64, code: &str, place: &str, modifier: &str| Entry {
        id,
        client_id: 0,
        kind: EntryKind::Charge,
        on_date: iso(day(days)),
        cents: 18_000,
        session_id: None,
        service: Some(super::Service::Psychotherapy45),
        code: code.into(),
        label: "Therapy session, 45 minutes".into(),
        modifier: modifier.into(),
        place: place.into(),
        units: 1,
        method: None,
        reference: String::new(),
        reason: String::new(),
        applies_to: None,
        reversed: false,
        waived: false,
    };
    let mut payment = charge(3, 7, "", "", "");
    payment.kind = EntryKind::Payment;
    payment.cents = -18_000;
    payment.service = None;
    payment.label = String::new();
    payment.units = 0;
    payment.method = Some(Method::Check);
    payment.reference = "1042".into();
    let receipt = Receipt {
        provider: provider.clone(),
        patient: patient.clone(),
        number: 3,
        payment: payment.clone(),
        balance_cents: 18_000,
        today,
    };
    let first_day = today.with_day(1).unwrap_or(today);
    let statement = Statement {
        provider: provider.clone(),
        patient: patient.clone(),
        first_day,
        opening_cents: 0,
        entries: vec![charge(1, 14, "90834", "11", ""), charge(2, 7, "90834", "10", "95"), payment],
        closing_cents: 18_000,
    };
    let line = |days: i64, place: &str, modifier: &str, paid: i64| ServiceLine {
        on_date: iso(day(days)),
        place: place.into(),
        code: "90834".into(),
        modifier: modifier.into(),
        pointers: "A,B".into(),
        units: 1,
        fee_cents: 18_000,
        paid_cents: paid,
    };
    let superbill = Superbill {
        provider: provider.clone(),
        patient: patient.clone(),
        from: day(30),
        to: today,
        diagnoses: vec![
            ('A', "F53.0".into(), "Postpartum depression".into()),
            ('B', "F41.1".into(), "Generalized anxiety disorder".into()),
        ],
        lines: vec![line(21, "11", "", 18_000), line(14, "02", "95", 18_000), line(7, "10", "95", 0)],
        today,
    };
    let estimate = EstimatePaper {
        version: 1,
        issued_on: iso(today),
        provider,
        patient,
        period_from: iso(today),
        period_to: iso(today.checked_add_months(chrono::Months::new(12)).and_then(|d| d.pred_opt()).unwrap_or(today)),
        items: vec![
            Item {
                label: "Intake assessment".into(),
                code: "90791".into(),
                count: 1,
                fee_cents: 22_000,
                total_cents: 22_000,
            },
            Item {
                label: "Therapy session, 45 minutes".into(),
                code: "90834".into(),
                count: 24,
                fee_cents: 18_000,
                total_cents: 432_000,
            },
        ],
        diagnosis_codes: vec!["F53.0".into()],
        total_cents: 454_000,
    };
    let name = profile.practice_name.as_str();
    Ok(vec![
        ("receipt.pdf".into(), render(RECEIPT, name, "C0000", profile.paper, receipt_blocks(&receipt), today)?),
        ("statement.pdf".into(), render(STATEMENT, name, "C0000", profile.paper, statement_blocks(&statement), today)?),
        ("superbill.pdf".into(), render(SUPERBILL, name, "C0000", profile.paper, superbill_blocks(&superbill), today)?),
        (
            "good-faith-estimate.pdf".into(),
            render(ESTIMATE, name, "C0000", profile.paper, estimate_blocks(&estimate), today)?,
        ),
    ])
}

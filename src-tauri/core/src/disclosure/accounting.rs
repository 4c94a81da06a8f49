//! A client's request for an accounting of disclosures (45 CFR 164.528), the accounting itself,
//! and the privacy summary she can keep.
//!
//! The accounting is due within 60 days of the request, extendable once by 30 days with a
//! reason; the first in any 12 months is free. It lists the accountable entries (those made
//! without her authorization) of the 6 years before the request.

use std::path::PathBuf;

use chrono::{Days, Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::authorizations::{self, AuthorizationState};
use super::gate::{self, Audience, Item};
use super::printing::{self, name_and_birth, opening, Destination, Paper};
use super::{DisclosureError, Problems};
use crate::forms::{Block, Metadata, Span};
use crate::ledger::{self, EntryKind, LedgerEntry, NewEntry};
use crate::register;
use crate::time::{long_date_of, now_utc, parse_day};
use crate::vault::Session;

const ACCOUNTING: Metadata =
    Metadata { title: "Accounting of disclosures", subject: "Disclosures", keywords: &["confidant", "accounting"] };
const SUMMARY: Metadata = Metadata {
    title: "Privacy summary",
    subject: "Authorizations and disclosures",
    keywords: &["confidant", "privacy"],
};
const EXTENSION: Metadata = Metadata {
    title: "Accounting of disclosures: extension",
    subject: "Accounting deadline",
    keywords: &["confidant", "accounting"],
};
const DUE_DAYS: u64 = 60;
const EXTENSION_DAYS: u64 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountingRequest {
    pub id: i64,
    pub client_id: i64,
    pub requested_on: String,
    /// The start of a shorter period she asked for (`None`: the full six years).
    pub period_from: Option<String>,
    /// 60 days after the request, 90 once extended.
    pub due_on: String,
    pub extended_on: Option<String>,
    pub extension_reason: String,
    pub provided_on: Option<String>,
    /// The first request in the 12 months before this one: no fee may be charged.
    pub free: bool,
    pub overdue: bool,
}

/// "1 entry", "3 entries".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn day(iso: &str) -> NaiveDate {
    parse_day(iso).unwrap_or_default()
}

fn add_days(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(Days::new(days)).unwrap_or(d)
}

/// id, client, requested on, extended on, extension reason, provided on, period from.
type RequestRow = (i64, i64, String, Option<String>, String, Option<String>, Option<String>);

/// A client's requests, newest first.
pub fn requests(
    conn: &Connection,
    client_id: i64,
    today: NaiveDate,
) -> Result<Vec<AccountingRequest>, DisclosureError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, client_id, requested_on, extended_on, extension_reason, provided_on, period_from
         FROM accounting_requests WHERE client_id = ?1 ORDER BY requested_on, id",
    )?;
    let rows: Vec<RequestRow> = stmt
        .query_map([client_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (index, (id, client_id, requested_on, extended_on, extension_reason, provided_on, period_from)) in
        rows.iter().enumerate()
    {
        let requested = day(requested_on);
        let year_before = requested.checked_sub_months(Months::new(12)).unwrap_or(requested);
        let free = !rows[..index].iter().any(|earlier| day(&earlier.2) > year_before);
        let due = add_days(requested, if extended_on.is_some() { DUE_DAYS + EXTENSION_DAYS } else { DUE_DAYS });
        out.push(AccountingRequest {
            id: *id,
            client_id: *client_id,
            requested_on: requested_on.clone(),
            period_from: period_from.clone(),
            due_on: due.to_string(),
            extended_on: extended_on.clone(),
            extension_reason: extension_reason.clone(),
            provided_on: provided_on.clone(),
            free,
            overdue: provided_on.is_none() && today > due,
        });
    }
    out.reverse();
    Ok(out)
}

fn request(conn: &Connection, id: i64, today: NaiveDate) -> Result<AccountingRequest, DisclosureError> {
    let client_id: i64 = conn
        .query_row("SELECT client_id FROM accounting_requests WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(DisclosureError::NotFound("That accounting request is not in the vault."))?;
    requests(conn, client_id, today)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(DisclosureError::NotFound("That accounting request is not in the vault."))
}

fn problem(field: &str, message: &str) -> DisclosureError {
    let mut p = Problems::default();
    p.add(field, message);
    p.finish().expect_err("one problem")
}

/// Records the day the client asked for an accounting, and the start of a shorter period if she
/// asked for one (at most the six years before her request).
pub fn record_request(
    session: &mut Session,
    client_id: i64,
    requested_on: &str,
    period_from: Option<&str>,
    today: NaiveDate,
) -> Result<AccountingRequest, DisclosureError> {
    let requested = parse_day(requested_on).ok_or_else(|| problem("requestedOn", "Give the date she asked."))?;
    if requested > today {
        return Err(problem("requestedOn", "That date is in the future."));
    }
    let period_from = match period_from.map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(value) => {
            let from = parse_day(value).ok_or_else(|| problem("periodFrom", "That is not a date."))?;
            if from > requested {
                return Err(problem("periodFrom", "The period starts after her request."));
            }
            if from < six_years_before(requested) {
                return Err(problem("periodFrom", "An accounting covers at most the six years before the request."));
            }
            Some(from.to_string())
        }
    };
    register::get(session.conn(), client_id)?;
    session.conn().execute(
        "INSERT INTO accounting_requests (client_id, requested_on, period_from, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![client_id, requested.to_string(), period_from, now_utc()],
    )?;
    request(session.conn(), session.conn().last_insert_rowid(), today)
}

/// Takes the one 30-day extension, before the first deadline, with the reason she gives the client.
pub fn extend(
    session: &mut Session,
    id: i64,
    reason: &str,
    today: NaiveDate,
) -> Result<AccountingRequest, DisclosureError> {
    let current = request(session.conn(), id, today)?;
    if current.extended_on.is_some() {
        return Err(problem("reason", "The deadline can be extended only once."));
    }
    if current.provided_on.is_some() {
        return Err(problem("reason", "This accounting has already been given."));
    }
    if today > day(&current.due_on) {
        return Err(problem("reason", "The 60-day deadline has passed: an extension had to be taken before it."));
    }
    if reason.trim().is_empty() {
        return Err(problem("reason", "Write the reason for the delay (the client must be told it in writing)."));
    }
    if reason.trim().chars().count() > super::release::MAX_TEXT {
        return Err(problem("reason", "Keep the reason under 2,000 characters."));
    }
    session.conn().execute(
        "UPDATE accounting_requests SET extended_on = ?2, extension_reason = ?3 WHERE id = ?1",
        params![id, today.to_string(), reason.trim()],
    )?;
    request(session.conn(), id, today)
}

fn six_years_before(day: NaiveDate) -> NaiveDate {
    day.checked_sub_months(Months::new(72)).unwrap_or(day)
}

/// Prints (or saves) the letter that tells the client, before the first deadline, that her
/// accounting will come within the one 30-day extension, and why.
pub fn print_extension_letter(
    session: &mut Session,
    request_id: i64,
    destination: Destination<'_>,
    today: NaiveDate,
) -> Result<(i64, Option<PathBuf>), DisclosureError> {
    let req = request(session.conn(), request_id, today)?;
    if req.extended_on.is_none() {
        return Err(problem("reason", "Take the extension first: the letter gives its reason and the new date."));
    }
    history_may_go(req.client_id, today)?;
    let client = register::get(session.conn(), req.client_id)?;
    let entry = NewEntry::to_client(
        req.client_id,
        EntryKind::AccountingExtension,
        format!(
            "Letter: the accounting she asked for on {} will come by {}",
            long_date_of(&req.requested_on),
            long_date_of(&req.due_on)
        ),
        Vec::new(),
    );
    printing::deliver(
        session,
        destination,
        "extension",
        &entry,
        today,
        |_| {
            let mut blocks = opening("Your accounting of disclosures", long_date_of(&today.to_string()));
            blocks.push(Block::plain(format!("Dear {},", client.fields.legal_name)));
            blocks.push(Block::plain(format!(
                "On {} you asked me for an accounting of the disclosures of your information. I need more time to \
                 prepare it, and the law allows me one extension of up to 30 days: you will have it by {}.",
                long_date_of(&req.requested_on),
                long_date_of(&req.due_on)
            )));
            blocks.push(Block::Paragraph(vec![Span::bold("The reason: "), Span::regular(&req.extension_reason)]));
            blocks.push(Block::plain("If you have a question in the meantime, please ask me."));
            Ok(Paper { metadata: EXTENSION, blocks })
        },
        |_| Ok(()),
    )
}

/// The accountable entries that stand, disclosed in the 6 years before `requested` (from
/// `period_from` when she asked for a shorter period).
pub fn accountable_entries(
    conn: &Connection,
    client_id: i64,
    requested: NaiveDate,
    period_from: Option<NaiveDate>,
) -> Result<Vec<LedgerEntry>, DisclosureError> {
    let since = six_years_before(requested).max(period_from.unwrap_or(NaiveDate::MIN));
    Ok(ledger::current_entries(conn, client_id)?
        .into_iter()
        .filter(|e| e.accountable)
        .filter(|e| e.disclosed_at.get(..10).and_then(parse_day).is_some_and(|d| d >= since && d <= requested))
        .collect())
}

/// Only the client receives her history: the gate says so.
fn history_may_go(client_id: i64, today: NaiveDate) -> Result<(), DisclosureError> {
    let decision = gate::decide(client_id, Audience::Client { billing: false }, today, vec![Item::DisclosureHistory])
        .map_err(DisclosureError::Refused)?;
    if decision.may_go.is_empty() {
        return Err(DisclosureError::NotFound("The disclosure history may go to the client only."));
    }
    Ok(())
}

fn entry_blocks(entries: &[LedgerEntry]) -> Vec<Block> {
    if entries.is_empty() {
        return vec![Block::plain("None.")];
    }
    let mut blocks = Vec::new();
    for e in entries {
        blocks.push(Block::heading(3, format!("{} · {}", long_date_of(&e.disclosed_at), e.basis_label)));
        let to = [e.recipient_name.as_str(), e.recipient_address.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        for (label, value) in
            [("To", to.as_str()), ("What", &e.description), ("Purpose", &e.purpose), ("Reference", &e.reference)]
        {
            if !value.is_empty() {
                blocks.push(Block::Paragraph(vec![Span::bold(format!("{label}: ")), Span::regular(value)]));
            }
        }
    }
    blocks
}

/// Prints (or saves) the accounting for a request and records that it was given.
pub fn print_accounting(
    session: &mut Session,
    request_id: i64,
    destination: Destination<'_>,
    today: NaiveDate,
) -> Result<(i64, Option<PathBuf>), DisclosureError> {
    let req = request(session.conn(), request_id, today)?;
    history_may_go(req.client_id, today)?;
    let client = register::get(session.conn(), req.client_id)?;
    let requested = day(&req.requested_on);
    let period_from = req.period_from.as_deref().and_then(parse_day);
    let entries = accountable_entries(session.conn(), req.client_id, requested, period_from)?;
    let entry = NewEntry::to_client(
        req.client_id,
        EntryKind::Accounting,
        format!("Accounting of disclosures: {}", count(entries.len(), "entry", "entries")),
        Vec::new(),
    );
    printing::deliver(
        session,
        destination,
        "accounting",
        &entry,
        today,
        |_| {
            let prepared_for = format!(
                "For {}. Requested on {}; prepared on {}.",
                name_and_birth(&client),
                long_date_of(&req.requested_on),
                long_date_of(&today.to_string())
            );
            let mut blocks = opening("Accounting of disclosures", prepared_for);
            let period = match period_from {
                Some(from) => format!("from {} until your request", long_date_of(&from.to_string())),
                None => "in the six years before your request".to_owned(),
            };
            blocks.push(Block::note(&format!(
                "This lists the disclosures of your information made without your written authorization {period}, \
                 such as reports the law requires: for each, when, to whom, what and why. Disclosures you \
                 authorized, or made to you, are not listed here."
            )));
            blocks.push(Block::heading(2, "Disclosures"));
            blocks.extend(entry_blocks(&entries));
            Ok(Paper { metadata: ACCOUNTING, blocks })
        },
        |conn| {
            conn.execute(
                "UPDATE accounting_requests SET provided_on = ?2 WHERE id = ?1 AND provided_on IS NULL",
                params![request_id, today.to_string()],
            )?;
            Ok(())
        },
    )
}

/// Prints (or saves) the client's privacy summary: her active authorizations and every
/// disclosure of her information (except earlier summaries and accountings).
pub fn print_privacy_summary(
    session: &mut Session,
    client_id: i64,
    destination: Destination<'_>,
    today: NaiveDate,
) -> Result<(i64, Option<PathBuf>), DisclosureError> {
    history_may_go(client_id, today)?;
    let client = register::get(session.conn(), client_id)?;
    let active: Vec<_> = authorizations::list(session.conn(), client_id, today)?
        .into_iter()
        .filter(|a| a.state == AuthorizationState::Active)
        .collect();
    let history: Vec<LedgerEntry> = ledger::current_entries(session.conn(), client_id)?
        .into_iter()
        .filter(|e| {
            !matches!(e.kind, EntryKind::PrivacySummary | EntryKind::Accounting | EntryKind::AccountingExtension)
        })
        .collect();
    let entry = NewEntry::to_client(
        client_id,
        EntryKind::PrivacySummary,
        format!(
            "Privacy summary: {}, {}",
            count(active.len(), "authorization", "authorizations"),
            count(history.len(), "disclosure", "disclosures")
        ),
        Vec::new(),
    );
    printing::deliver(
        session,
        destination,
        "privacy",
        &entry,
        today,
        |_| {
            let prepared_for =
                format!("For {}. Prepared on {}.", client.fields.legal_name, long_date_of(&today.to_string()));
            let mut blocks = opening("Your privacy summary", prepared_for);
            blocks.push(Block::heading(2, "Who may receive your information"));
            if active.is_empty() {
                blocks.push(Block::plain("No one: you have no active authorization."));
            }
            for a in &active {
                let until = match (&a.expires_on, a.expiry_event.as_str()) {
                    (Some(date), "") => long_date_of(date),
                    (Some(date), event) => format!("{}, or {event}", long_date_of(date)),
                    (None, event) => event.to_owned(),
                };
                let what: Vec<&str> = a.categories.iter().map(|c| c.label()).collect();
                blocks.push(Block::heading(3, a.recipient()));
                blocks.push(Block::Paragraph(vec![Span::bold("What: "), Span::regular(what.join(", "))]));
                blocks.push(Block::Paragraph(vec![Span::bold("Purpose: "), Span::regular(&a.purpose)]));
                blocks.push(Block::Paragraph(vec![Span::bold("Until: "), Span::regular(until)]));
            }
            blocks.push(Block::plain("You can revoke an authorization at any time, in writing."));
            blocks.push(Block::heading(2, "What has been disclosed"));
            blocks.extend(entry_blocks(&history));
            Ok(Paper { metadata: SUMMARY, blocks })
        },
        |_| Ok(()),
    )
}

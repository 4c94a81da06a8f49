//! Release packets for a recipient, the client's own record copy, and disclosures made outside
//! the app (a mandated report by phone). Each asks the gate and writes its ledger entry.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::authorizations::{self, join_nonempty, Authorization};
use super::gate::{self, Audience, ConfirmedBasis, Decision, Item, ItemKey};
use super::printing::{self, name_and_birth, opening, Destination, Paper};
use super::{DisclosureError, LegalBasis, Problems};
use crate::clinical;
use crate::forms::{Block, Metadata, Span};
use crate::ledger::{self, Basis, EntryKind, Method, NewEntry};
use crate::measures::MeasureKind;
use crate::money;
use crate::notes::{DisclosureStatus, NoteKind};
use crate::register;
use crate::time::{long_date_of, parse_day, short_date_of};
use crate::vault::Session;

const PACKET: Metadata =
    Metadata { title: "Release of information", subject: "Records released", keywords: &["confidant", "release"] };
const RECORD_COPY: Metadata =
    Metadata { title: "Copy of a client record", subject: "Client record", keywords: &["confidant", "record"] };

/// Printed at the end of every release packet.
pub const REDISCLOSURE_NOTICE: &str = "This information has been disclosed to you from confidential mental health \
records, with the client's written authorization or as the law requires. Federal and state law protect it. Do not \
disclose it further without the client's written authorization, unless the law permits or requires it. Once shared \
again it may no longer be protected by federal privacy rules (HIPAA).";

/// What she asks to release: to whom and on what footing, then exactly what.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ReleaseRequest {
    pub client_id: i64,
    /// The recipient's authorization; the recipient is the one it names.
    pub authorization_id: Option<i64>,
    /// A legal exception; with it Private notes may go once confirmed, and psychotherapy notes
    /// only under the bases that allow them, confirmed a second time.
    pub legal_basis: Option<LegalBasis>,
    pub confirm_legal_basis: bool,
    pub confirm_psychotherapy_notes: bool,
    /// Without an authorization: who receives it, and why.
    pub recipient_name: String,
    pub recipient_address: String,
    pub purpose: String,
    /// Lists only items dated in this range (`YYYY-MM-DD`, both ends included).
    pub from: Option<String>,
    pub to: Option<String>,
    /// What she ticked: only these go (minimum necessary; nothing is ticked for her).
    pub picked: Vec<ItemKey>,
    pub method: Method,
    /// Under a legal basis: the order's, the case's or the report's number.
    pub reference: String,
    /// Under a legal basis: whether and when the client was told, or why not.
    pub client_informed: Option<ClientInformed>,
}

/// Whether the client was told of a disclosure made without her authorization.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ClientInformed {
    /// `YYYY-MM-DD`, not in the future.
    #[serde(rename = "told")]
    Told { on: String },
    /// Not told (yet), and why: the law forbids it, it would put someone at risk, she will be told at the next session.
    #[serde(rename = "not_told")]
    NotTold { why: String },
}

/// Longest free text a disclosure keeps (recipient, purpose, description, reasons).
pub(crate) const MAX_TEXT: usize = 2_000;
/// Longest reference number.
const MAX_REFERENCE: usize = 200;

impl ClientInformed {
    /// The words the ledger keeps. She may have told the client before the disclosure (when it is
    /// safe, that is the usual way) or after; not on a day still to come.
    fn checked(informed: Option<&ClientInformed>, today: NaiveDate, problems: &mut Problems) -> String {
        match informed {
            None => {
                problems.add("clientInformed", "Say whether the client was told, and when, or why not.");
                String::new()
            }
            Some(ClientInformed::Told { on }) => match parse_day(on) {
                Some(told) if told <= today => format!("Told on {}", long_date_of(&told.to_string())),
                Some(_) => {
                    problems.add("clientInformed", "The day she was told is in the future.");
                    String::new()
                }
                None => {
                    problems.add("clientInformed", "Give the date she was told.");
                    String::new()
                }
            },
            Some(ClientInformed::NotTold { why }) => {
                let why = why.trim();
                if why.is_empty() {
                    problems.add("clientInformed", "Write why she was not told (or when she will be).");
                }
                problems.limit("clientInformed", why, MAX_TEXT);
                format!("Not told: {why}")
            }
        }
    }
}

/// One line of what she sees before releasing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreviewItem {
    pub item: Item,
    pub may_go: bool,
    /// Why not, when it may not.
    pub reason: Option<String>,
}

/// Exactly what a release would send, and what stays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReleasePreview {
    pub recipient: String,
    pub items: Vec<PreviewItem>,
    pub going: usize,
}

/// Everything of a client that could leave: signed or not, every status.
pub(crate) fn client_items(conn: &Connection, client_id: i64) -> Result<Vec<Item>, DisclosureError> {
    let mut items = Vec::new();
    for table in ["notes", "psychotherapy_notes"] {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, kind, status, note_date, signed_at IS NOT NULL FROM {table} WHERE client_id = ?1
             ORDER BY note_date, id"
        ))?;
        let rows = stmt.query_map([client_id], |r| {
            Ok(Item::Note {
                id: r.get(0)?,
                kind: NoteKind::parse(&r.get::<_, String>(1)?),
                status: DisclosureStatus::parse(&r.get::<_, String>(2)?),
                date: r.get(3)?,
                signed: r.get(4)?,
            })
        })?;
        items.extend(rows.collect::<Result<Vec<_>, _>>()?);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, date FROM sessions WHERE client_id = ?1 AND attendance = 'attended' ORDER BY date, start_time",
    )?;
    let attended = stmt.query_map([client_id], |r| Ok(Item::Attendance { session_id: r.get(0)?, date: r.get(1)? }))?;
    items.extend(attended.collect::<Result<Vec<_>, _>>()?);
    for d in clinical::diagnoses::current(conn, client_id)? {
        items.push(Item::Diagnosis { id: d.id, code: d.code, date: d.from_on });
    }
    let mut stmt = conn.prepare_cached("SELECT id, version, written_on FROM treatment_plans WHERE client_id = ?1")?;
    let plans = stmt
        .query_map([client_id], |r| Ok(Item::TreatmentPlan { id: r.get(0)?, version: r.get(1)?, date: r.get(2)? }))?;
    items.extend(plans.collect::<Result<Vec<_>, _>>()?);
    let mut stmt =
        conn.prepare_cached("SELECT id, kind, taken_on FROM measures WHERE client_id = ?1 ORDER BY taken_on, id")?;
    let measures = stmt.query_map([client_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?)))?;
    for row in measures {
        let (id, kind, date) = row?;
        // A kind this version does not know is left in the vault rather than guessed at.
        if let Some(kind) = MeasureKind::parse(&kind) {
            items.push(Item::Measure { id, kind, date });
        }
    }
    for e in money::entries::account(conn, client_id)?.entries {
        items.push(Item::Billing { id: e.id, label: money::papers::describe(&e), cents: e.cents, date: e.on_date });
    }
    items.sort_by(|a, b| a.date().cmp(&b.date()));
    Ok(items)
}

/// The request checked, its authorization read, and the gate's decision on the narrowed items.
struct Prepared {
    authorization: Option<Authorization>,
    decision: Decision,
    recipient_name: String,
    recipient_address: String,
    purpose: String,
}

fn prepare(conn: &Connection, request: &ReleaseRequest, today: NaiveDate) -> Result<Prepared, DisclosureError> {
    register::get(conn, request.client_id)?;
    let authorization = request.authorization_id.map(|id| authorizations::get(conn, id, today)).transpose()?;
    let (recipient_name, recipient_address, purpose) = match &authorization {
        Some(a) => {
            (a.recipient(), join_nonempty(&[&a.recipient_address, &a.recipient_phone], " · "), a.purpose.clone())
        }
        None => {
            let mut problems = Problems::default();
            if request.recipient_name.trim().is_empty() {
                problems.add("recipientName", "Name the recipient.");
            }
            if request.purpose.trim().is_empty() && request.legal_basis.is_some() {
                let what = match request.legal_basis {
                    Some(basis) if basis.names_the_law() => "Name the law that requires it (statute or rule).",
                    _ => "Write the purpose (for example, what the order asks for).",
                };
                problems.add("purpose", what);
            }
            if request.legal_basis.is_some() {
                problems.finish()?;
            }
            (
                request.recipient_name.trim().to_owned(),
                request.recipient_address.trim().to_owned(),
                request.purpose.trim().to_owned(),
            )
        }
    };
    let mut problems = Problems::default();
    for (field, value) in [
        ("recipientName", &request.recipient_name),
        ("recipientAddress", &request.recipient_address),
        ("purpose", &request.purpose),
    ] {
        problems.limit(field, value, MAX_TEXT);
    }
    problems.limit("reference", &request.reference, MAX_REFERENCE);
    problems.finish()?;
    let legal_basis = request.legal_basis.map(|basis| ConfirmedBasis {
        basis,
        confirmed: request.confirm_legal_basis,
        psychotherapy_notes_confirmed: request.confirm_psychotherapy_notes,
    });
    let audience = Audience::Recipient { authorization: authorization.as_ref(), legal_basis };
    let items = narrowed(client_items(conn, request.client_id)?, request)?;
    let decision = gate::decide(request.client_id, audience, today, items).map_err(DisclosureError::Refused)?;
    Ok(Prepared { authorization, decision, recipient_name, recipient_address, purpose })
}

fn narrowed(items: Vec<Item>, request: &ReleaseRequest) -> Result<Vec<Item>, DisclosureError> {
    let bound = |field: &str, value: &Option<String>| -> Result<Option<NaiveDate>, DisclosureError> {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => parse_day(v).map(Some).ok_or_else(|| {
                let mut p = Problems::default();
                p.add(field, "That is not a date.");
                p.finish().expect_err("one problem")
            }),
        }
    };
    let (from, to) = (bound("from", &request.from)?, bound("to", &request.to)?);
    Ok(items
        .into_iter()
        .filter(|item| {
            let day = item.date().and_then(parse_day);
            from.is_none_or(|f| day.is_some_and(|d| d >= f)) && to.is_none_or(|t| day.is_some_and(|d| d <= t))
        })
        .collect())
}

/// What a release would send and what stays, with reasons; nothing is written.
pub fn preview(
    conn: &Connection,
    request: &ReleaseRequest,
    today: NaiveDate,
) -> Result<ReleasePreview, DisclosureError> {
    let prepared = prepare(conn, request, today)?;
    let going = prepared.decision.may_go.len();
    let mut items: Vec<PreviewItem> = prepared
        .decision
        .may_go
        .into_iter()
        .map(|item| PreviewItem { item, may_go: true, reason: None })
        .chain(prepared.decision.withheld.into_iter().filter(|(_, why)| why.listed()).map(|(item, why)| PreviewItem {
            item,
            may_go: false,
            reason: Some(why.reason().to_owned()),
        }))
        .collect();
    items.sort_by(|a, b| a.item.date().cmp(&b.item.date()));
    Ok(ReleasePreview { recipient: prepared.recipient_name, items, going })
}

fn note_ids(items: &[Item]) -> Vec<i64> {
    items.iter().filter_map(|i| if let Item::Note { id, .. } = i { Some(*id) } else { None }).collect()
}

/// What an item is called in a description: "Progress note", "Attendance", "EPDS".
fn item_label(item: &Item) -> &'static str {
    match item {
        Item::Note { kind: NoteKind::Progress, .. } => "Progress notes",
        Item::Note { kind: NoteKind::Psychotherapy, .. } => "Psychotherapy notes",
        Item::Note { kind: NoteKind::Contact, .. } => "Contact notes",
        Item::Note { kind: NoteKind::Discharge, .. } => "Discharge summary",
        Item::Attendance { .. } => "Attendance dates",
        Item::Measure { kind, .. } => kind.name(),
        Item::Diagnosis { .. } => "Diagnosis",
        Item::TreatmentPlan { .. } => "Treatment plan",
        Item::Billing { .. } => "Billing records",
        Item::DisclosureHistory => "Disclosure history",
    }
}

/// Above this many dates a group is described by its count and range, not date by date.
const DATES_LISTED: usize = 12;

/// What was disclosed, in words an accounting can show: "Progress notes of 2 Mar 2026 and 9 Mar
/// 2026; Attendance dates: 14, 5 Jan 2026 to 16 Mar 2026; EPDS of 1 Feb 2026".
pub(crate) fn describe(items: &[Item]) -> String {
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for item in items {
        let label = item_label(item);
        let day = short_date_of(item.date().unwrap_or_default());
        match groups.iter_mut().find(|(l, _)| *l == label) {
            Some((_, days)) => days.push(day),
            None => groups.push((label, vec![day])),
        }
    }
    groups
        .into_iter()
        .map(|(label, days)| match days.as_slice() {
            [one] => format!("{label} of {one}"),
            [.., last] if days.len() <= DATES_LISTED => {
                format!("{label} of {} and {last}", days[..days.len() - 1].join(", "))
            }
            [first, .., last] => format!("{label}: {}, {first} to {last}", days.len()),
            [] => String::new(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The items she ticked, all of which the gate lets go; anything ticked that may not go refuses
/// the whole release.
fn picked(decision: Decision, request: &ReleaseRequest) -> Result<Vec<Item>, DisclosureError> {
    let mut problems = Problems::default();
    let refused = decision.withheld.iter().any(|(item, _)| item.key().is_some_and(|k| request.picked.contains(&k)));
    let known = |key: &ItemKey| {
        decision.may_go.iter().chain(decision.withheld.iter().map(|(i, _)| i)).any(|i| i.key() == Some(*key))
    };
    if refused || !request.picked.iter().all(known) {
        problems.add("items", "Something ticked may not go to this recipient, or is no longer in her record.");
    }
    let items: Vec<Item> =
        decision.may_go.into_iter().filter(|i| i.key().is_some_and(|k| request.picked.contains(&k))).collect();
    if items.is_empty() && problems.is_empty() {
        problems.add("items", "Tick what goes: nothing is sent that you did not choose.");
    }
    problems.finish()?;
    Ok(items)
}

/// Prints (or saves) a release packet: cover letter, the content the gate allowed and she
/// ticked, the redisclosure notice. Returns the ledger entry number.
pub fn release(
    session: &mut Session,
    request: &ReleaseRequest,
    destination: Destination<'_>,
    today: NaiveDate,
) -> Result<(i64, Option<PathBuf>), DisclosureError> {
    // Her account as it stands today, as her money panel shows it.
    money::entries::post_charges(session, Some(request.client_id), today)?;
    let prepared = prepare(session.conn(), request, today)?;
    let (basis, client_informed) = match request.legal_basis {
        Some(basis) => {
            let mut problems = Problems::default();
            if basis == LegalBasis::CourtOrder && request.reference.trim().is_empty() {
                problems.add("reference", "Give the order's case number.");
            }
            let told = ClientInformed::checked(request.client_informed.as_ref(), today, &mut problems);
            problems.finish()?;
            (Basis::Law(basis), told)
        }
        None => (Basis::Authorization, String::new()),
    };
    let items = picked(prepared.decision, request)?;
    let entry = NewEntry {
        client_id: request.client_id,
        kind: EntryKind::Release,
        corrects: None,
        disclosed_at: ledger::disclosed_now(),
        basis,
        authorization_id: prepared.authorization.as_ref().map(|a| a.id),
        recipient_name: prepared.recipient_name.clone(),
        recipient_address: prepared.recipient_address.clone(),
        description: describe(&items),
        purpose: prepared.purpose.clone(),
        note_ids: note_ids(&items),
        method: request.method,
        reference: request.reference.trim().to_owned(),
        client_informed,
    };
    printing::deliver(
        session,
        destination,
        "release",
        &entry,
        today,
        |conn| {
            let client = register::get(conn, request.client_id)?;
            let mut blocks = opening("Release of information", long_date_of(&today.to_string()));
            blocks.push(Block::Paragraph(vec![Span::bold("To: "), Span::regular(&entry.recipient_name)]));
            if !entry.recipient_address.is_empty() {
                blocks.push(Block::plain(entry.recipient_address.clone()));
            }
            blocks.push(Block::plain(format!("Re: {}", name_and_birth(&client))));
            match (&prepared.authorization, request.legal_basis) {
                (_, Some(basis)) => {
                    blocks.push(Block::plain(format!(
                        "Released as the law requires or permits: {} ({}).",
                        basis.label().to_lowercase(),
                        basis.citation()
                    )));
                    if !entry.reference.is_empty() {
                        blocks.push(Block::plain(format!("Reference: {}", entry.reference)));
                    }
                    let limit = if basis == LegalBasis::CourtOrder {
                        "what the order expressly names"
                    } else {
                        "what the law requires"
                    };
                    blocks.push(Block::plain(format!(
                        "This release is limited to {limit}: {}. Nothing else in the record is disclosed.",
                        entry.description
                    )));
                }
                (Some(a), None) => {
                    blocks.push(Block::plain(format!(
                        "Released under the client's written authorization signed on {}: {}.",
                        long_date_of(a.signed_on.as_deref().unwrap_or_default()),
                        entry.description
                    )));
                }
                (None, None) => unreachable!("the gate refuses a release with neither"),
            }
            blocks.push(Block::plain(format!("Purpose: {}", entry.purpose)));
            blocks.extend(printing::content(conn, &items)?);
            blocks.push(Block::heading(2, "Notice to the recipient"));
            blocks.push(Block::plain(REDISCLOSURE_NOTICE));
            Ok(Paper { metadata: PACKET, blocks })
        },
        |_| Ok(()),
    )
}

/// The file name a release packet is offered under in "Save as".
pub fn suggested_file_name(conn: &Connection, client_id: i64, today: NaiveDate) -> Result<String, DisclosureError> {
    Ok(printing::file_name("release", &register::get(conn, client_id)?.code, today))
}

/// Prints (or saves) the client's own copy of her record: everything but Protected notes and
/// drafts, and her billing records when she asked for them (`billing`).
pub fn record_copy(
    session: &mut Session,
    client_id: i64,
    billing: bool,
    destination: Destination<'_>,
    today: NaiveDate,
) -> Result<(i64, Option<PathBuf>), DisclosureError> {
    let client = register::get(session.conn(), client_id)?;
    if billing {
        money::entries::post_charges(session, Some(client_id), today)?;
    }
    let items = client_items(session.conn(), client_id)?;
    let audience = Audience::Client { billing };
    let decision = gate::decide(client_id, audience, today, items).map_err(DisclosureError::Refused)?;
    let items = decision.may_go;
    let entry = NewEntry::to_client(
        client_id,
        EntryKind::RecordCopy,
        format!("Copy of her record: {}", describe(&items)),
        note_ids(&items),
    );
    printing::deliver(
        session,
        destination,
        "record",
        &entry,
        today,
        |conn| {
            let prepared_for =
                format!("{}. Prepared on {}.", name_and_birth(&client), long_date_of(&today.to_string()));
            let mut blocks = opening("Your record", prepared_for);
            blocks.push(Block::note(
                "This copy holds everything in your record except psychotherapy notes, which the law keeps apart, \
                 and notes still being written.",
            ));
            blocks.extend(printing::content(conn, &items)?);
            Ok(Paper { metadata: RECORD_COPY, blocks })
        },
        |_| Ok(()),
    )
}

/// A disclosure made outside the app, recorded afterwards (or a correction of one): a
/// conversation under her authorization, a mandated report by phone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct RecordedDisclosure {
    pub client_id: i64,
    /// Under her authorization (exempt from the accounting); the recipient is the one it names...
    pub authorization_id: Option<i64>,
    /// ...or under a legal basis (accountable).
    pub basis: Option<LegalBasis>,
    /// `YYYY-MM-DD` and `HH:MM`.
    pub date: String,
    pub time: String,
    pub recipient_name: String,
    pub recipient_address: String,
    /// What was said or sent.
    pub description: String,
    pub purpose: String,
    /// The hotline or case reference number.
    pub reference: String,
    pub note_ids: Vec<i64>,
    pub method: Method,
    /// Under a legal basis: whether and when the client was told, or why not.
    pub client_informed: Option<ClientInformed>,
    /// A psychotherapy note concerned, under a basis that allows it: confirmed in its words.
    pub confirm_psychotherapy_notes: bool,
    /// The entry this one corrects.
    pub corrects: Option<i64>,
}

/// Records a disclosure made outside the app. Returns the ledger entry number.
pub fn record_disclosure(
    session: &mut Session,
    input: &RecordedDisclosure,
    today: NaiveDate,
) -> Result<i64, DisclosureError> {
    let mut problems = Problems::default();
    let day = parse_day(&input.date);
    match day {
        None => problems.add("date", "Give the date it was disclosed."),
        Some(d) if d > today => problems.add("date", "That date is in the future."),
        _ => {}
    }
    let time = NaiveTime::parse_from_str(input.time.trim(), "%H:%M").ok();
    if time.is_none() {
        problems.add("time", "Give the time, for example 14:30.");
    }
    match (input.authorization_id, input.basis) {
        (None, None) => problems.add("basis", "Choose her authorization or the legal basis."),
        (Some(_), Some(_)) => problems.add("basis", "Choose her authorization or a legal basis, not both."),
        (None, Some(LegalBasis::Subpoena)) => problems.add(
            "basis",
            "A subpoena releases nothing by itself: record the subpoena instead (her record goes on legal hold).",
        ),
        _ => {}
    }
    if input.authorization_id.is_none() && input.recipient_name.trim().is_empty() {
        problems.add("recipientName", "Name who received it (the hotline, the court, the person warned).");
    }
    if input.description.trim().is_empty() {
        problems.add("description", "Write briefly what was disclosed.");
    }
    if input.basis.is_some_and(LegalBasis::names_the_law) && input.purpose.trim().is_empty() {
        problems.add("purpose", "Name the law that required it (statute or rule).");
    }
    for (field, value) in [
        ("recipientName", &input.recipient_name),
        ("recipientAddress", &input.recipient_address),
        ("description", &input.description),
        ("purpose", &input.purpose),
    ] {
        problems.limit(field, value, MAX_TEXT);
    }
    problems.limit("reference", &input.reference, MAX_REFERENCE);
    let client_informed = match input.basis {
        Some(_) => ClientInformed::checked(input.client_informed.as_ref(), today, &mut problems),
        None => String::new(),
    };
    problems.finish()?;
    let day = day.expect("checked above");
    register::get(session.conn(), input.client_id)?;
    let known = client_items(session.conn(), input.client_id)?;
    let notes: Vec<Item> = input
        .note_ids
        .iter()
        .map(|id| known.iter().find(|i| matches!(i, Item::Note { id: k, .. } if k == id)).cloned())
        .collect::<Option<_>>()
        .ok_or(DisclosureError::NotFound("One of those notes is not this client's."))?;
    let (basis, authorization_id, recipient_name, recipient_address) = match (input.authorization_id, input.basis) {
        (Some(id), _) => {
            let authorization = authorizations::get(session.conn(), id, today)?;
            covered_by(&authorization, input, day, notes)?;
            let address = join_nonempty(&[&authorization.recipient_address, &authorization.recipient_phone], " · ");
            (Basis::Authorization, Some(id), authorization.recipient(), address)
        }
        (None, basis) => {
            let basis = basis.expect("checked above");
            psychotherapy_notes_under(basis, input, &notes)?;
            (Basis::Law(basis), None, input.recipient_name.trim().to_owned(), input.recipient_address.trim().to_owned())
        }
    };
    let entry = NewEntry {
        client_id: input.client_id,
        kind: EntryKind::Recorded,
        corrects: input.corrects,
        disclosed_at: format!("{}T{}", input.date.trim(), input.time.trim()),
        basis,
        authorization_id,
        recipient_name,
        recipient_address,
        description: input.description.trim().to_owned(),
        purpose: input.purpose.trim().to_owned(),
        note_ids: input.note_ids.clone(),
        method: input.method,
        reference: input.reference.trim().to_owned(),
        client_informed,
    };
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    let seq = ledger::append(&tx, &entry)?;
    tx.commit()?;
    Ok(seq)
}

/// A psychotherapy note concerned by a disclosure under a legal basis: only under the bases of
/// 164.508(a)(2), confirmed in the basis's own words, as in a release.
fn psychotherapy_notes_under(
    basis: LegalBasis,
    input: &RecordedDisclosure,
    notes: &[Item],
) -> Result<(), DisclosureError> {
    if !notes.iter().any(Item::protected) {
        return Ok(());
    }
    let mut problems = Problems::default();
    match basis.psychotherapy_notes_confirmation() {
        None => problems.add(
            "noteIds",
            &format!("A psychotherapy note cannot be disclosed under “{}”: leave it out.", basis.label()),
        ),
        Some(words) if !input.confirm_psychotherapy_notes => {
            problems.add("confirmPsychotherapyNotes", &format!("Confirm it for the psychotherapy note: “{words}”"));
        }
        Some(_) => {}
    }
    problems.finish()
}

/// A disclosure recorded under her authorization is exempt from the accounting only if the
/// authorization covered it: in effect that day, allowing conversations if it was one, and
/// letting every note concerned go.
fn covered_by(
    authorization: &Authorization,
    input: &RecordedDisclosure,
    day: NaiveDate,
    notes: Vec<Item>,
) -> Result<(), DisclosureError> {
    if input.method == Method::Verbal && !authorization.conversations {
        let mut problems = Problems::default();
        problems.add("authorizationId", "Her authorization does not allow conversations with the recipient.");
        problems.finish()?;
    }
    let audience = Audience::Recipient { authorization: Some(authorization), legal_basis: None };
    let decision = gate::decide(input.client_id, audience, day, notes).map_err(|refusal| {
        let mut problems = Problems::default();
        problems.add("authorizationId", &format!("On that day her authorization did not cover it: {refusal}"));
        problems.finish().expect_err("one problem")
    })?;
    if let Some((_, why)) = decision.withheld.first() {
        let mut problems = Problems::default();
        problems.add("noteIds", &format!("Her authorization does not cover a note you marked: {}", why.reason()));
        problems.finish()?;
    }
    Ok(())
}

//! Release packets for a recipient, the client's own record copy, and disclosures made outside
//! the app (a mandated report by phone). Each asks the gate and writes its ledger entry.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::authorizations::{self, join_nonempty, Authorization};
use super::gate::{self, Audience, ConfirmedBasis, Decision, Item};
use super::ledger::{self, Basis, EntryKind, Method, NewEntry};
use super::printing::{self, long_date, name_and_birth, opening, Destination, Paper};
use super::{parse_day, Category, DisclosureError, LegalBasis, Problems};
use crate::forms::{Block, Metadata, Span};
use crate::measures::MeasureKind;
use crate::notes::{DisclosureStatus, NoteKind};
use crate::register;
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

/// What she asks to release: to whom and on what footing, then how far to narrow it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ReleaseRequest {
    pub client_id: i64,
    /// The recipient's authorization; the recipient is the one it names.
    pub authorization_id: Option<i64>,
    /// A legal exception; with it Private and Protected notes may go, once confirmed.
    pub legal_basis: Option<LegalBasis>,
    pub confirm_legal_basis: bool,
    /// Without an authorization: who receives it, and why.
    pub recipient_name: String,
    pub recipient_address: String,
    pub purpose: String,
    /// Minimum necessary: only items dated in this range (`YYYY-MM-DD`, both ends included)...
    pub from: Option<String>,
    pub to: Option<String>,
    /// ...of these kinds (none: every kind)...
    pub categories: Vec<Category>,
    /// ...and not these notes.
    pub leave_out: Vec<i64>,
    pub method: Method,
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
                problems.add("purpose", "Write the purpose (for example, the order's case number).");
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
    let legal_basis = request.legal_basis.map(|basis| ConfirmedBasis { basis, confirmed: request.confirm_legal_basis });
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
        .filter(|item| {
            request.categories.is_empty() || item.category().is_some_and(|c| request.categories.contains(&c))
        })
        .filter(|item| !matches!(item, Item::Note { id, .. } if request.leave_out.contains(id)))
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
        .chain(prepared.decision.withheld.into_iter().map(|(item, why)| PreviewItem {
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

/// "5 attendance dates, 3 notes, 2 measures".
fn describe(items: &[Item]) -> String {
    let count = |f: &dyn Fn(&Item) -> bool| items.iter().filter(|i| f(i)).count();
    let mut parts = Vec::new();
    for (n, one, many) in [
        (count(&|i| matches!(i, Item::Attendance { .. })), "attendance date", "attendance dates"),
        (
            count(&|i| matches!(i, Item::Note { kind: NoteKind::Psychotherapy, .. })),
            "psychotherapy note",
            "psychotherapy notes",
        ),
        (count(&|i| matches!(i, Item::Note { kind, .. } if *kind != NoteKind::Psychotherapy)), "note", "notes"),
        (count(&|i| matches!(i, Item::Measure { .. })), "measure", "measures"),
    ] {
        match n {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            n => parts.push(format!("{n} {many}")),
        }
    }
    parts.join(", ")
}

/// Prints (or saves) a release packet: cover letter, the content the gate allowed, the
/// redisclosure notice. Returns the ledger entry number.
pub fn release(
    session: &mut Session,
    request: &ReleaseRequest,
    destination: Destination<'_>,
    today: NaiveDate,
) -> Result<(i64, Option<PathBuf>), DisclosureError> {
    let prepared = prepare(session.conn(), request, today)?;
    let items = prepared.decision.may_go;
    if items.is_empty() {
        let mut problems = Problems::default();
        problems.add("items", "Nothing here may go to this recipient: see the reason beside each item.");
        problems.finish()?;
    }
    let basis = match request.legal_basis {
        Some(basis) => Basis::Law(basis),
        None => Basis::Authorization,
    };
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
        reference: String::new(),
        client_informed: String::new(),
    };
    printing::deliver(
        session,
        destination,
        "release",
        &entry,
        today,
        |conn| {
            let client = register::get(conn, request.client_id)?;
            let mut blocks = opening("Release of information", long_date(&today.to_string()));
            blocks.push(Block::Paragraph(vec![Span::bold("To: "), Span::regular(&entry.recipient_name)]));
            if !entry.recipient_address.is_empty() {
                blocks.push(Block::plain(entry.recipient_address.clone()));
            }
            blocks.push(Block::plain(format!("Re: {}", name_and_birth(&client))));
            let footing = match (&prepared.authorization, request.legal_basis) {
                (_, Some(basis)) => format!("as the law requires or permits ({}).", basis.label().to_lowercase()),
                (Some(a), None) => format!(
                    "under the client's written authorization signed on {}.",
                    long_date(a.signed_on.as_deref().unwrap_or_default())
                ),
                (None, None) => unreachable!("the gate refuses a release with neither"),
            };
            blocks.push(Block::plain(format!("Enclosed: {}, released {footing}", entry.description)));
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

/// Prints (or saves) the client's own copy of her record: everything but Protected notes and drafts.
pub fn record_copy(
    session: &mut Session,
    client_id: i64,
    destination: Destination<'_>,
    today: NaiveDate,
) -> Result<(i64, Option<PathBuf>), DisclosureError> {
    let client = register::get(session.conn(), client_id)?;
    let items = client_items(session.conn(), client_id)?;
    let decision = gate::decide(client_id, Audience::Client, today, items).map_err(DisclosureError::Refused)?;
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
            let prepared_for = format!("{}. Prepared on {}.", name_and_birth(&client), long_date(&today.to_string()));
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

/// A disclosure made outside the app, recorded afterwards (or a correction of one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct RecordedDisclosure {
    pub client_id: i64,
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
    pub client_told: bool,
    pub client_told_on: Option<String>,
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
    if input.basis.is_none() {
        problems.add("basis", "Choose the legal basis.");
    }
    if input.recipient_name.trim().is_empty() {
        problems.add("recipientName", "Name who received it (the hotline, the court, the person warned).");
    }
    if input.description.trim().is_empty() {
        problems.add("description", "Write briefly what was disclosed.");
    }
    let told_on = input.client_told_on.as_deref().map(str::trim).filter(|d| !d.is_empty());
    let client_informed = match (input.client_told, told_on.map(parse_day)) {
        (false, _) => "Not told".to_owned(),
        (true, Some(Some(told))) if told <= today && day.is_none_or(|d| told >= d) => {
            format!("Told on {}", long_date(&told.to_string()))
        }
        (true, Some(Some(_))) => {
            problems.add("clientToldOn", "The day she was told is after the disclosure and not in the future.");
            String::new()
        }
        (true, _) => {
            problems.add("clientToldOn", "Give the date she was told.");
            String::new()
        }
    };
    problems.finish()?;
    let known = client_items(session.conn(), input.client_id)?;
    register::get(session.conn(), input.client_id)?;
    if input.note_ids.iter().any(|id| !known.iter().any(|i| matches!(i, Item::Note { id: k, .. } if k == id))) {
        return Err(DisclosureError::NotFound("One of those notes is not this client's."));
    }
    let entry = NewEntry {
        client_id: input.client_id,
        kind: EntryKind::Recorded,
        corrects: input.corrects,
        disclosed_at: format!("{}T{}", input.date.trim(), input.time.trim()),
        basis: Basis::Law(input.basis.expect("checked above")),
        authorization_id: None,
        recipient_name: input.recipient_name.trim().to_owned(),
        recipient_address: input.recipient_address.trim().to_owned(),
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

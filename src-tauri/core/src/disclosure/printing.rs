//! How a disclosure leaves: one PDF, its ledger entry written in the same transaction.
//!
//! The entry is appended first (its number goes in the footer, matching paper to ledger), then
//! the PDF is rendered and written, then the transaction commits. A failure anywhere leaves
//! neither: an unwritten file rolls the entry back, a failed commit removes the file. File
//! names carry the client code only; the PDF metadata is fixed text. The last lines of every
//! paper pin the history: where the ledger and the audit trail end, as `confidant verify --pin`
//! checks them later, so a paper copy shows whether the vault's history was rewritten since.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, TransactionBehavior};

use super::gate::Item;
use super::DisclosureError;
use crate::clinical;
use crate::consent::profile;
use crate::forms::{self, Block, Document, Footer, Header, Metadata, Spool};
use crate::ledger::{self, NewEntry};
use crate::measures;
use crate::money;
use crate::notes::{self, template_sections};
use crate::register::Client;
use crate::time::long_date_of;
use crate::vault::Session;

/// Where the PDF goes.
#[derive(Debug, Clone, Copy)]
pub enum Destination<'a> {
    /// The private spool, then the system viewer.
    Viewer,
    /// A file she chose ("Save as": the UI has warned that it is not encrypted).
    File(&'a Path),
}

/// A disclosure document: what it is (its metadata title also heads every page and names it in
/// the footer), then its parts in order.
pub(crate) struct Paper {
    pub metadata: Metadata,
    pub blocks: Vec<Block>,
}

/// How every paper's first page opens: its heading, then one line (the day, or whom it is for
/// and when it was prepared).
pub(crate) fn opening(heading: &str, line: String) -> Vec<Block> {
    vec![Block::heading(1, heading), Block::plain(line)]
}

/// Writes the ledger entry, anything `also` records, and the PDF together. The PDF is named
/// `what`, the client code and the day (see [`file_name`]). Returns the entry number and, for the
/// viewer, where the PDF was spooled.
pub(crate) fn deliver(
    session: &mut Session,
    destination: Destination<'_>,
    what: &str,
    entry: &NewEntry,
    today: NaiveDate,
    paper: impl FnOnce(&Connection) -> Result<Paper, DisclosureError>,
    also: impl FnOnce(&Connection) -> Result<(), DisclosureError>,
) -> Result<(i64, Option<PathBuf>), DisclosureError> {
    let spool = session.data_dir().spool();
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    let seq = ledger::append(&tx, entry)?;
    also(&tx)?;
    let profile = profile::load(&tx)?;
    let mut paper = paper(&tx)?;
    paper.blocks.extend([Block::spacer(14.0), history_pins(&tx)?]);
    let client_code = client_code(&tx, entry.client_id)?;
    let file_name = file_name(what, &client_code, today);
    let title = paper.metadata.title;
    let document = Document {
        metadata: paper.metadata,
        paper: profile.paper,
        date: today,
        header: Header { left: profile.practice_name.clone(), right: title.to_owned() },
        footer: Footer {
            form_name: format!("{title} · ledger entry {seq}"),
            version: String::new(),
            content_hash: client_code,
            client: String::new(),
        },
        blocks: paper.blocks,
    };
    let pdf = forms::render_pdf(&document)?;
    let written = match destination {
        Destination::Viewer => Spool::new(spool)?.write(&file_name, &pdf)?,
        Destination::File(path) => {
            forms::save_as(path, &pdf)?;
            path.to_path_buf()
        }
    };
    if let Err(error) = tx.commit() {
        // Nothing recorded means nothing written.
        let _ = std::fs::remove_file(&written);
        return Err(error.into());
    }
    session.pin_history();
    match destination {
        Destination::Viewer => {
            forms::open_in_viewer(&written)?;
            Ok((seq, Some(written)))
        }
        Destination::File(_) => Ok((seq, None)),
    }
}

/// The paper's last lines: the pins of both chains as they end with this disclosure recorded.
fn history_pins(conn: &Connection) -> Result<Block, DisclosureError> {
    let head = crate::vault::integrity::head(conn)?;
    Ok(Block::Note(vec![
        forms::Span::regular("History pins "),
        forms::Span::bold(head.to_string()),
        forms::Span::regular(
            ": the newest entries of the disclosure ledger and of the audit trail when this was printed. \
             \"confidant verify --pin\" shows whether the vault still holds this history.",
        ),
    ]))
}

fn client_code(conn: &Connection, client_id: i64) -> Result<String, DisclosureError> {
    Ok(crate::register::get(conn, client_id)?.code)
}

/// `release-C0042-2026-11-27.pdf`: what it is, the client code and a date, never a name.
pub fn file_name(what: &str, client_code: &str, today: NaiveDate) -> String {
    format!("{what}-{client_code}-{}.pdf", today.format("%Y-%m-%d"))
}

/// `Maya Canary, born April 2, 1990`: how a paper names the client.
pub(crate) fn name_and_birth(client: &Client) -> String {
    format!("{}, born {}", client.fields.legal_name, long_date_of(&client.fields.date_of_birth))
}

/// Builds the content sections of a packet or record copy from the items the gate let through.
/// Each kind of content is one function here; a new kind is one more entry.
type Section = fn(&Connection, &[Item]) -> Result<Vec<Block>, DisclosureError>;
const SECTIONS: &[Section] =
    &[attendance, diagnoses_section, plans_section, measures_section, notes_section, billing_section];

pub(crate) fn content(conn: &Connection, items: &[Item]) -> Result<Vec<Block>, DisclosureError> {
    let mut blocks = Vec::new();
    for section in SECTIONS {
        blocks.extend(section(conn, items)?);
    }
    Ok(blocks)
}

fn attendance(_conn: &Connection, items: &[Item]) -> Result<Vec<Block>, DisclosureError> {
    let mut dates: Vec<&str> = items
        .iter()
        .filter_map(|item| match item {
            Item::Attendance { date, .. } => Some(date.as_str()),
            _ => None,
        })
        .collect();
    if dates.is_empty() {
        return Ok(Vec::new());
    }
    dates.sort_unstable();
    Ok(vec![
        Block::heading(2, "Attendance"),
        Block::plain(format!("Sessions attended ({}):", dates.len())),
        Block::BulletList(dates.iter().map(|d| vec![forms::Span::regular(long_date_of(d))]).collect()),
    ])
}

/// One line per diagnosis: code and label, status, primary, since when and until when.
fn diagnoses_section(conn: &Connection, items: &[Item]) -> Result<Vec<Block>, DisclosureError> {
    let ids = oldest_first(items, |item| match item {
        Item::Diagnosis { id, date, .. } => Some((date.as_str(), *id)),
        _ => None,
    });
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut lines = Vec::with_capacity(ids.len());
    for id in ids {
        let d = clinical::diagnoses::get(conn, id)?;
        let primary = if d.primary { ", primary" } else { "" };
        let until = d.to_on.as_deref().map(|to| format!(" to {}", long_date_of(to))).unwrap_or_default();
        lines.push(vec![
            forms::Span::bold(format!("{}: ", d.line())),
            forms::Span::regular(format!("{}{primary}, from {}{until}.", d.status.label(), long_date_of(&d.from_on))),
        ]);
    }
    Ok(vec![
        Block::heading(2, "Diagnoses"),
        Block::note("ICD-10-CM codes, as recorded in her record."),
        Block::BulletList(lines),
    ])
}

/// Each version of the plan released: what it says, whether she signed it, and its reviews.
fn plans_section(conn: &Connection, items: &[Item]) -> Result<Vec<Block>, DisclosureError> {
    let ids = oldest_first(items, |item| match item {
        Item::TreatmentPlan { id, date, .. } => Some((date.as_str(), *id)),
        _ => None,
    });
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut blocks = vec![Block::heading(2, "Treatment plan")];
    let mut all_reviews: Option<Vec<clinical::PlanReview>> = None;
    for id in ids {
        let plan = clinical::plans::get(conn, id)?;
        blocks.push(Block::heading(3, format!("Version {} · {}", plan.version, long_date_of(&plan.written_on))));
        let signed = match &plan.signed_on {
            Some(on) => format!("Signed by the client on {} (ref. {}).", long_date_of(on), plan.content_hash),
            None => format!("Not signed (ref. {}).", plan.content_hash),
        };
        blocks.push(Block::note(&signed));
        let labelled = |label: &str, text: &str| -> Vec<Block> {
            let mut out = vec![Block::Paragraph(vec![forms::Span::bold(label.to_owned())])];
            out.extend(text_blocks(text).collect::<Vec<_>>());
            out
        };
        blocks.extend(labelled("Presenting problems", &plan.presenting_problems));
        blocks.push(Block::Paragraph(vec![forms::Span::bold("Goals")]));
        blocks.push(Block::BulletList(clinical::plans::goal_items(&plan.goals)));
        blocks.extend(labelled("Interventions", &plan.interventions));
        if !plan.modality.is_empty() {
            blocks.extend(labelled("Modality", &plan.modality));
        }
        blocks.extend(labelled("Frequency", &plan.frequency));
        let measures: Vec<&str> = plan.measures.iter().map(|m| m.name()).collect();
        blocks.push(Block::plain(format!(
            "Measures tracked: {}. Reviewed every {} days.",
            if measures.is_empty() { "none".to_owned() } else { measures.join(", ") },
            plan.review_every_days
        )));
        let reviews = match &all_reviews {
            Some(reviews) => reviews,
            None => all_reviews.insert(clinical::reviews::reviews(conn, plan.client_id)?),
        };
        for review in reviews.iter().rev().filter(|r| r.plan_id == plan.id) {
            blocks.push(Block::Paragraph(vec![forms::Span::bold(format!(
                "Review of {}",
                long_date_of(&review.reviewed_on)
            ))]));
            let lines = review
                .goals
                .iter()
                .map(|g| {
                    let goal = plan.goals.iter().position(|p| p.goal_id == g.goal_id).map_or(0, |i| i + 1);
                    vec![
                        forms::Span::bold(format!("Goal {goal}, {}: ", g.status.label().to_lowercase())),
                        forms::Span::regular(g.progress.clone()),
                    ]
                })
                .collect();
            blocks.push(Block::BulletList(lines));
            if !review.changes.is_empty() {
                blocks.extend(labelled("Changes", &review.changes));
            }
            blocks.push(Block::plain(format!("Next review by {}.", long_date_of(&review.next_review_on))));
        }
    }
    Ok(blocks)
}

/// The ids `pick` finds among the items, by date (then id), oldest first.
fn oldest_first<'a>(items: &'a [Item], pick: impl Fn(&'a Item) -> Option<(&'a str, i64)>) -> Vec<i64> {
    let mut dated: Vec<(&str, i64)> = items.iter().filter_map(pick).collect();
    dated.sort_unstable();
    dated.into_iter().map(|(_, id)| id).collect()
}

/// One line per measure, oldest first: the score, its band, the weeks of pregnancy or since the
/// birth, and the self-harm item whenever it was answered above 0.
fn measures_section(conn: &Connection, items: &[Item]) -> Result<Vec<Block>, DisclosureError> {
    let ids = oldest_first(items, |item| match item {
        Item::Measure { id, date, .. } => Some((date.as_str(), *id)),
        _ => None,
    });
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut lines = Vec::with_capacity(ids.len());
    for id in ids {
        let m = measures::get_measure(conn, id).map_err(|error| match error {
            measures::MeasuresError::Vault(vault) => DisclosureError::Vault(vault),
            _ => DisclosureError::NotFound("A measure was not found."),
        })?;
        let mut detail = format!("{} of {}, {}", m.total, m.max_total, m.band.label.to_lowercase());
        if let Some(perinatal) = &m.perinatal {
            detail.push_str(&format!("; {perinatal}"));
        }
        detail.push('.');
        if let (true, Some(item)) = (m.self_harm, m.kind.self_harm_item()) {
            let score = m.item_scores.get(item - 1).copied().unwrap_or(0);
            detail.push_str(&format!(" Item {item} (thoughts of self-harm): {score} of 3."));
        }
        lines.push(vec![
            forms::Span::bold(format!("{}, {}: ", m.kind.name(), long_date_of(&m.taken_on))),
            forms::Span::regular(detail),
        ]);
    }
    Ok(vec![
        Block::heading(2, "Measures"),
        Block::note("Scored with each measure's published key. A screening score is not a diagnosis."),
        Block::BulletList(lines),
    ])
}

fn notes_section(conn: &Connection, items: &[Item]) -> Result<Vec<Block>, DisclosureError> {
    let ids = oldest_first(items, |item| match item {
        Item::Note { id, date, .. } => Some((date.as_str(), *id)),
        _ => None,
    });
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut blocks = vec![Block::heading(2, "Notes")];
    for id in ids {
        let note = notes::get_note(conn, id).map_err(|_| DisclosureError::NotFound("A note was not found."))?;
        blocks.push(Block::heading(3, format!("{} · {}", note_kind_label(note.kind), long_date_of(&note.date))));
        let specs = template_sections(note.content.template);
        for (spec, text) in specs.iter().zip(&note.content.sections) {
            if specs.len() > 1 {
                blocks.push(Block::Paragraph(vec![forms::Span::bold(spec.label.clone())]));
            }
            blocks.extend(text_blocks(text));
        }
        for addendum in &note.addenda {
            blocks.push(Block::Paragraph(vec![forms::Span::bold(format!(
                "Addendum, {}",
                long_date_of(&addendum.added_at)
            ))]));
            blocks.extend(text_blocks(&addendum.text));
        }
    }
    Ok(blocks)
}

/// Her account's entries that go, oldest first (the order her account keeps).
fn billing_section(conn: &Connection, items: &[Item]) -> Result<Vec<Block>, DisclosureError> {
    let ids = oldest_first(items, |item| match item {
        Item::Billing { id, date, .. } => Some((date.as_str(), *id)),
        _ => None,
    });
    let entries = ids.into_iter().map(|id| money::entries::get(conn, id)).collect::<Result<Vec<_>, _>>()?;
    Ok(money::papers::billing_blocks(&entries))
}

/// Text she typed, printed as typed: one block per paragraph, never read as markup.
pub(crate) fn text_blocks(text: &str) -> impl Iterator<Item = Block> + '_ {
    text.split('\n').map(str::trim_end).filter(|line| !line.trim().is_empty()).map(|line| Block::plain(line.to_owned()))
}

pub(crate) fn note_kind_label(kind: notes::NoteKind) -> &'static str {
    match kind {
        notes::NoteKind::Progress => "Progress note",
        notes::NoteKind::Psychotherapy => "Psychotherapy note",
        notes::NoteKind::Contact => "Contact note",
        notes::NoteKind::Discharge => "Discharge summary",
    }
}

//! The safety assessment after a self-harm answer on a measure (docs/DOMAIN.md section 8): a contact
//! note linked to the measure, whose signing closes the alert. It lives with the notes, which
//! write it, above the measures, which only keep the link.

use chrono::NaiveDateTime;
use rusqlite::{params, TransactionBehavior};

use super::{get_note, store, NewNote, Note, NoteContent, NoteKind, NotesError, Template};
use crate::error::FieldError;
use crate::measures;
use crate::vault::Session;

/// Opens the safety assessment for a self-harm alert: a contact note dated today, prefilled with
/// what the answer was, linked to the measure. The alert clears when that note is signed. If one
/// was started already, it is that note. A safety assessment is never held back by the consent
/// check: documenting risk comes first.
pub fn start_safety_note(session: &mut Session, measure_id: i64, now: NaiveDateTime) -> Result<Note, NotesError> {
    let measure = measures::get_measure(session.conn(), measure_id)?;
    if !measure.self_harm {
        return Err(NotesError::Invalid(vec![FieldError::new("measure", "This measure raised no self-harm alert.")]));
    }
    if let Some(note_id) = measure.safety_note_id {
        let note = get_note(session.conn(), note_id)?;
        if note.signed_at.is_none() || !measure.alert_open {
            return Ok(note);
        }
    }
    let item = measure.kind.self_harm_item().unwrap_or(0);
    let score = measure.item_scores.get(item.saturating_sub(1)).copied().unwrap_or(0);
    let text = format!(
        "Safety assessment after the {} of {}: item {item} (thoughts of self-harm) scored {score} of 3; total \
         {} of {}.\n\nRisk assessment:\n\nSafety plan:\n\nFollow-up:\n",
        measure.kind.name(),
        measure.taken_on,
        measure.total,
        measure.max_total
    );
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    let new = NewNote {
        client_id: measure.client_id,
        kind: NoteKind::Contact,
        template: Template::FreeText,
        date: now.date().format("%Y-%m-%d").to_string(),
        ..Default::default()
    };
    let note_id = store::insert_note(&tx, &new, now)?;
    tx.execute("UPDATE measures SET safety_note_id = ?1 WHERE id = ?2", params![note_id, measure_id])?;
    tx.commit()?;
    let content = NoteContent { template: Template::FreeText, sections: vec![text] };
    store::save_draft_in(session.conn_mut(), note_id, &content, None)?;
    get_note(session.conn(), note_id)
}

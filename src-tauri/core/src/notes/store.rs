//! Notes: drafts and autosave, signing, addenda, disclosure status, overdue drafts.
//!
//! A note is a draft until signed. Signing records the time and a SHA-256 of the content; from
//! then on the core refuses every change to the content (and, underneath, SQL triggers abort any
//! UPDATE of a signed note's content and any DELETE of a signed note or an addendum). Only the
//! disclosure status of a signed note may change, and that change is audited.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};

use super::{
    Addendum, DisclosureMark, DisclosureStatus, NewNote, Note, NoteContent, NoteKind, NoteSummary, NotesError,
    OverdueDraft, Problems, SavedDraft, SectionSpec, Template,
};
use crate::audit::{self, AuditEvent};
use crate::error::FieldError;
use crate::hash::hash_parts;
use crate::register::text;
use crate::settings;
use crate::time::{iso, now_utc};
use crate::vault::Session;

/// The longest note, all sections together.
pub const MAX_NOTE_CHARS: usize = 200_000;
/// The longest addendum.
pub const MAX_ADDENDUM_CHARS: usize = 50_000;
/// Drafts older than this many days are overdue, unless the therapist sets otherwise.
pub const OVERDUE_DAYS_DEFAULT: u32 = 3;
pub const OVERDUE_DAYS_RANGE: std::ops::RangeInclusive<u32> = 1..=60;
const OVERDUE_KEY: &str = "overdue_draft_days";

/// What the editor shows above a psychotherapy note.
pub const PSYCHOTHERAPY_NOTE_REMINDER: &str = "Psychotherapy notes are your private process notes. Medication, \
session times, diagnosis, treatment plan and progress summaries do not belong here: put them in a progress note.";

/// Where a note lives: the record, or apart from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Store {
    Record,
    Psychotherapy,
}

impl Store {
    pub(crate) const ALL: [Store; 2] = [Store::Record, Store::Psychotherapy];

    pub(crate) fn for_kind(kind: NoteKind) -> Self {
        if kind == NoteKind::Psychotherapy {
            Self::Psychotherapy
        } else {
            Self::Record
        }
    }

    pub(crate) fn table(self) -> &'static str {
        match self {
            Self::Record => "notes",
            Self::Psychotherapy => "psychotherapy_notes",
        }
    }

    pub(crate) fn addenda(self) -> &'static str {
        match self {
            Self::Record => "addenda",
            Self::Psychotherapy => "psychotherapy_addenda",
        }
    }

    pub(crate) fn fts(self) -> &'static str {
        match self {
            Self::Record => "notes_fts",
            Self::Psychotherapy => "psychotherapy_notes_fts",
        }
    }
}

/// The columns of a [`NoteSummary`], in the order [`read_summary`] reads them. All are in the
/// `*_by_client` covering index, so a client's list never touches the note bodies.
pub(crate) const SUMMARY_COLUMNS: &str =
    "id, client_id, session_id, kind, template, status, note_date, signed_at, created_at";

/// The sections of a template, each with the one-line hint the editor shows.
pub fn template_sections(template: Template) -> Vec<SectionSpec> {
    let spec =
        |key: &str, label: &str, hint: &str| SectionSpec { key: key.into(), label: label.into(), hint: hint.into() };
    match template {
        Template::Soap => vec![
            spec(
                "subjective",
                "Subjective",
                "What she reports: concerns, symptoms, events since last time, in her words.",
            ),
            spec("objective", "Objective", "What you observed: appearance, affect, behaviour, measures and scores."),
            spec("assessment", "Assessment", "Your clinical impression: progress toward goals, risk, what changed."),
            spec("plan", "Plan", "Next steps: interventions, homework, referrals, next session."),
        ],
        Template::Dap => vec![
            spec("data", "Data", "What she said and what you observed, including measures."),
            spec("assessment", "Assessment", "Your interpretation: progress, risk, response to treatment."),
            spec("plan", "Plan", "Next steps, homework, referrals, next session."),
        ],
        Template::Birp => vec![
            spec("behavior", "Behavior", "Her presentation and what she reported, observable and specific."),
            spec("intervention", "Intervention", "What you did: techniques, topics, skills practised."),
            spec("response", "Response", "How she responded to the intervention."),
            spec("plan", "Plan", "Next steps, homework, referrals, next session."),
        ],
        Template::FreeText => vec![spec("text", "Note", "Write freely.")],
    }
}

/// Starts a note as an empty draft. A note for a session that has not happened yet is refused,
/// and so is a note dated in the future. Psychotherapy notes are always Protected and stored
/// apart; every other kind starts Private.
///
/// A client's first note needs an informed consent on record, or her reason for going ahead
/// without one ([`NotesError::ConsentMissing`] otherwise); the reason goes to the audit trail.
pub fn create_note(session: &mut Session, new: &NewNote, now: NaiveDateTime) -> Result<Note, NotesError> {
    session.refuse_custodian("write notes")?;
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    let override_reason = consent_check(&tx, new)?;
    let id = insert_note(&tx, new, now)?;
    if let Some(reason) = override_reason {
        audit::append(&tx, AuditEvent::ConsentWarningOverridden, &format!("client={} reason={reason}", new.client_id))?;
    }
    tx.commit()?;
    get_note(session.conn(), id)
}

const MAX_REASON_CHARS: usize = 300;

/// `Ok(Some(reason))` when the note goes ahead without a consent on her stated reason.
fn consent_check(conn: &Connection, new: &NewNote) -> Result<Option<String>, NotesError> {
    require_client(conn, new.client_id)?;
    if !crate::consent::needs_consent_warning(conn, new.client_id).map_err(consent_error)? {
        return Ok(None);
    }
    let reason = new.consent_override_reason.as_deref().map(str::trim).unwrap_or_default();
    if reason.is_empty() {
        return Err(NotesError::ConsentMissing);
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(NotesError::Invalid(vec![crate::error::FieldError::new(
            "consentOverrideReason",
            format!("Keep the reason short (at most {MAX_REASON_CHARS} characters)."),
        )]));
    }
    // One line in the trail, whatever she typed.
    Ok(Some(reason.split_whitespace().collect::<Vec<_>>().join(" ")))
}

pub(crate) fn consent_error(error: crate::consent::ConsentError) -> NotesError {
    match error {
        crate::consent::ConsentError::Vault(vault) => NotesError::Vault(vault),
        other => NotesError::NotAllowed(other.to_string()),
    }
}

pub(crate) fn insert_note(conn: &Connection, new: &NewNote, now: NaiveDateTime) -> Result<i64, NotesError> {
    require_client(conn, new.client_id)?;
    let mut problems = Problems::default();
    if new.kind != NoteKind::Progress && new.template != Template::FreeText {
        problems.add("template", "Only progress notes use the SOAP, DAP or BIRP templates.");
    }
    let date = match new.session_id {
        Some(session_id) => {
            // The session's owner and time, read here rather than through `sessions` (which
            // lists a session's notes from this module): both tables are the notes' schema.
            let (client_id, date, start_time): (i64, String, String) = conn
                .prepare_cached("SELECT client_id, date, start_time FROM sessions WHERE id = ?1")?
                .query_row([session_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?
                .ok_or(NotesError::NotFound("That session is not in the vault."))?;
            if client_id != new.client_id {
                return Err(NotesError::NotAllowed("That session belongs to another client.".into()));
            }
            let start = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                .ok()
                .and_then(|d| chrono::NaiveTime::parse_from_str(&start_time, "%H:%M").ok().map(|t| d.and_time(t)));
            if start.is_none_or(|start| start > now) {
                problems.add("sessionId", "This session has not happened yet: write its note after the session.");
            }
            date
        }
        None => match NaiveDate::parse_from_str(new.date.trim(), "%Y-%m-%d") {
            Ok(date) if date > now.date() => {
                problems.add("date", "A note cannot be dated in the future.");
                String::new()
            }
            Ok(date) => iso(date),
            Err(_) => {
                problems.add("date", "Enter the note's date as YYYY-MM-DD.");
                String::new()
            }
        },
    };
    problems.finish()?;
    let store = Store::for_kind(new.kind);
    let status = if store == Store::Psychotherapy { DisclosureStatus::Protected } else { DisclosureStatus::Private };
    conn.execute("INSERT INTO note_ids DEFAULT VALUES", [])?;
    let id = conn.last_insert_rowid();
    let created = now_utc();
    conn.prepare_cached(&format!(
        "INSERT INTO {} (id, client_id, session_id, kind, template, status, note_date, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        store.table()
    ))?
    .execute(params![
        id,
        new.client_id,
        new.session_id,
        new.kind.as_str(),
        new.template.as_str(),
        status.as_str(),
        date,
        created
    ])?;
    Ok(id)
}

/// Autosave: replaces a draft's text. Durable once it returns (one transaction, committed with
/// `synchronous = FULL` in WAL mode); the search index is updated in the same transaction.
/// With `expected_revision`, a save based on an older version (another window) is refused with
/// [`NotesError::Conflict`] rather than overwriting newer text.
pub fn save_draft(
    session: &mut Session,
    note_id: i64,
    content: &NoteContent,
    expected_revision: Option<i64>,
) -> Result<SavedDraft, NotesError> {
    session.refuse_custodian("edit notes")?;
    save_draft_in(session.conn_mut(), note_id, content, expected_revision)
}

/// [`save_draft`] on any connection with the vault's schema (benchmarks compare an unencrypted
/// copy through this). The app goes through [`save_draft`].
pub fn save_draft_in(
    conn: &mut Connection,
    note_id: i64,
    content: &NoteContent,
    expected_revision: Option<i64>,
) -> Result<SavedDraft, NotesError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (store, state) = locate(&tx, note_id)?;
    if state.signed {
        return Err(NotesError::Signed);
    }
    if let Some(expected) = expected_revision {
        if expected != state.revision {
            return Err(NotesError::Conflict { current: state.revision });
        }
    }
    let sections = checked_sections(state.kind, content)?;
    let saved_at = now_utc();
    let revision = state.revision + 1;
    let changed = tx
        .prepare_cached(&format!(
            "UPDATE {} SET template = ?2, section_1 = ?3, section_2 = ?4, section_3 = ?5, section_4 = ?6,
                revision = ?7, updated_at = ?8
             WHERE id = ?1 AND signed_at IS NULL",
            store.table()
        ))?
        .execute(params![
            note_id,
            content.template.as_str(),
            sections[0],
            sections[1],
            sections[2],
            sections[3],
            revision,
            saved_at
        ])?;
    if changed != 1 {
        return Err(NotesError::Signed);
    }
    tx.commit()?;
    Ok(SavedDraft { note_id, revision, saved_at })
}

/// Signs a draft: it is locked from now on. An empty note cannot be signed.
pub fn sign_note(session: &mut Session, note_id: i64) -> Result<Note, NotesError> {
    session.refuse_custodian("sign notes")?;
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (store, state) = locate(&tx, note_id)?;
    if state.signed {
        return Err(NotesError::Signed);
    }
    let note = read_note(&tx, store, note_id)?;
    if note.content.sections.iter().all(|s| s.trim().is_empty()) {
        return Err(NotesError::Invalid(vec![FieldError::new("content", "An empty note cannot be signed.")]));
    }
    let signed_at = now_utc();
    let hash = content_hash(&note);
    tx.execute(
        &format!("UPDATE {} SET signed_at = ?2, content_hash = ?3 WHERE id = ?1 AND signed_at IS NULL", store.table()),
        params![note_id, signed_at, hash],
    )?;
    audit::append(&tx, AuditEvent::NoteSigned, &format!("note={note_id}"))?;
    tx.commit()?;
    get_note(session.conn(), note_id)
}

/// Adds a dated, signed addendum under a signed note (a draft is still edited directly).
pub fn add_addendum(session: &mut Session, note_id: i64, text: &str) -> Result<Addendum, NotesError> {
    session.refuse_custodian("add to notes")?;
    let text = clean(text.trim());
    if text.is_empty() {
        return Err(NotesError::Invalid(vec![FieldError::new("text", "Write the addendum before adding it.")]));
    }
    if text.chars().count() > MAX_ADDENDUM_CHARS {
        return Err(NotesError::Invalid(vec![FieldError::new("text", "An addendum is limited to 50,000 characters.")]));
    }
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (store, state) = locate(&tx, note_id)?;
    if !state.signed {
        return Err(NotesError::NotAllowed(
            "This note is still a draft: edit it directly. Addenda are added under signed notes.".into(),
        ));
    }
    let note_hash: String =
        tx.query_row(&format!("SELECT content_hash FROM {} WHERE id = ?1", store.table()), [note_id], |r| r.get(0))?;
    let added_at = now_utc();
    let hash = addendum_hash(note_id, &note_hash, &added_at, &text);
    tx.execute(
        &format!(
            "INSERT INTO {} (note_id, client_id, added_at, text, content_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            store.addenda()
        ),
        params![note_id, state.client_id, added_at, text, hash],
    )?;
    let id = tx.last_insert_rowid();
    audit::append(&tx, AuditEvent::AddendumAdded, &format!("note={note_id} addendum={id}"))?;
    // The addenda's text is also kept on the note row, for search (the note's own content
    // cannot change: the trigger allows only this column and the status on a signed note).
    tx.execute(
        &format!(
            "UPDATE {} SET addenda_text = CASE WHEN addenda_text = '' THEN ?2 ELSE addenda_text || char(10) || ?2 END
             WHERE id = ?1",
            store.table()
        ),
        params![note_id, text],
    )?;
    tx.commit()?;
    Ok(Addendum { id, note_id, added_at, text, content_hash: hash })
}

/// Changes who may see a note. Allowed on signed notes (it is a decision about sharing, not
/// content) and recorded in the audit trail, without any content. A psychotherapy note is always
/// Protected, and only psychotherapy notes are.
pub fn set_disclosure_status(
    session: &mut Session,
    note_id: i64,
    status: DisclosureStatus,
) -> Result<Note, NotesError> {
    session.refuse_custodian("change a note's disclosure status")?;
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (store, state) = locate(&tx, note_id)?;
    if store == Store::Psychotherapy {
        if status == DisclosureStatus::Protected {
            return get_note(&tx, note_id);
        }
        return Err(NotesError::NotAllowed(
            "A psychotherapy note is always Protected; its status cannot be changed.".into(),
        ));
    }
    if status == DisclosureStatus::Protected {
        return Err(NotesError::Invalid(vec![FieldError::new(
            "status",
            "Only psychotherapy notes are Protected. Write private process notes as a psychotherapy note.",
        )]));
    }
    if status != state.status {
        tx.execute("UPDATE notes SET status = ?2 WHERE id = ?1", params![note_id, status.as_str()])?;
        let code = require_client(&tx, state.client_id)?;
        audit::append(
            &tx,
            AuditEvent::NoteStatusChanged,
            &format!("note={note_id} client={code} from={} to={}", state.status.as_str(), status.as_str()),
        )?;
    }
    tx.commit()?;
    get_note(session.conn(), note_id)
}

/// Deletes a draft (never a signed note).
pub fn delete_draft(session: &mut Session, note_id: i64) -> Result<(), NotesError> {
    session.refuse_custodian("delete notes")?;
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (store, state) = locate(&tx, note_id)?;
    if state.signed {
        return Err(NotesError::Signed);
    }
    tx.execute(&format!("DELETE FROM {} WHERE id = ?1 AND signed_at IS NULL", store.table()), [note_id])?;
    tx.commit()?;
    Ok(())
}

/// One note with its text, addenda and disclosure marks.
pub fn get_note(conn: &Connection, note_id: i64) -> Result<Note, NotesError> {
    let (store, _) = locate(conn, note_id)?;
    read_note(conn, store, note_id)
}

/// Whether, to whom, when and on what basis a note has been disclosed, newest first, from the
/// disclosure ledger (the entries that stand, not those corrected since).
pub fn disclosure_marks(conn: &Connection, note_id: i64) -> Result<Vec<DisclosureMark>, NotesError> {
    let (_, state) = locate(conn, note_id)?;
    Ok(marks_by_note(conn, state.client_id)?.remove(&note_id).unwrap_or_default())
}

/// The disclosure marks of every disclosed note of a client, by note id (one ledger query).
pub(crate) fn marks_by_note(
    conn: &Connection,
    client_id: i64,
) -> Result<std::collections::BTreeMap<i64, Vec<DisclosureMark>>, NotesError> {
    crate::ledger::marks_by_note(conn, client_id).map_err(|error| match error {
        crate::ledger::LedgerError::Vault(vault) => NotesError::from(vault),
        _ => NotesError::NotFound("That client is not in the register."),
    })
}

/// The overdue threshold in days (drafts older than this are overdue).
pub fn overdue_days(conn: &Connection) -> Result<u32, NotesError> {
    Ok(settings::get(conn, OVERDUE_KEY)?
        .and_then(|v| v.parse().ok())
        .filter(|d| OVERDUE_DAYS_RANGE.contains(d))
        .unwrap_or(OVERDUE_DAYS_DEFAULT))
}

pub fn set_overdue_days(session: &mut Session, days: u32) -> Result<u32, NotesError> {
    if !OVERDUE_DAYS_RANGE.contains(&days) {
        return Err(NotesError::Invalid(vec![FieldError::new(
            "overdueDays",
            format!("Choose from {} to {} days.", OVERDUE_DAYS_RANGE.start(), OVERDUE_DAYS_RANGE.end()),
        )]));
    }
    settings::put(session.conn_mut(), OVERDUE_KEY, &days.to_string())?;
    overdue_days(session.conn())
}

/// Drafts dated more than the overdue threshold before `today`, oldest first: of one client, or
/// of every client. In discreet mode each carries the client's alias or initials only.
pub fn overdue_drafts(
    conn: &Connection,
    client_id: Option<i64>,
    today: NaiveDate,
    discreet: bool,
) -> Result<Vec<OverdueDraft>, NotesError> {
    let days = overdue_days(conn)?;
    let before = iso(today - chrono::Days::new(u64::from(days)));
    let mut drafts = Vec::new();
    for store in Store::ALL {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM {} WHERE signed_at IS NULL AND note_date < ?1
               AND (?2 IS NULL OR client_id = ?2) ORDER BY note_date, id",
            store.table()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![before, client_id], read_summary)?;
        for row in rows {
            drafts.push(row?);
        }
    }
    drafts.sort_by(|a, b| (&a.date, a.id).cmp(&(&b.date, b.id)));
    let mut out = Vec::with_capacity(drafts.len());
    for note in drafts {
        let (client_code, client_name) = client_label(conn, note.client_id, discreet)?;
        let days_old = NaiveDate::parse_from_str(&note.date, "%Y-%m-%d")
            .map(|d| u32::try_from((today - d).num_days()).unwrap_or(0))
            .unwrap_or(0);
        out.push(OverdueDraft { note, client_code, client_name, days_old });
    }
    Ok(out)
}

/// The notes written for a session.
pub(crate) fn notes_of_session(conn: &Connection, session_id: i64) -> Result<Vec<NoteSummary>, NotesError> {
    let mut out = Vec::new();
    for store in Store::ALL {
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM {} WHERE session_id = ?1 ORDER BY id", store.table());
        let mut stmt = conn.prepare_cached(&sql)?;
        for row in stmt.query_map([session_id], read_summary)? {
            out.push(row?);
        }
    }
    Ok(out)
}

/// The client's code, and her name or (discreet) alias or initials.
pub(crate) fn client_label(conn: &Connection, client_id: i64, discreet: bool) -> Result<(String, String), NotesError> {
    let (code, alias, initials, legal, preferred): (String, String, String, String, String) = conn
        .prepare_cached("SELECT code, alias, initials, legal_name, preferred_name FROM clients WHERE id = ?1")?
        .query_row([client_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()?
        .ok_or(NotesError::NotFound("That client is not in the register."))?;
    let name =
        if discreet { text::discreet_name(&alias, &initials) } else { text::full_display_name(&legal, &preferred) };
    Ok((code, name))
}

/// The client's code; not found if she is not in the register.
pub(crate) fn require_client(conn: &Connection, client_id: i64) -> Result<String, NotesError> {
    conn.prepare_cached("SELECT code FROM clients WHERE id = ?1")?
        .query_row([client_id], |r| r.get(0))
        .optional()?
        .ok_or(NotesError::NotFound("That client is not in the register."))
}

pub(crate) fn read_summary(row: &Row<'_>) -> rusqlite::Result<NoteSummary> {
    Ok(NoteSummary {
        id: row.get(0)?,
        client_id: row.get(1)?,
        session_id: row.get(2)?,
        kind: NoteKind::parse(&row.get::<_, String>(3)?),
        template: Template::parse(&row.get::<_, String>(4)?),
        status: DisclosureStatus::parse(&row.get::<_, String>(5)?),
        date: row.get(6)?,
        signed_at: row.get(7)?,
        created_at: row.get(8)?,
    })
}

pub(crate) struct NoteState {
    pub kind: NoteKind,
    pub client_id: i64,
    pub revision: i64,
    pub signed: bool,
    pub status: DisclosureStatus,
}

/// Which table holds a note, and its state.
pub(crate) fn locate(conn: &Connection, note_id: i64) -> Result<(Store, NoteState), NotesError> {
    for store in Store::ALL {
        let found = conn
            .prepare_cached(&format!(
                "SELECT kind, client_id, revision, signed_at IS NOT NULL, status FROM {} WHERE id = ?1",
                store.table()
            ))?
            .query_row([note_id], |r| {
                Ok(NoteState {
                    kind: NoteKind::parse(&r.get::<_, String>(0)?),
                    client_id: r.get(1)?,
                    revision: r.get(2)?,
                    signed: r.get(3)?,
                    status: DisclosureStatus::parse(&r.get::<_, String>(4)?),
                })
            })
            .optional()?;
        if let Some(state) = found {
            return Ok((store, state));
        }
    }
    Err(NotesError::NotFound("That note is not in the vault."))
}

fn read_note(conn: &Connection, store: Store, note_id: i64) -> Result<Note, NotesError> {
    let sql = format!(
        "SELECT id, client_id, session_id, kind, template, status, note_date, revision, created_at, updated_at,
                signed_at, content_hash, section_1, section_2, section_3, section_4
         FROM {} WHERE id = ?1",
        store.table()
    );
    let mut note = conn
        .prepare_cached(&sql)?
        .query_row([note_id], |r| {
            let template = Template::parse(&r.get::<_, String>(4)?);
            let count = template_sections(template).len();
            let mut sections = Vec::with_capacity(count);
            for i in 0..count {
                sections.push(r.get::<_, String>(12 + i)?);
            }
            let kind = NoteKind::parse(&r.get::<_, String>(3)?);
            Ok(Note {
                id: r.get(0)?,
                client_id: r.get(1)?,
                session_id: r.get(2)?,
                kind,
                status: DisclosureStatus::parse(&r.get::<_, String>(5)?),
                date: r.get(6)?,
                revision: r.get(7)?,
                created_at: r.get(8)?,
                updated_at: r.get(9)?,
                signed_at: r.get(10)?,
                content_hash: r.get(11)?,
                content: NoteContent { template, sections },
                addenda: Vec::new(),
                disclosures: Vec::new(),
                reminder: (kind == NoteKind::Psychotherapy).then(|| PSYCHOTHERAPY_NOTE_REMINDER.to_string()),
            })
        })
        .optional()?
        .ok_or(NotesError::NotFound("That note is not in the vault."))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, note_id, added_at, text, content_hash FROM {} WHERE note_id = ?1 ORDER BY added_at, id",
        store.addenda()
    ))?;
    note.addenda = stmt
        .query_map([note_id], |r| {
            Ok(Addendum {
                id: r.get(0)?,
                note_id: r.get(1)?,
                added_at: r.get(2)?,
                text: r.get(3)?,
                content_hash: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    note.disclosures = disclosure_marks(conn, note_id)?;
    Ok(note)
}

/// Checks a draft's content against its kind and returns the four stored sections.
pub(crate) fn checked_sections(kind: NoteKind, content: &NoteContent) -> Result<[String; 4], NotesError> {
    let mut problems = Problems::default();
    if kind != NoteKind::Progress && content.template != Template::FreeText {
        problems.add("content.template", "Only progress notes use the SOAP, DAP or BIRP templates.");
    }
    let expected = template_sections(content.template).len();
    if content.sections.len() != expected {
        problems.add("content.sections", "The note's sections do not match its template.");
    }
    let total: usize = content.sections.iter().map(|s| s.chars().count()).sum();
    if total > MAX_NOTE_CHARS {
        problems.add("content", "A note is limited to 200,000 characters: split it or add an addendum.");
    }
    problems.finish()?;
    let mut out: [String; 4] = Default::default();
    for (slot, section) in out.iter_mut().zip(&content.sections) {
        *slot = clean(section);
    }
    Ok(out)
}

/// Text as stored: line breaks normalised, control characters (other than line breaks and tabs)
/// removed, so nothing in a note can be mistaken for a search highlight marker.
pub(crate) fn clean(text: &str) -> String {
    text.replace("\r\n", "\n").chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect()
}

fn content_hash(note: &Note) -> String {
    sections_hash(note.kind.as_str(), note.content.template.as_str(), &note.date, &note.content.sections)
}

/// What a signature seals: the kind, template and date as stored, and the template's sections.
pub(crate) fn sections_hash(kind: &str, template: &str, date: &str, sections: &[String]) -> String {
    let mut parts: Vec<&str> = vec!["confidant-note-v1", kind, template, date];
    parts.extend(sections.iter().map(String::as_str));
    hash_parts(&parts)
}

/// What an addendum seals: its note (and that note's signature), its time and its text.
pub(crate) fn addendum_hash(note_id: i64, note_hash: &str, added_at: &str, text: &str) -> String {
    hash_parts(&["confidant-addendum-v1", &note_id.to_string(), note_hash, added_at, text])
}

/// What re-checking every signature found: how many signed notes and addenda were checked, and
/// each one whose stored hash no longer matches its content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignatureCheck {
    pub notes: i64,
    pub addenda: i64,
    /// "Signed note 12 was changed after it was signed." and the like: ids only.
    pub altered: Vec<String>,
}

/// Recomputes the hash of every signed note (both stores) and every addendum and compares it
/// with the one recorded when it was signed or added. Reads every note: for `confidant verify`,
/// not for each unlock.
pub fn verify_signatures(conn: &Connection) -> Result<SignatureCheck, NotesError> {
    let mut check = SignatureCheck::default();
    for store in Store::ALL {
        let mut stmt = conn.prepare(&format!(
            "SELECT id, kind, template, note_date, content_hash, section_1, section_2, section_3, section_4
             FROM {} WHERE signed_at IS NOT NULL ORDER BY id",
            store.table()
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let (kind, template, date, stored): (String, String, String, String) =
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            let count = template_sections(Template::parse(&template)).len();
            let sections = (0..count).map(|i| r.get::<_, String>(5 + i)).collect::<Result<Vec<_>, _>>()?;
            check.notes += 1;
            if sections_hash(&kind, &template, &date, &sections) != stored {
                check.altered.push(format!("Signed note {id} was changed after it was signed."));
            }
        }
        let mut stmt = conn.prepare(&format!(
            "SELECT a.id, a.note_id, n.content_hash, a.added_at, a.text, a.content_hash
             FROM {} a LEFT JOIN {} n ON n.id = a.note_id ORDER BY a.id",
            store.addenda(),
            store.table()
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, note_id): (i64, i64) = (r.get(0)?, r.get(1)?);
            let note_hash: Option<String> = r.get(2)?;
            let (added_at, text, stored): (String, String, String) = (r.get(3)?, r.get(4)?, r.get(5)?);
            check.addenda += 1;
            if addendum_hash(note_id, &note_hash.unwrap_or_default(), &added_at, &text) != stored {
                check.altered.push(format!("Addendum {id} of note {note_id} was changed after it was added."));
            }
        }
    }
    Ok(check)
}

//! Sessions and notes: the screen a therapist lives in after every session.
//!
//! - [`sessions`]: appointments and sessions held, with attendance and the quick risk check.
//! - [`series`] and [`recurrence`]: booking appointments, alone or in series, moving them and
//!   recording what happened.
//! - [`store`]: notes (drafts, autosave, signing, addenda, disclosure status, overdue drafts).
//! - [`timeline`]: one client's sessions, notes and addenda grouped by year and month.
//! - [`search`]: full-text search over every note, with highlighted snippets.
//! - [`dictionary`]: the clinical words the therapist adds to the spell checker.
//! - [`word_list`]: the spell checker's copy of them, in a private folder in memory.
//! - [`sample`]: fictional clinical text for the demo vault and the stress benchmark.
//!
//! Psychotherapy notes (docs/DOMAIN.md section 4) are stored apart, in `psychotherapy_*` tables with
//! their own search index; both kinds of note share one id space so the UI handles one id.
//! Signed notes and addenda are locked by the core and, underneath, by SQL triggers.
//!
//! Dates are local ISO dates (`YYYY-MM-DD`), times `HH:MM`, and moments (created, saved,
//! signed) RFC 3339 in UTC, as strings, so a malformed date comes back as a field error.

pub mod dictionary;
pub mod recurrence;
pub mod safety;
pub mod sample;
pub mod search;
pub mod series;
pub mod sessions;
pub mod store;
pub mod telehealth;
pub mod timeline;
pub mod word_list;

pub use crate::ledger::DisclosureMark;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{ApiError, ErrorCode, FieldError, VaultError};
use crate::register::Location;

pub use dictionary::{add_word, dictionary_words, remove_word};
pub use search::{search, NoteHit, SearchQuery, SearchResults, SnippetPart};
pub use sessions::{create_session, delete_session, get_session, next_appointment, open_risk_items, update_session};
pub use store::{
    add_addendum, create_note, delete_draft, disclosure_marks, get_note, overdue_days, overdue_drafts, save_draft,
    save_draft_in, set_disclosure_status, set_overdue_days, sign_note, template_sections, verify_signatures,
    SignatureCheck,
};
pub use timeline::{timeline, Timeline, TimelineCounts, TimelineEntry, TimelineFilter, TimelineMonth, TimelineYear};

/// What kind of session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Intake,
    #[default]
    Individual,
    CoupleFamily,
    Consultation,
}

impl SessionKind {
    /// "Individual", as papers and the calendar file print it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Intake => "Intake",
            Self::Individual => "Individual",
            Self::CoupleFamily => "Couple/family",
            Self::Consultation => "Consultation",
        }
    }
}

/// How the session is held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    #[default]
    InPerson,
    Video,
    Phone,
}

impl Modality {
    /// "in person", "video", "phone".
    pub fn label(self) -> &'static str {
        match self {
            Self::InPerson => "in person",
            Self::Video => "video",
            Self::Phone => "phone",
        }
    }
}

/// Whether she came, or what became of the appointment. A session in the future is
/// `scheduled` until something is recorded (docs/DOMAIN.md section 11).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    #[default]
    Scheduled,
    Attended,
    /// Cancelled by the client within the practice's cancellation window.
    LateCancel,
    NoShow,
    /// Cancelled by the client in time.
    Cancelled,
    /// Cancelled by the therapist.
    TherapistCancelled,
    /// Moved to another time: the session points at the new one.
    Rescheduled,
}

impl Attendance {
    /// Whether it can be recorded before the appointment begins: a cancellation or a move can,
    /// attendance and a no-show only once it has started.
    pub fn before_start(self) -> bool {
        !matches!(self, Self::Attended | Self::NoShow)
    }

    /// Whether the time was kept for her (a double booking counts against it).
    pub fn holds_the_time(self) -> bool {
        matches!(self, Self::Scheduled | Self::Attended)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    None,
    Low,
    Moderate,
    High,
}

/// Whether a duty to warn or protect applies (docs/DOMAIN.md section 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DutyToWarn {
    Applies,
    DoesNotApply,
}

/// The quick structured check recorded with each session. Moderate or high risk asks for a
/// safety plan and a decision on the duty to warn or protect; until both are documented the
/// session is an open item on the client's page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionCheck {
    pub mood: String,
    pub affect: String,
    pub risk_to_self: Option<RiskLevel>,
    pub risk_to_others: Option<RiskLevel>,
    pub safety_plan: String,
    pub duty_to_warn: Option<DutyToWarn>,
}

impl SessionCheck {
    /// Moderate or high risk (to self or others) that still lacks a safety plan or a decision
    /// on the duty to warn or protect.
    pub fn risk_open(&self) -> bool {
        self.risk_elevated() && (self.safety_plan.trim().is_empty() || self.duty_to_warn.is_none())
    }

    /// Moderate or high risk to self or others.
    pub fn risk_elevated(&self) -> bool {
        [self.risk_to_self, self.risk_to_others].into_iter().flatten().any(|r| r >= RiskLevel::Moderate)
    }
}

/// What the therapist types about a session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionFields {
    pub date: String,
    /// `HH:MM`, local time.
    pub start_time: String,
    pub end_time: String,
    pub kind: SessionKind,
    pub modality: Modality,
    /// For video or phone: where the client physically was (the state matters for licensure).
    pub location: Location,
    pub attendance: Attendance,
    pub check: SessionCheck,
}

/// One session with everything about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TherapySession {
    pub id: i64,
    pub client_id: i64,
    /// Her n-th attended session; none for scheduled, cancelled or missed ones.
    pub number: Option<u32>,
    pub fields: SessionFields,
    pub risk_open: bool,
    /// The sessions before and after this one (same client), for previous/next navigation.
    pub previous_id: Option<i64>,
    pub next_id: Option<i64>,
    /// Notes written for this session.
    pub notes: Vec<NoteSummary>,
}

/// A session as lists and the timeline show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    pub id: i64,
    pub client_id: i64,
    pub number: Option<u32>,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub kind: SessionKind,
    pub modality: Modality,
    pub attendance: Attendance,
    pub risk_open: bool,
}

/// The four kinds of note.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    #[default]
    Progress,
    /// The therapist's private process notes: always Protected, stored apart from the record.
    Psychotherapy,
    /// A call or a message.
    Contact,
    Discharge,
}

impl NoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Progress => "progress",
            Self::Psychotherapy => "psychotherapy",
            Self::Contact => "contact",
            Self::Discharge => "discharge",
        }
    }

    pub(crate) fn parse(value: &str) -> Self {
        match value {
            "psychotherapy" => Self::Psychotherapy,
            "contact" => Self::Contact,
            "discharge" => Self::Discharge,
            _ => Self::Progress,
        }
    }
}

/// How a note's text is laid out: a template's sections, or one free text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    Soap,
    Dap,
    Birp,
    #[default]
    FreeText,
}

impl Template {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Soap => "soap",
            Self::Dap => "dap",
            Self::Birp => "birp",
            Self::FreeText => "free_text",
        }
    }

    pub(crate) fn parse(value: &str) -> Self {
        match value {
            "soap" => Self::Soap,
            "dap" => Self::Dap,
            "birp" => Self::Birp,
            _ => Self::FreeText,
        }
    }
}

/// One section of a template, with the one-line hint the editor shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SectionSpec {
    pub key: String,
    pub label: String,
    pub hint: String,
}

/// Who may see a note (docs/DOMAIN.md section 4). The status is a decision; whether it has been
/// disclosed is history, read from the ledger ([`DisclosureMark`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureStatus {
    /// Shared with no one; leaves the vault only under a legal exception.
    #[default]
    Private,
    /// May be released to recipients of a signed, unexpired, unrevoked authorization.
    Shareable,
    /// A psychotherapy note: excluded from everything without a separate authorization.
    Protected,
}

impl DisclosureStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Private => "private",
            Self::Shareable => "shareable",
            Self::Protected => "protected",
        }
    }

    pub(crate) fn parse(value: &str) -> Self {
        match value {
            "shareable" => Self::Shareable,
            "protected" => Self::Protected,
            _ => Self::Private,
        }
    }
}

/// A note's text: the template and one string per section, in the template's order
/// ([`template_sections`]); free text has one section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct NoteContent {
    pub template: Template,
    pub sections: Vec<String>,
}

/// Starting a note. A note for a session takes the session's date; a note without one (a
/// contact note, a discharge summary) needs `date`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct NewNote {
    pub client_id: i64,
    pub session_id: Option<i64>,
    pub kind: NoteKind,
    pub template: Template,
    pub date: String,
    /// Her reason for writing a client's first note before an informed consent is on record
    /// (asked for after [`NotesError::ConsentMissing`]); kept in the audit trail.
    pub consent_override_reason: Option<String>,
}

/// One note with everything about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub id: i64,
    pub client_id: i64,
    pub session_id: Option<i64>,
    pub kind: NoteKind,
    pub status: DisclosureStatus,
    pub date: String,
    pub content: NoteContent,
    /// Increases with every saved draft; autosave sends it back as `expected_revision`.
    pub revision: i64,
    pub created_at: String,
    pub updated_at: String,
    /// When it was signed (RFC 3339, UTC); none while it is a draft.
    pub signed_at: Option<String>,
    /// SHA-256 of the signed content, hex.
    pub content_hash: Option<String>,
    pub addenda: Vec<Addendum>,
    /// Whether, to whom, when and on what basis this note has been disclosed (the ledger).
    pub disclosures: Vec<DisclosureMark>,
    /// For a psychotherapy note: what does not belong in it.
    pub reminder: Option<String>,
}

/// A note as lists show it: no text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoteSummary {
    pub id: i64,
    pub client_id: i64,
    pub session_id: Option<i64>,
    pub kind: NoteKind,
    pub template: Template,
    pub status: DisclosureStatus,
    pub date: String,
    pub signed_at: Option<String>,
    pub created_at: String,
}

/// Dated, signed text shown under a signed note: corrections and late information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Addendum {
    pub id: i64,
    pub note_id: i64,
    /// When it was written and signed (RFC 3339, UTC).
    pub added_at: String,
    pub text: String,
    pub content_hash: String,
}

/// What autosave gets back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedDraft {
    pub note_id: i64,
    pub revision: i64,
    pub saved_at: String,
}

/// A draft past the overdue threshold, with its client as lists show her.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OverdueDraft {
    pub note: NoteSummary,
    pub client_code: String,
    /// The name, or in discreet mode the alias or initials.
    pub client_name: String,
    pub days_old: u32,
}

/// A session with moderate or high risk whose safety plan or duty-to-warn decision is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenRiskItem {
    pub session: SessionSummary,
    pub needs_safety_plan: bool,
    pub needs_duty_to_warn: bool,
}

/// Everything that can go wrong with sessions and notes.
#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error("{}", FieldError::summary(.0))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    NotFound(&'static str),
    #[error("This note is signed and can no longer be changed. Add an addendum instead.")]
    Signed,
    #[error(
        "This note was saved from somewhere else in the meantime (version {current}). Reload it before saving again."
    )]
    Conflict { current: i64 },
    #[error("{0}")]
    NotAllowed(String),
    #[error(
        "There is no signed informed consent for this client yet. Record the signature first, or give your \
         reason for writing the note without it."
    )]
    ConsentMissing,
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl From<rusqlite::Error> for NotesError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Vault(VaultError::Sql(error))
    }
}

impl From<crate::measures::MeasuresError> for NotesError {
    fn from(error: crate::measures::MeasuresError) -> Self {
        use crate::measures::MeasuresError as M;
        match error {
            M::Invalid(fields) => Self::Invalid(fields),
            M::NotFound(what) => Self::NotFound(what),
            M::Vault(vault) => Self::Vault(vault),
        }
    }
}

impl From<crate::register::RegisterError> for NotesError {
    fn from(error: crate::register::RegisterError) -> Self {
        use crate::register::RegisterError as R;
        match error {
            R::NotFound => Self::NotFound("That client is not in the register."),
            R::Vault(vault) => Self::Vault(vault),
            R::Invalid(fields) => Self::Invalid(fields),
            other => Self::NotAllowed(other.to_string()),
        }
    }
}

impl From<NotesError> for ApiError {
    fn from(error: NotesError) -> Self {
        match error {
            NotesError::Invalid(fields) => {
                ApiError::new(ErrorCode::InvalidInput, FieldError::summary(&fields)).with_fields(fields)
            }
            NotesError::NotFound(_) => ApiError::new(ErrorCode::Other, error.to_string()),
            NotesError::ConsentMissing => ApiError::new(ErrorCode::ConsentMissing, error.to_string()),
            NotesError::Signed | NotesError::Conflict { .. } | NotesError::NotAllowed(_) => {
                ApiError::new(ErrorCode::InvalidInput, error.to_string())
            }
            NotesError::Vault(vault) => vault.into(),
        }
    }
}

/// Collects field problems, like the register's validator.
#[derive(Default)]
pub(crate) struct Problems(Vec<FieldError>);

impl Problems {
    pub(crate) fn add(&mut self, field: &str, message: &str) {
        self.0.push(FieldError::new(field, message));
    }

    pub(crate) fn finish(self) -> Result<(), NotesError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(NotesError::Invalid(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elevated_risk_stays_open_until_plan_and_duty_are_documented() {
        let mut check = SessionCheck { risk_to_self: Some(RiskLevel::Moderate), ..Default::default() };
        assert!(check.risk_open());
        check.safety_plan = "Crisis line, partner removes medications.".into();
        assert!(check.risk_open(), "the duty to warn decision is still missing");
        check.duty_to_warn = Some(DutyToWarn::DoesNotApply);
        assert!(!check.risk_open());
        assert!(!SessionCheck { risk_to_others: Some(RiskLevel::Low), ..Default::default() }.risk_open());
    }

    #[test]
    fn a_signed_note_error_reaches_the_ui_as_invalid_input_with_a_clear_message() {
        let api: ApiError = NotesError::Signed.into();
        assert_eq!(api.code, ErrorCode::InvalidInput);
        assert!(api.message.contains("addendum"));
    }
}

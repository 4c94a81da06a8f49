//! Sessions and notes commands: thin adapters over `confidant_core::notes`.

use confidant_core::notes::DisclosureStatus;
use confidant_core::notes::{
    self, Addendum, Modality, NewNote, Note, NoteContent, OpenRiskItem, OverdueDraft, SavedDraft, SearchQuery,
    SearchResults, SectionSpec, SessionFields, Template, TherapySession, Timeline, TimelineFilter,
};
use confidant_core::ApiError;
use tauri::State;

use super::{discreet, now, practice_now, today};
use crate::state::AppState;

type Result<T> = std::result::Result<T, ApiError>;

/// Why a video or phone session with her in `state` needs a second look (licensure), if it does.
#[tauri::command(async)]
pub fn telehealth_check(
    state: State<'_, AppState>,
    modality: Modality,
    location_state: String,
) -> Result<Option<String>> {
    state.with_session(|s| notes::telehealth::check(s.conn(), modality, &location_state))
}

#[tauri::command(async)]
pub fn session_create(state: State<'_, AppState>, client_id: i64, fields: SessionFields) -> Result<TherapySession> {
    // The practice's clock, which stamps the row: the day she booked it is the day Today counts from.
    state.with_session(|s| Ok::<_, ApiError>(notes::create_session(s, client_id, &fields, practice_now(s)?)?))
}

#[tauri::command(async)]
pub fn session_update(state: State<'_, AppState>, id: i64, fields: SessionFields) -> Result<TherapySession> {
    state.with_session(|s| Ok::<_, ApiError>(notes::update_session(s, id, &fields, practice_now(s)?)?))
}

#[tauri::command(async)]
pub fn session_delete(state: State<'_, AppState>, id: i64) -> Result<()> {
    state.with_session(|s| notes::delete_session(s, id))
}

#[tauri::command(async)]
pub fn session_get(state: State<'_, AppState>, id: i64) -> Result<TherapySession> {
    state.with_session(|s| notes::get_session(s.conn(), id))
}

#[tauri::command(async)]
pub fn open_risk_items(state: State<'_, AppState>, client_id: i64) -> Result<Vec<OpenRiskItem>> {
    state.with_session(|s| notes::open_risk_items(s.conn(), client_id))
}

#[tauri::command(async)]
pub fn timeline(state: State<'_, AppState>, client_id: i64, filter: TimelineFilter) -> Result<Timeline> {
    state.with_session(|s| notes::timeline(s.conn(), client_id, &filter))
}

#[tauri::command(async)]
pub fn note_create(state: State<'_, AppState>, note: NewNote) -> Result<Note> {
    state.with_session(|s| notes::create_note(s, &note, now()))
}

#[tauri::command(async)]
pub fn note_get(state: State<'_, AppState>, id: i64) -> Result<Note> {
    state.with_session(|s| notes::get_note(s.conn(), id))
}

/// Autosave. Durable once it answers.
#[tauri::command(async)]
pub fn note_save_draft(
    state: State<'_, AppState>,
    id: i64,
    content: NoteContent,
    expected_revision: Option<i64>,
) -> Result<SavedDraft> {
    state.with_session(|s| notes::save_draft(s, id, &content, expected_revision))
}

#[tauri::command(async)]
pub fn note_sign(state: State<'_, AppState>, id: i64) -> Result<Note> {
    state.with_session(|s| notes::sign_note(s, id))
}

#[tauri::command(async)]
pub fn note_delete_draft(state: State<'_, AppState>, id: i64) -> Result<()> {
    state.with_session(|s| notes::delete_draft(s, id))
}

#[tauri::command(async)]
pub fn note_set_status(state: State<'_, AppState>, id: i64, status: DisclosureStatus) -> Result<Note> {
    state.with_session(|s| notes::set_disclosure_status(s, id, status))
}

#[tauri::command(async)]
pub fn addendum_add(state: State<'_, AppState>, note_id: i64, text: String) -> Result<Addendum> {
    state.with_session(|s| notes::add_addendum(s, note_id, &text))
}

#[tauri::command(async)]
pub fn note_template_sections(template: Template) -> Vec<SectionSpec> {
    notes::template_sections(template)
}

#[tauri::command(async)]
pub fn notes_overdue(state: State<'_, AppState>, client_id: Option<i64>) -> Result<Vec<OverdueDraft>> {
    state.with_session(|s| notes::overdue_drafts(s.conn(), client_id, today(), discreet(s)))
}

#[tauri::command(async)]
pub fn overdue_days_get(state: State<'_, AppState>) -> Result<u32> {
    state.with_session(|s| notes::overdue_days(s.conn()))
}

#[tauri::command(async)]
pub fn overdue_days_set(state: State<'_, AppState>, days: u32) -> Result<u32> {
    state.with_session(|s| notes::set_overdue_days(s, days))
}

#[tauri::command(async)]
pub fn search(state: State<'_, AppState>, query: SearchQuery) -> Result<SearchResults> {
    state.with_session(|s| notes::search(s.conn(), &query, discreet(s), today()))
}

#[tauri::command(async)]
pub fn dictionary_words(state: State<'_, AppState>) -> Result<Vec<String>> {
    state.with_session(|s| state.spelling.sync(s))
}

#[tauri::command(async)]
pub fn dictionary_add(state: State<'_, AppState>, word: String) -> Result<Vec<String>> {
    state.with_session(|s| {
        notes::add_word(s, &word)?;
        state.spelling.sync(s)
    })
}

#[tauri::command(async)]
pub fn dictionary_remove(state: State<'_, AppState>, word: String) -> Result<Vec<String>> {
    state.with_session(|s| {
        notes::remove_word(s, &word)?;
        state.spelling.sync(s)
    })
}

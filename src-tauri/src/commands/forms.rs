//! Consent forms commands: thin adapters over `confidant_core::consent`. "Save as" opens its
//! native dialog from here, so the web view needs no file-system permission.

use confidant_core::api::PrintSpool;
use confidant_core::consent::profile::{self, PracticeProfile, ProfileField};
use confidant_core::consent::signatures::{ConsentItem, NewSignature, ReconsentEntry};
use confidant_core::consent::templates::{FormDetail, FormSummary, FormVersion};
use confidant_core::consent::{self, packet, FormKind};
use confidant_core::ApiError;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use super::chosen;
use super::{discreet, today};
use crate::state::AppState;

type Result<T> = std::result::Result<T, ApiError>;

/// Where printed documents wait for the viewer: in memory, or in the data folder where the
/// system has no folder in memory.
#[tauri::command(async)]
pub fn print_spool(state: State<'_, AppState>) -> PrintSpool {
    PrintSpool { in_memory: state.dir.spool_in_memory() }
}

#[tauri::command(async)]
pub fn practice_profile_get(state: State<'_, AppState>) -> Result<PracticeProfile> {
    state.with_session(|s| profile::load(s.conn()))
}

#[tauri::command(async)]
pub fn practice_profile_save(state: State<'_, AppState>, profile: PracticeProfile) -> Result<PracticeProfile> {
    state.with_session(|s| profile::save(s, &profile))
}

#[tauri::command(async)]
pub fn forms_list(state: State<'_, AppState>) -> Result<Vec<FormSummary>> {
    state.with_session(|s| consent::list_forms(s.conn()))
}

#[tauri::command(async)]
pub fn form_get(state: State<'_, AppState>, kind: FormKind) -> Result<FormDetail> {
    state.with_session(|s| consent::form_detail(s.conn(), kind))
}

#[tauri::command(async)]
pub fn form_save(state: State<'_, AppState>, kind: FormKind, body: String) -> Result<FormVersion> {
    state.with_session(|s| consent::save_form(s, kind, &body))
}

/// Prints the text in the editor, unsaved, with a fictional client.
#[tauri::command(async)]
pub fn form_preview(state: State<'_, AppState>, kind: FormKind, body: String) -> Result<()> {
    state.with_session(|s| consent::preview_form(s, kind, &body, today()).map(|_| ()))
}

#[tauri::command(async)]
pub fn consent_status(state: State<'_, AppState>, client_id: i64) -> Result<Vec<ConsentItem>> {
    state.with_session(|s| consent::consent_status(s.conn(), client_id))
}

#[tauri::command(async)]
pub fn consent_record(state: State<'_, AppState>, signature: NewSignature) -> Result<Vec<ConsentItem>> {
    state.with_session(|s| consent::record_signature(s, &signature, today()))
}

#[tauri::command(async)]
pub fn consent_needs_warning(state: State<'_, AppState>, client_id: i64) -> Result<bool> {
    state.with_session(|s| consent::needs_consent_warning(s.conn(), client_id))
}

#[tauri::command(async)]
pub fn reconsent_list(state: State<'_, AppState>) -> Result<Vec<ReconsentEntry>> {
    state.with_session(|s| consent::reconsent_list(s.conn(), discreet(s), today()))
}

#[tauri::command(async)]
pub fn consent_packet_print(state: State<'_, AppState>, client_id: i64, kinds: Vec<FormKind>) -> Result<()> {
    state.with_session(|s| consent::print_packet(s, client_id, &kinds, today()).map(|_| ()))
}

/// Asks where to save the packet (the UI has already said the file will not be encrypted).
/// Resolves to false when she cancels.
#[tauri::command(async)]
pub fn consent_packet_save(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    client_id: i64,
    kinds: Vec<FormKind>,
) -> Result<bool> {
    let suggested = state.with_session(|s| packet::suggested_file_name(s.conn(), client_id, today()))?;
    let Some(path) =
        chosen(|| app.dialog().file().set_file_name(&suggested).add_filter("PDF", &["pdf"]).blocking_save_file())?
    else {
        return Ok(false);
    };
    state.with_session(|s| consent::save_packet_as(s, &path, client_id, &kinds, today()))?;
    Ok(true)
}

/// The practice details the current versions of these forms print, and which are still empty.
#[tauri::command(async)]
pub fn form_profile_fields(state: State<'_, AppState>, kinds: Vec<FormKind>) -> Result<Vec<ProfileField>> {
    state.with_session(|s| consent::profile_fields(s.conn(), &kinds))
}

/// Prints a form with no client's details, to hand out (the Notice of Privacy Practices).
#[tauri::command(async)]
pub fn form_print_blank(state: State<'_, AppState>, kind: FormKind) -> Result<()> {
    state.with_session(|s| consent::print_blank(s, kind, today()).map(|_| ()))
}

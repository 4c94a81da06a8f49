//! Settings commands.

use confidant_core::settings::{self, Settings};
use confidant_core::ApiError;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn settings_get(state: State<'_, AppState>) -> Result<Settings, ApiError> {
    state.with_session(|s| settings::load(s.conn()))
}

#[tauri::command(async)]
pub fn settings_set_idle_minutes(state: State<'_, AppState>, minutes: u32) -> Result<Settings, ApiError> {
    let updated = state.with_session(|s| settings::set_idle_minutes(s.conn_mut(), minutes))?;
    state.set_idle_minutes(updated.idle_minutes);
    Ok(updated)
}

#[tauri::command(async)]
pub fn settings_set_discreet_mode(state: State<'_, AppState>, on: bool) -> Result<Settings, ApiError> {
    state.with_session(|s| settings::set_discreet_mode(s.conn_mut(), on))
}

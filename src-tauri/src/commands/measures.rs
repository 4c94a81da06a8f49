//! Perinatal measures commands: thin adapters over `confidant_core::measures`.

use confidant_core::measures::{self, Measure, MeasureForm, MeasuresOverview, NewMeasure};
use confidant_core::notes::{self, Note};
use confidant_core::ApiError;
use tauri::State;

use super::{now, today};
use crate::state::AppState;

type Result<T> = std::result::Result<T, ApiError>;

#[tauri::command]
pub fn measure_forms() -> Vec<MeasureForm> {
    measures::forms()
}

#[tauri::command(async)]
pub fn measure_record(state: State<'_, AppState>, measure: NewMeasure) -> Result<Measure> {
    state.with_session(|s| measures::record_measure(s, &measure, today()))
}

#[tauri::command(async)]
pub fn measures_overview(state: State<'_, AppState>, client_id: i64) -> Result<MeasuresOverview> {
    state.with_session(|s| measures::overview(s.conn(), client_id, today()))
}

/// Opens (or reopens) the safety assessment note for a self-harm alert.
#[tauri::command(async)]
pub fn measure_safety_note(state: State<'_, AppState>, measure_id: i64) -> Result<Note> {
    state.with_session(|s| notes::safety::start_safety_note(s, measure_id, now()))
}

#[tauri::command(async)]
pub fn epds_threshold_get(state: State<'_, AppState>) -> Result<u32> {
    state.with_session(|s| measures::epds_threshold(s.conn()))
}

#[tauri::command(async)]
pub fn epds_threshold_set(state: State<'_, AppState>, threshold: u32) -> Result<u32> {
    state.with_session(|s| measures::set_epds_threshold(s, threshold))
}

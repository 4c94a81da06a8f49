//! The Today screen's one command: everything it lists, gathered by the core.

use confidant_core::today::{self, TodayView};
use confidant_core::ApiError;
use tauri::State;

use super::{discreet, today as local_today};
use crate::state::AppState;

#[tauri::command(async)]
pub fn today_view(state: State<'_, AppState>) -> Result<TodayView, ApiError> {
    state.with_session(|s| today::today_view(s.conn(), local_today(), discreet(s)))
}

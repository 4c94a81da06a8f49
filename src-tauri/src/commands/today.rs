//! The Today screen's one command: everything it lists, gathered by the core.

use confidant_core::today::{self, TodayView};
use confidant_core::ApiError;
use tauri::State;

use super::{discreet, practice_now};
use crate::state::AppState;

/// Today at the practice (its zone, as the schedule counts it).
#[tauri::command(async)]
pub fn today_view(state: State<'_, AppState>) -> Result<TodayView, ApiError> {
    state.with_session(|s| {
        let today = practice_now(s).map_err(ApiError::from)?.date();
        let discreet = discreet(s);
        today::today_view_of(s, today, discreet).map_err(ApiError::from)
    })
}

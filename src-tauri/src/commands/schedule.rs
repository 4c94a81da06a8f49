//! Schedule commands: thin adapters over `confidant_core::schedule`. "Now" is the practice's
//! wall-clock time (its zone from the practice profile); the folder for the calendar file is
//! chosen in a native dialog opened from here, so the web view needs no file-system permission.

use confidant_core::notes::series::{self, Booking, NewTime, Scope};
use confidant_core::notes::{Attendance, SessionFields};
use confidant_core::schedule::hours::{self, AwayDays, DayHours};
use confidant_core::schedule::ics::{self, IcsExport, IcsLabel};
use confidant_core::schedule::week::{self, ScheduleView};
use confidant_core::schedule::zone::{self, TimeZones};
use confidant_core::schedule::{self, Booked, ClientSchedule, ScheduleError, Warning};
use confidant_core::ApiError;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use super::{chosen, discreet, practice_now};
use crate::state::AppState;

type Result<T> = std::result::Result<T, ApiError>;

/// `days` days from `from` (1 for a day, 7 for a week from its Monday).
#[tauri::command(async)]
pub fn schedule_view(state: State<'_, AppState>, from: String, days: u32) -> Result<ScheduleView> {
    state.with_session(|s| {
        week::view(s.conn(), schedule::parse_day("from", &from)?, days, discreet(s), practice_now(s)?)
    })
}

/// What she would be warned of if she booked this; nothing is written.
#[tauri::command(async)]
pub fn schedule_check(state: State<'_, AppState>, booking: Booking) -> Result<Vec<Warning>> {
    state.with_session(|s| schedule::check(s.conn(), &booking, practice_now(s)?))
}

#[tauri::command(async)]
pub fn schedule_book(state: State<'_, AppState>, booking: Booking) -> Result<Booked> {
    state.with_session(|s| schedule::book(s, &booking, practice_now(s)?))
}

#[tauri::command(async)]
pub fn schedule_edit(state: State<'_, AppState>, id: i64, fields: SessionFields, scope: Scope) -> Result<Booked> {
    state.with_session(|s| schedule::edit(s, id, &fields, scope, practice_now(s)?))
}

#[tauri::command(async)]
pub fn schedule_record(
    state: State<'_, AppState>,
    id: i64,
    attendance: Attendance,
    new_time: Option<NewTime>,
) -> Result<Booked> {
    state.with_session(|s| schedule::record(s, id, attendance, new_time.as_ref(), practice_now(s)?))
}

#[tauri::command(async)]
pub fn schedule_remove(state: State<'_, AppState>, id: i64, scope: Scope) -> Result<Vec<i64>> {
    state.with_session(|s| series::remove(s, id, scope, practice_now(s)?).map_err(ScheduleError::from))
}

#[tauri::command(async)]
pub fn schedule_client(state: State<'_, AppState>, client_id: i64) -> Result<ClientSchedule> {
    state.with_session(|s| schedule::client_schedule(s.conn(), client_id, practice_now(s)?))
}

#[tauri::command(async)]
pub fn working_hours(state: State<'_, AppState>) -> Result<Vec<DayHours>> {
    state.with_session(|s| hours::working_hours(s.conn()))
}

#[tauri::command(async)]
pub fn working_hours_set(state: State<'_, AppState>, days: Vec<DayHours>) -> Result<Vec<DayHours>> {
    state.with_session(|s| hours::set_working_hours(s, &days))
}

/// Days away from today on.
#[tauri::command(async)]
pub fn away_days(state: State<'_, AppState>) -> Result<Vec<AwayDays>> {
    state.with_session(|s| hours::away_days(s.conn(), practice_now(s)?.date()))
}

#[tauri::command(async)]
pub fn away_days_add(state: State<'_, AppState>, away: AwayDays) -> Result<AwayDays> {
    state.with_session(|s| hours::add_away(s, &away))
}

#[tauri::command(async)]
pub fn away_days_remove(state: State<'_, AppState>, id: i64) -> Result<()> {
    state.with_session(|s| hours::remove_away(s, id))
}

/// Prints the day sheet to the private spool and the viewer (names only if she asked, after the
/// page warned her).
#[tauri::command(async)]
pub fn day_sheet_print(state: State<'_, AppState>, date: String, names: bool) -> Result<()> {
    state.with_session(|s| {
        let today = practice_now(s)?.date();
        schedule::sheet::print(s, schedule::parse_day("date", &date)?, names, today).map(|_| ())
    })
}

/// Asks for a folder, then writes `weeks` weeks of her schedule from today there as an .ics
/// file. Resolves to None when she cancels.
#[tauri::command(async)]
pub fn schedule_export_ics(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    weeks: u32,
    label: IcsLabel,
) -> Result<Option<IcsExport>> {
    let Some(folder) = chosen(|| app.dialog().file().blocking_pick_folder())? else { return Ok(None) };
    state.with_session(|s| ics::export(s, &folder, practice_now(s)?.date(), weeks, label, chrono::Utc::now())).map(Some)
}

/// The time zones she can choose for the practice, and the one in use.
#[tauri::command(async)]
pub fn time_zones(state: State<'_, AppState>) -> Result<TimeZones> {
    state.with_session(|s| zone::time_zones(s.conn()))
}

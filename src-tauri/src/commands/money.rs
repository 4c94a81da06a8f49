//! Money commands: thin adapters over `confidant_core::money` and the money's papers
//! (`confidant_core::disclosure::billing`).

use confidant_core::disclosure::billing;
use confidant_core::disclosure::printing::Destination;
use confidant_core::money::entries::{self, Entry, NewCharge, NewPayment};
use confidant_core::money::estimates::{self, EstimateInput};
use confidant_core::money::fees::{self, Billing, Fee, NewFee, SlidingFee};
use confidant_core::money::overview::{self, FeeSettings, IncomeReport, MoneyPanel};
use confidant_core::money::papers::{self, PracticeBilling};
use confidant_core::money::{income, MoneyError};
use confidant_core::time::{iso, parse_day};
use confidant_core::ApiError;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use super::{chosen, today};
use crate::state::AppState;

type Result<T> = std::result::Result<T, ApiError>;

fn day(field: &str, value: &str) -> std::result::Result<chrono::NaiveDate, MoneyError> {
    parse_day(value)
        .ok_or_else(|| MoneyError::Invalid(vec![confidant_core::error::FieldError::new(field, "Give the date.")]))
}

#[tauri::command(async)]
pub fn fee_settings(state: State<'_, AppState>) -> Result<FeeSettings> {
    state.with_session(|s| overview::fee_settings(s, today()))
}

#[tauri::command(async)]
pub fn fees_set(state: State<'_, AppState>, fees: Vec<NewFee>) -> Result<Vec<Fee>> {
    state.with_session(|s| fees::set_fees(s, &fees))
}

#[tauri::command(async)]
pub fn practice_billing_set(state: State<'_, AppState>, billing: PracticeBilling) -> Result<PracticeBilling> {
    state.with_session(|s| papers::set_practice_billing(s, &billing))
}

/// A client's money panel, the charges of her attendance posted first.
#[tauri::command(async)]
pub fn money_panel(state: State<'_, AppState>, client_id: i64) -> Result<MoneyPanel> {
    state.with_session(|s| overview::panel(s, client_id, today()))
}

#[tauri::command(async)]
pub fn payment_record(state: State<'_, AppState>, payment: NewPayment) -> Result<Entry> {
    state.with_session(|s| entries::record_payment(s, &payment, today()))
}

#[tauri::command(async)]
pub fn charge_record(state: State<'_, AppState>, charge: NewCharge) -> Result<Entry> {
    state.with_session(|s| entries::charge(s, &charge, today()))
}

#[tauri::command(async)]
pub fn charge_waive(state: State<'_, AppState>, id: i64, reason: String, on_date: String) -> Result<Entry> {
    state.with_session(|s| entries::waive(s, id, &reason, &on_date, today()))
}

#[tauri::command(async)]
pub fn entry_reverse(state: State<'_, AppState>, id: i64, reason: String, on_date: String) -> Result<Entry> {
    state.with_session(|s| entries::reverse(s, id, &reason, &on_date, today()))
}

#[tauri::command(async)]
pub fn client_billing_set(state: State<'_, AppState>, client_id: i64, billing: Billing) -> Result<Billing> {
    state.with_session(|s| fees::set_billing(s, client_id, billing))
}

#[tauri::command(async)]
pub fn sliding_fee_set(
    state: State<'_, AppState>,
    client_id: i64,
    cents: Option<i64>,
    effective_from: String,
) -> Result<Vec<SlidingFee>> {
    state.with_session(|s| fees::set_sliding_fee(s, client_id, cents, &effective_from))
}

#[tauri::command(async)]
pub fn receipt_print(state: State<'_, AppState>, payment_id: i64) -> Result<i64> {
    state.with_session(|s| billing::receipt(s, payment_id, Destination::Viewer, today()).map(|(seq, _)| seq))
}

/// The statement of a month (`2026-03`).
#[tauri::command(async)]
pub fn statement_print(state: State<'_, AppState>, client_id: i64, month: String) -> Result<i64> {
    state.with_session(|s| billing::statement(s, client_id, &month, Destination::Viewer, today()).map(|(seq, _)| seq))
}

#[tauri::command(async)]
pub fn superbill_print(state: State<'_, AppState>, client_id: i64, from: String, to: String) -> Result<i64> {
    state.with_session(|s| {
        let (from, to) = (day("from", &from)?, day("to", &to)?);
        Ok::<_, ApiError>(billing::superbill(s, client_id, from, to, Destination::Viewer, today())?.0)
    })
}

/// The services an estimate from `period_from` can list, priced for the client.
#[tauri::command(async)]
pub fn estimate_services(state: State<'_, AppState>, client_id: i64, period_from: String) -> Result<Vec<Fee>> {
    state.with_session(|s| estimates::offer(s.conn(), client_id, day("periodFrom", &period_from)?))
}

/// Records that the client asked for a Good Faith Estimate today; answers the day it is due by.
#[tauri::command(async)]
pub fn estimate_request(state: State<'_, AppState>, client_id: i64) -> Result<String> {
    state.with_session(|s| estimates::record_request(s, client_id, today()).map(iso))
}

#[tauri::command(async)]
pub fn estimate_issue(state: State<'_, AppState>, estimate: EstimateInput) -> Result<i64> {
    state.with_session(|s| billing::issue_estimate(s, &estimate, Destination::Viewer, today()).map(|(seq, _)| seq))
}

#[tauri::command(async)]
pub fn estimate_print(state: State<'_, AppState>, estimate_id: i64) -> Result<i64> {
    state.with_session(|s| billing::reprint_estimate(s, estimate_id, Destination::Viewer, today()).map(|(seq, _)| seq))
}

#[tauri::command(async)]
pub fn income_report(state: State<'_, AppState>, year: Option<i32>) -> Result<IncomeReport> {
    state.with_session(|s| overview::income_report(s, year, today()))
}

/// Asks for a folder, then writes the accountant's CSV of `from` to `to` there. Resolves to the
/// file's name, or None when she cancels.
#[tauri::command(async)]
pub fn income_export(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Option<String>> {
    let Some(folder) = chosen(|| app.dialog().file().blocking_pick_folder())? else { return Ok(None) };
    state
        .with_session(|s| {
            let (from, to) = (day("from", &from)?, day("to", &to)?);
            income::export(s, &folder, from, to)
        })
        .map(|(name, _)| Some(name))
}

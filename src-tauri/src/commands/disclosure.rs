//! Disclosure commands: thin adapters over `confidant_core::disclosure`. Every release goes
//! through the core's gate and writes its ledger entry there; nothing here decides.

use confidant_core::consent::signatures::SignedBy;
use confidant_core::disclosure::accounting::{self, AccountingRequest};
use confidant_core::disclosure::authorizations::{self, Authorization, AuthorizationInput, Ending};
use confidant_core::disclosure::printing::Destination;
use confidant_core::disclosure::release::{self, RecordedDisclosure, ReleasePreview, ReleaseRequest};
use confidant_core::disclosure::subpoenas::{self, StepInput, Subpoena, SubpoenaInput};
use confidant_core::ledger::basis::{self, BasisRule};
use confidant_core::ledger::{self, LedgerCheck, LedgerEntry};
use confidant_core::ApiError;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use super::chosen;
use super::today;
use crate::state::AppState;

type Result<T> = std::result::Result<T, ApiError>;

#[tauri::command(async)]
pub fn authorizations_list(state: State<'_, AppState>, client_id: i64) -> Result<Vec<Authorization>> {
    state.with_session(|s| authorizations::list(s.conn(), client_id, today()))
}

#[tauri::command(async)]
pub fn authorization_create(state: State<'_, AppState>, input: AuthorizationInput) -> Result<Authorization> {
    state.with_session(|s| authorizations::create(s, &input, today()))
}

#[tauri::command(async)]
pub fn authorization_update(state: State<'_, AppState>, id: i64, input: AuthorizationInput) -> Result<Authorization> {
    state.with_session(|s| authorizations::update(s, id, &input, today()))
}

#[tauri::command(async)]
pub fn authorization_delete(state: State<'_, AppState>, id: i64) -> Result<()> {
    state.with_session(|s| authorizations::delete_unsigned(s, id, today()))
}

#[tauri::command(async)]
pub fn authorization_sign(
    state: State<'_, AppState>,
    id: i64,
    signed_on: String,
    signed_by: SignedBy,
) -> Result<Authorization> {
    state.with_session(|s| authorizations::sign(s, id, &signed_on, signed_by, today()))
}

#[tauri::command(async)]
pub fn authorization_end(state: State<'_, AppState>, id: i64, ending: Ending) -> Result<Authorization> {
    state.with_session(|s| authorizations::end(s, id, &ending, today()))
}

#[tauri::command(async)]
pub fn authorization_print(state: State<'_, AppState>, id: i64) -> Result<()> {
    state.with_session(|s| authorizations::print(s, id, today()))
}

#[tauri::command(async)]
pub fn release_preview(state: State<'_, AppState>, request: ReleaseRequest) -> Result<ReleasePreview> {
    state.with_session(|s| release::preview(s.conn(), &request, today()))
}

/// Prints the packet; resolves to its ledger entry number.
#[tauri::command(async)]
pub fn release_print(state: State<'_, AppState>, request: ReleaseRequest) -> Result<i64> {
    state.with_session(|s| release::release(s, &request, Destination::Viewer, today()).map(|(seq, _)| seq))
}

/// Asks where to save the packet (the UI has said it will not be encrypted). None when she cancels.
#[tauri::command(async)]
pub fn release_save(app: tauri::AppHandle, state: State<'_, AppState>, request: ReleaseRequest) -> Result<Option<i64>> {
    let suggested = state.with_session(|s| release::suggested_file_name(s.conn(), request.client_id, today()))?;
    let Some(path) =
        chosen(|| app.dialog().file().set_file_name(&suggested).add_filter("PDF", &["pdf"]).blocking_save_file())?
    else {
        return Ok(None);
    };
    state.with_session(|s| release::release(s, &request, Destination::File(&path), today()).map(|(seq, _)| Some(seq)))
}

#[tauri::command(async)]
pub fn record_copy_print(state: State<'_, AppState>, client_id: i64, billing: bool) -> Result<i64> {
    state
        .with_session(|s| release::record_copy(s, client_id, billing, Destination::Viewer, today()).map(|(seq, _)| seq))
}

#[tauri::command(async)]
pub fn disclosure_record(state: State<'_, AppState>, disclosure: RecordedDisclosure) -> Result<i64> {
    state.with_session(|s| release::record_disclosure(s, &disclosure, today()))
}

#[tauri::command(async)]
pub fn ledger_entries(state: State<'_, AppState>, client_id: i64) -> Result<Vec<LedgerEntry>> {
    state.with_session(|s| ledger::entries_for_client(s.conn(), client_id))
}

#[tauri::command(async)]
pub fn ledger_verify(state: State<'_, AppState>) -> Result<LedgerCheck> {
    state.with_session(|s| ledger::verify(s.conn()))
}

#[tauri::command(async)]
pub fn accounting_requests(state: State<'_, AppState>, client_id: i64) -> Result<Vec<AccountingRequest>> {
    state.with_session(|s| accounting::requests(s.conn(), client_id, today()))
}

#[tauri::command(async)]
pub fn accounting_request_record(
    state: State<'_, AppState>,
    client_id: i64,
    requested_on: String,
    period_from: Option<String>,
) -> Result<AccountingRequest> {
    state.with_session(|s| accounting::record_request(s, client_id, &requested_on, period_from.as_deref(), today()))
}

#[tauri::command(async)]
pub fn accounting_extension_print(state: State<'_, AppState>, request_id: i64) -> Result<i64> {
    state.with_session(|s| {
        accounting::print_extension_letter(s, request_id, Destination::Viewer, today()).map(|(seq, _)| seq)
    })
}

/// Every legal basis with its rule, as the release and record dialogs offer them.
#[tauri::command(async)]
pub fn legal_bases() -> Result<Vec<BasisRule>> {
    Ok(basis::rules())
}

#[tauri::command(async)]
pub fn subpoenas_list(state: State<'_, AppState>, client_id: i64) -> Result<Vec<Subpoena>> {
    state.with_session(|s| subpoenas::list(s.conn(), client_id, today()))
}

/// Records a subpoena received: nothing is released, her record goes on legal hold.
#[tauri::command(async)]
pub fn subpoena_record(state: State<'_, AppState>, subpoena: SubpoenaInput) -> Result<Subpoena> {
    state.with_session(|s| subpoenas::record(s, &subpoena, today()))
}

#[tauri::command(async)]
pub fn subpoena_step(state: State<'_, AppState>, step: StepInput) -> Result<Subpoena> {
    state.with_session(|s| subpoenas::record_step(s, &step, today()))
}

#[tauri::command(async)]
pub fn accounting_request_extend(state: State<'_, AppState>, id: i64, reason: String) -> Result<AccountingRequest> {
    state.with_session(|s| accounting::extend(s, id, &reason, today()))
}

#[tauri::command(async)]
pub fn accounting_print(state: State<'_, AppState>, request_id: i64) -> Result<i64> {
    state
        .with_session(|s| accounting::print_accounting(s, request_id, Destination::Viewer, today()).map(|(seq, _)| seq))
}

#[tauri::command(async)]
pub fn privacy_summary_print(state: State<'_, AppState>, client_id: i64) -> Result<i64> {
    state.with_session(|s| {
        accounting::print_privacy_summary(s, client_id, Destination::Viewer, today()).map(|(seq, _)| seq)
    })
}

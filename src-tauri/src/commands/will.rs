//! The professional will: thin adapters to `confidant_core::will` (docs/DOMAIN.md section 13).

use confidant_core::secret::Passphrase;
use confidant_core::will::{self, CustodianClient, ProfessionalWill, WillDetails, WillError};
use confidant_core::ApiError;
use tauri::State;

use super::practice_now;
use crate::state::AppState;

type Result<T> = std::result::Result<T, ApiError>;

#[tauri::command(async)]
pub fn will_get(state: State<'_, AppState>) -> Result<ProfessionalWill> {
    state.with_session(|s| will::get(s))
}

#[tauri::command(async)]
pub fn will_save(state: State<'_, AppState>, details: WillDetails) -> Result<ProfessionalWill> {
    state.with_session(|s| will::save(s, &details))
}

#[tauri::command(async)]
pub fn will_mark_reviewed(state: State<'_, AppState>) -> Result<ProfessionalWill> {
    state.with_session(will::mark_reviewed)
}

/// Issues a new custodian key (the old one stops working) and prints the packet that holds it.
#[tauri::command(async)]
pub fn will_print_packet(state: State<'_, AppState>, passphrase: Passphrase) -> Result<ProfessionalWill> {
    state.with_session(|s| {
        let today = practice_now(s).map_err(ApiError::from)?.date();
        will::print_packet(s, &passphrase, today).map_err(ApiError::from)?;
        will::get(s).map_err(ApiError::from)
    })
}

#[tauri::command(async)]
pub fn will_revoke_key(state: State<'_, AppState>, passphrase: Passphrase) -> Result<ProfessionalWill> {
    state.with_session(|s| {
        let checked = s.confirm_passphrase(&passphrase).map_err(WillError::from)?;
        will::revoke(checked, s)
    })
}

/// In custodian mode: her own passphrase for the custodian slot, with the key from her packet.
#[tauri::command(async)]
pub fn will_set_custodian_passphrase(
    state: State<'_, AppState>,
    custodian_key: String,
    passphrase: Passphrase,
    confirmation: Passphrase,
) -> Result<()> {
    let custodian_key = zeroize::Zeroizing::new(custodian_key);
    state.with_session(|s| s.set_custodian_passphrase(&custodian_key, &passphrase, &confirmation))
}

#[tauri::command(async)]
pub fn custodian_clients(state: State<'_, AppState>) -> Result<Vec<CustodianClient>> {
    state.with_session(|s| {
        let today = practice_now(s).map_err(ApiError::from)?.date();
        will::clients(s.conn(), today).map_err(ApiError::from)
    })
}

/// The letters to these clients, one after the other in one PDF, through the spool.
#[tauri::command(async)]
pub fn custodian_print_letters(state: State<'_, AppState>, client_ids: Vec<i64>) -> Result<()> {
    state.with_session(|s| {
        let today = practice_now(s).map_err(ApiError::from)?.date();
        will::print_letters(s, &client_ids, today).map(drop).map_err(ApiError::from)
    })
}

//! Register commands: clients, connections, retention, legal holds, destruction and import. Thin adapters over
//! `confidant_core::register`; discreet mode is read from the vault, never trusted from the page.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use confidant_core::destruction::{self, PastRetention};
use confidant_core::register::holds::{self, HoldInput, LegalHold};
use confidant_core::register::import::{self, ImportField, ImportOutcome, ImportPreview};
use confidant_core::register::retention::{self, PolicyChange, RetentionMove};
use confidant_core::register::{
    self, Client, ClientConnection, ClientFields, ClientPage, ClientStatus, ClientSummary, ConnectionFields, DualMatch,
    DualRelationshipReview, PossibleDualRelationship, RetentionPolicy, ReviewInput, StatusFilter,
};
use confidant_core::ApiError;
use serde::Deserialize;
use tauri::State;

use super::{discreet, today};
use crate::state::AppState;

type Result<T> = std::result::Result<T, ApiError>;

#[tauri::command(async)]
pub fn clients_list(state: State<'_, AppState>, filter: StatusFilter, query: String) -> Result<ClientPage> {
    state.with_session(|s| register::list(s.conn(), filter, &query, discreet(s), register::MAX_PAGE, today()))
}

#[tauri::command(async)]
pub fn client_get(state: State<'_, AppState>, id: i64) -> Result<Client> {
    state.with_session(|s| register::get(s.conn(), id))
}

#[tauri::command(async)]
pub fn client_summary(state: State<'_, AppState>, id: i64) -> Result<ClientSummary> {
    state.with_session(|s| register::summary(s.conn(), id, discreet(s), today()))
}

#[tauri::command(async)]
pub fn client_create(
    state: State<'_, AppState>,
    draft: ClientFields,
    status: ClientStatus,
    confirm_duplicate: bool,
) -> Result<Client> {
    state.with_session(|s| register::create(s, &draft, status, confirm_duplicate, today()))
}

#[tauri::command(async)]
pub fn client_update(
    state: State<'_, AppState>,
    id: i64,
    draft: ClientFields,
    confirm_duplicate: bool,
) -> Result<Client> {
    state.with_session(|s| register::update(s, id, &draft, confirm_duplicate, today()))
}

#[tauri::command(async)]
pub fn client_check_dual(
    state: State<'_, AppState>,
    draft: ClientFields,
    except: Option<i64>,
) -> Result<Vec<PossibleDualRelationship>> {
    state.with_session(|s| register::check_new_client(s.conn(), &draft, except, discreet(s)))
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DualMatchRef {
    other_client_id: i64,
    matched: DualMatch,
}

/// One decision about every possible dual relationship the check found.
#[tauri::command(async)]
pub fn client_record_dual_decision(
    state: State<'_, AppState>,
    client_id: i64,
    matches: Vec<DualMatchRef>,
    decision: String,
) -> Result<Vec<DualRelationshipReview>> {
    state.with_session(|s| {
        let reviews = matches.iter().map(|m| ReviewInput {
            other_client_id: m.other_client_id,
            matched: m.matched,
            decision: decision.clone(),
        });
        register::record_reviews(s, client_id, reviews)
    })
}

#[tauri::command(async)]
pub fn client_reviews(state: State<'_, AppState>, client_id: i64) -> Result<Vec<DualRelationshipReview>> {
    state.with_session(|s| register::list_reviews(s.conn(), client_id, discreet(s)))
}

#[tauri::command(async)]
pub fn client_set_status(state: State<'_, AppState>, id: i64, status: ClientStatus, date: NaiveDate) -> Result<Client> {
    state.with_session(|s| register::set_status(s, id, status, date, today()))
}

#[tauri::command(async)]
pub fn client_discharge(state: State<'_, AppState>, id: i64, date: NaiveDate) -> Result<Client> {
    state.with_session(|s| register::discharge(s, id, date, today()))
}

#[tauri::command(async)]
pub fn client_reopen(state: State<'_, AppState>, id: i64) -> Result<Client> {
    state.with_session(|s| register::reopen(s, id))
}

#[tauri::command(async)]
pub fn connections_list(state: State<'_, AppState>, client_id: i64) -> Result<Vec<ClientConnection>> {
    state.with_session(|s| register::list_connections(s.conn(), client_id, discreet(s)))
}

#[tauri::command(async)]
pub fn connection_add(
    state: State<'_, AppState>,
    client_id: i64,
    connection: ConnectionFields,
) -> Result<ClientConnection> {
    state.with_session(|s| register::add_connection(s, client_id, &connection))
}

#[tauri::command(async)]
pub fn connection_update(
    state: State<'_, AppState>,
    id: i64,
    connection: ConnectionFields,
) -> Result<ClientConnection> {
    state.with_session(|s| register::update_connection(s, id, &connection))
}

#[tauri::command(async)]
pub fn connection_remove(state: State<'_, AppState>, id: i64) -> Result<()> {
    state.with_session(|s| register::remove_connection(s, id))
}

#[tauri::command(async)]
pub fn retention_policy_get(state: State<'_, AppState>) -> Result<RetentionPolicy> {
    state.with_session(|s| register::policy(s.conn()))
}

/// Whose retention dates a change of policy would move; nothing is written.
#[tauri::command(async)]
pub fn retention_policy_preview(state: State<'_, AppState>, change: PolicyChange) -> Result<Vec<RetentionMove>> {
    state.with_session(|s| retention::preview_policy(s.conn(), &change, discreet(s)))
}

#[tauri::command(async)]
pub fn retention_policy_set(state: State<'_, AppState>, change: PolicyChange) -> Result<RetentionPolicy> {
    state.with_session(|s| register::set_policy(s, &change))
}

#[tauri::command(async)]
pub fn retention_past(state: State<'_, AppState>) -> Result<Vec<PastRetention>> {
    state.with_session(|s| destruction::past_retention(s.conn(), today(), discreet(s)))
}

/// Destroys a record past retention; `confirmation` is the client code as she typed it.
#[tauri::command(async)]
pub fn client_destroy(state: State<'_, AppState>, id: i64, confirmation: String) -> Result<String> {
    state.with_session(|s| destruction::destroy(s, id, &confirmation, today()))
}

#[tauri::command(async)]
pub fn legal_holds(state: State<'_, AppState>, client_id: i64) -> Result<Vec<LegalHold>> {
    state.with_session(|s| holds::list(s.conn(), client_id))
}

#[tauri::command(async)]
pub fn legal_hold_place(state: State<'_, AppState>, hold: HoldInput) -> Result<LegalHold> {
    state.with_session(|s| holds::place(s, &hold, today()))
}

#[tauri::command(async)]
pub fn legal_hold_lift(state: State<'_, AppState>, id: i64, reason: String) -> Result<LegalHold> {
    state.with_session(|s| holds::lift(s, id, &reason, today()))
}

#[tauri::command(async)]
pub fn import_preview(
    state: State<'_, AppState>,
    csv: Vec<u8>,
    mapping: Option<Vec<Option<ImportField>>>,
) -> Result<ImportPreview> {
    state.with_session(|s| import::preview(s.conn(), &csv, mapping.as_deref(), today()))
}

#[tauri::command(async)]
pub fn import_commit(
    state: State<'_, AppState>,
    csv: Vec<u8>,
    mapping: Option<Vec<Option<ImportField>>>,
    skip_rows: BTreeSet<u32>,
) -> Result<ImportOutcome> {
    state.with_session(|s| import::commit(s, &csv, mapping.as_deref(), &skip_rows, today()))
}

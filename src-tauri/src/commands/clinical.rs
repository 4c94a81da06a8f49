//! Clinical record commands: thin adapters over `confidant_core::clinical`.

use confidant_core::clinical::goals::{self, NoteGoals};
use confidant_core::clinical::{codes, diagnoses, overview, plans, reviews};
use confidant_core::clinical::{
    ClinicalHit, ClinicalOverview, CodeMatch, CustomCode, Diagnosis, DiagnosisChange, NewDiagnosis, PlanInput,
    PlanReview, PlanReviewInput, TreatmentPlan,
};
use confidant_core::consent::signatures::SignedBy;
use confidant_core::ApiError;
use tauri::State;

use super::{discreet, today};
use crate::state::AppState;

type Result<T> = std::result::Result<T, ApiError>;

/// ICD-10-CM codes (and hers) matching what she typed.
#[tauri::command(async)]
pub fn icd_search(state: State<'_, AppState>, query: String) -> Result<Vec<CodeMatch>> {
    state.with_session(|s| codes::search(s.conn(), &query))
}

#[tauri::command(async)]
pub fn custom_code_add(state: State<'_, AppState>, code: String, label: String) -> Result<CustomCode> {
    state.with_session(|s| codes::add_custom(s, &code, &label))
}

#[tauri::command(async)]
pub fn clinical_overview(state: State<'_, AppState>, client_id: i64) -> Result<ClinicalOverview> {
    state.with_session(|s| overview::overview(s.conn(), client_id, today()))
}

#[tauri::command(async)]
pub fn diagnosis_record(state: State<'_, AppState>, diagnosis: NewDiagnosis) -> Result<Diagnosis> {
    state.with_session(|s| diagnoses::record(s, &diagnosis, today()))
}

#[tauri::command(async)]
pub fn diagnosis_change(state: State<'_, AppState>, id: i64, change: DiagnosisChange) -> Result<Diagnosis> {
    state.with_session(|s| diagnoses::change(s, id, &change, today()))
}

#[tauri::command(async)]
pub fn diagnosis_history(state: State<'_, AppState>, client_id: i64) -> Result<Vec<Diagnosis>> {
    state.with_session(|s| diagnoses::history(s.conn(), client_id))
}

#[tauri::command(async)]
pub fn plan_save(state: State<'_, AppState>, plan: PlanInput) -> Result<TreatmentPlan> {
    state.with_session(|s| plans::save(s, &plan, today()))
}

#[tauri::command(async)]
pub fn plan_versions(state: State<'_, AppState>, client_id: i64) -> Result<Vec<TreatmentPlan>> {
    state.with_session(|s| plans::versions(s.conn(), client_id))
}

#[tauri::command(async)]
pub fn plan_print(state: State<'_, AppState>, plan_id: i64) -> Result<()> {
    state.with_session(|s| plans::print(s, plan_id, today()).map(|_| ()))
}

#[tauri::command(async)]
pub fn plan_sign(
    state: State<'_, AppState>,
    plan_id: i64,
    signed_on: String,
    signed_by: SignedBy,
) -> Result<TreatmentPlan> {
    state.with_session(|s| plans::sign(s, plan_id, &signed_on, signed_by, today()))
}

#[tauri::command(async)]
pub fn plan_review(state: State<'_, AppState>, review: PlanReviewInput) -> Result<PlanReview> {
    state.with_session(|s| reviews::record(s, &review, today()))
}

#[tauri::command(async)]
pub fn note_goals(state: State<'_, AppState>, note_id: i64) -> Result<NoteGoals> {
    state.with_session(|s| goals::of_note(s.conn(), note_id))
}

#[tauri::command(async)]
pub fn note_goals_set(state: State<'_, AppState>, note_id: i64, goal_ids: Vec<i64>) -> Result<NoteGoals> {
    state.with_session(|s| goals::set_for_note(s, note_id, &goal_ids))
}

/// Diagnoses and plans matching a search, beside the notes.
#[tauri::command(async)]
pub fn clinical_search(state: State<'_, AppState>, text: String) -> Result<Vec<ClinicalHit>> {
    state.with_session(|s| overview::search(s.conn(), &text, discreet(s), today()))
}

//! Every command the UI may call, registered in one list with what it takes and answers.
//!
//! The list produces `NAMES`, which the lock gate, the generated `commands.json` and the "locked
//! means locked" test all read, so a new command cannot forget the lock. Each entry also says the
//! command's parameters and answer: the compiler checks them against the command's function, and
//! from them the tests write the page's `Commands` type (`ui/src/lib/generated/types.ts`,
//! `typescript.rs`), so calling a command by a wrong name or with wrong arguments does not
//! type-check in the page.

pub mod backup;
pub mod clients;
pub mod clinical;
pub mod disclosure;
pub mod forms;
pub mod measures;
pub mod money;
pub mod notes;
pub mod schedule;
pub mod settings;
pub mod today;
#[cfg(test)]
mod typescript;
pub mod vault;
pub mod will;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use confidant_core::api::{CreatedVault, PrintSpool, VaultStatus};
use confidant_core::backup::auto::BackupStatus;
use confidant_core::backup::restore::{ChosenBackup, RestoredVault};
use confidant_core::backup::BackupSummary;
use confidant_core::clinical::goals::NoteGoals;
use confidant_core::clinical::{
    ClinicalHit, ClinicalOverview, CodeMatch, CustomCode, Diagnosis, DiagnosisChange, NewDiagnosis, PlanInput,
    PlanReview, PlanReviewInput, TreatmentPlan,
};
use confidant_core::consent::profile::{PracticeProfile, ProfileField};
use confidant_core::consent::signatures::{ConsentItem, NewSignature, ReconsentEntry, SignedBy};
use confidant_core::consent::templates::{FormDetail, FormSummary, FormVersion};
use confidant_core::consent::FormKind;
use confidant_core::destruction::PastRetention;
use confidant_core::disclosure::accounting::AccountingRequest;
use confidant_core::disclosure::authorizations::{Authorization, AuthorizationInput, Ending};
use confidant_core::disclosure::basis::BasisRule;
use confidant_core::disclosure::release::{RecordedDisclosure, ReleasePreview, ReleaseRequest};
use confidant_core::disclosure::subpoenas::{StepInput, Subpoena, SubpoenaInput};
use confidant_core::ledger::{LedgerCheck, LedgerEntry};
use confidant_core::measures::{Measure, MeasureForm, MeasuresOverview, NewMeasure};
use confidant_core::money::entries::{Entry, NewCharge, NewPayment};
use confidant_core::money::estimates::EstimateInput;
use confidant_core::money::fees::{Billing, Fee, NewFee, SlidingFee};
use confidant_core::money::overview::{FeeSettings, IncomeReport, MoneyPanel};
use confidant_core::money::papers::PracticeBilling;
use confidant_core::notes::series::{Booking, NewTime, Scope};
use confidant_core::notes::{
    Addendum, Attendance, DisclosureStatus, Modality, NewNote, Note, NoteContent, OpenRiskItem, OverdueDraft,
    SavedDraft, SearchQuery, SearchResults, SectionSpec, SessionFields, Template, TherapySession, Timeline,
    TimelineFilter,
};
use confidant_core::passphrase::PassphraseCheck;
use confidant_core::register::holds::{HoldInput, LegalHold};
use confidant_core::register::import::{ImportField, ImportOutcome, ImportPreview};
use confidant_core::register::retention::{PolicyChange, RetentionMove};
use confidant_core::register::{
    Client, ClientConnection, ClientFields, ClientPage, ClientStatus, ClientSummary, ConnectionFields,
    DualRelationshipReview, PossibleDualRelationship, RetentionPolicy, StatusFilter,
};
use confidant_core::schedule::hours::{AwayDays, DayHours};
use confidant_core::schedule::ics::{IcsExport, IcsLabel};
use confidant_core::schedule::week::ScheduleView;
use confidant_core::schedule::zone::{self, TimeZones};
use confidant_core::schedule::{Booked, ClientSchedule, ScheduleError, Warning};
use confidant_core::secret::Passphrase;
use confidant_core::settings::{self as vault_settings, Settings};
use confidant_core::today::TodayView;
use confidant_core::vault::Session;
use confidant_core::will::{CustodianClient, ProfessionalWill, WillDetails};
use confidant_core::{ApiError, ErrorCode};

/// What she chose in a native dialog, or None when she cancelled. Debug builds honour
/// `CONFIDANT_TEST_DIALOG_PATH` (the end-to-end tests cannot drive a native dialog): the dialog is
/// skipped and that path used. Release builds ignore it.
pub(crate) fn chosen(
    dialog: impl FnOnce() -> Option<tauri_plugin_dialog::FilePath>,
) -> Result<Option<std::path::PathBuf>, ApiError> {
    if cfg!(debug_assertions) {
        if let Some(path) = std::env::var_os("CONFIDANT_TEST_DIALOG_PATH") {
            return Ok(Some(std::path::PathBuf::from(path)));
        }
    }
    dialog()
        .map(|choice| {
            choice.into_path().map_err(|_| ApiError::new(ErrorCode::InvalidInput, "That location cannot be used."))
        })
        .transpose()
}

pub(crate) fn today() -> chrono::NaiveDate {
    now().date()
}

/// This computer's local time, or the fixed test clock.
pub(crate) fn now() -> chrono::NaiveDateTime {
    test_now().unwrap_or_else(|| chrono::Local::now().naive_local())
}

/// The wall-clock time at the practice (its zone, from the practice profile), which the schedule
/// and Today count in; or the fixed test clock.
pub(crate) fn practice_now(session: &Session) -> Result<chrono::NaiveDateTime, ScheduleError> {
    test_now().map_or_else(|| zone::now(session.conn()), Ok)
}

/// Debug builds honour `CONFIDANT_TEST_NOW` (`2027-03-01T09:00`), so an end-to-end test sees
/// what falls due on a given day; release builds ignore it.
fn test_now() -> Option<chrono::NaiveDateTime> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let fixed = std::env::var("CONFIDANT_TEST_NOW").ok()?;
    chrono::NaiveDateTime::parse_from_str(&fixed, "%Y-%m-%dT%H:%M").ok()
}

/// Discreet mode as the vault has it, so a page cannot ask for names it should not see.
pub(crate) fn discreet(session: &Session) -> bool {
    vault_settings::load(session.conn()).map(|s| s.discreet_mode).unwrap_or(true)
}

/// Commands that work while the vault is locked. Everything else answers `locked`.
pub const ALLOWED_WHEN_LOCKED: &[&str] = &[
    "vault_status",
    "passphrase_check",
    "vault_create",
    "vault_unlock",
    "vault_unlock_custodian",
    "vault_recover",
    "vault_lock",
    "vault_touch",
    "ui_ready",
];

/// Commands that work while locked only if no vault exists yet: restoring one from the Welcome
/// screen. Once there is a vault they answer `locked` like the rest.
pub const ALLOWED_WITHOUT_VAULT: &[&str] = &["backup_restore_choose", "backup_restore_inspect", "backup_restore_new"];

/// Commands that do not count as the therapist being active (the UI may call them on its own).
pub const PASSIVE: &[&str] = &["vault_status", "ui_ready", "vault_saved_before_lock"];

/// `R: Answers<A>`: a command whose function returns `R` answers the page with an `A`, or with an
/// `ApiError` when `R` is a `Result`.
trait Answers<A> {}
impl<A> Answers<A> for A {}
impl<A> Answers<A> for Result<A, ApiError> {}

/// `register![module::command(parameters) -> answer, ..]`. Parameters are named as in the
/// function, in its order: `state` and `app` are Tauri's (the vault state, the app handle), every
/// other one is `name: Type`, an argument the page sends. The answer is what the page receives
/// (for a function returning `Result<A>`, the `A`).
macro_rules! register {
    (@type state) => { tauri::State<'_, crate::state::AppState> };
    (@type app) => { tauri::AppHandle };
    (@type $param:ident : $ty:ty) => { $ty };
    (@arg $cfg:ident state) => { None };
    (@arg $cfg:ident app) => { None };
    (@arg $cfg:ident $param:ident : $ty:ty) => { Some((stringify!($param), <$ty as ts_rs::TS>::name($cfg))) };
    (@visit $visitor:ident state) => {};
    (@visit $visitor:ident app) => {};
    (@visit $visitor:ident $param:ident : $ty:ty) => { typescript::visit::<$ty>($visitor) };
    ($($module:ident :: $command:ident ( $($param:ident $(: $ty:ty)?),* $(,)? ) -> $answer:ty),* $(,)?) => {
        pub const NAMES: &[&str] = &[$(stringify!($command)),*];

        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($module::$command),*]
        }

        // Each entry's parameters and answer are the function's own, or this does not compile.
        const _: () = {
            $({
                const fn agrees<R: Answers<$answer>>(_: fn($(register!(@type $param $(: $ty)?)),*) -> R) {}
                agrees($module::$command);
            })*
        };

        /// Each command as the page calls it.
        #[cfg(test)]
        fn signatures(cfg: &ts_rs::Config) -> Vec<typescript::Signature> {
            vec![$(typescript::Signature {
                module: stringify!($module),
                name: stringify!($command),
                params: vec![$(stringify!($param)),*],
                args: typescript::arguments(vec![$(register!(@arg cfg $param $(: $ty)?)),*]),
                answer: <$answer as ts_rs::TS>::name(cfg),
            }),*]
        }

        /// Visits every type the commands take or answer, for their declarations.
        #[cfg(test)]
        fn visit_command_types(visitor: &mut impl ts_rs::TypeVisitor) {
            $($(register!(@visit visitor $param $(: $ty)?);)* typescript::visit::<$answer>(visitor);)*
        }
    };
}

register![
    vault::ui_ready() -> (),
    vault::vault_status(state) -> VaultStatus,
    vault::passphrase_check(passphrase: Passphrase) -> PassphraseCheck,
    vault::vault_create(state, passphrase: Passphrase, confirmation: Passphrase) -> CreatedVault,
    vault::vault_unlock(state, passphrase: Passphrase) -> (),
    vault::vault_recover(state, recovery_key: String, passphrase: Passphrase, confirmation: Passphrase) -> (),
    vault::vault_unlock_custodian(state, secret: Passphrase) -> (),
    vault::vault_lock(app, state) -> (),
    vault::vault_touch(state) -> (),
    vault::vault_saved_before_lock(state, request: u64) -> (),
    vault::vault_change_passphrase(state, current: Passphrase, passphrase: Passphrase, confirmation: Passphrase) -> (),
    vault::vault_replace_recovery_key(state, current: Passphrase) -> CreatedVault,
    vault::recovery_sheet_print(state) -> (),
    vault::recovery_sheet_save(app, state) -> bool,
    vault::recovery_sheet_confirm(state) -> (),
    settings::settings_get(state) -> Settings,
    today::today_view(state) -> TodayView,
    will::will_get(state) -> ProfessionalWill,
    will::will_save(state, details: WillDetails) -> ProfessionalWill,
    will::will_mark_reviewed(state) -> ProfessionalWill,
    will::will_print_packet(state, passphrase: Passphrase) -> ProfessionalWill,
    will::will_revoke_key(state, passphrase: Passphrase) -> ProfessionalWill,
    will::will_set_custodian_passphrase(state, custodian_key: String, passphrase: Passphrase, confirmation: Passphrase) -> (),
    will::custodian_clients(state) -> Vec<CustodianClient>,
    will::custodian_print_letters(state, client_ids: Vec<i64>) -> (),
    forms::print_spool(state) -> PrintSpool,
    forms::practice_profile_get(state) -> PracticeProfile,
    forms::practice_profile_save(state, profile: PracticeProfile) -> PracticeProfile,
    forms::forms_list(state) -> Vec<FormSummary>,
    forms::form_get(state, kind: FormKind) -> FormDetail,
    forms::form_save(state, kind: FormKind, body: String) -> FormVersion,
    forms::form_preview(state, kind: FormKind, body: String) -> (),
    forms::consent_status(state, client_id: i64) -> Vec<ConsentItem>,
    forms::consent_record(state, signature: NewSignature) -> Vec<ConsentItem>,
    forms::consent_needs_warning(state, client_id: i64) -> bool,
    forms::reconsent_list(state) -> Vec<ReconsentEntry>,
    forms::consent_packet_print(state, client_id: i64, kinds: Vec<FormKind>) -> (),
    forms::consent_packet_save(app, state, client_id: i64, kinds: Vec<FormKind>) -> bool,
    forms::form_profile_fields(state, kinds: Vec<FormKind>) -> Vec<ProfileField>,
    forms::form_print_blank(state, kind: FormKind) -> (),
    measures::measure_forms() -> Vec<MeasureForm>,
    measures::measure_record(state, measure: NewMeasure) -> Measure,
    measures::measures_overview(state, client_id: i64) -> MeasuresOverview,
    measures::measure_safety_note(state, measure_id: i64) -> Note,
    measures::epds_threshold_get(state) -> u32,
    measures::epds_threshold_set(state, threshold: u32) -> u32,
    clients::clients_list(state, filter: StatusFilter, query: String) -> ClientPage,
    clients::client_get(state, id: i64) -> Client,
    clients::client_summary(state, id: i64) -> ClientSummary,
    clients::client_create(state, draft: ClientFields, status: ClientStatus, confirm_duplicate: bool) -> Client,
    clients::client_update(state, id: i64, draft: ClientFields, confirm_duplicate: bool) -> Client,
    clients::client_check_dual(state, draft: ClientFields, except: Option<i64>) -> Vec<PossibleDualRelationship>,
    clients::client_record_dual_decision(state, client_id: i64, matches: Vec<clients::DualMatchRef>, decision: String)
        -> Vec<DualRelationshipReview>,
    clients::client_reviews(state, client_id: i64) -> Vec<DualRelationshipReview>,
    clients::client_set_status(state, id: i64, status: ClientStatus, date: NaiveDate) -> Client,
    clients::client_discharge(state, id: i64, date: NaiveDate) -> Client,
    clients::client_reopen(state, id: i64) -> Client,
    clients::connections_list(state, client_id: i64) -> Vec<ClientConnection>,
    clients::connection_add(state, client_id: i64, connection: ConnectionFields) -> ClientConnection,
    clients::connection_update(state, id: i64, connection: ConnectionFields) -> ClientConnection,
    clients::connection_remove(state, id: i64) -> (),
    clients::retention_policy_get(state) -> RetentionPolicy,
    clients::retention_policy_preview(state, change: PolicyChange) -> Vec<RetentionMove>,
    clients::retention_policy_set(state, change: PolicyChange) -> RetentionPolicy,
    clients::retention_past(state) -> Vec<PastRetention>,
    clients::client_destroy(state, id: i64, confirmation: String) -> String,
    clients::legal_holds(state, client_id: i64) -> Vec<LegalHold>,
    clients::legal_hold_place(state, hold: HoldInput) -> LegalHold,
    clients::legal_hold_lift(state, id: i64, reason: String) -> LegalHold,
    clients::import_preview(state, csv: Vec<u8>, mapping: Option<Vec<Option<ImportField>>>) -> ImportPreview,
    clients::import_commit(state, csv: Vec<u8>, mapping: Option<Vec<Option<ImportField>>>, skip_rows: BTreeSet<u32>)
        -> ImportOutcome,
    notes::telehealth_check(state, modality: Modality, location_state: String) -> Option<String>,
    notes::session_create(state, client_id: i64, fields: SessionFields) -> TherapySession,
    notes::session_update(state, id: i64, fields: SessionFields) -> TherapySession,
    notes::session_delete(state, id: i64) -> (),
    notes::session_get(state, id: i64) -> TherapySession,
    notes::open_risk_items(state, client_id: i64) -> Vec<OpenRiskItem>,
    notes::timeline(state, client_id: i64, filter: TimelineFilter) -> Timeline,
    notes::note_create(state, note: NewNote) -> Note,
    notes::note_get(state, id: i64) -> Note,
    notes::note_save_draft(state, id: i64, content: NoteContent, expected_revision: Option<i64>) -> SavedDraft,
    notes::note_sign(state, id: i64) -> Note,
    notes::note_delete_draft(state, id: i64) -> (),
    notes::note_set_status(state, id: i64, status: DisclosureStatus) -> Note,
    notes::addendum_add(state, note_id: i64, text: String) -> Addendum,
    notes::note_template_sections(template: Template) -> Vec<SectionSpec>,
    notes::notes_overdue(state, client_id: Option<i64>) -> Vec<OverdueDraft>,
    notes::overdue_days_get(state) -> u32,
    notes::overdue_days_set(state, days: u32) -> u32,
    notes::search(state, query: SearchQuery) -> SearchResults,
    notes::dictionary_words(state) -> Vec<String>,
    notes::dictionary_add(state, word: String) -> Vec<String>,
    notes::dictionary_remove(state, word: String) -> Vec<String>,
    settings::settings_set_idle_minutes(state, minutes: u32) -> Settings,
    settings::settings_set_discreet_mode(state, on: bool) -> Settings,
    backup::backup_status(state) -> BackupStatus,
    backup::backup_create(app, state, current: Passphrase, passphrase: Passphrase, confirmation: Passphrase)
        -> Option<BackupSummary>,
    backup::backup_choose_folder(app, state, current: Passphrase) -> Option<BackupStatus>,
    backup::backup_folder_off(state, current: Passphrase) -> BackupStatus,
    backup::backup_set_remind_days(state, days: u32) -> BackupStatus,
    backup::backup_restore_choose(app, state) -> Option<ChosenBackup>,
    backup::backup_restore_inspect(state, key: String) -> BackupSummary,
    backup::backup_restore_new(state, key: String, passphrase: Passphrase, confirmation: Passphrase) -> RestoredVault,
    backup::backup_restore_replace(
        state,
        current: Passphrase,
        key: String,
        passphrase: Passphrase,
        confirmation: Passphrase,
        confirmed: bool,
    ) -> RestoredVault,
    disclosure::authorizations_list(state, client_id: i64) -> Vec<Authorization>,
    disclosure::authorization_create(state, input: AuthorizationInput) -> Authorization,
    disclosure::authorization_update(state, id: i64, input: AuthorizationInput) -> Authorization,
    disclosure::authorization_delete(state, id: i64) -> (),
    disclosure::authorization_sign(state, id: i64, signed_on: String, signed_by: SignedBy) -> Authorization,
    disclosure::authorization_end(state, id: i64, ending: Ending) -> Authorization,
    disclosure::authorization_print(state, id: i64) -> (),
    disclosure::release_preview(state, request: ReleaseRequest) -> ReleasePreview,
    disclosure::release_print(state, request: ReleaseRequest) -> i64,
    disclosure::release_save(app, state, request: ReleaseRequest) -> Option<i64>,
    disclosure::record_copy_print(state, client_id: i64, billing: bool) -> i64,
    disclosure::disclosure_record(state, disclosure: RecordedDisclosure) -> i64,
    disclosure::ledger_entries(state, client_id: i64) -> Vec<LedgerEntry>,
    disclosure::ledger_verify(state) -> LedgerCheck,
    disclosure::accounting_requests(state, client_id: i64) -> Vec<AccountingRequest>,
    disclosure::accounting_request_record(state, client_id: i64, requested_on: String, period_from: Option<String>)
        -> AccountingRequest,
    disclosure::accounting_request_extend(state, id: i64, reason: String) -> AccountingRequest,
    disclosure::accounting_print(state, request_id: i64) -> i64,
    disclosure::accounting_extension_print(state, request_id: i64) -> i64,
    disclosure::privacy_summary_print(state, client_id: i64) -> i64,
    disclosure::legal_bases() -> Vec<BasisRule>,
    disclosure::subpoenas_list(state, client_id: i64) -> Vec<Subpoena>,
    disclosure::subpoena_record(state, subpoena: SubpoenaInput) -> Subpoena,
    disclosure::subpoena_step(state, step: StepInput) -> Subpoena,
    clinical::icd_search(state, query: String) -> Vec<CodeMatch>,
    clinical::custom_code_add(state, code: String, label: String) -> CustomCode,
    clinical::clinical_overview(state, client_id: i64) -> ClinicalOverview,
    clinical::diagnosis_record(state, diagnosis: NewDiagnosis) -> Diagnosis,
    clinical::diagnosis_change(state, id: i64, change: DiagnosisChange) -> Diagnosis,
    clinical::diagnosis_history(state, client_id: i64) -> Vec<Diagnosis>,
    clinical::plan_save(state, plan: PlanInput) -> TreatmentPlan,
    clinical::plan_versions(state, client_id: i64) -> Vec<TreatmentPlan>,
    clinical::plan_print(state, plan_id: i64) -> (),
    clinical::plan_sign(state, plan_id: i64, signed_on: String, signed_by: SignedBy) -> TreatmentPlan,
    clinical::plan_review(state, review: PlanReviewInput) -> PlanReview,
    clinical::note_goals(state, note_id: i64) -> NoteGoals,
    clinical::note_goals_set(state, note_id: i64, goal_ids: Vec<i64>) -> NoteGoals,
    clinical::clinical_search(state, text: String) -> Vec<ClinicalHit>,
    schedule::schedule_view(state, from: String, days: u32) -> ScheduleView,
    schedule::schedule_check(state, booking: Booking) -> Vec<Warning>,
    schedule::schedule_book(state, booking: Booking) -> Booked,
    schedule::schedule_edit(state, id: i64, fields: SessionFields, scope: Scope) -> Booked,
    schedule::schedule_record(state, id: i64, attendance: Attendance, new_time: Option<NewTime>) -> Booked,
    schedule::schedule_remove(state, id: i64, scope: Scope) -> Vec<i64>,
    schedule::schedule_client(state, client_id: i64) -> ClientSchedule,
    schedule::working_hours(state) -> Vec<DayHours>,
    schedule::working_hours_set(state, days: Vec<DayHours>) -> Vec<DayHours>,
    schedule::away_days(state) -> Vec<AwayDays>,
    schedule::away_days_add(state, away: AwayDays) -> AwayDays,
    schedule::away_days_remove(state, id: i64) -> (),
    schedule::day_sheet_print(state, date: String, names: bool) -> (),
    schedule::schedule_export_ics(app, state, weeks: u32, label: IcsLabel) -> Option<IcsExport>,
    schedule::time_zones(state) -> TimeZones,
    money::fee_settings(state) -> FeeSettings,
    money::fees_set(state, fees: Vec<NewFee>) -> Vec<Fee>,
    money::practice_billing_set(state, billing: PracticeBilling) -> PracticeBilling,
    money::money_panel(state, client_id: i64) -> MoneyPanel,
    money::payment_record(state, payment: NewPayment) -> Entry,
    money::charge_record(state, charge: NewCharge) -> Entry,
    money::charge_waive(state, id: i64, reason: String, on_date: String) -> Entry,
    money::entry_reverse(state, id: i64, reason: String, on_date: String) -> Entry,
    money::client_billing_set(state, client_id: i64, billing: Billing) -> Billing,
    money::sliding_fee_set(state, client_id: i64, cents: Option<i64>, effective_from: String) -> Vec<SlidingFee>,
    money::receipt_print(state, payment_id: i64) -> i64,
    money::statement_print(state, client_id: i64, month: String) -> i64,
    money::superbill_print(state, client_id: i64, from: String, to: String) -> i64,
    money::estimate_services(state, client_id: i64, period_from: String) -> Vec<Fee>,
    money::estimate_request(state, client_id: i64) -> String,
    money::estimate_issue(state, estimate: EstimateInput) -> i64,
    money::estimate_print(state, estimate_id: i64) -> i64,
    money::income_report(state, year: Option<i32>) -> IncomeReport,
    money::income_export(app, state, from: String, to: String) -> Option<String>,
];

/// The content of `ui/src/lib/generated/commands.json`.
pub fn commands_json() -> String {
    let value = serde_json::json!({
        "commands": NAMES,
        "allowedWhenLocked": ALLOWED_WHEN_LOCKED,
        "allowedWithoutVault": ALLOWED_WITHOUT_VAULT,
    });
    format!("{}\n", serde_json::to_string_pretty(&value).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_commands_json_is_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/generated/commands.json");
        if std::env::var_os("UPDATE_GENERATED").is_some() {
            std::fs::write(&path, commands_json()).expect("write commands.json");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(committed == commands_json(), "ui/src/lib/generated/commands.json is stale: run `make types`");
    }

    #[test]
    fn every_command_allowed_when_locked_exists() {
        for name in ALLOWED_WHEN_LOCKED.iter().chain(ALLOWED_WITHOUT_VAULT).chain(PASSIVE) {
            assert!(NAMES.contains(name), "{name} is not a registered command");
        }
    }
}

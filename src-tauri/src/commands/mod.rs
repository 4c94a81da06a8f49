//! Every command the UI may call, registered in one list.
//!
//! The list also produces `NAMES`, which the lock gate, the generated `commands.json` and the
//! "locked means locked" test all read, so a new command cannot forget the lock.

pub mod backup;
pub mod clients;
pub mod disclosure;
pub mod forms;
pub mod measures;
pub mod notes;
pub mod schedule;
pub mod settings;
pub mod today;
pub mod vault;

use confidant_core::settings as vault_settings;
use confidant_core::vault::Session;

pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

pub(crate) fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
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
    "vault_recover",
    "vault_lock",
    "vault_touch",
    "ui_ready",
];

/// Commands that work while locked only if no vault exists yet: restoring one from the Welcome
/// screen. Once there is a vault they answer `locked` like the rest.
pub const ALLOWED_WITHOUT_VAULT: &[&str] = &["backup_restore_choose", "backup_restore_inspect", "backup_restore_new"];

/// Commands that do not count as the therapist being active (the UI may call them on its own).
pub const PASSIVE: &[&str] = &["vault_status", "ui_ready"];

macro_rules! register {
    ($($module:ident :: $command:ident),* $(,)?) => {
        pub const NAMES: &[&str] = &[$(stringify!($command)),*];

        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($module::$command),*]
        }
    };
}

register![
    vault::ui_ready,
    vault::vault_status,
    vault::passphrase_check,
    vault::vault_create,
    vault::vault_unlock,
    vault::vault_recover,
    vault::vault_lock,
    vault::vault_touch,
    vault::vault_change_passphrase,
    vault::vault_replace_recovery_key,
    vault::recovery_sheet_print,
    vault::recovery_sheet_save,
    vault::recovery_sheet_confirm,
    settings::settings_get,
    today::today_view,
    forms::practice_profile_get,
    forms::practice_profile_save,
    forms::forms_list,
    forms::form_get,
    forms::form_save,
    forms::form_preview,
    forms::consent_status,
    forms::consent_record,
    forms::consent_needs_warning,
    forms::reconsent_list,
    forms::consent_packet_print,
    forms::consent_packet_save,
    forms::form_profile_fields,
    forms::form_print_blank,
    measures::measure_forms,
    measures::measure_record,
    measures::measures_overview,
    measures::measure_safety_note,
    measures::epds_threshold_get,
    measures::epds_threshold_set,
    clients::clients_list,
    clients::client_get,
    clients::client_summary,
    clients::client_create,
    clients::client_update,
    clients::client_check_dual,
    clients::client_record_dual_decision,
    clients::client_reviews,
    clients::client_set_status,
    clients::client_discharge,
    clients::client_reopen,
    clients::connections_list,
    clients::connection_add,
    clients::connection_update,
    clients::connection_remove,
    clients::retention_policy_get,
    clients::retention_policy_preview,
    clients::retention_policy_set,
    clients::retention_past,
    clients::client_destroy,
    clients::legal_holds,
    clients::legal_hold_place,
    clients::legal_hold_lift,
    clients::import_preview,
    clients::import_commit,
    notes::telehealth_check,
    notes::session_create,
    notes::session_update,
    notes::session_delete,
    notes::session_get,
    notes::open_risk_items,
    notes::timeline,
    notes::note_create,
    notes::note_get,
    notes::note_save_draft,
    notes::note_sign,
    notes::note_delete_draft,
    notes::note_set_status,
    notes::addendum_add,
    notes::note_template_sections,
    notes::notes_overdue,
    notes::overdue_days_get,
    notes::overdue_days_set,
    notes::search,
    notes::dictionary_words,
    notes::dictionary_add,
    notes::dictionary_remove,
    settings::settings_set_idle_minutes,
    settings::settings_set_discreet_mode,
    backup::backup_status,
    backup::backup_create,
    backup::backup_choose_folder,
    backup::backup_folder_off,
    backup::backup_set_remind_days,
    backup::backup_restore_choose,
    backup::backup_restore_inspect,
    backup::backup_restore_new,
    backup::backup_restore_replace,
    disclosure::authorizations_list,
    disclosure::authorization_create,
    disclosure::authorization_update,
    disclosure::authorization_delete,
    disclosure::authorization_sign,
    disclosure::authorization_end,
    disclosure::authorization_print,
    disclosure::release_preview,
    disclosure::release_print,
    disclosure::release_save,
    disclosure::record_copy_print,
    disclosure::disclosure_record,
    disclosure::ledger_entries,
    disclosure::ledger_verify,
    disclosure::accounting_requests,
    disclosure::accounting_request_record,
    disclosure::accounting_request_extend,
    disclosure::accounting_print,
    disclosure::accounting_extension_print,
    disclosure::privacy_summary_print,
    disclosure::legal_bases,
    disclosure::subpoenas_list,
    disclosure::subpoena_record,
    disclosure::subpoena_step,
    schedule::schedule_view,
    schedule::schedule_check,
    schedule::schedule_book,
    schedule::schedule_edit,
    schedule::schedule_record,
    schedule::schedule_remove,
    schedule::schedule_client,
    schedule::working_hours,
    schedule::working_hours_set,
    schedule::away_days,
    schedule::away_days_add,
    schedule::away_days_remove,
    schedule::day_sheet_print,
    schedule::schedule_export_ics,
    schedule::time_zones,
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

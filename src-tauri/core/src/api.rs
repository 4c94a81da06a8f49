//! Types that cross to the UI and belong to no area of their own. Their TypeScript twins, like
//! every type the commands take or answer, are written by the shell's tests
//! (`src-tauri/src/commands/typescript.rs`, `make types`).

use serde::Serialize;
use ts_rs::TS;

use crate::secret::RecoveryKeyText;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VaultState {
    None,
    Locked,
    Unlocked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VaultStatus {
    pub state: VaultState,
    /// Milliseconds to wait before the next unlock attempt is accepted (after failures).
    pub retry_after_ms: u32,
    /// True between vault creation and the therapist confirming she kept her recovery sheet.
    pub recovery_sheet_pending: bool,
    /// Who opened the vault, while it is open: every screen says so in custodian mode.
    pub opened_by: Option<crate::vault::OpenedBy>,
}

/// Not `Clone`: it holds the recovery key, zeroed when dropped.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreatedVault {
    /// Shown once; groups of four characters separated by dashes.
    #[ts(type = "string")]
    pub recovery_key: RecoveryKeyText,
}

/// Where printed documents wait for the viewer (Settings says so).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintSpool {
    /// In the user's folder in memory; false: in the data folder on disk (the system has no
    /// folder in memory for her).
    pub in_memory: bool,
}

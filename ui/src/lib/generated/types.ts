// Generated from the Rust types by `make types` (confidant-core, ts-rs). Do not edit by hand:
// the test `generated_typescript_is_fresh` fails when this file is stale.

export type ErrorCode = "locked" | "no_vault" | "vault_exists" | "wrong_passphrase" | "wrong_recovery_key" | "weak_passphrase" | "invalid_input" | "not_found" | "damaged" | "too_new" | "io" | "internal";

export type ApiError = { code: ErrorCode, message: string, };

export type VaultState = "none" | "locked" | "unlocked";

export type VaultStatus = { state: VaultState, 
/**
 * Milliseconds to wait before the next unlock attempt is accepted (after failures).
 */
retryAfterMs: number, 
/**
 * True between vault creation and the therapist confirming she kept her recovery sheet.
 */
recoverySheetPending: boolean, };

export type PassphraseCheck = { acceptable: boolean, 
/**
 * 0 (very weak) to 4 (strong), for the meter.
 */
score: number, 
/**
 * Why it is refused or how to make it better, written for the therapist.
 */
problems: Array<string>, };

export type CreatedVault = { 
/**
 * Shown once; groups of four characters separated by dashes.
 */
recoveryKey: string, };

export type Settings = { idleMinutes: number, discreetMode: boolean, };

import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { call } from "./invoke";
import type { LockReason } from "$lib/generated/types";

// The only caller of the vault and settings commands.

export const status = () => call("vault_status");
export const checkPassphrase = (passphrase: string) => call("passphrase_check", { passphrase });
export const create = (passphrase: string, confirmation: string) =>
  call("vault_create", { passphrase, confirmation });
export const unlock = (passphrase: string) => call("vault_unlock", { passphrase });
/** The records custodian opens the vault with her key or her own passphrase: custodian mode. */
export const unlockAsCustodian = (secret: string) => call("vault_unlock_custodian", { secret });
export const recover = (recoveryKey: string, passphrase: string, confirmation: string) =>
  call("vault_recover", { recoveryKey, passphrase, confirmation });
export const lock = () => call("vault_lock");
/** Tells the backend the therapist is active, so the idle timer starts again. */
export const touch = () => call("vault_touch");
export const printRecoverySheet = () => call("recovery_sheet_print");
/** Opens a save dialog in the backend; resolves to false if she cancelled. */
export const saveRecoverySheet = () => call("recovery_sheet_save");
export const confirmRecoveryKept = () => call("recovery_sheet_confirm");
export const changePassphrase = (current: string, passphrase: string, confirmation: string) =>
  call("vault_change_passphrase", { current, passphrase, confirmation });
/** A new recovery key (the old sheet stops working); shown once, then printed like at creation. */
export const replaceRecoveryKey = (current: string) => call("vault_replace_recovery_key", { current });
export const settings = () => call("settings_get");
export const setIdleMinutes = (minutes: number) => call("settings_set_idle_minutes", { minutes });
export const setDiscreetMode = (on: boolean) => call("settings_set_discreet_mode", { on });

/**
 * Before the backend locks on its own (idle timer, screen lock, sleep) it asks the page to save
 * what she typed: `save` runs, then the backend hears that it may lock (it waits two seconds at most).
 */
export const onLocking = (save: () => Promise<void>): Promise<UnlistenFn> =>
  listen<number>("vault-locking", async (event) => {
    await save().catch(() => {});
    await call("vault_saved_before_lock", { request: event.payload }).catch(() => {
      // Locked already: the backend stopped waiting.
    });
  });

/** The backend locks on its own (idle timer, session lock, suspend) and says so with this event. */
export const onLocked = (handler: (reason: LockReason) => void): Promise<UnlistenFn> =>
  listen<LockReason>("vault-locked", (event) => handler(event.payload));

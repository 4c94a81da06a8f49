import { invoke as tauriInvoke } from "@tauri-apps/api/core";
import type { LockReason } from "$lib/generated/types";
import { asApiError } from "$lib/logic/errors";

// The one door to the backend. Errors always come out of it as `ApiError`, and a `locked` answer
// is handled here once for the whole page: while the page shows the open vault, a call answered
// `locked` means the backend locked (idle, a screen lock, sleep, a lock that raced a save), so the
// page goes to the unlock screen at once and the screen that asked never hears back (it is gone,
// with whatever of a client it showed). No view or component handles `locked` itself.

/** Which opening of the vault the page shows; 0 while it shows none (welcome, unlock screens). */
let opening = 0;
let openings = 0;
const listeners = new Set<(reason: LockReason | null) => void>();

/** The page shows the open vault from now on (unlocked, created, restored). */
export function vaultOpened(): void {
  opening = ++openings;
}

/**
 * The vault locked: the page shows the unlock screen. `reason` is the backend's when it locked on
 * its own (its `vault-locked` event), null when a call found it locked or she locked it herself.
 */
export function vaultLocked(reason: LockReason | null): void {
  opening = 0;
  for (const listener of listeners) listener(reason);
}

/** Runs `listener` each time the vault locks; returns what stops it. */
export function onVaultLocked(listener: (reason: LockReason | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Every backend call goes through here. */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  const askedIn = opening;
  try {
    return await tauriInvoke<T>(command, args);
  } catch (raw) {
    const error = asApiError(raw);
    // Asked outside the vault (unlocking, creating): the screen that asked shows it like any error.
    if (error.code !== "locked" || askedIn === 0) throw error;
    // The first such answer locks the page; a later one, or one to a screen of an earlier
    // opening, finds it gone already.
    if (askedIn === opening) vaultLocked(null);
    return new Promise<never>(() => {});
  }
}

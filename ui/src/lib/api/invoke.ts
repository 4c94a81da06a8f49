import { invoke as tauriInvoke } from "@tauri-apps/api/core";
import type { Commands, LockReason } from "$lib/generated/types";
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

/** The name of a command the page may call. */
export type Command = keyof Commands;
type Args<C extends Command> = Commands[C]["args"];
/** A command's arguments: left out only for a command that takes none. */
type ArgsOf<C extends Command> = Record<string, never> extends Args<C> ? [args?: Args<C>] : [args: Args<C>];

/**
 * Every backend call goes through here. The command's name, its arguments and its answer are
 * typed from the Rust code (`Commands`, generated), so a wrong name or argument does not type-check.
 */
export async function call<C extends Command>(command: C, ...args: ArgsOf<C>): Promise<Commands[C]["answer"]> {
  const askedIn = opening;
  try {
    return await tauriInvoke<Commands[C]["answer"]>(command, args[0]);
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

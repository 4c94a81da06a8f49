type KeyLike = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">;

/** Ctrl (Cmd on macOS) with one letter and no other modifier. */
function isCtrl(e: KeyLike, letter: string): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === letter;
}

/** Ctrl+L locks the vault from anywhere. */
export const isLockShortcut = (e: KeyLike) => isCtrl(e, "l");

/** Ctrl+N: a new note for the client on screen. */
export const isNewNoteShortcut = (e: KeyLike) => isCtrl(e, "n");

/** Ctrl+S: sign the note being written (after its confirmation). */
export const isSignShortcut = (e: KeyLike) => isCtrl(e, "s");

/**
 * What Ctrl+N does where she is: on a client's page, record the session just held (its note
 * follows from the session); on a session's page, start that session's note.
 */
export function newNoteAction(route: { name: string }): "record-session" | "start-note" | null {
  if (route.name === "client") return "record-session";
  if (route.name === "session") return "start-note";
  return null;
}

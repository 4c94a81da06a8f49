import { writable } from "svelte/store";

/** What she typed in the header's search box; the search screen answers it. Cleared when the vault locks. */
export const searchText = writable("");

/**
 * Whether the header's search box must be emptied. In discreet mode a name or a phone number left
 * in it would show on every page: turning discreet mode on empties it, and while discreet mode is
 * on it keeps what she typed only as long as the search screen answers it.
 */
export function hidesSearchText(wasDiscreet: boolean, discreet: boolean, onSearchScreen: boolean): boolean {
  return discreet && (!wasDiscreet || !onSearchScreen);
}

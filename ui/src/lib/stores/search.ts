import { writable } from "svelte/store";

/** What she typed in the header's search box; the search screen answers it. Cleared when the vault locks. */
export const searchText = writable("");

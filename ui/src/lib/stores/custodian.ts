import { writable } from "svelte/store";

/**
 * Custodian mode (docs/DOMAIN.md section 13): the vault was opened with the custodian key. Every screen
 * says so; set from the backend's status when the vault opens, reset when it locks.
 */
export const custodianMode = writable(false);

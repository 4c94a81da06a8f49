import { writable } from "svelte/store";

/**
 * Discreet mode: while on, every screen that names a client shows initials or the alias instead.
 * Loaded from the backend's settings when the vault opens; reset when it locks.
 */
export const discreetMode = writable(false);

/** The name to show for a client, obeying discreet mode. */
export function displayName(person: { name: string; alias?: string | null }, discreet: boolean): string {
  if (!discreet) return person.name;
  if (person.alias && person.alias.trim().length > 0) return person.alias.trim();
  return initials(person.name);
}

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => w[0].toUpperCase() + ".")
    .join("");
}

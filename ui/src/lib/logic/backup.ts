import type { BackupSummary } from "$lib/generated/types";
import { moment } from "./dates";

const REMIND_DAY_CHOICES = [1, 2, 3, 5, 7, 10, 14, 21, 30, 60, 90];

/** The choices for "remind me after N days without a verified backup", the current one included. */
export function remindChoices(current: number): number[] {
  return REMIND_DAY_CHOICES.includes(current) ? REMIND_DAY_CHOICES : [...REMIND_DAY_CHOICES, current].sort((a, b) => a - b);
}

/** "Never", or when the last verified backup was made, in local time. */
export function lastBackupText(lastVerifiedAt: string | null): string {
  return lastVerifiedAt ? moment(lastVerifiedAt) : "Never";
}

/** Whole days since the last verified backup, or null if there was none (or it cannot be read). */
export function daysSince(lastVerifiedAt: string | null, now: Date): number | null {
  if (!lastVerifiedAt) return null;
  const at = new Date(lastVerifiedAt).getTime();
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.floor((now.getTime() - at) / 86_400_000));
}

/** The gentle reminder for the home screen, or null when the last backup is recent enough. */
export function backupReminder(lastVerifiedAt: string | null, now: Date, afterDays: number): string | null {
  const days = daysSince(lastVerifiedAt, now);
  if (days === null) return "You have no backup yet. A backup on a USB drive keeps your records safe if this computer is lost.";
  if (days <= afterDays) return null;
  return `Your last backup is ${days} days old. Consider making a new one.`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "12 clients, 340 notes": what a backup holds, without naming anyone. */
export function backupContents(summary: Pick<BackupSummary, "clients" | "notes">): string {
  return `${plural(summary.clients, "client", "clients")}, ${plural(summary.notes, "note", "notes")}`;
}

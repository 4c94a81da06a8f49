import { moment } from "./notes";

/** After this many days without a verified backup, the home screen reminds her. */
export const REMIND_AFTER_DAYS = 7;

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
export function backupReminder(lastVerifiedAt: string | null, now: Date, afterDays = REMIND_AFTER_DAYS): string | null {
  const days = daysSince(lastVerifiedAt, now);
  if (days === null) return "You have no backup yet. A backup on a USB drive keeps your records safe if this computer is lost.";
  if (days <= afterDays) return null;
  return `Your last backup is ${days} days old. Consider making a new one.`;
}

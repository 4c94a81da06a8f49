import type { WillReminder } from "$lib/generated/types";

/** What Today says when the professional will needs her (docs/DOMAIN.md section 13). */
export function willReminderText(reminder: WillReminder): string {
  switch (reminder) {
    case "not_set_up":
      return "Name a records custodian and print her packet: without it, nobody can open your records if you cannot.";
    case "review_due":
      return "A year has passed: review your professional will and your custodian's details.";
    case "key_older_than_forms":
      return "Your forms changed after you printed the custodian packet: print a new packet for your custodian.";
  }
}

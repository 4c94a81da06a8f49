import type { Route } from "./route";

/**
 * What the search box (Ctrl+K) can do besides searching: go somewhere or act, by name. Each
 * command either opens a route or asks the app to act; nothing here touches the vault itself.
 */
export type Command =
  | { id: string; label: string; words: string; route: Route }
  | { id: string; label: string; words: string; action: "lock" | "discreet-on" | "discreet-off" };

export const COMMANDS: readonly Command[] = [
  { id: "today", label: "Today", words: "home start sessions", route: { name: "home" } },
  { id: "clients", label: "Clients", words: "register list", route: { name: "clients" } },
  { id: "add-client", label: "Add a client", words: "new client intake", route: { name: "client-new" } },
  { id: "import", label: "Import clients from a CSV file", words: "spreadsheet", route: { name: "import" } },
  { id: "retention", label: "Records past retention", words: "discharged old destroy", route: { name: "retention" } },
  { id: "forms", label: "Consent forms", words: "packet print templates re-consent", route: { name: "forms" } },
  { id: "practice", label: "Practice profile", words: "license address fee cancellation", route: { name: "practice" } },
  { id: "settings", label: "Settings", words: "preferences timeout passphrase", route: { name: "settings" } },
  { id: "backup", label: "Back up now", words: "backup export settings", route: { name: "settings", part: "backups" } },
  { id: "restore", label: "Restore from a backup", words: "backup recover", route: { name: "restore" } },
  { id: "help", label: "Help", words: "disclosure status ledger recovery sheet", route: { name: "help" } },
  { id: "lock", label: "Lock now", words: "close away", action: "lock" },
  { id: "discreet-on", label: "Discreet mode on", words: "initials hide names privacy", action: "discreet-on" },
  { id: "discreet-off", label: "Discreet mode off", words: "show names", action: "discreet-off" },
];

/** At most this many commands are offered at once. */
const MAX_SHOWN = 4;

/**
 * The commands for what she typed: every word typed must begin a word of the command's label or
 * keywords ("prac prof" finds "Practice profile", "license" finds it too). Best first: labels that
 * begin with what she typed, spaces aside ("backup" is "Back up now", not "Restore from a
 * backup"), then other label matches, then keyword matches. Of the discreet mode commands only
 * the one that changes something is offered.
 */
export function matchCommands(text: string, discreet: boolean): Command[] {
  const typed = words(text);
  if (typed.length === 0) return [];
  const scored: { command: Command; rank: number }[] = [];
  for (const command of COMMANDS) {
    if ("action" in command && command.action === (discreet ? "discreet-on" : "discreet-off")) continue;
    const label = words(command.label);
    const begins = (all: string[]) => typed.every((t) => all.some((w) => w.startsWith(t)));
    const rank = label.join("").startsWith(typed.join(""))
      ? 0
      : begins(label)
        ? 1
        : begins([...label, ...words(command.words)])
          ? 2
          : null;
    if (rank !== null) scored.push({ command, rank });
  }
  return scored
    .sort((a, b) => a.rank - b.rank)
    .slice(0, MAX_SHOWN)
    .map((s) => s.command);
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

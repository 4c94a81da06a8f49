import type { PassphraseCheck } from "$lib/generated/types";

export type StrengthLevel = "empty" | "very-weak" | "weak" | "fair" | "good" | "strong";

export interface StrengthView {
  level: StrengthLevel;
  label: string;
  /** 0 to 4 filled segments of the meter. */
  filled: number;
}

const LEVELS: readonly StrengthView[] = [
  { level: "very-weak", label: "Very weak", filled: 0 },
  { level: "weak", label: "Weak", filled: 1 },
  { level: "fair", label: "Fair", filled: 2 },
  { level: "good", label: "Good", filled: 3 },
  { level: "strong", label: "Strong", filled: 4 },
];

/** What the meter says for a backend check; nothing typed yet reads as empty. */
export function strengthView(check: PassphraseCheck | null, typed: boolean): StrengthView {
  if (!typed || check === null) return { level: "empty", label: "", filled: 0 };
  const score = Math.max(0, Math.min(4, Math.round(check.score)));
  const view = LEVELS[score];
  // A passphrase the backend refuses never reads as good, whatever its score.
  if (!check.acceptable && score > 1) return LEVELS[1];
  // A very weak passphrase still shows one segment so the meter visibly responds to typing.
  return { ...view, filled: Math.max(view.filled, 1) };
}

/** Why a new passphrase can't be used yet, or null when it can. */
export function newPassphraseBlocker(
  passphrase: string,
  confirmation: string,
  check: PassphraseCheck | null,
): string | null {
  if (passphrase.length === 0) return "Choose a passphrase.";
  if (check === null) return "Checking the passphrase…";
  if (!check.acceptable) return check.problems[0] ?? "Choose a stronger passphrase.";
  if (confirmation.length === 0) return "Type the passphrase a second time.";
  if (passphrase !== confirmation) return "The two passphrases are not the same.";
  return null;
}

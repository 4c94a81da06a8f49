import type { AuthorizationKind, ConsentItem, ConsentState, FormKind, FormSummary, PracticeProfile, ProfileField } from "$lib/generated/types";

/**
 * The forms a packet offers first: every consent this client still has to sign or re-sign, and
 * the Notice of Privacy Practices beside its acknowledgment.
 */
export function preselectedKinds(items: readonly ConsentItem[]): FormKind[] {
  const kinds = items.filter((i) => i.required && i.state !== "signed").map((i) => i.kind);
  return kinds.includes("privacy_notice_acknowledgment") ? [...kinds, "privacy_notice"] : kinds;
}

/** The forms a packet offers: a treatment plan prints from the plan itself (the clinical panel). */
export function packetForms(forms: readonly FormSummary[]): FormSummary[] {
  return forms.filter((f) => f.current.kind !== "treatment_plan");
}

/** Forms printed blank from the Forms page, to hand out. */
export const HANDOUTS: readonly FormKind[] = ["privacy_notice"];

/** The form an authorization prints on. */
export function authorizationForm(kind: AuthorizationKind): FormKind {
  return kind === "psychotherapy_notes" ? "psychotherapy_notes_authorization" : "release_authorization";
}

/** Profile fields written over several lines. */
const LONG_FIELDS = new Set(["address", "crisisInstructions", "afterHours", "boardAddress"]);

/** How the print dialog asks for a missing profile field. */
export function fieldKind(field: string): "licenses" | "textarea" | "text" {
  if (field === "licenses") return "licenses";
  return LONG_FIELDS.has(field) ? "textarea" : "text";
}

/** The text fields of the profile the print dialog can fill in, by their name in `ProfileField.field`. */
export type ProfileText = Exclude<keyof PracticeProfile, "licenses" | "privilegeStates" | "cancellationWindowHours" | "paper">;

/** The fields still empty, which the print dialog asks for. */
export function missingFields(fields: readonly ProfileField[]): ProfileField[] {
  return fields.filter((f) => f.empty);
}

/** "MO, KS" as she types it, to the profile's list of codes (the backend checks each). */
export function parseStates(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== "");
}

/** Packet order follows the Forms list (informed consent first), whatever order she ticked them in. */
export function packetOrder(forms: readonly FormSummary[], chosen: readonly FormKind[]): FormKind[] {
  return forms.map((f) => f.current.kind).filter((k) => chosen.includes(k));
}

export function consentStateLabel(state: ConsentState): string {
  switch (state) {
    case "signed":
      return "Signed";
    case "outdated":
      return "Re-sign";
    default:
      return "Not signed";
  }
}

/** One problem of a template that could not be saved, as the backend words it ("Line 12: ..."). */
export interface LineProblem {
  line: number;
  reason: string;
}

export function lineProblems(messages: readonly string[]): LineProblem[] {
  return messages.map((m) => {
    const match = /^Line (\d+): (.*)$/s.exec(m);
    return match ? { line: Number(match[1]), reason: match[2] } : { line: 1, reason: m };
  });
}

/** Where a (1-based) line starts and ends in `text`, to select it in the editor. */
export function lineRange(text: string, line: number): [number, number] {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf("\n", start);
    if (next < 0) return [text.length, text.length];
    start = next + 1;
  }
  const end = text.indexOf("\n", start);
  return [start, end < 0 ? text.length : end];
}

/** "Saved 27 Nov 2026" from an RFC 3339 time, in her time zone. */
export function savedOn(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return "";
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}

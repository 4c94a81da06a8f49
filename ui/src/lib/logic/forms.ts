import type { ConsentItem, ConsentState, FormKind, FormSummary } from "$lib/generated/types";

/** The forms a packet offers first: every consent this client still has to sign or re-sign. */
export function preselectedKinds(items: readonly ConsentItem[]): FormKind[] {
  return items.filter((i) => i.required && i.state !== "signed").map((i) => i.kind);
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

import type {
  AccountingRequest,
  Authorization,
  AuthorizationInput,
  AuthorizationState,
  Category,
  DisclosureMark,
  HoldReason,
  ItemKey,
  LedgerEntry,
  Method,
  NoteSummary,
  PreviewItem,
  RecordedDisclosure,
  ReleaseRequest,
  Timeline,
} from "$lib/generated/types";
import { MEASURE_NAMES } from "./measures";
import { dollars } from "./money";
import { DISCLOSURE, NOTE_KIND_LABELS } from "./notes";
import { dayDate, hhmm, longDate, moment } from "./dates";

/** The kinds of information an ordinary release names (psychotherapy notes have their own form). */
export const CATEGORIES: { value: Category; label: string }[] = [
  { value: "attendance_dates", label: "Attendance dates" },
  { value: "diagnosis", label: "Diagnosis" },
  { value: "treatment_plan", label: "Treatment plan and its reviews" },
  { value: "treatment_summary", label: "Treatment summary" },
  { value: "progress_notes", label: "Progress notes" },
  { value: "measures", label: "Measures (EPDS, PHQ-9, GAD-7)" },
  { value: "billing", label: "Billing records" },
];

/** The kinds a new authorization offers: all an ordinary release names. */
export const AUTHORIZATION_CATEGORIES = CATEGORIES;

export const HOLD_REASONS: { value: HoldReason; label: string }[] = [
  { value: "subpoena", label: "A subpoena" },
  { value: "complaint", label: "A complaint (to the board or elsewhere)" },
  { value: "lawsuit", label: "A lawsuit" },
  { value: "other", label: "My own reason" },
];

export function holdLabel(reason: HoldReason): string {
  return HOLD_REASONS.find((r) => r.value === reason)?.label ?? reason;
}

export const METHODS: { value: Method; label: string }[] = [
  { value: "verbal", label: "Verbal (phone or in person)" },
  { value: "printed", label: "Printed, handed over" },
  { value: "mailed", label: "Mailed" },
  { value: "fax", label: "Fax" },
  { value: "secure_email", label: "Secure email" },
];

export function categoryLabel(category: Category): string {
  return CATEGORIES.find((c) => c.value === category)?.label ?? "Psychotherapy notes";
}

export const STATE_LABELS: Record<AuthorizationState, string> = {
  active: "Active",
  unsigned: "Unsigned",
  not_yet_effective: "Not yet in effect",
  expired: "Expired",
  revoked: "Revoked",
};

/** "Dr. Ada Lee, Riverside Obstetrics". */
export function recipientOf(a: Pick<Authorization, "recipientName" | "recipientOrganisation">): string {
  return [a.recipientName, a.recipientOrganisation].filter((p) => p.trim() !== "").join(", ");
}

/** "Until 31 December 2026", "Until the end of treatment", or both, whichever comes first. */
export function untilLine(a: Pick<Authorization, "expiresOn" | "expiryEvent">): string {
  if (a.expiresOn && a.expiryEvent) return `Until ${longDate(a.expiresOn)} or ${a.expiryEvent}, whichever comes first`;
  return a.expiresOn ? `Until ${longDate(a.expiresOn)}` : `Until ${a.expiryEvent}`;
}

/** What an authorization covers, then until when: the line under its recipient. */
export function authorizationLine(a: Authorization): string {
  const kinds = a.kind === "psychotherapy_notes" ? ["Psychotherapy notes"] : a.categories.map(categoryLabel);
  if (a.conversations) kinds.push("Conversations");
  if (a.otherInformation) kinds.push("Other");
  const what = kinds.join(", ");
  const ended =
    a.revokedOn !== null ? `Revoked ${longDate(a.revokedOn)}` : a.eventOccurredOn !== null ? `Ended ${longDate(a.eventOccurredOn)}` : untilLine(a);
  return `${what} · ${ended}`;
}

/** "Progress note · Fri 13 Nov 2026 · Shareable": one line of what a release would send or keep. */
export function itemLabel(item: PreviewItem["item"]): string {
  switch (item.type) {
    case "note":
      return `${NOTE_KIND_LABELS[item.kind]} · ${dayDate(item.date)} · ${DISCLOSURE[item.status].label}${item.signed ? "" : " · Draft"}`;
    case "attendance":
      return `Attended session · ${dayDate(item.date)}`;
    case "measure":
      return `${MEASURE_NAMES[item.kind]} · ${dayDate(item.date)}`;
    case "diagnosis":
      return `Diagnosis ${item.code} · since ${dayDate(item.date)}`;
    case "treatmentPlan":
      return `Treatment plan, version ${item.version} · ${dayDate(item.date)}`;
    case "billing":
      return `${item.label} · ${dayDate(item.date)} · ${dollars(item.cents)}`;
    case "disclosureHistory":
      return "Disclosure history";
  }
}

/** "Dr. Ada Lee · 12 Mar 2026 14:05 · Client's authorization": one disclosure of a note. */
export function markLine(mark: DisclosureMark): string {
  return `${mark.recipient} · ${moment(mark.disclosedAt)} · ${mark.basis}`;
}

export function accountingState(r: AccountingRequest): { label: string; tone: "done" | "late" | "open" } {
  if (r.providedOn !== null) return { label: "Given", tone: "done" };
  return r.overdue ? { label: "Overdue", tone: "late" } : { label: "Open", tone: "open" };
}

/** "From 1 March 2026 · due 9 May 2026 · free: the first in 12 months". */
export function accountingLine(r: AccountingRequest): string {
  const period = r.periodFrom ? `From ${longDate(r.periodFrom)} · d` : "D";
  const due = `${period}ue ${longDate(r.dueOn)}${r.extendedOn ? " (extended once)" : ""}`;
  const fee = r.free ? "free: the first in 12 months" : "a reasonable fee may be charged";
  const given = r.providedOn ? ` · given ${longDate(r.providedOn)}` : "";
  return `${due} · ${fee}${given}`;
}

/** The one 30-day extension is possible while the accounting is open, not yet extended and not past due. */
export function canExtend(r: AccountingRequest, today: string): boolean {
  return r.providedOn === null && r.extendedOn === null && today <= r.dueOn;
}

export function newAuthorization(clientId: number, today: string): AuthorizationInput {
  return {
    clientId,
    kind: "release",
    recipientName: "",
    recipientOrganisation: "",
    recipientAddress: "",
    recipientPhone: "",
    categories: [],
    purpose: "",
    effectiveOn: today,
    expiresOn: null,
    expiryEvent: "",
    coversFrom: null,
    coversTo: null,
    conversations: false,
    otherInformation: "",
  };
}

/** A new release: nothing ticked, nothing confirmed. */
export function newRelease(clientId: number, authorizationId: number | null): ReleaseRequest {
  return {
    clientId,
    authorizationId,
    legalBasis: null,
    confirmLegalBasis: false,
    confirmPsychotherapyNotes: false,
    recipientName: "",
    recipientAddress: "",
    purpose: "",
    from: null,
    to: null,
    picked: [],
    method: "printed",
    reference: "",
    clientInformed: null,
  };
}

/** The key she ticks an item by (the disclosure history is never ticked). */
export function keyOf(item: PreviewItem["item"]): ItemKey | null {
  switch (item.type) {
    case "note":
      return { type: "note", id: item.id };
    case "attendance":
      return { type: "attendance", sessionId: item.sessionId };
    case "measure":
      return { type: "measure", id: item.id };
    case "diagnosis":
      return { type: "diagnosis", id: item.id };
    case "treatmentPlan":
      return { type: "treatmentPlan", id: item.id };
    case "billing":
      return { type: "billing", id: item.id };
    case "disclosureHistory":
      return null;
  }
}

export function sameKey(a: ItemKey, b: ItemKey): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The picked keys with `key` added, or taken out if it is there. */
export function togglePick(picked: ItemKey[], key: ItemKey): ItemKey[] {
  return picked.some((k) => sameKey(k, key)) ? picked.filter((k) => !sameKey(k, key)) : [...picked, key];
}

const NOTE_GROUPS: Record<NoteSummary["kind"], string> = {
  progress: "Progress notes",
  psychotherapy: "Psychotherapy notes",
  contact: "Contact notes",
  discharge: "Discharge summaries",
};

/** The heading an item is grouped under in the release dialog. */
export function groupOf(item: PreviewItem["item"]): string {
  switch (item.type) {
    case "note":
      return NOTE_GROUPS[item.kind];
    case "attendance":
      return "Attended sessions";
    case "measure":
      return "Measures";
    case "diagnosis":
      return "Diagnoses";
    case "treatmentPlan":
      return "Treatment plan";
    case "billing":
      return "Billing records";
    case "disclosureHistory":
      return "Disclosure history";
  }
}

/** Preview items grouped by kind, in the order they first appear. */
export function grouped(items: PreviewItem[]): { group: string; items: PreviewItem[] }[] {
  const groups: { group: string; items: PreviewItem[] }[] = [];
  for (const p of items) {
    const name = groupOf(p.item);
    const found = groups.find((g) => g.group === name);
    if (found) found.items.push(p);
    else groups.push({ group: name, items: [p] });
  }
  return groups;
}

/** The request as the core takes it: empty dates are no bound. */
export function cleanRelease(r: ReleaseRequest): ReleaseRequest {
  return { ...r, from: r.from || null, to: r.to || null };
}

/** A new record of a disclosure made outside the app, or a correction prefilled from the entry it corrects. */
export function newRecord(
  clientId: number,
  today: string,
  now: Date,
  corrects: LedgerEntry | null = null,
): RecordedDisclosure {
  return {
    clientId,
    authorizationId: corrects?.basis.kind === "authorization" ? corrects.authorizationId : null,
    basis: corrects?.basis.kind === "law" ? corrects.basis.legal : corrects ? null : "mandated_child_abuse_report",
    date: corrects ? corrects.disclosedAt.slice(0, 10) : today,
    time: corrects ? corrects.disclosedAt.slice(11, 16) : hhmm(now),
    recipientName: corrects?.recipientName ?? "",
    recipientAddress: corrects?.recipientAddress ?? "",
    description: corrects?.description ?? "",
    purpose: corrects?.purpose ?? "",
    reference: corrects?.reference ?? "",
    noteIds: corrects?.noteIds ?? [],
    method: corrects?.method ?? "verbal",
    clientInformed: null,
    confirmPsychotherapyNotes: false,
    corrects: corrects?.seq ?? null,
  };
}

/** Every note of a timeline, newest first. */
export function timelineNotes(t: Timeline): NoteSummary[] {
  return t.years.flatMap((y) => y.months.flatMap((m) => m.entries.flatMap((e) => (e.type === "note" ? [e] : []))));
}

/** Adds `value` to the list, or takes it out if it is there. */
export function toggled<T>(values: T[], value: T): T[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}

import type {
  Attendance,
  DisclosureStatus,
  Modality,
  NoteKind,
  NoteSummary,
  RiskLevel,
  SearchQuery,
  SessionCheck,
  SessionFields,
  SessionKind,
  SessionSummary,
  Template,
  TimelineAddendum,
  TimelineCounts,
  TimelineEntry,
  TimelineKind,
} from "$lib/api/notesTypes";
import type { Measure } from "$lib/generated/types";
import { hhmm, moment } from "./dates";

// Pure helpers for sessions, notes, the timeline and search: labels, layouts and small decisions.

export const TEMPLATES: { value: Template; label: string; hint: string }[] = [
  { value: "soap", label: "SOAP", hint: "Subjective, Objective, Assessment, Plan" },
  { value: "dap", label: "DAP", hint: "Data, Assessment, Plan" },
  { value: "birp", label: "BIRP", hint: "Behavior, Intervention, Response, Plan" },
  { value: "free_text", label: "Free text", hint: "One field, written freely" },
];

export const NOTE_KIND_LABELS: Record<NoteKind, string> = {
  progress: "Progress note",
  psychotherapy: "Psychotherapy note",
  contact: "Contact note",
  discharge: "Discharge summary",
};

/** "Progress note (SOAP)", "Contact note". */
export function noteTitle(kind: NoteKind, template: Template): string {
  if (kind !== "progress" || template === "free_text") return NOTE_KIND_LABELS[kind];
  return `${NOTE_KIND_LABELS[kind]} (${template.toUpperCase()})`;
}

/** `count` sections (a template's), keeping whatever text there already is. */
export function sectionsFor(count: number, existing: readonly string[] = []): string[] {
  return Array.from({ length: count }, (_, i) => existing[i] ?? "");
}

export function isBlank(sections: readonly string[]): boolean {
  return sections.every((s) => s.trim().length === 0);
}

/** Which template a new note of this kind uses: only progress notes have a choice. */
export function templateForKind(kind: NoteKind, chosen: Template): Template {
  return kind === "progress" ? chosen : "free_text";
}

// ---- Disclosure status ----

export const DISCLOSURE: Record<DisclosureStatus, { label: string; explanation: string }> = {
  private: {
    label: "Private",
    explanation: "Shared with no one: it leaves the vault only under a legal exception.",
  },
  shareable: {
    label: "Shareable",
    explanation: "The client agreed it may go to the people named in a signed, current authorization.",
  },
  protected: {
    label: "Protected",
    explanation: "A psychotherapy note: kept apart and excluded from every release without a separate authorization.",
  },
};

/** The statuses she may choose for a note of this kind (a psychotherapy note is always Protected). */
export function statusChoices(kind: NoteKind): DisclosureStatus[] {
  return kind === "psychotherapy" ? ["protected"] : ["private", "shareable"];
}

// ---- Sessions ----

export const SESSION_KINDS: { value: SessionKind; label: string }[] = [
  { value: "individual", label: "Individual" },
  { value: "intake", label: "Intake" },
  { value: "couple_family", label: "Couple / family" },
  { value: "consultation", label: "Consultation" },
];
export const MODALITIES: { value: Modality; label: string }[] = [
  { value: "in_person", label: "In person" },
  { value: "video", label: "Video" },
  { value: "phone", label: "Phone" },
];
export const ATTENDANCE: { value: Attendance; label: string }[] = [
  { value: "attended", label: "Attended" },
  { value: "scheduled", label: "Scheduled" },
  { value: "late_cancel", label: "Late cancellation" },
  { value: "no_show", label: "No-show" },
  { value: "cancelled", label: "Cancelled in time" },
  { value: "therapist_cancelled", label: "Cancelled by you" },
  { value: "rescheduled", label: "Rescheduled" },
];
export const RISK_LEVELS: { value: RiskLevel; label: string }[] = [
  { value: "none", label: "None" },
  { value: "low", label: "Low" },
  { value: "moderate", label: "Moderate" },
  { value: "high", label: "High" },
];

const label = <T extends string>(list: { value: T; label: string }[], value: T) =>
  list.find((x) => x.value === value)?.label ?? value;
export const sessionKindLabel = (k: SessionKind) => label(SESSION_KINDS, k);
export const modalityLabel = (m: Modality) => label(MODALITIES, m);
export const attendanceLabel = (a: Attendance) => label(ATTENDANCE, a);
export const riskLabel = (r: RiskLevel) => label(RISK_LEVELS, r);

export const isTelehealth = (m: Modality) => m === "video" || m === "phone";

/** Moderate or high risk, to self or others: the form then asks for a safety plan and the duty to warn. */
export function elevatedRisk(check: SessionCheck): boolean {
  return [check.riskToSelf, check.riskToOthers].some((r) => r === "moderate" || r === "high");
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Adds minutes to an `HH:MM` time (within the day); empty when the time is not valid. */
export function addMinutes(time: string, minutes: number): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!m) return "";
  const total = Math.min(23 * 60 + 59, Number(m[1]) * 60 + Number(m[2]) + minutes);
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

/**
 * A new session: by default the hour that just ended (she records a session she has just held),
 * 50 minutes, individual, in person, attended.
 */
export function newSessionFields(now: Date = new Date()): SessionFields {
  const start = new Date(now.getTime() - 60 * 60 * 1000);
  start.setMinutes(start.getMinutes() < 30 ? 0 : 30, 0, 0);
  // Across midnight the date of the start counts.
  const date = `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`;
  const startTime = hhmm(start);
  return {
    date,
    startTime,
    endTime: addMinutes(startTime, 50),
    kind: "individual",
    modality: "in_person",
    location: { state: "", city: "" },
    attendance: "attended",
    check: { mood: "", affect: "", riskToSelf: null, riskToOthers: null, safetyPlan: "", dutyToWarn: null },
  };
}

/** Whether a session is still ahead (its start is after `now`). */
export function isFuture(date: string, startTime: string, now: Date = new Date()): boolean {
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi] = startTime.split(":").map(Number);
  if (![y, mo, d, h, mi].every(Number.isFinite)) return false;
  return new Date(y, mo - 1, d, h, mi).getTime() > now.getTime();
}

/** "Session 12", or for a session without a number what it was. */
export function sessionTitle(s: Pick<SessionSummary, "number" | "attendance">): string {
  if (s.number !== null) return `Session ${s.number}`;
  switch (s.attendance) {
    case "scheduled":
      return "Appointment";
    case "attended":
      return "Session";
    default:
      return attendanceLabel(s.attendance);
  }
}

export const signedLine = (signedAt: string) => `Signed ${moment(signedAt)}`;

// ---- Timeline ----

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * "12 sessions, 1 late cancellation, 1 scheduled": held sessions first, then absences and
 * appointments ahead; "0 sessions" is said only when there is nothing else to say.
 */
export function countsLine(c: TimelineCounts): string {
  const parts: string[] = [];
  if (c.sessions > 0) parts.push(plural(c.sessions, "session", "sessions"));
  if (c.lateCancellations > 0) parts.push(plural(c.lateCancellations, "late cancellation", "late cancellations"));
  if (c.noShows > 0) parts.push(plural(c.noShows, "no-show", "no-shows"));
  if (c.scheduled > 0) parts.push(`${c.scheduled} scheduled`);
  if (parts.length === 0) {
    if (c.notes > 0) return plural(c.notes, "note", "notes");
    return "0 sessions";
  }
  return parts.join(", ");
}

export type SessionEntry = { type: "session" } & SessionSummary;
export type NoteEntry = { type: "note" } & NoteSummary;
export type AddendumEntry = { type: "addendum" } & TimelineAddendum;
export type MeasureEntry = { type: "measure" } & Measure;

export interface NoteItem {
  note: NoteEntry;
  addenda: AddendumEntry[];
}
/** One row of a month: a session with its notes, or a note or addendum standing alone. */
export type MonthItem =
  | { type: "session"; session: SessionEntry; notes: NoteItem[] }
  | { type: "note"; item: NoteItem }
  | { type: "addendum"; addendum: AddendumEntry }
  | { type: "measure"; measure: MeasureEntry };

/**
 * Nests a month's entries (newest first) for display: notes under their session, addenda under
 * their note (oldest addendum first, as they were written). What has no parent in the month
 * stands alone, in its place.
 */
export function nestMonth(entries: readonly TimelineEntry[]): MonthItem[] {
  const notes = new Map<number, NoteItem>();
  const sessionNotes = new Map<number, NoteItem[]>();
  const sessionIds = new Set<number>();
  for (const e of entries) if (e.type === "session") sessionIds.add(e.id);
  for (const e of entries) {
    if (e.type !== "note") continue;
    const item: NoteItem = { note: e as NoteEntry, addenda: [] };
    notes.set(e.id, item);
    if (e.sessionId !== null && sessionIds.has(e.sessionId)) {
      const list = sessionNotes.get(e.sessionId) ?? [];
      list.push(item);
      sessionNotes.set(e.sessionId, list);
    }
  }
  for (const e of entries) {
    if (e.type === "addendum") notes.get(e.noteId)?.addenda.unshift(e as AddendumEntry);
  }
  const out: MonthItem[] = [];
  for (const e of entries) {
    if (e.type === "session") {
      out.push({ type: "session", session: e as SessionEntry, notes: (sessionNotes.get(e.id) ?? []).slice().reverse() });
    } else if (e.type === "note") {
      if (e.sessionId === null || !sessionIds.has(e.sessionId)) out.push({ type: "note", item: notes.get(e.id)! });
    } else if (e.type === "measure") {
      out.push({ type: "measure", measure: e as MeasureEntry });
    } else if (!notes.has(e.noteId)) {
      out.push({ type: "addendum", addendum: e as AddendumEntry });
    }
  }
  return out;
}

export const TIMELINE_KINDS: { value: TimelineKind; label: string }[] = [
  { value: "sessions", label: "Sessions" },
  { value: "progress", label: "Progress notes" },
  { value: "psychotherapy", label: "Psychotherapy notes" },
  { value: "contact", label: "Contact notes" },
  { value: "discharge", label: "Discharge summaries" },
  { value: "addenda", label: "Addenda" },
  { value: "measures", label: "Measures" },
];

/** Toggles a kind in the filter (an empty filter shows everything). */
export function toggleKind(kinds: readonly TimelineKind[], kind: TimelineKind): TimelineKind[] {
  return kinds.includes(kind) ? kinds.filter((k) => k !== kind) : [...kinds, kind];
}

// ---- Search and the editor ----

/** Ctrl+K (Cmd+K on macOS) focuses the search box from anywhere. */
export function isSearchShortcut(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k";
}

/** The selected text, if it is a single word that may go into the dictionary; else null. */
export function dictionaryCandidate(selection: string): string | null {
  const word = selection.trim().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  if (word.length === 0 || word.length > 64) return null;
  if (!/^[\p{L}\p{N}'’-]+$/u.test(word) || !/\p{L}/u.test(word)) return null;
  return word;
}

/** The search filters the screen offers; empty strings mean "any". */
export interface SearchFilters {
  clientId: number | null;
  from: string;
  to: string;
  kind: NoteKind | "";
  status: DisclosureStatus | "";
  includeProtected: boolean;
}

export const noFilters = (): SearchFilters => ({ clientId: null, from: "", to: "", kind: "", status: "", includeProtected: false });

/** The backend query for what she typed and chose. */
export function searchQuery(text: string, f: SearchFilters, limit = 30): SearchQuery {
  return {
    text,
    clientId: f.clientId,
    from: f.from,
    to: f.to,
    kinds: f.kind ? [f.kind] : [],
    statuses: f.status ? [f.status] : [],
    includeProtected: f.includeProtected,
    limit,
  };
}

/** Whether the filters alone ask for psychotherapy notes while they are left out: say so rather than show nothing. */
export function protectedFilterHint(f: SearchFilters): boolean {
  return !f.includeProtected && (f.kind === "psychotherapy" || f.status === "protected");
}

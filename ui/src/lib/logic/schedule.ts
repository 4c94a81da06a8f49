import type { Attendance, Repeat, Scope, SessionKind, Slot, WarningKind } from "$lib/generated/types";
import { addMinutes, attendanceLabel } from "./notes";

// Pure helpers for the schedule page: days and weeks, the grid of half hours, where each
// appointment sits, the keyboard's cursor, and the words for outcomes, scopes and warnings.

/** One row of the grid. */
export const SLOT_MINUTES = 30;

const pad = (n: number) => String(n).padStart(2, "0");

function parseIso(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

const isoOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** `iso` plus `days` calendar days (negative goes back). */
export function addDays(iso: string, days: number): string {
  const d = parseIso(iso);
  if (!d) return iso;
  d.setDate(d.getDate() + days);
  return isoOf(d);
}

/** The Monday of the week holding `iso`. */
export function weekStart(iso: string): string {
  const d = parseIso(iso);
  if (!d) return iso;
  return addDays(iso, -((d.getDay() + 6) % 7));
}

/** "09:30" → 570; NaN when not a time. */
export function minutesOf(time: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
}

export const timeOf = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/**
 * The hours the grid shows: 8:00 to 19:00, widened to her working hours and to every appointment
 * shown, in whole hours.
 */
export function gridRange(
  days: { hours: { startTime: string; endTime: string } | null }[],
  slots: Pick<Slot, "startTime" | "endTime">[],
): { start: number; end: number } {
  let start = 8 * 60;
  let end = 19 * 60;
  const times = [...days.flatMap((d) => (d.hours ? [d.hours] : [])), ...slots];
  for (const t of times) {
    const s = minutesOf(t.startTime);
    const e = minutesOf(t.endTime);
    if (Number.isFinite(s)) start = Math.min(start, Math.floor(s / 60) * 60);
    if (Number.isFinite(e)) end = Math.max(end, Math.ceil(e / 60) * 60);
  }
  return { start, end: Math.min(end, 24 * 60) };
}

/** The start of every half-hour row of the grid. */
export function rows(range: { start: number; end: number }): number[] {
  const out = [];
  for (let m = range.start; m < range.end; m += SLOT_MINUTES) out.push(m);
  return out;
}

/** Whether the half hour starting at `minute` lies within her hours that day. */
export function withinHours(hours: { startTime: string; endTime: string } | null, minute: number): boolean {
  if (!hours) return false;
  return minute >= minutesOf(hours.startTime) && minute + SLOT_MINUTES <= minutesOf(hours.endTime);
}

/** Whether the appointment covers the half hour starting at `minute`. */
export function covers(slot: Pick<Slot, "startTime" | "endTime">, minute: number): boolean {
  return minutesOf(slot.startTime) < minute + SLOT_MINUTES && minutesOf(slot.endTime) > minute;
}

/**
 * Side-by-side lanes for appointments that overlap on one day: each gets its lane and the number of
 * lanes of its cluster, so overlapping blocks share the width instead of hiding each other.
 */
export function lanes<T extends Pick<Slot, "id" | "startTime" | "endTime">>(slots: T[]): Map<number, { lane: number; of: number }> {
  const sorted = [...slots].sort((a, b) => minutesOf(a.startTime) - minutesOf(b.startTime) || a.id - b.id);
  const out = new Map<number, { lane: number; of: number }>();
  let cluster: { id: number; lane: number }[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = -1;
  const close = () => {
    for (const c of cluster) out.set(c.id, { lane: c.lane, of: laneEnds.length });
    cluster = [];
    laneEnds = [];
  };
  for (const s of sorted) {
    const start = minutesOf(s.startTime);
    const end = minutesOf(s.endTime);
    if (start >= clusterEnd) close();
    let lane = laneEnds.findIndex((e) => e <= start);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(end);
    } else {
      laneEnds[lane] = end;
    }
    cluster.push({ id: s.id, lane });
    clusterEnd = Math.max(clusterEnd, end);
  }
  close();
  return out;
}

/**
 * Who is there in each half-hour row of a day ("Ann Lee 10:00–10:50, Attended; ..."), or "free":
 * what each cell of the grid says to a screen reader. Each time is read once, not once per cell.
 */
export function occupants(slots: Slot[], rows: number[]): string[] {
  const spans = slots.map((s) => ({
    start: minutesOf(s.startTime),
    end: minutesOf(s.endTime),
    text: `${s.clientName} ${s.startTime}–${s.endTime}, ${attendanceLabel(s.attendance)}`,
  }));
  return rows.map((minute) => {
    const here = spans.filter((s) => s.start < minute + SLOT_MINUTES && s.end > minute).map((s) => s.text);
    return here.length ? here.join("; ") : "free";
  });
}

/** What the grid draws for one appointment: where it sits, its two lines and its tooltip. */
export interface Block {
  slot: Slot;
  /** Top, height, left and width in the day's column. */
  style: string;
  /** Empty when the block is too narrow for words (it then shows its colour and its tooltip). */
  first: string;
  second: string;
  /** Everything about it, for the mouse: time, name, what happened, series, warnings. */
  title: string;
}

/**
 * One day's appointments as the grid draws them, worked out once per reading. Where more than
 * `wordsUpTo` overlap, each is a sliver a few letters wide: it is drawn without words (they would
 * show "10:0…") and its tooltip says it all. A crowded week then paints in a third less time (its
 * text was most of the cost), and the day view, wider, shows the words.
 */
export function blocks(slots: Slot[], range: { start: number; end: number }, wordsUpTo: number): Block[] {
  const laid = lanes(slots);
  const total = range.end - range.start;
  return slots.map((slot) => {
    const start = minutesOf(slot.startTime);
    const end = minutesOf(slot.endTime);
    const { lane, of } = laid.get(slot.id) ?? { lane: 0, of: 1 };
    const warnings = slot.warnings.map((w) => WARNING_LABELS[w]).join(", ");
    const details = [
      slot.attendance === "scheduled" ? "" : attendanceLabel(slot.attendance),
      slot.series ? placeLine(slot.series) : "",
      warnings ? `⚠ ${warnings}` : "",
    ].filter(Boolean);
    const words = of <= wordsUpTo;
    return {
      slot,
      style:
        `top: ${((start - range.start) / total) * 100}%; height: ${((end - start) / total) * 100}%; ` +
        `left: calc(${(lane / of) * 100}% + 2px); width: calc(${100 / of}% - 4px)`,
      first: words ? `${slot.startTime} ${slot.clientName}` : "",
      second: words ? details.join(" · ") : "",
      title: [`${slot.startTime}–${slot.endTime} ${slot.clientName}`, ...details].join(" · "),
    };
  });
}

/** Where the keyboard is on the grid: a day (its index) and a half-hour row. */
export interface Cursor {
  day: number;
  row: number;
}

/**
 * The cursor after an arrow key. Up and down move by half an hour within the day; left and right
 * by a day, and past the first or last day they ask for the previous or next page (`page`).
 */
export function moveCursor(
  cursor: Cursor,
  key: string,
  size: { days: number; rows: number },
): { cursor: Cursor; page: -1 | 0 | 1 } {
  const { day, row } = cursor;
  switch (key) {
    case "ArrowUp":
      return { cursor: { day, row: Math.max(0, row - 1) }, page: 0 };
    case "ArrowDown":
      return { cursor: { day, row: Math.min(size.rows - 1, row + 1) }, page: 0 };
    case "ArrowLeft":
      return day > 0 ? { cursor: { day: day - 1, row }, page: 0 } : { cursor: { day: size.days - 1, row }, page: -1 };
    case "ArrowRight":
      return day < size.days - 1 ? { cursor: { day: day + 1, row }, page: 0 } : { cursor: { day: 0, row }, page: 1 };
    default:
      return { cursor, page: 0 };
  }
}

/** An appointment moved by an arrow key while she carries it: half an hour, or a day. */
export function shifted(
  at: { date: string; startTime: string; endTime: string },
  key: string,
): { date: string; startTime: string; endTime: string } {
  const length = minutesOf(at.endTime) - minutesOf(at.startTime);
  const start = minutesOf(at.startTime);
  const byMinutes = (delta: number) => {
    const next = Math.min(Math.max(0, start + delta), 24 * 60 - length);
    return { date: at.date, startTime: timeOf(next), endTime: timeOf(next + length) };
  };
  switch (key) {
    case "ArrowUp":
      return byMinutes(-SLOT_MINUTES);
    case "ArrowDown":
      return byMinutes(SLOT_MINUTES);
    case "ArrowLeft":
      return { ...at, date: addDays(at.date, -1) };
    case "ArrowRight":
      return { ...at, date: addDays(at.date, 1) };
    default:
      return at;
  }
}

/** A new appointment's length by kind, in minutes. */
export const DEFAULT_MINUTES: Record<SessionKind, number> = {
  intake: 60,
  individual: 50,
  couple_family: 50,
  consultation: 30,
};

/** The end of an appointment of this kind starting at `start`. */
export const endFor = (kind: SessionKind, start: string) => addMinutes(start, DEFAULT_MINUTES[kind]);

export const REPEATS: { value: Repeat | null; label: string }[] = [
  { value: null, label: "Does not repeat" },
  { value: "weekly", label: "Every week" },
  { value: "every_other_week", label: "Every other week" },
  { value: "every_four_weeks", label: "Every 4 weeks" },
  { value: "monthly_weekday", label: "Monthly, same weekday" },
];

/** What she can record about an appointment, and whether it needs the appointment to have begun. */
export const OUTCOMES: { value: Attendance; label: string; onceBegun: boolean }[] = [
  { value: "attended", label: "Attended", onceBegun: true },
  { value: "no_show", label: "No-show", onceBegun: true },
  { value: "late_cancel", label: "Late cancellation", onceBegun: false },
  { value: "cancelled", label: "Cancelled in time", onceBegun: false },
  { value: "therapist_cancelled", label: "Cancelled by you", onceBegun: false },
  { value: "rescheduled", label: "Rescheduled…", onceBegun: false },
];

export const SCOPES: { value: Scope; label: string; hint: string }[] = [
  { value: "one", label: "This appointment", hint: "Only this one changes." },
  { value: "following", label: "This and the following", hint: "Every later appointment of the series not yet held." },
  { value: "all", label: "All of the series", hint: "Every appointment of the series still to come. Attended ones never change." },
];

export const WARNING_LABELS: Record<WarningKind, string> = {
  double_booking: "Double booking",
  outside_hours: "Outside your hours",
  away_day: "On a day away",
  licensure: "Licensure",
  consent: "No signed consent",
  clock_change: "Clock change",
};

/** "3 of 12". */
export const placeLine = (place: { number: number; of: number } | null) => (place ? `${place.number} of ${place.of}` : "");

/** "5 left", "Last one", "2 left · ending soon". */
export function leftLine(series: { left: number; endingSoon: boolean }): string {
  const left = series.left === 1 ? "Last one" : `${series.left} left`;
  return series.endingSoon && series.left > 1 ? `${left} · ending soon` : left;
}

/** Whether an appointment starting at `date` `startTime` has begun by `now` (`YYYY-MM-DDTHH:MM`). */
export const hasBegun = (date: string, startTime: string, now: string) => `${date}T${startTime}` <= now;

/**
 * `now` (`YYYY-MM-DDTHH:MM`) plus `minutes`, across midnight: the page moves its now-line with
 * the computer's clock instead of asking the vault again (asking would count as her activity and
 * keep the vault from locking itself while the schedule is on screen).
 */
export function later(now: string, minutes: number): string {
  const total = minutesOf(now.slice(11, 16)) + minutes;
  const days = Math.floor(total / (24 * 60));
  return `${addDays(now.slice(0, 10), days)}T${timeOf(total - days * 24 * 60)}`;
}

/** The now-line's place in a day column, as a fraction of the grid's height; null outside it. */
export function nowFraction(now: string, date: string, range: { start: number; end: number }): number | null {
  if (now.slice(0, 10) !== date) return null;
  const minute = minutesOf(now.slice(11, 16));
  if (!(minute >= range.start && minute <= range.end)) return null;
  return (minute - range.start) / (range.end - range.start);
}

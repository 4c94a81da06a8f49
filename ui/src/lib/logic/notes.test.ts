import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "$lib/api/notesTypes";
import {
  addMinutes,
  countsLine,
  dictionaryCandidate,
  elevatedRisk,
  isFuture,
  isSearchShortcut,
  nestMonth,
  newSessionFields,
  noFilters,
  noteTitle,
  protectedFilterHint,
  searchQuery,
  sectionsFor,
  sessionTitle,
  signedLine,
  statusChoices,
  templateForKind,
  toggleKind,
} from "./notes";

const session = (id: number, date: string): TimelineEntry => ({
  type: "session",
  id,
  clientId: 1,
  number: id,
  date,
  startTime: "10:00",
  endTime: "10:50",
  kind: "individual",
  modality: "in_person",
  attendance: "attended",
  riskOpen: false,
});
const note = (id: number, sessionId: number | null, date: string): TimelineEntry => ({
  type: "note",
  id,
  clientId: 1,
  sessionId,
  kind: "progress",
  template: "soap",
  status: "private",
  date,
  signedAt: null,
  createdAt: `${date}T12:00:00Z`,
});
const addendum = (id: number, noteId: number, date: string): TimelineEntry => ({
  type: "addendum",
  id,
  noteId,
  date,
  addedAt: `${date}T12:00:00Z`,
});

describe("the timeline", () => {
  it("puts notes under their session and addenda under their note, oldest addendum first", () => {
    // Newest first, as the core sends them: addenda, then notes, then the session of a day.
    const items = nestMonth([
      addendum(21, 10, "2026-11-20"),
      addendum(20, 10, "2026-11-12"),
      note(10, 1, "2026-11-10"),
      session(1, "2026-11-10"),
      note(11, null, "2026-11-02"),
    ]);
    expect(items).toHaveLength(2);
    const first = items[0];
    expect(first.type).toBe("session");
    if (first.type !== "session") return;
    expect(first.notes.map((n) => n.note.id)).toEqual([10]);
    expect(first.notes[0].addenda.map((a) => a.id)).toEqual([20, 21]);
    expect(items[1]).toMatchObject({ type: "note", item: { note: { id: 11 } } });
  });

  it("shows a note or addendum alone when its parent is in another month or filtered out", () => {
    const items = nestMonth([addendum(5, 99, "2026-12-01"), note(12, 7, "2026-12-01")]);
    expect(items.map((i) => i.type)).toEqual(["addendum", "note"]);
  });

  it("counts sessions and absences in plain words", () => {
    const counts = { sessions: 480, lateCancellations: 3, noShows: 0, scheduled: 0, notes: 500, drafts: 2, addenda: 4, measures: 2 };
    expect(countsLine(counts)).toBe("480 sessions, 3 late cancellations");
    expect(countsLine({ ...counts, sessions: 1, lateCancellations: 1, noShows: 1 })).toBe("1 session, 1 late cancellation, 1 no-show");
    const none = { sessions: 0, lateCancellations: 0, noShows: 0, scheduled: 0, notes: 0, drafts: 0, addenda: 0, measures: 0 };
    expect(countsLine({ ...none, scheduled: 2 })).toBe("2 scheduled");
    expect(countsLine({ ...counts, scheduled: 1 })).toBe("480 sessions, 3 late cancellations, 1 scheduled");
    expect(countsLine({ ...none, lateCancellations: 1 })).toBe("1 late cancellation");
    expect(countsLine({ ...none, notes: 1 })).toBe("1 note");
    expect(countsLine(none)).toBe("0 sessions");
  });

  it("toggles kinds in the filter", () => {
    expect(toggleKind([], "sessions")).toEqual(["sessions"]);
    expect(toggleKind(["sessions", "progress"], "sessions")).toEqual(["progress"]);
  });

  it("numbers only held sessions", () => {
    expect(sessionTitle({ number: 12, attendance: "attended" })).toBe("Session 12");
    expect(sessionTitle({ number: null, attendance: "late_cancel" })).toBe("Late cancellation");
    expect(sessionTitle({ number: null, attendance: "scheduled" })).toBe("Appointment");
  });
});

describe("sessions", () => {
  it("start as the hour just held, 50 minutes, attended", () => {
    const f = newSessionFields(new Date(2026, 10, 27, 16, 40));
    expect(f).toMatchObject({ date: "2026-11-27", startTime: "15:30", endTime: "16:20", attendance: "attended" });
    expect(isFuture(f.date, f.startTime, new Date(2026, 10, 27, 16, 40))).toBe(false);
  });

  it("adds minutes without leaving the day", () => {
    expect(addMinutes("09:40", 50)).toBe("10:30");
    expect(addMinutes("23:30", 50)).toBe("23:59");
    expect(addMinutes("nine", 50)).toBe("");
  });

  it("ask for a safety plan only at moderate or high risk, to self or others", () => {
    const check = { mood: "", affect: "", riskToSelf: null, riskToOthers: null, safetyPlan: "", dutyToWarn: null } as const;
    expect(elevatedRisk(check)).toBe(false);
    expect(elevatedRisk({ ...check, riskToSelf: "low" })).toBe(false);
    expect(elevatedRisk({ ...check, riskToOthers: "moderate" })).toBe(true);
    expect(elevatedRisk({ ...check, riskToSelf: "high" })).toBe(true);
  });

  it("knows a session still ahead", () => {
    const now = new Date(2026, 10, 27, 16, 40);
    expect(isFuture("2026-11-27", "17:00", now)).toBe(true);
    expect(isFuture("2026-11-27", "16:00", now)).toBe(false);
    expect(isFuture("", "", now)).toBe(false);
  });
});

describe("notes", () => {
  it("are titled by kind and template", () => {
    expect(noteTitle("progress", "soap")).toBe("Progress note (SOAP)");
    expect(noteTitle("progress", "free_text")).toBe("Progress note");
    expect(noteTitle("psychotherapy", "free_text")).toBe("Psychotherapy note");
  });

  it("keep their text when the sections are laid out", () => {
    expect(sectionsFor(4, ["a", "b"])).toEqual(["a", "b", "", ""]);
    expect(sectionsFor(1)).toEqual([""]);
  });

  it("use templates only for progress notes", () => {
    expect(templateForKind("progress", "birp")).toBe("birp");
    expect(templateForKind("psychotherapy", "soap")).toBe("free_text");
  });

  it("offer Protected only to psychotherapy notes", () => {
    expect(statusChoices("progress")).toEqual(["private", "shareable"]);
    expect(statusChoices("psychotherapy")).toEqual(["protected"]);
  });

  it("show when they were signed, in local time", () => {
    const at = new Date(2026, 10, 27, 16, 40).toISOString();
    expect(signedLine(at)).toBe("Signed 27 Nov 2026 16:40");
  });

  it("add one selected word at a time to the dictionary", () => {
    expect(dictionaryCandidate("EPDS")).toBe("EPDS");
    expect(dictionaryCandidate(" postpartum, ")).toBe("postpartum");
    expect(dictionaryCandidate("two words")).toBeNull();
    expect(dictionaryCandidate("1234")).toBeNull();
    expect(dictionaryCandidate("")).toBeNull();
  });
});

describe("search", () => {
  it("focuses with Ctrl+K or Cmd+K only", () => {
    const k = { key: "k", ctrlKey: true, metaKey: false, altKey: false, shiftKey: false };
    expect(isSearchShortcut(k)).toBe(true);
    expect(isSearchShortcut({ ...k, ctrlKey: false, metaKey: true })).toBe(true);
    expect(isSearchShortcut({ ...k, shiftKey: true })).toBe(false);
    expect(isSearchShortcut({ ...k, ctrlKey: false })).toBe(false);
  });

  it("leaves psychotherapy notes out unless she asks", () => {
    const q = searchQuery("grief", noFilters());
    expect(q.includeProtected).toBe(false);
    expect(q.kinds).toEqual([]);
    expect(q.statuses).toEqual([]);
    const f = { ...noFilters(), kind: "contact" as const, status: "shareable" as const, clientId: 4, from: "2026-01-01" };
    expect(searchQuery("grief", f)).toMatchObject({ kinds: ["contact"], statuses: ["shareable"], clientId: 4, from: "2026-01-01", to: "" });
  });

  it("says why a filter for psychotherapy notes finds nothing while they are left out", () => {
    expect(protectedFilterHint({ ...noFilters(), kind: "psychotherapy" })).toBe(true);
    expect(protectedFilterHint({ ...noFilters(), status: "protected", includeProtected: true })).toBe(false);
    expect(protectedFilterHint(noFilters())).toBe(false);
  });
});

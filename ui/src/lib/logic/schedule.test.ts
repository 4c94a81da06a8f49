import { describe, expect, it } from "vitest";
import type { Slot } from "$lib/generated/types";
import {
  addDays,
  blocks,
  covers,
  gridRange,
  hasBegun,
  lanes,
  later,
  leftLine,
  moveCursor,
  nowFraction,
  occupants,
  rows,
  shifted,
  weekStart,
  withinHours,
} from "./schedule";

describe("days and weeks", () => {
  it("a week starts on its Monday, across a month and a year", () => {
    expect(weekStart("2026-03-04")).toBe("2026-03-02");
    expect(weekStart("2026-03-08")).toBe("2026-03-02");
    expect(weekStart("2027-01-01")).toBe("2026-12-28");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-02", -7)).toBe("2026-02-23");
  });
});

const sample = (id: number, startTime: string, endTime: string, more: Partial<Slot> = {}): Slot => ({
  id,
  clientId: id,
  clientCode: `C-${id}`,
  clientName: `Client ${id}`,
  date: "2026-03-03",
  startTime,
  endTime,
  kind: "individual",
  modality: "in_person",
  attendance: "scheduled",
  series: null,
  rescheduledTo: null,
  warnings: [],
  ...more,
});

describe("the grid", () => {
  const nineToFive = { hours: { startTime: "09:00", endTime: "17:00" } };
  it("shows 8 to 7 and widens to her hours and every appointment", () => {
    expect(gridRange([nineToFive], [])).toEqual({ start: 480, end: 1140 });
    expect(gridRange([{ hours: { startTime: "07:30", endTime: "20:15" } }], [])).toEqual({ start: 420, end: 1260 });
    expect(gridRange([{ hours: null }], [{ startTime: "21:00", endTime: "21:50" }])).toEqual({ start: 480, end: 1320 });
    expect(rows({ start: 480, end: 600 })).toEqual([480, 510, 540, 570]);
  });

  it("shades the half hours within her hours only", () => {
    expect(withinHours(nineToFive.hours, 540)).toBe(true);
    expect(withinHours(nineToFive.hours, 990)).toBe(true);
    expect(withinHours(nineToFive.hours, 1020)).toBe(false);
    expect(withinHours(null, 600)).toBe(false);
  });

  it("an appointment covers each half hour it touches", () => {
    const slot = { startTime: "10:00", endTime: "10:50" };
    expect([570, 600, 630, 660].map((m) => covers(slot, m))).toEqual([false, true, true, false]);
  });

  it("overlapping appointments share the width, the others keep it whole", () => {
    const laid = lanes([
      { id: 1, startTime: "10:00", endTime: "10:50" },
      { id: 2, startTime: "10:30", endTime: "11:20" },
      { id: 3, startTime: "11:00", endTime: "11:50" },
      { id: 4, startTime: "14:00", endTime: "14:50" },
    ]);
    expect(laid.get(1)).toEqual({ lane: 0, of: 2 });
    expect(laid.get(2)).toEqual({ lane: 1, of: 2 });
    expect(laid.get(3)).toEqual({ lane: 0, of: 2 });
    expect(laid.get(4)).toEqual({ lane: 0, of: 1 });
  });

  it("draws each appointment once: its place, the time and name, then what happened, its place in a series and its warnings", () => {
    const day = [
      sample(1, "10:00", "10:50"),
      sample(2, "10:30", "11:20", { attendance: "no_show", series: { seriesId: 7, number: 3, of: 12 }, warnings: ["double_booking", "licensure"] }),
      sample(3, "12:00", "13:00"),
    ];
    const [quiet, missed, alone] = blocks(day, { start: 600, end: 800 }, 2);
    expect(quiet.style).toBe("top: 0%; height: 25%; left: calc(0% + 2px); width: calc(50% - 4px)");
    expect([quiet.first, quiet.second, quiet.title]).toEqual(["10:00 Client 1", "", "10:00–10:50 Client 1"]);
    expect(missed.style).toBe("top: 15%; height: 25%; left: calc(50% + 2px); width: calc(50% - 4px)");
    expect(missed.second).toBe("No-show · 3 of 12 · ⚠ Double booking, Licensure");
    expect(missed.title).toBe("10:30–11:20 Client 2 · No-show · 3 of 12 · ⚠ Double booking, Licensure");
    expect(alone.style).toBe("top: 60%; height: 30%; left: calc(0% + 2px); width: calc(100% - 4px)");

    // Too many side by side for words: the overlapping two keep only their tooltip, the one alone its words.
    const crowded = blocks(day, { start: 600, end: 800 }, 1);
    expect(crowded.map((b) => [b.first, b.second])).toEqual([["", ""], ["", ""], ["12:00 Client 3", ""]]);
    expect(crowded[1].title).toBe(missed.title);
  });

  it("says who is in each half hour, for the cells a screen reader reads", () => {
    const ann = { ...sample(1, "10:00", "10:50"), clientName: "Ann Lee", attendance: "attended" as const };
    const bo = { ...sample(2, "10:30", "11:00"), clientName: "Bo Ray" };
    expect(occupants([ann, bo], [570, 600, 630, 660])).toEqual([
      "free",
      "Ann Lee 10:00–10:50, Attended",
      "Ann Lee 10:00–10:50, Attended; Bo Ray 10:30–11:00, Scheduled",
      "free",
    ]);
  });

  it("moves now with the clock, across midnight", () => {
    expect(later("2026-03-03T13:30", 45)).toBe("2026-03-03T14:15");
    expect(later("2026-03-03T23:50", 15)).toBe("2026-03-04T00:05");
  });

  it("places the now-line on today's column only", () => {
    expect(nowFraction("2026-03-03T13:30", "2026-03-03", { start: 480, end: 1140 })).toBeCloseTo(0.5);
    expect(nowFraction("2026-03-03T13:30", "2026-03-04", { start: 480, end: 1140 })).toBeNull();
    expect(nowFraction("2026-03-03T06:00", "2026-03-03", { start: 480, end: 1140 })).toBeNull();
  });
});

describe("the keyboard", () => {
  const size = { days: 7, rows: 22 };
  it("arrows move by half an hour and by a day, and past the edge turn the page", () => {
    expect(moveCursor({ day: 1, row: 4 }, "ArrowDown", size)).toEqual({ cursor: { day: 1, row: 5 }, page: 0 });
    expect(moveCursor({ day: 1, row: 0 }, "ArrowUp", size)).toEqual({ cursor: { day: 1, row: 0 }, page: 0 });
    expect(moveCursor({ day: 6, row: 4 }, "ArrowRight", size)).toEqual({ cursor: { day: 0, row: 4 }, page: 1 });
    expect(moveCursor({ day: 0, row: 4 }, "ArrowLeft", size)).toEqual({ cursor: { day: 6, row: 4 }, page: -1 });
  });

  it("a carried appointment keeps its length, and stays within the day", () => {
    const at = { date: "2026-03-03", startTime: "10:00", endTime: "10:50" };
    expect(shifted(at, "ArrowDown")).toEqual({ date: "2026-03-03", startTime: "10:30", endTime: "11:20" });
    expect(shifted(at, "ArrowRight")).toEqual({ ...at, date: "2026-03-04" });
    expect(shifted({ ...at, startTime: "23:00", endTime: "23:50" }, "ArrowDown").startTime).toBe("23:10");
  });
});

describe("words", () => {
  it("says what is left of a series", () => {
    expect(leftLine({ left: 5, endingSoon: false })).toBe("5 left");
    expect(leftLine({ left: 2, endingSoon: true })).toBe("2 left · ending soon");
    expect(leftLine({ left: 1, endingSoon: true })).toBe("Last one");
  });

  it("knows when an appointment has begun", () => {
    expect(hasBegun("2026-03-03", "10:00", "2026-03-03T10:00")).toBe(true);
    expect(hasBegun("2026-03-03", "10:00", "2026-03-03T09:59")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { dayDate, hhmm, longDate, moment, monthName, todayIso } from "./dates";

describe("dates", () => {
  it("formats ISO dates for reading and leaves anything else alone", () => {
    expect(longDate("2031-03-12")).toBe("12 March 2031");
    expect(longDate(null)).toBe("");
    expect(longDate("soon")).toBe("soon");
  });
  it("says today in the computer's own time zone", () => {
    expect(todayIso(new Date(2026, 0, 9, 23, 30))).toBe("2026-01-09");
  });
  it("name the day of the week, and leave anything that is not a date alone", () => {
    expect(dayDate("2026-11-03")).toBe("Tue 3 Nov 2026");
    expect(dayDate("soon")).toBe("soon");
  });
  it("name a month by its number", () => {
    expect(monthName(3)).toBe("March");
    expect(monthName(13)).toBe("13");
  });
  it("show a moment in local time, to the minute", () => {
    const at = new Date(2026, 10, 27, 16, 40).toISOString();
    expect(moment(at)).toBe("27 Nov 2026 16:40");
    expect(hhmm(new Date(2026, 0, 1, 9, 5))).toBe("09:05");
    expect(moment("not a moment")).toBe("not a moment");
  });
});

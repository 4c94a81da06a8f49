import { describe, expect, it } from "vitest";
import { backupContents, backupReminder, daysSince, lastBackupText, remindChoices } from "./backup";

const now = new Date("2026-11-27T12:00:00Z");

describe("backup reminder", () => {
  it("says never when there is no backup", () => {
    expect(lastBackupText(null)).toBe("Never");
    expect(backupReminder(null, now, 7)).toMatch(/no backup yet/);
  });
  it("stays quiet for a week, then reminds", () => {
    expect(daysSince("2026-11-26T12:00:00Z", now)).toBe(1);
    expect(backupReminder("2026-11-20T12:00:00Z", now, 7)).toBeNull();
    expect(backupReminder("2026-11-19T11:00:00Z", now, 7)).toBe("Your last backup is 8 days old. Consider making a new one.");
  });
  it("waits as many days as she chose", () => {
    expect(backupReminder("2026-11-19T11:00:00Z", now, 14)).toBeNull();
    expect(backupReminder("2026-11-25T11:00:00Z", now, 1)).toBe("Your last backup is 2 days old. Consider making a new one.");
  });
  it("treats a backup from a clock ahead as recent", () => {
    expect(daysSince("2026-12-01T00:00:00Z", now)).toBe(0);
  });
});

describe("backup contents", () => {
  it("counts clients and notes, singular or plural", () => {
    expect(backupContents({ clients: 1, notes: 0 })).toBe("1 client, 0 notes");
    expect(backupContents({ clients: 12, notes: 1 })).toBe("12 clients, 1 note");
  });
});

describe("reminder choices", () => {
  it("offers the usual days and keeps an unusual current one in order", () => {
    expect(remindChoices(7)).toContain(7);
    expect(remindChoices(8)).toEqual([1, 2, 3, 5, 7, 8, 10, 14, 21, 30, 60, 90]);
  });
});

import { describe, expect, it } from "vitest";
import { backupReminder, daysSince, lastBackupText } from "./backup";

const now = new Date("2026-11-27T12:00:00Z");

describe("backup reminder", () => {
  it("says never when there is no backup", () => {
    expect(lastBackupText(null)).toBe("Never");
    expect(backupReminder(null, now)).toMatch(/no backup yet/);
  });
  it("stays quiet for a week, then reminds", () => {
    expect(daysSince("2026-11-26T12:00:00Z", now)).toBe(1);
    expect(backupReminder("2026-11-20T12:00:00Z", now)).toBeNull();
    expect(backupReminder("2026-11-19T11:00:00Z", now)).toBe("Your last backup is 8 days old. Consider making a new one.");
  });
  it("treats a backup from a clock ahead as recent", () => {
    expect(daysSince("2026-12-01T00:00:00Z", now)).toBe(0);
  });
});

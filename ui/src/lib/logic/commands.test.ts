import { describe, expect, it } from "vitest";
import { COMMANDS, matchCommands } from "./commands";

const ids = (text: string, discreet = false) => matchCommands(text, discreet).map((c) => c.id);

describe("commands in the search box", () => {
  it("offers nothing for an empty box", () => {
    expect(ids("")).toEqual([]);
    expect(ids("  ")).toEqual([]);
  });

  it("finds a command by the start of the words of its label, in any case", () => {
    expect(ids("lock")[0]).toBe("lock");
    expect(ids("Back up")[0]).toBe("backup");
    expect(ids("FORMS")[0]).toBe("forms");
    expect(ids("prac prof")).toEqual(["practice"]);
  });

  it("puts labels that begin with what she typed first, then label words, then keywords", () => {
    expect(ids("license")).toEqual(["practice"]);
    expect(ids("backup")).toEqual(["backup", "restore"]);
    expect(ids("restore")).toEqual(["restore"]);
    expect(ids("sett")).toEqual(["settings", "backup"]);
  });

  it("needs every typed word to match, and a word only matches from its start", () => {
    expect(ids("lock forms")).toEqual([]);
    expect(ids("ock")).toEqual([]);
    expect(ids("anxiety")).toEqual([]);
    expect(ids("C0042")).toEqual([]);
  });

  it("offers only the discreet mode change that changes something", () => {
    expect(ids("discreet", false)).toEqual(["discreet-on"]);
    expect(ids("discreet", true)).toEqual(["discreet-off"]);
  });

  it("offers at most four", () => {
    expect(COMMANDS.length).toBeGreaterThan(4);
    expect(ids("c").length).toBeLessThanOrEqual(4);
  });

  it("goes to the backups part of Settings for Back up now", () => {
    const backup = COMMANDS.find((c) => c.id === "backup");
    expect(backup && "route" in backup ? backup.route : null).toEqual({ name: "settings", part: "backups" });
  });
});

import { describe, expect, it } from "vitest";
import { secondsLeft, waitMessage } from "./countdown";
import { isLockShortcut, isNewNoteShortcut, isSignShortcut, newNoteAction } from "./keys";
import { recoveryKeyGroups } from "./recoveryKey";
import { displayName, initials } from "$lib/stores/discreet";

const key = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }>) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe("countdown", () => {
  it("rounds the wait up to whole seconds and never goes negative", () => {
    expect(secondsLeft(10_000, 8_001)).toBe(2);
    expect(secondsLeft(10_000, 10_000)).toBe(0);
    expect(secondsLeft(10_000, 12_000)).toBe(0);
  });
  it("says how long to wait in words", () => {
    expect(waitMessage(0)).toBe("");
    expect(waitMessage(1)).toBe("Please wait 1 second before trying again.");
    expect(waitMessage(65)).toBe("Please wait 1 minute 5 seconds before trying again.");
    expect(waitMessage(120)).toBe("Please wait 2 minutes before trying again.");
  });
});

describe("isLockShortcut", () => {
  it("recognises Ctrl+L and Cmd+L", () => {
    expect(isLockShortcut(key("l", { ctrlKey: true }))).toBe(true);
    expect(isLockShortcut(key("L", { ctrlKey: true }))).toBe(true);
    expect(isLockShortcut(key("l", { metaKey: true }))).toBe(true);
  });
  it("ignores plain L and other combinations", () => {
    expect(isLockShortcut(key("l", {}))).toBe(false);
    expect(isLockShortcut(key("l", { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isLockShortcut(key("k", { ctrlKey: true }))).toBe(false);
  });
});

describe("recoveryKeyGroups", () => {
  it("splits the key into its groups", () => {
    expect(recoveryKeyGroups("ABCD-EFGH-JKLM")).toEqual(["ABCD", "EFGH", "JKLM"]);
    expect(recoveryKeyGroups(" ABCD EFGH ")).toEqual(["ABCD", "EFGH"]);
  });
});

describe("discreet names", () => {
  it("shows the alias, or else initials, in discreet mode", () => {
    expect(displayName({ name: "Jane Roe", alias: "JR-7" }, true)).toBe("JR-7");
    expect(displayName({ name: "jane mary roe" }, true)).toBe("J.M.R.");
    expect(displayName({ name: "Jane Roe" }, false)).toBe("Jane Roe");
    expect(initials("  ")).toBe("");
  });
});

describe("keyboard shortcuts", () => {
  const key = (k: string, mods: Partial<KeyboardEvent> = {}) =>
    ({ key: k, ctrlKey: true, metaKey: false, altKey: false, shiftKey: false, ...mods }) as KeyboardEvent;

  it("Ctrl+N and Ctrl+S, with no other modifier", () => {
    expect(isNewNoteShortcut(key("n"))).toBe(true);
    expect(isNewNoteShortcut(key("N"))).toBe(true);
    expect(isNewNoteShortcut(key("n", { shiftKey: true }))).toBe(false);
    expect(isNewNoteShortcut(key("n", { ctrlKey: false }))).toBe(false);
    expect(isSignShortcut(key("s"))).toBe(true);
    expect(isSignShortcut(key("s", { altKey: true }))).toBe(false);
    expect(isLockShortcut(key("l", { ctrlKey: false, metaKey: true }))).toBe(true);
  });

  it("Ctrl+N starts from the client or the session on screen, and does nothing elsewhere", () => {
    expect(newNoteAction({ name: "client" })).toBe("record-session");
    expect(newNoteAction({ name: "session" })).toBe("start-note");
    expect(newNoteAction({ name: "settings" })).toBeNull();
  });
});

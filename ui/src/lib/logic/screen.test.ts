import { describe, expect, it } from "vitest";
import { isInsideVault, screenForStatus } from "./screen";

describe("screenForStatus", () => {
  it("welcomes her when there is no vault yet", () => {
    expect(screenForStatus({ state: "none", retryAfterMs: 0, recoverySheetPending: false, openedBy: null })).toBe("welcome");
  });
  it("asks for the passphrase when the vault is locked", () => {
    expect(screenForStatus({ state: "locked", retryAfterMs: 0, recoverySheetPending: false, openedBy: null })).toBe("unlock");
    expect(screenForStatus({ state: "locked", retryAfterMs: 4_000, recoverySheetPending: false, openedBy: null })).toBe("unlock");
  });
  it("goes home when the vault is already open", () => {
    expect(screenForStatus({ state: "unlocked", retryAfterMs: 0, recoverySheetPending: false, openedBy: null })).toBe("home");
  });
  it("finishes the recovery sheet step before anything else", () => {
    expect(screenForStatus({ state: "unlocked", retryAfterMs: 0, recoverySheetPending: true, openedBy: null })).toBe("recovery-key");
    expect(screenForStatus({ state: "unlocked", retryAfterMs: 0, recoverySheetPending: false, openedBy: null })).toBe("home");
  });
});

describe("isInsideVault", () => {
  it("is true only for screens that may show vault content", () => {
    expect(isInsideVault("home")).toBe(true);
    expect(isInsideVault("settings")).toBe(true);
    expect(isInsideVault("recovery-key")).toBe(true);
    expect(isInsideVault("unlock")).toBe(false);
    expect(isInsideVault("welcome")).toBe(false);
    expect(isInsideVault("loading")).toBe(false);
  });
});

import { beforeEach, describe, expect, it, vi } from "vitest";

// The backend's event and command channels, recorded instead of crossing to Rust.
const events = vi.hoisted(() => new Map<string, (event: { payload: unknown }) => Promise<void> | void>());
const calls = vi.hoisted(() => [] as { command: string; args: unknown }[]);
vi.mock("@tauri-apps/api/event", () => ({
  listen: async (name: string, handler: (event: { payload: unknown }) => Promise<void>) => {
    events.set(name, handler);
    return () => events.delete(name);
  },
}));
vi.mock("@tauri-apps/api/core", () => ({
  invoke: async (command: string, args: unknown) => {
    calls.push({ command, args });
  },
}));

import { onLocking } from "./vault";

describe("a lock the backend starts on its own", () => {
  beforeEach(() => {
    events.clear();
    calls.length = 0;
  });

  it("saves what she typed first, then tells the backend it may lock", async () => {
    const order: string[] = [];
    await onLocking(async () => {
      order.push("saved");
      expect(calls).toEqual([]);
    });
    await events.get("vault-locking")?.({ payload: 7 });
    expect(order).toEqual(["saved"]);
    expect(calls).toEqual([{ command: "vault_saved_before_lock", args: { request: 7 } }]);
  });

  it("still lets the backend lock when the save fails", async () => {
    await onLocking(() => Promise.reject(new Error("locked")));
    await events.get("vault-locking")?.({ payload: 8 });
    expect(calls).toEqual([{ command: "vault_saved_before_lock", args: { request: 8 } }]);
  });
});

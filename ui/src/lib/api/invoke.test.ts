import { beforeEach, describe, expect, it, vi } from "vitest";

// The backend, answered by each test instead of crossing to Rust.
const backend = vi.hoisted(() => ({ answer: (_command: string, _args: unknown): Promise<unknown> => Promise.resolve(null) }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (command: string, args: unknown) => backend.answer(command, args) }));

type Door = typeof import("./invoke");
let door: Door;
let locks: (string | null)[];

/** A fresh door for each test (its state is the page's, shared by every caller). */
beforeEach(async () => {
  vi.resetModules();
  door = await import("./invoke");
  locks = [];
  door.onVaultLocked((reason) => locks.push(reason));
});

const locked = { code: "locked", message: "The vault is locked.", fields: [] };

/** Whether the promise has settled once everything already queued has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

/** An answer the test gives when it chooses. */
function later() {
  let answer!: (value: unknown) => void;
  let refuse!: (error: unknown) => void;
  const promise = new Promise<unknown>((resolve, reject) => {
    answer = resolve;
    refuse = reject;
  });
  return { promise, answer, refuse };
}

describe("the door to the backend", () => {
  it("hands answers and arguments through", async () => {
    const asked: unknown[] = [];
    backend.answer = async (command, args) => {
      asked.push([command, args]);
      return { id: 7 };
    };
    await expect(door.call("note_get", { id: 7 })).resolves.toEqual({ id: 7 });
    expect(asked).toEqual([["note_get", { id: 7 }]]);
  });

  it("turns every failure into an ApiError", async () => {
    backend.answer = () => Promise.reject({ code: "other", message: "That note is gone." });
    await expect(door.call("note_get", { id: 7 })).rejects.toEqual({ code: "other", message: "That note is gone.", fields: [] });
    backend.answer = () => Promise.reject(new Error("boom"));
    await expect(door.call("note_get", { id: 7 })).rejects.toMatchObject({ code: "other", message: "Something went wrong inside Confidant." });
  });

  it("shows the unlock screen at once when the open vault answers locked, and the screen that asked never hears back", async () => {
    door.vaultOpened();
    backend.answer = () => Promise.reject(locked);
    const asked = door.call("note_get", { id: 7 });
    expect(await settled(asked)).toBe(false);
    expect(locks).toEqual([null]);
  });

  it("locks the page once when several calls answer locked", async () => {
    door.vaultOpened();
    backend.answer = () => Promise.reject(locked);
    const asked = [door.call("note_get", { id: 1 }), door.call("timeline", { clientId: 1, filter: { kinds: [] } }), door.call("settings_get")];
    for (const a of asked) expect(await settled(a)).toBe(false);
    expect(locks).toEqual([null]);
  });

  it("keeps the reason the backend gave when a call answers locked after its lock", async () => {
    door.vaultOpened();
    const pending = later();
    backend.answer = () => pending.promise;
    const asked = door.call("note_save_draft", { id: 7, content: { template: "free_text", sections: ["x"] }, expectedRevision: 1 });
    door.vaultLocked("idle");
    pending.refuse(locked);
    expect(await settled(asked)).toBe(false);
    expect(locks).toEqual(["idle"]);
  });

  it("lets the unlock screen show a locked answer like any other (a lock that won over her unlock)", async () => {
    backend.answer = () => Promise.reject(locked);
    await expect(door.call("vault_unlock", { passphrase: "x" })).rejects.toEqual(locked);
    door.vaultOpened();
    door.vaultLocked(null);
    await expect(door.call("vault_unlock", { passphrase: "x" })).rejects.toEqual(locked);
    expect(locks).toEqual([null]);
  });

  it("drops a locked answer to a call made before the vault was unlocked again", async () => {
    door.vaultOpened();
    const pending = later();
    backend.answer = () => pending.promise;
    const stale = door.call("note_get", { id: 7 });
    door.vaultLocked(null);
    door.vaultOpened();
    pending.refuse(locked);
    expect(await settled(stale)).toBe(false);
    expect(locks).toEqual([null]);
    // The vault open again: a new locked answer locks the page again.
    backend.answer = () => Promise.reject(locked);
    void door.call("settings_get");
    await settled(Promise.resolve());
    expect(locks).toEqual([null, null]);
  });
});

describe("calls the type checker refuses (svelte-check fails if any of these is accepted)", () => {
  it("names only commands that exist, with their arguments, and types their answers", () => {
    // Never run: these lines only have to type-check as written.
    const typed = (d: Door) => {
      // @ts-expect-error: no such command
      void d.call("vault_unlok", { passphrase: "x" });
      // @ts-expect-error: an id is a number
      void d.call("note_get", { id: "7" });
      // @ts-expect-error: its id left out
      void d.call("note_get");
      // @ts-expect-error: an argument the command does not take
      void d.call("settings_get", { id: 1 });
      // @ts-expect-error: a note is not a client
      const wrong: Promise<{ legalName: string }> = d.call("note_get", { id: 7 });
      const right: Promise<{ signedAt: string | null }> = d.call("note_get", { id: 7 });
      return [wrong, right];
    };
    expect(typeof typed).toBe("function");
  });
});

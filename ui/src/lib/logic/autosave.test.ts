import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { autosaver, flushAll, registerFlush, type SaveState } from "./autosave";

describe("autosave", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(fail = false) {
    const saved: string[] = [];
    const states: SaveState[] = [];
    let release: (() => void) | null = null;
    let hold = false;
    const s = autosaver<string>(
      (v) =>
        new Promise<void>((resolve, reject) => {
          const done = () => {
            if (fail) return reject(new Error("disk full"));
            saved.push(v);
            resolve();
          };
          if (hold) release = done;
          else done();
        }),
      (state) => states.push(state),
      2000,
    );
    return { s, saved, states, holdNext: () => (hold = true), release: () => { hold = false; release?.(); } };
  }

  it("saves about every two seconds while she keeps typing, with the newest text", async () => {
    const { s, saved, states } = setup();
    for (let i = 1; i <= 10; i++) {
      s.changed(`text ${i}`);
      await vi.advanceTimersByTimeAsync(500);
    }
    // Typing for 5 s: saved at 2 s and 4 s, not only once she stops.
    expect(saved).toEqual(["text 4", "text 8"]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(saved).toEqual(["text 4", "text 8", "text 10"]);
    expect(states.at(-1)).toBe("saved");
    expect(s.dirty).toBe(false);
  });

  it("saves at once on flush (blur, leaving the note, locking)", async () => {
    const { s, saved } = setup();
    s.changed("almost done");
    await s.flush();
    expect(saved).toEqual(["almost done"]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(saved).toEqual(["almost done"]);
  });

  it("runs one save at a time and then saves what came meanwhile", async () => {
    const { s, saved, holdNext, release } = setup();
    holdNext();
    s.changed("first");
    await vi.advanceTimersByTimeAsync(2000);
    s.changed("second");
    expect(saved).toEqual([]);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual(["first"]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(saved).toEqual(["first", "second"]);
  });

  it("keeps the text pending when a save fails, and says so", async () => {
    const { s, states } = setup(true);
    s.changed("kept");
    await s.flush();
    expect(states).toContain("error");
    expect(s.dirty).toBe(true);
  });

  it("drops pending text when cancelled (the note was signed)", async () => {
    const { s, saved } = setup();
    s.changed("late");
    s.cancel();
    await vi.advanceTimersByTimeAsync(5000);
    expect(saved).toEqual([]);
  });

  it("flushes every open editor before the vault locks", async () => {
    const { s, saved } = setup();
    const unregister = registerFlush(() => s.flush());
    s.changed("before lock");
    await flushAll();
    expect(saved).toEqual(["before lock"]);
    unregister();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { debounce, latestOnly } from "./debounce";

describe("debounce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs once, with the last arguments, after typing pauses", () => {
    const seen: string[] = [];
    const search = debounce((q: string) => seen.push(q), 70);
    search("m");
    search("ma");
    vi.advanceTimersByTime(60);
    search("mar");
    vi.advanceTimersByTime(69);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(["mar"]);
  });
  it("flushes a pending call at once (Enter) and cancels it (leaving the page)", () => {
    const seen: string[] = [];
    const search = debounce((q: string) => seen.push(q), 70);
    search("ann");
    search.flush();
    expect(seen).toEqual(["ann"]);
    search("bo");
    search.cancel();
    vi.advanceTimersByTime(500);
    expect(seen).toEqual(["ann"]);
    search.flush();
    expect(seen).toEqual(["ann"]);
  });
});

describe("latestOnly", () => {
  it("lets only the answer to the latest request through", () => {
    const requests = latestOnly();
    const first = requests.begin();
    const second = requests.begin();
    expect(requests.isLatest(first)).toBe(false);
    expect(requests.isLatest(second)).toBe(true);
  });
});

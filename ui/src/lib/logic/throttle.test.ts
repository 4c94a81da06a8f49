import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { debounce, throttle } from "./throttle";

describe("throttle", () => {
  it("lets the first call through at once", () => {
    const fn = vi.fn();
    throttle(fn, 20_000, () => 1_000)();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("drops calls inside the interval and lets the next one through after it", () => {
    let t = 0;
    const fn = vi.fn();
    const ping = throttle(fn, 20_000, () => t);
    ping();
    t = 5_000;
    ping();
    t = 19_999;
    ping();
    expect(fn).toHaveBeenCalledTimes(1);
    t = 20_000;
    ping();
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it("never calls more than once per interval under a storm of activity", () => {
    let t = 0;
    const fn = vi.fn();
    const ping = throttle(fn, 20_000, () => t);
    for (t = 0; t < 60_000; t += 50) ping();
    expect(fn).toHaveBeenCalledTimes(3);
  });
});

describe("debounce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("calls once with the last arguments after the calls stop", () => {
    const fn = vi.fn();
    const d = debounce(fn, 150);
    d("a");
    vi.advanceTimersByTime(100);
    d("ab");
    vi.advanceTimersByTime(100);
    d("abc");
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(150);
    expect(fn).toHaveBeenCalledExactlyOnceWith("abc");
  });

  it("can be cancelled", () => {
    const fn = vi.fn();
    const d = debounce(fn, 150);
    d("a");
    d.cancel();
    vi.advanceTimersByTime(1_000);
    expect(fn).not.toHaveBeenCalled();
  });
});

import { describe, expect, it } from "vitest";
import { hidesSearchText } from "./search";

describe("the header's search box in discreet mode", () => {
  it("is emptied when discreet mode is turned on, on any screen", () => {
    expect(hidesSearchText(false, true, false)).toBe(true);
    expect(hidesSearchText(false, true, true)).toBe(true);
  });
  it("keeps what she types while the search screen answers it, and is emptied when she leaves it", () => {
    expect(hidesSearchText(true, true, true)).toBe(false);
    expect(hidesSearchText(true, true, false)).toBe(true);
  });
  it("is left alone when discreet mode is off", () => {
    expect(hidesSearchText(false, false, false)).toBe(false);
    expect(hidesSearchText(true, false, false)).toBe(false);
    expect(hidesSearchText(false, false, true)).toBe(false);
  });
});

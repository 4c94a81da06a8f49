import { describe, expect, it } from "vitest";
import { newPassphraseBlocker, strengthView } from "./strength";

const check = (score: number, acceptable: boolean, problems: string[] = []) => ({ score, acceptable, problems });

describe("strengthView", () => {
  it("is empty before anything is typed", () => {
    expect(strengthView(check(4, true), false)).toEqual({ level: "empty", label: "", filled: 0 });
    expect(strengthView(null, true).level).toBe("empty");
  });

  it.each([
    [0, "Very weak", 1],
    [1, "Weak", 1],
    [2, "Fair", 2],
    [3, "Good", 3],
    [4, "Strong", 4],
  ])("maps score %i to %s with %i segments", (score, label, filled) => {
    const view = strengthView(check(score, true), true);
    expect(view.label).toBe(label);
    expect(view.filled).toBe(filled);
  });

  it("never calls a refused passphrase good, whatever its score", () => {
    expect(strengthView(check(4, false, ["Too common"]), true).label).toBe("Weak");
  });

  it("clamps scores outside 0 to 4", () => {
    expect(strengthView(check(9, true), true).label).toBe("Strong");
    expect(strengthView(check(-3, true), true).label).toBe("Very weak");
  });
});

describe("newPassphraseBlocker", () => {
  const good = check(4, true);
  it("allows an acceptable passphrase typed twice the same", () => {
    expect(newPassphraseBlocker("river otter lantern", "river otter lantern", good)).toBeNull();
  });
  it("blocks while the check is pending", () => {
    expect(newPassphraseBlocker("river otter lantern", "river otter lantern", null)).not.toBeNull();
  });
  it("blocks a refused passphrase and says why", () => {
    expect(newPassphraseBlocker("password", "password", check(0, false, ["This is a very common password."]))).toBe(
      "This is a very common password.",
    );
  });
  it("blocks when the two entries differ", () => {
    expect(newPassphraseBlocker("river otter lantern", "river otter lanterns", good)).toMatch(/not the same/);
  });
  it("blocks when nothing is typed", () => {
    expect(newPassphraseBlocker("", "", null)).not.toBeNull();
    expect(newPassphraseBlocker("river otter lantern", "", good)).not.toBeNull();
  });
});

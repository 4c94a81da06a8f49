import { describe, expect, it } from "vitest";
import { asApiError, isApiError } from "./errors";

describe("errors from the backend", () => {
  it("arrive as they are, with an empty list of field problems when they carry none", () => {
    expect(asApiError({ code: "other", message: "That note is gone." })).toEqual({
      code: "other",
      message: "That note is gone.",
      fields: [],
    });
  });
  it("turn anything else into a generic message that says nothing of what failed", () => {
    expect(asApiError(new Error("/home/t/Jane Canary.pdf"))).toEqual({
      code: "other",
      message: "Something went wrong inside Confidant.",
      fields: [],
    });
  });
  it("are told apart by their code", () => {
    const duplicate = { code: "duplicate", message: "Probably the same person.", fields: [] };
    expect(isApiError(duplicate)).toBe(true);
    expect(isApiError(duplicate, "duplicate")).toBe(true);
    expect(isApiError(duplicate, "invalid_input")).toBe(false);
    expect(isApiError(new Error("boom"))).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { willReminderText } from "./will";

describe("the professional will's reminder on Today", () => {
  it("says what to do for each reason", () => {
    expect(willReminderText("not_set_up")).toContain("Name a records custodian");
    expect(willReminderText("review_due")).toContain("review your professional will");
    expect(willReminderText("key_older_than_forms")).toContain("print a new packet");
  });
});

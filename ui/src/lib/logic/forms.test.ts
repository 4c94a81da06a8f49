import { describe, expect, it } from "vitest";
import type { ConsentItem, FormSummary } from "$lib/generated/types";
import { consentStateLabel, lineProblems, lineRange, packetOrder, preselectedKinds } from "./forms";

const item = (kind: ConsentItem["kind"], state: ConsentItem["state"], required = true): ConsentItem => ({
  kind,
  title: kind,
  currentVersion: 2,
  state,
  signedVersion: null,
  signedOn: null,
  signedBy: null,
  required,
  line: "",
});

describe("consent packets", () => {
  it("preselects every required consent not signed on its current version", () => {
    const items = [
      item("informed_consent", "not_signed"),
      item("telehealth_consent", "outdated"),
      item("privacy_notice_acknowledgment", "signed"),
    ];
    expect(preselectedKinds(items)).toEqual(["informed_consent", "telehealth_consent"]);
    expect(preselectedKinds([item("telehealth_consent", "outdated", false)])).toEqual([]);
  });

  it("prints in the order of the forms list", () => {
    const forms = (["informed_consent", "telehealth_consent", "release_authorization"] as const).map(
      (kind) => ({ current: { kind } }) as FormSummary,
    );
    expect(packetOrder(forms, ["release_authorization", "informed_consent"])).toEqual(["informed_consent", "release_authorization"]);
  });

  it("labels each state in a word", () => {
    expect(consentStateLabel("signed")).toBe("Signed");
    expect(consentStateLabel("outdated")).toBe("Re-sign");
    expect(consentStateLabel("not_signed")).toBe("Not signed");
  });
});

describe("template problems", () => {
  it("reads the line number from each message", () => {
    expect(lineProblems(["Line 12: Unknown placeholder", "Something else"])).toEqual([
      { line: 12, reason: "Unknown placeholder" },
      { line: 1, reason: "Something else" },
    ]);
  });

  it("finds a line's range for selection", () => {
    const text = "# Title\n\nSecond para\nlast";
    expect(lineRange(text, 1)).toEqual([0, 7]);
    expect(lineRange(text, 3)).toEqual([9, 20]);
    expect(lineRange(text, 4)).toEqual([21, 25]);
    expect(lineRange(text, 9)).toEqual([25, 25]);
  });
});

import { describe, expect, it } from "vitest";
import type { ConsentItem, FormSummary } from "$lib/generated/types";
import { authorizationForm, consentStateLabel, fieldKind, lineProblems, lineRange, missingFields, packetForms, packetOrder, parseStates, preselectedKinds } from "./forms";

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

  it("puts the notice of privacy practices in the packet whenever its acknowledgment is", () => {
    expect(preselectedKinds([item("privacy_notice_acknowledgment", "not_signed")])).toEqual(["privacy_notice_acknowledgment", "privacy_notice"]);
  });

  it("prints in the order of the forms list", () => {
    const forms = (["informed_consent", "telehealth_consent", "release_authorization"] as const).map(
      (kind) => ({ current: { kind } }) as FormSummary,
    );
    expect(packetOrder(forms, ["release_authorization", "informed_consent"])).toEqual(["informed_consent", "release_authorization"]);
  });

  it("never offers the treatment plan in a packet: it prints from the plan", () => {
    const forms = (["informed_consent", "treatment_plan"] as const).map((kind) => ({ current: { kind } }) as FormSummary);
    expect(packetForms(forms).map((f) => f.current.kind)).toEqual(["informed_consent"]);
  });

  it("labels each state in a word", () => {
    expect(consentStateLabel("signed")).toBe("Signed");
    expect(consentStateLabel("outdated")).toBe("Re-sign");
    expect(consentStateLabel("not_signed")).toBe("Not signed");
  });
});

describe("the practice details a print needs", () => {
  it("asks only for the empty ones, each in a fitting input", () => {
    const fields = [
      { field: "practiceName", label: "Practice name", empty: false },
      { field: "boardAddress", label: "The board's address", empty: true },
      { field: "licenses", label: "Licenses", empty: true },
    ];
    expect(missingFields(fields).map((f) => f.field)).toEqual(["boardAddress", "licenses"]);
    expect(fieldKind("boardAddress")).toBe("textarea");
    expect(fieldKind("licenses")).toBe("licenses");
    expect(fieldKind("phone")).toBe("text");
  });

  it("reads her privilege states as codes, however she separates them", () => {
    expect(parseStates(" ks, il;mo  ne ")).toEqual(["KS", "IL", "MO", "NE"]);
    expect(parseStates("")).toEqual([]);
  });

  it("prints an authorization on its own kind of form", () => {
    expect(authorizationForm("release")).toBe("release_authorization");
    expect(authorizationForm("psychotherapy_notes")).toBe("psychotherapy_notes_authorization");
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

import { describe, expect, it } from "vitest";
import { errorId, errorsByField, fieldProblems, inputId } from "./fields";

describe("field problems from the backend", () => {
  it("are keyed by field path, several messages for one field kept together", () => {
    const errors = errorsByField([
      { field: "legalName", message: "Enter her legal name." },
      { field: "contact.email", message: "This email address looks incomplete." },
      { field: "contact.email", message: "Too long." },
    ]);
    expect(errors.legalName).toBe("Enter her legal name.");
    expect(errors["contact.email"]).toBe("This email address looks incomplete. Too long.");
  });
  it("are read from an API error, and absent from anything else", () => {
    const problems = [{ field: "dateOfBirth", message: "The date of birth cannot be in the future." }];
    expect(fieldProblems({ code: "invalid_input", message: "x", fields: problems })).toEqual(problems);
    expect(fieldProblems(new Error("boom"))).toEqual([]);
    expect(fieldProblems(null)).toEqual([]);
  });
  it("give every field a stable input id and error id", () => {
    expect(inputId("contact.email")).toBe("f-contact-email");
    expect(errorId("perinatal.obstetric.phone")).toBe("err-perinatal-obstetric-phone");
  });
});

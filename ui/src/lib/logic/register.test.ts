import { describe, expect, it } from "vitest";
import type { ImportPreview } from "$lib/api/registerTypes";
import {
  communicationParts,
  draftFrom,
  lastServiceOf,
  emptyDraft,
  importBlocker,
  importCount,
  importFileProblem,
  problemLabel,
} from "./register";

const preview = (over: Partial<ImportPreview> = {}): ImportPreview => ({
  encoding: "utf-8",
  encodingNotice: null,
  columns: ["Name", "DOB"],
  mapping: ["legal_name", "date_of_birth"],
  sampleRows: [],
  totalRows: 5,
  validRows: 3,
  invalidRows: [
    { row: 3, problems: [{ field: "DOB", message: "Not a date." }] },
    { row: 5, problems: [{ field: "Name", message: "Enter her legal name." }] },
  ],
  mappingProblems: [],
  ...over,
});

describe("the client form", () => {
  it("starts empty, neither pregnant nor postpartum, with no consent given", () => {
    const d = emptyDraft();
    expect(d.legalName).toBe("");
    expect(d.perinatal.status).toBe("neither");
    expect(d.contact.voicemailOk).toBe(false);
    expect(d.perinatal.children).toBeNull();
  });
  it("edits a copy, never the record it was given", () => {
    const original = emptyDraft();
    const copy = draftFrom(original);
    copy.contact.phone = "573 555 0142";
    expect(original.contact.phone).toBe("");
  });
});

describe("importing", () => {
  it("is blocked while any invalid row is neither fixed nor skipped", () => {
    expect(importBlocker(preview(), new Set())).toMatch(/2 rows need fixing/);
    expect(importBlocker(preview(), new Set([3]))).toMatch(/1 row needs fixing/);
  });
  it("is possible once every invalid row is skipped on purpose", () => {
    expect(importBlocker(preview(), new Set([3, 5]))).toBeNull();
    expect(importCount(preview(), new Set([3, 5]))).toBe(3);
  });
  it("counts valid rows skipped on purpose out", () => {
    expect(importCount(preview(), new Set([2, 3, 5]))).toBe(2);
  });
  it("is blocked by a mapping problem, by no file, and when nothing would be left", () => {
    expect(importBlocker(preview({ mappingProblems: ["No column is the name."] }), new Set([3, 5]))).toMatch(/mapping/);
    expect(importBlocker(null, new Set())).toMatch(/Choose a file/);
    expect(importBlocker(preview({ validRows: 1, invalidRows: [] }), new Set([2]))).toMatch(/nothing to import/);
  });
  it("refuses a file over 20 MB from its size alone, and lets a file of exactly 20 MB be read", () => {
    const limit = 20 * 1024 * 1024;
    expect(importFileProblem(limit + 1)).toBe(
      "This file is larger than 20 MB; a client list is much smaller. Check that it is the right file.",
    );
    expect(importFileProblem(8 * 1024 ** 3)).toMatch(/larger than 20 MB/);
    expect(importFileProblem(limit)).toBeNull();
    expect(importFileProblem(0)).toBeNull();
  });
});

describe("the communication line", () => {
  it("marks 'No voicemail' and 'No texts' as cautions, and a missing email or phone quietly", () => {
    expect(communicationParts("No voicemail · Texts OK · No email")).toEqual([
      { text: "No voicemail", caution: true, absent: false },
      { text: "Texts OK", caution: false, absent: false },
      { text: "No email", caution: false, absent: true },
    ]);
    expect(communicationParts("Voicemail OK · No texts · Email OK").map((p) => p.caution)).toEqual([false, true, false]);
    expect(communicationParts("No phone · No email").every((p) => p.absent && !p.caution)).toBe(true);
  });
});

describe("import problems", () => {
  it("name her column as in her file, and a form field by its label", () => {
    expect(problemLabel("DOB")).toBe("DOB");
    expect(problemLabel("legalName")).toBe("Legal name");
    expect(problemLabel("contact.phone")).toBe("Phone");
  });
});

describe("last service", () => {
  const client = (lastAttendedOn: string | null, lastServiceDate = "", lastServiceReason = "") =>
    ({ lastAttendedOn, fields: { lastServiceDate, lastServiceReason } }) as unknown as Parameters<typeof lastServiceOf>[0];

  it("is her last attended session unless a later date was set by hand", () => {
    expect(lastServiceOf(client("2026-03-02"))).toEqual({ date: "2026-03-02", from: "her last attended session" });
    expect(lastServiceOf(client("2026-03-02", "2026-04-01", "A closing call"))).toEqual({ date: "2026-04-01", from: "set by hand: A closing call" });
    expect(lastServiceOf(client("2026-03-02", "2026-01-01", "Old"))?.date).toBe("2026-03-02");
    expect(lastServiceOf(client(null))).toBeNull();
  });
});

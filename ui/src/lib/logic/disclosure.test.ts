import { describe, expect, it } from "vitest";
import type { AccountingRequest, Authorization, DisclosureMark, PreviewItem, Timeline } from "$lib/generated/types";
import {
  accountingLine,
  accountingState,
  AUTHORIZATION_CATEGORIES,
  authorizationLine,
  canExtend,
  grouped,
  itemLabel,
  keyOf,
  markLine,
  newRecord,
  newRelease,
  recipientOf,
  timelineNotes,
  toggled,
  togglePick,
  untilLine,
} from "./disclosure";

const authorization = (over: Partial<Authorization> = {}): Authorization => ({
  id: 1,
  clientId: 1,
  kind: "release",
  recipientName: "Dr. Ada Lee",
  recipientOrganisation: "Riverside Obstetrics",
  recipientAddress: "",
  recipientPhone: "",
  categories: ["progress_notes", "measures"],
  purpose: "Coordination of care",
  effectiveOn: "2026-03-01",
  expiresOn: "2026-12-31",
  expiryEvent: "",
  coversFrom: null,
  coversTo: null,
  conversations: false,
  otherInformation: "",
  signedOn: "2026-03-02",
  signedBy: "client",
  formVersion: 1,
  eventOccurredOn: null,
  revokedOn: null,
  revokedHow: "",
  state: "active",
  ...over,
});

const request = (over: Partial<AccountingRequest> = {}): AccountingRequest => ({
  id: 1,
  clientId: 1,
  requestedOn: "2026-03-10",
  periodFrom: null,
  dueOn: "2026-05-09",
  extendedOn: null,
  extensionReason: "",
  providedOn: null,
  free: true,
  overdue: false,
  ...over,
});

describe("authorizations", () => {
  it("names the recipient by person and organization, skipping what is empty", () => {
    expect(recipientOf(authorization())).toBe("Dr. Ada Lee, Riverside Obstetrics");
    expect(recipientOf(authorization({ recipientName: " " }))).toBe("Riverside Obstetrics");
  });

  it("says what it covers and until when, or how it ended", () => {
    expect(authorizationLine(authorization())).toBe("Progress notes, Measures (EPDS, PHQ-9, GAD-7) · Until 31 December 2026");
    expect(untilLine({ expiresOn: "2026-12-31", expiryEvent: "the end of treatment" })).toBe(
      "Until 31 December 2026 or the end of treatment, whichever comes first",
    );
    expect(authorizationLine(authorization({ revokedOn: "2026-04-10", state: "revoked" }))).toMatch(/· Revoked 10 April 2026$/);
    expect(authorizationLine(authorization({ kind: "psychotherapy_notes", categories: ["psychotherapy_notes"] }))).toMatch(/^Psychotherapy notes ·/);
    expect(authorizationLine(authorization({ categories: ["attendance_dates"], conversations: true, otherInformation: "Her birth plan" }))).toMatch(
      /^Attendance dates, Conversations, Other ·/,
    );
  });

  it("offers the diagnosis and the treatment plan, now that Confidant records them", () => {
    expect(AUTHORIZATION_CATEGORIES.map((c) => c.value)).toEqual(
      expect.arrayContaining(["diagnosis", "treatment_plan"]),
    );
    expect(authorizationLine(authorization({ categories: ["diagnosis"] }))).toMatch(/^Diagnosis ·/);
  });

  it("lists a diagnosis and a plan version in the release dialog, each under its own heading", () => {
    const dx: PreviewItem = { item: { type: "diagnosis", id: 4, code: "F53.0", date: "2026-02-02" }, mayGo: true, reason: null };
    const plan: PreviewItem = { item: { type: "treatmentPlan", id: 5, version: 2, date: "2026-02-09" }, mayGo: true, reason: null };
    expect(itemLabel(dx.item)).toMatch(/^Diagnosis F53\.0 · since /);
    expect(itemLabel(plan.item)).toMatch(/^Treatment plan, version 2 · /);
    expect(keyOf(plan.item)).toEqual({ type: "treatmentPlan", id: 5 });
    expect(grouped([dx, plan]).map((g) => g.group)).toEqual(["Diagnoses", "Treatment plan"]);
  });

  it("offers billing records, and lists each entry of her account under one heading with its amount", () => {
    expect(AUTHORIZATION_CATEGORIES.map((c) => c.value)).toContain("billing");
    expect(authorizationLine(authorization({ categories: ["billing"] }))).toMatch(/^Billing records ·/);
    const charge: PreviewItem = {
      item: { type: "billing", id: 8, date: "2026-11-20", label: "Therapy session, 45 minutes (90834)", cents: 18000 },
      mayGo: true,
      reason: null,
    };
    const payment: PreviewItem = { item: { type: "billing", id: 9, date: "2026-11-27", label: "Payment, Check", cents: -18000 }, mayGo: true, reason: null };
    expect(itemLabel(charge.item)).toBe("Therapy session, 45 minutes (90834) · Fri 20 Nov 2026 · $180.00");
    expect(keyOf(payment.item)).toEqual({ type: "billing", id: 9 });
    expect(grouped([charge, payment]).map((g) => [g.group, g.items.length])).toEqual([["Billing records", 2]]);
  });
});

describe("disclosure marks", () => {
  it("read as to whom, when and on what basis", () => {
    const mark: DisclosureMark = { ledgerEntryId: 3, disclosedAt: "2026-03-09T11:20", recipient: "Children's Division hotline", basis: "Mandated child abuse report" };
    expect(markLine(mark)).toBe("Children's Division hotline · 9 Mar 2026 11:20 · Mandated child abuse report");
  });
});

describe("accounting requests", () => {
  it("shows the deadline, the fee and whether it was given", () => {
    expect(accountingLine(request())).toBe("Due 9 May 2026 · free: the first in 12 months");
    expect(accountingLine(request({ extendedOn: "2026-04-01", dueOn: "2026-06-08", free: false, providedOn: "2026-06-01" }))).toBe(
      "Due 8 June 2026 (extended once) · a reasonable fee may be charged · given 1 June 2026",
    );
    expect(accountingLine(request({ periodFrom: "2026-01-01" }))).toBe("From 1 January 2026 · due 9 May 2026 · free: the first in 12 months");
    expect(accountingState(request({ overdue: true })).tone).toBe("late");
    expect(accountingState(request({ providedOn: "2026-03-11" })).label).toBe("Given");
  });

  it("offers the one extension only while it is open and not past due", () => {
    expect(canExtend(request(), "2026-05-09")).toBe(true);
    expect(canExtend(request(), "2026-05-10")).toBe(false);
    expect(canExtend(request({ extendedOn: "2026-04-01" }), "2026-04-02")).toBe(false);
    expect(canExtend(request({ providedOn: "2026-04-01" }), "2026-04-02")).toBe(false);
  });
});

describe("recorded disclosures", () => {
  it("starts a new record now, as a mandated report", () => {
    const r = newRecord(4, "2026-03-10", new Date(2026, 2, 10, 9, 5));
    expect([r.clientId, r.basis, r.date, r.time, r.corrects]).toEqual([4, "mandated_child_abuse_report", "2026-03-10", "09:05", null]);
    expect([r.authorizationId, r.clientInformed]).toEqual([null, null]);
  });
});

describe("lists", () => {
  it("toggles a value in and out", () => {
    expect(toggled([1, 2], 2)).toEqual([1]);
    expect(toggled([1], 2)).toEqual([1, 2]);
  });

  it("collects every note of a timeline, newest first", () => {
    const note = (id: number) => ({ type: "note" as const, id, clientId: 1, sessionId: null, kind: "progress" as const, template: "free_text" as const, status: "private" as const, date: "2026-03-01", signedAt: null, createdAt: "" });
    const month = (entries: unknown[]) => ({ month: 3, counts: {}, entries });
    const t = { years: [{ months: [month([note(3), { type: "addendum" }]), month([note(1)])] }] } as unknown as Timeline;
    expect(timelineNotes(t).map((n) => n.id)).toEqual([3, 1]);
  });
});

describe("release previews", () => {
  it("label each item in the app's own words and dates", () => {
    expect(itemLabel({ type: "note", id: 1, kind: "progress", status: "shareable", date: "2026-11-13", signed: true })).toBe(
      "Progress note · Fri 13 Nov 2026 · Shareable",
    );
    expect(itemLabel({ type: "note", id: 2, kind: "contact", status: "private", date: "2026-11-13", signed: false })).toMatch(/Private · Draft$/);
    expect(itemLabel({ type: "measure", id: 3, kind: "phq9", date: "2026-11-20" })).toBe("PHQ-9 · Fri 20 Nov 2026");
    expect(itemLabel({ type: "attendance", sessionId: 4, date: "2026-11-20" })).toBe("Attended session · Fri 20 Nov 2026");
  });
});

describe("releases", () => {
  it("start with nothing ticked and nothing confirmed", () => {
    const r = newRelease(4, 7);
    expect([r.picked, r.confirmLegalBasis, r.confirmPsychotherapyNotes, r.clientInformed]).toEqual([[], false, false, null]);
  });

  it("tick items by key, in and out", () => {
    const note = keyOf({ type: "note", id: 3, kind: "progress", status: "shareable", date: "2026-03-01", signed: true });
    const session = keyOf({ type: "attendance", sessionId: 3, date: "2026-03-01" });
    expect(note).toEqual({ type: "note", id: 3 });
    expect(keyOf({ type: "disclosureHistory" })).toBeNull();
    const picked = togglePick(togglePick([], note!), session!);
    expect(picked).toEqual([{ type: "note", id: 3 }, { type: "attendance", sessionId: 3 }]);
    expect(togglePick(picked, { type: "note", id: 3 })).toEqual([{ type: "attendance", sessionId: 3 }]);
  });

  it("group what may go by kind, in the order met", () => {
    const item = (kind: "progress" | "psychotherapy", id: number) => ({
      item: { type: "note" as const, id, kind, status: "private" as const, date: "2026-03-01", signed: true },
      mayGo: true,
      reason: null,
    });
    const groups = grouped([item("progress", 1), item("psychotherapy", 2), item("progress", 3)]);
    expect(groups.map((g) => [g.group, g.items.length])).toEqual([
      ["Progress notes", 2],
      ["Psychotherapy notes", 1],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import type { Diagnosis, Goal, TreatmentPlan } from "$lib/generated/types";
import { blankPlan, blankReview, cleanPlan, diagnosisFacts, planDraft, reviewLine } from "./clinical";

const diagnosis = (over: Partial<Diagnosis> = {}): Diagnosis => ({
  id: 1,
  clientId: 1,
  code: "F53.0",
  label: "Postpartum depression",
  custom: false,
  status: "working",
  primary: true,
  fromOn: "2026-03-02",
  toOn: null,
  replaces: null,
  replacedBy: null,
  recordedAt: "2026-03-02T10:00:00.000Z",
  ...over,
});

const plan = (over: Partial<TreatmentPlan> = {}): TreatmentPlan => ({
  id: 9,
  clientId: 1,
  version: 1,
  writtenOn: "2026-02-01",
  presentingProblems: "Low mood",
  goals: [{ goalId: 3, goal: "Sleep", objectives: "Five hours", targetOn: null }],
  interventions: "CBT",
  modality: "",
  frequency: "Weekly",
  measures: ["epds"],
  reviewEveryDays: 90,
  signedOn: null,
  signedBy: null,
  formVersion: null,
  contentHash: "1a2b3c4d",
  ...over,
});

const goal = (id: number, status: Goal["status"]): Goal => ({
  id,
  goal: "g",
  objectives: "o",
  targetOn: null,
  status,
  lastProgress: null,
  reviewedOn: null,
  notes: 0,
});

describe("the clinical panel's words", () => {
  it("say a diagnosis's status, whether primary, and its dates", () => {
    expect(diagnosisFacts(diagnosis())).toBe("Working · primary · since 2 March 2026");
    expect(diagnosisFacts(diagnosis({ status: "resolved", primary: false, toOn: "2026-05-04", custom: true }))).toBe(
      "Resolved · 2 March 2026 to 4 May 2026 · her own code",
    );
  });

  it("say when the review is due", () => {
    expect(reviewLine("2026-05-02", false)).toBe("Next review by 2 May 2026");
    expect(reviewLine("2026-05-02", true)).toMatch(/^Review due: 2 May 2026/);
    expect(reviewLine(null, false)).toBe("");
  });
});

describe("the plan editor", () => {
  it("starts a first plan with one goal, reviewed every 90 days", () => {
    const draft = blankPlan(4, "2026-03-10");
    expect(draft.goals).toHaveLength(1);
    expect(draft.reviewEveryDays).toBe(90);
  });

  it("revises a signed plan as a new version written today, each goal keeping its identity", () => {
    expect(planDraft(plan({ signedOn: "2026-02-02" }), "2026-03-10")).toMatchObject({ writtenOn: "2026-03-10", goals: [{ goalId: 3 }] });
    expect(planDraft(plan(), "2026-03-10").writtenOn).toBe("2026-02-01");
  });

  it("sends an empty target date as none", () => {
    const clean = cleanPlan(planDraft(plan(), "2026-03-10"));
    expect(clean.goals[0].targetOn).toBeNull();
  });

  it("reviews only the goals still worked on", () => {
    const review = blankReview(1, [goal(1, "open"), goal(2, "met"), goal(3, "changed")], "2026-03-10");
    expect(review.goals.map((g) => g.goalId)).toEqual([1, 3]);
  });
});

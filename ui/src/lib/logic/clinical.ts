import type {
  Diagnosis,
  DiagnosisStatus,
  GoalInput,
  GoalStatus,
  MeasureKind,
  PlanInput,
  PlanReviewInput,
  TreatmentPlan,
  Goal,
} from "$lib/generated/types";
import { longDate } from "./dates";

export const DIAGNOSIS_STATUSES: { value: DiagnosisStatus; label: string }[] = [
  { value: "provisional", label: "Provisional" },
  { value: "working", label: "Working" },
  { value: "resolved", label: "Resolved" },
  { value: "ruled_out", label: "Ruled out" },
];

export const GOAL_STATUSES: { value: GoalStatus; label: string }[] = [
  { value: "open", label: "Open: still working on it" },
  { value: "met", label: "Met" },
  { value: "changed", label: "Changed (reword it in the next version)" },
  { value: "dropped", label: "Dropped" },
];

export const PLAN_MEASURES: { value: MeasureKind; label: string }[] = [
  { value: "epds", label: "EPDS" },
  { value: "phq9", label: "PHQ-9" },
  { value: "gad7", label: "GAD-7" },
];

export function statusLabel(status: DiagnosisStatus): string {
  return DIAGNOSIS_STATUSES.find((s) => s.value === status)?.label ?? status;
}

export function goalStatusLabel(status: GoalStatus): string {
  return { open: "Open", met: "Met", changed: "Changed", dropped: "Dropped" }[status];
}

/** Provisional or working: it may be primary, and has no end date. */
export const isActive = (status: DiagnosisStatus) => status === "provisional" || status === "working";

/** "Working · primary · since 2 March 2026", "Resolved · 2 March 2026 to 4 May 2026". */
export function diagnosisFacts(d: Diagnosis): string {
  const parts = [statusLabel(d.status)];
  if (d.primary) parts.push("primary");
  parts.push(d.toOn ? `${longDate(d.fromOn)} to ${longDate(d.toOn)}` : `since ${longDate(d.fromOn)}`);
  if (d.custom) parts.push("her own code");
  return parts.join(" · ");
}

/** A goal as the editor holds it: the target date as typed ("" for none). */
export type GoalDraft = Omit<GoalInput, "targetOn"> & { targetOn: string };
/** A plan as the editor holds it. */
export type PlanDraft = Omit<PlanInput, "goals"> & { goals: GoalDraft[] };

export const blankGoal = (): GoalDraft => ({ goalId: null, goal: "", objectives: "", targetOn: "" });

/** A first plan: one empty goal, reviewed every 90 days. */
export function blankPlan(clientId: number, today: string): PlanDraft {
  return {
    clientId,
    writtenOn: today,
    presentingProblems: "",
    goals: [blankGoal()],
    interventions: "",
    modality: "",
    frequency: "",
    measures: [],
    reviewEveryDays: 90,
  };
}

/**
 * The editor's start for a plan she has: the same text, each goal keeping its identity. A signed
 * version becomes the next version, written today; an unsigned one is corrected as it is.
 */
export function planDraft(plan: TreatmentPlan, today: string): PlanDraft {
  return {
    clientId: plan.clientId,
    writtenOn: plan.signedOn ? today : plan.writtenOn,
    presentingProblems: plan.presentingProblems,
    goals: plan.goals.map((g) => ({ goalId: g.goalId, goal: g.goal, objectives: g.objectives, targetOn: g.targetOn ?? "" })),
    interventions: plan.interventions,
    modality: plan.modality,
    frequency: plan.frequency,
    measures: [...plan.measures],
    reviewEveryDays: plan.reviewEveryDays,
  };
}

/** The plan as the core takes it: empty target dates are none. */
export function cleanPlan(plan: PlanDraft): PlanInput {
  return { ...plan, goals: plan.goals.map((g) => ({ ...g, targetOn: g.targetOn || null })) };
}

/** A review of every goal still worked on (met and dropped ones are done), dated today. */
export function blankReview(clientId: number, goals: readonly Goal[], today: string): PlanReviewInput {
  return {
    clientId,
    reviewedOn: today,
    goals: goals.filter((g) => g.status !== "met" && g.status !== "dropped").map((g) => ({ goalId: g.id, progress: "", status: "open" })),
    changes: "",
    nextReviewOn: null,
  };
}

/** "Next review by 2 May 2026", or "Review due: 2 May 2026 (now)" once the day has come. */
export function reviewLine(nextReviewOn: string | null, due: boolean): string {
  if (!nextReviewOn) return "";
  return due ? `Review due: ${longDate(nextReviewOn)} (now)` : `Next review by ${longDate(nextReviewOn)}`;
}

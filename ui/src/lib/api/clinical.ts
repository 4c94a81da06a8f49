import { call } from "./invoke";
import type {
  DiagnosisChange,
  NewDiagnosis,
  PlanInput,
  PlanReviewInput,
  SignedBy,
} from "$lib/generated/types";

// The only caller of the clinical record's commands: diagnoses, codes, plans, reviews, goals.

export type {
  ClinicalHit,
  ClinicalOverview,
  CodeMatch,
  Diagnosis,
  DiagnosisChange,
  DiagnosisStatus,
  Goal,
  GoalInput,
  GoalReview,
  GoalStatus,
  NewDiagnosis,
  NoteGoals,
  PlanInput,
  PlanReview,
  PlanReviewInput,
  TreatmentPlan,
} from "$lib/generated/types";

/** ICD-10-CM codes (and hers) matching what she typed: by code or by words. */
export const searchCodes = (query: string) => call("icd_search", { query });
export const addCustomCode = (code: string, label: string) => call("custom_code_add", { code, label });

/** The client page's panel: current diagnoses, the plan, its goals, reviews and when the next is due. */
export const overview = (clientId: number) => call("clinical_overview", { clientId });
export const recordDiagnosis = (diagnosis: NewDiagnosis) => call("diagnosis_record", { diagnosis });
/** A change is recorded as a new entry replacing the current one. */
export const changeDiagnosis = (id: number, change: DiagnosisChange) => call("diagnosis_change", { id, change });
export const diagnosisHistory = (clientId: number) => call("diagnosis_history", { clientId });

/** Corrects the newest version while unsigned, otherwise writes the next one. */
export const savePlan = (plan: PlanInput) => call("plan_save", { plan });
export const planVersions = (clientId: number) => call("plan_versions", { clientId });
/** Opens the plan in the PDF viewer, from the private print folder, for her to read and sign. */
export const printPlan = (planId: number) => call("plan_print", { planId });
export const signPlan = (planId: number, signedOn: string, signedBy: SignedBy) =>
  call("plan_sign", { planId, signedOn, signedBy });
export const reviewPlan = (review: PlanReviewInput) => call("plan_review", { review });

/** The note editor's checklist: her plan's goals and those this note worked on. */
export const noteGoals = (noteId: number) => call("note_goals", { noteId });
export const setNoteGoals = (noteId: number, goalIds: number[]) => call("note_goals_set", { noteId, goalIds });

/** Diagnoses and plans matching a search. */
export const search = (text: string) => call("clinical_search", { text });

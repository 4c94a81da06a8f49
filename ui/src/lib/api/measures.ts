import { call } from "./invoke";
import type { NewMeasure } from "$lib/generated/types";

// The only caller of the measures commands.

export type { Band, Measure, MeasureForm, MeasureKind, MeasuresOverview, NewMeasure, RescreenDue, Series } from "$lib/generated/types";

/** The three measures: items and answer choices, as the entry form shows them. */
export const forms = () => call("measure_forms");
/** Scores and saves a measure; refused (invalid_input, per item) when an answer is missing or out of range. */
export const record = (measure: NewMeasure) => call("measure_record", { measure });
export const overview = (clientId: number) => call("measures_overview", { clientId });
/** The safety assessment note for a self-harm alert: started prefilled, or reopened. */
export const safetyNote = (measureId: number) => call("measure_safety_note", { measureId });
export const epdsThreshold = () => call("epds_threshold_get");
export const setEpdsThreshold = (threshold: number) => call("epds_threshold_set", { threshold });

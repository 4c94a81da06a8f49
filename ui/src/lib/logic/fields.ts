import type { FieldError } from "$lib/generated/types";

// The backend's problems with a form's fields, shown beside the fields they concern.

/**
 * The backend's field problems keyed by field path ("contact.email"), several messages for one field
 * joined into one sentence list. Problems without a field go under "".
 */
export function errorsByField(problems: readonly FieldError[] | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems ?? []) {
    const key = p.field ?? "";
    out[key] = out[key] ? `${out[key]} ${p.message}` : p.message;
  }
  return out;
}

/** The field problems carried by an API error, if any. */
export function fieldProblems(error: unknown): FieldError[] {
  if (error && typeof error === "object" && "fields" in error && Array.isArray((error as { fields: unknown }).fields)) {
    return (error as { fields: FieldError[] }).fields;
  }
  return [];
}

/** The id of the element that shows a field's problem, for aria-describedby. */
export function errorId(field: string): string {
  return `err-${field.replace(/[^a-zA-Z0-9]+/g, "-")}`;
}

/** The id of a field's input. */
export function inputId(field: string): string {
  return `f-${field.replace(/[^a-zA-Z0-9]+/g, "-")}`;
}

import type { ApiError } from "$lib/generated/types";

// What a failed backend call says. Every call arrives here as an `ApiError` (`api/invoke.ts`
// makes sure of it); the page branches on its code and shows its message.

/** Anything thrown, as an `ApiError`: one from the backend as it is, anything else as a generic one. */
export function asApiError(raw: unknown): ApiError {
  if (raw && typeof raw === "object" && "code" in raw && "message" in raw) {
    const error = raw as ApiError;
    return Array.isArray(error.fields) ? error : { ...error, fields: [] };
  }
  return { code: "other", message: "Something went wrong inside Confidant.", fields: [] };
}

/** Whether `value` is an `ApiError`, with this code when one is given. */
export function isApiError(value: unknown, code?: ApiError["code"]): value is ApiError {
  return !!value && typeof value === "object" && "code" in value && (code === undefined || (value as ApiError).code === code);
}

import { invoke as tauriInvoke } from "@tauri-apps/api/core";
import type { ApiError } from "$lib/generated/types";

/** Every backend call goes through here so that errors always arrive as `ApiError`. */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await tauriInvoke<T>(command, args);
  } catch (raw) {
    throw asApiError(raw);
  }
}

export function asApiError(raw: unknown): ApiError {
  if (raw && typeof raw === "object" && "code" in raw && "message" in raw) {
    const error = raw as ApiError;
    return Array.isArray(error.fields) ? error : { ...error, fields: [] };
  }
  return { code: "internal", message: "Something went wrong inside Confidant.", fields: [] };
}

export function isApiError(value: unknown, code?: ApiError["code"]): value is ApiError {
  return !!value && typeof value === "object" && "code" in value && (code === undefined || (value as ApiError).code === code);
}

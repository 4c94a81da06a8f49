import { invoke as tauriInvoke } from "@tauri-apps/api/core";
import { asApiError } from "$lib/logic/errors";

/** Every backend call goes through here so that errors always arrive as `ApiError`. */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await tauriInvoke<T>(command, args);
  } catch (raw) {
    throw asApiError(raw);
  }
}

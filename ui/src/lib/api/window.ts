import { getCurrentWindow } from "@tauri-apps/api/window";
import { windowTitle } from "$lib/logic/route";

/**
 * Sets the page title and the native window title (the task switcher and screen sharing show it).
 * `subject` must already obey discreet mode: pass initials or the alias, never a name, when it is on.
 */
export function setTitle(subject: string | null): void {
  const title = windowTitle(subject);
  document.title = title;
  try {
    getCurrentWindow()
      .setTitle(title)
      .catch(() => {
        // Outside Tauri, or without the window permission: the page title still changed.
      });
  } catch {
    // Plain browser preview: no Tauri internals.
  }
}

import type { VaultStatus } from "$lib/generated/types";

/** The screens of the app. Only `home` and `settings` ever show anything from inside the vault. */
export type Screen = "loading" | "welcome" | "restore" | "recovery-key" | "unlock" | "home" | "settings";

/** Which screen to show for a status reported by the backend (on start, and after anything surprising). */
export function screenForStatus(status: VaultStatus): Screen {
  switch (status.state) {
    case "none":
      return "welcome";
    case "locked":
      return "unlock";
    case "unlocked":
      // Created but the recovery sheet not yet confirmed (e.g. the window was reloaded): finish that first.
      return status.recoverySheetPending ? "recovery-key" : "home";
  }
}

/** True for the screens that may only be shown while the vault is open. */
export function isInsideVault(screen: Screen): boolean {
  return screen === "home" || screen === "settings" || screen === "recovery-key";
}

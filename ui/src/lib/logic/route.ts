import type { FormKind } from "$lib/generated/types";

/** Where she is inside the open vault. */
export type Route =
  | { name: "home" }
  | { name: "schedule" }
  | { name: "income" }
  | { name: "settings"; part?: "backups" }
  | { name: "restore" }
  | { name: "clients" }
  | { name: "client"; id: number }
  | { name: "client-new" }
  | { name: "client-edit"; id: number }
  | { name: "retention" }
  | { name: "import" }
  | { name: "session-new"; clientId: number }
  | { name: "session-edit"; id: number }
  | { name: "session"; id: number }
  | { name: "note"; id: number }
  | { name: "search" }
  | { name: "forms" }
  | { name: "form"; kind: FormKind }
  | { name: "practice" }
  | { name: "measure-new"; clientId: number }
  | { name: "help" };

/** Which header button is current for a route. */
export function section(
  route: Route,
): "home" | "schedule" | "income" | "clients" | "forms" | "settings" | "search" | "help" {
  switch (route.name) {
    case "schedule":
      return "schedule";
    case "income":
      return "income";
    case "help":
      return "help";
    case "home":
      return "home";
    case "forms":
    case "form":
    case "practice":
      return "forms";
    case "search":
      return "search";
    case "settings":
    case "restore":
      return "settings";
    default:
      return "clients";
  }
}

/** The window title's subject for routes that name no client (client pages set their own). */
export function routeTitle(route: Route): string | null {
  switch (route.name) {
    case "schedule":
      return "Schedule";
    case "income":
      return "Income";
    case "clients":
      return "Clients";
    case "client-new":
      return "New client";
    case "retention":
      return "Records past retention";
    case "import":
      return "Import clients";
    case "settings":
      return "Settings";
    case "restore":
      return "Restore from a backup";
    case "session-new":
      return "New session";
    case "session-edit":
    case "session":
      return "Session";
    case "note":
      return "Note";
    case "search":
      return "Search";
    case "forms":
    case "form":
      return "Forms";
    case "practice":
      return "Practice profile";
    case "measure-new":
      return "Record a measure";
    case "help":
      return "Help";
    default:
      return null;
  }
}

/** The window title: the app alone when nothing (or nobody) is shown, else "<what> — Confidant". */
export function windowTitle(subject: string | null | undefined): string {
  const s = subject?.trim();
  return s ? `${s} — Confidant` : "Confidant";
}

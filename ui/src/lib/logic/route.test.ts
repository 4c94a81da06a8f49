import { describe, expect, it } from "vitest";
import { routeTitle, section, windowTitle } from "./route";

describe("routes", () => {
  it("keep the Clients button current on every register screen", () => {
    expect(section({ name: "client", id: 3 })).toBe("clients");
    expect(section({ name: "import" })).toBe("clients");
    expect(section({ name: "home" })).toBe("home");
    expect(section({ name: "income" })).toBe("income");
    expect(section({ name: "settings" })).toBe("settings");
  });
  it("never name a client in the title of a screen that is not hers", () => {
    expect(routeTitle({ name: "client-edit", id: 3 })).toBeNull();
    expect(routeTitle({ name: "client", id: 3 })).toBeNull();
    expect(routeTitle({ name: "clients" })).toBe("Clients");
  });
  it("keep sessions and notes under Clients, search on its own, and never name a client in their titles", () => {
    expect(section({ name: "note", id: 1 })).toBe("clients");
    expect(section({ name: "session", id: 1 })).toBe("clients");
    expect(section({ name: "search" })).toBe("search");
    expect(routeTitle({ name: "note", id: 1 })).toBe("Note");
    expect(routeTitle({ name: "session-new", clientId: 1 })).toBe("New session");
    expect(routeTitle({ name: "search" })).toBe("Search");
  });
});

describe("the window title", () => {
  it("is the app's name alone when nobody is shown", () => {
    expect(windowTitle(null)).toBe("Confidant");
    expect(windowTitle("  ")).toBe("Confidant");
  });
  it("puts what is shown first", () => {
    expect(windowTitle("M.L.")).toBe("M.L. — Confidant");
  });
});

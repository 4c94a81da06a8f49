import { describe, expect, it } from "vitest";
import { routeTitle, section } from "./route";

describe("routes", () => {
  it("keep the Clients button current on every register screen", () => {
    expect(section({ name: "client", id: 3 })).toBe("clients");
    expect(section({ name: "import" })).toBe("clients");
    expect(section({ name: "home" })).toBe("home");
    expect(section({ name: "settings" })).toBe("settings");
  });
  it("never name a client in the title of a screen that is not hers", () => {
    expect(routeTitle({ name: "client-edit", id: 3 })).toBeNull();
    expect(routeTitle({ name: "client", id: 3 })).toBeNull();
    expect(routeTitle({ name: "clients" })).toBe("Clients");
  });
});

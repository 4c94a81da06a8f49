import { describe, expect, it } from "vitest";
import type { Fee, MoneyEntry, Service } from "$lib/generated/types";
import { describeEntry, dollars, estimateLines, parseDollars, withRunningBalance } from "./money";

const entry = (over: Partial<MoneyEntry> = {}): MoneyEntry => ({
  id: 1,
  clientId: 1,
  kind: "charge",
  onDate: "2026-03-02",
  cents: 18000,
  sessionId: 4,
  service: "psychotherapy_45",
  code: "90834",
  label: "Therapy session, 45 minutes",
  modifier: "",
  place: "11",
  units: 1,
  method: null,
  reference: "",
  reason: "",
  appliesTo: null,
  reversed: false,
  waived: false,
  ...over,
});

describe("money", () => {
  it("writes cents as dollars, with their sign and thousands", () => {
    expect(dollars(0)).toBe("$0.00");
    expect(dollars(5)).toBe("$0.05");
    expect(dollars(123456789)).toBe("$1,234,567.89");
    expect(dollars(-1250)).toBe("-$12.50");
  });

  it("reads what she types as whole cents, and refuses what is not an amount", () => {
    expect(parseDollars("180")).toBe(18000);
    expect(parseDollars(" $1,234.5 ")).toBe(123450);
    expect(parseDollars("0.07")).toBe(7);
    expect(parseDollars("19.999")).toBeNull();
    expect(parseDollars("-5")).toBeNull();
    expect(parseDollars("ten")).toBeNull();
    expect(parseDollars("")).toBeNull();
  });

  it("describes each kind of entry", () => {
    expect(describeEntry(entry())).toBe("Therapy session, 45 minutes (90834)");
    expect(describeEntry(entry({ kind: "payment", cents: -18000, method: "check", reference: "1042" }))).toBe(
      "Payment, check 1042",
    );
    expect(describeEntry(entry({ kind: "waiver", cents: -18000, reason: "Hardship" }))).toBe("Waived: Hardship");
  });

  it("gives the balance after each entry, ending on the account's balance", () => {
    const lines = withRunningBalance([entry(), entry({ id: 2, kind: "payment", cents: -5000 })]);
    expect(lines.map((l) => l.balance)).toEqual([18000, 13000]);
  });

  describe("an estimate's lines", () => {
    const fee = (service: Service, cents: number): Fee => ({
      id: 1,
      service,
      code: "",
      label: service,
      cents,
      effectiveFrom: "2027-01-01",
    });
    const offered = [fee("intake", 22000), fee("psychotherapy_45", 9550), fee("psychotherapy_60", 23005)];

    it("prices each service she expects at its fee, in whole cents, and totals them", () => {
      const { lines, totalCents, unclear } = estimateLines(offered, { intake: "1", psychotherapy_45: "40", psychotherapy_60: "3" });
      expect(lines.map((l) => [l.fee.service, l.count, l.totalCents])).toEqual([
        ["intake", 1, 22000],
        ["psychotherapy_45", 40, 382000],
        ["psychotherapy_60", 3, 69015],
      ]);
      expect(totalCents).toBe(473015);
      expect(unclear).toEqual([]);
    });

    it("leaves out a service left empty or at 0", () => {
      const { lines, totalCents } = estimateLines(offered, { intake: "", psychotherapy_45: " 0 ", psychotherapy_60: "2" });
      expect(lines.map((l) => l.fee.service)).toEqual(["psychotherapy_60"]);
      expect(totalCents).toBe(46010);
    });

    it("names the services whose count is not a whole number up to 400, and prices none of them", () => {
      const { lines, unclear } = estimateLines(offered, { intake: "1.5", psychotherapy_45: "401", psychotherapy_60: "-2" });
      expect(lines).toEqual([]);
      expect(unclear.map((f) => f.service)).toEqual(["intake", "psychotherapy_45", "psychotherapy_60"]);
    });

    it("is empty when she has no fee yet", () => {
      expect(estimateLines([], { intake: "1" })).toEqual({ lines: [], totalCents: 0, unclear: [] });
    });
  });
});

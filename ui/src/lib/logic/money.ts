import type { Fee, MoneyEntry, PaymentMethod, Service, TelehealthPlace } from "$lib/generated/types";

// The money's helpers for the page: amounts in integer cents, typed and shown as dollars.

/** `$1,234.56`, `-$12.50`: as the papers write an amount. */
export function dollars(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toLocaleString("en-US");
  return `${sign}$${whole}.${String(abs % 100).padStart(2, "0")}`;
}

/** What she typed ("180", "$1,234.5", "95.00") in cents; null when it is not an amount. */
export function parseDollars(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, "").replace(/,/g, "");
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const cents = (match[2] ?? "").padEnd(2, "0");
  return Number(match[1]) * 100 + Number(cents);
}

/** Cents as she would type them back: "180.00". */
export const typed = (cents: number) => (cents / 100).toFixed(2);

/** The services with the core's own default labels (never the AMA's descriptors) and codes. */
export const SERVICES: { value: Service; label: string }[] = [
  { value: "intake", label: "Intake assessment (90791)" },
  { value: "psychotherapy_30", label: "Therapy session, 30 minutes (90832)" },
  { value: "psychotherapy_45", label: "Therapy session, 45 minutes (90834)" },
  { value: "psychotherapy_60", label: "Therapy session, 60 minutes (90837)" },
  { value: "family_without_client", label: "Family session, client not present (90846)" },
  { value: "family_with_client", label: "Couple or family session (90847)" },
  { value: "crisis_60", label: "Crisis session, first hour (90839)" },
  { value: "crisis_added_30", label: "Crisis session, each added 30 minutes (90840)" },
  { value: "late_cancel", label: "Late cancellation" },
  { value: "no_show", label: "Missed appointment" },
];

export const METHODS: { value: PaymentMethod; label: string }[] = [
  { value: "card", label: "Card" },
  { value: "cash", label: "Cash" },
  { value: "check", label: "Check" },
  { value: "transfer", label: "Bank transfer" },
];

export const PLACES: { value: TelehealthPlace; label: string }[] = [
  { value: "home", label: "At home (place of service 10)" },
  { value: "elsewhere", label: "Elsewhere (place of service 02)" },
];

/** One line of her account: "Session, 45 minutes (90834)", "Payment, check 1042", "Waived: ...". */
export function describeEntry(e: MoneyEntry): string {
  switch (e.kind) {
    case "charge":
      return e.code ? `${e.label} (${e.code})` : e.label;
    case "payment": {
      const method = METHODS.find((m) => m.value === e.method)?.label ?? "";
      return `Payment, ${method.toLowerCase()}${e.reference ? ` ${e.reference}` : ""}`;
    }
    case "waiver":
      return `Waived: ${e.reason}`;
    case "reversal":
      return `Reversed: ${e.reason}`;
  }
}

/** The account's lines with the balance after each, in the order they are dated. */
export function withRunningBalance(entries: MoneyEntry[]): { entry: MoneyEntry; balance: number }[] {
  let balance = 0;
  return entries.map((entry) => {
    balance += entry.cents;
    return { entry, balance };
  });
}

/** `2026-03`, the month of a day. */
export const monthOf = (iso: string) => iso.slice(0, 7);

/** One line of an estimate as she fills it in: a service she expects, how many, its charge. */
export interface EstimateLine {
  fee: Fee;
  count: number;
  totalCents: number;
}

/** The counts she typed per service, as an estimate: the lines she expects (a count of 1 to
 *  400; empty or 0 leaves a service out), each at its fee for her in whole cents, their total,
 *  and the services whose count is not a whole number from 0 to 400 (nothing is issued then). */
export function estimateLines(
  offered: Fee[],
  counts: Partial<Record<Service, string>>,
): { lines: EstimateLine[]; totalCents: number; unclear: Fee[] } {
  const lines: EstimateLine[] = [];
  const unclear: Fee[] = [];
  for (const fee of offered) {
    const text = (counts[fee.service] ?? "").trim();
    if (text === "") continue;
    const count = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
    if (!(count <= 400)) unclear.push(fee);
    else if (count > 0) lines.push({ fee, count, totalCents: fee.cents * count });
  }
  return { lines, totalCents: lines.reduce((sum, l) => sum + l.totalCents, 0), unclear };
}

import { call } from "./invoke";
import type {
  Billing,
  EstimateInput,
  NewCharge,
  NewFee,
  NewPayment,
  PracticeBilling,
} from "$lib/generated/types";

// The only caller of the money's commands: fees, a client's account, payments and corrections,
// the papers (receipt, statement, superbill, Good Faith Estimate), Today's reminders and income.

export type {
  Account,
  Billing,
  Estimate,
  EstimateInput,
  Fee,
  FeeSettings,
  IncomeReport,
  ItemInput,
  MoneyEntry,
  MoneyEntryKind,
  MoneyPanel,
  NewCharge,
  NewFee,
  NewPayment,
  PaymentMethod,
  PracticeBilling,
  Service,
  SlidingFee,
  TelehealthPlace,
  Totals,
} from "$lib/generated/types";

export const feeSettings = () => call("fee_settings");
/** Sets fees from their dates: a change is a new fee from a date, past charges keep theirs. */
export const setFees = (fees: NewFee[]) => call("fees_set", { fees });
export const setPracticeBilling = (billing: PracticeBilling) => call("practice_billing_set", { billing });

/** A client's account (the charges of her attendance posted first), billing, sliding scale, estimates. */
export const panel = (clientId: number) => call("money_panel", { clientId });
export const recordPayment = (payment: NewPayment) => call("payment_record", { payment });
export const recordCharge = (charge: NewCharge) => call("charge_record", { charge });
export const waive = (id: number, reason: string, onDate: string) => call("charge_waive", { id, reason, onDate });
export const reverse = (id: number, reason: string, onDate: string) => call("entry_reverse", { id, reason, onDate });
export const setBilling = (clientId: number, billing: Billing) => call("client_billing_set", { clientId, billing });
export const setSlidingFee = (clientId: number, cents: number | null, effectiveFrom: string) =>
  call("sliding_fee_set", { clientId, cents, effectiveFrom });

/** Each paper opens in the PDF viewer from the private print folder and goes on her ledger. */
export const printReceipt = (paymentId: number) => call("receipt_print", { paymentId });
export const printStatement = (clientId: number, month: string) => call("statement_print", { clientId, month });
export const printSuperbill = (clientId: number, from: string, to: string) =>
  call("superbill_print", { clientId, from, to });
/** The services an estimate from that day can list, each at its fee for her (her sliding scale). */
/** Records that she asked for a Good Faith Estimate today; resolves to the day it is due by. */
export const requestEstimate = (clientId: number) => call("estimate_request", { clientId });
export const estimateServices = (clientId: number, periodFrom: string) =>
  call("estimate_services", { clientId, periodFrom });
export const issueEstimate = (estimate: EstimateInput) => call("estimate_issue", { estimate });
export const printEstimate = (estimateId: number) => call("estimate_print", { estimateId });

/** The income of a year; null: this year. */
export const incomeReport = (year: number | null) => call("income_report", { year });
/** Asks for a folder and writes the accountant's CSV there; null when she cancels. */
export const exportIncome = (from: string, to: string) => call("income_export", { from, to });

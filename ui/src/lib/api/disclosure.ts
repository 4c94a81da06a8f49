import { call } from "./invoke";
import type {
  AccountingRequest,
  Authorization,
  AuthorizationInput,
  Ending,
  LedgerCheck,
  LedgerEntry,
  RecordedDisclosure,
  ReleasePreview,
  ReleaseRequest,
  SignedBy,
} from "$lib/generated/types";

// The only caller of the authorization, release, ledger and accounting commands.

export type {
  AccountingRequest,
  Authorization,
  AuthorizationInput,
  AuthorizationKind,
  AuthorizationState,
  Category,
  Ending,
  LedgerCheck,
  LedgerEntry,
  LegalBasis,
  Method,
  PreviewItem,
  RecordedDisclosure,
  ReleasePreview,
  ReleaseRequest,
} from "$lib/generated/types";

// ---- Authorizations ----
export const authorizations = (clientId: number) => call<Authorization[]>("authorizations_list", { clientId });
export const createAuthorization = (input: AuthorizationInput) => call<Authorization>("authorization_create", { input });
export const updateAuthorization = (id: number, input: AuthorizationInput) =>
  call<Authorization>("authorization_update", { id, input });
export const deleteAuthorization = (id: number) => call<void>("authorization_delete", { id });
export const signAuthorization = (id: number, signedOn: string, signedBy: SignedBy) =>
  call<Authorization>("authorization_sign", { id, signedOn, signedBy });
export const endAuthorization = (id: number, ending: Ending) => call<Authorization>("authorization_end", { id, ending });
/** Prints the authorization's form filled with its terms, to sign. */
export const printAuthorization = (id: number) => call<void>("authorization_print", { id });

// ---- Releases ----
export const previewRelease = (request: ReleaseRequest) => call<ReleasePreview>("release_preview", { request });
/** Prints the packet; resolves to its ledger entry number. */
export const printRelease = (request: ReleaseRequest) => call<number>("release_print", { request });
/** Resolves to the ledger entry number, or null when she cancels the dialog. */
export const saveRelease = (request: ReleaseRequest) => call<number | null>("release_save", { request });
export const printRecordCopy = (clientId: number) => call<number>("record_copy_print", { clientId });
export const recordDisclosure = (disclosure: RecordedDisclosure) => call<number>("disclosure_record", { disclosure });

// ---- Ledger and accounting ----
export const ledger = (clientId: number) => call<LedgerEntry[]>("ledger_entries", { clientId });
export const verifyLedger = () => call<LedgerCheck>("ledger_verify");
export const accountingRequests = (clientId: number) => call<AccountingRequest[]>("accounting_requests", { clientId });
export const recordAccountingRequest = (clientId: number, requestedOn: string) =>
  call<AccountingRequest>("accounting_request_record", { clientId, requestedOn });
export const extendAccounting = (id: number, reason: string) =>
  call<AccountingRequest>("accounting_request_extend", { id, reason });
export const printAccounting = (requestId: number) => call<number>("accounting_print", { requestId });
export const printPrivacySummary = (clientId: number) => call<number>("privacy_summary_print", { clientId });

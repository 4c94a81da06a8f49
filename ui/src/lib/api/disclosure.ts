import { call } from "./invoke";
import type {
  AuthorizationInput,
  Ending,
  RecordedDisclosure,
  ReleaseRequest,
  SignedBy,
  StepInput,
  SubpoenaInput,
} from "$lib/generated/types";

// The only caller of the authorization, release, ledger, accounting and subpoena commands.

export type {
  AccountingRequest,
  Authorization,
  AuthorizationInput,
  AuthorizationKind,
  AuthorizationState,
  BasisRule,
  Category,
  ClientInformed,
  Ending,
  ItemKey,
  LedgerCheck,
  LedgerEntry,
  LegalBasis,
  Method,
  PreviewItem,
  RecordedDisclosure,
  ReleasePreview,
  ReleaseRequest,
  StepInput,
  Subpoena,
  SubpoenaInput,
  SubpoenaStep,
} from "$lib/generated/types";

// ---- Authorizations ----
export const authorizations = (clientId: number) => call("authorizations_list", { clientId });
export const createAuthorization = (input: AuthorizationInput) => call("authorization_create", { input });
export const updateAuthorization = (id: number, input: AuthorizationInput) =>
  call("authorization_update", { id, input });
export const deleteAuthorization = (id: number) => call("authorization_delete", { id });
export const signAuthorization = (id: number, signedOn: string, signedBy: SignedBy) =>
  call("authorization_sign", { id, signedOn, signedBy });
export const endAuthorization = (id: number, ending: Ending) => call("authorization_end", { id, ending });
/** Prints the authorization's form filled with its terms, to sign. */
export const printAuthorization = (id: number) => call("authorization_print", { id });

// ---- Releases ----
/** Every legal basis with its rule: what it releases, whether psychotherapy notes, the words to confirm. */
export const legalBases = () => call("legal_bases");
export const previewRelease = (request: ReleaseRequest) => call("release_preview", { request });
/** Prints the packet; resolves to its ledger entry number. */
export const printRelease = (request: ReleaseRequest) => call("release_print", { request });
/** Resolves to the ledger entry number, or null when she cancels the dialog. */
export const saveRelease = (request: ReleaseRequest) => call("release_save", { request });
export const printRecordCopy = (clientId: number, billing: boolean) => call("record_copy_print", { clientId, billing });
export const recordDisclosure = (disclosure: RecordedDisclosure) => call("disclosure_record", { disclosure });

// ---- Ledger and accounting ----
export const ledger = (clientId: number) => call("ledger_entries", { clientId });
export const verifyLedger = () => call("ledger_verify");
export const accountingRequests = (clientId: number) => call("accounting_requests", { clientId });
/** `periodFrom`: the start of a shorter period she asked for, or null for the six years. */
export const recordAccountingRequest = (clientId: number, requestedOn: string, periodFrom: string | null) =>
  call("accounting_request_record", { clientId, requestedOn, periodFrom });
export const extendAccounting = (id: number, reason: string) =>
  call("accounting_request_extend", { id, reason });
export const printAccounting = (requestId: number) => call("accounting_print", { requestId });
/** The letter telling her the accounting comes within the extension, and why. */
export const printExtensionLetter = (requestId: number) => call("accounting_extension_print", { requestId });

// ---- Subpoenas ----
export const subpoenas = (clientId: number) => call("subpoenas_list", { clientId });
/** Records a subpoena received: nothing is released, her record goes on legal hold. */
export const recordSubpoena = (subpoena: SubpoenaInput) => call("subpoena_record", { subpoena });
export const recordSubpoenaStep = (step: StepInput) => call("subpoena_step", { step });
export const printPrivacySummary = (clientId: number) => call("privacy_summary_print", { clientId });

import { call } from "./invoke";
import type {
  Client,
  ClientConnection,
  ClientFields,
  ClientPage,
  ClientStatus,
  ClientSummary,
  ConnectionFields,
  DualMatch,
  DualRelationshipReview,
  ImportField,
  ImportOutcome,
  ImportPreview,
  HoldInput,
  LegalHold,
  PastRetention,
  PolicyChange,
  PossibleDualRelationship,
  RetentionMove,
  RetentionPolicy,
  StatusFilter,
} from "./registerTypes";

// The only caller of the register commands (clients, connections, retention, import).

export type * from "./registerTypes";

export const list = (filter: StatusFilter, query: string) => call<ClientPage>("clients_list", { filter, query });
export const get = (id: number) => call<Client>("client_get", { id });
/** The header line of her page (the same as in the list), obeying discreet mode. */
export const summary = (id: number) => call<ClientSummary>("client_summary", { id });
export const create = (draft: ClientFields, status: ClientStatus, confirmDuplicate: boolean) =>
  call<Client>("client_create", { draft, status, confirmDuplicate });
export const update = (id: number, draft: ClientFields, confirmDuplicate: boolean) =>
  call<Client>("client_update", { id, draft, confirmDuplicate });
export const checkDual = (draft: ClientFields) => call<PossibleDualRelationship[]>("client_check_dual", { draft });
export const recordDualDecision = (clientId: number, matches: { otherClientId: number; matched: DualMatch }[], decision: string) =>
  call<DualRelationshipReview[]>("client_record_dual_decision", { clientId, matches, decision });
/** Her recorded decisions about possible dual relationships, oldest first. */
export const reviews = (clientId: number) => call<DualRelationshipReview[]>("client_reviews", { clientId });
export const reopen = (id: number) => call<Client>("client_reopen", { id });
export const discharge = (id: number, date: string) => call<Client>("client_discharge", { id, date });
export const setStatus = (id: number, status: ClientStatus, date: string) =>
  call<Client>("client_set_status", { id, status, date });
export const connections = (clientId: number) => call<ClientConnection[]>("connections_list", { clientId });
export const addConnection = (clientId: number, connection: ConnectionFields) =>
  call<ClientConnection>("connection_add", { clientId, connection });
export const removeConnection = (id: number) => call<void>("connection_remove", { id });
export const retentionPolicy = () => call<RetentionPolicy>("retention_policy_get");
/** Whose retention dates a change of policy would move; nothing is written. */
export const previewRetentionPolicy = (change: PolicyChange) => call<RetentionMove[]>("retention_policy_preview", { change });
/** Changes the policy (her reason when below the defaults); every discharged client's retention date follows. */
export const setRetentionPolicy = (change: PolicyChange) => call<RetentionPolicy>("retention_policy_set", { change });
export const pastRetention = () => call<PastRetention[]>("retention_past");
/** Destroys a record past retention; `confirmation` is the client code as she typed it. Resolves to the code. */
export const destroy = (id: number, confirmation: string) => call<string>("client_destroy", { id, confirmation });
export const legalHolds = (clientId: number) => call<LegalHold[]>("legal_holds", { clientId });
export const placeHold = (hold: HoldInput) => call<LegalHold>("legal_hold_place", { hold });
export const liftHold = (id: number, reason: string) => call<LegalHold>("legal_hold_lift", { id, reason });
export const importPreview = (csv: number[], mapping: (ImportField | null)[] | null) =>
  call<ImportPreview>("import_preview", { csv, mapping });
export const importCommit = (csv: number[], mapping: (ImportField | null)[] | null, skipRows: number[]) =>
  call<ImportOutcome>("import_commit", { csv, mapping, skipRows });

import { call } from "./invoke";
import type {
  ClientFields,
  ClientStatus,
  ConnectionFields,
  DualMatch,
  ImportField,
  HoldInput,
  PolicyChange,
  StatusFilter,
} from "./registerTypes";

// The only caller of the register commands (clients, connections, retention, import).

export type * from "./registerTypes";

export const list = (filter: StatusFilter, query: string) => call("clients_list", { filter, query });
export const get = (id: number) => call("client_get", { id });
/** The header line of her page (the same as in the list), obeying discreet mode. */
export const summary = (id: number) => call("client_summary", { id });
export const create = (draft: ClientFields, status: ClientStatus, confirmDuplicate: boolean) =>
  call("client_create", { draft, status, confirmDuplicate });
export const update = (id: number, draft: ClientFields, confirmDuplicate: boolean) =>
  call("client_update", { id, draft, confirmDuplicate });
export const checkDual = (draft: ClientFields) => call("client_check_dual", { draft, except: null });
export const recordDualDecision = (clientId: number, matches: { otherClientId: number; matched: DualMatch }[], decision: string) =>
  call("client_record_dual_decision", { clientId, matches, decision });
/** Her recorded decisions about possible dual relationships, oldest first. */
export const reviews = (clientId: number) => call("client_reviews", { clientId });
export const reopen = (id: number) => call("client_reopen", { id });
export const discharge = (id: number, date: string) => call("client_discharge", { id, date });
export const setStatus = (id: number, status: ClientStatus, date: string) =>
  call("client_set_status", { id, status, date });
export const connections = (clientId: number) => call("connections_list", { clientId });
export const addConnection = (clientId: number, connection: ConnectionFields) =>
  call("connection_add", { clientId, connection });
export const removeConnection = (id: number) => call("connection_remove", { id });
export const retentionPolicy = () => call("retention_policy_get");
/** Whose retention dates a change of policy would move; nothing is written. */
export const previewRetentionPolicy = (change: PolicyChange) => call("retention_policy_preview", { change });
/** Changes the policy (her reason when below the defaults); every discharged client's retention date follows. */
export const setRetentionPolicy = (change: PolicyChange) => call("retention_policy_set", { change });
export const pastRetention = () => call("retention_past");
/** Destroys a record past retention; `confirmation` is the client code as she typed it. Resolves to the code. */
export const destroy = (id: number, confirmation: string) => call("client_destroy", { id, confirmation });
export const legalHolds = (clientId: number) => call("legal_holds", { clientId });
export const placeHold = (hold: HoldInput) => call("legal_hold_place", { hold });
export const liftHold = (id: number, reason: string) => call("legal_hold_lift", { id, reason });
export const importPreview = (csv: number[], mapping: (ImportField | null)[] | null) =>
  call("import_preview", { csv, mapping });
export const importCommit = (csv: number[], mapping: (ImportField | null)[] | null, skipRows: number[]) =>
  call("import_commit", { csv, mapping, skipRows });

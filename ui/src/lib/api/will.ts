import { call } from "./invoke";
import type { WillDetails } from "$lib/generated/types";

// The only caller of the professional will's commands (docs/DOMAIN.md section 13).

export const getWill = () => call("will_get");
export const saveWill = (details: WillDetails) => call("will_save", { details });
export const markReviewed = () => call("will_mark_reviewed");
/** Issues a new custodian key (the old one stops working) and prints the packet holding it. */
export const printPacket = (passphrase: string) => call("will_print_packet", { passphrase });
export const revokeKey = (passphrase: string) => call("will_revoke_key", { passphrase });
export const setCustodianPassphrase = (custodianKey: string, passphrase: string, confirmation: string) =>
  call("will_set_custodian_passphrase", { custodianKey, passphrase, confirmation });
export const custodianClients = () => call("custodian_clients");
export const printLetters = (clientIds: number[]) => call("custodian_print_letters", { clientIds });

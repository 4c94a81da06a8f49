import { call } from "./invoke";
import type { FormKind, NewSignature, PracticeProfile } from "$lib/generated/types";

// The only caller of the practice profile, forms and consent commands.

export type {
  ConsentItem,
  ConsentState,
  FormDetail,
  FormKind,
  FormSummary,
  FormVersion,
  License,
  NewSignature,
  Paper,
  PracticeProfile,
  ProfileField,
  ReconsentEntry,
  SignedBy,
} from "$lib/generated/types";

// ---- Practice profile ----
export const profile = () => call("practice_profile_get");
export const saveProfile = (profile: PracticeProfile) => call("practice_profile_save", { profile });
/** The practice details these forms print, and which are still empty (printing refuses until they are filled). */
export const profileFields = (kinds: FormKind[]) => call("form_profile_fields", { kinds });

// ---- Templates ----
export const list = () => call("forms_list");
export const detail = (kind: FormKind) => call("form_get", { kind });
/** Saves the text as a new version (refused, with every problem and its line, if it does not parse). */
export const save = (kind: FormKind, body: string) => call("form_save", { kind, body });
/** Prints a form with no client's details, to hand out (the Notice of Privacy Practices). */
export const printBlank = (kind: FormKind) => call("form_print_blank", { kind });
/** Prints the unsaved text with a fictional client, to check how it looks. */
export const preview = (kind: FormKind, body: string) => call("form_preview", { kind, body });

// ---- Consent ----
export const status = (clientId: number) => call("consent_status", { clientId });
export const record = (signature: NewSignature) => call("consent_record", { signature });
/** Clients who signed an older version of a consent form. */
export const reconsent = () => call("reconsent_list");
/** Writes the packet to the private print folder and opens it in the PDF viewer. */
export const printPacket = (clientId: number, kinds: FormKind[]) => call("consent_packet_print", { clientId, kinds });
/** Asks where to save the packet; false when she cancels. */
export const savePacket = (clientId: number, kinds: FormKind[]) => call("consent_packet_save", { clientId, kinds });

/** Where printed documents wait for the viewer: in memory, or on disk where the system has no folder in memory. */
export const printSpool = () => call("print_spool");

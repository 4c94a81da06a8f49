import type {
  Client,
  ClientFields,
  ClientStatus,
  ConnectionKind,
  ImportField,
  ImportPreview,
  StatusFilter,
} from "$lib/api/registerTypes";
import { IMPORT_MAX_BYTES } from "$lib/generated/types";

/** A blank client form. */
export function emptyDraft(): ClientFields {
  const care = () => ({ name: "", practice: "", phone: "" });
  return {
    legalName: "",
    preferredName: "",
    alias: "",
    pronouns: "",
    dateOfBirth: "",
    contact: { phone: "", voicemailOk: false, textOk: false, email: "", emailOk: false, address: "" },
    emergencyContact: { name: "", relationship: "", phone: "" },
    telehealthLocation: { state: "", city: "" },
    perinatal: {
      status: "neither",
      dueDate: "",
      babyBirthDate: "",
      children: null,
      lossHistory: "",
      feeding: "",
      obstetric: care(),
      pediatrician: care(),
    },
    supportNotes: "",
    intakeDate: "",
    lastServiceDate: "",
    lastServiceReason: "",
  };
}

/** A deep copy of a record's fields for editing (the form never mutates what it was given). */
export function draftFrom(fields: ClientFields): ClientFields {
  return JSON.parse(JSON.stringify(fields)) as ClientFields;
}

export const STATUS_LABELS: Record<ClientStatus, string> = {
  prospective: "Prospective",
  active: "Active",
  discharged: "Discharged",
};

export const FILTERS: { value: StatusFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "prospective", label: "Prospective" },
  { value: "active", label: "Active" },
  { value: "discharged", label: "Discharged" },
];

export const CONNECTION_KINDS: { value: ConnectionKind; label: string }[] = [
  { value: "spouse_partner", label: "Spouse or partner" },
  { value: "family", label: "Family member" },
  { value: "employer", label: "Employer" },
  { value: "faith_community", label: "Faith community" },
  { value: "school", label: "School" },
  { value: "client", label: "Another client" },
  { value: "other", label: "Other" },
];

export function connectionKindLabel(kind: ConnectionKind): string {
  return CONNECTION_KINDS.find((k) => k.value === kind)?.label ?? "Other";
}

export const IMPORT_FIELDS: { value: ImportField; label: string }[] = [
  { value: "legal_name", label: "Legal name (full)" },
  { value: "first_name", label: "First name" },
  { value: "last_name", label: "Last name" },
  { value: "preferred_name", label: "Preferred name" },
  { value: "alias", label: "Alias / initials" },
  { value: "pronouns", label: "Pronouns" },
  { value: "date_of_birth", label: "Date of birth" },
  { value: "phone", label: "Phone" },
  { value: "voicemail_ok", label: "Voicemail OK" },
  { value: "text_ok", label: "Texts OK" },
  { value: "email", label: "Email" },
  { value: "email_ok", label: "Email OK" },
  { value: "address", label: "Address" },
  { value: "emergency_name", label: "Emergency contact name" },
  { value: "emergency_relationship", label: "Emergency contact relationship" },
  { value: "emergency_phone", label: "Emergency contact phone" },
  { value: "telehealth_state", label: "Telehealth state" },
  { value: "telehealth_city", label: "Telehealth city" },
  { value: "status", label: "Status" },
  { value: "intake_date", label: "Intake date" },
  { value: "last_service_date", label: "Last service date" },
  { value: "discharge_date", label: "Discharge date" },
  { value: "perinatal_status", label: "Perinatal status" },
  { value: "due_date", label: "Due date" },
  { value: "baby_birth_date", label: "Baby's birth date" },
  { value: "children", label: "Number of children" },
  { value: "support_notes", label: "Support notes" },
];

/** Import is possible once the mapping is sound and every row left in is valid (and at least one is left). */
export function importBlocker(preview: ImportPreview | null, skipped: ReadonlySet<number>): string | null {
  if (!preview) return "Choose a file first.";
  if (preview.mappingProblems.length > 0) return "Fix the column mapping first.";
  const unresolved = preview.invalidRows.filter((r) => !skipped.has(r.row)).length;
  if (unresolved > 0) {
    return unresolved === 1
      ? "1 row needs fixing in the file or skipping."
      : `${unresolved} rows need fixing in the file or skipping.`;
  }
  const skippedValid = [...skipped].filter((row) => !preview.invalidRows.some((r) => r.row === row)).length;
  const remaining = preview.validRows - skippedValid;
  if (remaining <= 0) return "Every row is skipped: there is nothing to import.";
  return null;
}

/**
 * Why a chosen file cannot be imported, judged from its size alone so that a huge file is never
 * read into the page (the core refuses it again with the same words); null when it may be read.
 */
export function importFileProblem(bytes: number): string | null {
  if (bytes <= IMPORT_MAX_BYTES) return null;
  const mb = IMPORT_MAX_BYTES / (1024 * 1024);
  return `This file is larger than ${mb} MB; a client list is much smaller. Check that it is the right file.`;
}

/** How many clients an import would add. */
export function importCount(preview: ImportPreview, skipped: ReadonlySet<number>): number {
  const invalid = new Set(preview.invalidRows.map((r) => r.row));
  const skippedValid = [...skipped].filter((row) => !invalid.has(row)).length;
  return Math.max(0, preview.validRows - skippedValid);
}

/**
 * The communication line as chips. `caution`: something she must not do before she calls or writes
 * ("No voicemail", "No texts"); `absent`: a "No …" that only says nothing is recorded or agreed
 * ("No email", "No phone"), shown quietly.
 */
export function communicationParts(line: string): { text: string; caution: boolean; absent: boolean }[] {
  return line
    .split("·")
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((text) => {
      const no = /^no\b/i.test(text);
      const quiet = no && /^no (email|phone)\b/i.test(text);
      return { text, caution: no && !quiet, absent: quiet };
    });
}

const FORM_FIELD_LABELS: Record<string, string> = {
  legalName: "Legal name",
  preferredName: "Preferred name",
  alias: "Alias",
  pronouns: "Pronouns",
  dateOfBirth: "Date of birth",
  "contact.phone": "Phone",
  "contact.voicemailOk": "Voicemail OK",
  "contact.textOk": "Texts OK",
  "contact.email": "Email",
  "contact.emailOk": "Email OK",
  "contact.address": "Address",
  "emergencyContact.name": "Emergency contact",
  "emergencyContact.relationship": "Emergency contact relationship",
  "emergencyContact.phone": "Emergency contact phone",
  "telehealthLocation.state": "Telehealth state",
  "telehealthLocation.city": "Telehealth city",
  status: "Status",
  intakeDate: "Intake date",
  lastServiceDate: "Last service date",
  dischargeDate: "Discharge date",
  "perinatal.status": "Perinatal status",
  "perinatal.dueDate": "Due date",
  "perinatal.babyBirthDate": "Baby's birth date",
  "perinatal.children": "Children",
  supportNotes: "Support notes",
};

/** What to call a problem's field in an import row: her column's header as it is, a form field by its label. */
export function problemLabel(field: string): string {
  return FORM_FIELD_LABELS[field] ?? field;
}

/**
 * Her last service, as retention counts it: the later of her last attended session and a date set
 * by hand (with its reason); null when neither is known.
 */
export function lastServiceOf(c: Pick<Client, "lastAttendedOn" | "fields">): { date: string; from: string } | null {
  const byHand = c.fields.lastServiceDate || null;
  const attended = c.lastAttendedOn;
  if (byHand && (!attended || byHand > attended)) return { date: byHand, from: `set by hand: ${c.fields.lastServiceReason}` };
  return attended ? { date: attended, from: "her last attended session" } : null;
}

// Generated from the Rust types by `make types` (confidant-core, ts-rs). Do not edit by hand:
// the test `generated_typescript_is_fresh` fails when this file is stale.

export type ErrorCode = "locked" | "no_vault" | "vault_exists" | "wrong_passphrase" | "wrong_recovery_key" | "weak_passphrase" | "invalid_input" | "duplicate" | "not_found" | "damaged" | "too_new" | "io" | "internal";

export type FieldError = { field: string, message: string, };

export type ApiError = { code: ErrorCode, message: string, 
/**
 * For `invalid_input` on a form: every field that needs attention, for inline messages.
 */
fields: Array<FieldError>, };

export type VaultState = "none" | "locked" | "unlocked";

export type VaultStatus = { state: VaultState, 
/**
 * Milliseconds to wait before the next unlock attempt is accepted (after failures).
 */
retryAfterMs: number, 
/**
 * True between vault creation and the therapist confirming she kept her recovery sheet.
 */
recoverySheetPending: boolean, };

export type PassphraseCheck = { acceptable: boolean, 
/**
 * 0 (very weak) to 4 (strong), for the meter.
 */
score: number, 
/**
 * Why it is refused or how to make it better, written for the therapist.
 */
problems: Array<string>, };

export type CreatedVault = { 
/**
 * Shown once; groups of four characters separated by dashes.
 */
recoveryKey: string, };

export type Settings = { idleMinutes: number, discreetMode: boolean, };

export type ClientStatus = "prospective" | "active" | "discharged";

export type StatusFilter = "all" | "prospective" | "active" | "discharged";

export type PerinatalStatus = "pregnant" | "postpartum" | "neither";

export type Contact = { phone: string, voicemailOk: boolean, textOk: boolean, email: string, emailOk: boolean, address: string, };

export type EmergencyContact = { name: string, relationship: string, phone: string, };

export type Location = { 
/**
 * Two-letter US state or territory code, e.g. `MO`.
 */
state: string, city: string, };

export type CareContact = { name: string, practice: string, phone: string, };

export type Perinatal = { status: PerinatalStatus, 
/**
 * For a current pregnancy.
 */
dueDate: string, 
/**
 * The baby's birth date, for postpartum.
 */
babyBirthDate: string, children: number | null, lossHistory: string, feeding: string, 
/**
 * OB or midwife. Nothing is shared with them without a release.
 */
obstetric: CareContact, 
/**
 * Nothing is shared with them without a release.
 */
pediatrician: CareContact, };

export type ClientFields = { legalName: string, preferredName: string, 
/**
 * Shown instead of the name in discreet mode; initials of the legal name when empty.
 */
alias: string, pronouns: string, dateOfBirth: string, contact: Contact, emergencyContact: EmergencyContact, 
/**
 * Where she usually is for telehealth sessions (the state matters for licensure).
 */
telehealthLocation: Location, perinatal: Perinatal, supportNotes: string, intakeDate: string, lastServiceDate: string, };

export type Client = { id: number, 
/**
 * Stable, never reused: `C0042`.
 */
code: string, status: ClientStatus, fields: ClientFields, dischargeDate: string | null, 
/**
 * From this date on the record may be destroyed.
 */
retentionDate: string | null, };

export type ClientSummary = { id: number, code: string, 
/**
 * The name, or in discreet mode the alias or initials only.
 */
displayName: string, status: ClientStatus, age: number | null, pronouns: string, 
/**
 * "24 weeks pregnant", "9 weeks postpartum"; none when neither.
 */
perinatalLine: string | null, 
/**
 * "No voicemail · Texts OK · No email": what she may do before she calls.
 */
communicationLine: string, };

export type ClientPage = { clients: Array<ClientSummary>, 
/**
 * How many clients match in all, beyond this page.
 */
total: number, };

export type ConnectionKind = "spouse_partner" | "family" | "employer" | "faith_community" | "school" | "client" | "other";

export type ConnectionFields = { kind: ConnectionKind, name: string, phone: string, email: string, notes: string, 
/**
 * For kind `client`: which client.
 */
linkedClientId: number | null, };

export type ClientRef = { id: number, code: string, displayName: string, };

export type ClientConnection = { id: number, clientId: number, kind: ConnectionKind, name: string, phone: string, email: string, notes: string, 
/**
 * The linked client; none if the connection is not a client or her record was destroyed.
 */
linkedClient: ClientRef | null, };

export type DualMatch = "name_of_client" | "name_of_connection" | "phone_of_client" | "phone_of_connection" | "email_of_client" | "email_of_connection" | "emergency_contact_is_client";

export type PossibleDualRelationship = { client: ClientRef, matched: DualMatch, 
/**
 * For a match with a connection: which kind of connection it is.
 */
connectionKind: ConnectionKind | null, 
/**
 * A sentence for the therapist, e.g. "Her name matches the spouse or partner of M.L. (C0012)."
 */
explanation: string, };

export type ReviewInput = { otherClientId: number, matched: DualMatch, decision: string, };

export type DualRelationshipReview = { id: number, clientId: number, 
/**
 * Kept even when the other record has been destroyed.
 */
otherClientCode: string, 
/**
 * None once the other record has been destroyed.
 */
otherClient: ClientRef | null, matched: DualMatch, decision: string, decidedAt: string, };

export type RetentionPolicy = { 
/**
 * Years after the last service (default 7).
 */
yearsAfterLastService: number, 
/**
 * For a client who was a minor at her last service: years after her 18th birthday, at
 * least (default 3).
 */
yearsAfterMajority: number, };

export type PastRetention = { id: number, code: string, 
/**
 * The name, or in discreet mode the alias or initials only.
 */
displayName: string, dischargeDate: string | null, retentionDate: string, };

export type ImportField = "legal_name" | "first_name" | "last_name" | "preferred_name" | "alias" | "pronouns" | "date_of_birth" | "phone" | "voicemail_ok" | "text_ok" | "email" | "email_ok" | "address" | "emergency_name" | "emergency_relationship" | "emergency_phone" | "telehealth_state" | "telehealth_city" | "status" | "intake_date" | "last_service_date" | "discharge_date" | "perinatal_status" | "due_date" | "baby_birth_date" | "children" | "support_notes";

export type InvalidRow = { row: number, 
/**
 * `field` is the column's header in the file (or the form field when no column maps to it).
 */
problems: Array<FieldError>, };

export type ImportPreview = { 
/**
 * `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`.
 */
encoding: string, 
/**
 * Set when the file was not UTF-8 and was read another way: check accented names.
 */
encodingNotice: string | null, columns: Array<string>, 
/**
 * For each column, the field it becomes (none: not imported).
 */
mapping: Array<ImportField | null>, 
/**
 * The first few rows as read, each cell cut to 200 characters, to check the mapping.
 */
sampleRows: Array<Array<string>>, totalRows: number, validRows: number, invalidRows: Array<InvalidRow>, 
/**
 * Problems with the mapping itself (e.g. no column for the name); nothing can be imported
 * until they are solved.
 */
mappingProblems: Array<string>, };

export type ImportOutcome = { imported: number, 
/**
 * Codes given to the new clients, in file order.
 */
codes: Array<string>, };

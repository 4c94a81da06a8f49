// Generated from the Rust code by `make types` (ts-rs and the shell's register![..]). Do not edit
// by hand: the test `generated_typescript_is_fresh` fails when this file is stale.

/**
 * A client's account: every entry, oldest first, and what they add up to.
 */
export type Account = { clientId: number, entries: Array<MoneyEntry>, 
/**
 * The sum of every entry: what she owes (negative: in credit).
 */
balanceCents: number, 
/**
 * Charges, payments and waivers that stand (not reversed).
 */
chargedCents: number, paidCents: number, waivedCents: number, };

export type AccountingRequest = { id: number, clientId: number, requestedOn: string, 
/**
 * The start of a shorter period she asked for (`None`: the full six years).
 */
periodFrom: string | null, 
/**
 * 60 days after the request, 90 once extended.
 */
dueOn: string, extendedOn: string | null, extensionReason: string, providedOn: string | null, 
/**
 * The first request in the 12 months before this one: no fee may be charged.
 */
free: boolean, overdue: boolean, };

/**
 * Dated, signed text shown under a signed note: corrections and late information.
 */
export type Addendum = { id: number, noteId: number, 
/**
 * When it was written and signed (RFC 3339, UTC).
 */
addedAt: string, text: string, contentHash: string, };

/**
 * What every command returns on failure.
 */
export type ApiError = { code: ErrorCode, message: string, 
/**
 * For `invalid_input` on a form: every field that needs attention, for inline messages.
 */
fields: Array<FieldError>, };

/**
 * A session today or tomorrow, with what she needs at hand before it.
 */
export type Appointment = { session: SessionSummary, 
/**
 * Name (or initials in discreet mode), code, and "No voicemail · Texts OK".
 */
client: ClientSummary, 
/**
 * For video and phone sessions: where she will be ("Columbia, MO"), from the session or
 * her usual telehealth location; empty when unknown or in person.
 */
location: string, 
/**
 * Set when she will be in a state the practice profile lists no license for.
 */
licensure: string | null, 
/**
 * Set before a client's first appointment while no informed consent is signed.
 */
consent: string | null, 
/**
 * The series it belongs to, with how many appointments are left (the schedule's own count).
 */
series: SeriesSummary | null, };

/**
 * Whether she came, or what became of the appointment. A session in the future is
 * `scheduled` until something is recorded (docs/DOMAIN.md section 11).
 */
export type Attendance = "scheduled" | "attended" | "late_cancel" | "no_show" | "cancelled" | "therapist_cancelled" | "rescheduled";

export type Authorization = { id: number, clientId: number, kind: AuthorizationKind, recipientName: string, recipientOrganisation: string, recipientAddress: string, recipientPhone: string, categories: Array<Category>, purpose: string, effectiveOn: string, expiresOn: string | null, expiryEvent: string, coversFrom: string | null, coversTo: string | null, conversations: boolean, otherInformation: string, signedOn: string | null, signedBy: SignedBy | null, 
/**
 * The form version she recorded as signed.
 */
formVersion: number | null, 
/**
 * When the expiry event happened, once she records it.
 */
eventOccurredOn: string | null, revokedOn: string | null, revokedHow: string, 
/**
 * As of the day it was read.
 */
state: AuthorizationState, };

/**
 * What the therapist types for a new authorization (or an unsigned one she corrects).
 */
export type AuthorizationInput = { clientId: number, kind: AuthorizationKind, recipientName: string, recipientOrganisation: string, recipientAddress: string, 
/**
 * Phone and fax, as she writes them.
 */
recipientPhone: string, 
/**
 * For a psychotherapy-notes authorization this is always psychotherapy notes alone.
 */
categories: Array<Category>, purpose: string, 
/**
 * `YYYY-MM-DD`.
 */
effectiveOn: string, 
/**
 * `YYYY-MM-DD`; an expiry event may stand instead.
 */
expiresOn: string | null, expiryEvent: string, 
/**
 * The first date of service it covers, `YYYY-MM-DD`; none: from the first session.
 */
coversFrom: string | null, 
/**
 * The last date of service it covers, `YYYY-MM-DD`; none: up to its end.
 */
coversTo: string | null, 
/**
 * Whether she may also talk with the recipient (a verbal disclosure).
 */
conversations: boolean, 
/**
 * Anything else the client named, in her words (printed after "Other").
 */
otherInformation: string, };

/**
 * The ordinary release form, or the separate one for psychotherapy notes.
 */
export type AuthorizationKind = "release" | "psychotherapy_notes";

/**
 * Where an authorization stands on a given day. Only `Active` lets anything go.
 */
export type AuthorizationState = "unsigned" | "not_yet_effective" | "active" | "expired" | "revoked";

/**
 * A day or a stretch of days she is away, both ends included.
 */
export type AwayDays = { id: number, startsOn: string, endsOn: string, 
/**
 * "Conference", "Holiday": her words, shown on the schedule.
 */
label: string, };

/**
 * What kind of key protects a backup.
 */
export type BackupKind = "manual" | "automatic";

/**
 * What the home screen shows about backups.
 */
export type BackupStatus = { 
/**
 * When the last backup (of either kind) was made and verified (RFC 3339), if ever.
 */
lastVerifiedAt: string | null, 
/**
 * When the last automatic backup was made (RFC 3339), if ever.
 */
lastAutomaticAt: string | null, 
/**
 * The folder for automatic backups, if one was chosen.
 */
automaticFolder: string | null, 
/**
 * Automatic backups can run without asking for anything.
 */
automaticReady: boolean, 
/**
 * The home screen reminds her after this many days without a verified backup.
 */
remindAfterDays: number, };

/**
 * What a backup holds, shown before restoring it. No client data.
 */
export type BackupSummary = { 
/**
 * When the backup was made (RFC 3339, UTC).
 */
createdAt: string, kind: BackupKind, appVersion: string, formatVersion: number, schemaVersion: number, clients: number, notes: number, 
/**
 * Size of the database inside, in bytes.
 */
databaseBytes: number, };

/**
 * The severity band of a total, in words, and whether it calls for assessment.
 */
export type Band = { label: string, 
/**
 * At or over the level that asks the therapist to assess further.
 */
elevated: boolean, };

/**
 * On what footing something was disclosed.
 */
export type Basis = { "kind": "authorization" } | { "kind": "client" } | { "kind": "law", "legal": LegalBasis };

/**
 * A basis as the release and record dialogs offer it, with its rule spelled out.
 */
export type BasisRule = { basis: LegalBasis, label: string, 
/**
 * The rule it rests on: "45 CFR 164.512(e)(1)(i)".
 */
citation: string, 
/**
 * What she should know before choosing it, in one or two sentences.
 */
guidance: string, 
/**
 * False for a subpoena alone: it is recorded, and nothing goes.
 */
releases: boolean, 
/**
 * The words she confirms before a psychotherapy note goes under this basis; `None` where
 * psychotherapy notes may not go under it at all (they are then not even listed).
 */
psychotherapyNotesConfirmation: string | null, 
/**
 * She must name the law that requires the disclosure.
 */
namesTheLaw: boolean, };

/**
 * A client's billing: self-pay (the Good Faith Estimate's clients: paying herself, whether or
 * not she claims from her insurer with a superbill) and where her telehealth usually happens.
 */
export type Billing = { selfPay: boolean, telehealthPlace: TelehealthPlace, };

/**
 * Something that keeps a record from being destroyed yet.
 */
export type Blocker = { 
/**
 * "Legal hold (subpoena)", "Disclosure ledger entries", "Retention date".
 */
what: string, 
/**
 * Until when; `None` until she acts (lifts the hold, records the end of an authorization).
 */
until: string | null, };

/**
 * What a booking, a move or a new time did, and what she should look at twice.
 */
export type Booked = { 
/**
 * The appointments booked or changed, in date order.
 */
ids: Array<number>, warnings: Array<Warning>, };

/**
 * A new appointment, or the first of a series: when, what kind, how, and for telehealth where
 * the client will be. Attendance and the session check are not part of a booking.
 */
export type Booking = { clientId: number, fields: SessionFields, series: SeriesRule | null, };

/**
 * A clinician in her care (OB/midwife, pediatrician).
 */
export type CareContact = { name: string, practice: string, phone: string, };

/**
 * The kinds of information an authorization names (what the release form lists).
 */
export type Category = "attendance_dates" | "diagnosis" | "treatment_plan" | "treatment_summary" | "progress_notes" | "measures" | "billing" | "psychotherapy_notes";

/**
 * The backup file she chose, before any key is typed: enough to ask for the right key.
 */
export type ChosenBackup = { 
/**
 * The file's name, without its folder.
 */
fileName: string, 
/**
 * A manual backup opens with its passphrase, an automatic one with the recovery key.
 */
kind: BackupKind, };

/**
 * One client's whole record in the register.
 */
export type Client = { id: number, 
/**
 * Stable, never reused: `C0042`.
 */
code: string, status: ClientStatus, fields: ClientFields, dischargeDate: string | null, 
/**
 * From this date on the record may be destroyed.
 */
retentionDate: string | null, 
/**
 * Her last attended session, as the sessions say.
 */
lastAttendedOn: string | null, };

export type ClientConnection = { id: number, clientId: number, kind: ConnectionKind, name: string, phone: string, email: string, notes: string, 
/**
 * The linked client; none if the connection is not a client or her record was destroyed.
 */
linkedClient: ClientRef | null, };

/**
 * Everything the therapist types about a client. Dates are ISO `YYYY-MM-DD` strings, empty when
 * unknown, so that a malformed date comes back as a message on its field rather than a failure
 * to read the form.
 */
export type ClientFields = { legalName: string, preferredName: string, 
/**
 * Shown instead of the name in discreet mode; initials of the legal name when empty.
 */
alias: string, pronouns: string, dateOfBirth: string, contact: Contact, emergencyContact: EmergencyContact, 
/**
 * Where she usually is for telehealth sessions (the state matters for licensure).
 */
telehealthLocation: Location, perinatal: Perinatal, supportNotes: string, intakeDate: string, 
/**
 * Set by hand only when the last service is not her last attended session (a letter, a
 * call, a record imported from elsewhere); empty otherwise.
 */
lastServiceDate: string, 
/**
 * Why the last service was set by hand.
 */
lastServiceReason: string, };

/**
 * Whether the client was told of a disclosure made without her authorization.
 */
export type ClientInformed = { "kind": "told", on: string, } | { "kind": "not_told", why: string, };

/**
 * One page of the client list.
 */
export type ClientPage = { clients: Array<ClientSummary>, 
/**
 * How many clients match in all, beyond this page.
 */
total: number, };

/**
 * Another client, as she may be shown: code, and the name or (discreet mode) initials or alias.
 */
export type ClientRef = { id: number, code: string, displayName: string, };

/**
 * A client's schedule, as her page shows it (Today reads the same series).
 */
export type ClientSchedule = { next: SessionSummary | null, series: Array<SeriesSummary>, 
/**
 * Late cancellations and no-shows of the last twelve months, newest first.
 */
missed: Array<Missed>, };

/**
 * Where a client is in her care.
 */
export type ClientStatus = "prospective" | "active" | "discharged";

/**
 * One line of the client list, and the header of a client's page.
 */
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

/**
 * A client and one thing to do for her, with the words to show.
 */
export type ClientTodo = { client: ClientSummary, 
/**
 * "Informed consent not signed", "EPDS rescreen due 11 Dec 2026".
 */
what: string, 
/**
 * The most urgent ones (a self-harm alert, an overdue accounting) first, and marked.
 */
urgent: boolean, };

/**
 * A diagnosis or plan matching a search.
 */
export type ClinicalHit = { client: ClientSummary, 
/**
 * "Diagnosis" or "Treatment plan".
 */
what: string, 
/**
 * "F53.0 Postpartum depression (working)", or the part of the plan that matched.
 */
line: string, };

/**
 * The clinical panel of a client page.
 */
export type ClinicalOverview = { 
/**
 * Current diagnoses: the primary first, then active, then resolved and ruled out.
 */
diagnoses: Array<Diagnosis>, 
/**
 * Entries replaced by a later one (the history she can open).
 */
replacedEntries: number, 
/**
 * The newest version of her plan.
 */
plan: TreatmentPlan | null, versions: Array<PlanVersion>, goals: Array<Goal>, reviews: Array<PlanReview>, nextReviewOn: string | null, 
/**
 * The next review is today or past.
 */
reviewDue: boolean, attendedSessions: number, 
/**
 * An active client, three sessions or more, and no plan yet.
 */
planMissing: boolean, };

/**
 * A code offered while she types.
 */
export type CodeMatch = { code: string, label: string, 
/**
 * One she added, not from the ICD-10-CM list.
 */
custom: boolean, };

/**
 * A connection as the therapist types it.
 */
export type ConnectionFields = { kind: ConnectionKind, name: string, phone: string, email: string, notes: string, 
/**
 * For kind `client`: which client.
 */
linkedClientId: number | null, };

export type ConnectionKind = "spouse_partner" | "family" | "employer" | "faith_community" | "school" | "client" | "other";

/**
 * One line of the client page's consent panel.
 */
export type ConsentItem = { kind: FormKind, title: string, currentVersion: number, state: ConsentState, signedVersion: number | null, signedOn: string | null, signedBy: SignedBy | null, 
/**
 * Informed consent and the privacy notice for everyone; telehealth for telehealth clients.
 */
required: boolean, 
/**
 * "Informed consent v3 signed 2 Mar 2026", "Telehealth consent not signed".
 */
line: string, };

export type ConsentState = "signed" | "outdated" | "not_signed";

/**
 * How to reach her, and what she agreed to: a message on a shared phone can be a breach.
 */
export type Contact = { phone: string, voicemailOk: boolean, textOk: boolean, email: string, emailOk: boolean, address: string, };

/**
 * Not `Clone`: it holds the recovery key, zeroed when dropped.
 */
export type CreatedVault = { 
/**
 * Shown once; groups of four characters separated by dashes.
 */
recoveryKey: string, };

/**
 * A client on the custodian's home.
 */
export type CustodianClient = { id: number, code: string, name: string, initials: string, alias: string, status: ClientStatus, phone: string, voicemailOk: boolean, textOk: boolean, email: string, emailOk: boolean, address: string, 
/**
 * "No voicemail · Texts OK · No email", as every screen shows it.
 */
communicationLine: string, lastServiceDate: string | null, retentionDate: string | null, };

/**
 * A code she added, with its label.
 */
export type CustomCode = { code: string, label: string, };

/**
 * The hours she works on one weekday (0 is Monday).
 */
export type DayHours = { weekday: number, startTime: string, endTime: string, };

/**
 * One recorded entry.
 */
export type Diagnosis = { id: number, clientId: number, code: string, label: string, 
/**
 * A code of her own, not from the ICD-10-CM list.
 */
custom: boolean, status: DiagnosisStatus, primary: boolean, fromOn: string, toOn: string | null, 
/**
 * The entry this one replaced.
 */
replaces: number | null, 
/**
 * The entry that replaced this one; none for a current entry.
 */
replacedBy: number | null, 
/**
 * When it was recorded (RFC 3339, UTC).
 */
recordedAt: string, };

/**
 * A change to a current diagnosis, recorded as a new entry.
 */
export type DiagnosisChange = { status: DiagnosisStatus, fromOn: string, toOn: string | null, primary: boolean, };

export type DiagnosisStatus = "provisional" | "working" | "resolved" | "ruled_out";

/**
 * One disclosure of a note, as the note shows it ([`marks_by_note`]).
 */
export type DisclosureMark = { ledgerEntryId: number, disclosedAt: string, recipient: string, basis: string, };

/**
 * Who may see a note (docs/DOMAIN.md section 4). The status is a decision; whether it has been
 * disclosed is history, read from the ledger ([`DisclosureMark`]).
 */
export type DisclosureStatus = "private" | "shareable" | "protected";

/**
 * What matched between the new client and an existing one.
 */
export type DualMatch = "name_of_client" | "name_of_connection" | "phone_of_client" | "phone_of_connection" | "email_of_client" | "email_of_connection" | "emergency_contact_is_client";

export type DualMatchRef = { otherClientId: number, matched: DualMatch, };

export type DualRelationshipReview = { id: number, clientId: number, 
/**
 * Kept even when the other record has been destroyed.
 */
otherClientCode: string, 
/**
 * None once the other record has been destroyed.
 */
otherClient: ClientRef | null, matched: DualMatch, decision: string, decidedAt: string, };

/**
 * Whether a duty to warn or protect applies (docs/DOMAIN.md section 4).
 */
export type DutyToWarn = "applies" | "does_not_apply";

export type EmergencyContact = { name: string, relationship: string, phone: string, };

/**
 * How an authorization ended before its expiry date.
 */
export type Ending = { "kind": "revoked", on: string, how: string, } | { "kind": "eventOccurred", on: string, };

/**
 * What kind of disclosure an entry records.
 */
export type EntryKind = "release" | "record_copy" | "privacy_summary" | "accounting" | "accounting_extension" | "recorded" | "billing";

/**
 * The codes the page branches on; any other failure is `Other`, and the page shows its message.
 * Add a code only when the page branches on it.
 */
export type ErrorCode = "locked" | "invalid_input" | "duplicate" | "consent_missing" | "other";

/**
 * An estimate as lists show it.
 */
export type Estimate = { id: number, clientId: number, version: number, issuedOn: string, periodFrom: string, periodTo: string, totalCents: number, contentHash: string, 
/**
 * Charges in its period that stand and are not waived.
 */
chargedCents: number, };

/**
 * What she expects to give.
 */
export type EstimateInput = { clientId: number, periodFrom: string, 
/**
 * 1 to 12.
 */
months: number, items: Array<ItemInput>, };

/**
 * One fee as set.
 */
export type Fee = { id: number, service: Service, code: string, label: string, cents: number, effectiveFrom: string, };

export type FeeSettings = { 
/**
 * In force today, in the order of the services.
 */
current: Array<Fee>, 
/**
 * Every fee set, oldest first within each service.
 */
history: Array<Fee>, billing: PracticeBilling, };

/**
 * One problem with one field of a form: which field (its camelCase path, e.g.
 * `contact.email`) and a sentence for the therapist. Never echoes the value.
 */
export type FieldError = { field: string, message: string, };

/**
 * Everything the editor needs: the current text, every version, and the default text.
 */
export type FormDetail = { current: FormVersion, body: string, versions: Array<FormVersion>, defaultBody: string, placeholders: Array<string>, 
/**
 * Yes/no values, which tick a box (`- [{{name}}] ...`).
 */
tickPlaceholders: Array<string>, };

/**
 * The forms Confidant ships. Authorizations to release information are printed from here too;
 * recording them is the disclosure module's job.
 */
export type FormKind = "informed_consent" | "telehealth_consent" | "privacy_notice" | "privacy_notice_acknowledgment" | "release_authorization" | "psychotherapy_notes_authorization" | "treatment_plan";

/**
 * A form as the Forms screen lists it: its current version and how many clients signed an
 * older one.
 */
export type FormSummary = { current: FormVersion, isDefaultText: boolean, clientsToReconsent: number, };

/**
 * One saved version of a form.
 */
export type FormVersion = { id: number, kind: FormKind, version: number, title: string, 
/**
 * Printed in every page footer, so a paper copy can be matched to this exact text.
 */
contentHash: string, 
/**
 * When this version was saved (UTC, RFC 3339).
 */
createdAt: string, };

/**
 * A goal of her current plan, as it stands.
 */
export type Goal = { id: number, goal: string, objectives: string, targetOn: string | null, status: GoalStatus, 
/**
 * What her last review said of it.
 */
lastProgress: string | null, 
/**
 * The day of that review.
 */
reviewedOn: string | null, 
/**
 * Progress notes that worked on it.
 */
notes: number, };

/**
 * One goal as she writes it in a plan.
 */
export type GoalInput = { 
/**
 * The goal's identity in earlier versions; none for a new goal.
 */
goalId: number | null, 
/**
 * The goal in her (and the client's) words.
 */
goal: string, 
/**
 * What will show it is reached: measurable objectives.
 */
objectives: string, 
/**
 * `YYYY-MM-DD`.
 */
targetOn: string | null, };

/**
 * How one goal is going, as she reviews it.
 */
export type GoalReview = { goalId: number, progress: string, status: GoalStatus, };

/**
 * Where a goal stands after her last review.
 */
export type GoalStatus = "open" | "met" | "changed" | "dropped";

/**
 * What she types to place a hold.
 */
export type HoldInput = { clientId: number, reason: HoldReason, detail: string, };

/**
 * Why a record is on hold.
 */
export type HoldReason = "subpoena" | "complaint" | "lawsuit" | "other";

/**
 * What an export wrote.
 */
export type IcsExport = { fileName: string, appointments: number, };

/**
 * How an appointment names its client in the file.
 */
export type IcsLabel = "code" | "initials";

/**
 * What a column of the file can become.
 */
export type ImportField = "legal_name" | "first_name" | "last_name" | "preferred_name" | "alias" | "pronouns" | "date_of_birth" | "phone" | "voicemail_ok" | "text_ok" | "email" | "email_ok" | "address" | "emergency_name" | "emergency_relationship" | "emergency_phone" | "telehealth_state" | "telehealth_city" | "status" | "intake_date" | "last_service_date" | "discharge_date" | "perinatal_status" | "due_date" | "baby_birth_date" | "children" | "support_notes";

export type ImportOutcome = { imported: number, 
/**
 * Codes given to the new clients, in file order.
 */
codes: Array<string>, };

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

export type IncomeReport = { income: YearIncome, 
/**
 * The years that hold money, newest first (this year always).
 */
years: Array<number>, outstanding: Outstanding, };

/**
 * A row that cannot be imported as it is. `row` counts as a spreadsheet does: the header is
 * row 1, the first client row 2 (a quoted line break does not start a new row).
 */
export type InvalidRow = { row: number, 
/**
 * `field` is the column's header in the file (or the form field when no column maps to it).
 */
problems: Array<FieldError>, };

/**
 * One thing that could leave the vault.
 */
export type Item = { "type": "note", id: number, kind: NoteKind, status: DisclosureStatus, date: string, signed: boolean, } | { "type": "attendance", sessionId: number, date: string, } | { "type": "measure", id: number, kind: MeasureKind, date: string, } | { "type": "diagnosis", id: number, code: string, date: string, } | { "type": "treatmentPlan", id: number, version: number, date: string, } | { "type": "billing", id: number, date: string, label: string, cents: number, } | { "type": "disclosureHistory" };

export type ItemInput = { service: Service, count: number, };

/**
 * Which item she ticks to send: the item without its details.
 */
export type ItemKey = { "type": "note", id: number, } | { "type": "attendance", sessionId: number, } | { "type": "measure", id: number, } | { "type": "diagnosis", id: number, } | { "type": "treatmentPlan", id: number, } | { "type": "billing", id: number, };

/**
 * The result of checking the ledger, for the window and for `confidant ledger verify`.
 */
export type LedgerCheck = { intact: boolean, entries: number, 
/**
 * The first entry number where the chain no longer holds.
 */
alteredAt: number | null, 
/**
 * "Ledger intact: 12 entries." or where and how it was altered.
 */
message: string, };

/**
 * One entry as the ledger shows it.
 */
export type LedgerEntry = { seq: number, recordedAt: string, clientId: number, kind: EntryKind, accountable: boolean, corrects: number | null, 
/**
 * The newer entry that corrects this one, if any.
 */
correctedBy: number | null, disclosedAt: string, basis: Basis, basisLabel: string, authorizationId: number | null, recipientName: string, recipientAddress: string, description: string, purpose: string, noteIds: Array<number>, method: Method, reference: string, clientInformed: string, };

/**
 * The legal exceptions to confidentiality. The stored names of the first five are those of
 * earlier versions (`court_order` then read "Court order or subpoena"; a subpoena is now its own
 * basis, which releases nothing).
 */
export type LegalBasis = "court_order" | "subpoena" | "mandated_child_abuse_report" | "adult_abuse_report" | "duty_to_warn" | "oversight_body" | "coroner_or_medical_examiner" | "law_enforcement" | "other_required_by_law";

export type LegalHold = { id: number, clientId: number, reason: HoldReason, detail: string, 
/**
 * The subpoena that placed it, if one did.
 */
subpoenaId: number | null, placedOn: string, liftedOn: string | null, liftReason: string, };

/**
 * One license: its kind (LMFT, LCSW, PhD psychologist...), number and the state that issued it.
 */
export type License = { credential: string, number: string, 
/**
 * Two-letter US state or territory code.
 */
state: string, };

export type Location = { 
/**
 * Two-letter US state or territory code, e.g. `MO`.
 */
state: string, city: string, };

/**
 * Why the vault was locked: for the audit trail, and for the unlock screen to say so.
 */
export type LockReason = "manual" | "idle" | "os_session" | "quit";

/**
 * A recorded measure, scored.
 */
export type Measure = { id: number, clientId: number, kind: MeasureKind, takenOn: string, answers: Array<number>, itemScores: Array<number>, total: number, maxTotal: number, band: Band, 
/**
 * The self-harm item (EPDS 10, PHQ-9 9) was answered above 0.
 */
selfHarm: boolean, 
/**
 * `self_harm` and no signed safety assessment yet.
 */
alertOpen: boolean, safetyNoteId: number | null, 
/**
 * "24 weeks pregnant", "9 weeks postpartum" on the day it was taken; none otherwise.
 */
perinatal: string | null, 
/**
 * Taken during pregnancy: the EPDS is often read with a higher cut-off then.
 */
antenatal: boolean, };

/**
 * What the entry form shows for one measure: its items and the answers to pick from.
 */
export type MeasureForm = { kind: MeasureKind, name: string, 
/**
 * How to read the paper form.
 */
instructions: string, 
/**
 * The item text (PHQ-9, GAD-7) or a short neutral label (EPDS, whose wording is not ours).
 */
items: Array<string>, 
/**
 * The four choices, top to bottom, with what each is worth as an answer (0 to 3).
 */
answers: Array<string>, selfHarmItem: number | null, };

export type MeasureKind = "epds" | "phq9" | "gad7";

/**
 * The measures part of a client page.
 */
export type MeasuresOverview = { series: Array<Series>, openAlerts: Array<Measure>, rescreen: RescreenDue | null, epdsThreshold: number, };

/**
 * How it left.
 */
export type Method = "verbal" | "printed" | "mailed" | "fax" | "secure_email";

/**
 * A late cancellation or a no-show, kept with its date for the fee policy.
 */
export type Missed = { sessionId: number, date: string, attendance: Attendance, };

/**
 * How the session is held.
 */
export type Modality = "in_person" | "video" | "phone";

/**
 * One entry of a client's account.
 */
export type MoneyEntry = { id: number, clientId: number, kind: MoneyEntryKind, onDate: string, 
/**
 * Signed: a charge adds to what she is owed, a payment or waiver takes from it, a reversal
 * undoes the entry it applies to.
 */
cents: number, sessionId: number | null, service: Service | null, code: string, label: string, 
/**
 * `95` or `93` for telehealth.
 */
modifier: string, 
/**
 * Place of service: `11`, `02` or `10`.
 */
place: string, units: number, method: PaymentMethod | null, 
/**
 * A check number or a note of the payment.
 */
reference: string, reason: string, 
/**
 * The entry a waiver or reversal applies to.
 */
appliesTo: number | null, reversed: boolean, 
/**
 * A charge with a waiver that stands.
 */
waived: boolean, };

export type MoneyEntryKind = "charge" | "payment" | "waiver" | "reversal";

export type MoneyPanel = { account: Account, billing: Billing, sliding: Array<SlidingFee>, 
/**
 * Newest first.
 */
estimates: Array<Estimate>, };

/**
 * A charge she makes by hand (a crisis session's added time, a corrected amount), not tied to a
 * session: the charges of attendance are posted for her.
 */
export type NewCharge = { clientId: number, onDate: string, service: Service, 
/**
 * None: her fee for the service on that day (or the client's sliding scale).
 */
cents: number | null, modality: Modality, };

/**
 * A diagnosis to record.
 */
export type NewDiagnosis = { clientId: number, 
/**
 * From the list or one of her own codes.
 */
code: string, status: DiagnosisStatus, 
/**
 * `YYYY-MM-DD`: since when.
 */
fromOn: string, 
/**
 * `YYYY-MM-DD`: until when, for a resolved or ruled-out one (today when left empty).
 */
toOn: string | null, primary: boolean, };

/**
 * A fee to set from a date.
 */
export type NewFee = { service: Service, code: string, label: string, cents: number, effectiveFrom: string, };

/**
 * What the therapist enters from the paper form: one answer per item, `None` where the client
 * left an item blank (refused: a total from a partly filled form would mislead).
 */
export type NewMeasure = { clientId: number, kind: MeasureKind, 
/**
 * `YYYY-MM-DD`, the day she filled it in.
 */
takenOn: string, 
/**
 * For the EPDS, the box marked counted from the top (0 to 3); for the PHQ-9 and GAD-7, the
 * published score of the answer (0 = "Not at all" to 3 = "Nearly every day").
 */
answers: Array<number | null>, };

/**
 * Starting a note. A note for a session takes the session's date; a note without one (a
 * contact note, a discharge summary) needs `date`.
 */
export type NewNote = { clientId: number, sessionId: number | null, kind: NoteKind, template: Template, date: string, 
/**
 * Her reason for writing a client's first note before an informed consent is on record
 * (asked for after [`NotesError::ConsentMissing`]); kept in the audit trail.
 */
consentOverrideReason: string | null, };

/**
 * A payment she received.
 */
export type NewPayment = { clientId: number, onDate: string, cents: number, method: PaymentMethod, reference: string, };

/**
 * What the therapist records once the paper is signed.
 */
export type NewSignature = { clientId: number, kind: FormKind, 
/**
 * The version printed on the paper (its footer); the current one unless she says otherwise.
 */
version: number, 
/**
 * `YYYY-MM-DD`.
 */
signedOn: string, signedBy: SignedBy, };

/**
 * A new time, for an appointment recorded as rescheduled.
 */
export type NewTime = { date: string, startTime: string, endTime: string, };

/**
 * A line of the checklist: what to do, and when it was done.
 */
export type NextStep = { step: SubpoenaStep, label: string, advice: string, doneOn: string | null, };

/**
 * One note with everything about it.
 */
export type Note = { id: number, clientId: number, sessionId: number | null, kind: NoteKind, status: DisclosureStatus, date: string, content: NoteContent, 
/**
 * Increases with every saved draft; autosave sends it back as `expected_revision`.
 */
revision: number, createdAt: string, updatedAt: string, 
/**
 * When it was signed (RFC 3339, UTC); none while it is a draft.
 */
signedAt: string | null, 
/**
 * SHA-256 of the signed content, hex.
 */
contentHash: string | null, addenda: Array<Addendum>, 
/**
 * Whether, to whom, when and on what basis this note has been disclosed (the ledger).
 */
disclosures: Array<DisclosureMark>, 
/**
 * For a psychotherapy note: what does not belong in it.
 */
reminder: string | null, };

/**
 * A note's text: the template and one string per section, in the template's order
 * ([`template_sections`]); free text has one section.
 */
export type NoteContent = { template: Template, sections: Array<string>, };

/**
 * What the note editor's checklist shows: her plan's goals and the ones this note worked on.
 */
export type NoteGoals = { goals: Array<Goal>, 
/**
 * The goals this note worked on (goals of older versions of her plan included).
 */
linked: Array<number>, 
/**
 * A draft progress note can change its goals; a signed one, or another kind, cannot.
 */
editable: boolean, 
/**
 * Why not, when it cannot.
 */
reason: string | null, };

/**
 * One matching note.
 */
export type NoteHit = { note: NoteSummary, clientCode: string, 
/**
 * The name, or in discreet mode the alias or initials.
 */
clientName: string, snippet: Array<SnippetPart>, 
/**
 * To whom, when and on what basis it has been disclosed, newest first.
 */
disclosures: Array<DisclosureMark>, };

/**
 * The four kinds of note.
 */
export type NoteKind = "progress" | "psychotherapy" | "contact" | "discharge";

/**
 * A note as lists show it: no text.
 */
export type NoteSummary = { id: number, clientId: number, sessionId: number | null, kind: NoteKind, template: Template, status: DisclosureStatus, date: string, signedAt: string | null, createdAt: string, };

/**
 * A session with moderate or high risk whose safety plan or duty-to-warn decision is missing.
 */
export type OpenRiskItem = { session: SessionSummary, needsSafetyPlan: boolean, needsDutyToWarn: boolean, };

/**
 * Who opened the vault. Custodian mode (docs/DOMAIN.md section 13) is decided here, once, at the
 * door: the session carries it, and every write that is the therapist's alone asks
 * [`Session::refuse_custodian`] (the database's notes are guarded as well, below).
 */
export type OpenedBy = "therapist" | "custodian";

/**
 * What the practice is owed: the sum of the balances above zero, and what it holds in credit.
 */
export type Outstanding = { totalCents: number, clientsOwing: number, creditCents: number, };

/**
 * A draft past the overdue threshold, with its client as lists show her.
 */
export type OverdueDraft = { note: NoteSummary, clientCode: string, 
/**
 * The name, or in discreet mode the alias or initials.
 */
clientName: string, daysOld: number, };

/**
 * Paper size. Letter is the default (the practice is in the United States).
 */
export type Paper = "letter" | "a4";

export type PassphraseCheck = { acceptable: boolean, 
/**
 * 0 (very weak) to 4 (strong), for the meter.
 */
score: number, 
/**
 * Why it is refused or how to make it better, written for the therapist.
 */
problems: Array<string>, };

/**
 * A record in the register of records past retention.
 */
export type PastRetention = { id: number, code: string, 
/**
 * The name, or in discreet mode the alias or initials only.
 */
displayName: string, dischargeDate: string | null, retentionDate: string, 
/**
 * From when it may be destroyed (today or earlier: now); `None` while a hold or an
 * authorization still in effect keeps it with no known end.
 */
destroyableFrom: string | null, 
/**
 * What keeps it today; empty when it may be destroyed now.
 */
blockers: Array<Blocker>, };

/**
 * How she was paid (no processing, no network: only what she was handed).
 */
export type PaymentMethod = "cash" | "check" | "card" | "transfer";

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

export type PerinatalStatus = "pregnant" | "postpartum" | "neither";

/**
 * A goal as one version of the plan words it.
 */
export type PlanGoal = { goalId: number, goal: string, objectives: string, targetOn: string | null, };

/**
 * What she writes for a plan (a new version, or corrections to the unsigned newest one).
 */
export type PlanInput = { clientId: number, 
/**
 * `YYYY-MM-DD`.
 */
writtenOn: string, presentingProblems: string, goals: Array<GoalInput>, interventions: string, 
/**
 * Individual, couple, family, group; in person or online; as she words it.
 */
modality: string, 
/**
 * "Weekly for 12 weeks, then every other week".
 */
frequency: string, measures: Array<MeasureKind>, 
/**
 * Days between reviews (7 to 365; 90 when left at 0).
 */
reviewEveryDays: number, };

/**
 * A recorded review.
 */
export type PlanReview = { id: number, planId: number, 
/**
 * The version of the plan reviewed.
 */
planVersion: number, reviewedOn: string, goals: Array<GoalReview>, changes: string, nextReviewOn: string, };

/**
 * A review she records.
 */
export type PlanReviewInput = { clientId: number, 
/**
 * `YYYY-MM-DD`.
 */
reviewedOn: string, 
/**
 * Every goal of the current plan that is not met or dropped yet.
 */
goals: Array<GoalReview>, 
/**
 * What changes in the plan, if anything.
 */
changes: string, 
/**
 * `YYYY-MM-DD`; the plan's interval after this review when left empty.
 */
nextReviewOn: string | null, };

/**
 * One version of her plan, as the panel lists them.
 */
export type PlanVersion = { id: number, version: number, writtenOn: string, signedOn: string | null, };

/**
 * A change of policy as it would apply: her reason when it goes below the defaults.
 */
export type PolicyChange = { policy: RetentionPolicy, reason: string, };

/**
 * A warning before intake: who (code and shown name) and what matched.
 */
export type PossibleDualRelationship = { client: ClientRef, matched: DualMatch, 
/**
 * For a match with a connection: which kind of connection it is.
 */
connectionKind: ConnectionKind | null, 
/**
 * A sentence for the therapist, e.g. "Her name matches the spouse or partner of M.L. (C0012)."
 */
explanation: string, };

/**
 * Her NPI and tax ID, which only the money's papers print.
 */
export type PracticeBilling = { npi: string, taxId: string, };

export type PracticeProfile = { practiceName: string, therapistName: string, 
/**
 * As she signs: "PhD, LMFT".
 */
credentials: string, licenses: Array<License>, 
/**
 * Two-letter codes of states where a compact privilege to practise, or another
 * jurisdiction's permission, lets her see clients besides the states of her licenses.
 */
privilegeStates: Array<string>, address: string, phone: string, email: string, website: string, crisisInstructions: string, afterHours: string, 
/**
 * As it should print: "$180 for a 50-minute session".
 */
sessionFee: string, cancellationWindowHours: number, 
/**
 * As it should print: "$90".
 */
cancellationFee: string, 
/**
 * The board that licenses her, named in the informed consent for complaints.
 */
boardName: string, boardAddress: string, boardPhone: string, boardWebsite: string, 
/**
 * Letter (default) or A4 for every printed form.
 */
paper: Paper, 
/**
 * The practice's time zone (IANA name, "America/Chicago"): appointment times are wall-clock
 * times there. Empty: this computer's zone.
 */
timeZone: string, };

/**
 * One line of what she sees before releasing.
 */
export type PreviewItem = { item: Item, mayGo: boolean, 
/**
 * Why not, when it may not.
 */
reason: string | null, };

/**
 * Where printed documents wait for the viewer (Settings says so).
 */
export type PrintSpool = { 
/**
 * In the user's folder in memory; false: in the data folder on disk (the system has no
 * folder in memory for her).
 */
inMemory: boolean, };

/**
 * The will as Settings shows it.
 */
export type ProfessionalWill = { details: WillDetails | null, 
/**
 * When the custodian key in force was issued (RFC 3339), if there is one.
 */
keyIssuedAt: string | null, packetPrintedAt: string | null, reviewedAt: string | null, openedBy: OpenedBy, };

/**
 * A field of the profile that a form prints, as the print dialog asks for it.
 */
export type ProfileField = { 
/**
 * The profile's own field name (`therapistName`), as in its save errors.
 */
field: string, label: string, 
/**
 * Nothing is filled in yet: the form would print a blank line.
 */
empty: boolean, };

/**
 * A client who signed an older version of a consent form.
 */
export type ReconsentEntry = { client: ClientSummary, kind: FormKind, title: string, signedVersion: number, signedOn: string, currentVersion: number, };

/**
 * A disclosure made outside the app, recorded afterwards (or a correction of one): a
 * conversation under her authorization, a mandated report by phone.
 */
export type RecordedDisclosure = { clientId: number, 
/**
 * Under her authorization (exempt from the accounting); the recipient is the one it names...
 */
authorizationId: number | null, 
/**
 * ...or under a legal basis (accountable).
 */
basis: LegalBasis | null, 
/**
 * `YYYY-MM-DD` and `HH:MM`.
 */
date: string, time: string, recipientName: string, recipientAddress: string, 
/**
 * What was said or sent.
 */
description: string, purpose: string, 
/**
 * The hotline or case reference number.
 */
reference: string, noteIds: Array<number>, method: Method, 
/**
 * Under a legal basis: whether and when the client was told, or why not.
 */
clientInformed: ClientInformed | null, 
/**
 * A psychotherapy note concerned, under a basis that allows it: confirmed in its words.
 */
confirmPsychotherapyNotes: boolean, 
/**
 * The entry this one corrects.
 */
corrects: number | null, };

/**
 * Exactly what a release would send, and what stays.
 */
export type ReleasePreview = { recipient: string, items: Array<PreviewItem>, going: number, };

/**
 * What she asks to release: to whom and on what footing, then exactly what.
 */
export type ReleaseRequest = { clientId: number, 
/**
 * The recipient's authorization; the recipient is the one it names.
 */
authorizationId: number | null, 
/**
 * A legal exception; with it Private notes may go once confirmed, and psychotherapy notes
 * only under the bases that allow them, confirmed a second time.
 */
legalBasis: LegalBasis | null, confirmLegalBasis: boolean, confirmPsychotherapyNotes: boolean, 
/**
 * Without an authorization: who receives it, and why.
 */
recipientName: string, recipientAddress: string, purpose: string, 
/**
 * Lists only items dated in this range (`YYYY-MM-DD`, both ends included).
 */
from: string | null, to: string | null, 
/**
 * What she ticked: only these go (minimum necessary; nothing is ticked for her).
 */
picked: Array<ItemKey>, method: Method, 
/**
 * Under a legal basis: the order's, the case's or the report's number.
 */
reference: string, 
/**
 * Under a legal basis: whether and when the client was told, or why not.
 */
clientInformed: ClientInformed | null, };

/**
 * How often a series repeats.
 */
export type Repeat = "weekly" | "every_other_week" | "every_four_weeks" | "monthly_weekday";

/**
 * An EPDS at or over the threshold asks for a rescreen two weeks later, unless one was done.
 */
export type RescreenDue = { kind: MeasureKind, dueOn: string, afterMeasureId: number, overdue: boolean, };

/**
 * A vault restored from a backup. Like a new vault it has a new recovery key, shown once (so
 * this is not `Clone`, and the key is zeroed when dropped).
 */
export type RestoredVault = { 
/**
 * Groups of four characters separated by dashes.
 */
recoveryKey: string, summary: BackupSummary, };

/**
 * A discharged client whose retention date a change of policy moves.
 */
export type RetentionMove = { id: number, code: string, 
/**
 * The name, or in discreet mode the alias or initials only.
 */
displayName: string, from: string, to: string, };

/**
 * How many years records are kept. Stored in the vault's settings.
 */
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

export type RiskLevel = "none" | "low" | "moderate" | "high";

/**
 * What autosave gets back.
 */
export type SavedDraft = { noteId: number, revision: number, savedAt: string, };

/**
 * One day of the view.
 */
export type ScheduleDay = { date: string, 
/**
 * Her hours that day; none on a day she does not work.
 */
hours: DayHours | null, 
/**
 * Set on a day she marked away, with her label.
 */
away: string | null, };

export type ScheduleView = { days: Array<ScheduleDay>, slots: Array<Slot>, 
/**
 * Wall-clock now at the practice, `YYYY-MM-DDTHH:MM`, for the now-line.
 */
now: string, 
/**
 * The zone the times are in ("America/Chicago").
 */
timeZone: string, };

/**
 * Which occurrences of a series a change reaches.
 */
export type Scope = "one" | "following" | "all";

/**
 * What she typed, and the filters. Empty filters mean "any".
 */
export type SearchQuery = { text: string, clientId: number | null, 
/**
 * ISO dates, inclusive; empty for no bound.
 */
from: string, to: string, kinds: Array<NoteKind>, statuses: Array<DisclosureStatus>, 
/**
 * Psychotherapy notes are searched only when she asks.
 */
includeProtected: boolean, 
/**
 * Results per page (default 20, at most 50).
 */
limit: number | null, };

export type SearchResults = { 
/**
 * Clients whose name, alias, code, phone or email match (not when filtering by client).
 */
clients: Array<ClientSummary>, notes: Array<NoteHit>, 
/**
 * More notes match than were ranked or returned: typing more narrows them.
 */
more: boolean, };

/**
 * One section of a template, with the one-line hint the editor shows.
 */
export type SectionSpec = { key: string, label: string, hint: string, };

/**
 * One kind of measure over time, for a trend chart.
 */
export type Series = { kind: MeasureKind, name: string, maxTotal: number, thresholds: Array<Threshold>, 
/**
 * Oldest first.
 */
points: Array<Measure>, };

/**
 * An appointment's place in its series: "3 of 12".
 */
export type SeriesPlace = { seriesId: number, number: number, of: number, };

/**
 * How a booking repeats: until a date (included) or for a number of appointments.
 */
export type SeriesRule = { repeat: Repeat, until: string | null, count: number | null, };

/**
 * A series as Today and the client's page show it.
 */
export type SeriesSummary = { id: number, clientId: number, repeat: Repeat, 
/**
 * "Every week on Tuesday".
 */
description: string, 
/**
 * Appointments still to come.
 */
left: number, nextOn: string, lastOn: string, 
/**
 * Two appointments or fewer left: time to talk about what comes next.
 */
endingSoon: boolean, };

/**
 * What she charges for.
 */
export type Service = "intake" | "psychotherapy_30" | "psychotherapy_45" | "psychotherapy_60" | "family_without_client" | "family_with_client" | "crisis_60" | "crisis_added_30" | "late_cancel" | "no_show";

/**
 * The quick structured check recorded with each session. Moderate or high risk asks for a
 * safety plan and a decision on the duty to warn or protect; until both are documented the
 * session is an open item on the client's page.
 */
export type SessionCheck = { mood: string, affect: string, riskToSelf: RiskLevel | null, riskToOthers: RiskLevel | null, safetyPlan: string, dutyToWarn: DutyToWarn | null, };

/**
 * What the therapist types about a session.
 */
export type SessionFields = { date: string, 
/**
 * `HH:MM`, local time.
 */
startTime: string, endTime: string, kind: SessionKind, modality: Modality, 
/**
 * For video or phone: where the client physically was (the state matters for licensure).
 */
location: Location, attendance: Attendance, check: SessionCheck, };

/**
 * What kind of session.
 */
export type SessionKind = "intake" | "individual" | "couple_family" | "consultation";

/**
 * A session as lists and the timeline show it.
 */
export type SessionSummary = { id: number, clientId: number, number: number | null, date: string, startTime: string, endTime: string, kind: SessionKind, modality: Modality, attendance: Attendance, riskOpen: boolean, };

export type Settings = { idleMinutes: number, discreetMode: boolean, };

/**
 * Who put the pen to paper.
 */
export type SignedBy = "client" | "representative";

/**
 * A client's sliding-scale fee as set from a date; `cents` none: back to her fees.
 */
export type SlidingFee = { cents: number | null, effectiveFrom: string, };

/**
 * One appointment (or session) in the view.
 */
export type Slot = { id: number, clientId: number, clientCode: string, 
/**
 * The name, or in discreet mode the alias or initials.
 */
clientName: string, date: string, startTime: string, endTime: string, kind: SessionKind, modality: Modality, attendance: Attendance, series: SeriesPlace | null, 
/**
 * For a rescheduled appointment, the new one.
 */
rescheduledTo: number | null, 
/**
 * What this appointment should make her look at twice (see [`super::warnings`]).
 */
warnings: Array<WarningKind>, };

/**
 * One piece of a snippet: plain text, highlighted when it matched.
 */
export type SnippetPart = { text: string, highlight: boolean, };

/**
 * Which clients a list shows.
 */
export type StatusFilter = "all" | "prospective" | "active" | "discharged";

/**
 * One step as recorded.
 */
export type StepDone = { step: SubpoenaStep, doneOn: string, note: string, };

/**
 * What she records for a step.
 */
export type StepInput = { subpoenaId: number, step: SubpoenaStep, 
/**
 * `YYYY-MM-DD`.
 */
doneOn: string, note: string, };

export type Subpoena = { id: number, clientId: number, receivedOn: string, servedBy: string, court: string, caseNumber: string, deadline: string | null, asksFor: string, 
/**
 * Every step recorded, oldest first.
 */
steps: Array<StepDone>, 
/**
 * The checklist, each step with the day it was first done.
 */
checklist: Array<NextStep>, 
/**
 * Open until her response is recorded.
 */
open: boolean, 
/**
 * Days from today to the deadline (negative once past), while open.
 */
daysLeft: number | null, 
/**
 * The hold it placed on her record, as it stands.
 */
hold: LegalHold | null, };

/**
 * What she copies from the subpoena she received.
 */
export type SubpoenaInput = { clientId: number, 
/**
 * `YYYY-MM-DD`.
 */
receivedOn: string, 
/**
 * Who served it: the attorney or party, with their contact details.
 */
servedBy: string, court: string, caseNumber: string, 
/**
 * `YYYY-MM-DD`: the date it asks for the records or testimony.
 */
deadline: string | null, 
/**
 * What it asks for, in her words.
 */
asksFor: string, };

/**
 * The steps after a subpoena, in the order they usually come.
 */
export type SubpoenaStep = "client_told" | "authorization_asked" | "privilege_asserted" | "objected" | "response";

/**
 * Where a telehealth client usually is: at home (place of service 10) or elsewhere (02).
 */
export type TelehealthPlace = "home" | "elsewhere";

/**
 * How a note's text is laid out: a template's sections, or one free text.
 */
export type Template = "soap" | "dap" | "birp" | "free_text";

/**
 * One session with everything about it.
 */
export type TherapySession = { id: number, clientId: number, 
/**
 * Her n-th attended session; none for scheduled, cancelled or missed ones.
 */
number: number | null, fields: SessionFields, riskOpen: boolean, 
/**
 * The sessions before and after this one (same client), for previous/next navigation.
 */
previousId: number | null, nextId: number | null, 
/**
 * Notes written for this session.
 */
notes: Array<NoteSummary>, };

export type Threshold = { score: number, label: string, };

/**
 * The zones she can choose from, and the one in use.
 */
export type TimeZones = { 
/**
 * The zone the schedule uses now.
 */
current: string, 
/**
 * Whether it comes from the practice profile (else from this computer).
 */
fromProfile: boolean, system: string, names: Array<string>, };

export type Timeline = { clientId: number, totals: TimelineCounts, 
/**
 * Newest first.
 */
years: Array<TimelineYear>, 
/**
 * To whom, when and on what basis each disclosed note went, newest first, by note id.
 */
disclosures: { [key in number]: Array<DisclosureMark> }, };

/**
 * An addendum in the timeline (its text is on the note).
 */
export type TimelineAddendum = { id: number, noteId: number, 
/**
 * Local date it was added.
 */
date: string, addedAt: string, };

/**
 * Counts for a year, a month or the whole record (always of everything, whatever the filter).
 */
export type TimelineCounts = { 
/**
 * Sessions she attended.
 */
sessions: number, lateCancellations: number, noShows: number, scheduled: number, notes: number, drafts: number, addenda: number, measures: number, };

export type TimelineEntry = { "type": "session" } & SessionSummary | { "type": "note" } & NoteSummary | { "type": "addendum" } & TimelineAddendum | { "type": "measure" } & Measure;

/**
 * What the timeline shows; empty means everything.
 */
export type TimelineFilter = { kinds: Array<TimelineKind>, };

export type TimelineKind = "sessions" | "progress" | "psychotherapy" | "contact" | "discharge" | "addenda" | "measures";

export type TimelineMonth = { 
/**
 * 1 to 12.
 */
month: number, counts: TimelineCounts, 
/**
 * Newest first.
 */
entries: Array<TimelineEntry>, };

export type TimelineYear = { year: number, counts: TimelineCounts, 
/**
 * "48 sessions, 3 late cancellations".
 */
summary: string, 
/**
 * Newest first; months with nothing to show (after filtering) are left out.
 */
months: Array<TimelineMonth>, };

export type TodayView = { today: string, tomorrow: string, appointments: Array<Appointment>, overdueDrafts: Array<OverdueDraft>, 
/**
 * Drafts not yet overdue, all clients.
 */
drafts: number, consent: Array<ClientTodo>, measures: Array<ClientTodo>, authorizations: Array<ClientTodo>, accounting: Array<ClientTodo>, 
/**
 * Subpoenas waiting for her response, soonest deadline first.
 */
subpoenas: Array<ClientTodo>, 
/**
 * Treatment plan reviews due (overdue first) and plans not yet written.
 */
plans: Array<ClientTodo>, 
/**
 * Why the professional will needs her attention, if it does (filled by [`today_view_of`]).
 */
will: WillReminder | null, 
/**
 * Good Faith Estimates needed, and estimates the charges passed by $400 or more.
 */
estimates: Array<ClientTodo>, };

/**
 * One month (or a whole year) of the practice's money.
 */
export type Totals = { 
/**
 * Charges made, less those reversed.
 */
chargedCents: number, 
/**
 * Charges waived, less waivers reversed.
 */
waivedCents: number, 
/**
 * Payments received, less payments reversed: the income.
 */
receivedCents: number, };

/**
 * One version of a client's plan.
 */
export type TreatmentPlan = { id: number, clientId: number, version: number, writtenOn: string, presentingProblems: string, goals: Array<PlanGoal>, interventions: string, modality: string, frequency: string, measures: Array<MeasureKind>, reviewEveryDays: number, signedOn: string | null, signedBy: SignedBy | null, 
/**
 * The version of the treatment plan form she recorded as signed.
 */
formVersion: number | null, 
/**
 * Eight hex digits over the plan's content, printed on the paper as its reference.
 */
contentHash: string, };

export type VaultState = "none" | "locked" | "unlocked";

export type VaultStatus = { state: VaultState, 
/**
 * Milliseconds to wait before the next unlock attempt is accepted (after failures).
 */
retryAfterMs: number, 
/**
 * True between vault creation and the therapist confirming she kept her recovery sheet.
 */
recoverySheetPending: boolean, 
/**
 * Who opened the vault, while it is open: every screen says so in custodian mode.
 */
openedBy: OpenedBy | null, };

export type Warning = { kind: WarningKind, 
/**
 * The dates concerned (`YYYY-MM-DD`), every one of them.
 */
dates: Array<string>, message: string, };

export type WarningKind = "double_booking" | "outside_hours" | "away_day" | "licensure" | "consent" | "clock_change";

/**
 * What she writes in Settings → Professional will.
 */
export type WillDetails = { custodianName: string, 
/**
 * Her license, as it should print: "LPC 2019-0123, Missouri".
 */
custodianLicense: string, 
/**
 * Phone, email or address where clients and she can be reached.
 */
custodianContact: string, laptopLocation: string, backupsLocation: string, };

/**
 * Why Today reminds her of the will.
 */
export type WillReminder = "not_set_up" | "review_due" | "key_older_than_forms";

export type YearIncome = { year: number, 
/**
 * Twelve months, January first.
 */
months: Array<Totals>, 
/**
 * The sum of the months.
 */
total: Totals, };

/** Every command the page may call: the arguments it sends, and what it answers (else an `ApiError`). */
export type Commands = {
  ui_ready: { args: Record<string, never>; answer: null };
  vault_status: { args: Record<string, never>; answer: VaultStatus };
  passphrase_check: { args: { passphrase: string }; answer: PassphraseCheck };
  vault_create: { args: { passphrase: string; confirmation: string }; answer: CreatedVault };
  vault_unlock: { args: { passphrase: string }; answer: null };
  vault_recover: { args: { recoveryKey: string; passphrase: string; confirmation: string }; answer: null };
  vault_unlock_custodian: { args: { secret: string }; answer: null };
  vault_lock: { args: Record<string, never>; answer: null };
  vault_touch: { args: Record<string, never>; answer: null };
  vault_saved_before_lock: { args: { request: number }; answer: null };
  vault_change_passphrase: { args: { current: string; passphrase: string; confirmation: string }; answer: null };
  vault_replace_recovery_key: { args: { current: string }; answer: CreatedVault };
  recovery_sheet_print: { args: Record<string, never>; answer: null };
  recovery_sheet_save: { args: Record<string, never>; answer: boolean };
  recovery_sheet_confirm: { args: Record<string, never>; answer: null };
  settings_get: { args: Record<string, never>; answer: Settings };
  today_view: { args: Record<string, never>; answer: TodayView };
  will_get: { args: Record<string, never>; answer: ProfessionalWill };
  will_save: { args: { details: WillDetails }; answer: ProfessionalWill };
  will_mark_reviewed: { args: Record<string, never>; answer: ProfessionalWill };
  will_print_packet: { args: { passphrase: string }; answer: ProfessionalWill };
  will_revoke_key: { args: { passphrase: string }; answer: ProfessionalWill };
  will_set_custodian_passphrase: { args: { custodianKey: string; passphrase: string; confirmation: string }; answer: null };
  custodian_clients: { args: Record<string, never>; answer: Array<CustodianClient> };
  custodian_print_letters: { args: { clientIds: Array<number> }; answer: null };
  print_spool: { args: Record<string, never>; answer: PrintSpool };
  practice_profile_get: { args: Record<string, never>; answer: PracticeProfile };
  practice_profile_save: { args: { profile: PracticeProfile }; answer: PracticeProfile };
  forms_list: { args: Record<string, never>; answer: Array<FormSummary> };
  form_get: { args: { kind: FormKind }; answer: FormDetail };
  form_save: { args: { kind: FormKind; body: string }; answer: FormVersion };
  form_preview: { args: { kind: FormKind; body: string }; answer: null };
  consent_status: { args: { clientId: number }; answer: Array<ConsentItem> };
  consent_record: { args: { signature: NewSignature }; answer: Array<ConsentItem> };
  consent_needs_warning: { args: { clientId: number }; answer: boolean };
  reconsent_list: { args: Record<string, never>; answer: Array<ReconsentEntry> };
  consent_packet_print: { args: { clientId: number; kinds: Array<FormKind> }; answer: null };
  consent_packet_save: { args: { clientId: number; kinds: Array<FormKind> }; answer: boolean };
  form_profile_fields: { args: { kinds: Array<FormKind> }; answer: Array<ProfileField> };
  form_print_blank: { args: { kind: FormKind }; answer: null };
  measure_forms: { args: Record<string, never>; answer: Array<MeasureForm> };
  measure_record: { args: { measure: NewMeasure }; answer: Measure };
  measures_overview: { args: { clientId: number }; answer: MeasuresOverview };
  measure_safety_note: { args: { measureId: number }; answer: Note };
  epds_threshold_get: { args: Record<string, never>; answer: number };
  epds_threshold_set: { args: { threshold: number }; answer: number };
  clients_list: { args: { filter: StatusFilter; query: string }; answer: ClientPage };
  client_get: { args: { id: number }; answer: Client };
  client_summary: { args: { id: number }; answer: ClientSummary };
  client_create: { args: { draft: ClientFields; status: ClientStatus; confirmDuplicate: boolean }; answer: Client };
  client_update: { args: { id: number; draft: ClientFields; confirmDuplicate: boolean }; answer: Client };
  client_check_dual: { args: { draft: ClientFields; except: number | null }; answer: Array<PossibleDualRelationship> };
  client_record_dual_decision: { args: { clientId: number; matches: Array<DualMatchRef>; decision: string }; answer: Array<DualRelationshipReview> };
  client_reviews: { args: { clientId: number }; answer: Array<DualRelationshipReview> };
  client_set_status: { args: { id: number; status: ClientStatus; date: string }; answer: Client };
  client_discharge: { args: { id: number; date: string }; answer: Client };
  client_reopen: { args: { id: number }; answer: Client };
  connections_list: { args: { clientId: number }; answer: Array<ClientConnection> };
  connection_add: { args: { clientId: number; connection: ConnectionFields }; answer: ClientConnection };
  connection_update: { args: { id: number; connection: ConnectionFields }; answer: ClientConnection };
  connection_remove: { args: { id: number }; answer: null };
  retention_policy_get: { args: Record<string, never>; answer: RetentionPolicy };
  retention_policy_preview: { args: { change: PolicyChange }; answer: Array<RetentionMove> };
  retention_policy_set: { args: { change: PolicyChange }; answer: RetentionPolicy };
  retention_past: { args: Record<string, never>; answer: Array<PastRetention> };
  client_destroy: { args: { id: number; confirmation: string }; answer: string };
  legal_holds: { args: { clientId: number }; answer: Array<LegalHold> };
  legal_hold_place: { args: { hold: HoldInput }; answer: LegalHold };
  legal_hold_lift: { args: { id: number; reason: string }; answer: LegalHold };
  import_preview: { args: { csv: Array<number>; mapping: Array<ImportField | null> | null }; answer: ImportPreview };
  import_commit: { args: { csv: Array<number>; mapping: Array<ImportField | null> | null; skipRows: Array<number> }; answer: ImportOutcome };
  telehealth_check: { args: { modality: Modality; locationState: string }; answer: string | null };
  session_create: { args: { clientId: number; fields: SessionFields }; answer: TherapySession };
  session_update: { args: { id: number; fields: SessionFields }; answer: TherapySession };
  session_delete: { args: { id: number }; answer: null };
  session_get: { args: { id: number }; answer: TherapySession };
  open_risk_items: { args: { clientId: number }; answer: Array<OpenRiskItem> };
  timeline: { args: { clientId: number; filter: TimelineFilter }; answer: Timeline };
  note_create: { args: { note: NewNote }; answer: Note };
  note_get: { args: { id: number }; answer: Note };
  note_save_draft: { args: { id: number; content: NoteContent; expectedRevision: number | null }; answer: SavedDraft };
  note_sign: { args: { id: number }; answer: Note };
  note_delete_draft: { args: { id: number }; answer: null };
  note_set_status: { args: { id: number; status: DisclosureStatus }; answer: Note };
  addendum_add: { args: { noteId: number; text: string }; answer: Addendum };
  note_template_sections: { args: { template: Template }; answer: Array<SectionSpec> };
  notes_overdue: { args: { clientId: number | null }; answer: Array<OverdueDraft> };
  overdue_days_get: { args: Record<string, never>; answer: number };
  overdue_days_set: { args: { days: number }; answer: number };
  search: { args: { query: SearchQuery }; answer: SearchResults };
  dictionary_words: { args: Record<string, never>; answer: Array<string> };
  dictionary_add: { args: { word: string }; answer: Array<string> };
  dictionary_remove: { args: { word: string }; answer: Array<string> };
  settings_set_idle_minutes: { args: { minutes: number }; answer: Settings };
  settings_set_discreet_mode: { args: { on: boolean }; answer: Settings };
  backup_status: { args: Record<string, never>; answer: BackupStatus };
  backup_create: { args: { current: string; passphrase: string; confirmation: string }; answer: BackupSummary | null };
  backup_choose_folder: { args: { current: string }; answer: BackupStatus | null };
  backup_folder_off: { args: { current: string }; answer: BackupStatus };
  backup_set_remind_days: { args: { days: number }; answer: BackupStatus };
  backup_restore_choose: { args: Record<string, never>; answer: ChosenBackup | null };
  backup_restore_inspect: { args: { key: string }; answer: BackupSummary };
  backup_restore_new: { args: { key: string; passphrase: string; confirmation: string }; answer: RestoredVault };
  backup_restore_replace: { args: { current: string; key: string; passphrase: string; confirmation: string; confirmed: boolean }; answer: RestoredVault };
  authorizations_list: { args: { clientId: number }; answer: Array<Authorization> };
  authorization_create: { args: { input: AuthorizationInput }; answer: Authorization };
  authorization_update: { args: { id: number; input: AuthorizationInput }; answer: Authorization };
  authorization_delete: { args: { id: number }; answer: null };
  authorization_sign: { args: { id: number; signedOn: string; signedBy: SignedBy }; answer: Authorization };
  authorization_end: { args: { id: number; ending: Ending }; answer: Authorization };
  authorization_print: { args: { id: number }; answer: null };
  release_preview: { args: { request: ReleaseRequest }; answer: ReleasePreview };
  release_print: { args: { request: ReleaseRequest }; answer: number };
  release_save: { args: { request: ReleaseRequest }; answer: number | null };
  record_copy_print: { args: { clientId: number; billing: boolean }; answer: number };
  disclosure_record: { args: { disclosure: RecordedDisclosure }; answer: number };
  ledger_entries: { args: { clientId: number }; answer: Array<LedgerEntry> };
  ledger_verify: { args: Record<string, never>; answer: LedgerCheck };
  accounting_requests: { args: { clientId: number }; answer: Array<AccountingRequest> };
  accounting_request_record: { args: { clientId: number; requestedOn: string; periodFrom: string | null }; answer: AccountingRequest };
  accounting_request_extend: { args: { id: number; reason: string }; answer: AccountingRequest };
  accounting_print: { args: { requestId: number }; answer: number };
  accounting_extension_print: { args: { requestId: number }; answer: number };
  privacy_summary_print: { args: { clientId: number }; answer: number };
  legal_bases: { args: Record<string, never>; answer: Array<BasisRule> };
  subpoenas_list: { args: { clientId: number }; answer: Array<Subpoena> };
  subpoena_record: { args: { subpoena: SubpoenaInput }; answer: Subpoena };
  subpoena_step: { args: { step: StepInput }; answer: Subpoena };
  icd_search: { args: { query: string }; answer: Array<CodeMatch> };
  custom_code_add: { args: { code: string; label: string }; answer: CustomCode };
  clinical_overview: { args: { clientId: number }; answer: ClinicalOverview };
  diagnosis_record: { args: { diagnosis: NewDiagnosis }; answer: Diagnosis };
  diagnosis_change: { args: { id: number; change: DiagnosisChange }; answer: Diagnosis };
  diagnosis_history: { args: { clientId: number }; answer: Array<Diagnosis> };
  plan_save: { args: { plan: PlanInput }; answer: TreatmentPlan };
  plan_versions: { args: { clientId: number }; answer: Array<TreatmentPlan> };
  plan_print: { args: { planId: number }; answer: null };
  plan_sign: { args: { planId: number; signedOn: string; signedBy: SignedBy }; answer: TreatmentPlan };
  plan_review: { args: { review: PlanReviewInput }; answer: PlanReview };
  note_goals: { args: { noteId: number }; answer: NoteGoals };
  note_goals_set: { args: { noteId: number; goalIds: Array<number> }; answer: NoteGoals };
  clinical_search: { args: { text: string }; answer: Array<ClinicalHit> };
  schedule_view: { args: { from: string; days: number }; answer: ScheduleView };
  schedule_check: { args: { booking: Booking }; answer: Array<Warning> };
  schedule_book: { args: { booking: Booking }; answer: Booked };
  schedule_edit: { args: { id: number; fields: SessionFields; scope: Scope }; answer: Booked };
  schedule_record: { args: { id: number; attendance: Attendance; newTime: NewTime | null }; answer: Booked };
  schedule_remove: { args: { id: number; scope: Scope }; answer: Array<number> };
  schedule_client: { args: { clientId: number }; answer: ClientSchedule };
  working_hours: { args: Record<string, never>; answer: Array<DayHours> };
  working_hours_set: { args: { days: Array<DayHours> }; answer: Array<DayHours> };
  away_days: { args: Record<string, never>; answer: Array<AwayDays> };
  away_days_add: { args: { away: AwayDays }; answer: AwayDays };
  away_days_remove: { args: { id: number }; answer: null };
  day_sheet_print: { args: { date: string; names: boolean }; answer: null };
  schedule_export_ics: { args: { weeks: number; label: IcsLabel }; answer: IcsExport | null };
  time_zones: { args: Record<string, never>; answer: TimeZones };
  fee_settings: { args: Record<string, never>; answer: FeeSettings };
  fees_set: { args: { fees: Array<NewFee> }; answer: Array<Fee> };
  practice_billing_set: { args: { billing: PracticeBilling }; answer: PracticeBilling };
  money_panel: { args: { clientId: number }; answer: MoneyPanel };
  payment_record: { args: { payment: NewPayment }; answer: MoneyEntry };
  charge_record: { args: { charge: NewCharge }; answer: MoneyEntry };
  charge_waive: { args: { id: number; reason: string; onDate: string }; answer: MoneyEntry };
  entry_reverse: { args: { id: number; reason: string; onDate: string }; answer: MoneyEntry };
  client_billing_set: { args: { clientId: number; billing: Billing }; answer: Billing };
  sliding_fee_set: { args: { clientId: number; cents: number | null; effectiveFrom: string }; answer: Array<SlidingFee> };
  receipt_print: { args: { paymentId: number }; answer: number };
  statement_print: { args: { clientId: number; month: string }; answer: number };
  superbill_print: { args: { clientId: number; from: string; to: string }; answer: number };
  estimate_services: { args: { clientId: number; periodFrom: string }; answer: Array<Fee> };
  estimate_request: { args: { clientId: number }; answer: string };
  estimate_issue: { args: { estimate: EstimateInput }; answer: number };
  estimate_print: { args: { estimateId: number }; answer: number };
  income_report: { args: { year: number | null }; answer: IncomeReport };
  income_export: { args: { from: string; to: string }; answer: string | null };
};

/** The largest CSV file an import reads (`register::import::MAX_FILE_BYTES`). */
export const IMPORT_MAX_BYTES = 20971520;

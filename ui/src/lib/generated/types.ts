// Generated from the Rust types by `make types` (confidant-core, ts-rs). Do not edit by hand:
// the test `generated_typescript_is_fresh` fails when this file is stale.

export type ErrorCode = "locked" | "no_vault" | "vault_exists" | "wrong_passphrase" | "wrong_recovery_key" | "weak_passphrase" | "invalid_input" | "duplicate" | "not_found" | "consent_missing" | "damaged" | "too_new" | "io" | "internal";

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

export type LockReason = "manual" | "idle" | "os_session" | "quit";

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

export type Blocker = { 
/**
 * "Legal hold (subpoena)", "Disclosure ledger entries", "Retention date".
 */
what: string, 
/**
 * Until when; `None` until she acts (lifts the hold, records the end of an authorization).
 */
until: string | null, };

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

export type PolicyChange = { policy: RetentionPolicy, reason: string, };

export type RetentionMove = { id: number, code: string, 
/**
 * The name, or in discreet mode the alias or initials only.
 */
displayName: string, from: string, to: string, };

export type HoldReason = "subpoena" | "complaint" | "lawsuit" | "other";

export type LegalHold = { id: number, clientId: number, reason: HoldReason, detail: string, 
/**
 * The subpoena that placed it, if one did.
 */
subpoenaId: number | null, placedOn: string, liftedOn: string | null, liftReason: string, };

export type HoldInput = { clientId: number, reason: HoldReason, detail: string, };

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

export type SessionKind = "intake" | "individual" | "couple_family" | "consultation";

export type Modality = "in_person" | "video" | "phone";

export type Attendance = "scheduled" | "attended" | "late_cancel" | "no_show" | "cancelled" | "therapist_cancelled" | "rescheduled";

export type RiskLevel = "none" | "low" | "moderate" | "high";

export type DutyToWarn = "applies" | "does_not_apply";

export type SessionCheck = { mood: string, affect: string, riskToSelf: RiskLevel | null, riskToOthers: RiskLevel | null, safetyPlan: string, dutyToWarn: DutyToWarn | null, };

export type SessionFields = { date: string, 
/**
 * `HH:MM`, local time.
 */
startTime: string, endTime: string, kind: SessionKind, modality: Modality, 
/**
 * For video or phone: where the client physically was (the state matters for licensure).
 */
location: Location, attendance: Attendance, check: SessionCheck, };

export type SessionSummary = { id: number, clientId: number, number: number | null, date: string, startTime: string, endTime: string, kind: SessionKind, modality: Modality, attendance: Attendance, riskOpen: boolean, };

export type NoteKind = "progress" | "psychotherapy" | "contact" | "discharge";

export type Template = "soap" | "dap" | "birp" | "free_text";

export type SectionSpec = { key: string, label: string, hint: string, };

export type DisclosureStatus = "private" | "shareable" | "protected";

export type NoteContent = { template: Template, sections: Array<string>, };

export type NewNote = { clientId: number, sessionId: number | null, kind: NoteKind, template: Template, date: string, 
/**
 * Her reason for writing a client's first note before an informed consent is on record
 * (asked for after [`NotesError::ConsentMissing`]); kept in the audit trail.
 */
consentOverrideReason: string | null, };

export type NoteSummary = { id: number, clientId: number, sessionId: number | null, kind: NoteKind, template: Template, status: DisclosureStatus, date: string, signedAt: string | null, createdAt: string, };

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

export type Addendum = { id: number, noteId: number, 
/**
 * When it was written and signed (RFC 3339, UTC).
 */
addedAt: string, text: string, contentHash: string, };

export type DisclosureMark = { ledgerEntryId: number, disclosedAt: string, recipient: string, basis: string, };

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

export type SavedDraft = { noteId: number, revision: number, savedAt: string, };

export type OverdueDraft = { note: NoteSummary, clientCode: string, 
/**
 * The name, or in discreet mode the alias or initials.
 */
clientName: string, daysOld: number, };

export type OpenRiskItem = { session: SessionSummary, needsSafetyPlan: boolean, needsDutyToWarn: boolean, };

export type TimelineKind = "sessions" | "progress" | "psychotherapy" | "contact" | "discharge" | "addenda" | "measures";

export type TimelineFilter = { kinds: Array<TimelineKind>, };

export type TimelineCounts = { 
/**
 * Sessions she attended.
 */
sessions: number, lateCancellations: number, noShows: number, scheduled: number, notes: number, drafts: number, addenda: number, measures: number, };

export type TimelineAddendum = { id: number, noteId: number, 
/**
 * Local date it was added.
 */
date: string, addedAt: string, };

export type TimelineEntry = { "type": "session" } & SessionSummary | { "type": "note" } & NoteSummary | { "type": "addendum" } & TimelineAddendum | { "type": "measure" } & Measure;

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

export type Timeline = { clientId: number, totals: TimelineCounts, 
/**
 * Newest first.
 */
years: Array<TimelineYear>, 
/**
 * To whom, when and on what basis each disclosed note went, newest first, by note id.
 */
disclosures: { [key in number]: Array<DisclosureMark> }, };

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

export type SnippetPart = { text: string, highlight: boolean, };

export type NoteHit = { note: NoteSummary, clientCode: string, 
/**
 * The name, or in discreet mode the alias or initials.
 */
clientName: string, snippet: Array<SnippetPart>, 
/**
 * To whom, when and on what basis it has been disclosed, newest first.
 */
disclosures: Array<DisclosureMark>, };

export type SearchResults = { 
/**
 * Clients whose name, alias, code, phone or email match (not when filtering by client).
 */
clients: Array<ClientSummary>, notes: Array<NoteHit>, 
/**
 * More notes match than were ranked or returned: typing more narrows them.
 */
more: boolean, };

export type BackupKind = "manual" | "automatic";

export type BackupSummary = { 
/**
 * When the backup was made (RFC 3339, UTC).
 */
createdAt: string, kind: BackupKind, appVersion: string, formatVersion: number, schemaVersion: number, clients: number, notes: number, 
/**
 * Size of the database inside, in bytes.
 */
databaseBytes: number, };

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

export type ChosenBackup = { 
/**
 * The file's name, without its folder.
 */
fileName: string, 
/**
 * A manual backup opens with its passphrase, an automatic one with the recovery key.
 */
kind: BackupKind, };

export type RestoredVault = { 
/**
 * Groups of four characters separated by dashes.
 */
recoveryKey: string, summary: BackupSummary, };

export type Paper = "letter" | "a4";

export type License = { credential: string, number: string, 
/**
 * Two-letter US state or territory code.
 */
state: string, };

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

export type ProfileField = { 
/**
 * The profile's own field name (`therapistName`), as in its save errors.
 */
field: string, label: string, 
/**
 * Nothing is filled in yet: the form would print a blank line.
 */
empty: boolean, };

export type FormKind = "informed_consent" | "telehealth_consent" | "privacy_notice" | "privacy_notice_acknowledgment" | "release_authorization" | "psychotherapy_notes_authorization";

export type FormVersion = { id: number, kind: FormKind, version: number, title: string, 
/**
 * Printed in every page footer, so a paper copy can be matched to this exact text.
 */
contentHash: string, 
/**
 * When this version was saved (UTC, RFC 3339).
 */
createdAt: string, };

export type FormSummary = { current: FormVersion, isDefaultText: boolean, clientsToReconsent: number, };

export type FormDetail = { current: FormVersion, body: string, versions: Array<FormVersion>, defaultBody: string, placeholders: Array<string>, 
/**
 * Yes/no values, which tick a box (`- [{{name}}] ...`).
 */
tickPlaceholders: Array<string>, };

export type SignedBy = "client" | "representative";

export type NewSignature = { clientId: number, kind: FormKind, 
/**
 * The version printed on the paper (its footer); the current one unless she says otherwise.
 */
version: number, 
/**
 * `YYYY-MM-DD`.
 */
signedOn: string, signedBy: SignedBy, };

export type ConsentState = "signed" | "outdated" | "not_signed";

export type ConsentItem = { kind: FormKind, title: string, currentVersion: number, state: ConsentState, signedVersion: number | null, signedOn: string | null, signedBy: SignedBy | null, 
/**
 * Informed consent and the privacy notice for everyone; telehealth for telehealth clients.
 */
required: boolean, 
/**
 * "Informed consent v3 signed 2 Mar 2026", "Telehealth consent not signed".
 */
line: string, };

export type ReconsentEntry = { client: ClientSummary, kind: FormKind, title: string, signedVersion: number, signedOn: string, currentVersion: number, };

export type MeasureKind = "epds" | "phq9" | "gad7";

export type Band = { label: string, 
/**
 * At or over the level that asks the therapist to assess further.
 */
elevated: boolean, };

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

export type Threshold = { score: number, label: string, };

export type Series = { kind: MeasureKind, name: string, maxTotal: number, thresholds: Array<Threshold>, 
/**
 * Oldest first.
 */
points: Array<Measure>, };

export type RescreenDue = { kind: MeasureKind, dueOn: string, afterMeasureId: number, overdue: boolean, };

export type MeasuresOverview = { series: Array<Series>, openAlerts: Array<Measure>, rescreen: RescreenDue | null, epdsThreshold: number, };

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

export type Repeat = "weekly" | "every_other_week" | "every_four_weeks" | "monthly_weekday";

export type SeriesRule = { repeat: Repeat, until: string | null, count: number | null, };

export type Booking = { clientId: number, fields: SessionFields, series: SeriesRule | null, };

export type Scope = "one" | "following" | "all";

export type NewTime = { date: string, startTime: string, endTime: string, };

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

export type SeriesPlace = { seriesId: number, number: number, of: number, };

export type WarningKind = "double_booking" | "outside_hours" | "away_day" | "licensure" | "consent" | "clock_change";

export type Warning = { kind: WarningKind, 
/**
 * The dates concerned (`YYYY-MM-DD`), every one of them.
 */
dates: Array<string>, message: string, };

export type Booked = { 
/**
 * The appointments booked or changed, in date order.
 */
ids: Array<number>, warnings: Array<Warning>, };

export type Missed = { sessionId: number, date: string, attendance: Attendance, };

export type ClientSchedule = { next: SessionSummary | null, series: Array<SeriesSummary>, 
/**
 * Late cancellations and no-shows of the last twelve months, newest first.
 */
missed: Array<Missed>, };

export type DayHours = { weekday: number, startTime: string, endTime: string, };

export type AwayDays = { id: number, startsOn: string, endsOn: string, 
/**
 * "Conference", "Holiday": her words, shown on the schedule.
 */
label: string, };

export type ScheduleDay = { date: string, 
/**
 * Her hours that day; none on a day she does not work.
 */
hours: DayHours | null, 
/**
 * Set on a day she marked away, with her label.
 */
away: string | null, };

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

export type ScheduleView = { days: Array<ScheduleDay>, slots: Array<Slot>, 
/**
 * Wall-clock now at the practice, `YYYY-MM-DDTHH:MM`, for the now-line.
 */
now: string, 
/**
 * The zone the times are in ("America/Chicago").
 */
timeZone: string, };

export type IcsLabel = "code" | "initials";

export type IcsExport = { fileName: string, appointments: number, };

export type TimeZones = { 
/**
 * The zone the schedule uses now.
 */
current: string, 
/**
 * Whether it comes from the practice profile (else from this computer).
 */
fromProfile: boolean, system: string, names: Array<string>, };

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

export type ClientTodo = { client: ClientSummary, 
/**
 * "Informed consent not signed", "EPDS rescreen due 11 Dec 2026".
 */
what: string, 
/**
 * The most urgent ones (a self-harm alert, an overdue accounting) first, and marked.
 */
urgent: boolean, };

export type TodayView = { today: string, tomorrow: string, appointments: Array<Appointment>, overdueDrafts: Array<OverdueDraft>, 
/**
 * Drafts not yet overdue, all clients.
 */
drafts: number, consent: Array<ClientTodo>, measures: Array<ClientTodo>, authorizations: Array<ClientTodo>, accounting: Array<ClientTodo>, 
/**
 * Subpoenas waiting for her response, soonest deadline first.
 */
subpoenas: Array<ClientTodo>, };

export type Category = "attendance_dates" | "diagnosis" | "treatment_summary" | "progress_notes" | "measures" | "psychotherapy_notes";

export type LegalBasis = "court_order" | "subpoena" | "mandated_child_abuse_report" | "adult_abuse_report" | "duty_to_warn" | "oversight_body" | "coroner_or_medical_examiner" | "law_enforcement" | "other_required_by_law";

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

export type ItemKey = { "type": "note", id: number, } | { "type": "attendance", sessionId: number, } | { "type": "measure", id: number, };

export type ClientInformed = { "kind": "told", on: string, } | { "kind": "not_told", why: string, };

export type KeptPaper = { 
/**
 * "Disclosure ledger entries", "Authorizations", "Accounting requests".
 */
what: string, 
/**
 * The day from which they no longer keep the record; `None` while one is still in effect
 * with no known end (an authorization whose expiry event has not been recorded).
 */
until: string | null, };

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

export type SubpoenaStep = "client_told" | "authorization_asked" | "privilege_asserted" | "objected" | "response";

export type StepDone = { step: SubpoenaStep, doneOn: string, note: string, };

export type NextStep = { step: SubpoenaStep, label: string, advice: string, doneOn: string | null, };

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

export type StepInput = { subpoenaId: number, step: SubpoenaStep, 
/**
 * `YYYY-MM-DD`.
 */
doneOn: string, note: string, };

export type AuthorizationKind = "release" | "psychotherapy_notes";

export type AuthorizationState = "unsigned" | "not_yet_effective" | "active" | "expired" | "revoked";

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

export type Ending = { "kind": "revoked", on: string, how: string, } | { "kind": "eventOccurred", on: string, };

export type Item = { "type": "note", id: number, kind: NoteKind, status: DisclosureStatus, date: string, signed: boolean, } | { "type": "attendance", sessionId: number, date: string, } | { "type": "measure", id: number, kind: MeasureKind, date: string, } | { "type": "disclosureHistory" };

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

export type PreviewItem = { item: Item, mayGo: boolean, 
/**
 * Why not, when it may not.
 */
reason: string | null, };

export type ReleasePreview = { recipient: string, items: Array<PreviewItem>, going: number, };

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
 * The entry this one corrects.
 */
corrects: number | null, };

export type EntryKind = "release" | "record_copy" | "privacy_summary" | "accounting" | "accounting_extension" | "recorded";

export type Basis = { "kind": "authorization" } | { "kind": "client" } | { "kind": "law", "legal": LegalBasis };

export type Method = "verbal" | "printed" | "mailed" | "fax" | "secure_email";

export type LedgerEntry = { seq: number, recordedAt: string, clientId: number, kind: EntryKind, accountable: boolean, corrects: number | null, 
/**
 * The newer entry that corrects this one, if any.
 */
correctedBy: number | null, disclosedAt: string, basis: Basis, basisLabel: string, authorizationId: number | null, recipientName: string, recipientAddress: string, description: string, purpose: string, noteIds: Array<number>, method: Method, reference: string, clientInformed: string, };

export type LedgerCheck = { intact: boolean, entries: number, 
/**
 * The first entry number where the chain no longer holds.
 */
alteredAt: number | null, 
/**
 * "Ledger intact: 12 entries." or where and how it was altered.
 */
message: string, };

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

/** The largest CSV file an import reads (`register::import::MAX_FILE_BYTES`). */
export const IMPORT_MAX_BYTES = 20971520;

import { call } from "./invoke";
import type {
  DisclosureStatus,
  Modality,
  NoteContent,
  NoteKind,
  SearchQuery,
  SessionFields,
  Template,
  TimelineKind,
} from "./notesTypes";

// The only caller of the sessions, notes, search and dictionary commands.

export type * from "./notesTypes";

// ---- Sessions ----
export const session = (id: number) => call("session_get", { id });
/** Why a video or phone session with her in `locationState` needs a second look (licensure), if it does. */
export const telehealthCheck = (modality: Modality, locationState: string) =>
  call("telehealth_check", { modality, locationState });
export const createSession = (clientId: number, fields: SessionFields) =>
  call("session_create", { clientId, fields });
export const updateSession = (id: number, fields: SessionFields) => call("session_update", { id, fields });
/** Sessions with moderate or high risk whose safety plan or duty-to-warn decision is missing. */
export const openRisks = (clientId: number) => call("open_risk_items", { clientId });

// ---- Timeline ----
export const timeline = (clientId: number, kinds: TimelineKind[]) => call("timeline", { clientId, filter: { kinds } });

// ---- Notes ----
/**
 * Starts an empty draft: for a session (takes its date), or on its own with a date (contact note, discharge summary).
 * A client's first note without a signed informed consent is refused with `consent_missing` unless she gives a reason.
 */
export const createNote = (
  clientId: number,
  sessionId: number | null,
  kind: NoteKind,
  template: Template,
  date: string,
  consentOverrideReason: string | null = null,
) => call("note_create", { note: { clientId, sessionId, kind, template, date, consentOverrideReason } });
/** Each section of a template with its one-line hint. */
export const templateSections = (template: Template) => call("note_template_sections", { template });
export const note = (id: number) => call("note_get", { id });
/** Autosave; refused (invalid_input) if the note was saved elsewhere since `expectedRevision`. */
export const saveDraft = (id: number, content: NoteContent, expectedRevision: number | null) =>
  call("note_save_draft", { id, content, expectedRevision });
export const sign = (id: number) => call("note_sign", { id });
export const setStatus = (id: number, status: DisclosureStatus) => call("note_set_status", { id, status });
export const addAddendum = (noteId: number, text: string) => call("addendum_add", { noteId, text });
/** Drafts past the overdue threshold: of one client, or of everyone when `clientId` is null. */
export const overdue = (clientId: number | null) => call("notes_overdue", { clientId });

// ---- Search ----
export const search = (query: SearchQuery) => call("search", { query });

// ---- Dictionary ----
export const dictionaryWords = () => call("dictionary_words");
export const addDictionaryWord = (word: string) => call("dictionary_add", { word });
export const removeDictionaryWord = (word: string) => call("dictionary_remove", { word });

// ---- Settings ----
/** Drafts older than this many days are overdue. */
export const overdueDays = () => call("overdue_days_get");
export const setOverdueDays = (days: number) => call("overdue_days_set", { days });

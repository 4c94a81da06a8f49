//! Numbered, append-only migrations, all pending ones applied in one transaction.
//!
//! Each applied migration's SHA-256 is stored; if a released migration is ever edited, opening
//! the vault says so instead of running on a schema nobody tested. A vault whose `user_version`
//! is newer than this build knows is refused.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::error::VaultError;

/// Never edit or reorder an entry once released: append a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: the vault's own bookkeeping: settings and the audit trail.
    "CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    CREATE TABLE audit (
        seq        INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        event      TEXT NOT NULL,
        detail     TEXT NOT NULL DEFAULT '',
        prev_hash  TEXT NOT NULL,
        hash       TEXT NOT NULL
    ) STRICT;",
    // 2: the client register. Every table that holds something about a client references
    // `clients(id) ON DELETE CASCADE`, so destroying a record removes all of it. The `*_key`
    // columns are folded copies for search and matching (lower case, no accents).
    "CREATE TABLE clients (
        id                      INTEGER PRIMARY KEY AUTOINCREMENT,
        code                    TEXT NOT NULL UNIQUE,
        status                  TEXT NOT NULL CHECK (status IN ('prospective', 'active', 'discharged')),
        legal_name              TEXT NOT NULL,
        preferred_name          TEXT NOT NULL DEFAULT '',
        alias                   TEXT NOT NULL DEFAULT '',
        initials                TEXT NOT NULL,
        pronouns                TEXT NOT NULL DEFAULT '',
        date_of_birth           TEXT NOT NULL,
        phone                   TEXT NOT NULL DEFAULT '',
        voicemail_ok            INTEGER NOT NULL DEFAULT 0,
        text_ok                 INTEGER NOT NULL DEFAULT 0,
        email                   TEXT NOT NULL DEFAULT '',
        email_ok                INTEGER NOT NULL DEFAULT 0,
        address                 TEXT NOT NULL DEFAULT '',
        emergency_name          TEXT NOT NULL DEFAULT '',
        emergency_relationship  TEXT NOT NULL DEFAULT '',
        emergency_phone         TEXT NOT NULL DEFAULT '',
        telehealth_state        TEXT NOT NULL DEFAULT '',
        telehealth_city         TEXT NOT NULL DEFAULT '',
        perinatal_status        TEXT NOT NULL DEFAULT 'neither'
                                CHECK (perinatal_status IN ('pregnant', 'postpartum', 'neither')),
        due_date                TEXT,
        baby_birth_date         TEXT,
        children                INTEGER,
        loss_history            TEXT NOT NULL DEFAULT '',
        feeding                 TEXT NOT NULL DEFAULT '',
        obstetric_name          TEXT NOT NULL DEFAULT '',
        obstetric_practice      TEXT NOT NULL DEFAULT '',
        obstetric_phone         TEXT NOT NULL DEFAULT '',
        pediatrician_name       TEXT NOT NULL DEFAULT '',
        pediatrician_practice   TEXT NOT NULL DEFAULT '',
        pediatrician_phone      TEXT NOT NULL DEFAULT '',
        support_notes           TEXT NOT NULL DEFAULT '',
        intake_date             TEXT,
        last_service_date       TEXT,
        discharge_date          TEXT,
        retention_date          TEXT,
        created_at              TEXT NOT NULL,
        updated_at              TEXT NOT NULL,
        sort_key                TEXT NOT NULL,
        search_key              TEXT NOT NULL,
        phone_key               TEXT NOT NULL DEFAULT '',
        email_key               TEXT NOT NULL DEFAULT '',
        duplicate_key           TEXT NOT NULL
    ) STRICT;
    CREATE INDEX clients_by_status_and_name ON clients (status, sort_key);
    CREATE INDEX clients_by_name ON clients (sort_key);
    CREATE INDEX clients_by_duplicate_key ON clients (duplicate_key);
    CREATE INDEX clients_by_phone ON clients (phone_key) WHERE phone_key <> '';
    CREATE INDEX clients_by_email ON clients (email_key) WHERE email_key <> '';
    CREATE INDEX clients_by_retention ON clients (status, retention_date);

    CREATE TABLE client_name_keys (
        client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        name_key   TEXT NOT NULL,
        PRIMARY KEY (client_id, name_key)
    ) STRICT;
    CREATE INDEX client_name_keys_by_key ON client_name_keys (name_key);

    CREATE TABLE client_connections (
        id                INTEGER PRIMARY KEY,
        client_id         INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        kind              TEXT NOT NULL CHECK (kind IN
                          ('spouse_partner', 'family', 'employer', 'faith_community', 'school', 'client', 'other')),
        name              TEXT NOT NULL DEFAULT '',
        phone             TEXT NOT NULL DEFAULT '',
        email             TEXT NOT NULL DEFAULT '',
        notes             TEXT NOT NULL DEFAULT '',
        linked_client_id  INTEGER REFERENCES clients (id) ON DELETE SET NULL,
        name_key          TEXT NOT NULL DEFAULT '',
        phone_key         TEXT NOT NULL DEFAULT '',
        email_key         TEXT NOT NULL DEFAULT '',
        created_at        TEXT NOT NULL
    ) STRICT;
    CREATE INDEX client_connections_by_client ON client_connections (client_id);
    CREATE INDEX client_connections_by_linked_client ON client_connections (linked_client_id);
    CREATE INDEX client_connections_by_name ON client_connections (name_key) WHERE name_key <> '';
    CREATE INDEX client_connections_by_phone ON client_connections (phone_key) WHERE phone_key <> '';
    CREATE INDEX client_connections_by_email ON client_connections (email_key) WHERE email_key <> '';

    CREATE TABLE dual_relationship_reviews (
        id                 INTEGER PRIMARY KEY,
        client_id          INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        other_client_id    INTEGER REFERENCES clients (id) ON DELETE SET NULL,
        other_client_code  TEXT NOT NULL,
        matched            TEXT NOT NULL,
        decision           TEXT NOT NULL,
        decided_at         TEXT NOT NULL
    ) STRICT;
    CREATE INDEX dual_relationship_reviews_by_client ON dual_relationship_reviews (client_id);
    CREATE INDEX dual_relationship_reviews_by_other ON dual_relationship_reviews (other_client_id);",
    // 3: sessions and notes. Psychotherapy notes (always Protected) live in their own tables
    // (`psychotherapy_notes`, their addenda and their search index), apart from the record; both
    // kinds share one id space (`note_ids`). A signed note's content cannot be changed and a
    // signed note or an addendum cannot be deleted, even by SQL that bypasses the core: only
    // destroying the whole client record (the client row goes first) removes them. Each note
    // table has an external-content FTS5 index kept in step by triggers in the same
    // transaction; `tags` (client, kind, status as tokens) lets filters run inside the index.
    "CREATE TABLE sessions (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id       INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        date            TEXT NOT NULL,
        start_time      TEXT NOT NULL,
        end_time        TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('intake', 'individual', 'couple_family', 'consultation')),
        modality        TEXT NOT NULL CHECK (modality IN ('in_person', 'video', 'phone')),
        location_state  TEXT NOT NULL DEFAULT '',
        location_city   TEXT NOT NULL DEFAULT '',
        attendance      TEXT NOT NULL CHECK (attendance IN ('scheduled', 'attended', 'late_cancel', 'no_show')),
        mood            TEXT NOT NULL DEFAULT '',
        affect          TEXT NOT NULL DEFAULT '',
        risk_to_self    TEXT CHECK (risk_to_self IN ('none', 'low', 'moderate', 'high')),
        risk_to_others  TEXT CHECK (risk_to_others IN ('none', 'low', 'moderate', 'high')),
        safety_plan     TEXT NOT NULL DEFAULT '',
        duty_to_warn    TEXT CHECK (duty_to_warn IN ('applies', 'does_not_apply')),
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        CHECK (end_time > start_time)
    ) STRICT;
    CREATE INDEX sessions_by_client ON sessions (client_id, date, start_time);
    CREATE INDEX sessions_scheduled ON sessions (date, start_time) WHERE attendance = 'scheduled';

    CREATE TABLE note_ids (
        id  INTEGER PRIMARY KEY AUTOINCREMENT
    ) STRICT;

    CREATE TABLE notes (
        id            INTEGER PRIMARY KEY REFERENCES note_ids (id),
        client_id     INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        session_id    INTEGER REFERENCES sessions (id),
        kind          TEXT NOT NULL CHECK (kind IN ('progress', 'contact', 'discharge')),
        template      TEXT NOT NULL CHECK (template IN ('soap', 'dap', 'birp', 'free_text')),
        status        TEXT NOT NULL CHECK (status IN ('private', 'shareable')),
        note_date     TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        revision      INTEGER NOT NULL DEFAULT 0,
        signed_at     TEXT,
        content_hash  TEXT,
        section_1     TEXT NOT NULL DEFAULT '',
        section_2     TEXT NOT NULL DEFAULT '',
        section_3     TEXT NOT NULL DEFAULT '',
        section_4     TEXT NOT NULL DEFAULT '',
        addenda_text  TEXT NOT NULL DEFAULT '',
        tags          TEXT GENERATED ALWAYS AS ('zzc' || client_id || ' zzk' || kind || ' zzs' || status) VIRTUAL,
        CHECK ((signed_at IS NULL) = (content_hash IS NULL))
    ) STRICT;
    CREATE INDEX notes_by_client
        ON notes (client_id, note_date, id, kind, template, status, signed_at, session_id, created_at);
    CREATE INDEX notes_drafts ON notes (note_date, client_id) WHERE signed_at IS NULL;
    CREATE INDEX notes_by_session ON notes (session_id) WHERE session_id IS NOT NULL;
    CREATE TRIGGER notes_signed_content_is_locked BEFORE UPDATE ON notes
    WHEN OLD.signed_at IS NOT NULL AND (
        NEW.section_1 IS NOT OLD.section_1 OR NEW.section_2 IS NOT OLD.section_2
        OR NEW.section_3 IS NOT OLD.section_3 OR NEW.section_4 IS NOT OLD.section_4
        OR NEW.template IS NOT OLD.template OR NEW.kind IS NOT OLD.kind
        OR NEW.client_id IS NOT OLD.client_id OR NEW.session_id IS NOT OLD.session_id
        OR NEW.note_date IS NOT OLD.note_date OR NEW.revision IS NOT OLD.revision
        OR NEW.signed_at IS NOT OLD.signed_at OR NEW.content_hash IS NOT OLD.content_hash
        OR NEW.created_at IS NOT OLD.created_at OR NEW.id IS NOT OLD.id)
    BEGIN
        SELECT RAISE(ABORT, 'a signed note cannot be changed');
    END;
    CREATE TRIGGER notes_signed_are_kept BEFORE DELETE ON notes
    WHEN OLD.signed_at IS NOT NULL AND EXISTS (SELECT 1 FROM clients WHERE id = OLD.client_id)
    BEGIN
        SELECT RAISE(ABORT, 'a signed note cannot be deleted');
    END;
    CREATE VIRTUAL TABLE notes_fts USING fts5 (
        section_1, section_2, section_3, section_4, addenda_text, tags,
        content = 'notes', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    );
    CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
        INSERT INTO notes_fts (rowid, section_1, section_2, section_3, section_4, addenda_text, tags)
        VALUES (NEW.id, NEW.section_1, NEW.section_2, NEW.section_3, NEW.section_4, NEW.addenda_text, NEW.tags);
    END;
    CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
        INSERT INTO notes_fts (notes_fts, rowid, section_1, section_2, section_3, section_4, addenda_text, tags)
        VALUES ('delete', OLD.id, OLD.section_1, OLD.section_2, OLD.section_3, OLD.section_4, OLD.addenda_text, OLD.tags);
    END;
    CREATE TRIGGER notes_fts_update
    AFTER UPDATE OF section_1, section_2, section_3, section_4, addenda_text, client_id, kind, status ON notes BEGIN
        INSERT INTO notes_fts (notes_fts, rowid, section_1, section_2, section_3, section_4, addenda_text, tags)
        VALUES ('delete', OLD.id, OLD.section_1, OLD.section_2, OLD.section_3, OLD.section_4, OLD.addenda_text, OLD.tags);
        INSERT INTO notes_fts (rowid, section_1, section_2, section_3, section_4, addenda_text, tags)
        VALUES (NEW.id, NEW.section_1, NEW.section_2, NEW.section_3, NEW.section_4, NEW.addenda_text, NEW.tags);
    END;
    CREATE TABLE addenda (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        note_id       INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
        client_id     INTEGER NOT NULL,
        added_at      TEXT NOT NULL,
        text          TEXT NOT NULL,
        content_hash  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX addenda_by_note ON addenda (note_id, added_at);
    CREATE INDEX addenda_by_client ON addenda (client_id, added_at, note_id);
    CREATE TRIGGER addenda_are_locked BEFORE UPDATE ON addenda
    BEGIN
        SELECT RAISE(ABORT, 'an addendum cannot be changed');
    END;
    CREATE TRIGGER addenda_are_kept BEFORE DELETE ON addenda
    WHEN EXISTS (SELECT 1 FROM clients WHERE id = OLD.client_id)
    BEGIN
        SELECT RAISE(ABORT, 'an addendum cannot be deleted');
    END;
    CREATE TABLE psychotherapy_notes (
        id            INTEGER PRIMARY KEY REFERENCES note_ids (id),
        client_id     INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        session_id    INTEGER REFERENCES sessions (id),
        kind          TEXT NOT NULL CHECK (kind = 'psychotherapy'),
        template      TEXT NOT NULL CHECK (template = 'free_text'),
        status        TEXT NOT NULL CHECK (status = 'protected'),
        note_date     TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        revision      INTEGER NOT NULL DEFAULT 0,
        signed_at     TEXT,
        content_hash  TEXT,
        section_1     TEXT NOT NULL DEFAULT '',
        section_2     TEXT NOT NULL DEFAULT '',
        section_3     TEXT NOT NULL DEFAULT '',
        section_4     TEXT NOT NULL DEFAULT '',
        addenda_text  TEXT NOT NULL DEFAULT '',
        tags          TEXT GENERATED ALWAYS AS ('zzc' || client_id || ' zzk' || kind || ' zzs' || status) VIRTUAL,
        CHECK ((signed_at IS NULL) = (content_hash IS NULL))
    ) STRICT;
    CREATE INDEX psychotherapy_notes_by_client
        ON psychotherapy_notes (client_id, note_date, id, kind, template, status, signed_at, session_id, created_at);
    CREATE INDEX psychotherapy_notes_drafts ON psychotherapy_notes (note_date, client_id) WHERE signed_at IS NULL;
    CREATE INDEX psychotherapy_notes_by_session ON psychotherapy_notes (session_id) WHERE session_id IS NOT NULL;
    CREATE TRIGGER psychotherapy_notes_signed_content_is_locked BEFORE UPDATE ON psychotherapy_notes
    WHEN OLD.signed_at IS NOT NULL AND (
        NEW.section_1 IS NOT OLD.section_1 OR NEW.section_2 IS NOT OLD.section_2
        OR NEW.section_3 IS NOT OLD.section_3 OR NEW.section_4 IS NOT OLD.section_4
        OR NEW.template IS NOT OLD.template OR NEW.kind IS NOT OLD.kind
        OR NEW.client_id IS NOT OLD.client_id OR NEW.session_id IS NOT OLD.session_id
        OR NEW.note_date IS NOT OLD.note_date OR NEW.revision IS NOT OLD.revision
        OR NEW.signed_at IS NOT OLD.signed_at OR NEW.content_hash IS NOT OLD.content_hash
        OR NEW.created_at IS NOT OLD.created_at OR NEW.id IS NOT OLD.id)
    BEGIN
        SELECT RAISE(ABORT, 'a signed note cannot be changed');
    END;
    CREATE TRIGGER psychotherapy_notes_signed_are_kept BEFORE DELETE ON psychotherapy_notes
    WHEN OLD.signed_at IS NOT NULL AND EXISTS (SELECT 1 FROM clients WHERE id = OLD.client_id)
    BEGIN
        SELECT RAISE(ABORT, 'a signed note cannot be deleted');
    END;
    CREATE VIRTUAL TABLE psychotherapy_notes_fts USING fts5 (
        section_1, section_2, section_3, section_4, addenda_text, tags,
        content = 'psychotherapy_notes', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    );
    CREATE TRIGGER psychotherapy_notes_fts_insert AFTER INSERT ON psychotherapy_notes BEGIN
        INSERT INTO psychotherapy_notes_fts (rowid, section_1, section_2, section_3, section_4, addenda_text, tags)
        VALUES (NEW.id, NEW.section_1, NEW.section_2, NEW.section_3, NEW.section_4, NEW.addenda_text, NEW.tags);
    END;
    CREATE TRIGGER psychotherapy_notes_fts_delete AFTER DELETE ON psychotherapy_notes BEGIN
        INSERT INTO psychotherapy_notes_fts (psychotherapy_notes_fts, rowid, section_1, section_2, section_3, section_4, addenda_text, tags)
        VALUES ('delete', OLD.id, OLD.section_1, OLD.section_2, OLD.section_3, OLD.section_4, OLD.addenda_text, OLD.tags);
    END;
    CREATE TRIGGER psychotherapy_notes_fts_update
    AFTER UPDATE OF section_1, section_2, section_3, section_4, addenda_text, client_id, kind, status ON psychotherapy_notes BEGIN
        INSERT INTO psychotherapy_notes_fts (psychotherapy_notes_fts, rowid, section_1, section_2, section_3, section_4, addenda_text, tags)
        VALUES ('delete', OLD.id, OLD.section_1, OLD.section_2, OLD.section_3, OLD.section_4, OLD.addenda_text, OLD.tags);
        INSERT INTO psychotherapy_notes_fts (rowid, section_1, section_2, section_3, section_4, addenda_text, tags)
        VALUES (NEW.id, NEW.section_1, NEW.section_2, NEW.section_3, NEW.section_4, NEW.addenda_text, NEW.tags);
    END;
    CREATE TABLE psychotherapy_addenda (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        note_id       INTEGER NOT NULL REFERENCES psychotherapy_notes (id) ON DELETE CASCADE,
        client_id     INTEGER NOT NULL,
        added_at      TEXT NOT NULL,
        text          TEXT NOT NULL,
        content_hash  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX psychotherapy_addenda_by_note ON psychotherapy_addenda (note_id, added_at);
    CREATE INDEX psychotherapy_addenda_by_client ON psychotherapy_addenda (client_id, added_at, note_id);
    CREATE TRIGGER psychotherapy_addenda_are_locked BEFORE UPDATE ON psychotherapy_addenda
    BEGIN
        SELECT RAISE(ABORT, 'an addendum cannot be changed');
    END;
    CREATE TRIGGER psychotherapy_addenda_are_kept BEFORE DELETE ON psychotherapy_addenda
    WHEN EXISTS (SELECT 1 FROM clients WHERE id = OLD.client_id)
    BEGIN
        SELECT RAISE(ABORT, 'an addendum cannot be deleted');
    END;

    CREATE TABLE dictionary_words (
        word      TEXT PRIMARY KEY,
        added_at  TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;",
    // 4: consent. The practice profile (one row, JSON), every saved version of every form
    // (never changed once written), and the signatures recorded from paper.
    "CREATE TABLE practice_profile (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        profile  TEXT NOT NULL
    ) STRICT;
    CREATE TABLE form_templates (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        kind          TEXT NOT NULL,
        version       INTEGER NOT NULL CHECK (version >= 1),
        body          TEXT NOT NULL,
        content_hash  TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        UNIQUE (kind, version)
    ) STRICT;
    CREATE TRIGGER form_templates_are_kept BEFORE UPDATE ON form_templates
    BEGIN
        SELECT RAISE(ABORT, 'a saved form version cannot be changed');
    END;
    CREATE TRIGGER form_templates_are_not_deleted BEFORE DELETE ON form_templates
    BEGIN
        SELECT RAISE(ABORT, 'a saved form version cannot be deleted');
    END;
    CREATE TABLE consent_signatures (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        template_id  INTEGER NOT NULL REFERENCES form_templates (id),
        signed_on    TEXT NOT NULL,
        signed_by    TEXT NOT NULL CHECK (signed_by IN ('client', 'representative')),
        recorded_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX consent_signatures_by_client ON consent_signatures (client_id, template_id, signed_on);
    CREATE INDEX consent_signatures_by_template ON consent_signatures (template_id);",
    // 5: disclosure. Authorizations (a signed one's terms cannot change and it cannot be
    // deleted; only its revocation or the end of its expiry event is recorded), the disclosure
    // ledger (append-only and hash-chained: no update or delete, except that destroying a
    // client's record blanks its entries' content and keeps their hashes, so the chain still
    // verifies), and accounting requests.
    "CREATE TABLE authorizations (
        id                      INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id               INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        kind                    TEXT NOT NULL CHECK (kind IN ('release', 'psychotherapy_notes')),
        recipient_name          TEXT NOT NULL,
        recipient_organisation  TEXT NOT NULL DEFAULT '',
        recipient_address       TEXT NOT NULL DEFAULT '',
        recipient_phone         TEXT NOT NULL DEFAULT '',
        categories              TEXT NOT NULL,
        purpose                 TEXT NOT NULL,
        effective_on            TEXT NOT NULL,
        expires_on              TEXT,
        expiry_event            TEXT NOT NULL DEFAULT '',
        signed_on               TEXT,
        signed_by               TEXT CHECK (signed_by IN ('client', 'representative')),
        template_id             INTEGER REFERENCES form_templates (id),
        event_occurred_on       TEXT,
        revoked_on              TEXT,
        revoked_how             TEXT NOT NULL DEFAULT '',
        created_at              TEXT NOT NULL,
        updated_at              TEXT NOT NULL,
        CHECK (expires_on IS NOT NULL OR expiry_event <> ''),
        CHECK (expires_on IS NULL OR expires_on >= effective_on),
        CHECK ((signed_on IS NULL) = (signed_by IS NULL))
    ) STRICT;
    CREATE INDEX authorizations_by_client ON authorizations (client_id, effective_on);
    CREATE TRIGGER authorizations_signed_terms_are_locked BEFORE UPDATE ON authorizations
    WHEN OLD.signed_on IS NOT NULL AND (
        NEW.client_id IS NOT OLD.client_id OR NEW.kind IS NOT OLD.kind
        OR NEW.recipient_name IS NOT OLD.recipient_name
        OR NEW.recipient_organisation IS NOT OLD.recipient_organisation
        OR NEW.recipient_address IS NOT OLD.recipient_address
        OR NEW.recipient_phone IS NOT OLD.recipient_phone
        OR NEW.categories IS NOT OLD.categories OR NEW.purpose IS NOT OLD.purpose
        OR NEW.effective_on IS NOT OLD.effective_on OR NEW.expires_on IS NOT OLD.expires_on
        OR NEW.expiry_event IS NOT OLD.expiry_event OR NEW.signed_on IS NOT OLD.signed_on
        OR NEW.signed_by IS NOT OLD.signed_by OR NEW.template_id IS NOT OLD.template_id
        OR (OLD.revoked_on IS NOT NULL AND NEW.revoked_on IS NOT OLD.revoked_on)
        OR (OLD.event_occurred_on IS NOT NULL AND NEW.event_occurred_on IS NOT OLD.event_occurred_on))
    BEGIN
        SELECT RAISE(ABORT, 'a signed authorization cannot be changed');
    END;
    CREATE TRIGGER authorizations_signed_are_kept BEFORE DELETE ON authorizations
    WHEN OLD.signed_on IS NOT NULL AND EXISTS (SELECT 1 FROM clients WHERE id = OLD.client_id)
    BEGIN
        SELECT RAISE(ABORT, 'a signed authorization cannot be deleted');
    END;

    CREATE TABLE disclosure_ledger (
        seq                INTEGER PRIMARY KEY,
        recorded_at        TEXT NOT NULL,
        client_id          INTEGER NOT NULL,
        kind               TEXT NOT NULL,
        accountable        INTEGER NOT NULL CHECK (accountable IN (0, 1)),
        corrects           INTEGER REFERENCES disclosure_ledger (seq),
        disclosed_at       TEXT NOT NULL DEFAULT '',
        basis              TEXT NOT NULL DEFAULT '',
        authorization_id   INTEGER,
        recipient_name     TEXT NOT NULL DEFAULT '',
        recipient_address  TEXT NOT NULL DEFAULT '',
        description        TEXT NOT NULL DEFAULT '',
        purpose            TEXT NOT NULL DEFAULT '',
        note_ids           TEXT NOT NULL DEFAULT '',
        method             TEXT NOT NULL DEFAULT '',
        reference          TEXT NOT NULL DEFAULT '',
        client_informed    TEXT NOT NULL DEFAULT '',
        redacted           INTEGER NOT NULL DEFAULT 0 CHECK (redacted IN (0, 1)),
        body_hash          TEXT NOT NULL,
        prev_hash          TEXT NOT NULL,
        hash               TEXT NOT NULL
    ) STRICT;
    CREATE INDEX disclosure_ledger_by_client ON disclosure_ledger (client_id, seq);
    CREATE TRIGGER disclosure_ledger_is_append_only BEFORE UPDATE ON disclosure_ledger
    WHEN NOT (
        OLD.redacted = 0 AND NEW.redacted = 1
        AND NOT EXISTS (SELECT 1 FROM clients WHERE id = OLD.client_id)
        AND NEW.seq IS OLD.seq AND NEW.recorded_at IS OLD.recorded_at AND NEW.client_id IS OLD.client_id
        AND NEW.kind IS OLD.kind AND NEW.accountable IS OLD.accountable AND NEW.corrects IS OLD.corrects
        AND NEW.body_hash IS OLD.body_hash AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash
        AND NEW.disclosed_at = '' AND NEW.basis = '' AND NEW.authorization_id IS NULL
        AND NEW.recipient_name = '' AND NEW.recipient_address = '' AND NEW.description = ''
        AND NEW.purpose = '' AND NEW.note_ids = '' AND NEW.method = '' AND NEW.reference = ''
        AND NEW.client_informed = '')
    BEGIN
        SELECT RAISE(ABORT, 'a ledger entry cannot be changed');
    END;
    CREATE TRIGGER disclosure_ledger_is_kept BEFORE DELETE ON disclosure_ledger
    BEGIN
        SELECT RAISE(ABORT, 'a ledger entry cannot be deleted');
    END;
    CREATE TRIGGER disclosure_ledger_forgets_a_destroyed_record AFTER DELETE ON clients
    BEGIN
        UPDATE disclosure_ledger SET redacted = 1, disclosed_at = '', basis = '', authorization_id = NULL,
            recipient_name = '', recipient_address = '', description = '', purpose = '', note_ids = '',
            method = '', reference = '', client_informed = ''
        WHERE client_id = OLD.id AND redacted = 0;
    END;

    CREATE TABLE accounting_requests (
        id                INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id         INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        requested_on      TEXT NOT NULL,
        extended_on       TEXT,
        extension_reason  TEXT NOT NULL DEFAULT '',
        provided_on       TEXT,
        created_at        TEXT NOT NULL
    ) STRICT;
    CREATE INDEX accounting_requests_by_client ON accounting_requests (client_id, requested_on);",
    // 6: perinatal measures. Answers as marked on the paper form; the total and the self-harm
    // flag are stored at entry (the key never changes); the alert closes when the linked safety
    // note is signed.
    "CREATE TABLE measures (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id       INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        kind            TEXT NOT NULL CHECK (kind IN ('epds', 'phq9', 'gad7')),
        taken_on        TEXT NOT NULL,
        answers         TEXT NOT NULL,
        total           INTEGER NOT NULL CHECK (total >= 0),
        self_harm       INTEGER NOT NULL CHECK (self_harm IN (0, 1)),
        safety_note_id  INTEGER REFERENCES note_ids (id),
        recorded_at     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX measures_by_client ON measures (client_id, taken_on, id);",
    // 7: the Today screen lists today's and tomorrow's sessions of every client.
    "CREATE INDEX sessions_by_date ON sessions (date, start_time);",
    // 8: a client's timeline reads her sessions from this index alone; it replaces
    // sessions_by_client, its first three columns.
    "CREATE INDEX sessions_timeline ON sessions
        (client_id, date, start_time, id, end_time, kind, modality, attendance, risk_to_self, risk_to_others, duty_to_warn);
    DROP INDEX sessions_by_client;",
    // 9: the law, exactly. Legal holds (a hold is lifted once, never deleted while the client is
    // in the register), subpoenas with their next steps (append-only), the last attended
    // session kept on the client (the last service unless she sets it by hand, with a reason),
    // and an accounting asked for a shorter period.
    "CREATE TABLE subpoenas (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        received_on  TEXT NOT NULL,
        served_by    TEXT NOT NULL,
        court        TEXT NOT NULL DEFAULT '',
        case_number  TEXT NOT NULL DEFAULT '',
        deadline     TEXT,
        asks_for     TEXT NOT NULL DEFAULT '',
        created_at   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX subpoenas_by_client ON subpoenas (client_id, received_on);
    CREATE TABLE subpoena_steps (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        subpoena_id  INTEGER NOT NULL REFERENCES subpoenas (id) ON DELETE CASCADE,
        step         TEXT NOT NULL
                     CHECK (step IN ('client_told', 'authorization_asked', 'privilege_asserted', 'objected', 'response')),
        done_on      TEXT NOT NULL,
        note         TEXT NOT NULL DEFAULT '',
        recorded_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX subpoena_steps_by_subpoena ON subpoena_steps (subpoena_id, id);
    CREATE TRIGGER subpoena_steps_are_kept BEFORE UPDATE ON subpoena_steps
    BEGIN
        SELECT RAISE(ABORT, 'a recorded step cannot be changed');
    END;
    CREATE TABLE legal_holds (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        reason       TEXT NOT NULL CHECK (reason IN ('subpoena', 'complaint', 'lawsuit', 'other')),
        detail       TEXT NOT NULL DEFAULT '',
        subpoena_id  INTEGER REFERENCES subpoenas (id) ON DELETE CASCADE,
        placed_on    TEXT NOT NULL,
        lifted_on    TEXT,
        lift_reason  TEXT NOT NULL DEFAULT '',
        created_at   TEXT NOT NULL,
        CHECK (lifted_on IS NULL OR lifted_on >= placed_on)
    ) STRICT;
    CREATE INDEX legal_holds_by_client ON legal_holds (client_id, lifted_on);
    CREATE TRIGGER legal_holds_are_lifted_once BEFORE UPDATE ON legal_holds
    WHEN OLD.lifted_on IS NOT NULL OR NEW.client_id IS NOT OLD.client_id OR NEW.reason IS NOT OLD.reason
        OR NEW.detail IS NOT OLD.detail OR NEW.subpoena_id IS NOT OLD.subpoena_id
        OR NEW.placed_on IS NOT OLD.placed_on OR NEW.created_at IS NOT OLD.created_at
    BEGIN
        SELECT RAISE(ABORT, 'a legal hold is only lifted, once');
    END;
    CREATE TRIGGER legal_holds_are_kept BEFORE DELETE ON legal_holds
    WHEN EXISTS (SELECT 1 FROM clients WHERE id = OLD.client_id)
    BEGIN
        SELECT RAISE(ABORT, 'a legal hold cannot be deleted');
    END;
    ALTER TABLE clients ADD COLUMN last_attended_on TEXT;
    ALTER TABLE clients ADD COLUMN last_service_reason TEXT NOT NULL DEFAULT '';
    UPDATE clients SET last_attended_on =
        (SELECT max(date) FROM sessions s WHERE s.client_id = clients.id AND s.attendance = 'attended');
    UPDATE clients SET last_service_reason = 'Entered by hand before Confidant read it from the attended sessions'
        WHERE last_service_date IS NOT NULL;
    ALTER TABLE accounting_requests ADD COLUMN period_from TEXT;",
    // 10: an authorization keeps what the signed paper says: the dates of service it covers,
    // whether conversations with the recipient are allowed, and "other" in her words. Its
    // signed terms are locked as before, these columns with them.
    "ALTER TABLE authorizations ADD COLUMN covers_from TEXT;
    ALTER TABLE authorizations ADD COLUMN covers_to TEXT
        CHECK (covers_to IS NULL OR covers_from IS NULL OR covers_to >= covers_from);
    ALTER TABLE authorizations ADD COLUMN conversations INTEGER NOT NULL DEFAULT 0 CHECK (conversations IN (0, 1));
    ALTER TABLE authorizations ADD COLUMN other_information TEXT NOT NULL DEFAULT '';
    DROP TRIGGER authorizations_signed_terms_are_locked;
    CREATE TRIGGER authorizations_signed_terms_are_locked BEFORE UPDATE ON authorizations
    WHEN OLD.signed_on IS NOT NULL AND (
        NEW.client_id IS NOT OLD.client_id OR NEW.kind IS NOT OLD.kind
        OR NEW.recipient_name IS NOT OLD.recipient_name
        OR NEW.recipient_organisation IS NOT OLD.recipient_organisation
        OR NEW.recipient_address IS NOT OLD.recipient_address
        OR NEW.recipient_phone IS NOT OLD.recipient_phone
        OR NEW.categories IS NOT OLD.categories OR NEW.purpose IS NOT OLD.purpose
        OR NEW.effective_on IS NOT OLD.effective_on OR NEW.expires_on IS NOT OLD.expires_on
        OR NEW.expiry_event IS NOT OLD.expiry_event
        OR NEW.covers_from IS NOT OLD.covers_from OR NEW.covers_to IS NOT OLD.covers_to
        OR NEW.conversations IS NOT OLD.conversations OR NEW.other_information IS NOT OLD.other_information
        OR NEW.signed_on IS NOT OLD.signed_on
        OR NEW.signed_by IS NOT OLD.signed_by OR NEW.template_id IS NOT OLD.template_id
        OR (OLD.revoked_on IS NOT NULL AND NEW.revoked_on IS NOT OLD.revoked_on)
        OR (OLD.event_occurred_on IS NOT NULL AND NEW.event_occurred_on IS NOT OLD.event_occurred_on))
    BEGIN
        SELECT RAISE(ABORT, 'a signed authorization cannot be changed');
    END;",
    // 11: the audit trail is append-only, like the ledger: no entry can be changed or deleted,
    // even by SQL that bypasses the core (the chain shows it if the guards are dropped).
    "CREATE TRIGGER audit_is_append_only BEFORE UPDATE ON audit
    BEGIN
        SELECT RAISE(ABORT, 'an audit entry cannot be changed');
    END;
    CREATE TRIGGER audit_is_kept BEFORE DELETE ON audit
    BEGIN
        SELECT RAISE(ABORT, 'an audit entry cannot be deleted');
    END;",
    // 12: automatic backups no longer keep an identity of their own in the vault (each backup is
    // checked with a key made for it alone); the one older versions stored, and copied into
    // every backup image, goes.
    "DELETE FROM settings WHERE key = 'backup.auto_identity';",
    // 13: the clinical record (docs/DOMAIN.md section 10). Codes she adds where the shipped ICD-10-CM
    // list lacks one; diagnoses, never changed: a change is a new entry that `replaces` the old
    // one (once), and a client has at most one current primary; treatment plans in
    // versions (a signed version cannot change), their goals (one identity across versions,
    // which reviews and progress notes point at), append-only reviews, and the goals a progress
    // note worked on (fixed once the note is signed). `search_key` columns are folded text.
    "CREATE TABLE custom_codes (
        code        TEXT PRIMARY KEY,
        label       TEXT NOT NULL,
        created_at  TEXT NOT NULL
    ) STRICT;
    CREATE TABLE diagnoses (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        code         TEXT NOT NULL,
        label        TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('provisional', 'working', 'resolved', 'ruled_out')),
        is_primary   INTEGER NOT NULL CHECK (is_primary IN (0, 1)),
        from_on      TEXT NOT NULL,
        to_on        TEXT,
        replaces     INTEGER REFERENCES diagnoses (id),
        recorded_at  TEXT NOT NULL,
        search_key   TEXT NOT NULL,
        CHECK (to_on IS NULL OR to_on >= from_on),
        CHECK (is_primary = 0 OR status IN ('provisional', 'working'))
    ) STRICT;
    CREATE INDEX diagnoses_by_client ON diagnoses (client_id, from_on);
    CREATE UNIQUE INDEX diagnoses_replaced_once ON diagnoses (replaces) WHERE replaces IS NOT NULL;
    CREATE TRIGGER diagnoses_one_primary BEFORE INSERT ON diagnoses
    WHEN NEW.is_primary = 1 AND EXISTS (
        SELECT 1 FROM diagnoses d WHERE d.client_id = NEW.client_id AND d.is_primary = 1
            AND d.id IS NOT NEW.replaces AND NOT EXISTS (SELECT 1 FROM diagnoses r WHERE r.replaces = d.id))
    BEGIN
        SELECT RAISE(ABORT, 'a client has one primary diagnosis at a time');
    END;
    CREATE TRIGGER diagnoses_are_kept BEFORE UPDATE ON diagnoses
    BEGIN
        SELECT RAISE(ABORT, 'a recorded diagnosis cannot be changed: record a new entry');
    END;
    CREATE TRIGGER diagnoses_are_not_deleted BEFORE DELETE ON diagnoses
    WHEN EXISTS (SELECT 1 FROM clients WHERE id = OLD.client_id)
    BEGIN
        SELECT RAISE(ABORT, 'a recorded diagnosis cannot be deleted');
    END;

    CREATE TABLE treatment_plans (
        id                   INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id            INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        version              INTEGER NOT NULL CHECK (version >= 1),
        written_on           TEXT NOT NULL,
        presenting_problems  TEXT NOT NULL,
        interventions        TEXT NOT NULL,
        modality             TEXT NOT NULL DEFAULT '',
        frequency            TEXT NOT NULL,
        measures             TEXT NOT NULL DEFAULT '',
        review_every_days    INTEGER NOT NULL CHECK (review_every_days BETWEEN 7 AND 365),
        signed_on            TEXT,
        signed_by            TEXT CHECK (signed_by IN ('client', 'representative')),
        template_id          INTEGER REFERENCES form_templates (id),
        content_hash         TEXT NOT NULL,
        search_key           TEXT NOT NULL,
        created_at           TEXT NOT NULL,
        updated_at           TEXT NOT NULL,
        UNIQUE (client_id, version),
        CHECK ((signed_on IS NULL) = (signed_by IS NULL))
    ) STRICT;
    CREATE TRIGGER treatment_plans_signed_are_locked BEFORE UPDATE ON treatment_plans
    WHEN OLD.signed_on IS NOT NULL
    BEGIN
        SELECT RAISE(ABORT, 'a signed treatment plan cannot be changed: write a new version');
    END;
    CREATE TRIGGER treatment_plans_are_kept BEFORE DELETE ON treatment_plans
    WHEN EXISTS (SELECT 1 FROM clients WHERE id = OLD.client_id)
    BEGIN
        SELECT RAISE(ABORT, 'a treatment plan cannot be deleted');
    END;
    CREATE TABLE plan_goals (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        created_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX plan_goals_by_client ON plan_goals (client_id);
    CREATE TABLE plan_goal_texts (
        plan_id     INTEGER NOT NULL REFERENCES treatment_plans (id) ON DELETE CASCADE,
        goal_id     INTEGER NOT NULL REFERENCES plan_goals (id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        goal        TEXT NOT NULL,
        objectives  TEXT NOT NULL,
        target_on   TEXT,
        PRIMARY KEY (plan_id, goal_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX plan_goal_texts_by_goal ON plan_goal_texts (goal_id);
    CREATE TRIGGER plan_goal_texts_of_a_signed_plan_are_locked BEFORE INSERT ON plan_goal_texts
    WHEN (SELECT signed_on FROM treatment_plans WHERE id = NEW.plan_id) IS NOT NULL
    BEGIN
        SELECT RAISE(ABORT, 'a signed treatment plan cannot be changed: write a new version');
    END;
    CREATE TRIGGER plan_goal_texts_are_changed_only_before_signing BEFORE UPDATE ON plan_goal_texts
    WHEN (SELECT signed_on FROM treatment_plans WHERE id = OLD.plan_id) IS NOT NULL
    BEGIN
        SELECT RAISE(ABORT, 'a signed treatment plan cannot be changed: write a new version');
    END;
    CREATE TRIGGER plan_goal_texts_are_kept BEFORE DELETE ON plan_goal_texts
    WHEN (SELECT signed_on FROM treatment_plans WHERE id = OLD.plan_id) IS NOT NULL
        AND EXISTS (SELECT 1 FROM treatment_plans p JOIN clients c ON c.id = p.client_id WHERE p.id = OLD.plan_id)
    BEGIN
        SELECT RAISE(ABORT, 'a signed treatment plan cannot be changed: write a new version');
    END;
    CREATE TABLE plan_reviews (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id       INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        plan_id         INTEGER NOT NULL REFERENCES treatment_plans (id) ON DELETE CASCADE,
        reviewed_on     TEXT NOT NULL,
        changes         TEXT NOT NULL DEFAULT '',
        next_review_on  TEXT NOT NULL,
        recorded_at     TEXT NOT NULL,
        CHECK (next_review_on > reviewed_on)
    ) STRICT;
    CREATE INDEX plan_reviews_by_client ON plan_reviews (client_id, reviewed_on);
    CREATE TABLE plan_review_goals (
        review_id  INTEGER NOT NULL REFERENCES plan_reviews (id) ON DELETE CASCADE,
        goal_id    INTEGER NOT NULL REFERENCES plan_goals (id) ON DELETE CASCADE,
        progress   TEXT NOT NULL DEFAULT '',
        status     TEXT NOT NULL CHECK (status IN ('open', 'met', 'changed', 'dropped')),
        PRIMARY KEY (review_id, goal_id)
    ) STRICT, WITHOUT ROWID;
    CREATE TRIGGER plan_reviews_are_kept BEFORE UPDATE ON plan_reviews
    BEGIN
        SELECT RAISE(ABORT, 'a recorded review cannot be changed');
    END;
    CREATE TRIGGER plan_reviews_are_not_deleted BEFORE DELETE ON plan_reviews
    WHEN EXISTS (SELECT 1 FROM clients WHERE id = OLD.client_id)
    BEGIN
        SELECT RAISE(ABORT, 'a recorded review cannot be deleted');
    END;
    CREATE TRIGGER plan_review_goals_are_kept BEFORE UPDATE ON plan_review_goals
    BEGIN
        SELECT RAISE(ABORT, 'a recorded review cannot be changed');
    END;
    CREATE TABLE note_goals (
        note_id  INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
        goal_id  INTEGER NOT NULL REFERENCES plan_goals (id) ON DELETE CASCADE,
        PRIMARY KEY (note_id, goal_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX note_goals_by_goal ON note_goals (goal_id);
    CREATE TRIGGER note_goals_of_a_signed_note_are_locked BEFORE INSERT ON note_goals
    WHEN (SELECT signed_at FROM notes WHERE id = NEW.note_id) IS NOT NULL
    BEGIN
        SELECT RAISE(ABORT, 'a signed note cannot be changed');
    END;
    CREATE TRIGGER note_goals_of_a_signed_note_are_kept BEFORE DELETE ON note_goals
    WHEN EXISTS (SELECT 1 FROM notes n JOIN clients c ON c.id = n.client_id
                 WHERE n.id = OLD.note_id AND n.signed_at IS NOT NULL)
    BEGIN
        SELECT RAISE(ABORT, 'a signed note cannot be changed');
    END;",
    // 14: the schedule (docs/DOMAIN.md section 11). Appointments stay sessions: a series rule and each
    // occurrence's place in it, what happened besides attendance (cancelled in time, cancelled by
    // the therapist, rescheduled with a link to the new time) and when that was recorded, her
    // working hours (Monday to Friday, 9 to 5, until she sets hers) and her days away. SQLite
    // cannot widen a check, so the sessions table is rebuilt under the same ids, its sequence
    // kept; foreign keys are deferred meanwhile so the notes pointing at sessions find them again
    // before the commit checks them.
    "PRAGMA defer_foreign_keys = ON;
    CREATE TABLE appointment_series (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        repeat      TEXT NOT NULL CHECK (repeat IN ('weekly', 'every_other_week', 'every_four_weeks', 'monthly_weekday')),
        first_on    TEXT NOT NULL,
        until_on    TEXT,
        count       INTEGER CHECK (count > 0),
        created_at  TEXT NOT NULL,
        CHECK ((until_on IS NULL) <> (count IS NULL))
    ) STRICT;
    CREATE INDEX appointment_series_by_client ON appointment_series (client_id);
    CREATE TABLE sessions_before_14 AS SELECT * FROM sessions;
    CREATE TABLE sessions_sequence_before_14 AS SELECT seq FROM sqlite_sequence WHERE name = 'sessions';
    DROP TABLE sessions;
    CREATE TABLE sessions (
        id                   INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id            INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        date                 TEXT NOT NULL,
        start_time           TEXT NOT NULL,
        end_time             TEXT NOT NULL,
        kind                 TEXT NOT NULL CHECK (kind IN ('intake', 'individual', 'couple_family', 'consultation')),
        modality             TEXT NOT NULL CHECK (modality IN ('in_person', 'video', 'phone')),
        location_state       TEXT NOT NULL DEFAULT '',
        location_city        TEXT NOT NULL DEFAULT '',
        attendance           TEXT NOT NULL CHECK (attendance IN ('scheduled', 'attended', 'late_cancel', 'no_show',
                                 'cancelled', 'therapist_cancelled', 'rescheduled')),
        mood                 TEXT NOT NULL DEFAULT '',
        affect               TEXT NOT NULL DEFAULT '',
        risk_to_self         TEXT CHECK (risk_to_self IN ('none', 'low', 'moderate', 'high')),
        risk_to_others       TEXT CHECK (risk_to_others IN ('none', 'low', 'moderate', 'high')),
        safety_plan          TEXT NOT NULL DEFAULT '',
        duty_to_warn         TEXT CHECK (duty_to_warn IN ('applies', 'does_not_apply')),
        created_at           TEXT NOT NULL,
        updated_at           TEXT NOT NULL,
        series_id            INTEGER REFERENCES appointment_series (id) ON DELETE SET NULL,
        series_index         INTEGER CHECK (series_index >= 0),
        rescheduled_to       INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
        outcome_recorded_at  TEXT,
        CHECK (end_time > start_time),
        CHECK (rescheduled_to IS NULL OR attendance = 'rescheduled')
    ) STRICT;
    INSERT INTO sessions (id, client_id, date, start_time, end_time, kind, modality, location_state, location_city,
        attendance, mood, affect, risk_to_self, risk_to_others, safety_plan, duty_to_warn, created_at, updated_at)
    SELECT id, client_id, date, start_time, end_time, kind, modality, location_state, location_city,
        attendance, mood, affect, risk_to_self, risk_to_others, safety_plan, duty_to_warn, created_at, updated_at
    FROM sessions_before_14;
    UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM sessions_sequence_before_14))
        WHERE name = 'sessions' AND EXISTS (SELECT 1 FROM sessions_sequence_before_14);
    INSERT INTO sqlite_sequence (name, seq) SELECT 'sessions', seq FROM sessions_sequence_before_14
        WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'sessions');
    DROP TABLE sessions_before_14;
    DROP TABLE sessions_sequence_before_14;
    CREATE INDEX sessions_scheduled ON sessions (date, start_time) WHERE attendance = 'scheduled';
    CREATE INDEX sessions_by_date ON sessions (date, start_time);
    CREATE INDEX sessions_timeline ON sessions
        (client_id, date, start_time, id, end_time, kind, modality, attendance, risk_to_self, risk_to_others, duty_to_warn);
    CREATE INDEX sessions_by_series ON sessions (series_id, series_index) WHERE series_id IS NOT NULL;
    CREATE TABLE working_hours (
        weekday     INTEGER PRIMARY KEY CHECK (weekday BETWEEN 0 AND 6),
        start_time  TEXT NOT NULL,
        end_time    TEXT NOT NULL,
        CHECK (end_time > start_time)
    ) STRICT;
    INSERT INTO working_hours (weekday, start_time, end_time)
        VALUES (0, '09:00', '17:00'), (1, '09:00', '17:00'), (2, '09:00', '17:00'), (3, '09:00', '17:00'),
               (4, '09:00', '17:00');
    CREATE TABLE away_days (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        starts_on   TEXT NOT NULL,
        ends_on     TEXT NOT NULL,
        label       TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        CHECK (ends_on >= starts_on)
    ) STRICT;
    CREATE INDEX away_days_by_end ON away_days (ends_on);",
    // 15: the professional will (docs/DOMAIN.md section 13): her records custodian and where things
    // are kept, one row; the custodian key itself is a slot of the key file.
    "CREATE TABLE professional_will (
        id                 INTEGER PRIMARY KEY CHECK (id = 1),
        custodian_name     TEXT NOT NULL,
        custodian_license  TEXT NOT NULL,
        custodian_contact  TEXT NOT NULL,
        laptop_location    TEXT NOT NULL,
        backups_location   TEXT NOT NULL,
        updated_at         TEXT NOT NULL,
        reviewed_at        TEXT NOT NULL,
        packet_printed_at  TEXT
    ) STRICT;",
    // 16: the money (docs/DOMAIN.md section 12). Her fees per service, each from a date (a change
    // is a new row); a sliding-scale fee per client, also from a date (none: back to her fees);
    // each client's billing (self-pay, where telehealth usually happens); the money entries,
    // append-only in integer cents (charges positive, payments and waivers negative, a
    // correction a reversal of one entry, once); her NPI and tax ID for the papers; Good Faith
    // Estimates kept as issued. None of the money can be changed or deleted while its client's
    // record exists.
    "CREATE TABLE fees (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        service         TEXT NOT NULL CHECK (service IN ('intake', 'psychotherapy_30', 'psychotherapy_45',
                            'psychotherapy_60', 'family_without_client', 'family_with_client', 'crisis_60',
                            'crisis_added_30', 'late_cancel', 'no_show')),
        code            TEXT NOT NULL,
        label           TEXT NOT NULL,
        cents           INTEGER NOT NULL CHECK (cents >= 0),
        effective_from  TEXT NOT NULL,
        recorded_at     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX fees_in_force ON fees (service, effective_from, id);
    CREATE TRIGGER fees_are_kept BEFORE UPDATE ON fees
    BEGIN
        SELECT RAISE(ABORT, 'a fee cannot be changed: set a new fee from a date');
    END;
    CREATE TRIGGER fees_are_not_deleted BEFORE DELETE ON fees
    BEGIN
        SELECT RAISE(ABORT, 'a fee cannot be deleted');
    END;
    CREATE TABLE sliding_fees (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id       INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        cents           INTEGER CHECK (cents >= 0),
        effective_from  TEXT NOT NULL,
        recorded_at     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX sliding_fees_by_client ON sliding_fees (client_id, effective_from, id);
    CREATE TRIGGER sliding_fees_are_kept BEFORE UPDATE ON sliding_fees
    BEGIN
        SELECT RAISE(ABORT, 'a sliding fee cannot be changed: set a new one from a date');
    END;
    CREATE TRIGGER sliding_fees_are_not_deleted BEFORE DELETE ON sliding_fees
    WHEN EXISTS (SELECT 1 FROM clients WHERE id = OLD.client_id)
    BEGIN
        SELECT RAISE(ABORT, 'a sliding fee cannot be deleted');
    END;
    CREATE TABLE practice_billing (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        npi         TEXT NOT NULL,
        tax_id      TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    ) STRICT;
    CREATE TABLE client_billing (
        client_id         INTEGER PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
        self_pay          INTEGER NOT NULL CHECK (self_pay IN (0, 1)),
        telehealth_place  TEXT NOT NULL CHECK (telehealth_place IN ('02', '10')),
        updated_at        TEXT NOT NULL
    ) STRICT;
    CREATE TABLE money_entries (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        kind         TEXT NOT NULL CHECK (kind IN ('charge', 'payment', 'waiver', 'reversal')),
        on_date      TEXT NOT NULL,
        cents        INTEGER NOT NULL,
        session_id   INTEGER,
        service      TEXT NOT NULL DEFAULT '',
        code         TEXT NOT NULL DEFAULT '',
        label        TEXT NOT NULL DEFAULT '',
        modifier     TEXT NOT NULL DEFAULT '',
        place        TEXT NOT NULL DEFAULT '',
        units        INTEGER NOT NULL DEFAULT 0 CHECK (units >= 0),
        method       TEXT CHECK (method IN ('cash', 'check', 'card', 'transfer')),
        reference    TEXT NOT NULL DEFAULT '',
        reason       TEXT NOT NULL DEFAULT '',
        applies_to   INTEGER REFERENCES money_entries (id),
        recorded_at  TEXT NOT NULL,
        CHECK ((kind = 'charge' AND cents > 0 AND units > 0 AND service <> '' AND applies_to IS NULL)
            OR (kind = 'payment' AND cents < 0 AND applies_to IS NULL)
            OR (kind = 'waiver' AND cents < 0 AND applies_to IS NOT NULL AND reason <> '')
            OR (kind = 'reversal' AND cents <> 0 AND applies_to IS NOT NULL AND reason <> '')),
        CHECK ((kind = 'payment') = (method IS NOT NULL))
    ) STRICT;
    CREATE INDEX money_entries_by_client ON money_entries (client_id, on_date, id);
    CREATE INDEX money_entries_by_date ON money_entries (on_date, kind, cents, client_id, applies_to);
    CREATE INDEX money_entries_by_session ON money_entries (session_id) WHERE session_id IS NOT NULL;
    CREATE UNIQUE INDEX money_entries_reversed_once ON money_entries (applies_to) WHERE kind = 'reversal';
    CREATE INDEX money_entries_by_target ON money_entries (applies_to, kind) WHERE applies_to IS NOT NULL;
    CREATE TRIGGER money_entries_are_kept BEFORE UPDATE ON money_entries
    BEGIN
        SELECT RAISE(ABORT, 'a money entry cannot be changed: record a reversing entry');
    END;
    CREATE TRIGGER money_entries_are_not_deleted BEFORE DELETE ON money_entries
    WHEN EXISTS (SELECT 1 FROM clients WHERE id = OLD.client_id)
    BEGIN
        SELECT RAISE(ABORT, 'a money entry cannot be deleted: record a reversing entry');
    END;
    CREATE TABLE estimates (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id     INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        version       INTEGER NOT NULL CHECK (version > 0),
        issued_on     TEXT NOT NULL,
        period_from   TEXT NOT NULL,
        period_to     TEXT NOT NULL,
        total_cents   INTEGER NOT NULL CHECK (total_cents >= 0),
        content       TEXT NOT NULL,
        content_hash  TEXT NOT NULL,
        recorded_at   TEXT NOT NULL,
        UNIQUE (client_id, version),
        CHECK (period_to >= period_from)
    ) STRICT;
    CREATE TRIGGER estimates_are_kept BEFORE UPDATE ON estimates
    BEGIN
        SELECT RAISE(ABORT, 'an estimate is kept as issued: issue a new one');
    END;
    CREATE TRIGGER estimates_are_not_deleted BEFORE DELETE ON estimates
    WHEN EXISTS (SELECT 1 FROM clients WHERE id = OLD.client_id)
    BEGIN
        SELECT RAISE(ABORT, 'an estimate is kept as issued');
    END;",
    // 17: a client's request for a Good Faith Estimate, the day she asked (the estimate is due
    // within 3 business days, 45 CFR 149.610(b)(1)(vi)); kept as her record's history.
    "CREATE TABLE estimate_requests (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id     INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        requested_on  TEXT NOT NULL,
        recorded_at   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX estimate_requests_by_client ON estimate_requests (client_id, requested_on);",
];

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn apply(conn: &mut Connection) -> Result<(), VaultError> {
    apply_list(conn, MIGRATIONS)
}

pub(crate) fn apply_list(conn: &mut Connection, migrations: &[&str]) -> Result<(), VaultError> {
    let tx = conn.transaction()?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            sha256  TEXT NOT NULL
        ) STRICT;",
    )?;
    let current = checked_version(&tx, migrations)?;
    for (index, sql) in migrations.iter().enumerate().skip(current as usize) {
        let version = index as i64 + 1;
        tx.execute_batch(sql)?;
        tx.execute("INSERT INTO schema_migrations (version, sha256) VALUES (?1, ?2)", params![version, digest(sql)])?;
        tx.pragma_update(None, "user_version", version)?;
    }
    tx.commit()?;
    Ok(())
}

/// The vault's schema version, once it is known not to be newer than this build and none of
/// its applied migrations to have been edited. Reads only: the check made before a vault's
/// history is verified, ahead of any migration that could change what is checked.
pub(crate) fn applied_version(conn: &Connection) -> Result<i64, VaultError> {
    checked_version(conn, MIGRATIONS)
}

fn checked_version(conn: &Connection, migrations: &[&str]) -> Result<i64, VaultError> {
    let known = migrations.len() as i64;
    let current: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > known {
        return Err(VaultError::TooNew { found: current, known });
    }
    let has_table: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        [],
        |row| row.get(0),
    )?;
    for (index, sql) in migrations.iter().enumerate().take(current as usize) {
        let version = index as i64 + 1;
        let stored: Option<String> = if has_table {
            conn.query_row("SELECT sha256 FROM schema_migrations WHERE version = ?1", [version], |row| row.get(0))
                .optional()?
        } else {
            None
        };
        if stored.as_deref() != Some(digest(sql).as_str()) {
            return Err(VaultError::MigrationEdited(version));
        }
    }
    Ok(current)
}

fn digest(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

/// Every trigger the first `version` migrations create, by name: the table it is on and its SQL
/// as SQLite stores it. Made by applying them to an empty database in memory, so a trigger a
/// later migration drops or replaces is expected as it now is.
pub(crate) fn expected_triggers(version: i64) -> Result<BTreeMap<String, (String, String)>, VaultError> {
    // Every unlock of an up-to-date vault asks for the latest version's: made once per process.
    static LATEST: OnceLock<BTreeMap<String, (String, String)>> = OnceLock::new();
    let latest = version == latest_version();
    if let Some(known) = LATEST.get().filter(|_| latest) {
        return Ok(known.clone());
    }
    let upto = usize::try_from(version).unwrap_or(0).min(MIGRATIONS.len());
    let mut conn = Connection::open_in_memory()?;
    apply_list(&mut conn, &MIGRATIONS[..upto])?;
    let expected = triggers(&conn)?;
    if latest {
        let _ = LATEST.set(expected.clone());
    }
    Ok(expected)
}

/// The triggers of a database, as [`expected_triggers`] lists them.
pub(crate) fn triggers(conn: &Connection) -> Result<BTreeMap<String, (String, String)>, VaultError> {
    let mut stmt = conn.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get::<_, Option<String>>(2)?))))?;
    let mut found = BTreeMap::new();
    for row in rows {
        let (name, (table, sql)) = row?;
        found.insert(name, (table, sql.unwrap_or_default()));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory() -> Connection {
        Connection::open_in_memory().expect("in-memory database")
    }

    #[test]
    fn migrations_apply_once_and_are_idempotent() {
        let mut conn = memory();
        apply(&mut conn).expect("first");
        apply(&mut conn).expect("second run changes nothing");
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
        assert_eq!(version, latest_version());
    }

    #[test]
    fn an_edited_old_migration_is_detected() {
        let mut conn = memory();
        apply_list(&mut conn, &["CREATE TABLE a (x INTEGER);"]).expect("v1");
        let edited = apply_list(&mut conn, &["CREATE TABLE a (x INTEGER, y INTEGER);"]);
        assert!(matches!(edited, Err(VaultError::MigrationEdited(1))), "{edited:?}");
    }

    #[test]
    fn a_database_from_a_newer_version_is_refused() {
        let mut conn = memory();
        apply_list(&mut conn, &["CREATE TABLE a (x);", "CREATE TABLE b (x);"]).expect("newer build");
        let older = apply_list(&mut conn, &["CREATE TABLE a (x);"]);
        assert!(matches!(older, Err(VaultError::TooNew { found: 2, known: 1 })), "{older:?}");
    }

    #[test]
    fn rebuilding_the_sessions_table_keeps_its_ids_its_sequence_and_the_notes_pointing_at_them() {
        let mut conn = memory();
        conn.execute_batch("PRAGMA foreign_keys = ON;").expect("foreign keys");
        apply_list(&mut conn, &MIGRATIONS[..10]).expect("version 10");
        conn.execute_batch(
            "INSERT INTO clients (code, status, legal_name, initials, date_of_birth, sort_key, search_key,
                 duplicate_key, created_at, updated_at)
             VALUES ('C0001', 'active', 'Ada Lee', 'A.L.', '1990-01-01', 'lee ada', 'ada lee', 'k', 't', 't');
             INSERT INTO sessions (client_id, date, start_time, end_time, kind, modality, attendance, created_at,
                 updated_at)
             VALUES (1, '2026-03-02', '10:00', '10:50', 'individual', 'in_person', 'attended', 't', 't'),
                    (1, '2026-03-09', '10:00', '10:50', 'individual', 'in_person', 'attended', 't', 't'),
                    (1, '2026-03-16', '10:00', '10:50', 'individual', 'in_person', 'scheduled', 't', 't');
             DELETE FROM sessions WHERE id = 3;
             INSERT INTO note_ids DEFAULT VALUES;
             INSERT INTO notes (id, client_id, session_id, kind, template, status, note_date, created_at, updated_at)
             VALUES (1, 1, 2, 'progress', 'soap', 'private', '2026-03-09', 't', 't');",
        )
        .expect("a version 10 vault with a note on a session");
        apply(&mut conn).expect("the rebuild commits with the foreign keys checked");
        let ids: Vec<i64> = conn
            .prepare("SELECT id FROM sessions ORDER BY id")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("ids");
        assert_eq!(ids, [1, 2]);
        let problems: i64 =
            conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).expect("check");
        assert_eq!(problems, 0);
        conn.execute(
            "INSERT INTO sessions (client_id, date, start_time, end_time, kind, modality, attendance, created_at,
                 updated_at)
             VALUES (1, '2026-03-23', '10:00', '10:50', 'individual', 'in_person', 'cancelled', 't', 't')",
            [],
        )
        .expect("the new statuses are allowed");
        assert_eq!(conn.last_insert_rowid(), 4, "a deleted session's id is never given again");
    }

    #[test]
    fn a_failing_migration_leaves_nothing_half_applied() {
        let mut conn = memory();
        let result = apply_list(&mut conn, &["CREATE TABLE a (x);", "CREATE TABLE b (x); NOT SQL"]);
        assert!(result.is_err());
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name IN ('a','b')", [], |r| r.get(0))
            .expect("count");
        assert_eq!(tables, 0, "the whole batch rolls back");
    }
}

-- Core schema: registry (RW, RT, residents), requests with their audit trail, letters,
-- staff, and WhatsApp messages. Timestamps are UTC text, "2026-11-27T21:04:07Z".

CREATE TABLE kelurahan_profile (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    name         TEXT NOT NULL,
    code         TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    kota         TEXT NOT NULL,
    address      TEXT NOT NULL,
    lurah_name   TEXT NOT NULL,
    lurah_nip    TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

-- Small key/value facts about this database (demo data marker, seeding time).
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

CREATE TABLE rws (
    id          INTEGER PRIMARY KEY,
    number      INTEGER NOT NULL UNIQUE CHECK (number > 0),
    head_name   TEXT,
    head_phone  TEXT,
    is_demo     INTEGER NOT NULL DEFAULT 0
);

-- RT numbers are unique within the kelurahan (Bontang numbers RTs kelurahan-wide).
CREATE TABLE rts (
    id            INTEGER PRIMARY KEY,
    number        INTEGER NOT NULL UNIQUE CHECK (number > 0),
    rw_id         INTEGER NOT NULL REFERENCES rws(id),
    head_name     TEXT NOT NULL,
    head_phone    TEXT,
    deputy_name   TEXT,
    deputy_phone  TEXT,
    is_demo       INTEGER NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL
);
CREATE INDEX rts_head_phone ON rts(head_phone);
CREATE INDEX rts_deputy_phone ON rts(deputy_phone);

CREATE TABLE residents (
    id              INTEGER PRIMARY KEY,
    nik             TEXT NOT NULL UNIQUE CHECK (length(nik) = 16),
    kk              TEXT NOT NULL CHECK (length(kk) = 16),
    full_name       TEXT NOT NULL,
    sex             TEXT NOT NULL CHECK (sex IN ('L', 'P')),
    birth_place     TEXT NOT NULL,
    birth_date      TEXT NOT NULL,
    religion        TEXT NOT NULL,
    marital_status  TEXT NOT NULL,
    occupation      TEXT NOT NULL,
    family_role     TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL,
    rt_id           INTEGER NOT NULL REFERENCES rts(id),
    is_demo         INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX residents_kk ON residents(kk);
CREATE INDEX residents_rt ON residents(rt_id);
CREATE INDEX residents_name ON residents(full_name COLLATE NOCASE);

-- A phone verified for a resident identifies them on WhatsApp. A family phone may be verified
-- for several residents.
CREATE TABLE resident_phones (
    phone         TEXT NOT NULL,
    resident_id   INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    verified_by   TEXT NOT NULL CHECK (verified_by IN ('registry', 'nik_birth_date', 'staff')),
    verified_at   TEXT NOT NULL,
    PRIMARY KEY (phone, resident_id)
);
CREATE INDEX resident_phones_resident ON resident_phones(resident_id);

-- Per-month counters behind public request codes (BLB-2611-0042).
CREATE TABLE request_code_counters (
    period       TEXT PRIMARY KEY,
    last_number  INTEGER NOT NULL
);

CREATE TABLE requests (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    resident_id      INTEGER REFERENCES residents(id),
    applicant_name   TEXT NOT NULL,
    applicant_phone  TEXT,
    letter_type      TEXT NOT NULL,
    fields_json      TEXT NOT NULL DEFAULT '{}',
    purpose          TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL CHECK (status IN ('submitted', 'needs_revision', 'rt_approved',
                         'rt_rejected', 'rejected', 'issued', 'collected', 'cancelled')),
    rt_id            INTEGER NOT NULL REFERENCES rts(id),
    channel          TEXT NOT NULL CHECK (channel IN ('whatsapp', 'walk_in')),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    rt_decided_at    TEXT,
    escalated_at     TEXT,
    issued_at        TEXT,
    closed_at        TEXT
);
CREATE INDEX requests_status_created ON requests(status, created_at);
CREATE INDEX requests_rt_status ON requests(rt_id, status, created_at);
CREATE INDEX requests_resident ON requests(resident_id, created_at);
CREATE INDEX requests_type_created ON requests(letter_type, created_at);
CREATE INDEX requests_created ON requests(created_at);

-- The audit trail: append-only, enforced by the triggers below.
CREATE TABLE request_events (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES requests(id),
    at           TEXT NOT NULL,
    actor_kind   TEXT NOT NULL CHECK (actor_kind IN ('citizen', 'rt', 'staff', 'system')),
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX request_events_request ON request_events(request_id, id);
CREATE TRIGGER request_events_no_update BEFORE UPDATE ON request_events
BEGIN SELECT RAISE(ABORT, 'request_events is append-only'); END;
CREATE TRIGGER request_events_no_delete BEFORE DELETE ON request_events
BEGIN SELECT RAISE(ABORT, 'request_events is append-only'); END;

-- Letter numbers: one gapless sequence per (scope, year).
CREATE TABLE letter_sequences (
    scope        TEXT NOT NULL,
    year         INTEGER NOT NULL,
    last_number  INTEGER NOT NULL,
    PRIMARY KEY (scope, year)
);

CREATE TABLE letters (
    id                  INTEGER PRIMARY KEY,
    request_id          INTEGER NOT NULL UNIQUE REFERENCES requests(id),
    number              TEXT NOT NULL UNIQUE,
    scope               TEXT NOT NULL,
    year                INTEGER NOT NULL,
    sequence            INTEGER NOT NULL,
    signer_name         TEXT NOT NULL,
    signer_position     TEXT NOT NULL,
    signer_nip          TEXT NOT NULL,
    issued_at           TEXT NOT NULL,
    verification_token  TEXT NOT NULL UNIQUE,
    pdf_path            TEXT,
    pdf_sha256          TEXT,
    revoked_at          TEXT,
    revoked_reason      TEXT,
    UNIQUE (scope, year, sequence)
);

CREATE TABLE staff_users (
    id               INTEGER PRIMARY KEY,
    username         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name        TEXT NOT NULL DEFAULT '',
    role             TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'lurah', 'rt')),
    rt_id            INTEGER REFERENCES rts(id),
    password_hash    TEXT NOT NULL,
    failed_logins    INTEGER NOT NULL DEFAULT 0,
    locked_until     TEXT,
    is_demo          INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    disabled_at      TEXT,
    CHECK ((role = 'rt') = (rt_id IS NOT NULL))
);

-- Raw inbound WhatsApp messages, stored before the webhook is acknowledged.
CREATE TABLE inbound_messages (
    id              INTEGER PRIMARY KEY,
    wa_message_id   TEXT NOT NULL UNIQUE,
    sender_key      TEXT NOT NULL,
    sender_wa_id    TEXT,
    sender_user_id  TEXT,
    profile_name    TEXT,
    type            TEXT NOT NULL,
    payload_json    TEXT NOT NULL,
    sent_at         TEXT,
    received_at     TEXT NOT NULL,
    processed_at    TEXT,
    error           TEXT
);
CREATE INDEX inbound_messages_pending ON inbound_messages(processed_at, id);
CREATE INDEX inbound_messages_sender ON inbound_messages(sender_key, id);

-- The outbox: every reply and notification, written with the change that caused it.
CREATE TABLE outbound_messages (
    id               INTEGER PRIMARY KEY,
    recipient        TEXT NOT NULL,
    kind             TEXT NOT NULL,
    payload_json     TEXT NOT NULL,
    request_id       INTEGER REFERENCES requests(id),
    status           TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'read', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    wa_message_id    TEXT UNIQUE,
    error_code       INTEGER,
    error_title      TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX outbound_messages_due ON outbound_messages(status, next_attempt_at, id);
CREATE INDEX outbound_messages_recipient ON outbound_messages(recipient, id);

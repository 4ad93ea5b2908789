-- Citizen conversations on WhatsApp: persisted state per sender (survives restarts), identity
-- checks with lock-out, attachments sent during a request, and complaints.

CREATE TABLE conversations (
    sender_key   TEXT PRIMARY KEY,
    state        TEXT NOT NULL,
    data_json    TEXT NOT NULL DEFAULT '{}',
    updated_at   TEXT NOT NULL
);

-- Failed NIK + birth date checks per sender; three in a row lock the sender for an hour.
CREATE TABLE identity_checks (
    sender_key    TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT,
    updated_at    TEXT NOT NULL
);

CREATE TABLE request_attachments (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER REFERENCES requests(id),
    sender_key   TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('image', 'document')),
    media_id     TEXT NOT NULL,
    mime_type    TEXT NOT NULL DEFAULT '',
    caption      TEXT NOT NULL DEFAULT '',
    filename     TEXT NOT NULL DEFAULT '',
    path         TEXT,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'downloaded', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    error        TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX request_attachments_request ON request_attachments(request_id);
CREATE INDEX request_attachments_draft ON request_attachments(sender_key) WHERE request_id IS NULL;
CREATE INDEX request_attachments_pending ON request_attachments(id) WHERE status = 'pending';

CREATE TABLE complaint_code_counters (
    period       TEXT PRIMARY KEY,
    last_number  INTEGER NOT NULL
);

-- Pengaduan (UU 25/2009): from WhatsApp or the desk.
CREATE TABLE complaints (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    sender_key   TEXT,
    resident_id  INTEGER REFERENCES residents(id),
    channel      TEXT NOT NULL CHECK (channel IN ('whatsapp', 'walk_in')),
    category     TEXT NOT NULL DEFAULT 'lainnya' CHECK (category IN ('layanan_surat', 'petugas',
                     'infrastruktur', 'kebersihan', 'keamanan', 'lainnya')),
    text         TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'diterima' CHECK (status IN ('diterima', 'diproses', 'selesai')),
    created_at   TEXT NOT NULL,
    due_at       TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX complaints_status ON complaints(status, created_at);

CREATE INDEX requests_applicant_phone ON requests(applicant_phone, created_at);

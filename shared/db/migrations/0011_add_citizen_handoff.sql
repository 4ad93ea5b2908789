-- A citizen who asks for a person ("bicara dengan petugas") leaves a notice for staff, beside the
-- RT escalations, with the phone (sender_key) that staff answer on WhatsApp. SQLite cannot change
-- a CHECK constraint in place, so the table is rebuilt.
CREATE TABLE staff_notices_new (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('rt_escalation', 'citizen_handoff')),
    request_id   INTEGER REFERENCES requests(id),
    text         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    resolved_at  TEXT,
    sender_key   TEXT
);
INSERT INTO staff_notices_new (id, kind, request_id, text, created_at, resolved_at)
    SELECT id, kind, request_id, text, created_at, resolved_at FROM staff_notices;
DROP TABLE staff_notices;
ALTER TABLE staff_notices_new RENAME TO staff_notices;
CREATE INDEX staff_notices_open ON staff_notices(created_at) WHERE resolved_at IS NULL;

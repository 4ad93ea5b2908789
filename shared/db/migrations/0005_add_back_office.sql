-- The back office: staff sessions, lock-out per address, the staff audit trail, request status
-- counters for the dashboard, and what letters need beyond 0001.

-- The session cookie holds a random 256-bit token; only its SHA-256 is stored, so a copy of the
-- database does not let anyone log in.
CREATE TABLE staff_sessions (
    token_hash    TEXT PRIMARY KEY,
    staff_id      INTEGER NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
    csrf_token    TEXT NOT NULL,
    address       TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions(staff_id);
CREATE INDEX staff_sessions_expiry ON staff_sessions(expires_at);

-- Failed logins per client address within a fixed window (the per-user counter is on staff_users).
CREATE TABLE login_failures (
    address            TEXT PRIMARY KEY,
    failures           INTEGER NOT NULL,
    window_started_at  TEXT NOT NULL,
    locked_until       TEXT,
    updated_at         TEXT NOT NULL
);

-- Staff actions that are not request status changes: logins, refusals, registry edits,
-- revocations. Append-only like request_events.
CREATE TABLE staff_audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    username  TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT '',
    address   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_audit_at ON staff_audit(at);
CREATE TRIGGER staff_audit_no_update BEFORE UPDATE ON staff_audit
BEGIN SELECT RAISE(ABORT, 'staff_audit is append-only'); END;
CREATE TRIGGER staff_audit_no_delete BEFORE DELETE ON staff_audit
BEGIN SELECT RAISE(ABORT, 'staff_audit is append-only'); END;

-- Requests per status, kept by triggers, so the dashboard does not count a million rows.
CREATE TABLE request_status_counts (
    status  TEXT PRIMARY KEY,
    count   INTEGER NOT NULL
);
INSERT INTO request_status_counts (status, count)
    SELECT s.status, (SELECT COUNT(*) FROM requests r WHERE r.status = s.status)
    FROM (SELECT 'submitted' AS status UNION ALL SELECT 'needs_revision' UNION ALL SELECT 'rt_approved'
          UNION ALL SELECT 'rt_rejected' UNION ALL SELECT 'rejected' UNION ALL SELECT 'issued'
          UNION ALL SELECT 'collected' UNION ALL SELECT 'cancelled') s;
CREATE TRIGGER request_status_counts_insert AFTER INSERT ON requests
BEGIN UPDATE request_status_counts SET count = count + 1 WHERE status = NEW.status; END;
CREATE TRIGGER request_status_counts_update AFTER UPDATE OF status ON requests WHEN OLD.status <> NEW.status
BEGIN
    UPDATE request_status_counts SET count = count - 1 WHERE status = OLD.status;
    UPDATE request_status_counts SET count = count + 1 WHERE status = NEW.status;
END;

-- The kelurahan's queue and its age, and name search by prefix.
CREATE INDEX requests_office_queue ON requests(rt_decided_at) WHERE status = 'rt_approved';
CREATE INDEX requests_name ON requests(applicant_name COLLATE NOCASE, created_at DESC);
CREATE INDEX requests_channel_created ON requests(channel, created_at);
CREATE INDEX requests_rt_created ON requests(rt_id, created_at);

ALTER TABLE letters ADD COLUMN letter_type TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN holder_name TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN issued_by TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN revoked_by TEXT;
CREATE INDEX letters_issued ON letters(issued_at);

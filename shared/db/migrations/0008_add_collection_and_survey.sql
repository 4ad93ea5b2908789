-- Collection without queues: a letter whose signed original is collected at the office gets a
-- booked slot and a queue number. One booking per request; moving it rewrites the row.
-- queue_number is unique per day by construction (slot index x capacity + place in the slot).
CREATE TABLE collection_bookings (
    request_id    INTEGER PRIMARY KEY REFERENCES requests(id),
    sender_key    TEXT NOT NULL,
    slot_start    TEXT NOT NULL,
    queue_number  INTEGER NOT NULL CHECK (queue_number > 0),
    booked_at     TEXT NOT NULL,
    moves         INTEGER NOT NULL DEFAULT 0,
    reminded_at   TEXT,
    UNIQUE (slot_start, queue_number)
);
CREATE INDEX collection_bookings_reminder ON collection_bookings(slot_start) WHERE reminded_at IS NULL;

-- The satisfaction survey (IKM, PermenPAN-RB 14/2017): one invitation per collected or delivered
-- letter; u1..u9 are the answers (1-4) to the nine elements, kept as they come so a survey can
-- be resumed.
CREATE TABLE ikm_surveys (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL UNIQUE REFERENCES requests(id),
    sender_key    TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('invited', 'declined', 'answering', 'completed')),
    invited_at    TEXT NOT NULL,
    completed_at  TEXT,
    updated_at    TEXT NOT NULL,
    u1 INTEGER CHECK (u1 BETWEEN 1 AND 4), u2 INTEGER CHECK (u2 BETWEEN 1 AND 4),
    u3 INTEGER CHECK (u3 BETWEEN 1 AND 4), u4 INTEGER CHECK (u4 BETWEEN 1 AND 4),
    u5 INTEGER CHECK (u5 BETWEEN 1 AND 4), u6 INTEGER CHECK (u6 BETWEEN 1 AND 4),
    u7 INTEGER CHECK (u7 BETWEEN 1 AND 4), u8 INTEGER CHECK (u8 BETWEEN 1 AND 4),
    u9 INTEGER CHECK (u9 BETWEEN 1 AND 4),
    CHECK (status <> 'completed' OR (completed_at IS NOT NULL AND u1 IS NOT NULL AND u2 IS NOT NULL
           AND u3 IS NOT NULL AND u4 IS NOT NULL AND u5 IS NOT NULL AND u6 IS NOT NULL
           AND u7 IS NOT NULL AND u8 IS NOT NULL AND u9 IS NOT NULL))
);
CREATE INDEX ikm_surveys_sender ON ikm_surveys(sender_key, invited_at);
CREATE INDEX ikm_surveys_completed ON ikm_surveys(completed_at) WHERE status = 'completed';
-- Digital letters are "delivered" when WhatsApp reports their document delivered: the survey
-- scheduler looks for recent changes to document messages only.
CREATE INDEX outbound_messages_documents ON outbound_messages(updated_at) WHERE kind = 'document';

-- Photos sent with a complaint (aduan) reuse the attachment download pipeline.
ALTER TABLE request_attachments ADD COLUMN complaint_id INTEGER REFERENCES complaints(id);
CREATE INDEX request_attachments_complaint ON request_attachments(complaint_id) WHERE complaint_id IS NOT NULL;

-- Reports for the lurah count what happened in a period: letters issued, RT decisions,
-- escalations and refusals. Partial indexes keep these range scans off the whole table.
CREATE INDEX requests_issued ON requests(issued_at) WHERE issued_at IS NOT NULL;
CREATE INDEX requests_rt_decided ON requests(rt_decided_at) WHERE rt_decided_at IS NOT NULL;
CREATE INDEX requests_escalated ON requests(escalated_at) WHERE escalated_at IS NOT NULL;
CREATE INDEX requests_closed ON requests(closed_at) WHERE closed_at IS NOT NULL;

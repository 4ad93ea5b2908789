-- Staff replies to complaints (pengaduan, UU 25/2009). A reply to a complaint that came by
-- WhatsApp goes to the citizen through the outbox in the same transaction.
CREATE TABLE complaint_replies (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    staff         TEXT NOT NULL,
    text          TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX complaint_replies_complaint ON complaint_replies(complaint_id, id);
CREATE INDEX complaints_due ON complaints(due_at) WHERE status <> 'selesai';

-- RT review on WhatsApp: who acted, by name and role at the time (the signature on the old paper
-- cover letter), the RT's own clock for reminders and escalation, daily digests, and the staff
-- queue that hears about slow RTs.

ALTER TABLE request_events ADD COLUMN actor_name TEXT NOT NULL DEFAULT '';

-- When the request last reached the RT (filing, or the citizen's correction) and when the RT was
-- reminded of it. escalated_at (0001) marks the hand-over to the staff queue.
ALTER TABLE requests ADD COLUMN rt_pending_since TEXT;
ALTER TABLE requests ADD COLUMN rt_reminded_at TEXT;
UPDATE requests SET rt_pending_since = updated_at WHERE status = 'submitted';
CREATE INDEX requests_awaiting_rt ON requests(rt_id, rt_pending_since) WHERE status = 'submitted';
CREATE INDEX requests_follow_up ON requests(rt_pending_since) WHERE status = 'submitted' AND escalated_at IS NULL;

-- One digest per RT per local day.
CREATE TABLE rt_digests (
    rt_id    INTEGER NOT NULL REFERENCES rts(id),
    day      TEXT NOT NULL,
    pending  INTEGER NOT NULL,
    sent_at  TEXT NOT NULL,
    PRIMARY KEY (day, rt_id)
);

-- Things kelurahan staff must look at: the back office shows the open ones.
CREATE TABLE staff_notices (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('rt_escalation')),
    request_id   INTEGER REFERENCES requests(id),
    text         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    resolved_at  TEXT
);
CREATE INDEX staff_notices_open ON staff_notices(created_at) WHERE resolved_at IS NULL;

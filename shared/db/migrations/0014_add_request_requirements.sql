-- The requirement checklist of each request, copied from the catalogue when it is filed: what
-- the citizen sent (a photo or PDF), brings to the office, does not have (optional only), or
-- what staff check themselves; and which staff member ticked it as checked. Requests filed
-- before this version have no rows and are issued as before.
CREATE TABLE request_requirements (
    request_id     INTEGER NOT NULL REFERENCES requests(id),
    position       INTEGER NOT NULL CHECK (position >= 0),
    text           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('document', 'check')),
    mandatory      INTEGER NOT NULL CHECK (mandatory IN (0, 1)),
    state          TEXT NOT NULL CHECK (state IN ('sent', 'at_office', 'skipped', 'check')),
    attachment_id  INTEGER REFERENCES request_attachments(id),
    ticked_by      TEXT,
    ticked_at      TEXT,
    PRIMARY KEY (request_id, position),
    CHECK ((ticked_by IS NULL) = (ticked_at IS NULL)),
    CHECK ((state = 'sent') = (attachment_id IS NOT NULL))
) WITHOUT ROWID;

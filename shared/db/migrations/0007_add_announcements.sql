-- Announcements (office closed, night service, new requirements) and who asked for them on
-- WhatsApp. Opting out is kept as a row with unsubscribed_at, so it is never lost.
CREATE TABLE announcement_subscribers (
    sender_key       TEXT PRIMARY KEY,
    subscribed_at    TEXT NOT NULL,
    unsubscribed_at  TEXT
);

CREATE TABLE announcements (
    id            INTEGER PRIMARY KEY,
    text          TEXT NOT NULL,
    published_by  TEXT NOT NULL,
    published_at  TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    recipients    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX announcements_current ON announcements(expires_at);

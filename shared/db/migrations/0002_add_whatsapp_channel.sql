-- WhatsApp channel: webhook bodies we could not accept, outbox sharding and delivery timestamps.

-- Bodies that were signed correctly but not a WhatsApp envelope, kept for inspection.
-- Bounded: only the newest 500 rows stay, each body cut to 256 KiB by the application.
CREATE TABLE rejected_webhooks (
    id           INTEGER PRIMARY KEY,
    received_at  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    body         TEXT NOT NULL
);
CREATE TRIGGER rejected_webhooks_bounded AFTER INSERT ON rejected_webhooks
BEGIN DELETE FROM rejected_webhooks WHERE id <= NEW.id - 500; END;

-- Sender workers each own a set of shards, so messages to one recipient go out in order from one
-- worker while different recipients are sent in parallel.
ALTER TABLE outbound_messages ADD COLUMN shard INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbound_messages ADD COLUMN use_template INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbound_messages ADD COLUMN sent_at TEXT;
ALTER TABLE outbound_messages ADD COLUMN delivered_at TEXT;
ALTER TABLE outbound_messages ADD COLUMN read_at TEXT;
-- Partial indexes hold only the rows the senders and the health check look at, so they stay small
-- and fast however many delivered messages accumulate.
DROP INDEX outbound_messages_due;
CREATE INDEX outbound_messages_queued ON outbound_messages(id) WHERE status = 'queued';
CREATE INDEX outbound_messages_queued_recipient ON outbound_messages(recipient, id) WHERE status = 'queued';
CREATE INDEX outbound_messages_failed ON outbound_messages(id) WHERE status = 'failed';

ALTER TABLE inbound_messages ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;

-- An inbound message whose handling failed on every attempt is set aside as failed: processed,
-- with its error and failed_at, so the status page and /healthz can show it.
ALTER TABLE inbound_messages ADD COLUMN failed_at TEXT;
UPDATE inbound_messages SET failed_at = processed_at
 WHERE processed_at IS NOT NULL AND error IS NOT NULL AND attempts >= 3;
CREATE INDEX inbound_messages_failed ON inbound_messages(id) WHERE failed_at IS NOT NULL;

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/db/connection.h"
#include "shared/messaging/inbound_message.h"

namespace ekel::db {

/// A raw inbound message as stored before the webhook is acknowledged.
struct StoredInbound {
    std::int64_t id = 0;
    std::string wa_message_id;
    std::string sender_key;
    std::string stored_json;
    std::string received_at;
    int attempts = 0;
};

/// A message set aside after its last attempt failed.
struct FailedInbound {
    std::int64_t id = 0;
    std::string sender_key;
    std::string received_at;
    std::string failed_at;
    std::string error;  ///< digit runs masked
};

/// Inbound WhatsApp messages and rejected webhook bodies. Never opens transactions.
class InboundMessageRepository {
public:
    explicit InboundMessageRepository(Connection& db);

    /// Stores a message unless its WhatsApp id is already stored; true when it was new.
    bool insert(const messaging::InboundMessage& message, const std::string& stored_json,
                const std::string& received_at);
    /// Unprocessed messages, oldest first (so each sender's messages stay in order).
    std::vector<StoredInbound> pending(int limit);
    /// Claims the message for the caller's transaction; false when it was already processed (by
    /// another ekel-bot process sharing the database since it was read as pending).
    bool mark_processed(std::int64_t id, const std::string& at);
    /// Records a processing failure; after `max_attempts` the message is set aside as failed
    /// (processed, with its error and failed_at), so one poisoned message cannot block everyone
    /// behind it.
    /// False when the message was processed meanwhile (by another process): nothing is recorded.
    bool record_failure(std::int64_t id, const std::string& error, const std::string& at, int max_attempts);
    std::int64_t count_pending();
    std::int64_t count_failed();
    /// The newest messages set aside as failed, newest first.
    std::vector<FailedInbound> latest_failed(int limit);
    std::optional<std::string> last_received_at();

    /// Keeps a body we could not accept (bounded table; the body is cut to 256 KiB).
    void reject_webhook(const std::string& reason, const std::string& body, const std::string& at);
    std::int64_t count_rejected();

private:
    Statement insert_;
    Statement pending_;
    Statement mark_processed_;
    Statement record_failure_;
    Statement count_pending_;
    Statement count_failed_;
    Statement latest_failed_;
    Statement last_received_;
    Statement reject_;
    Statement count_rejected_;
};

}  // namespace ekel::db

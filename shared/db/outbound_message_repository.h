#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shared/db/connection.h"
#include "shared/messaging/inbound_message.h"
#include "shared/messaging/outbound_message.h"

namespace ekel::db {

/// Number of shards outbox rows are spread over; sender workers split them between them.
constexpr int kOutboxShards = 64;

struct QueuedOutbound {
    std::int64_t id = 0;
    std::string recipient;
    messaging::OutboundMessage message;
    int attempts = 0;
    bool use_template = false;
};

struct OutboundRow {
    std::int64_t id = 0;
    std::string recipient;
    std::string status;
    std::string payload_json;
    std::string wa_message_id;
    int attempts = 0;
    int error_code = 0;
    std::string error_title;
    bool use_template = false;
};

/// The outbox. Services enqueue in the transaction of the change that caused the message; the
/// sender workers drain it. Never opens transactions.
class OutboundMessageRepository {
public:
    explicit OutboundMessageRepository(Connection& db);

    std::int64_t enqueue(const messaging::OutboundMessage& message, std::optional<std::int64_t> request_id,
                         const std::string& now);

    /// Due messages of the shards `shard % workers == index`, oldest first, at most one per
    /// recipient: the next one of a recipient waits until the earlier is sent or failed.
    /// On PostgreSQL, where senders of other processes share the outbox, the messages are also
    /// claimed until `lease_until` (FOR UPDATE SKIP LOCKED: two senders never get the same one;
    /// a sender that dies leaves its claim to expire, and the message is sent again then).
    std::vector<QueuedOutbound> due(int workers, int index, const std::string& now, int limit,
                                    const std::string& lease_until);

    void mark_sent(std::int64_t id, const std::string& wa_message_id, const std::string& at);
    void schedule_retry(std::int64_t id, const std::string& next_attempt_at, int error_code,
                        const std::string& error_title, const std::string& at);
    void mark_failed(std::int64_t id, int error_code, const std::string& error_title, const std::string& at);
    /// Re-queues a message to go out as the fallback template (outside the 24-hour window).
    void switch_to_template(std::int64_t id, const std::string& at);

    enum class StatusApplied { updated, unchanged, unknown_message, requeued_as_template };
    /// Applies a delivery report; never moves a status backwards. A failure for "outside the
    /// 24-hour window" (131047) on a free-form message re-queues it as a template.
    StatusApplied apply_status(const messaging::StatusUpdate& update, const std::string& at);

    /// The backlog for monitoring: queued and failed messages and the oldest queued one. Reads
    /// only those rows (by index), so it stays cheap however many sent messages pile up.
    struct Backlog {
        std::int64_t queued = 0;
        std::int64_t failed = 0;
        std::string oldest_queued_at;
    };
    Backlog backlog();
    /// Rows for one recipient after an id, oldest first (the sandbox chat reads replies this way).
    std::vector<OutboundRow> list_for_recipient(const std::string& recipient, std::int64_t after_id, int limit);
    std::optional<OutboundRow> find(std::int64_t id);

private:
    Connection& db_;
    Statement enqueue_;
    Statement due_;
    Statement mark_sent_;
    Statement schedule_retry_;
    Statement mark_failed_;
    Statement switch_to_template_;
    Statement find_by_wamid_;
    Statement update_status_;
    Statement count_queued_;
    Statement count_failed_;
    Statement oldest_queued_;
    Statement list_for_recipient_;
    Statement find_;
};

/// Stable shard of a recipient (FNV-1a), so all of one recipient's messages share a worker.
int outbox_shard(const std::string& recipient);

}  // namespace ekel::db

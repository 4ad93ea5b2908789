#include "shared/db/outbound_message_repository.h"

#include "shared/db/notifications.h"
#include "shared/db/statements.h"

#include <algorithm>

namespace ekel::db {

namespace {

constexpr const char* kRowColumns =
    "id, recipient, status, payload_json, COALESCE(wa_message_id, ''), attempts, COALESCE(error_code, 0),"
    " COALESCE(error_title, ''), use_template";

OutboundRow read_row(Statement& q) {
    return OutboundRow{q.getColumn(0).getInt64(),  q.getColumn(1).getString(), q.getColumn(2).getString(),
                       q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt(),
                       q.getColumn(6).getInt(),    q.getColumn(7).getString(), q.getColumn(8).getInt() != 0};
}

// A recipient's head message only: while it is queued (or claimed by a sender), the later ones wait.
constexpr const char* kDue =
    " FROM outbound_messages o"
    " WHERE o.status = 'queued' AND o.shard % :workers = :index AND o.next_attempt_at <= :now"
    " AND NOT EXISTS (SELECT 1 FROM outbound_messages p WHERE p.recipient = o.recipient"
    " AND p.status = 'queued' AND p.id < o.id)"
    " ORDER BY o.id LIMIT :limit";

}  // namespace

int outbox_shard(const std::string& recipient) {
    std::uint32_t hash = 2166136261u;
    for (unsigned char c : recipient) {
        hash ^= c;
        hash *= 16777619u;
    }
    return static_cast<int>(hash % kOutboxShards);
}

OutboundMessageRepository::OutboundMessageRepository(Connection& db)
    : db_(db),
      enqueue_(db,
               "INSERT INTO outbound_messages (recipient, kind, payload_json, request_id, status, attempts,"
               " next_attempt_at, created_at, updated_at, shard) VALUES (:recipient, :kind, :payload,"
               " :request, 'queued', 0, :now, :now, :now, :shard) RETURNING id"),
      due_(db, for_engine(db, std::string("SELECT o.id, o.recipient, o.payload_json, o.attempts, o.use_template") + kDue,
                          std::string("UPDATE outbound_messages SET next_attempt_at = :lease WHERE id IN (SELECT o.id") +
                              kDue + " FOR UPDATE SKIP LOCKED)"
                                     " RETURNING id, recipient, payload_json, attempts, use_template")),
      mark_sent_(db,
                 "UPDATE outbound_messages SET status = 'sent', wa_message_id = :wamid, attempts = attempts + 1,"
                 " sent_at = :at, updated_at = :at WHERE id = :id"),
      schedule_retry_(db,
                      "UPDATE outbound_messages SET attempts = attempts + 1, next_attempt_at = :next,"
                      " error_code = :code, error_title = :title, updated_at = :at WHERE id = :id"),
      mark_failed_(db,
                   "UPDATE outbound_messages SET status = 'failed', attempts = attempts + 1, error_code = :code,"
                   " error_title = :title, updated_at = :at WHERE id = :id"),
      switch_to_template_(db,
                          "UPDATE outbound_messages SET status = 'queued', use_template = 1, next_attempt_at = :at,"
                          " wa_message_id = NULL, updated_at = :at WHERE id = :id"),
      find_by_wamid_(db, "SELECT id, status, use_template FROM outbound_messages WHERE wa_message_id = :wamid"),
      update_status_(db,
                     "UPDATE outbound_messages SET status = :status, error_code = :code, error_title = :title,"
                     " delivered_at = CASE WHEN :status IN ('delivered', 'read') THEN COALESCE(delivered_at, :at)"
                     " ELSE delivered_at END,"
                     " read_at = CASE WHEN :status = 'read' THEN :at ELSE read_at END, updated_at = :at"
                     " WHERE id = :id"),
      // Literal statuses: only then can SQLite use the partial indexes.
      count_queued_(db, "SELECT COUNT(*) FROM outbound_messages WHERE status = 'queued'"),
      count_failed_(db, "SELECT COUNT(*) FROM outbound_messages WHERE status = 'failed'"),
      oldest_queued_(db, "SELECT COALESCE(MIN(created_at), '') FROM outbound_messages WHERE status = 'queued'"),
      list_for_recipient_(db, std::string("SELECT ") + kRowColumns +
                                  " FROM outbound_messages WHERE recipient = :recipient AND id > :after"
                                  " ORDER BY id LIMIT :limit"),
      find_(db, std::string("SELECT ") + kRowColumns + " FROM outbound_messages WHERE id = :id") {}

std::int64_t OutboundMessageRepository::enqueue(const messaging::OutboundMessage& message,
                                                std::optional<std::int64_t> request_id, const std::string& now) {
    enqueue_.reset();
    enqueue_.bind(":recipient", message.recipient_key());
    enqueue_.bind(":kind", std::string(messaging::to_string(message.kind)));
    enqueue_.bind(":payload", messaging::to_json(message));
    if (request_id) {
        enqueue_.bind(":request", *request_id);
    } else {
        enqueue_.bind(":request");
    }
    enqueue_.bind(":now", now);
    enqueue_.bind(":shard", outbox_shard(message.recipient_key()));
    const std::int64_t id = fetch_int(enqueue_);
    notify_on_commit(db_, kOutboxChannel);  // the senders of every process sharing the database
    return id;
}

std::vector<QueuedOutbound> OutboundMessageRepository::due(int workers, int index, const std::string& now,
                                                           int limit, const std::string& lease_until) {
    due_.reset();
    due_.bind(":workers", workers);
    due_.bind(":index", index);
    due_.bind(":now", now);
    due_.bind(":limit", limit);
    if (db_.engine() == Engine::postgresql) due_.bind(":lease", lease_until);  // only the claim has a lease
    auto rows = fetch_all(due_, [](Statement& q) {
        return QueuedOutbound{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                              messaging::outbound_from_json(q.getColumn(2).getString()), q.getColumn(3).getInt(),
                              q.getColumn(4).getInt() != 0};
    });
    // RETURNING has no order of its own.
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return rows;
}

void OutboundMessageRepository::mark_sent(std::int64_t id, const std::string& wa_message_id, const std::string& at) {
    mark_sent_.reset();
    mark_sent_.bind(":wamid", wa_message_id);
    mark_sent_.bind(":at", at);
    mark_sent_.bind(":id", id);
    mark_sent_.exec();
}

void OutboundMessageRepository::schedule_retry(std::int64_t id, const std::string& next_attempt_at, int error_code,
                                               const std::string& error_title, const std::string& at) {
    schedule_retry_.reset();
    schedule_retry_.bind(":next", next_attempt_at);
    schedule_retry_.bind(":code", error_code);
    schedule_retry_.bind(":title", error_title);
    schedule_retry_.bind(":at", at);
    schedule_retry_.bind(":id", id);
    schedule_retry_.exec();
}

void OutboundMessageRepository::mark_failed(std::int64_t id, int error_code, const std::string& error_title,
                                            const std::string& at) {
    mark_failed_.reset();
    mark_failed_.bind(":code", error_code);
    mark_failed_.bind(":title", error_title);
    mark_failed_.bind(":at", at);
    mark_failed_.bind(":id", id);
    mark_failed_.exec();
}

void OutboundMessageRepository::switch_to_template(std::int64_t id, const std::string& at) {
    switch_to_template_.reset();
    switch_to_template_.bind(":at", at);
    switch_to_template_.bind(":id", id);
    switch_to_template_.exec();
}

OutboundMessageRepository::StatusApplied OutboundMessageRepository::apply_status(
    const messaging::StatusUpdate& update, const std::string& at) {
    find_by_wamid_.reset();
    find_by_wamid_.bind(":wamid", update.message_id);
    struct Current {
        std::int64_t id;
        std::string status;
        bool use_template;
    };
    auto current = fetch_one(find_by_wamid_, [](Statement& q) {
        return Current{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt() != 0};
    });
    if (!current) return StatusApplied::unknown_message;
    auto current_status = messaging::parse_delivery_status(current->status);
    if (current_status && messaging::delivery_rank(*current_status) >= messaging::delivery_rank(update.status)) {
        return StatusApplied::unchanged;
    }
    if (update.status == messaging::DeliveryStatus::failed && update.error_code == 131047 && !current->use_template) {
        switch_to_template(current->id, at);
        return StatusApplied::requeued_as_template;
    }
    update_status_.reset();
    update_status_.bind(":status", std::string(messaging::to_string(update.status)));
    if (update.error_code != 0) {
        update_status_.bind(":code", update.error_code);
        update_status_.bind(":title", update.error_title);
    } else {
        update_status_.bind(":code");
        update_status_.bind(":title");
    }
    update_status_.bind(":at", at);
    update_status_.bind(":id", current->id);
    update_status_.exec();
    return StatusApplied::updated;
}

OutboundMessageRepository::Backlog OutboundMessageRepository::backlog() {
    Backlog result;
    count_queued_.reset();
    result.queued = fetch_int(count_queued_);
    count_failed_.reset();
    result.failed = fetch_int(count_failed_);
    oldest_queued_.reset();
    result.oldest_queued_at =
        fetch_one(oldest_queued_, [](Statement& q) { return q.getColumn(0).getString(); }).value_or("");
    return result;
}

std::vector<OutboundRow> OutboundMessageRepository::list_for_recipient(const std::string& recipient,
                                                                       std::int64_t after_id, int limit) {
    list_for_recipient_.reset();
    list_for_recipient_.bind(":recipient", recipient);
    list_for_recipient_.bind(":after", after_id);
    list_for_recipient_.bind(":limit", limit);
    return fetch_all(list_for_recipient_, read_row);
}

std::optional<OutboundRow> OutboundMessageRepository::find(std::int64_t id) {
    find_.reset();
    find_.bind(":id", id);
    return fetch_one(find_, read_row);
}

}  // namespace ekel::db

#include "shared/db/inbound_message_repository.h"

#include "shared/db/statements.h"
#include "shared/util/time.h"

namespace ekel::db {

namespace {
constexpr std::size_t kMaxRejectedBody = 256 * 1024;
}

InboundMessageRepository::InboundMessageRepository(Connection& db)
    : insert_(db,
              "INSERT INTO inbound_messages (wa_message_id, sender_key, sender_wa_id, sender_user_id,"
              " profile_name, type, payload_json, sent_at, received_at)"
              " VALUES (:wamid, :key, :wa_id, :user_id, :name, :type, :payload, :sent, :received)"
              " ON CONFLICT(wa_message_id) DO NOTHING"),
      pending_(db,
               "SELECT id, wa_message_id, sender_key, payload_json, received_at, attempts"
               " FROM inbound_messages WHERE processed_at IS NULL ORDER BY id LIMIT :limit"),
      mark_processed_(db, "UPDATE inbound_messages SET processed_at = :at WHERE id = :id AND processed_at IS NULL"),
      record_failure_(db,
                      "UPDATE inbound_messages SET attempts = attempts + 1, error = :error,"
                      " processed_at = CASE WHEN attempts + 1 >= :max THEN :at ELSE NULL END,"
                      " failed_at = CASE WHEN attempts + 1 >= :max THEN :at ELSE NULL END"
                      // Another process may have handled it since it was read as pending.
                      " WHERE id = :id AND processed_at IS NULL"),
      count_pending_(db, "SELECT COUNT(*) FROM inbound_messages WHERE processed_at IS NULL"),
      count_failed_(db, "SELECT COUNT(*) FROM inbound_messages WHERE failed_at IS NOT NULL"),
      latest_failed_(db,
                     "SELECT id, sender_key, received_at, failed_at, error FROM inbound_messages"
                     " WHERE failed_at IS NOT NULL ORDER BY id DESC LIMIT :limit"),
      last_received_(db, "SELECT received_at FROM inbound_messages ORDER BY id DESC LIMIT 1"),
      reject_(db, "INSERT INTO rejected_webhooks (received_at, reason, body) VALUES (:at, :reason, :body)"),
      count_rejected_(db, "SELECT COUNT(*) FROM rejected_webhooks") {}

bool InboundMessageRepository::insert(const messaging::InboundMessage& m, const std::string& stored_json,
                                      const std::string& received_at) {
    insert_.reset();
    insert_.bind(":wamid", m.message_id);
    insert_.bind(":key", m.sender_key());
    bind_or_null(insert_, ":wa_id", m.sender_wa_id);
    bind_or_null(insert_, ":user_id", m.sender_user_id);
    bind_or_null(insert_, ":name", m.profile_name);
    insert_.bind(":type", std::string(messaging::to_string(m.kind)));
    insert_.bind(":payload", stored_json);
    insert_.bind(":sent", format_utc(TimePoint(std::chrono::seconds(m.timestamp))));
    insert_.bind(":received", received_at);
    return insert_.exec() == 1;
}

std::vector<StoredInbound> InboundMessageRepository::pending(int limit) {
    pending_.reset();
    pending_.bind(":limit", limit);
    return fetch_all(pending_, [](Statement& q) {
        return StoredInbound{q.getColumn(0).getInt64(),  q.getColumn(1).getString(), q.getColumn(2).getString(),
                             q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt()};
    });
}

bool InboundMessageRepository::mark_processed(std::int64_t id, const std::string& at) {
    mark_processed_.reset();
    mark_processed_.bind(":at", at);
    mark_processed_.bind(":id", id);
    return mark_processed_.exec() == 1;
}

bool InboundMessageRepository::record_failure(std::int64_t id, const std::string& error, const std::string& at,
                                              int max_attempts) {
    record_failure_.reset();
    record_failure_.bind(":error", error);
    record_failure_.bind(":at", at);
    record_failure_.bind(":max", max_attempts);
    record_failure_.bind(":id", id);
    return record_failure_.exec() == 1;
}

std::int64_t InboundMessageRepository::count_pending() {
    count_pending_.reset();
    return fetch_int(count_pending_);
}

std::int64_t InboundMessageRepository::count_failed() {
    count_failed_.reset();
    return fetch_int(count_failed_);
}

std::vector<FailedInbound> InboundMessageRepository::latest_failed(int limit) {
    latest_failed_.reset();
    latest_failed_.bind(":limit", limit);
    return fetch_all(latest_failed_, [](Statement& q) {
        return FailedInbound{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                             q.getColumn(3).getString(), q.getColumn(4).getString()};
    });
}

std::optional<std::string> InboundMessageRepository::last_received_at() {
    last_received_.reset();
    auto value = fetch_one(last_received_, [](Statement& q) { return optional_text(q.getColumn(0)); });
    return value ? *value : std::nullopt;
}

void InboundMessageRepository::reject_webhook(const std::string& reason, const std::string& body,
                                              const std::string& at) {
    reject_.reset();
    reject_.bind(":at", at);
    reject_.bind(":reason", reason);
    reject_.bind(":body", body.size() > kMaxRejectedBody ? body.substr(0, kMaxRejectedBody) : body);
    reject_.exec();
}

std::int64_t InboundMessageRepository::count_rejected() {
    count_rejected_.reset();
    return fetch_int(count_rejected_);
}

}  // namespace ekel::db

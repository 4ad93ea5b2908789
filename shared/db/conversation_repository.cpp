#include "shared/db/conversation_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

ConversationRepository::ConversationRepository(Connection& db)
    : find_(db, "SELECT sender_key, state, data_json, updated_at FROM conversations WHERE sender_key = :key"),
      save_(db,
            "INSERT INTO conversations (sender_key, state, data_json, updated_at) VALUES (:key, :state, :data, :at)"
            " ON CONFLICT(sender_key) DO UPDATE SET state = excluded.state, data_json = excluded.data_json,"
            " updated_at = excluded.updated_at"),
      identity_(db, "SELECT failures, locked_until FROM identity_checks WHERE sender_key = :key"),
      record_failure_(db,
                      "INSERT INTO identity_checks (sender_key, failures, locked_until, updated_at)"
                      " VALUES (:key, 1, CASE WHEN :max <= 1 THEN :lock END, :now)"
                      " ON CONFLICT(sender_key) DO UPDATE SET"
                      " failures = CASE WHEN identity_checks.failures + 1 >= :max THEN 0"
                      " ELSE identity_checks.failures + 1 END,"
                      " locked_until = CASE WHEN identity_checks.failures + 1 >= :max THEN :lock"
                      " ELSE identity_checks.locked_until END,"
                      " updated_at = :now RETURNING failures, locked_until"),
      clear_failures_(db, "UPDATE identity_checks SET failures = 0, updated_at = :now WHERE sender_key = :key") {}

std::optional<ConversationRecord> ConversationRepository::find(const std::string& sender_key) {
    find_.reset();
    find_.bind(":key", sender_key);
    return fetch_one(find_, [](Statement& q) {
        return ConversationRecord{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                                  q.getColumn(3).getString()};
    });
}

void ConversationRepository::save(const ConversationRecord& r) {
    save_.reset();
    save_.bind(":key", r.sender_key);
    save_.bind(":state", r.state);
    save_.bind(":data", r.data_json);
    save_.bind(":at", r.updated_at);
    save_.exec();
}

IdentityCheck ConversationRepository::identity_check(const std::string& sender_key) {
    identity_.reset();
    identity_.bind(":key", sender_key);
    return fetch_one(identity_, [](Statement& q) {
               return IdentityCheck{q.getColumn(0).getInt(), optional_text(q.getColumn(1))};
           })
        .value_or(IdentityCheck{});
}

IdentityCheck ConversationRepository::record_identity_failure(const std::string& sender_key, int max_failures,
                                                              const std::string& lock_until, const std::string& now) {
    record_failure_.reset();
    record_failure_.bind(":key", sender_key);
    record_failure_.bind(":max", max_failures);
    record_failure_.bind(":lock", lock_until);
    record_failure_.bind(":now", now);
    return fetch_one(record_failure_, [](Statement& q) {
               return IdentityCheck{q.getColumn(0).getInt(), optional_text(q.getColumn(1))};
           })
        .value_or(IdentityCheck{});
}

void ConversationRepository::clear_identity_failures(const std::string& sender_key, const std::string& now) {
    clear_failures_.reset();
    clear_failures_.bind(":key", sender_key);
    clear_failures_.bind(":now", now);
    clear_failures_.exec();
}

}  // namespace ekel::db

#pragma once

#include <optional>
#include <string>

#include "shared/db/connection.h"

namespace ekel::db {

/// A sender's conversation state as stored: the state name and its data (JSON text).
struct ConversationRecord {
    std::string sender_key;
    std::string state = "idle";
    std::string data_json = "{}";
    std::string updated_at;
};

struct IdentityCheck {
    int failures = 0;
    std::optional<std::string> locked_until;
};

/// Conversations and the identity checks of their senders. Never opens transactions.
class ConversationRepository {
public:
    explicit ConversationRepository(Connection& db);

    std::optional<ConversationRecord> find(const std::string& sender_key);
    void save(const ConversationRecord& record);

    IdentityCheck identity_check(const std::string& sender_key);
    /// Records a failed NIK + birth date check; locks the sender until `lock_until` when the
    /// failures reach `max_failures` (and starts counting again after that).
    IdentityCheck record_identity_failure(const std::string& sender_key, int max_failures,
                                          const std::string& lock_until, const std::string& now);
    void clear_identity_failures(const std::string& sender_key, const std::string& now);

private:
    Statement find_;
    Statement save_;
    Statement identity_;
    Statement record_failure_;
    Statement clear_failures_;
};

}  // namespace ekel::db

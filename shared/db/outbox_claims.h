#pragma once

#include <cstdint>
#include <string>

#include "shared/db/connection.h"

namespace ekel::db {

/// The senders' side of OutboundMessageRepository::due()'s claims on PostgreSQL: right before
/// sending a message a sender renews its claim, and skips the message when the claim was lost
/// (its lease ran out while earlier sends of the batch were slow, and another sender took it).
/// So a message goes out twice only when a sender dies between Meta's answer and its record.
class OutboxClaims {
public:
    explicit OutboxClaims(Connection& db);

    /// True when the message's claim was still `held` and now lasts until `until`. Always true
    /// on SQLite, where one process sends.
    bool renew(std::int64_t id, const std::string& held, const std::string& until);

private:
    bool claims_;
    Statement renew_;
};

}  // namespace ekel::db

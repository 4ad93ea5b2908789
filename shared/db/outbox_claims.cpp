#include "shared/db/outbox_claims.h"

namespace ekel::db {

OutboxClaims::OutboxClaims(Connection& db)
    : claims_(db.engine() == Engine::postgresql),
      renew_(db,
             "UPDATE outbound_messages SET next_attempt_at = :until"
             " WHERE id = :id AND status = 'queued' AND next_attempt_at = :held") {}

bool OutboxClaims::renew(std::int64_t id, const std::string& held, const std::string& until) {
    if (!claims_) return true;
    renew_.reset();
    renew_.bind(":until", until);
    renew_.bind(":id", id);
    renew_.bind(":held", held);
    return renew_.exec() == 1;
}

}  // namespace ekel::db

#pragma once

#include <vector>

#include "shared/db/connection.h"
#include "shared/domain/request.h"

namespace ekel::db {

/// The append-only audit trail of requests (the table refuses UPDATE and DELETE).
class RequestEventRepository {
public:
    explicit RequestEventRepository(Connection& db);

    /// Appends and sets event.id.
    void append(domain::RequestEvent& event);
    /// Oldest first.
    std::vector<domain::RequestEvent> list_for(std::int64_t request_id);

private:
    Statement append_;
    Statement list_for_;
};

}  // namespace ekel::db

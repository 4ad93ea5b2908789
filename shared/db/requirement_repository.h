#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shared/db/connection.h"
#include "shared/domain/requirement.h"

namespace ekel::db {

/// The requirement checklist of each request (request_requirements). Never opens transactions.
class RequirementRepository {
public:
    explicit RequirementRepository(Connection& db);

    /// Stores one item; its request_id and position identify it.
    void insert(const domain::RequirementItem& item);
    /// The request's checklist in catalogue order; empty for requests filed before checklists.
    std::vector<domain::RequirementItem> for_request(std::int64_t request_id);
    std::optional<domain::RequirementItem> find(std::int64_t request_id, int position);
    /// Sets (ticked_by and ticked_at given) or clears (both nullopt) the staff tick.
    void set_tick(std::int64_t request_id, int position, const std::optional<std::string>& ticked_by,
                  const std::optional<std::string>& ticked_at);

private:
    Statement insert_;
    Statement for_request_;
    Statement find_;
    Statement set_tick_;
};

}  // namespace ekel::db

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shared/config/letter_types.h"
#include "shared/util/clock.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

/// A request that is late: past its target at the office, or escalated because its RT did not answer.
struct LateRequest {
    std::string code;
    std::string type_name;
    bool escalated = false;
    std::string since;  ///< UTC: the RT's approval, or the escalation
    std::int64_t hours_waiting = 0;
};

/// The late requests of one kelurahan, oldest first, at most `limit` of each kind: the office queue
/// past its target (past_office_target, the dashboard's rule) and the open RT escalations.
std::vector<LateRequest> late_requests(db::Store& store, const config::LetterCatalog& catalog, TimePoint now,
                                       std::size_t limit);

}  // namespace ekel::services

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/db/connection.h"
#include "shared/domain/neighbourhood.h"

namespace ekel::db {

/// RWs and RTs with their heads. Never opens transactions (services do).
class RtRepository {
public:
    explicit RtRepository(Connection& db);

    /// Insert or update an RW by number; empty head fields keep what is stored. Returns its id.
    std::int64_t upsert_rw(const domain::Rw& rw);
    /// Insert or update an RT by number (rt.rw_id must be set). Returns its id.
    std::int64_t upsert_rt(const domain::Rt& rt, const std::string& now);

    std::optional<domain::Rt> find_by_number(int number);
    std::optional<domain::Rt> find_by_id(std::int64_t id);
    /// RTs whose head or deputy uses this phone.
    std::vector<domain::Rt> find_by_officer_phone(const std::string& phone);
    std::optional<domain::Rw> find_rw_by_number(int number);
    std::vector<domain::Rt> list();
    std::int64_t count();
    /// Notes that today's digest (`day`, local ISO date) went to this RT; false when it already had one.
    bool record_digest(std::int64_t rt_id, const std::string& day, std::int64_t pending, const std::string& now);
    bool has_digests_for(const std::string& day);

private:
    Statement upsert_rw_;
    Statement upsert_rt_;
    Statement find_by_number_;
    Statement find_by_id_;
    Statement find_by_phone_;
    Statement find_rw_;
    Statement list_;
    Statement count_;
    Statement record_digest_;
    Statement has_digests_;
};

}  // namespace ekel::db

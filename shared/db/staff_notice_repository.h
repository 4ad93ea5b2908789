#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/db/connection.h"

namespace ekel::db {

/// Something kelurahan staff must look at, e.g. a request a slow RT has not answered.
struct StaffNotice {
    std::int64_t id = 0;
    std::string kind;  ///< "rt_escalation" | "citizen_handoff"
    std::optional<std::int64_t> request_id;
    std::string text;
    std::string created_at;
    std::optional<std::string> resolved_at;
    std::optional<std::string> sender_key;  ///< citizen_handoff: the phone to answer
};

/// The staff queue of notices; the back office lists the open ones. Never opens transactions.
class StaffNoticeRepository {
public:
    explicit StaffNoticeRepository(Connection& db);

    /// Inserts and sets notice.id.
    void add(StaffNotice& notice);
    /// Open notices, oldest first.
    std::vector<StaffNotice> list_open(int limit);
    /// Closes the open notices about a request (the RT or staff acted on it).
    void resolve_for_request(std::int64_t request_id, const std::string& now);
    /// An open notice by id.
    std::optional<StaffNotice> find_open(std::int64_t id);
    void resolve(std::int64_t id, const std::string& now);

private:
    Statement add_;
    Statement list_open_;
    Statement resolve_for_request_;
    Statement find_open_;
    Statement resolve_;
};

}  // namespace ekel::db

#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shared/domain/request.h"

namespace ekel::db {

/// Letter requests. Never opens transactions (services do).
class RequestRepository {
public:
    explicit RequestRepository(SQLite::Database& db);

    /// Takes the next number of a period's counter ("2611" for November 2026), starting at 1.
    int next_code_number(const std::string& period);

    /// Inserts and sets request.id.
    void insert(domain::Request& request);
    std::optional<domain::Request> find_by_id(std::int64_t id);
    /// Case-insensitive: citizens type codes in any case.
    std::optional<domain::Request> find_by_code(const std::string& code);

    /// Writes status and the timestamps that go with it (rt_decided_at, issued_at, closed_at).
    void update_status(const domain::Request& request);

    /// Requests filed from this phone, newest first.
    std::vector<domain::Request> list_for_applicant(const std::string& phone, int limit);

    std::map<domain::RequestStatus, std::int64_t> count_by_status();
    std::int64_t count();

private:
    SQLite::Statement next_code_;
    SQLite::Statement insert_;
    SQLite::Statement find_by_id_;
    SQLite::Statement find_by_code_;
    SQLite::Statement update_status_;
    SQLite::Statement list_for_applicant_;
    SQLite::Statement count_by_status_;
    SQLite::Statement count_;
};

}  // namespace ekel::db

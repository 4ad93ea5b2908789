#pragma once

#include <optional>
#include <string>

#include "shared/db/connection.h"
#include "shared/domain/staff.h"

namespace ekel::db {

/// Back-office accounts. Never opens transactions (services do).
class StaffRepository {
public:
    explicit StaffRepository(Connection& db);

    /// Inserts a new account, or replaces role, name and password of an existing username.
    /// Sets user.id.
    void upsert(domain::StaffUser& user, const std::string& now);
    std::optional<domain::StaffUser> find_by_username(const std::string& username);
    std::optional<domain::StaffUser> find_by_id(std::int64_t id);
    /// Counts a failed login; locks the account until lock_until at max_failures. Returns the count.
    int record_failed_login(std::int64_t id, int max_failures, const std::string& lock_until, const std::string& now);
    void clear_failed_logins(std::int64_t id, const std::string& now);
    std::int64_t count();

private:
    Statement upsert_;
    Statement find_by_username_;
    Statement count_;
    Statement find_by_id_;
    Statement record_failure_;
    Statement clear_failures_;
};

}  // namespace ekel::db

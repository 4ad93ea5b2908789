#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <optional>
#include <string>

#include "shared/domain/staff.h"

namespace ekel::db {

/// Back-office accounts. Never opens transactions (services do).
class StaffRepository {
public:
    explicit StaffRepository(SQLite::Database& db);

    /// Inserts a new account, or replaces role, name and password of an existing username.
    /// Sets user.id.
    void upsert(domain::StaffUser& user, const std::string& now);
    std::optional<domain::StaffUser> find_by_username(const std::string& username);
    std::int64_t count();

private:
    SQLite::Statement upsert_;
    SQLite::Statement find_by_username_;
    SQLite::Statement count_;
};

}  // namespace ekel::db

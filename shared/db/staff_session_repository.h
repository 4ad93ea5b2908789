#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <optional>
#include <string>

namespace ekel::db {

struct StaffSession {
    std::string token_hash;
    std::int64_t staff_id = 0;
    std::string csrf_token;
    std::string address;
    std::string created_at;
    std::string expires_at;
};

struct AddressLock {
    int failures = 0;
    std::optional<std::string> locked_until;
};

/// Back-office sessions and the per-address login lock-out. Never opens transactions.
class StaffSessionRepository {
public:
    explicit StaffSessionRepository(SQLite::Database& db);

    void create(const StaffSession& session);
    std::optional<StaffSession> find(const std::string& token_hash);
    void remove(const std::string& token_hash);
    void remove_expired(const std::string& now);

    AddressLock address_lock(const std::string& address);
    /// Counts a failure from an address within the lock window; locks at max_failures.
    AddressLock record_address_failure(const std::string& address, int max_failures, const std::string& window_start,
                                       const std::string& lock_until, const std::string& now);

private:
    SQLite::Statement create_;
    SQLite::Statement find_;
    SQLite::Statement remove_;
    SQLite::Statement remove_expired_;
    SQLite::Statement address_lock_;
    SQLite::Statement record_address_failure_;
};

}  // namespace ekel::db

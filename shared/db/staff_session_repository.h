#pragma once

#include <optional>
#include <string>

#include "shared/db/connection.h"

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

/// Back-office sessions, known browsers and the per-address login slow-down. Never opens transactions.
class StaffSessionRepository {
public:
    explicit StaffSessionRepository(Connection& db);

    void create(const StaffSession& session);
    std::optional<StaffSession> find(const std::string& token_hash);
    void remove(const std::string& token_hash);
    void remove_expired(const std::string& now);
    /// Ends every session of an account (after its password changed).
    void remove_all_for(std::int64_t staff_id);

    /// Remembers a browser the account logged in from (or notes its use again).
    void remember_device(const std::string& token_hash, std::int64_t staff_id, const std::string& now);
    bool is_device_of(const std::string& token_hash, std::int64_t staff_id);

    AddressLock address_lock(const std::string& address);
    /// Counts a failure from an address within the window; from max_failures on, the address is
    /// slowed down until lock_until.
    AddressLock record_address_failure(const std::string& address, int max_failures, const std::string& window_start,
                                       const std::string& lock_until, const std::string& now);

private:
    Statement create_;
    Statement find_;
    Statement remove_;
    Statement remove_expired_;
    Statement remove_all_for_;
    Statement remember_device_;
    Statement is_device_of_;
    Statement address_lock_;
    Statement record_address_failure_;
};

}  // namespace ekel::db

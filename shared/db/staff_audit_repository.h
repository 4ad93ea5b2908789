#pragma once

#include <string>
#include <vector>

#include "shared/db/connection.h"

namespace ekel::db {

/// One staff action outside the request status machine (login, refusal, registry edit, revocation).
struct StaffAuditEntry {
    std::int64_t id = 0;
    std::string at;
    std::string username;
    std::string action;   ///< "login", "login_failed", "logout", "forbidden", "resident_updated", …
    std::string subject;  ///< what it was about: a path, a request code, a NIK (masked), a letter number
    std::string detail;
    std::string address;
};

/// The append-only staff audit trail. Never opens transactions.
class StaffAuditRepository {
public:
    explicit StaffAuditRepository(Connection& db);

    void append(StaffAuditEntry& entry);
    /// Newest first.
    std::vector<StaffAuditEntry> recent(int limit);

private:
    Statement append_;
    Statement recent_;
};

}  // namespace ekel::db

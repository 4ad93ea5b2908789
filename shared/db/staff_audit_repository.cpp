#include "shared/db/staff_audit_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

StaffAuditRepository::StaffAuditRepository(Connection& db)
    : append_(db,
              "INSERT INTO staff_audit (at, username, action, subject, detail, address)"
              " VALUES (:at, :username, :action, :subject, :detail, :address) RETURNING id"),
      recent_(db,
              "SELECT id, at, username, action, subject, detail, address FROM staff_audit"
              " ORDER BY id DESC LIMIT :limit") {}

void StaffAuditRepository::append(StaffAuditEntry& e) {
    append_.reset();
    append_.bind(":at", e.at);
    append_.bind(":username", e.username);
    append_.bind(":action", e.action);
    append_.bind(":subject", e.subject);
    append_.bind(":detail", e.detail);
    append_.bind(":address", e.address);
    e.id = fetch_int(append_);
}

std::vector<StaffAuditEntry> StaffAuditRepository::recent(int limit) {
    recent_.reset();
    recent_.bind(":limit", limit);
    return fetch_all(recent_, [](Statement& q) {
        return StaffAuditEntry{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                               q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                               q.getColumn(6).getString()};
    });
}

}  // namespace ekel::db

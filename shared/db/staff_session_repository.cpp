#include "shared/db/staff_session_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

namespace {

AddressLock read_lock(Statement& q) { return {q.getColumn(0).getInt(), optional_text(q.getColumn(1))}; }

}  // namespace

StaffSessionRepository::StaffSessionRepository(Connection& db)
    : create_(db,
              "INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, address, created_at, expires_at)"
              " VALUES (:hash, :staff, :csrf, :address, :created, :expires)"),
      find_(db,
            "SELECT token_hash, staff_id, csrf_token, address, created_at, expires_at FROM staff_sessions"
            " WHERE token_hash = :hash"),
      remove_(db, "DELETE FROM staff_sessions WHERE token_hash = :hash"),
      remove_expired_(db, "DELETE FROM staff_sessions WHERE expires_at <= :now"),
      remove_all_for_(db, "DELETE FROM staff_sessions WHERE staff_id = :staff"),
      remember_device_(db,
                       "INSERT INTO staff_devices (token_hash, staff_id, created_at, last_used_at)"
                       " VALUES (:hash, :staff, :now, :now)"
                       " ON CONFLICT(token_hash, staff_id) DO UPDATE SET last_used_at = :now"),
      is_device_of_(db, "SELECT 1 FROM staff_devices WHERE token_hash = :hash AND staff_id = :staff"),
      address_lock_(db, "SELECT failures, locked_until FROM login_failures WHERE address = :address"),
      // Failures count within a window that starts at the first one; a failure after the window
      // starts a new one. (In an UPDATE every right-hand side reads the old row.)
      record_address_failure_(db,
                              "INSERT INTO login_failures (address, failures, window_started_at, locked_until, updated_at)"
                              " VALUES (:address, 1, :now, NULL, :now)"
                              " ON CONFLICT(address) DO UPDATE SET"
                              " failures = CASE WHEN login_failures.window_started_at < :window_start THEN 1"
                              " ELSE login_failures.failures + 1 END,"
                              " window_started_at = CASE WHEN login_failures.window_started_at < :window_start THEN :now"
                              " ELSE login_failures.window_started_at END,"
                              " locked_until = CASE WHEN (CASE WHEN login_failures.window_started_at < :window_start"
                              " THEN 1 ELSE login_failures.failures + 1 END) >= :max THEN :lock_until"
                              " ELSE login_failures.locked_until END,"
                              " updated_at = :now RETURNING failures, locked_until") {}

void StaffSessionRepository::create(const StaffSession& s) {
    create_.reset();
    create_.bind(":hash", s.token_hash);
    create_.bind(":staff", s.staff_id);
    create_.bind(":csrf", s.csrf_token);
    create_.bind(":address", s.address);
    create_.bind(":created", s.created_at);
    create_.bind(":expires", s.expires_at);
    create_.exec();
}

std::optional<StaffSession> StaffSessionRepository::find(const std::string& token_hash) {
    find_.reset();
    find_.bind(":hash", token_hash);
    return fetch_one(find_, [](Statement& q) {
        return StaffSession{q.getColumn(0).getString(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                            q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString()};
    });
}

void StaffSessionRepository::remove(const std::string& token_hash) {
    remove_.reset();
    remove_.bind(":hash", token_hash);
    remove_.exec();
}

void StaffSessionRepository::remove_expired(const std::string& now) {
    remove_expired_.reset();
    remove_expired_.bind(":now", now);
    remove_expired_.exec();
}

void StaffSessionRepository::remove_all_for(std::int64_t staff_id) {
    remove_all_for_.reset();
    remove_all_for_.bind(":staff", staff_id);
    remove_all_for_.exec();
}

void StaffSessionRepository::remember_device(const std::string& token_hash, std::int64_t staff_id,
                                             const std::string& now) {
    remember_device_.reset();
    remember_device_.bind(":hash", token_hash);
    remember_device_.bind(":staff", staff_id);
    remember_device_.bind(":now", now);
    remember_device_.exec();
}

bool StaffSessionRepository::is_device_of(const std::string& token_hash, std::int64_t staff_id) {
    is_device_of_.reset();
    is_device_of_.bind(":hash", token_hash);
    is_device_of_.bind(":staff", staff_id);
    // Reset before answering: a statement left on its row keeps a read snapshot open, and the
    // next write transaction on this pooled connection then fails at once with "database is locked".
    const bool found = is_device_of_.executeStep();
    is_device_of_.reset();
    return found;
}

AddressLock StaffSessionRepository::address_lock(const std::string& address) {
    address_lock_.reset();
    address_lock_.bind(":address", address);
    return fetch_one(address_lock_, read_lock).value_or(AddressLock{});
}

AddressLock StaffSessionRepository::record_address_failure(const std::string& address, int max_failures,
                                                           const std::string& window_start,
                                                           const std::string& lock_until, const std::string& now) {
    record_address_failure_.reset();
    record_address_failure_.bind(":address", address);
    record_address_failure_.bind(":max", max_failures);
    record_address_failure_.bind(":window_start", window_start);
    record_address_failure_.bind(":lock_until", lock_until);
    record_address_failure_.bind(":now", now);
    return fetch_one(record_address_failure_, read_lock).value_or(AddressLock{});
}

}  // namespace ekel::db

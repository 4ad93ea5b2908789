#include "shared/db/staff_repository.h"

#include "shared/db/statements.h"
#include "shared/util/error.h"

namespace ekel::db {

namespace {

domain::StaffUser read_user(Statement& q) {
    domain::StaffUser u;
    u.id = q.getColumn(0).getInt64();
    u.username = q.getColumn(1).getString();
    u.full_name = q.getColumn(2).getString();
    auto role = domain::parse_staff_role(q.getColumn(3).getString());
    if (!role) throw Error("staff user " + u.username + " has an unknown role");
    u.role = *role;
    if (!q.getColumn(4).isNull()) u.rt_id = q.getColumn(4).getInt64();
    u.password_hash = q.getColumn(5).getString();
    u.failed_logins = q.getColumn(6).getInt();
    u.locked_until = optional_text(q.getColumn(7));
    u.is_demo = q.getColumn(8).getInt() != 0;
    u.kecamatan = q.getColumn(9).isNull() ? "" : q.getColumn(9).getString();
    return u;
}

}  // namespace

StaffRepository::StaffRepository(Connection& db)
    : upsert_(db,
              "INSERT INTO staff_users (username, full_name, role, rt_id, kecamatan, password_hash, is_demo,"
              " created_at, updated_at) VALUES (:username, :name, :role, :rt, :kecamatan, :hash, :demo, :now, :now)"
              // Usernames are unique ignoring case: SQLite's column is NOCASE, PostgreSQL's index is on lower().
              + for_engine(db, " ON CONFLICT(username)", " ON CONFLICT((lower(username)))") +
              " DO UPDATE SET full_name = excluded.full_name,"
              " role = excluded.role, rt_id = excluded.rt_id, kecamatan = excluded.kecamatan,"
              " password_hash = excluded.password_hash,"
              " failed_logins = 0, locked_until = NULL, updated_at = excluded.updated_at"
              " RETURNING id"),
      find_by_username_(db,
                        "SELECT id, username, full_name, role, rt_id, password_hash, failed_logins,"
                        " locked_until, is_demo, kecamatan FROM staff_users WHERE " +
                            for_engine(db, "username = :username", "lower(username) = lower(:username)")),
      count_(db, "SELECT COUNT(*) FROM staff_users"),
      find_by_id_(db,
                  "SELECT id, username, full_name, role, rt_id, password_hash, failed_logins,"
                  " locked_until, is_demo, kecamatan FROM staff_users WHERE id = :id AND disabled_at IS NULL"),
      // A lock that has run out starts the count again, so one wrong password after a lock-out
      // does not lock the account at once.
      record_failure_(db,
                      "UPDATE staff_users SET"
                      " failed_logins = CASE WHEN locked_until <= :now THEN 1 ELSE failed_logins + 1 END,"
                      " locked_until = CASE WHEN (CASE WHEN locked_until <= :now THEN 1 ELSE failed_logins + 1 END)"
                      " >= :max THEN :lock_until WHEN locked_until <= :now THEN NULL ELSE locked_until END,"
                      " updated_at = :now WHERE id = :id RETURNING failed_logins"),
      clear_failures_(db,
                      "UPDATE staff_users SET failed_logins = 0, locked_until = NULL, updated_at = :now"
                      " WHERE id = :id") {}

void StaffRepository::upsert(domain::StaffUser& u, const std::string& now) {
    upsert_.reset();
    upsert_.bind(":username", u.username);
    upsert_.bind(":name", u.full_name);
    upsert_.bind(":role", std::string(domain::to_string(u.role)));
    if (u.rt_id) {
        upsert_.bind(":rt", *u.rt_id);
    } else {
        upsert_.bind(":rt");
    }
    if (u.kecamatan.empty()) {
        upsert_.bind(":kecamatan");
    } else {
        upsert_.bind(":kecamatan", u.kecamatan);
    }
    upsert_.bind(":hash", u.password_hash);
    upsert_.bind(":demo", u.is_demo ? 1 : 0);
    upsert_.bind(":now", now);
    u.id = fetch_int(upsert_);
}

std::optional<domain::StaffUser> StaffRepository::find_by_username(const std::string& username) {
    find_by_username_.reset();
    find_by_username_.bind(":username", username);
    return fetch_one(find_by_username_, read_user);
}

std::optional<domain::StaffUser> StaffRepository::find_by_id(std::int64_t id) {
    find_by_id_.reset();
    find_by_id_.bind(":id", id);
    return fetch_one(find_by_id_, read_user);
}

int StaffRepository::record_failed_login(std::int64_t id, int max_failures, const std::string& lock_until,
                                         const std::string& now) {
    record_failure_.reset();
    record_failure_.bind(":id", id);
    record_failure_.bind(":max", max_failures);
    record_failure_.bind(":lock_until", lock_until);
    record_failure_.bind(":now", now);
    return static_cast<int>(fetch_int(record_failure_));
}

void StaffRepository::clear_failed_logins(std::int64_t id, const std::string& now) {
    clear_failures_.reset();
    clear_failures_.bind(":id", id);
    clear_failures_.bind(":now", now);
    clear_failures_.exec();
}

std::int64_t StaffRepository::count() {
    count_.reset();
    return fetch_int(count_);
}

}  // namespace ekel::db

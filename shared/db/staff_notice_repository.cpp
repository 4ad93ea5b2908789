#include "shared/db/staff_notice_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

StaffNoticeRepository::StaffNoticeRepository(Connection& db)
    : add_(db,
           "INSERT INTO staff_notices (kind, request_id, text, created_at, sender_key)"
           " VALUES (:kind, :request, :text, :now, :sender) RETURNING id"),
      list_open_(db,
                 "SELECT id, kind, request_id, text, created_at, resolved_at, sender_key FROM staff_notices"
                 " WHERE resolved_at IS NULL ORDER BY created_at, id LIMIT :limit"),
      resolve_for_request_(db,
                           "UPDATE staff_notices SET resolved_at = :now"
                           " WHERE request_id = :request AND resolved_at IS NULL"),
      find_open_(db,
                 "SELECT id, kind, request_id, text, created_at, resolved_at, sender_key FROM staff_notices"
                 " WHERE id = :id AND resolved_at IS NULL"),
      resolve_(db, "UPDATE staff_notices SET resolved_at = :now WHERE id = :id AND resolved_at IS NULL") {}

namespace {

StaffNotice read_notice(Statement& q) {
    StaffNotice n;
    n.id = q.getColumn(0).getInt64();
    n.kind = q.getColumn(1).getString();
    if (!q.getColumn(2).isNull()) n.request_id = q.getColumn(2).getInt64();
    n.text = q.getColumn(3).getString();
    n.created_at = q.getColumn(4).getString();
    n.resolved_at = optional_text(q.getColumn(5));
    n.sender_key = optional_text(q.getColumn(6));
    return n;
}

}  // namespace

void StaffNoticeRepository::add(StaffNotice& notice) {
    add_.reset();
    add_.bind(":kind", notice.kind);
    if (notice.request_id) {
        add_.bind(":request", *notice.request_id);
    } else {
        add_.bind(":request");
    }
    add_.bind(":text", notice.text);
    add_.bind(":now", notice.created_at);
    if (notice.sender_key) {
        add_.bind(":sender", *notice.sender_key);
    } else {
        add_.bind(":sender");
    }
    notice.id = fetch_int(add_);
}

std::vector<StaffNotice> StaffNoticeRepository::list_open(int limit) {
    list_open_.reset();
    list_open_.bind(":limit", limit);
    return fetch_all(list_open_, read_notice);
}

std::optional<StaffNotice> StaffNoticeRepository::find_open(std::int64_t id) {
    find_open_.reset();
    find_open_.bind(":id", id);
    return fetch_one(find_open_, read_notice);
}

void StaffNoticeRepository::resolve(std::int64_t id, const std::string& now) {
    resolve_.reset();
    resolve_.bind(":id", id);
    resolve_.bind(":now", now);
    resolve_.exec();
}

void StaffNoticeRepository::resolve_for_request(std::int64_t request_id, const std::string& now) {
    resolve_for_request_.reset();
    resolve_for_request_.bind(":request", request_id);
    resolve_for_request_.bind(":now", now);
    resolve_for_request_.exec();
}

}  // namespace ekel::db

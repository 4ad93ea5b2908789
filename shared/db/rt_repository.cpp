#include "shared/db/rt_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

namespace {

constexpr const char* kSelect =
    "SELECT t.id, t.number, t.rw_id, w.number, t.head_name, COALESCE(t.head_phone, ''),"
    " COALESCE(t.deputy_name, ''), COALESCE(t.deputy_phone, ''), t.is_demo"
    " FROM rts t JOIN rws w ON w.id = t.rw_id ";

domain::Rt read_rt(Statement& q) {
    domain::Rt rt;
    rt.id = q.getColumn(0).getInt64();
    rt.number = q.getColumn(1).getInt();
    rt.rw_id = q.getColumn(2).getInt64();
    rt.rw_number = q.getColumn(3).getInt();
    rt.head_name = q.getColumn(4).getString();
    rt.head_phone = q.getColumn(5).getString();
    rt.deputy_name = q.getColumn(6).getString();
    rt.deputy_phone = q.getColumn(7).getString();
    rt.is_demo = q.getColumn(8).getInt() != 0;
    return rt;
}

}  // namespace

RtRepository::RtRepository(Connection& db)
    : upsert_rw_(db,
                 "INSERT INTO rws (number, head_name, head_phone, is_demo)"
                 " VALUES (:number, :name, :phone, :demo)"
                 " ON CONFLICT(number) DO UPDATE SET"
                 " head_name = COALESCE(excluded.head_name, rws.head_name),"
                 " head_phone = COALESCE(excluded.head_phone, rws.head_phone)"
                 " RETURNING id"),
      upsert_rt_(db,
                 "INSERT INTO rts (number, rw_id, head_name, head_phone, deputy_name, deputy_phone,"
                 " is_demo, updated_at) VALUES (:number, :rw, :head, :head_phone, :deputy,"
                 " :deputy_phone, :demo, :now)"
                 " ON CONFLICT(number) DO UPDATE SET rw_id = excluded.rw_id,"
                 " head_name = excluded.head_name, head_phone = excluded.head_phone,"
                 " deputy_name = excluded.deputy_name, deputy_phone = excluded.deputy_phone,"
                 " updated_at = excluded.updated_at RETURNING id"),
      find_by_number_(db, std::string(kSelect) + "WHERE t.number = :number"),
      find_by_id_(db, std::string(kSelect) + "WHERE t.id = :id"),
      find_by_phone_(db, std::string(kSelect) +
                             "WHERE t.head_phone = :phone OR t.deputy_phone = :phone ORDER BY t.number"),
      find_rw_(db,
               "SELECT id, number, COALESCE(head_name, ''), COALESCE(head_phone, ''), is_demo"
               " FROM rws WHERE number = :number"),
      list_(db, std::string(kSelect) + "ORDER BY t.number"),
      count_(db, "SELECT COUNT(*) FROM rts"),
      record_digest_(db,
                     "INSERT INTO rt_digests (rt_id, day, pending, sent_at) VALUES (:rt, :day, :pending, :now)"
                     " ON CONFLICT(day, rt_id) DO NOTHING"),
      has_digests_(db, "SELECT EXISTS (SELECT 1 FROM rt_digests WHERE day = :day)") {}

std::int64_t RtRepository::upsert_rw(const domain::Rw& rw) {
    upsert_rw_.reset();
    upsert_rw_.bind(":number", rw.number);
    bind_or_null(upsert_rw_, ":name", rw.head_name);
    bind_or_null(upsert_rw_, ":phone", rw.head_phone);
    upsert_rw_.bind(":demo", rw.is_demo ? 1 : 0);
    return fetch_int(upsert_rw_);
}

std::int64_t RtRepository::upsert_rt(const domain::Rt& rt, const std::string& now) {
    upsert_rt_.reset();
    upsert_rt_.bind(":number", rt.number);
    upsert_rt_.bind(":rw", rt.rw_id);
    upsert_rt_.bind(":head", rt.head_name);
    bind_or_null(upsert_rt_, ":head_phone", rt.head_phone);
    bind_or_null(upsert_rt_, ":deputy", rt.deputy_name);
    bind_or_null(upsert_rt_, ":deputy_phone", rt.deputy_phone);
    upsert_rt_.bind(":demo", rt.is_demo ? 1 : 0);
    upsert_rt_.bind(":now", now);
    return fetch_int(upsert_rt_);
}

std::optional<domain::Rt> RtRepository::find_by_number(int number) {
    find_by_number_.reset();
    find_by_number_.bind(":number", number);
    return fetch_one(find_by_number_, read_rt);
}

std::optional<domain::Rt> RtRepository::find_by_id(std::int64_t id) {
    find_by_id_.reset();
    find_by_id_.bind(":id", id);
    return fetch_one(find_by_id_, read_rt);
}

std::vector<domain::Rt> RtRepository::find_by_officer_phone(const std::string& phone) {
    find_by_phone_.reset();
    find_by_phone_.bind(":phone", phone);
    return fetch_all(find_by_phone_, read_rt);
}

std::optional<domain::Rw> RtRepository::find_rw_by_number(int number) {
    find_rw_.reset();
    find_rw_.bind(":number", number);
    return fetch_one(find_rw_, [](Statement& q) {
        return domain::Rw{q.getColumn(0).getInt64(), q.getColumn(1).getInt(), q.getColumn(2).getString(),
                          q.getColumn(3).getString(), q.getColumn(4).getInt() != 0};
    });
}

std::vector<domain::Rt> RtRepository::list() {
    list_.reset();
    return fetch_all(list_, read_rt);
}

bool RtRepository::record_digest(std::int64_t rt_id, const std::string& day, std::int64_t pending,
                                 const std::string& now) {
    record_digest_.reset();
    record_digest_.bind(":rt", rt_id);
    record_digest_.bind(":day", day);
    record_digest_.bind(":pending", pending);
    record_digest_.bind(":now", now);
    return record_digest_.exec() == 1;
}

bool RtRepository::has_digests_for(const std::string& day) {
    has_digests_.reset();
    has_digests_.bind(":day", day);
    return fetch_int(has_digests_) != 0;
}

std::int64_t RtRepository::count() {
    count_.reset();
    return fetch_int(count_);
}

}  // namespace ekel::db

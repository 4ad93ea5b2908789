#include "shared/db/complaint_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

namespace {

constexpr const char* kSelect =
    "SELECT id, code, COALESCE(sender_key, ''), resident_id, channel, category, text, status, created_at, due_at"
    " FROM complaints ";

Complaint read_complaint(Statement& q) {
    Complaint c;
    c.id = q.getColumn(0).getInt64();
    c.code = q.getColumn(1).getString();
    c.sender_key = q.getColumn(2).getString();
    if (!q.getColumn(3).isNull()) c.resident_id = q.getColumn(3).getInt64();
    c.channel = q.getColumn(4).getString();
    c.category = q.getColumn(5).getString();
    c.text = q.getColumn(6).getString();
    c.status = q.getColumn(7).getString();
    c.created_at = q.getColumn(8).getString();
    c.due_at = q.getColumn(9).getString();
    return c;
}

}  // namespace

ComplaintRepository::ComplaintRepository(Connection& db)
    : next_code_(db,
                 "INSERT INTO complaint_code_counters (period, last_number) VALUES (:period, 1)"
                 " ON CONFLICT(period) DO UPDATE SET last_number = complaint_code_counters.last_number + 1 RETURNING last_number"),
      insert_(db,
              "INSERT INTO complaints (code, sender_key, resident_id, channel, category, text, status, created_at,"
              " due_at, updated_at) VALUES (:code, :key, :resident, :channel, :category, :text, :status, :now,"
              " :due, :now) RETURNING id"),
      find_by_code_(db, std::string(kSelect) + "WHERE code = :code"),
      list_(db, std::string(kSelect) + "WHERE (:status = '' OR status = :status) ORDER BY created_at DESC, id DESC LIMIT :limit"),
      update_(db, "UPDATE complaints SET category = :category, status = :status, updated_at = :now WHERE id = :id"),
      add_reply_(db,
                 "INSERT INTO complaint_replies (complaint_id, staff, text, created_at)"
                 " VALUES (:complaint, :staff, :text, :now) RETURNING id"),
      replies_(db, "SELECT id, complaint_id, staff, text, created_at FROM complaint_replies"
                   " WHERE complaint_id = :complaint ORDER BY id") {}

int ComplaintRepository::next_code_number(const std::string& period) {
    next_code_.reset();
    next_code_.bind(":period", period);
    return static_cast<int>(fetch_int(next_code_));
}

void ComplaintRepository::insert(Complaint& c, const std::string& now) {
    insert_.reset();
    insert_.bind(":code", c.code);
    bind_or_null(insert_, ":key", c.sender_key);
    if (c.resident_id) {
        insert_.bind(":resident", *c.resident_id);
    } else {
        insert_.bind(":resident");
    }
    insert_.bind(":channel", c.channel);
    insert_.bind(":category", c.category);
    insert_.bind(":text", c.text);
    insert_.bind(":status", c.status);
    insert_.bind(":now", now);
    insert_.bind(":due", c.due_at);
    c.id = fetch_int(insert_);
    c.created_at = now;
}

std::optional<Complaint> ComplaintRepository::find_by_code(const std::string& code) {
    find_by_code_.reset();
    find_by_code_.bind(":code", code);
    return fetch_one(find_by_code_, read_complaint);
}

std::vector<Complaint> ComplaintRepository::list(const std::string& status, int limit) {
    list_.reset();
    list_.bind(":status", status);
    list_.bind(":limit", limit);
    return fetch_all(list_, read_complaint);
}

void ComplaintRepository::update(std::int64_t id, const std::string& category, const std::string& status,
                                 const std::string& now) {
    update_.reset();
    update_.bind(":id", id);
    update_.bind(":category", category);
    update_.bind(":status", status);
    update_.bind(":now", now);
    update_.exec();
}

void ComplaintRepository::add_reply(ComplaintReply& reply) {
    add_reply_.reset();
    add_reply_.bind(":complaint", reply.complaint_id);
    add_reply_.bind(":staff", reply.staff);
    add_reply_.bind(":text", reply.text);
    add_reply_.bind(":now", reply.created_at);
    reply.id = fetch_int(add_reply_);
}

std::vector<ComplaintReply> ComplaintRepository::replies(std::int64_t complaint_id) {
    replies_.reset();
    replies_.bind(":complaint", complaint_id);
    return fetch_all(replies_, [](Statement& q) {
        return ComplaintReply{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                              q.getColumn(3).getString(), q.getColumn(4).getString()};
    });
}

}  // namespace ekel::db

#include "shared/db/request_event_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

namespace {

domain::ActorKind parse_actor_kind(const std::string& text) {
    for (auto kind : {domain::ActorKind::citizen, domain::ActorKind::rt, domain::ActorKind::staff}) {
        if (domain::to_string(kind) == text) return kind;
    }
    return domain::ActorKind::system;
}

domain::RequestEvent read_event(Statement& q) {
    domain::RequestEvent e;
    e.id = q.getColumn(0).getInt64();
    e.request_id = q.getColumn(1).getInt64();
    e.at = q.getColumn(2).getString();
    e.actor = {parse_actor_kind(q.getColumn(3).getString()), q.getColumn(4).getString()};
    e.action = q.getColumn(5).getString();
    if (!q.getColumn(6).isNull()) e.from_status = domain::parse_request_status(q.getColumn(6).getString());
    if (!q.getColumn(7).isNull()) e.to_status = domain::parse_request_status(q.getColumn(7).getString());
    e.note = q.getColumn(8).getString();
    e.actor.name = q.getColumn(9).getString();
    return e;
}

std::optional<std::string> status_text(const std::optional<domain::RequestStatus>& status) {
    if (!status) return std::nullopt;
    return std::string(domain::to_string(*status));
}

}  // namespace

RequestEventRepository::RequestEventRepository(Connection& db)
    : append_(db,
              "INSERT INTO request_events (request_id, at, actor_kind, actor, action, from_status,"
              " to_status, note, actor_name) VALUES (:request, :at, :kind, :actor, :action, :from, :to,"
              " :note, :actor_name)"
              " RETURNING id"),
      list_for_(db,
                "SELECT id, request_id, at, actor_kind, actor, action, from_status, to_status, note, actor_name"
                " FROM request_events WHERE request_id = :request ORDER BY id") {}

void RequestEventRepository::append(domain::RequestEvent& e) {
    append_.reset();
    append_.bind(":request", e.request_id);
    append_.bind(":at", e.at);
    append_.bind(":kind", std::string(domain::to_string(e.actor.kind)));
    append_.bind(":actor", e.actor.id);
    append_.bind(":action", e.action);
    bind_or_null(append_, ":from", status_text(e.from_status));
    bind_or_null(append_, ":to", status_text(e.to_status));
    append_.bind(":note", e.note);
    append_.bind(":actor_name", e.actor.name);
    e.id = fetch_int(append_);
}

std::vector<domain::RequestEvent> RequestEventRepository::list_for(std::int64_t request_id) {
    list_for_.reset();
    list_for_.bind(":request", request_id);
    return fetch_all(list_for_, read_event);
}

}  // namespace ekel::db

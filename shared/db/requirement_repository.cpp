#include "shared/db/requirement_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

namespace {

constexpr const char* kColumns =
    "SELECT request_id, position, text, kind, mandatory, state, attachment_id, ticked_by, ticked_at, confirmed_by_rt"
    " FROM request_requirements ";

domain::RequirementItem read_item(Statement& q) {
    domain::RequirementItem item;
    item.request_id = q.getColumn(0).getInt64();
    item.position = q.getColumn(1).getInt();
    item.text = q.getColumn(2).getString();
    // The CHECK constraints admit only known names.
    item.kind = domain::parse_requirement_kind(q.getColumn(3).getString()).value_or(domain::RequirementKind::document);
    item.mandatory = q.getColumn(4).getInt() != 0;
    item.state = domain::parse_requirement_state(q.getColumn(5).getString()).value_or(domain::RequirementState::at_office);
    if (!q.getColumn(6).isNull()) item.attachment_id = q.getColumn(6).getInt64();
    item.ticked_by = optional_text(q.getColumn(7));
    item.ticked_at = optional_text(q.getColumn(8));
    item.confirmed_by_rt = q.getColumn(9).getInt() != 0;
    return item;
}

}  // namespace

RequirementRepository::RequirementRepository(Connection& db)
    : insert_(db,
              "INSERT INTO request_requirements (request_id, position, text, kind, mandatory, state, attachment_id,"
              " ticked_by, ticked_at, confirmed_by_rt) VALUES (:request, :position, :text, :kind, :mandatory, :state,"
              " :attachment, :ticked_by, :ticked_at, :confirmed_by_rt)"),
      for_request_(db, std::string(kColumns) + "WHERE request_id = :request ORDER BY position"),
      find_(db, std::string(kColumns) + "WHERE request_id = :request AND position = :position"),
      set_tick_(db,
                "UPDATE request_requirements SET ticked_by = :ticked_by, ticked_at = :ticked_at"
                " WHERE request_id = :request AND position = :position") {}

void RequirementRepository::insert(const domain::RequirementItem& item) {
    insert_.reset();
    insert_.bind(":request", item.request_id);
    insert_.bind(":position", item.position);
    insert_.bind(":text", item.text);
    insert_.bind(":kind", std::string(domain::to_string(item.kind)));
    insert_.bind(":mandatory", item.mandatory ? 1 : 0);
    insert_.bind(":state", std::string(domain::to_string(item.state)));
    if (item.attachment_id) {
        insert_.bind(":attachment", *item.attachment_id);
    } else {
        insert_.bind(":attachment");
    }
    bind_or_null(insert_, ":ticked_by", item.ticked_by);
    bind_or_null(insert_, ":ticked_at", item.ticked_at);
    insert_.bind(":confirmed_by_rt", item.confirmed_by_rt ? 1 : 0);
    insert_.exec();
    insert_.reset();
}

std::vector<domain::RequirementItem> RequirementRepository::for_request(std::int64_t request_id) {
    for_request_.reset();
    for_request_.bind(":request", request_id);
    return fetch_all(for_request_, read_item);
}

std::optional<domain::RequirementItem> RequirementRepository::find(std::int64_t request_id, int position) {
    find_.reset();
    find_.bind(":request", request_id);
    find_.bind(":position", position);
    return fetch_one(find_, read_item);
}

void RequirementRepository::set_tick(std::int64_t request_id, int position, const std::optional<std::string>& ticked_by,
                                     const std::optional<std::string>& ticked_at) {
    set_tick_.reset();
    bind_or_null(set_tick_, ":ticked_by", ticked_by);
    bind_or_null(set_tick_, ":ticked_at", ticked_at);
    set_tick_.bind(":request", request_id);
    set_tick_.bind(":position", position);
    set_tick_.exec();
    set_tick_.reset();
}

}  // namespace ekel::db

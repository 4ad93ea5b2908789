#include "shared/db/survey_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

namespace {

constexpr const char* kSurveyColumns =
    "SELECT id, request_id, sender_key, status, invited_at, completed_at, u1, u2, u3, u4, u5, u6, u7, u8, u9"
    " FROM ikm_surveys ";

Survey read_survey(Statement& q) {
    Survey s{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
             q.getColumn(3).getString(), q.getColumn(4).getString(), optional_text(q.getColumn(5)), {}};
    for (int i = 0; i < 9; ++i) s.answers[static_cast<std::size_t>(i)] = q.getColumn(6 + i).getInt();
    return s;
}

}  // namespace

SurveyRepository::SurveyRepository(Connection& db)
    : insert_(db,
              "INSERT INTO ikm_surveys (request_id, sender_key, status, invited_at, updated_at)"
              " VALUES (:request, :sender, 'invited', :now, :now) ON CONFLICT(request_id) DO NOTHING RETURNING id"),
      find_(db, std::string(kSurveyColumns) + "WHERE id = :id"),
      open_for_(db, std::string(kSurveyColumns) +
                        "WHERE sender_key = :sender AND status IN ('invited', 'answering')"
                        " ORDER BY invited_at DESC, id DESC LIMIT 1"),
      invited_since_(db, "SELECT COUNT(*) FROM ikm_surveys WHERE sender_key = :sender AND invited_at >= :since"),
      answer_(db,
              "UPDATE ikm_surveys SET status = :status, updated_at = :now,"
              " completed_at = CASE WHEN :status = 'completed' THEN :now ELSE completed_at END,"
              " u1 = CASE WHEN :e = 1 THEN :v ELSE u1 END, u2 = CASE WHEN :e = 2 THEN :v ELSE u2 END,"
              " u3 = CASE WHEN :e = 3 THEN :v ELSE u3 END, u4 = CASE WHEN :e = 4 THEN :v ELSE u4 END,"
              " u5 = CASE WHEN :e = 5 THEN :v ELSE u5 END, u6 = CASE WHEN :e = 6 THEN :v ELSE u6 END,"
              " u7 = CASE WHEN :e = 7 THEN :v ELSE u7 END, u8 = CASE WHEN :e = 8 THEN :v ELSE u8 END,"
              " u9 = CASE WHEN :e = 9 THEN :v ELSE u9 END WHERE id = :id"),
      set_status_(db, "UPDATE ikm_surveys SET status = :status, updated_at = :now WHERE id = :id"),
      delivered_(db,
                 "SELECT r.id, o.recipient FROM outbound_messages o INDEXED BY outbound_messages_documents"
                 " JOIN requests r ON r.id = o.request_id"
                 " WHERE o.kind = 'document' AND o.updated_at >= :since AND o.status IN ('delivered', 'read')"
                 " AND r.status = 'issued'"
                 " AND NOT EXISTS (SELECT 1 FROM ikm_surveys s WHERE s.request_id = r.id)"
                 " ORDER BY o.updated_at LIMIT :limit") {}

std::optional<std::int64_t> SurveyRepository::insert(std::int64_t request_id, const std::string& sender_key,
                                                     const std::string& now) {
    insert_.bind(":request", request_id);
    insert_.bind(":sender", sender_key);
    insert_.bind(":now", now);
    return fetch_one(insert_, [](Statement& q) { return q.getColumn(0).getInt64(); });
}

std::optional<Survey> SurveyRepository::find(std::int64_t id) {
    find_.bind(":id", id);
    return fetch_one(find_, read_survey);
}

std::optional<Survey> SurveyRepository::open_for(const std::string& sender_key) {
    open_for_.bind(":sender", sender_key);
    return fetch_one(open_for_, read_survey);
}

bool SurveyRepository::invited_since(const std::string& sender_key, const std::string& since) {
    invited_since_.bind(":sender", sender_key);
    invited_since_.bind(":since", since);
    return fetch_int(invited_since_) > 0;
}

void SurveyRepository::answer(std::int64_t id, int element, int score, const std::string& status,
                              const std::string& now) {
    answer_.reset();
    answer_.bind(":status", status);
    answer_.bind(":now", now);
    answer_.bind(":e", element);
    answer_.bind(":v", score);
    answer_.bind(":id", id);
    answer_.exec();
}

void SurveyRepository::set_status(std::int64_t id, const std::string& status, const std::string& now) {
    set_status_.reset();
    set_status_.bind(":status", status);
    set_status_.bind(":now", now);
    set_status_.bind(":id", id);
    set_status_.exec();
}

std::vector<DeliveredLetter> SurveyRepository::delivered_without_survey(const std::string& since, int limit) {
    delivered_.bind(":since", since);
    delivered_.bind(":limit", limit);
    return fetch_all(delivered_, [](Statement& q) {
        return DeliveredLetter{q.getColumn(0).getInt64(), q.getColumn(1).getString()};
    });
}

}  // namespace ekel::db

#include "shared/db/report_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

namespace {

// Whole seconds between two stored timestamps; NULL when either is NULL.
// unixepoch() (SQLite 3.38) is a third cheaper than CAST(strftime('%s', …)) over a month's rows.
constexpr const char* kIssuedSeconds = "unixepoch(issued_at) - unixepoch(created_at)";
constexpr const char* kOfficeSeconds = "unixepoch(issued_at) - unixepoch(COALESCE(rt_decided_at, created_at))";
constexpr const char* kRtSeconds = "unixepoch(rt_decided_at) - unixepoch(created_at)";

std::optional<std::int64_t> optional_int(const Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getInt64();
}

}  // namespace

ReportRepository::ReportRepository(Connection& db)
    // Range on requests_created, aggregated in SQL: one row per (type, RT, channel) at most.
    : filed_(db,
             "SELECT letter_type, rt_id, channel, COUNT(*) FROM requests"
             " WHERE created_at >= :from AND created_at < :to GROUP BY letter_type, rt_id, channel"),
      // The events of a period are not bounded by created_at: the partial indexes on issued_at,
      // rt_decided_at, escalated_at and closed_at (migration 0008) make this a MULTI-INDEX OR
      // (about 0.1 s for a month of 36,000 rows at a million requests, instead of a 0.17-0.8 s
      // scan); `+status` keeps SQLite from picking requests_status_created for the last branch.
      activity_(db, std::string("SELECT letter_type, rt_id, channel,"
                                " issued_at >= :from AND issued_at < :to,"
                                " rt_decided_at >= :from AND rt_decided_at < :to,"
                                " escalated_at >= :from AND escalated_at < :to,"
                                " closed_at >= :from AND closed_at < :to AND status IN ('rt_rejected', 'rejected'), ") +
                        kIssuedSeconds + ", " + kOfficeSeconds + ", " + kRtSeconds +
                        " FROM requests WHERE (issued_at >= :from AND issued_at < :to)"
                        " OR (rt_decided_at >= :from AND rt_decided_at < :to)"
                        " OR (escalated_at >= :from AND escalated_at < :to)"
                        " OR (closed_at >= :from AND closed_at < :to AND +status IN ('rt_rejected', 'rejected'))"),
      waiting_(db, "SELECT rt_id, COUNT(*) FROM requests WHERE status = 'submitted' GROUP BY rt_id"),
      complaints_(db,
                  "SELECT category, status, COUNT(*), COUNT(CASE WHEN status <> 'selesai' AND due_at < :now THEN 1 END)"
                  " FROM complaints WHERE created_at >= :from AND created_at < :to GROUP BY category, status"),
      ikm_(db,
           "SELECT u1, u2, u3, u4, u5, u6, u7, u8, u9 FROM ikm_surveys"
           " WHERE status = 'completed' AND completed_at >= :from AND completed_at < :to"),
      // Only the queue's partial index, from its oldest end: the rest of the table is never read.
      office_waits_(db,
                    "SELECT letter_type, rt_decided_at FROM requests INDEXED BY requests_office_queue"
                    " WHERE status = 'rt_approved' AND rt_decided_at < :before ORDER BY rt_decided_at"),
      // The partial index of the requests waiting for their RT (a small set), each row then
      // checked for its escalation; the index on escalated_at would walk every escalation ever.
      escalated_open_(db,
                      "SELECT COUNT(*) FROM requests INDEXED BY requests_awaiting_rt"
                      " WHERE status = 'submitted' AND escalated_at IS NOT NULL"),
      rts_(db, "SELECT id, number, head_name FROM rts ORDER BY number") {}

std::vector<FiledCount> ReportRepository::filed_counts(const std::string& from, const std::string& to) {
    filed_.reset();
    filed_.bind(":from", from);
    filed_.bind(":to", to);
    return fetch_all(filed_, [](Statement& q) {
        return FiledCount{q.getColumn(0).getString(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                          q.getColumn(3).getInt64()};
    });
}

void ReportRepository::for_each_activity(const std::string& from, const std::string& to,
                                         const std::function<void(const RequestActivity&)>& visit) {
    activity_.reset();
    activity_.bind(":from", from);
    activity_.bind(":to", to);
    RequestActivity a;
    while (activity_.executeStep()) {
        Statement& q = activity_;
        a.letter_type = q.getColumn(0).getString();
        a.rt_id = q.getColumn(1).getInt64();
        a.channel = q.getColumn(2).getString();
        a.issued = q.getColumn(3).getInt() == 1;
        a.rt_decided = q.getColumn(4).getInt() == 1;
        a.escalated = q.getColumn(5).getInt() == 1;
        a.refused = q.getColumn(6).getInt() == 1;
        a.processing_seconds = optional_int(q.getColumn(7));
        a.office_seconds = optional_int(q.getColumn(8));
        a.rt_seconds = optional_int(q.getColumn(9));
        visit(a);
    }
    activity_.reset();
}

std::vector<std::pair<std::int64_t, std::int64_t>> ReportRepository::waiting_per_rt() {
    waiting_.reset();
    return fetch_all(waiting_, [](Statement& q) {
        return std::pair{q.getColumn(0).getInt64(), q.getColumn(1).getInt64()};
    });
}

std::vector<ComplaintCount> ReportRepository::complaint_counts(const std::string& from, const std::string& to,
                                                               const std::string& now) {
    complaints_.reset();
    complaints_.bind(":from", from);
    complaints_.bind(":to", to);
    complaints_.bind(":now", now);
    return fetch_all(complaints_, [](Statement& q) {
        return ComplaintCount{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64(),
                              q.getColumn(3).getInt64()};
    });
}

std::vector<domain::IkmResponse> ReportRepository::ikm_answers(const std::string& from, const std::string& to) {
    ikm_.reset();
    ikm_.bind(":from", from);
    ikm_.bind(":to", to);
    return fetch_all(ikm_, [](Statement& q) {
        domain::IkmResponse response;
        for (int i = 0; i < domain::kIkmElements; ++i) {
            response.scores[static_cast<std::size_t>(i)] = q.getColumn(i).getInt();
        }
        return response;
    });
}

std::vector<OfficeWait> ReportRepository::office_queue_decided_before(const std::string& before) {
    office_waits_.reset();
    office_waits_.bind(":before", before);
    return fetch_all(office_waits_, [](Statement& q) {
        return OfficeWait{q.getColumn(0).getString(), q.getColumn(1).getString()};
    });
}

std::int64_t ReportRepository::escalated_open() {
    escalated_open_.reset();
    return fetch_int(escalated_open_);
}

std::vector<RtHead> ReportRepository::rts() {
    rts_.reset();
    return fetch_all(rts_, [](Statement& q) {
        return RtHead{q.getColumn(0).getInt64(), q.getColumn(1).getInt(), q.getColumn(2).getString()};
    });
}

}  // namespace ekel::db

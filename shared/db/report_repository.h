#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "shared/db/connection.h"
#include "shared/domain/ikm.h"

namespace ekel::db {

/// Requests filed in a range, counted per (letter type, RT, channel).
struct FiledCount {
    std::string letter_type;
    std::int64_t rt_id = 0;
    std::string channel;
    std::int64_t count = 0;
};

/// A request with at least one event (issue, RT decision, escalation, refusal) in a range; the
/// flags say which fell in the range, the durations are whole seconds.
struct RequestActivity {
    std::string letter_type;
    std::int64_t rt_id = 0;
    std::string channel;
    bool issued = false;
    bool rt_decided = false;
    bool escalated = false;
    bool refused = false;
    std::optional<std::int64_t> processing_seconds;  ///< issued_at − created_at
    std::optional<std::int64_t> office_seconds;      ///< issued_at − COALESCE(rt_decided_at, created_at)
    std::optional<std::int64_t> rt_seconds;          ///< rt_decided_at − created_at
};

struct ComplaintCount {
    std::string category;
    std::string status;
    std::int64_t count = 0;
    std::int64_t overdue = 0;
};

/// A request in the office queue (status rt_approved) and when its RT decided (UTC text).
struct OfficeWait {
    std::string letter_type;
    std::string rt_decided_at;
};

struct RtHead {
    std::int64_t id = 0;
    int number = 0;
    std::string head_name;
};

/// Read-only queries behind the lurah's reports. Ranges are [from, to) on stored UTC text
/// timestamps. Never opens transactions.
class ReportRepository {
  public:
    explicit ReportRepository(Connection& db);

    std::vector<FiledCount> filed_counts(const std::string& from, const std::string& to);
    /// Calls `visit` for each request with something in the range (issued, RT decision,
    /// escalation, refusal). Streams the rows: a year at a million requests is half a million.
    void for_each_activity(const std::string& from, const std::string& to,
                           const std::function<void(const RequestActivity&)>& visit);
    /// Requests waiting for their RT now (status submitted), per RT id.
    std::vector<std::pair<std::int64_t, std::int64_t>> waiting_per_rt();
    /// Complaints created in the range per (category, status); overdue = not selesai, due before `now`.
    std::vector<ComplaintCount> complaint_counts(const std::string& from, const std::string& to,
                                                 const std::string& now);
    /// The answers (u1..u9) of the surveys completed in the range.
    std::vector<domain::IkmResponse> ikm_answers(const std::string& from, const std::string& to);
    /// Requests in the office queue now whose RT decided before `before`, oldest first: the
    /// candidates for "lewat target". Reads only the partial index of the queue.
    std::vector<OfficeWait> office_queue_decided_before(const std::string& before);
    /// Requests escalated to the office and still waiting for their RT's decision now (status
    /// submitted), as the request list's "diteruskan" filter counts them.
    std::int64_t escalated_open();
    /// Every RT, by number.
    std::vector<RtHead> rts();

  private:
    Statement filed_;
    Statement activity_;
    Statement waiting_;
    Statement complaints_;
    Statement ikm_;
    Statement office_waits_;
    Statement escalated_open_;
    Statement rts_;
};

}  // namespace ekel::db

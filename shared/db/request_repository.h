#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "shared/db/connection.h"
#include "shared/domain/request.h"

namespace ekel::db {

/// What the back office's request list asks for; empty members do not filter.
struct RequestFilter {
    std::optional<domain::RequestStatus> status;
    std::string letter_type;
    std::optional<std::int64_t> rt_id;
    std::optional<domain::Channel> channel;
    std::string created_from;  ///< UTC text, inclusive
    std::string created_to;    ///< UTC text, exclusive
    std::string code;          ///< exact public code
    std::optional<std::int64_t> resident_id;  ///< from a NIK search
    std::string name_prefix;   ///< case-insensitive
    bool escalated_only = false;
    /// Keyset paging: rows created before this (created_at, id), newest first.
    std::optional<std::pair<std::string, std::int64_t>> before;
};

/// Letter requests. Never opens transactions (services do).
class RequestRepository {
public:
    explicit RequestRepository(Connection& db);

    /// Takes the next number of a period's counter ("2611" for November 2026), starting at 1.
    int next_code_number(const std::string& period);

    /// Inserts and sets request.id.
    void insert(domain::Request& request);
    std::optional<domain::Request> find_by_id(std::int64_t id);
    /// Case-insensitive: citizens type codes in any case.
    std::optional<domain::Request> find_by_code(const std::string& code);

    /// Writes status and the timestamps that go with it (rt_decided_at, escalated_at, issued_at,
    /// closed_at, rt_pending_since, rt_reminded_at).
    /// The follow-up steps, each setting one column only, so no index but its own is touched
    /// (a catch-up marks tens of thousands of requests).
    void mark_reminded(std::int64_t id, const std::string& at);
    void mark_escalated(std::int64_t id, const std::string& at);
    void update_status(const domain::Request& request);
    /// The applicant's name (a newcomer's), the letter's field values and purpose, as corrected.
    void update_details(std::int64_t id, const std::string& applicant_name, const std::string& fields_json,
                        const std::string& purpose, const std::string& now);
    /// What was typed where it differs from the clean values (domain::Request::original_text_json).
    void update_original_text(std::int64_t id, const std::string& original_text_json);

    /// Requests filed from this phone, newest first.
    std::vector<domain::Request> list_for_applicant(const std::string& phone, int limit);

    /// Requests waiting for this RT's decision, longest waiting first.
    std::vector<domain::Request> list_awaiting_rt(std::int64_t rt_id, int limit);
    struct RtBacklog {
        std::int64_t pending = 0;
        std::string oldest_since;  ///< rt_pending_since of the longest waiting, empty when none
    };
    RtBacklog rt_backlog(std::int64_t rt_id);
    /// Requests waiting for an RT, not escalated yet, that may be due for a reminder (not reminded,
    /// waiting since remind_cutoff or longer) or an escalation (waiting since escalate_cutoff or
    /// longer). Office time never exceeds wall time, so the cutoffs (now minus the thresholds)
    /// keep the candidates to recent filings however large the backlog. Longest waiting first.
    struct FollowUpCandidate {
        std::int64_t id = 0;
        std::int64_t rt_id = 0;
        std::string pending_since;
        bool reminded = false;
    };
    std::vector<FollowUpCandidate> list_follow_up_candidates(const std::string& remind_cutoff,
                                                             const std::string& escalate_cutoff);
    /// RTs with at least one request waiting for them.
    std::vector<std::int64_t> rts_with_pending();

    /// The back office list: newest first (by name for a name search), at most `limit` rows.
    /// Statements are built per filter combination, every value bound.
    std::vector<domain::Request> search(const RequestFilter& filter, int limit);
    /// Requests waiting in the kelurahan's queue longest (RT-approved), oldest approval first.
    std::vector<domain::Request> office_queue(int limit);

    std::map<domain::RequestStatus, std::int64_t> count_by_status();
    /// From the trigger-maintained counters (migration 0005): O(1) however many requests there are.
    std::map<domain::RequestStatus, std::int64_t> status_counts();
    std::int64_t count();

private:
    Statement next_code_;
    Statement insert_;
    Statement find_by_id_;
    Statement find_by_code_;
    Statement update_status_;
    Statement update_details_;
    Statement update_original_text_;
    Statement mark_reminded_;
    Statement mark_escalated_;
    Statement list_for_applicant_;
    Statement count_by_status_;
    Statement count_;
    Statement awaiting_rt_;
    Statement count_awaiting_rt_;
    Statement follow_up_candidates_;
    Statement rts_with_pending_;
    Statement office_queue_;
    Statement status_counts_;
    Connection& db_;
};

}  // namespace ekel::db

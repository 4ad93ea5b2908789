#include "shared/services/rt_follow_up.h"

#include <algorithm>

#include "shared/db/store.h"
#include "shared/services/rt_review.h"
#include "shared/util/time.h"

namespace ekel::services {

RtFollowUp::RtFollowUp(db::Store& store, const Clock& clock, const config::Config& config,
                       const config::LetterCatalog& catalog)
    : store_(store), clock_(clock), config_(config), catalog_(catalog) {}

FollowUpReport RtFollowUp::run() {
    using std::chrono::hours;
    using std::chrono::minutes;
    FollowUpReport report;
    RtReview review(store_, clock_, config_, catalog_);
    const OfficeHours& office = review.office();
    const TimePoint now = clock_.now();
    const auto& workflow = config_.workflow;

    if (office.is_open(now)) {
        for (const auto& request : store_.requests.list_awaiting_follow_up()) {
            auto since = parse_utc(request.rt_pending_since.value_or(request.created_at));
            if (!since) continue;
            minutes waited = office.office_time_between(*since, now);
            if (waited >= hours(workflow.rt_escalation_hours)) {
                review.escalate(request, waited);
                ++report.escalated;
            } else if (!request.rt_reminded_at && waited >= hours(workflow.rt_reminder_hours)) {
                review.send_reminder(request);
                ++report.reminded;
            }
        }
    }

    // The digest goes out from digest_hour until the office closes (at least an hour), so a bot
    // started late in the day still sends it, but never at night.
    LocalTime local = to_local(now, office.utc_offset_minutes());
    const int minute = local.hour * 60 + local.minute;
    const int from = workflow.digest_hour * 60;
    const int until = std::max(office.closes_minute(), from + 60);
    if (office.is_office_day(local) && minute >= from && minute < until) {
        const std::string day = domain::to_iso(local.date);
        const std::string now_text = format_utc(now);
        for (std::int64_t rt_id : store_.requests.rts_with_pending()) {
            auto rt = store_.rts.find_by_id(rt_id);
            auto backlog = store_.requests.rt_backlog(rt_id);
            if (!rt || backlog.pending == 0) continue;
            if (!store_.rts.record_digest(rt_id, day, backlog.pending, now_text)) continue;
            review.send_digest(*rt, backlog.pending, backlog.oldest_since);
            ++report.digests;
        }
    }
    return report;
}

}  // namespace ekel::services

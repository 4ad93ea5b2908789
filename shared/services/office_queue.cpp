#include "shared/services/office_queue.h"

#include "shared/db/store.h"
#include "shared/services/report_service.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace {

// How much of the queue is looked at: the oldest approvals and escalations come first.
constexpr int kQueueInspected = 500;

std::int64_t hours_between(TimePoint from, TimePoint to) {
    return std::chrono::duration_cast<std::chrono::hours>(to - from).count();
}

}  // namespace

std::vector<LateRequest> late_requests(db::Store& store, const config::LetterCatalog& catalog, TimePoint now,
                                       std::size_t limit) {
    std::vector<LateRequest> late;
    for (const auto& r : store.requests.office_queue(kQueueInspected)) {
        if (late.size() >= limit) break;
        const config::LetterType* type = catalog.find(r.letter_type);
        const auto approved = r.rt_decided_at ? parse_utc(*r.rt_decided_at) : std::nullopt;
        if (!past_office_target(type, approved, now)) continue;
        late.push_back({r.code, type->name, false, *r.rt_decided_at, hours_between(*approved, now)});
    }
    std::size_t escalated = 0;
    for (const auto& notice : store.notices.list_open(kQueueInspected)) {
        if (notice.kind != "rt_escalation" || !notice.request_id || escalated >= limit) continue;
        auto r = store.requests.find_by_id(*notice.request_id);
        if (!r) continue;
        const config::LetterType* type = catalog.find(r->letter_type);
        const auto at = parse_utc(notice.created_at);
        late.push_back({r->code, type ? type->name : r->letter_type, true, notice.created_at,
                        at ? hours_between(*at, now) : 0});
        ++escalated;
    }
    return late;
}

}  // namespace ekel::services

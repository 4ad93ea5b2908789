#include "shared/services/rt_follow_up.h"

#include <algorithm>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/rt_review.h"
#include "shared/util/time.h"

namespace ekel::services {

FollowUpReport& FollowUpReport::operator+=(const FollowUpReport& other) {
    reminded += other.reminded;
    escalated += other.escalated;
    digests += other.digests;
    deferred += other.deferred;
    return *this;
}

RtFollowUp::RtFollowUp(db::Store& store, const Clock& clock, const config::Config& config,
                       const config::LetterCatalog& catalog)
    : store_(store), clock_(clock), config_(config), catalog_(catalog) {}

std::vector<DueRequest> RtFollowUp::due() {
    using std::chrono::hours;
    const TimePoint now = clock_.now();
    const OfficeHours office(config_.workflow, config_.kelurahan.utc_offset_minutes);
    std::vector<DueRequest> due;
    if (!office.is_open(now)) return due;
    const hours remind_after(config_.workflow.rt_reminder_hours);
    const hours escalate_after(config_.workflow.rt_escalation_hours);
    auto candidates = store_.requests.list_follow_up_candidates(format_utc(now - remind_after),
                                                                format_utc(now - escalate_after));
    for (const auto& candidate : candidates) {
        auto since = parse_utc(candidate.pending_since);
        if (!since) continue;
        auto waited = office.office_time_between(*since, now);
        if (waited >= escalate_after) {
            due.push_back({candidate.id, candidate.rt_id, DueRequest::Step::escalate, waited});
        } else if (!candidate.reminded && waited >= remind_after) {
            due.push_back({candidate.id, candidate.rt_id, DueRequest::Step::remind, waited});
        }
    }
    return due;
}

FollowUpReport RtFollowUp::follow_up(std::span<const DueRequest> requests) {
    FollowUpReport report;
    std::vector<domain::Request> reminders;
    std::vector<RtReview::Overdue> overdue;
    for (const auto& item : requests) {
        auto request = store_.requests.find_by_id(item.id);
        if (!request || request->status != domain::RequestStatus::submitted || request->escalated_at) continue;
        if (item.step == DueRequest::Step::escalate) {
            overdue.push_back({std::move(*request), item.waited});
        } else if (!request->rt_reminded_at) {
            reminders.push_back(std::move(*request));
        }
    }
    RtReview review(store_, clock_, config_, catalog_);
    review.send_reminders(reminders);
    review.escalate(overdue);
    report.reminded = static_cast<int>(reminders.size());
    report.escalated = static_cast<int>(overdue.size());
    return report;
}

FollowUpReport RtFollowUp::send_digests() {
    FollowUpReport report;
    const TimePoint now = clock_.now();
    const OfficeHours office(config_.workflow, config_.kelurahan.utc_offset_minutes);
    // From digest_hour until the office closes (at least an hour), so a bot started late in the
    // morning still sends it, but never at night.
    LocalTime local = to_local(now, office.utc_offset_minutes());
    const int minute = local.hour * 60 + local.minute;
    const int from = config_.workflow.digest_hour * 60;
    const int until = std::max(office.closes_minute(), from + 60);
    const std::string day = domain::to_iso(local.date);
    if (!office.is_office_day(local) || minute < from || minute >= until) return report;
    if (digest_round_day_ == day && (digest_round_sent_ == 0 || store_.rts.has_digests_for(day))) return report;

    RtReview review(store_, clock_, config_, catalog_);
    const std::string now_text = format_utc(now);
    for (std::int64_t rt_id : store_.requests.rts_with_pending()) {
        auto rt = store_.rts.find_by_id(rt_id);
        if (!rt || (rt->head_phone.empty() && rt->deputy_phone.empty())) continue;  // escalation covers them
        auto backlog = store_.requests.rt_backlog(rt_id);
        if (backlog.pending == 0) continue;
        if (!store_.rts.record_digest(rt_id, day, backlog.pending, now_text)) continue;
        review.send_digest(*rt, backlog.pending, backlog.oldest_since);
        ++report.digests;
    }
    // One round a day, at digest_hour: an RT whose first request comes later hears of it with
    // the notification itself, and in tomorrow's digest.
    digest_round_day_ = day;
    digest_round_sent_ = report.digests;
    return report;
}

FollowUpReport RtFollowUp::run_pass(std::chrono::milliseconds budget, std::size_t batch,
                                    const std::function<void(std::chrono::nanoseconds)>& on_transaction) {
    const auto started = std::chrono::steady_clock::now();
    FollowUpReport report;
    auto in_transaction = [&](auto&& work) {
        const auto start = std::chrono::steady_clock::now();
        db::WriteTransaction tx(store_.db());
        report += work();
        tx.commit();
        if (on_transaction) on_transaction(std::chrono::steady_clock::now() - start);
    };
    auto items = due();
    // An RT's requests together, so each officer hears of them in one message.
    std::stable_sort(items.begin(), items.end(), [](const DueRequest& a, const DueRequest& b) { return a.rt_id < b.rt_id; });
    for (std::size_t first = 0; first < items.size(); first += batch) {
        if (std::chrono::steady_clock::now() - started >= budget) {
            report.deferred = static_cast<int>(items.size() - first);
            break;
        }
        const std::span<const DueRequest> part(items.data() + first, std::min(batch, items.size() - first));
        in_transaction([&] { return follow_up(part); });
    }
    in_transaction([&] { return send_digests(); });
    return report;
}

FollowUpReport RtFollowUp::run() {
    auto items = due();
    FollowUpReport report = follow_up(items);
    report += send_digests();
    return report;
}

}  // namespace ekel::services

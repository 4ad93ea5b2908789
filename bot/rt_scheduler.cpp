#include "bot/rt_scheduler.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include "shared/db/leader_lock.h"
#include "shared/db/store.h"
#include "shared/services/collection_service.h"
#include "shared/services/rt_follow_up.h"
#include "shared/services/survey_service.h"

namespace ekel::bot {

namespace {
constexpr auto kInterval = std::chrono::minutes(1);
// After a pass that left due requests for later (a catch-up), the next one comes this soon.
constexpr auto kCatchUpInterval = std::chrono::seconds(2);
}  // namespace

RtScheduler::RtScheduler(const db::ConnectionSettings& database, const Clock& clock, const config::Config& config,
                         const config::LetterCatalog& catalog, std::function<void()> on_queued)
    : database_(database), clock_(clock), config_(config), catalog_(catalog), on_queued_(std::move(on_queued)) {}

RtScheduler::~RtScheduler() { stop(); }

void RtScheduler::start() { thread_ = std::thread([this] { run(); }); }

void RtScheduler::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::uint64_t RtScheduler::wake() {
    std::uint64_t ticket;
    {
        std::lock_guard lock(mutex_);
        ticket = ++requested_;
    }
    wake_.notify_all();
    return ticket;
}

void RtScheduler::run() {
    pthread_setname_np(pthread_self(), "ekel-rt-follow");
    db::Store store(database_);
    services::RtFollowUp follow_up(store, clock_, config_, catalog_);
    services::CollectionService collection(store, config_, catalog_);
    services::SurveyService survey(store, config_);
    // Several ekel-bot processes on one PostgreSQL database: one of them runs the passes.
    db::LeaderLock leader(database_, db::kSchedulerLeaderKey);
    while (true) {
        std::uint64_t serving;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            serving = requested_;
        }
        bool catching_up = false;
        try {
            if (leader.held()) {
                const services::FollowUpReport report = follow_up.run_pass();
                catching_up = report.deferred > 0;
                if (report.total() > 0) {
                    spdlog::info("RT follow-up: {} reminded, {} escalated, {} digests", report.reminded, report.escalated,
                                 report.digests);
                }
                const TimePoint now = clock_.now();
                const int collection_reminders = collection.send_reminders(now);
                const int invited = survey.invite_delivered(now, [this](const domain::Request& r) {
                    const config::LetterType* type = catalog_.find(r.letter_type);
                    return type && type->digital;
                });
                if (report.total() + collection_reminders + invited > 0) on_queued_();
            }
        } catch (const std::exception& e) {
            // Whatever committed stays sent; the rest is due again at the next pass.
            spdlog::error("RT follow-up pass failed: {}", e.what());
        }
        completed_ = serving;
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, catching_up ? std::chrono::duration_cast<std::chrono::seconds>(kCatchUpInterval) : kInterval,
                       [&] { return stopping_ || requested_ != serving; });
    }
}

}  // namespace ekel::bot

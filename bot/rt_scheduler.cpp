#include "bot/rt_scheduler.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/rt_follow_up.h"

namespace ekel::bot {

namespace {
constexpr auto kInterval = std::chrono::minutes(1);
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
    while (true) {
        std::uint64_t serving;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            serving = requested_;
        }
        try {
            db::WriteTransaction tx(store.db());
            auto report = follow_up.run();
            tx.commit();
            if (report.total() > 0) {
                spdlog::info("RT follow-up: {} reminded, {} escalated, {} digests", report.reminded, report.escalated,
                             report.digests);
                on_queued_();
            }
        } catch (const std::exception& e) {
            // Rolled back; the next pass tries again with the same candidates.
            spdlog::error("RT follow-up pass failed: {}", e.what());
        }
        completed_ = serving;
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, kInterval, [&] { return stopping_ || requested_ != serving; });
    }
}

}  // namespace ekel::bot

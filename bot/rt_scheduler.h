#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/db/database.h"
#include "shared/util/clock.h"

namespace ekel::bot {

/// Runs the slow-RT follow-up (services::RtFollowUp: reminders, escalation, daily digests), the
/// morning reminders of collection slots and the survey invitations for delivered digital letters
/// once a minute on its own connection, in short write transactions, and wakes the outbox when a
/// pass queued messages. Time comes from the injected clock, so tests that move a ManualClock
/// and call wake() see reminders without waiting hours.
class RtScheduler {
public:
    RtScheduler(const db::ConnectionSettings& database, const Clock& clock, const config::Config& config,
                const config::LetterCatalog& catalog, std::function<void()> on_queued);
    ~RtScheduler();

    void start();
    void stop();
    /// Asks for a pass now instead of at the next minute. Returns a ticket: once completed()
    /// reaches it, a pass that started after this call has finished.
    std::uint64_t wake();
    std::uint64_t completed() const { return completed_.load(); }

private:
    void run();

    db::ConnectionSettings database_;
    const Clock& clock_;
    const config::Config& config_;
    const config::LetterCatalog& catalog_;
    std::function<void()> on_queued_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::uint64_t requested_ = 0;
    std::atomic<std::uint64_t> completed_{0};
    std::thread thread_;
};

}  // namespace ekel::bot

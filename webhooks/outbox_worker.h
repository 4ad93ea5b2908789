#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "shared/config/config.h"
#include "shared/db/database.h"
#include "shared/util/clock.h"
#include "webhooks/message_sender.h"

namespace ekel::whatsapp {

/// Shared pacing for all sender threads: at most `rate` messages per second, with bursts of
/// up to `rate`; a throughput error from Meta empties the bucket for a while.
class TokenBucket {
public:
    explicit TokenBucket(int rate_per_second);
    /// Blocks until a message may go; returns false when `keep_waiting` turns false meanwhile.
    bool acquire(const std::function<bool()>& keep_waiting);
    void pause_for(std::chrono::milliseconds pause);

private:
    std::mutex mutex_;
    double rate_;
    double tokens_;
    std::chrono::steady_clock::time_point last_;
    std::chrono::steady_clock::time_point paused_until_{};
};

/// Retry delay after `attempts` failures: exponential from `base`, capped, with ±20 % jitter so
/// many rows that failed together do not retry together.
std::chrono::milliseconds backoff_delay(int attempts, std::chrono::milliseconds base, std::chrono::milliseconds cap);

struct OutboxHealth {
    bool token_invalid = false;
    std::string token_invalid_since;
    std::uint64_t sent = 0;
    std::uint64_t failed = 0;
    std::uint64_t retried = 0;
    std::string last_error;
};

/// Drains the outbox: `workers` threads, each owning the shards `shard % workers == index` (so a
/// recipient's messages go out in order), pacing through one TokenBucket. Network errors and 5xx
/// retry with backoff forever (outages end); throughput errors back off; "outside the 24-hour
/// window" switches to the configured template; an invalid token pauses all sending, is shown in
/// health(), and is probed again every 30 s; other errors fail the row with the error stored.
class OutboxWorker {
public:
    using SenderFactory = std::function<std::unique_ptr<MessageSender>()>;

    OutboxWorker(const db::ConnectionSettings& database, const Clock& clock,
                 const config::WhatsAppConfig& whatsapp, SenderFactory make_sender, int workers = 4);
    ~OutboxWorker();

    void start();
    void stop();
    /// Something was queued: look now instead of at the next poll.
    void notify();
    OutboxHealth health() const;

private:
    void run(int index);
    bool may_send();

    db::ConnectionSettings database_;
    const Clock& clock_;
    const config::WhatsAppConfig& whatsapp_;
    SenderFactory make_sender_;
    int workers_;
    TokenBucket bucket_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::uint64_t generation_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;

    OutboxHealth health_;
    TimePoint token_probe_after_{};
};

/// The message sent instead of a free-form one outside the 24-hour window: the configured
/// template with the original text (flattened, shortened) as its one parameter.
messaging::OutboundMessage fallback_template(const messaging::OutboundMessage& original,
                                             const config::WhatsAppConfig& whatsapp);

}  // namespace ekel::whatsapp

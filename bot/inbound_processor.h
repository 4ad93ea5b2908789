#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <thread>

#include "bot/engine/message_handler.h"
#include "shared/db/database.h"
#include "shared/db/inbound_message_repository.h"
#include "shared/util/clock.h"

namespace ekel::db {
class Store;
}

namespace ekel::bot {

/// Runs stored inbound messages through the handler after they were acknowledged: oldest first
/// on one thread, so each sender's messages are handled in order. Messages are handled in
/// batches, one transaction per batch (one fsync); if the batch fails, its messages are retried
/// one by one so a single bad message cannot hold up the rest. On start it picks up whatever a
/// previous run left unprocessed.
class InboundProcessor {
public:
    /// `on_replies` runs after a commit that may have queued replies (wakes the outbox).
    /// While `intake_saturated` says webhooks are pouring in, processing steps aside (at most
    /// 250 ms at a time) so acknowledgements get the CPU; the backlog is durable and drains after.
    InboundProcessor(const db::ConnectionSettings& database, const Clock& clock, MessageHandler& handler,
                     std::function<void()> on_replies, std::function<bool()> intake_saturated = nullptr,
                     int batch_size = 32);
    ~InboundProcessor();

    void start();
    void stop();
    void notify();
    std::uint64_t processed() const;

private:
    void run();
    /// Handles `rows` in one transaction (one fsync); throws, with everything rolled back, when
    /// one of them fails.
    void handle_together(db::Store& store, std::span<const db::StoredInbound> rows);
    /// Records a failed attempt; after the last one the message is set aside as failed and its
    /// sender is told.
    void record_failure(db::Store& store, const db::StoredInbound& row, const std::string& error);

    db::ConnectionSettings database_;
    const Clock& clock_;
    MessageHandler& handler_;
    std::function<void()> on_replies_;
    std::function<bool()> intake_saturated_;
    int batch_size_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::uint64_t generation_ = 0;
    std::uint64_t processed_ = 0;
    std::thread thread_;
};

}  // namespace ekel::bot

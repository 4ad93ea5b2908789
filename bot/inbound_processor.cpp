#include "bot/inbound_processor.h"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>
#include <spdlog/spdlog.h>

#include "shared/app/memory.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/util/masking.h"
#include "shared/util/time.h"
#include "webhooks/envelope_parser.h"

namespace ekel::bot {

namespace {

constexpr int kMaxAttempts = 3;
constexpr std::chrono::milliseconds kIdlePoll{1000};
constexpr std::chrono::milliseconds kCoalesce{5};
constexpr std::chrono::milliseconds kMaxYield{250};
constexpr int kProcessorNice = 10;

// Runs inside a serialised write transaction, so a message another ekel-bot process handled since
// it was read as pending is seen as processed here and skipped: it is answered once.
void handle_stored(const db::StoredInbound& row, MessageHandler& handler, db::Store& store, TimePoint now) {
    if (!store.inbound.mark_processed(row.id, format_utc(now))) return;
    auto message = whatsapp::parse_stored_inbound(row.stored_json);
    if (!message) throw Error("stored message is unreadable: " + message.error().field + " " + message.error().message);
    handler.handle(message.value(), store, now);
}

}  // namespace

InboundProcessor::InboundProcessor(const db::ConnectionSettings& database, const Clock& clock,
                                   MessageHandler& handler, std::function<void()> on_replies,
                                   std::function<bool()> intake_saturated, int batch_size)
    : database_(database),
      clock_(clock),
      handler_(handler),
      on_replies_(std::move(on_replies)),
      intake_saturated_(std::move(intake_saturated)),
      batch_size_(batch_size) {}

InboundProcessor::~InboundProcessor() { stop(); }

void InboundProcessor::start() { thread_ = std::thread([this] { run(); }); }

void InboundProcessor::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void InboundProcessor::notify() {
    {
        std::lock_guard lock(mutex_);
        ++generation_;
    }
    wake_.notify_all();
}

std::uint64_t InboundProcessor::processed() const {
    std::lock_guard lock(mutex_);
    return processed_;
}

void InboundProcessor::handle_together(db::Store& store, std::span<const db::StoredInbound> rows) {
    try {
        db::WriteTransaction tx(store.db());
        const TimePoint now = clock_.now();
        for (const auto& row : rows) handle_stored(row, handler_, store, now);
        tx.commit();
    } catch (...) {
        handler_.rolled_back();
        throw;
    }
    handler_.committed();
}

void InboundProcessor::record_failure(db::Store& store, const db::StoredInbound& row, const std::string& error) {
    const std::string masked = mask_digit_runs(error);
    const bool final = row.attempts + 1 >= kMaxAttempts;
    spdlog::error("inbound message {} from {} failed (attempt {}{}): {}", row.id, mask_phone(row.sender_key),
                  row.attempts + 1, final ? ", set aside as failed" : "", masked);
    try {
        db::WriteTransaction tx(store.db());
        if (!store.inbound.record_failure(row.id, masked, format_utc(clock_.now()), kMaxAttempts)) return;
        tx.commit();
    } catch (const std::exception& e) {
        spdlog::error("cannot record the failure of message {}: {}", row.id, e.what());
        return;
    }
    if (!final) return;
    // The sender would otherwise wait for an answer that never comes.
    auto message = whatsapp::parse_stored_inbound(row.stored_json);
    if (!message) return;
    try {
        db::WriteTransaction tx(store.db());
        handler_.handle_failure(message.value(), store, clock_.now());
        tx.commit();
    } catch (const std::exception& e) {
        handler_.rolled_back();
        spdlog::error("cannot tell the sender of message {} that it failed: {}", row.id, mask_digit_runs(e.what()));
        return;
    }
    handler_.committed();
}

void InboundProcessor::run() {
    pthread_setname_np(pthread_self(), "ekel-process");
    // Acknowledging webhooks comes first: under a burst the backlog may grow for a while, since
    // it is durable and drains when the burst ends (Linux applies nice per thread).
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kProcessorNice);
    db::Store store(database_);
    auto last_batch = std::chrono::steady_clock::now();
    while (true) {
        std::uint64_t seen_generation;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            seen_generation = generation_;
        }
        if (intake_saturated_ && intake_saturated_() &&
            std::chrono::steady_clock::now() - last_batch < kMaxYield) {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, kCoalesce, [&] { return stopping_; });
            continue;
        }
        last_batch = std::chrono::steady_clock::now();
        std::vector<db::StoredInbound> rows;
        try {
            rows = store.inbound.pending(batch_size_);
        } catch (const std::exception& e) {
            spdlog::error("inbound processor: cannot read pending messages: {}", e.what());
        }
        std::size_t done = 0;
        if (!rows.empty()) {
            try {
                handle_together(store, rows);
                done = rows.size();
            } catch (const std::exception&) {
                // Isolate the failing message: each one alone, its failure recorded on its row.
                for (const auto& row : rows) {
                    try {
                        handle_together(store, std::span(&row, 1));
                        ++done;
                    } catch (const db::DatabaseUnavailable& e) {
                        // Not the message's fault: it is tried again once the database is back.
                        spdlog::warn("inbound processor: database unavailable: {}", mask_digit_runs(e.what()));
                        break;
                    } catch (const std::exception& e) {
                        record_failure(store, row, e.what());
                    }
                }
            }
        }
        if (done > 0) {
            {
                std::lock_guard lock(mutex_);
                processed_ += done;
            }
            if (on_replies_) on_replies_();
            app::release_free_memory();
        }
        if (!rows.empty() && rows.size() == static_cast<std::size_t>(batch_size_)) continue;
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, kIdlePoll, [&] { return stopping_ || generation_ != seen_generation; });
        // Under load, let a few more messages arrive so one commit (one fsync) covers them;
        // a reply a few milliseconds later is not noticed on WhatsApp.
        if (!stopping_) wake_.wait_for(lock, kCoalesce, [&] { return stopping_; });
    }
}

}  // namespace ekel::bot

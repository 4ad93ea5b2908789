#include "bot/inbound_processor.h"

#include <SQLiteCpp/Transaction.h>
#include <spdlog/spdlog.h>

#include "shared/db/store.h"
#include "shared/util/masking.h"
#include "shared/util/time.h"
#include "webhooks/envelope_parser.h"

namespace ekel::bot {

namespace {

constexpr int kMaxAttempts = 3;
constexpr std::chrono::milliseconds kIdlePoll{1000};

void handle_stored(const db::StoredInbound& row, MessageHandler& handler, db::Store& store, TimePoint now) {
    auto message = whatsapp::parse_stored_inbound(row.stored_json);
    if (!message) throw Error("stored message is unreadable: " + message.error().field + " " + message.error().message);
    handler.handle(message.value(), store, now);
    store.inbound.mark_processed(row.id, format_utc(now));
}

}  // namespace

InboundProcessor::InboundProcessor(const std::string& db_path, int busy_timeout_ms, const Clock& clock,
                                   MessageHandler& handler, std::function<void()> on_replies, int batch_size)
    : db_path_(db_path),
      busy_timeout_ms_(busy_timeout_ms),
      clock_(clock),
      handler_(handler),
      on_replies_(std::move(on_replies)),
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

void InboundProcessor::run() {
    db::Store store(db_path_, busy_timeout_ms_);
    while (true) {
        std::uint64_t seen_generation;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            seen_generation = generation_;
        }
        std::vector<db::StoredInbound> rows;
        try {
            rows = store.inbound.pending(batch_size_);
        } catch (const std::exception& e) {
            spdlog::error("inbound processor: cannot read pending messages: {}", e.what());
        }
        std::size_t done = 0;
        if (!rows.empty()) {
            try {
                SQLite::Transaction tx(store.db(), SQLite::TransactionBehavior::IMMEDIATE);
                const TimePoint now = clock_.now();
                for (const auto& row : rows) handle_stored(row, handler_, store, now);
                tx.commit();
                done = rows.size();
            } catch (const std::exception& batch_error) {
                // Isolate the failing message: each one alone, its failure recorded on its row.
                for (const auto& row : rows) {
                    try {
                        SQLite::Transaction tx(store.db(), SQLite::TransactionBehavior::IMMEDIATE);
                        handle_stored(row, handler_, store, clock_.now());
                        tx.commit();
                        ++done;
                    } catch (const std::exception& e) {
                        spdlog::error("inbound message {} from {} failed (attempt {}): {}", row.id,
                                      mask_phone(row.sender_key), row.attempts + 1, mask_digit_runs(e.what()));
                        try {
                            store.inbound.record_failure(row.id, mask_digit_runs(e.what()), format_utc(clock_.now()),
                                                         kMaxAttempts);
                        } catch (const std::exception& record_error) {
                            spdlog::error("cannot record the failure of message {}: {}", row.id, record_error.what());
                        }
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
        }
        if (!rows.empty()) continue;
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, kIdlePoll, [&] { return stopping_ || generation_ != seen_generation; });
    }
}

}  // namespace ekel::bot

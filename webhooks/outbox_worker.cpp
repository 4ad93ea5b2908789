#include "webhooks/outbox_worker.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "shared/db/outbox_claims.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/util/masking.h"
#include "shared/util/time.h"

namespace ekel::whatsapp {

using namespace std::chrono;

namespace {

constexpr milliseconds kIdlePoll{500};
constexpr seconds kTokenProbeInterval{30};
constexpr std::size_t kTemplateParameterMax = 900;
// PostgreSQL: how long a sender's claim on a due message lasts; renewed right before each send,
// so it must outlast one send with its timeouts (5 s to connect, 15 s in all).
constexpr seconds kClaimLease{30};

}  // namespace

TokenBucket::TokenBucket(int rate_per_second)
    : rate_(rate_per_second), tokens_(rate_per_second), last_(steady_clock::now()) {}

bool TokenBucket::acquire(const std::function<bool()>& keep_waiting) {
    while (keep_waiting()) {
        milliseconds wait{0};
        {
            std::lock_guard lock(mutex_);
            auto now = steady_clock::now();
            if (now < paused_until_) {
                wait = duration_cast<milliseconds>(paused_until_ - now) + milliseconds(1);
            } else {
                tokens_ = std::min(rate_, tokens_ + duration<double>(now - last_).count() * rate_);
                last_ = now;
                if (tokens_ >= 1.0) {
                    tokens_ -= 1.0;
                    return true;
                }
                wait = milliseconds(static_cast<long>((1.0 - tokens_) / rate_ * 1000.0) + 1);
            }
        }
        std::this_thread::sleep_for(std::min(wait, milliseconds(100)));
    }
    return false;
}

void TokenBucket::pause_for(milliseconds pause) {
    std::lock_guard lock(mutex_);
    paused_until_ = std::max(paused_until_, steady_clock::now() + pause);
    tokens_ = 0;
}

milliseconds backoff_delay(int attempts, milliseconds base, milliseconds cap) {
    static thread_local std::minstd_rand random(std::random_device{}());
    double delay = static_cast<double>(base.count()) * std::pow(2.0, std::min(attempts, 20));
    delay = std::min(delay, static_cast<double>(cap.count()));
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    return milliseconds(static_cast<long>(delay * jitter(random)));
}

messaging::OutboundMessage fallback_template(const messaging::OutboundMessage& original,
                                             const config::WhatsAppConfig& whatsapp) {
    messaging::OutboundMessage message;
    message.kind = messaging::OutboundKind::template_message;
    message.to = original.to;
    message.to_user_id = original.to_user_id;
    message.callback_data = original.callback_data;
    message.template_name = whatsapp.fallback_template;
    message.template_language = whatsapp.template_language;
    std::string text = original.kind == messaging::OutboundKind::document && original.text.empty()
                           ? "Dokumen " + original.document_filename + " siap. Balas pesan ini untuk menerimanya."
                           : original.text;
    // Flatten: template parameters may not hold line breaks, tabs or long runs of spaces.
    std::string flat;
    for (char c : text) {
        char out = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
        if (out == ' ' && !flat.empty() && flat.back() == ' ') continue;
        flat += out;
    }
    if (flat.size() > kTemplateParameterMax) {
        std::size_t cut = kTemplateParameterMax;
        while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
        flat = flat.substr(0, cut) + "…";
    }
    message.template_parameters = {flat};
    return message;
}

OutboxWorker::OutboxWorker(const db::ConnectionSettings& database, const Clock& clock,
                           const config::WhatsAppConfig& whatsapp, SenderFactory make_sender, int workers)
    : database_(database),
      clock_(clock),
      whatsapp_(whatsapp),
      make_sender_(std::move(make_sender)),
      workers_(workers),
      bucket_(whatsapp.messages_per_second) {}

OutboxWorker::~OutboxWorker() { stop(); }

void OutboxWorker::start() {
    for (int i = 0; i < workers_; ++i) threads_.emplace_back([this, i] { run(i); });
}

void OutboxWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& thread : threads_) {
        if (thread.joinable()) thread.join();
    }
    threads_.clear();
}

void OutboxWorker::notify() {
    {
        std::lock_guard lock(mutex_);
        ++generation_;
    }
    wake_.notify_all();
}

OutboxHealth OutboxWorker::health() const {
    std::lock_guard lock(mutex_);
    return health_;
}

bool OutboxWorker::may_send() {
    std::lock_guard lock(mutex_);
    if (!health_.token_invalid) return true;
    // While the token is rejected, one message at a time probes whether it was renewed.
    if (clock_.now() >= token_probe_after_) {
        token_probe_after_ = clock_.now() + kTokenProbeInterval;
        return true;
    }
    return false;
}

void OutboxWorker::run(int index) {
    pthread_setname_np(pthread_self(), ("ekel-outbox-" + std::to_string(index)).c_str());
    std::unique_ptr<MessageSender> sender = make_sender_();
    db::Store store(database_);
    db::OutboxClaims claims(store.db());
    if (index == 0) {
        // Unknown until the first send of this run: an old alert must not outlive a renewed token.
        db::WriteTransaction tx(store.db());
        store.meta.set(db::kTokenInvalidSinceKey, "");
        tx.commit();
    }
    auto keep_running = [this] {
        std::lock_guard lock(mutex_);
        return !stopping_;
    };
    while (keep_running()) {
        std::uint64_t seen_generation;
        {
            std::lock_guard lock(mutex_);
            seen_generation = generation_;
        }
        std::vector<db::QueuedOutbound> batch;
        std::string lease;
        try {
            const TimePoint now = clock_.now();
            lease = format_utc(now + kClaimLease);
            batch = store.outbox.due(workers_, index, format_utc(now), 64, lease);
        } catch (const std::exception& e) {
            spdlog::error("outbox worker {}: cannot read the outbox: {}", index, e.what());
        }
        bool paused = false;
        for (const db::QueuedOutbound& row : batch) {
            if (!may_send()) {
                paused = true;
                break;
            }
            if (!bucket_.acquire(keep_running)) return;
            try {
                // Another process's sender took it after our claim ran out: it is theirs now.
                if (!claims.renew(row.id, lease, format_utc(clock_.now() + kClaimLease))) continue;
            } catch (const std::exception& e) {
                spdlog::error("outbox worker {}: cannot renew the claim on message {}: {}", index, row.id, e.what());
                break;
            }
            messaging::OutboundMessage message =
                row.use_template ? fallback_template(row.message, whatsapp_) : row.message;
            SendResult result = sender->send(message);
            const TimePoint now = clock_.now();
            const std::string now_text = format_utc(now);
            bool was_invalid;
            {
                std::lock_guard lock(mutex_);
                was_invalid = health_.token_invalid;
            }
            try {
                db::WriteTransaction tx(store.db());
                // The token's state is kept in meta too, for the back office's status page.
                if (result.outcome == SendOutcome::token_invalid && !was_invalid) {
                    store.meta.set(db::kTokenInvalidSinceKey, now_text);
                } else if (result.outcome == SendOutcome::sent && was_invalid) {
                    store.meta.set(db::kTokenInvalidSinceKey, "");
                }
                switch (result.outcome) {
                    case SendOutcome::sent:
                        store.outbox.mark_sent(row.id, result.wa_message_id, now_text);
                        break;
                    case SendOutcome::retry_later:
                    case SendOutcome::rate_limited: {
                        bool throttled = result.outcome == SendOutcome::rate_limited;
                        if (throttled) bucket_.pause_for(seconds(1));
                        auto delay = backoff_delay(row.attempts, throttled ? seconds(2) : seconds(1), minutes(5));
                        // Rounded up: stored times have whole seconds, and a retry must never
                        // come due before its delay.
                        store.outbox.schedule_retry(row.id, format_utc(ceil<seconds>(now + delay)),
                                                    result.error_code, result.error_title, now_text);
                        break;
                    }
                    case SendOutcome::outside_window:
                        if (row.use_template) {
                            store.outbox.mark_failed(row.id, result.error_code, result.error_title, now_text);
                        } else {
                            store.outbox.switch_to_template(row.id, now_text);
                        }
                        break;
                    case SendOutcome::token_invalid:
                        store.outbox.schedule_retry(row.id, now_text, result.error_code, result.error_title,
                                                    now_text);
                        break;
                    case SendOutcome::permanent_failure:
                        store.outbox.mark_failed(row.id, result.error_code, result.error_title, now_text);
                        break;
                }
                tx.commit();
            } catch (const std::exception& e) {
                spdlog::error("outbox worker {}: cannot record the result for message {}: {}", index, row.id, e.what());
            }
            {
                std::lock_guard lock(mutex_);
                if (result.outcome == SendOutcome::token_invalid) {
                    if (!health_.token_invalid) {
                        health_.token_invalid_since = now_text;
                        spdlog::error("WhatsApp access token rejected (code {}): sending paused until it works again",
                                      result.error_code);
                    }
                    health_.token_invalid = true;
                    token_probe_after_ = now + kTokenProbeInterval;
                } else if (result.outcome != SendOutcome::retry_later && result.outcome != SendOutcome::rate_limited) {
                    health_.token_invalid = false;
                    health_.token_invalid_since.clear();
                }
                if (result.outcome == SendOutcome::sent) ++health_.sent;
                if (result.outcome == SendOutcome::permanent_failure) ++health_.failed;
                if (result.outcome == SendOutcome::retry_later || result.outcome == SendOutcome::rate_limited) {
                    ++health_.retried;
                }
                if (result.outcome != SendOutcome::sent) {
                    health_.last_error = std::string(to_string(result.outcome)) + " " +
                                         std::to_string(result.error_code) + " " + result.error_title;
                    spdlog::warn("outbox message {} to {}: {}", row.id, mask_phone(row.recipient), health_.last_error);
                }
            }
            if (result.outcome == SendOutcome::token_invalid) {
                paused = true;
                break;
            }
        }
        if (!batch.empty() && !paused) continue;
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, kIdlePoll, [&] { return stopping_ || generation_ != seen_generation; });
    }
}

}  // namespace ekel::whatsapp

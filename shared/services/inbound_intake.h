#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "shared/db/database.h"
#include "shared/messaging/inbound_message.h"
#include "shared/util/clock.h"

namespace ekel::services {

/// One webhook delivery's worth of inbound data.
struct IntakeBatch {
    struct Message {
        messaging::InboundMessage message;
        std::string stored_json;
    };
    std::vector<Message> messages;
    std::vector<messaging::StatusUpdate> statuses;
};

struct IntakeResult {
    std::size_t stored = 0;
    std::size_t duplicates = 0;
    std::size_t statuses_applied = 0;
};

/// Where the webhook route hands what it read: one database's intake, or a city's router that
/// splits a delivery between the kelurahan's intakes.
class WebhookSink {
public:
    virtual ~WebhookSink() = default;
    /// Blocks until every message and status is committed; throws when a commit failed (the
    /// caller must not acknowledge: Meta will deliver again).
    virtual IntakeResult accept(IntakeBatch batch) = 0;
    /// Keeps a webhook body we refused for inspection; blocks until stored.
    virtual void reject(std::string reason, std::string body) = 0;
};

/// Makes inbound messages durable before a webhook is acknowledged. HTTP threads hand their
/// batches to one writer thread, which commits all waiting batches in one transaction
/// (group commit: one fsync for many requests under synchronous=FULL) and then wakes them.
/// Duplicate WhatsApp ids are counted, not stored again.
class InboundIntake final : public WebhookSink {
public:
    /// `on_commit(new_messages, outbox_requeued)` runs on the writer thread after each commit that
    /// stored new messages or re-queued outbox rows, to wake the workers that handle them.
    using CommitListener = std::function<void(bool new_messages, bool outbox_requeued)>;
    InboundIntake(const db::ConnectionSettings& database, const Clock& clock, CommitListener on_commit);
    ~InboundIntake() override;
    InboundIntake(const InboundIntake&) = delete;
    InboundIntake& operator=(const InboundIntake&) = delete;

    /// Blocks until the batch is committed. Throws when the commit failed (the caller must not
    /// acknowledge: Meta will deliver again).
    IntakeResult accept(IntakeBatch batch) override;

    /// True while webhooks arrive faster than one at a time: the last commit, less than 5 ms ago,
    /// carried several waiting requests. Background work may step aside meanwhile.
    bool saturated() const;

    /// Messages stored since start (after their commit).
    std::uint64_t stored() const { return stored_.load(); }

    /// Keeps a webhook body we refused (not a WhatsApp envelope) for inspection; blocks until stored.
    void reject(std::string reason, std::string body) override;

private:
    struct Job {
        IntakeBatch batch;
        std::optional<std::pair<std::string, std::string>> rejection;
        std::promise<IntakeResult> done;
    };
    void run(db::ConnectionSettings database);
    std::future<IntakeResult> submit(std::unique_ptr<Job> job);

    const Clock& clock_;
    CommitListener on_commit_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<std::unique_ptr<Job>> queue_;
    bool stopping_ = false;
    std::atomic<std::int64_t> last_saturated_commit_ns_{0};
    std::atomic<std::uint64_t> stored_{0};
    std::thread writer_;
};

}  // namespace ekel::services

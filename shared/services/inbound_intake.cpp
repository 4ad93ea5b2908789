#include "shared/services/inbound_intake.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include "shared/db/notifications.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace {
constexpr std::size_t kSaturatedBatch = 4;
constexpr std::chrono::milliseconds kSaturatedWindow{5};
}  // namespace

InboundIntake::InboundIntake(const db::ConnectionSettings& database, const Clock& clock, CommitListener on_commit)
    : clock_(clock), on_commit_(std::move(on_commit)) {
    // The Store is opened on the writer thread, which is its only user.
    std::promise<void> ready;
    auto opened = ready.get_future();
    writer_ = std::thread([this, database, &ready] {
        try {
            db::Store probe(database);
            ready.set_value();
        } catch (...) {
            ready.set_exception(std::current_exception());
            return;
        }
        run(database);
    });
    try {
        opened.get();
    } catch (...) {
        writer_.join();
        throw;
    }
}

InboundIntake::~InboundIntake() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (writer_.joinable()) writer_.join();
}

std::future<IntakeResult> InboundIntake::submit(std::unique_ptr<Job> job) {
    auto future = job->done.get_future();
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
    return future;
}

IntakeResult InboundIntake::accept(IntakeBatch batch) {
    auto job = std::make_unique<Job>();
    job->batch = std::move(batch);
    return submit(std::move(job)).get();
}

bool InboundIntake::saturated() const {
    auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    return now - last_saturated_commit_ns_.load() < std::chrono::nanoseconds(kSaturatedWindow).count();
}

void InboundIntake::reject(std::string reason, std::string body) {
    auto job = std::make_unique<Job>();
    job->rejection = std::make_pair(std::move(reason), std::move(body));
    submit(std::move(job)).get();
}

void InboundIntake::run(db::ConnectionSettings database) {
    pthread_setname_np(pthread_self(), "ekel-intake");
    db::Store store(database);
    while (true) {
        std::vector<std::unique_ptr<Job>> jobs;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty() && stopping_) return;
            jobs.swap(queue_);
        }
        if (jobs.size() >= kSaturatedBatch) {
            last_saturated_commit_ns_ = std::chrono::steady_clock::now().time_since_epoch().count();
        }
        std::vector<IntakeResult> results(jobs.size());
        bool new_messages = false;
        bool outbox_requeued = false;
        try {
            const std::string now = format_utc(clock_.now());
            // Unique wa_message_id is the guard against a delivery stored twice (Meta retries, or
            // two ekel-bot processes): intake needs no serialised lock, so on PostgreSQL processes
            // acknowledge side by side.
            db::WriteTransaction tx(store.db(), db::WriteTransaction::Scope::rows_only);
            for (std::size_t i = 0; i < jobs.size(); ++i) {
                Job& job = *jobs[i];
                if (job.rejection) {
                    store.inbound.reject_webhook(job.rejection->first, job.rejection->second, now);
                    continue;
                }
                for (const auto& item : job.batch.messages) {
                    bool fresh = store.inbound.insert(item.message, item.stored_json, now);
                    (fresh ? results[i].stored : results[i].duplicates)++;
                    new_messages = new_messages || fresh;
                }
                for (const auto& status : job.batch.statuses) {
                    auto applied = store.outbox.apply_status(status, now);
                    if (applied != db::OutboundMessageRepository::StatusApplied::unchanged &&
                        applied != db::OutboundMessageRepository::StatusApplied::unknown_message) {
                        ++results[i].statuses_applied;
                    }
                    outbox_requeued = outbox_requeued ||
                                      applied == db::OutboundMessageRepository::StatusApplied::requeued_as_template;
                }
            }
            if (new_messages) db::notify_on_commit(store.db(), db::kInboundChannel);
            tx.commit();
        } catch (const std::exception& e) {
            spdlog::error("inbound intake: commit of {} webhook(s) failed: {}", jobs.size(), e.what());
            for (auto& job : jobs) job->done.set_exception(std::current_exception());
            continue;
        }
        for (const auto& result : results) stored_ += result.stored;
        for (std::size_t i = 0; i < jobs.size(); ++i) jobs[i]->done.set_value(results[i]);
        if ((new_messages || outbox_requeued) && on_commit_) on_commit_(new_messages, outbox_requeued);
    }
}

}  // namespace ekel::services

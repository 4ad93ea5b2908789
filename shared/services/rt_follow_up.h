#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/util/clock.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

struct FollowUpReport {
    int reminded = 0;
    int escalated = 0;
    int digests = 0;
    int deferred = 0;  ///< due, but left for the next pass (the pass's time was up)

    int total() const { return reminded + escalated + digests; }
    FollowUpReport& operator+=(const FollowUpReport& other);
};

/// A request due for the next follow-up step.
struct DueRequest {
    enum class Step { remind, escalate };
    std::int64_t id = 0;
    std::int64_t rt_id = 0;
    Step step = Step::remind;
    std::chrono::minutes waited{0};  ///< office time the RT has had
};

/// Keeps slow RTs moving: a reminder after workflow.rt_reminder_hours of office time without a
/// decision, escalation to the staff queue and the RW head after workflow.rt_escalation_hours,
/// and a daily digest to each RT head with requests waiting, from workflow.digest_hour on office
/// days. Nothing goes out at night, on days off or on holidays. Each step happens once: a
/// request is reminded and escalated once per time it reaches the RT, and an RT gets one digest
/// a day.
///
/// Finding what is due only reads, so the scheduler does it outside the write transaction and
/// then sends in small transactions: a large backlog never holds the write gate (and with it the
/// webhook acknowledgements) for long.
class RtFollowUp {
public:
    RtFollowUp(db::Store& store, const Clock& clock, const config::Config& config, const config::LetterCatalog& catalog);

    /// Requests due for a reminder or an escalation at the clock's now (none while the office is
    /// closed), longest waiting first.
    std::vector<DueRequest> due();
    /// Sends the reminders and escalations, re-checking each request (the RT may have decided
    /// since due() read it). Each officer and RW head hears once per call, of all their
    /// requests in it. The caller holds the write transaction.
    FollowUpReport follow_up(std::span<const DueRequest> requests);
    /// Sends today's digests that have not gone out yet. The caller holds the write transaction.
    FollowUpReport send_digests();
    /// All of it in one transaction held by the caller (tests and small databases).
    FollowUpReport run();
    /// A pass as the scheduler runs it, owning its transactions: what is due, read without the
    /// write gate, then sent in write transactions of `batch` requests with each RT's requests
    /// together, then the digests. A catch-up after downtime holds the writer (and the webhook
    /// acknowledgements behind it) only briefly at a time, in few commits, and a pass stops
    /// starting transactions once `budget` is spent: the rest is `deferred` to the next pass,
    /// which the scheduler then runs soon. The outbox sends whatever is queued at
    /// whatsapp.messages_per_second anyway, so nobody hears later than they would have.
    /// `on_transaction` hears how long each write transaction took.
    static constexpr std::size_t kBatch = 250;
    static constexpr std::chrono::milliseconds kPassBudget{500};
    FollowUpReport run_pass(std::chrono::milliseconds budget = kPassBudget, std::size_t batch = kBatch,
                            const std::function<void(std::chrono::nanoseconds)>& on_transaction = {});

private:
    db::Store& store_;
    const Clock& clock_;
    const config::Config& config_;
    const config::LetterCatalog& catalog_;
    /// The last digest round: its local day and how many it sent. It saves the per-RT queries
    /// once a day's round is done, but is trusted only while rt_digests shows the round
    /// committed (a rolled-back round is sent again).
    std::string digest_round_day_;
    int digest_round_sent_ = 0;
};

}  // namespace ekel::services

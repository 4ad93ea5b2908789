#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "shared/util/clock.h"

namespace ekel::bot {

/// Per-sender flood protection, kept in memory by the single processor thread. A sender over
/// `max_per_minute` gets one notice and is then ignored for `mute_for`; the same text repeated
/// within `repeat_window` is answered once. Other senders are not affected.
///
/// What check() learns is provisional, like the transaction the messages are handled in: it is
/// kept aside until commit(), and rollback() forgets it, so a batch that rolls back leaves the
/// guard as it was and its messages get the same verdicts when they are handled again.
class FloodGuard {
public:
    enum class Verdict { handle, notify, ignore };

    FloodGuard(int max_per_minute = 20, std::chrono::seconds mute_for = std::chrono::minutes(5),
               std::chrono::seconds repeat_window = std::chrono::seconds(10));

    /// The verdict for this message, given what was committed and what this unit of work has
    /// checked so far.
    Verdict check(const std::string& sender, const std::string& text, TimePoint now);
    /// Keeps what check() learned since the last commit or rollback.
    void commit();
    /// Forgets what check() learned since the last commit or rollback.
    void rollback();

private:
    /// Small on purpose: one per recent sender, and a busy day has many.
    struct Sender {
        TimePoint window_start{};
        int in_window = 0;
        std::size_t last_text_hash = 0;
        TimePoint last_text_at{};
        TimePoint muted_until{};
    };

    int max_per_minute_;
    std::chrono::seconds mute_for_;
    std::chrono::seconds repeat_window_;
    // Two generations, swapped every few minutes: a sender quiet for two generations is
    // forgotten without ever scanning the map.
    std::unordered_map<std::string, Sender> current_;
    std::unordered_map<std::string, Sender> previous_;
    TimePoint generation_start_{};
    /// Senders checked since the last commit or rollback, with their provisional state.
    std::unordered_map<std::string, Sender> pending_;
    TimePoint pending_now_{};
};

}  // namespace ekel::bot

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
class FloodGuard {
public:
    enum class Verdict { handle, notify, ignore };

    FloodGuard(int max_per_minute = 20, std::chrono::seconds mute_for = std::chrono::minutes(5),
               std::chrono::seconds repeat_window = std::chrono::seconds(10));

    Verdict check(const std::string& sender, const std::string& text, TimePoint now);

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
};

}  // namespace ekel::bot

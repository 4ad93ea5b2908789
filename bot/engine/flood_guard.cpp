#include "bot/engine/flood_guard.h"

#include <algorithm>
#include <functional>

namespace ekel::bot {

FloodGuard::FloodGuard(int max_per_minute, std::chrono::seconds mute_for, std::chrono::seconds repeat_window)
    : max_per_minute_(max_per_minute), mute_for_(mute_for), repeat_window_(repeat_window) {}

FloodGuard::Verdict FloodGuard::check(const std::string& sender, const std::string& text, TimePoint now) {
    pending_now_ = std::max(pending_now_, now);
    auto found = pending_.find(sender);
    if (found == pending_.end()) {
        Sender committed{};
        if (auto it = current_.find(sender); it != current_.end()) {
            committed = it->second;
        } else if (auto old = previous_.find(sender); old != previous_.end()) {
            committed = old->second;
        }
        found = pending_.emplace(sender, committed).first;
    }
    Sender& s = found->second;
    if (now < s.muted_until) return Verdict::ignore;

    const std::size_t hash = std::hash<std::string>{}(text);
    bool repeated = !text.empty() && hash == s.last_text_hash && now - s.last_text_at < repeat_window_;
    s.last_text_hash = hash;
    s.last_text_at = now;
    if (repeated) return Verdict::ignore;

    if (now - s.window_start >= std::chrono::minutes(1)) {
        s.window_start = now;
        s.in_window = 0;
    }
    if (++s.in_window > max_per_minute_) {
        s.muted_until = now + mute_for_;
        s.in_window = 0;
        return Verdict::notify;
    }
    return Verdict::handle;
}

void FloodGuard::commit() {
    // A generation outlives every window (the mute included), so nothing is forgotten too early.
    const auto generation = std::max<std::chrono::seconds>(mute_for_, std::chrono::minutes(1)) + repeat_window_;
    if (pending_now_ - generation_start_ >= generation) {
        previous_ = std::move(current_);
        current_ = {};
        generation_start_ = pending_now_;
    }
    for (auto& [sender, state] : pending_) current_.insert_or_assign(sender, state);
    pending_.clear();
}

void FloodGuard::rollback() { pending_.clear(); }

}  // namespace ekel::bot

#include "bot/engine/flood_guard.h"

namespace ekel::bot {

FloodGuard::FloodGuard(int max_per_minute, std::chrono::seconds mute_for, std::chrono::seconds repeat_window)
    : max_per_minute_(max_per_minute), mute_for_(mute_for), repeat_window_(repeat_window) {}

FloodGuard::Verdict FloodGuard::check(const std::string& sender, const std::string& text, TimePoint now) {
    // Forget quiet senders now and then so the map does not grow without bound.
    if (senders_.size() > 10000) {
        for (auto it = senders_.begin(); it != senders_.end();) {
            it = (now - it->second.last_text_at > std::chrono::hours(1)) ? senders_.erase(it) : std::next(it);
        }
    }
    Sender& s = senders_[sender];
    if (now < s.muted_until) return Verdict::ignore;
    bool repeated = !text.empty() && text == s.last_text && now - s.last_text_at < repeat_window_;
    s.last_text = text;
    s.last_text_at = now;
    if (repeated) return Verdict::ignore;
    while (!s.recent.empty() && now - s.recent.front() >= std::chrono::minutes(1)) s.recent.pop_front();
    s.recent.push_back(now);
    if (static_cast<int>(s.recent.size()) > max_per_minute_) {
        s.muted_until = now + mute_for_;
        s.recent.clear();
        return Verdict::notify;
    }
    return Verdict::handle;
}

}  // namespace ekel::bot

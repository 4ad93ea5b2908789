#pragma once

#include <atomic>
#include <chrono>

namespace ekel {

using TimePoint = std::chrono::system_clock::time_point;

/// The only source of "now" in the core, so tests can move time.
class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
};

/// A clock that stands still until moved; safe to read and move from different threads.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
    TimePoint now() const override { return TimePoint(TimePoint::duration(now_.load())); }
    void advance(std::chrono::system_clock::duration by) { now_ += by.count(); }
    void set(TimePoint to) { now_ = to.time_since_epoch().count(); }

private:
    std::atomic<TimePoint::rep> now_;
};

}  // namespace ekel

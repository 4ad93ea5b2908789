#include <doctest/doctest.h>

#include "bot/engine/flood_guard.h"
#include "shared/util/time.h"

TEST_SUITE_BEGIN("bot");

using namespace ekel;
using namespace std::chrono_literals;
using Verdict = bot::FloodGuard::Verdict;

namespace {

/// One message per transaction, as the processor commits them when each is handled alone.
Verdict check(bot::FloodGuard& guard, const std::string& sender, const std::string& text, TimePoint at) {
    Verdict verdict = guard.check(sender, text, at);
    guard.commit();
    return verdict;
}

}  // namespace

TEST_CASE("a flooding sender gets one notice, is ignored for a while, and others are not affected") {
    bot::FloodGuard guard(20, 5min, 10s);
    TimePoint t = *parse_utc("2026-11-27T02:00:00Z");
    for (int i = 0; i < 20; ++i) CHECK(check(guard, "a", "pesan " + std::to_string(i), t + i * 1s) == Verdict::handle);
    CHECK(check(guard, "a", "pesan 20", t + 21s) == Verdict::notify);
    CHECK(check(guard, "a", "pesan 21", t + 22s) == Verdict::ignore);
    CHECK(check(guard, "b", "halo", t + 22s) == Verdict::handle);
    CHECK(check(guard, "a", "pesan 22", t + 6min) == Verdict::handle);
}

TEST_CASE("the same text repeated within seconds is answered once") {
    bot::FloodGuard guard(20, 5min, 10s);
    TimePoint t = *parse_utc("2026-11-27T02:00:00Z");
    CHECK(check(guard, "a", "status", t) == Verdict::handle);
    CHECK(check(guard, "a", "status", t + 3s) == Verdict::ignore);
    CHECK(check(guard, "a", "status", t + 20s) == Verdict::handle);
}

TEST_CASE("quiet senders are forgotten while a muted one stays muted") {
    bot::FloodGuard guard(2, 5min, 10s);
    TimePoint t = *parse_utc("2026-11-27T02:00:00Z");
    for (int i = 0; i < 3; ++i) check(guard, "loud", "x" + std::to_string(i), t + i * 1s);
    CHECK(check(guard, "loud", "y", t + 4s) == Verdict::ignore);
    for (int i = 0; i < 50000; ++i) CHECK(check(guard, "s" + std::to_string(i), "halo", t + 5s) == Verdict::handle);
    // Two minutes on: the crowd is forgotten at the next sweep, the loud sender is still muted.
    CHECK(check(guard, "loud", "z", t + 2min) == Verdict::ignore);
    CHECK(check(guard, "s1", "halo", t + 10min) == Verdict::handle);
}

TEST_CASE("what a rolled-back batch taught the guard is forgotten, so its retry gets the same verdicts") {
    bot::FloodGuard guard(3, 5min, 10s);
    TimePoint t = *parse_utc("2026-11-27T02:00:00Z");
    CHECK(check(guard, "a", "pagi", t) == Verdict::handle);
    // A batch sees its own earlier messages...
    CHECK(guard.check("a", "status", t + 1s) == Verdict::handle);
    CHECK(guard.check("b", "halo", t + 1s) == Verdict::handle);
    CHECK(guard.check("b", "halo", t + 1s) == Verdict::ignore);
    CHECK(guard.check("a", "x", t + 1s) == Verdict::handle);
    CHECK(guard.check("a", "y", t + 1s) == Verdict::notify);
    guard.rollback();
    // ...but after a rollback the same messages, handled one by one, are judged afresh.
    CHECK(check(guard, "a", "status", t + 1s) == Verdict::handle);
    CHECK(check(guard, "b", "halo", t + 1s) == Verdict::handle);
    CHECK(check(guard, "a", "x", t + 1s) == Verdict::handle);
    CHECK(check(guard, "a", "y", t + 1s) == Verdict::notify);
    CHECK(check(guard, "a", "z", t + 2s) == Verdict::ignore);
}

TEST_SUITE_END();

#include <doctest/doctest.h>

#include "bot/engine/flood_guard.h"
#include "shared/util/time.h"

TEST_SUITE_BEGIN("bot");

using namespace ekel;
using namespace std::chrono_literals;
using Verdict = bot::FloodGuard::Verdict;

TEST_CASE("a flooding sender gets one notice, is ignored for a while, and others are not affected") {
    bot::FloodGuard guard(20, 5min, 10s);
    TimePoint t = *parse_utc("2026-11-27T02:00:00Z");
    for (int i = 0; i < 20; ++i) CHECK(guard.check("a", "pesan " + std::to_string(i), t + i * 1s) == Verdict::handle);
    CHECK(guard.check("a", "pesan 20", t + 21s) == Verdict::notify);
    CHECK(guard.check("a", "pesan 21", t + 22s) == Verdict::ignore);
    CHECK(guard.check("b", "halo", t + 22s) == Verdict::handle);
    CHECK(guard.check("a", "pesan 22", t + 6min) == Verdict::handle);
}

TEST_CASE("the same text repeated within seconds is answered once") {
    bot::FloodGuard guard(20, 5min, 10s);
    TimePoint t = *parse_utc("2026-11-27T02:00:00Z");
    CHECK(guard.check("a", "status", t) == Verdict::handle);
    CHECK(guard.check("a", "status", t + 3s) == Verdict::ignore);
    CHECK(guard.check("a", "status", t + 20s) == Verdict::handle);
}

TEST_CASE("quiet senders are forgotten while a muted one stays muted") {
    bot::FloodGuard guard(2, 5min, 10s);
    TimePoint t = *parse_utc("2026-11-27T02:00:00Z");
    for (int i = 0; i < 3; ++i) guard.check("loud", "x" + std::to_string(i), t + i * 1s);
    CHECK(guard.check("loud", "y", t + 4s) == Verdict::ignore);
    for (int i = 0; i < 50000; ++i) CHECK(guard.check("s" + std::to_string(i), "halo", t + 5s) == Verdict::handle);
    // Two minutes on: the crowd is forgotten at the next sweep, the loud sender is still muted.
    CHECK(guard.check("loud", "z", t + 2min) == Verdict::ignore);
    CHECK(guard.check("s1", "halo", t + 10min) == Verdict::handle);
}

TEST_SUITE_END();

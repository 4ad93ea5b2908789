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

TEST_SUITE_END();

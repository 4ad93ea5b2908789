// Cost of one pass of the slow-RT follow-up (services::RtFollowUp), which ekel-bot's scheduler runs
// once a minute inside a write transaction. For each N: a fresh database with the demo registry
// and N requests waiting for their RT, filed evenly over the past 14 days; then, at Monday
// 10:00 WITA, the first pass (every reminder, escalation and digest due is sent) and ten steady
// passes a minute apart (nothing new due), run as the scheduler runs them
// (RtFollowUp::run_pass). The longest write transaction is what webhook acknowledgements may
// wait behind.
//
//   follow_up_bench [N ...]      default: 1000 10000 50000

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "shared/app/bootstrap.h"
#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/db/connection.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/demo_seed.h"
#include "shared/services/rt_follow_up.h"
#include "shared/util/time.h"

namespace {

#ifdef EKEL_REPO_DIR
constexpr const char* kRepoDir = EKEL_REPO_DIR;
#else
constexpr const char* kRepoDir = ".";
#endif

using namespace ekel;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void run(int pending) {
    char pattern[] = "/tmp/ekel-follow-up-XXXXXX";
    const std::string dir = mkdtemp(pattern);
    config::Config config =
        config::load_config(std::string(kRepoDir) + "/config/ekelurahan.toml", [](const std::string& name) -> std::optional<std::string> {
            // The shipped logo path is relative to the repository; the bench may run elsewhere.
            if (name == "EKEL_KELURAHAN_LOGO") return std::string(kRepoDir) + "/config/emblem.png";
            return std::nullopt;
        });
    config.database.path = dir + "/bench.db";
    config.letter_types_path = std::string(kRepoDir) + "/config/letter_types.toml";
    auto catalog = config::load_letter_types(config.letter_types_path);
    const TimePoint monday_10 = *parse_utc("2026-11-30T02:00:00Z");
    ManualClock clock(monday_10 - std::chrono::days(14));
    app::prepare_database(config, clock);
    db::Store store(config.database.target(), config.database.busy_timeout_ms);
    services::seed_demo(store, clock);

    std::vector<std::pair<std::int64_t, std::int64_t>> residents;  // id, rt_id
    db::Statement q(store.db(), "SELECT id, rt_id FROM residents");
    while (q.executeStep()) residents.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt64());
    {
        db::WriteTransaction tx(store.db());
        for (int i = 0; i < pending; ++i) {
            const auto& [resident, rt] = residents[static_cast<std::size_t>(i) % residents.size()];
            domain::Request r;
            r.code = "BLB-BENCH-" + std::to_string(i);
            r.resident_id = resident;
            r.applicant_name = "Warga " + std::to_string(i);
            r.applicant_phone = "62813" + std::to_string(10000000 + i);
            r.letter_type = "domisili";
            r.purpose = "melamar kerja";
            r.rt_id = rt;
            auto filed = monday_10 - std::chrono::minutes(14 * 24 * 60) * (i + 1) / (pending + 1);
            r.created_at = r.updated_at = format_utc(filed);
            r.rt_pending_since = r.created_at;
            store.requests.insert(r);
        }
        tx.commit();
    }

    clock.set(monday_10);
    services::RtFollowUp follow_up(store, clock, config, catalog);
    // As bot/rt_scheduler.cpp runs it.
    struct Pass {
        double read_ms = 0, total_ms = 0, longest_write_ms = 0;
        int transactions = 0;
        services::FollowUpReport report;
    };
    auto pass = [&] {
        Pass p;
        auto start = Clock::now();
        p.read_ms = [&] {
            auto begin = Clock::now();
            follow_up.due();
            return ms_since(begin);
        }();
        start = Clock::now();
        p.report = follow_up.run_pass(services::RtFollowUp::kPassBudget, services::RtFollowUp::kBatch,
                                      [&](std::chrono::nanoseconds took) {
            ++p.transactions;
            p.longest_write_ms = std::max(p.longest_write_ms, std::chrono::duration<double, std::milli>(took).count());
        });
        p.total_ms = ms_since(start);
        return p;
    };
    Pass first = pass();
    // The catch-up: the scheduler runs the next pass soon while requests were deferred.
    int catch_up_passes = 1;
    double catch_up_ms = first.total_ms, longest_write_ms = first.longest_write_ms;
    services::FollowUpReport caught_up = first.report;
    for (Pass next = first; next.report.deferred > 0; ++catch_up_passes) {
        clock.advance(std::chrono::seconds(2));
        next = pass();
        catch_up_ms += next.total_ms;
        longest_write_ms = std::max(longest_write_ms, next.longest_write_ms);
        caught_up += next.report;
        caught_up.deferred = next.report.deferred;
    }
    std::vector<Pass> steady;
    for (int i = 0; i < 10; ++i) {
        clock.advance(std::chrono::minutes(1));
        steady.push_back(pass());
    }
    std::sort(steady.begin(), steady.end(), [](const Pass& a, const Pass& b) { return a.total_ms < b.total_ms; });
    std::printf("RESULT pending=%d first pass: %.1f ms (reading what is due %.1f ms, %d write transactions, longest "
                "%.1f ms; reminded=%d escalated=%d digests=%d, deferred=%d); catch-up: %d passes, %.1f ms of work in "
                "all, longest write %.1f ms (reminded=%d escalated=%d); steady pass p50 %.2f ms, max %.2f ms (longest "
                "write %.2f ms)\n",
                pending, first.total_ms, first.read_ms, first.transactions, first.longest_write_ms, first.report.reminded,
                first.report.escalated, first.report.digests, first.report.deferred, catch_up_passes, catch_up_ms,
                longest_write_ms, caught_up.reminded, caught_up.escalated, steady[steady.size() / 2].total_ms,
                steady.back().total_ms, steady.back().longest_write_ms);
    std::filesystem::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
    if (sizes.empty()) sizes = {1000, 10000, 50000};
    try {
        for (int n : sizes) run(n);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "follow_up_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}

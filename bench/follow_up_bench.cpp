// Cost of one pass of the slow-RT follow-up (services::RtFollowUp), which ekel-bot's scheduler runs
// once a minute inside a write transaction. For each N: a fresh database with the demo registry
// and N requests waiting for their RT, filed evenly over the past 14 days; then, at Monday
// 10:00 WITA, the first pass (every reminder, escalation and digest due is sent) and ten steady
// passes a minute apart (nothing new due), done as the scheduler does them: a read of what is
// due, then write transactions of 50 requests. The longest write transaction is what webhook
// acknowledgements may wait behind.
//
//   follow_up_bench [N ...]      default: 1000 10000 50000
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "shared/app/bootstrap.h"
#include "shared/config/config.h"
#include "shared/config/letter_types.h"
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
        config::load_config(std::string(kRepoDir) + "/config/ekelurahan.toml", [](const std::string&) { return std::nullopt; });
    config.database.path = dir + "/bench.db";
    config.letter_types_path = std::string(kRepoDir) + "/config/letter_types.toml";
    auto catalog = config::load_letter_types(config.letter_types_path);
    const TimePoint monday_10 = *parse_utc("2026-11-30T02:00:00Z");
    ManualClock clock(monday_10 - std::chrono::days(14));
    app::prepare_database(config, clock);
    db::Store store(config.database.path, config.database.busy_timeout_ms);
    services::seed_demo(store, clock);

    std::vector<std::pair<std::int64_t, std::int64_t>> residents;  // id, rt_id
    SQLite::Statement q(store.db(), "SELECT id, rt_id FROM residents");
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
    // As bot/rt_scheduler.cpp does it: read what is due, then send in transactions of 50.
    struct Pass {
        double read_ms = 0, total_ms = 0, longest_write_ms = 0;
        services::FollowUpReport report;
    };
    auto pass = [&] {
        Pass p;
        auto start = Clock::now();
        auto due = follow_up.due();
        p.read_ms = ms_since(start);
        auto write = [&](auto&& body) {
            auto begin = Clock::now();
            db::WriteTransaction tx(store.db());
            p.report += body();
            tx.commit();
            p.longest_write_ms = std::max(p.longest_write_ms, ms_since(begin));
        };
        for (std::size_t first = 0; first < due.size(); first += 50) {
            std::span<const services::DueRequest> batch(due.data() + first, std::min<std::size_t>(50, due.size() - first));
            write([&] { return follow_up.follow_up(batch); });
        }
        write([&] { return follow_up.send_digests(); });
        p.total_ms = ms_since(start);
        return p;
    };
    Pass first = pass();
    std::vector<Pass> steady;
    for (int i = 0; i < 10; ++i) {
        clock.advance(std::chrono::minutes(1));
        steady.push_back(pass());
    }
    std::sort(steady.begin(), steady.end(), [](const Pass& a, const Pass& b) { return a.total_ms < b.total_ms; });
    std::printf("RESULT pending=%d first pass: %.1f ms in all (read %.1f ms, longest write transaction %.1f ms; "
                "reminded=%d escalated=%d digests=%d); steady pass p50 %.2f ms, max %.2f ms (longest write %.2f ms)\n",
                pending, first.total_ms, first.read_ms, first.longest_write_ms, first.report.reminded,
                first.report.escalated, first.report.digests, steady[steady.size() / 2].total_ms, steady.back().total_ms,
                steady.back().longest_write_ms);
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

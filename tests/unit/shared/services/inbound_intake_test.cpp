#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "shared/db/store.h"
#include "shared/services/inbound_intake.h"
#include "tests/support/sql_value.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("services");

using namespace ekel;

namespace {

services::IntakeBatch batch_of(const std::vector<std::string>& ids) {
    services::IntakeBatch batch;
    for (const auto& id : ids) {
        messaging::InboundMessage m;
        m.message_id = id;
        m.sender_wa_id = "6281234567890";
        m.text = "halo";
        batch.messages.push_back({m, R"({"message":{}})"});
    }
    return batch;
}

}  // namespace

TEST_CASE_FIXTURE(test::TempDatabase, "concurrent webhooks are all stored, each exactly once") {
    SystemClock clock;
    std::atomic<int> commits_with_news{0};
    services::InboundIntake intake(db::ConnectionSettings{config.database.target()}, clock,
                                   [&](bool news, bool) { commits_with_news += news ? 1 : 0; });
    std::atomic<std::size_t> stored{0}, duplicates{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                // Every message is sent twice, by two different threads, as Meta's retries do.
                auto result = intake.accept(batch_of({"wamid." + std::to_string((t % 4) * 50 + i)}));
                stored += result.stored;
                duplicates += result.duplicates;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(stored == 200);
    CHECK(duplicates == 200);
    CHECK(commits_with_news > 0);
    db::Store store(config.database.target(), 5000);
    CHECK(store.inbound.count_pending() == 200);
}

TEST_CASE_FIXTURE(test::TempDatabase, "a rejected body is kept, cut to a bounded size") {
    SystemClock clock;
    services::InboundIntake intake(db::ConnectionSettings{config.database.target()}, clock, nullptr);
    intake.reject("body: not valid JSON", std::string(400 * 1024, 'x'));
    db::Store store(config.database.target(), 5000);
    CHECK(store.inbound.count_rejected() == 1);
    CHECK(test::sql_value(store.db(), "SELECT length(body) FROM rejected_webhooks").getInt() == 256 * 1024);
}

TEST_CASE_FIXTURE(test::TempDatabase, "the rejected webhook table keeps only the newest 500 rows") {
    db::Store store(config.database.target(), 5000);
    for (int i = 0; i < 520; ++i) store.inbound.reject_webhook("r", "b" + std::to_string(i), "t");
    CHECK(store.inbound.count_rejected() == 500);
    CHECK(test::sql_value(store.db(), "SELECT MIN(body) FROM rejected_webhooks WHERE body = 'b19'").isNull());
}

TEST_SUITE_END();

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "shared/app/bootstrap.h"
#include "shared/db/database_copy.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/http/client.h"
#include "shared/util/time.h"
#include "tests/support/bot_harness.h"
#include "tests/support/fake_graph_api.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/process.h"
#include "tests/support/test_config.h"
#include "webhooks/envelope_builder.h"
#include "webhooks/message_sender.h"
#include "webhooks/signature.h"
#include "webhooks/outbox_worker.h"

// Tests that start PostgreSQL clusters of their own: they run in the SQLite pass of the suite
// (the PostgreSQL pass leaves them out, its cluster would be a third).
TEST_SUITE_BEGIN("own cluster: postgresql");

using namespace ekel;
using namespace std::chrono_literals;

TEST_CASE("three senders drain one PostgreSQL outbox: every message once, each recipient's in order") {
    test::PostgresCluster cluster;
    test::TempDir dir;
    config::Config config = test::test_config(dir);
    config.database.url = cluster.create_database("outbox");
    test::FakeGraphApi graph(test::kTestPhoneNumberId, test::kTestAccessToken, "v21.0");
    config.whatsapp.provider = "cloud_api";
    config.whatsapp.graph_base_url = graph.base_url();
    config.whatsapp.api_version = "v21.0";
    config.whatsapp.phone_number_id = test::kTestPhoneNumberId;
    config.whatsapp.access_token = test::kTestAccessToken;
    config.whatsapp.messages_per_second = 1000;
    SystemClock clock;
    app::prepare_database(config, clock);

    constexpr int kRecipients = 6;
    constexpr int kPerRecipient = 15;
    {
        db::Store store(config.database.target(), 5000);
        db::WriteTransaction tx(store.db());
        for (int n = 0; n < kPerRecipient; ++n) {
            for (int r = 0; r < kRecipients; ++r) {
                messaging::OutboundMessage m;
                m.to = "62812000000" + std::to_string(10 + r);
                m.text = "pesan " + std::to_string(n);
                store.outbox.enqueue(m, std::nullopt, format_utc(clock.now()));
            }
        }
        tx.commit();
    }

    // Three senders as three processes would have them: their own connections and threads.
    std::vector<std::unique_ptr<whatsapp::OutboxWorker>> senders;
    for (int i = 0; i < 3; ++i) {
        senders.push_back(std::make_unique<whatsapp::OutboxWorker>(
            db::ConnectionSettings{config.database.target(), 5000, true}, clock, config.whatsapp,
            [&wa = config.whatsapp] { return whatsapp::make_sender(wa); }));
    }
    for (auto& sender : senders) sender->start();
    REQUIRE(test::BotHarness::eventually(
        [&] { return graph.accepted_messages().size() >= static_cast<std::size_t>(kRecipients * kPerRecipient); },
        60s));
    std::this_thread::sleep_for(300ms);  // a duplicate would arrive now
    for (auto& sender : senders) sender->stop();

    const auto accepted = graph.accepted_messages();
    CHECK(accepted.size() == static_cast<std::size_t>(kRecipients * kPerRecipient));
    std::map<std::string, std::vector<std::string>> by_recipient;
    for (const auto& body : accepted) {
        by_recipient[body["to"].get<std::string>()].push_back(body["text"]["body"].get<std::string>());
    }
    REQUIRE(by_recipient.size() == static_cast<std::size_t>(kRecipients));
    for (const auto& [recipient, texts] : by_recipient) {
        CAPTURE(recipient);
        REQUIRE(texts.size() == static_cast<std::size_t>(kPerRecipient));
        for (int n = 0; n < kPerRecipient; ++n) CHECK(texts[static_cast<std::size_t>(n)] == "pesan " + std::to_string(n));
    }
    db::Store store(config.database.target(), 5000);
    CHECK(store.outbox.backlog().queued == 0);
}

TEST_CASE("copy-database moves a kelurahan of the last release to PostgreSQL with everything, once") {
    test::PostgresCluster cluster;
    test::TempDir dir;
    const std::string sqlite = dir.file("ekelurahan.db");
    std::filesystem::copy_file(test::repo_path("tests/fixtures/release-16/ekelurahan.sqlite3"), sqlite);
    config::Config config = test::test_config(dir);
    config.database.path = sqlite;
    config.database.url.clear();
    SystemClock clock;
    app::prepare_database(config, clock);  // the release's database at this program's schema
    const std::string url = cluster.create_database("blb");

    auto copy = [&] {
        return test::run_process(EKEL_OFFICE_BINARY, {"copy-database", "--from", "sqlite:" + sqlite, "--to", url}, {},
                                 dir.path().string(), dir.file("copy"));
    };
    const test::RunResult copied = copy();
    CAPTURE(copied.err);
    REQUIRE(copied.exit_code == 0);
    CHECK(copied.out.find("sama di kedua sisi") != std::string::npos);
    CHECK(copied.out.find("BERBEDA") == std::string::npos);

    db::Store from(sqlite, 5000);
    db::Store to(url, 5000);
    CHECK(to.requests.count() == from.requests.count());
    const auto letter = to.letters.find_by_token("a1ff43668c065dea367394c819de538e");
    REQUIRE(letter);
    CHECK(letter->number == from.letters.find_by_token("a1ff43668c065dea367394c819de538e")->number);
    // The planner has statistics of the copied tables at once.
    db::Statement statistics(to.db(), "SELECT COUNT(*) FROM pg_stats WHERE tablename = 'requests'");
    REQUIRE(statistics.executeStep());
    CHECK(statistics.getColumn(0).getInt64() > 0);
    // New rows continue after the copied ids, and the numbering after the copied counters.
    domain::Request request = *from.requests.find_by_id(1);
    request.id = 0;
    request.code = "BLB-2612-9999";
    const auto counts_before = to.requests.status_counts();
    CHECK(counts_before == from.requests.status_counts());
    to.requests.insert(request);
    CHECK(request.id > from.requests.count());
    // The copy turned the target's triggers off only while it ran: the counts keep counting.
    auto counts_after = to.requests.status_counts();
    CHECK(counts_after[request.status] == counts_before.at(request.status) + 1);

    const test::RunResult again = copy();
    CHECK(again.exit_code == 1);
    CHECK(again.err.find("tidak kosong") != std::string::npos);
}

TEST_CASE("copy-database copies a table of many pages in batches: every row, NULL and awkward text intact") {
    test::PostgresCluster cluster;
    test::TempDir dir;
    config::Config config = test::test_config(dir);
    config.database.path = dir.file("big.db");
    config.database.url.clear();
    SystemClock clock;
    app::prepare_database(config, clock);
    // More than two pages of the reader and many batches of the writer, with a short last one.
    constexpr int kRows = 45'001;
    const std::string awkward = "kutip ' dan \" ganda, tab\tbaris\nbaru, garis \\ miring, é ✓ 🙏, $1 :name ?";
    {
        auto sqlite = db::open_connection({config.database.path, 5000, true});
        db::WriteTransaction tx(*sqlite);
        db::Statement insert(*sqlite,
                             "INSERT INTO inbound_messages (wa_message_id, sender_key, sender_wa_id, type, payload_json,"
                             " received_at, processed_at, attempts) VALUES (?, ?, ?, 'text', ?, ?, ?, ?)");
        for (int n = 1; n <= kRows; ++n) {
            insert.reset();
            insert.bind(1, "wamid." + std::to_string(n));
            insert.bind(2, "wa:62812" + std::to_string(n));
            if (n % 3 == 0) insert.bind(3); else insert.bind(3, "62812" + std::to_string(n));
            insert.bind(4, n % 1000 == 7 ? awkward : "{}");
            insert.bind(5, "2026-12-01T00:00:00Z");
            if (n % 2 == 0) insert.bind(6); else insert.bind(6, "2026-12-01T00:00:01Z");
            insert.bind(7, n % 5);
            insert.exec();
        }
        tx.commit();
    }
    const std::string url = cluster.create_database("big");
    const auto report = db::copy_sqlite_to_postgresql(config.database.path, url);
    const auto inbound = std::find_if(report.begin(), report.end(), [](const auto& t) { return t.table == "inbound_messages"; });
    REQUIRE(inbound != report.end());
    CHECK(inbound->source_rows == kRows);
    CHECK(inbound->target_rows == kRows);
    CHECK(inbound->matches());

    auto pg = db::open_connection({url, 5000, true});
    db::Statement awkward_rows(*pg, "SELECT COUNT(*) FROM inbound_messages WHERE payload_json = :text");
    awkward_rows.bind(":text", awkward);
    REQUIRE(awkward_rows.executeStep());
    CHECK(awkward_rows.getColumn(0).getInt64() == kRows / 1000);
    db::Statement nulls(*pg, "SELECT COUNT(*) FROM inbound_messages WHERE sender_wa_id IS NULL AND processed_at IS NULL");
    REQUIRE(nulls.executeStep());
    CHECK(nulls.getColumn(0).getInt64() == kRows / 6);
    db::Statement last(*pg, "SELECT wa_message_id, attempts FROM inbound_messages WHERE id = :id");
    last.bind(":id", kRows);
    REQUIRE(last.executeStep());
    CHECK(last.getColumn(0).getString() == "wamid." + std::to_string(kRows));
    CHECK(last.getColumn(1).getInt64() == kRows % 5);
}

TEST_CASE("two ekel-bot processes lose no acknowledged message when the primary dies and the standby takes over") {
    test::PostgresPair servers;
    test::TempDir dir;
    config::Config config = test::test_config(dir);
    config.database.url = servers.create_database("ekel");
    SystemClock clock;
    app::prepare_database(config, clock);

    const std::string secret = config.whatsapp.app_secret;
    const std::vector<int> ports = {test::free_port(), test::free_port()};
    std::vector<std::unique_ptr<test::ChildProcess>> bots;
    for (std::size_t b = 0; b < ports.size(); ++b) {
        bots.push_back(std::make_unique<test::ChildProcess>(
            EKEL_BOT_BINARY, std::vector<std::string>{"--config", test::repo_path("config/ekelurahan.toml")},
            std::map<std::string, std::string>{{"EKEL_DATABASE_PATH", dir.file("ekelurahan.db")},
                                               {"EKEL_DATABASE_URL", config.database.url},
                                               {"EKEL_BOT_PORT", std::to_string(ports[b])},
                                               {"EKEL_WHATSAPP_MESSAGES_PER_SECOND", "1000"}},
            test::repo_path(""), dir.file("bot" + std::to_string(b))));
        REQUIRE_MESSAGE(test::poll_get(ports[b], "/healthz", 20s), bots[b]->errors());
    }

    // Eight senders, like Meta delivering in parallel, alternating between the two processes; a
    // delivery that is not answered 200 is delivered again, as Meta does.
    constexpr int kMessages = 300;
    std::atomic<int> acknowledged{0};
    std::atomic<int> refused{0};
    auto deliver = [&](int i) {
        // One message per sender: its answer depends on nothing but itself, so an answer twice shows.
        auto m = whatsapp::text_message("62812360" + std::to_string(10000 + i), "wamid.FAILOVER" + std::to_string(i),
                                        "aduan lampu jalan mati di gang " + std::to_string(i), 1764200000 + i);
        const std::string body = whatsapp::build_envelope({m}, {}, "1");
        for (int attempt = 0; attempt < 400; ++attempt) {
            const int port = ports[static_cast<std::size_t>((i + attempt) % 2)];
            auto res = http::http_post("http://127.0.0.1:" + std::to_string(port), "/webhooks/whatsapp", body,
                                       "application/json", {{"X-Hub-Signature-256", whatsapp::sign_body(body, secret)}});
            if (res && res->status == 200) {
                ++acknowledged;
                return;
            }
            ++refused;
            std::this_thread::sleep_for(50ms);
        }
    };
    std::atomic<int> next{0};
    std::vector<std::thread> senders;
    for (int t = 0; t < 8; ++t) {
        senders.emplace_back([&] {
            for (int i = next++; i < kMessages; i = next++) {
                deliver(i);
                std::this_thread::sleep_for(5ms);
            }
        });
    }
    REQUIRE(test::BotHarness::eventually([&] { return acknowledged.load() >= kMessages / 3; }, 30s));
    servers.kill_primary();
    std::this_thread::sleep_for(300ms);
    servers.promote_standby();
    for (auto& sender : senders) sender.join();
    CHECK(acknowledged.load() == kMessages);
    MESSAGE("deliveries refused while the database was unreachable: " << refused.load());

    db::Store store(config.database.url, 5000);
    auto count = [&](const std::string& sql) {
        db::Statement q(store.db(), sql);
        q.executeStep();
        return q.getColumn(0).getInt64();
    };
    CHECK(count("SELECT COUNT(*) FROM inbound_messages") == kMessages);
    CHECK(test::BotHarness::eventually(
        [&] {
            return count("SELECT COUNT(*) FROM inbound_messages WHERE processed_at IS NULL") == 0 &&
                   count("SELECT COUNT(*) FROM outbound_messages WHERE status = 'sent'") >= kMessages;
        },
        60s));
    // Each complaint is quoted back to its sender once ("Kirim sebagai aduan?"): none lost, none
    // answered twice.
    CHECK(count("SELECT COUNT(DISTINCT recipient) FROM outbound_messages") == kMessages);
    CHECK(count("SELECT COUNT(DISTINCT payload_json) FROM outbound_messages") == kMessages);
    CHECK(count("SELECT COUNT(*) FROM outbound_messages") == kMessages);
    {
        db::Statement twice(store.db(),
                            "SELECT o.id, o.recipient, o.created_at, i.id, i.attempts, COALESCE(i.error, ''), i.processed_at,"
                            " i.received_at FROM outbound_messages o JOIN inbound_messages i ON i.sender_key = o.recipient"
                            " WHERE o.recipient IN (SELECT recipient FROM outbound_messages GROUP BY recipient"
                            " HAVING COUNT(*) > 1)");
        while (twice.executeStep()) {
            std::string row;
            for (int c = 0; c < 8; ++c) row += twice.getColumn(c).getString() + " | ";
            MESSAGE("answered twice: " << row);
        }
    }
    // Both processes carry on against the promoted standby.
    for (std::size_t b = 0; b < ports.size(); ++b) {
        CAPTURE(b);
        auto m = whatsapp::text_message("6281236099999", "wamid.AFTER" + std::to_string(b), "halo", 1764209999);
        const std::string body = whatsapp::build_envelope({m}, {}, "1");
        auto res = http::http_post("http://127.0.0.1:" + std::to_string(ports[b]), "/webhooks/whatsapp", body,
                                   "application/json", {{"X-Hub-Signature-256", whatsapp::sign_body(body, secret)}});
        REQUIRE(res);
        CHECK(res->status == 200);
    }
}

TEST_SUITE_END();

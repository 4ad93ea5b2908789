#include <doctest/doctest.h>

#include <atomic>
#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "shared/app/bootstrap.h"
#include "shared/db/connection.h"
#include "shared/db/store.h"
#include "shared/http/client.h"
#include "shared/services/inbound_intake.h"
#include "tests/support/process.h"
#include "tests/support/test_config.h"
#include "webhooks/envelope_builder.h"
#include "webhooks/envelope_parser.h"
#include "webhooks/signature.h"

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using namespace std::chrono_literals;

namespace {

struct BotProcess {
    explicit BotProcess(const test::TempDir& work_dir)
        : dir(work_dir), config(test::test_config(work_dir)), port(test::free_port()) {}

    std::unique_ptr<test::ChildProcess> start(const std::string& name) {
        auto child = std::make_unique<test::ChildProcess>(
            EKEL_BOT_BINARY, std::vector<std::string>{"--config", test::repo_path("config/ekelurahan.toml")},
            std::map<std::string, std::string>{{"EKEL_DATABASE_PATH", config.database.path},
                                               {"EKEL_DATABASE_URL", config.database.url},
                                               {"EKEL_BOT_PORT", std::to_string(port)},
                                               {"EKEL_WHATSAPP_MESSAGES_PER_SECOND", "1000"}},
            test::repo_path(""), dir.file(name));
        REQUIRE_MESSAGE(test::poll_get(port, "/healthz", 20s), child->errors());
        return child;
    }

    nlohmann::json health() {
        auto body = test::poll_get(port, "/healthz", 5s);
        REQUIRE(body);
        return nlohmann::json::parse(*body);
    }

    bool drained(std::int64_t expected_replies) {
        auto deadline = std::chrono::steady_clock::now() + 30s;
        while (std::chrono::steady_clock::now() < deadline) {
            auto h = health();
            if (h["inbound_pending"] == 0 && h["outbox"]["queued"] == 0 &&
                count("SELECT COUNT(*) FROM outbound_messages WHERE status = 'sent'") >= expected_replies) {
                return true;
            }
            std::this_thread::sleep_for(50ms);
        }
        return false;
    }

    std::int64_t count(const std::string& sql) {
        db::Store store(config.database.target(), 5000);
        db::Statement query(store.db(), sql);
        query.executeStep();
        return query.getColumn(0).getInt64();
    }

    const test::TempDir& dir;
    config::Config config;  ///< the database the process uses (SQLite, or PostgreSQL in the "pg:" run)
    int port;
};

}  // namespace

TEST_CASE("messages stored before a crash are processed exactly once after the restart") {
    test::TempDir dir;
    BotProcess bot(dir);
    const config::Config& config = bot.config;
    SystemClock clock;
    app::prepare_database(config, clock);
    {
        // What the intake left behind when the process died between the ack and the processing.
        services::InboundIntake intake(db::ConnectionSettings{config.database.target()}, clock, nullptr);
        services::IntakeBatch batch;
        for (int i = 0; i < 50; ++i) {
            // A complaint is answered with exactly one message that quotes it ("Kirim sebagai aduan?"):
            // easy to count, and a message handled twice would show as a repeated quote.
            auto m = whatsapp::text_message("62812340" + std::to_string(10000 + i % 7), "wamid.CRASH" + std::to_string(i),
                                            "aduan jalan rusak di gang " + std::to_string(i), 1764200000 + i);
            auto parsed = whatsapp::parse_envelope(whatsapp::build_envelope({m}, {}, "1"));
            REQUIRE(parsed);
            batch.messages.push_back({parsed.value().messages[0].message, parsed.value().messages[0].stored_json});
        }
        CHECK(intake.accept(std::move(batch)).stored == 50);
    }
    {
        auto child = bot.start("first");
        CHECK(bot.drained(50));
        child->signal(SIGTERM);
        CHECK(child->wait(10s) == 0);
    }
    CHECK(bot.count("SELECT COUNT(*) FROM inbound_messages WHERE processed_at IS NOT NULL AND error IS NULL") == 50);
    CHECK(bot.count("SELECT COUNT(DISTINCT payload_json) FROM outbound_messages") == 50);
    CHECK(bot.count("SELECT COUNT(*) FROM outbound_messages") == 50);
    {
        auto child = bot.start("second");
        std::this_thread::sleep_for(500ms);
        CHECK(bot.health()["inbound_pending"] == 0);
    }
    CHECK(bot.count("SELECT COUNT(*) FROM outbound_messages") == 50);
}

TEST_CASE("a bot killed with SIGKILL under load loses no acknowledged message and doubles none") {
    test::TempDir dir;
    BotProcess bot(dir);
    const std::string secret = bot.config.whatsapp.app_secret;
    const std::string base = "http://127.0.0.1:" + std::to_string(bot.port);
    std::atomic<int> acknowledged{0};
    {
        auto child = bot.start("loaded");
        // Eight concurrent senders, like Meta delivering in parallel.
        std::vector<std::thread> senders;
        for (int t = 0; t < 8; ++t) {
            senders.emplace_back([&, t] {
                for (int i = t; i < 300; i += 8) {
                    // 30 senders, 10 messages each: under the flood limit of 20 a minute.
                    auto m = whatsapp::text_message("62812350" + std::to_string(10000 + i % 30),
                                                    "wamid.KILL" + std::to_string(i),
                                                    "aduan sampah menumpuk di gang " + std::to_string(i), 1764200000 + i);
                    std::string body = whatsapp::build_envelope({m}, {}, "1");
                    auto res = http::http_post(base, "/webhooks/whatsapp", body, "application/json",
                                               {{"X-Hub-Signature-256", whatsapp::sign_body(body, secret)}});
                    if (res && res->status == 200) ++acknowledged;
                }
            });
        }
        for (auto& sender : senders) sender.join();
        child->signal(SIGKILL);
        CHECK(child->wait(10s) == -SIGKILL);
    }
    REQUIRE(acknowledged.load() == 300);
    CHECK(bot.count("SELECT COUNT(*) FROM inbound_messages") == 300);
    {
        auto child = bot.start("restarted");
        CHECK(bot.drained(300));
    }
    CHECK(bot.count("SELECT COUNT(*) FROM inbound_messages WHERE processed_at IS NULL") == 0);
    // Each complaint is quoted back once ("Kirim sebagai aduan?"): none lost, none answered twice.
    CHECK(bot.count("SELECT COUNT(DISTINCT payload_json) FROM outbound_messages") == 300);
    CHECK(bot.count("SELECT COUNT(*) FROM outbound_messages") == 300);
}

TEST_SUITE_END();

// Runtime faults found by the fault-and-load campaign against ekel-bot (issue 12): each case
// reproduces one finding on loopback, bounded in time and count.
#include <doctest/doctest.h>

#include <httplib.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "shared/db/connection.h"
#include "shared/db/store.h"
#include "shared/util/time.h"
#include "tests/support/sql_value.h"
#include "tests/support/bot_harness.h"
#include "tests/support/chat_phone.h"
#include "tests/support/raw_connection.h"
#include "webhooks/envelope_builder.h"
#include "webhooks/signature.h"

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using namespace std::chrono_literals;

namespace {

messaging::InboundMessage text_from(const std::string& phone, const std::string& id, const std::string& body) {
    return whatsapp::text_message(phone, id, body, 1764200000);
}

}  // namespace

TEST_CASE("many monitors polling /healthz at the same moment all get an answer, and webhooks keep flowing") {
    test::BotHarness h;
    for (int round = 0; round < 5; ++round) {
        CAPTURE(round);
        constexpr int kMonitors = 16;
        std::atomic<int> answered{0};
        std::atomic<bool> go{false};
        std::vector<std::thread> monitors;
        for (int i = 0; i < kMonitors; ++i) {
            monitors.emplace_back([&] {
                httplib::Client client("127.0.0.1", h.port);
                client.set_read_timeout(5s);
                while (!go) std::this_thread::yield();
                auto res = client.Get("/healthz");
                if (res && res->status == 200 && nlohmann::json::parse(res->body)["status"] == "ok") ++answered;
            });
        }
        go = true;
        for (auto& t : monitors) t.join();
        CHECK(answered == kMonitors);
        CHECK(h.post_messages({text_from("6281234567890", "wamid.HEALTH" + std::to_string(round), "halo")}) == 200);
    }
}

// The poison (a name stored as invalid UTF-8 before input was validated) can only exist in SQLite:
// PostgreSQL refuses invalid UTF-8 text.
TEST_CASE_FIXTURE(test::ConversationFixture,
                  "a message that fails is recorded with its error, and the rest of its batch is answered as if it were absent" *
                      doctest::test_suite("sqlite only: invalid UTF-8 stored")) {
    // Budi's name was stored as invalid UTF-8 before input was validated: handling his message fails.
    db::Store store(h.config.database.target(), 5000);
    store.db().exec("UPDATE residents SET full_name = CAST(X'427564FF6920536E746F736F' AS TEXT) WHERE nik = '6474030203900004'");
    std::vector<messaging::InboundMessage> batch;
    const std::vector<std::string> others = {"6281355550001", "6281355550002", "6281355550003", "6281355550004",
                                             "6281355550005"};
    for (std::size_t i = 0; i < others.size(); ++i) {
        batch.push_back(text_from(others[i], "wamid.OK" + std::to_string(i), "jam buka kantor kelurahan?"));
    }
    // His SKTM waits for its last document; the answer brings the summary that shows his name.
    const auto budi_id = store.residents.find_by_nik("6474030203900004")->id;
    store.conversations.save({"6281299990000", "collect_document",
                              R"({"document":5,"draft":{"letter_type":"sktm","purpose":"sekolah anak",)"
                              R"("fields":{"keperluan_sktm":"Pendidikan"},"applicant_id":)" + std::to_string(budi_id) +
                                  R"(,"documents":{"2":{"state":"at_office"},"3":{"state":"at_office"},)"
                                  R"("4":{"state":"at_office"}}}})",
                              format_utc(h.clock.now())});
    batch.push_back(text_from("6281299990000", "wamid.BAD", "tidak ada"));
    REQUIRE(h.post_messages(batch) == 200);

    // Everyone else gets the same answer as when sent alone.
    REQUIRE(test::BotHarness::eventually(
        [&] { return count("SELECT COUNT(*) FROM inbound_messages WHERE processed_at IS NOT NULL") == 6; }));
    for (const auto& phone : others) {
        CAPTURE(phone);
        CHECK(count("SELECT COUNT(*) FROM outbound_messages WHERE recipient = '" + phone + "'") == 1);
    }
    CHECK(count("SELECT COUNT(*) FROM inbound_messages WHERE error IS NOT NULL AND wa_message_id LIKE 'wamid.OK%'") == 0);
    // The bad one is set aside as failed, with its error, and its sender hears that it failed.
    CHECK(count("SELECT COUNT(*) FROM inbound_messages WHERE wa_message_id = 'wamid.BAD' AND failed_at IS NOT NULL "
                "AND error LIKE '%UTF-8%'") == 1);
    REQUIRE(test::BotHarness::eventually([&] {
        return count("SELECT COUNT(*) FROM outbound_messages WHERE recipient = '6281299990000'") == 1;
    }));
    db::Statement apology(store.db(), "SELECT payload_json FROM outbound_messages WHERE recipient = '6281299990000'");
    REQUIRE(apology.executeStep());
    CHECK(apology.getColumn(0).getString().find("tidak dapat kami proses") != std::string::npos);
    apology.reset();
    // Monitors see it.
    REQUIRE(test::BotHarness::eventually([&] {
        httplib::Client client("127.0.0.1", h.port);
        auto res = client.Get("/healthz");
        return res && nlohmann::json::parse(res->body).value("inbound_failed", 0) == 1;
    }));
}

TEST_CASE("a message timestamp far in the future is refused with its path, not stored as a date in 1954") {
    test::BotHarness h;
    auto body = whatsapp::build_envelope({text_from("6281234567890", "wamid.FUTURE", "halo")}, {}, test::kTestPhoneNumberId);
    const std::string good = "\"timestamp\":\"1764200000\"";
    REQUIRE(body.find(good) != std::string::npos);
    body.replace(body.find(good), good.size(), "\"timestamp\":\"17963005612\"");
    CHECK(h.post_signed(body) == 400);
    db::Store store(h.config.database.target(), 5000);
    CHECK(test::sql_value(store.db(), "SELECT COUNT(*) FROM inbound_messages").getInt64() == 0);
    db::Statement reason(store.db(), "SELECT reason FROM rejected_webhooks");
    REQUIRE(reason.executeStep());
    CHECK(reason.getColumn(0).getString().find("messages[0].timestamp must be Unix seconds before the year 2100") !=
          std::string::npos);
}

TEST_CASE("webhooks are acknowledged at once while 200 clients trickle their headers and 200 more sit idle") {
    test::BotHarness h;
    // From the same address as the webhooks, as a campaign straight at the port would be.
    std::vector<std::unique_ptr<test::RawConnection>> slow, idle;
    for (int i = 0; i < 200; ++i) {
        slow.push_back(std::make_unique<test::RawConnection>(h.port));
        idle.push_back(std::make_unique<test::RawConnection>(h.port));
    }
    const std::string head = "POST /webhooks/whatsapp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Hub-Signature-256: sha256=";
    std::atomic<bool> trickling{true};
    std::thread trickle([&] {
        for (std::size_t at = 0; trickling && at < head.size(); ++at) {
            for (auto& connection : slow) connection->send(head.substr(at, 1));
            std::this_thread::sleep_for(200ms);
        }
    });
    int acknowledged = 0;
    auto slowest = 0ms;
    for (int i = 0; i < 30; ++i) {
        const auto start = std::chrono::steady_clock::now();
        httplib::Client client("127.0.0.1", h.port);
        client.set_connection_timeout(2s);
        client.set_read_timeout(2s);
        const std::string body = whatsapp::build_envelope(
            {text_from("62813555" + std::to_string(10000 + i), "wamid.SLOW" + std::to_string(i), "halo")}, {},
            test::kTestPhoneNumberId);
        auto res = client.Post("/webhooks/whatsapp", {{"X-Hub-Signature-256", whatsapp::sign_body(body, test::kTestAppSecret)}},
                               body, "application/json");
        if (res && res->status == 200) ++acknowledged;
        slowest = std::max(slowest, std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now() - start));
        std::this_thread::sleep_for(100ms);
    }
    trickling = false;
    trickle.join();
    CHECK(acknowledged == 30);
    CHECK(slowest < 1000ms);
    db::Store store(h.config.database.target(), 5000);
    CHECK(test::sql_value(store.db(), "SELECT COUNT(*) FROM inbound_messages").getInt64() == 30);
}

TEST_SUITE_END();

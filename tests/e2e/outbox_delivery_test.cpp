#include <doctest/doctest.h>

#include <httplib.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <thread>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/util/time.h"
#include "tests/support/bot_harness.h"
#include "webhooks/envelope_builder.h"
#include "webhooks/outbox_worker.h"

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using namespace std::chrono_literals;

namespace {

/// Queues messages the way services do (in a transaction) and wakes nobody: the worker polls.
std::vector<std::int64_t> enqueue(test::BotHarness& h, const std::vector<std::pair<std::string, std::string>>& items) {
    db::Store store(h.config.database.target(), 5000);
    db::WriteTransaction tx(store.db());
    std::vector<std::int64_t> ids;
    for (const auto& [to, text] : items) {
        messaging::OutboundMessage m;
        m.to = to;
        m.text = text;
        ids.push_back(store.outbox.enqueue(m, std::nullopt, format_utc(h.clock.now())));
    }
    tx.commit();
    return ids;
}

db::OutboundRow row(test::BotHarness& h, std::int64_t id) {
    db::Store store(h.config.database.target(), 5000);
    auto found = store.outbox.find(id);
    REQUIRE(found);
    return *found;
}

bool row_is(test::BotHarness& h, std::int64_t id, const std::string& status) {
    return test::BotHarness::eventually([&] { return row(h, id).status == status; }, 5s);
}

nlohmann::json bot_health(test::BotHarness& h) {
    httplib::Client client("127.0.0.1", h.port);
    auto res = client.Get("/healthz");
    REQUIRE(res);
    return nlohmann::json::parse(res->body);
}

}  // namespace

TEST_CASE("a server error is retried with backoff until it goes through") {
    test::BotHarness h;
    h.graph->fail_next(500, 131000, "Something went wrong", 2);
    auto ids = enqueue(h, {{"6281234567890", "Permohonan Anda sudah kami terima."}});
    REQUIRE(test::BotHarness::eventually([&] { return row(h, ids[0]).attempts == 1; }));
    std::this_thread::sleep_for(700ms);
    CHECK(row(h, ids[0]).status == "queued");  // waiting for its retry time, not hammering
    CHECK(h.graph->requests().size() == 1);
    h.clock.advance(2s);
    REQUIRE(test::BotHarness::eventually([&] { return row(h, ids[0]).attempts == 2; }));
    h.clock.advance(5s);
    CHECK(row_is(h, ids[0], "sent"));
    CHECK(row(h, ids[0]).attempts == 3);
    CHECK(h.graph->accepted_messages().size() == 1);
}

TEST_CASE("an error Meta will never accept fails the message permanently with the error kept") {
    test::BotHarness h;
    h.graph->fail_next(400, 131026, "Message undeliverable");
    auto ids = enqueue(h, {{"6281234567890", "Halo"}});
    REQUIRE(row_is(h, ids[0], "failed"));
    auto failed = row(h, ids[0]);
    CHECK(failed.error_code == 131026);
    CHECK(failed.error_title.find("undeliverable") != std::string::npos);
    h.clock.advance(1h);
    std::this_thread::sleep_for(700ms);
    CHECK(h.graph->requests().size() == 1);
}

TEST_CASE("outside the 24-hour window the message is sent again as the configured template") {
    test::BotHarness h;
    h.graph->fail_next(400, 131047, "Re-engagement message");
    auto ids = enqueue(h, {{"6281234567890", "Surat Anda sudah terbit.\nSilakan ambil di kantor."}});
    REQUIRE(row_is(h, ids[0], "sent"));
    auto accepted = h.graph->accepted_messages();
    REQUIRE(accepted.size() == 1);
    CHECK(accepted[0]["type"] == "template");
    CHECK(accepted[0]["template"]["name"] == h.config.whatsapp.fallback_template);
    CHECK(accepted[0]["template"]["language"]["code"] == "id");
    CHECK(accepted[0]["template"]["components"][0]["parameters"][0]["text"] ==
          "Surat Anda sudah terbit. Silakan ambil di kantor.");
}

TEST_CASE("a failed status for the 24-hour window re-queues the message as a template") {
    test::BotHarness h;
    auto ids = enqueue(h, {{"6281234567890", "Surat Anda sudah terbit."}});
    REQUIRE(row_is(h, ids[0], "sent"));
    const std::string wamid = row(h, ids[0]).wa_message_id;
    messaging::StatusUpdate failed{wamid, "", messaging::DeliveryStatus::failed, 1764200100, "6281234567890", "", "",
                                   131047, "Re-engagement message", "more than 24 hours"};
    REQUIRE(h.post_messages({}, {failed}) == 200);
    REQUIRE(test::BotHarness::eventually([&] { return h.graph->accepted_messages().size() == 2; }));
    CHECK(h.graph->accepted_messages()[1]["type"] == "template");
    CHECK(row_is(h, ids[0], "sent"));
    CHECK(row(h, ids[0]).use_template);
}

TEST_CASE("a rejected access token pauses sending, shows in health, and resumes once it works") {
    test::BotHarness h;
    h.graph->fail_next(401, 190, "Error validating access token", 1);
    // One recipient, so one sender thread sees the rejection before trying the second message.
    auto ids = enqueue(h, {{"6281234567890", "satu"}, {"6281234567890", "dua"}});
    REQUIRE(test::BotHarness::eventually([&] { return bot_health(h)["whatsapp"]["token_invalid"] == true; }));
    auto health = bot_health(h);
    CHECK(health["alerts"].size() == 1);
    std::this_thread::sleep_for(700ms);
    CHECK(h.graph->requests().size() == 1);  // paused: nothing else was tried
    CHECK(row(h, ids[0]).status == "queued");
    CHECK(row(h, ids[1]).status == "queued");
    h.clock.advance(31s);  // the probe interval
    CHECK(row_is(h, ids[0], "sent"));
    CHECK(row_is(h, ids[1], "sent"));
    CHECK(bot_health(h)["whatsapp"]["token_invalid"] == false);
}

TEST_CASE("throughput errors back off instead of hammering Meta") {
    test::BotHarness h;
    h.graph->fail_next(400, 130429, "Rate limit hit", 1);
    auto ids = enqueue(h, {{"6281234567890", "satu"}});
    REQUIRE(test::BotHarness::eventually([&] { return row(h, ids[0]).attempts == 1; }));
    CHECK(row(h, ids[0]).status == "queued");
    CHECK(row(h, ids[0]).error_code == 130429);
    h.clock.advance(10s);
    CHECK(row_is(h, ids[0], "sent"));
}

TEST_CASE("the configured messages-per-second limit is respected") {
    test::BotHarness h(5);
    std::vector<std::pair<std::string, std::string>> items;
    for (int i = 0; i < 15; ++i) items.push_back({"62812300" + std::to_string(10000 + i), "pesan " + std::to_string(i)});
    enqueue(h, items);
    REQUIRE(test::BotHarness::eventually([&] { return h.graph->accepted_messages().size() == 15; }, 20s));
    auto requests = h.graph->requests();
    REQUIRE(requests.size() == 15);
    std::sort(requests.begin(), requests.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
    // A full bucket allows a burst of 5, then 5 per second: 15 messages need at least 2 seconds,
    // and no one-second window holds more than burst + rate.
    CHECK(requests.back().at - requests.front().at >= 1800ms);
    for (std::size_t i = 0; i < requests.size(); ++i) {
        std::size_t in_window = 0;
        for (std::size_t j = i; j < requests.size() && requests[j].at - requests[i].at < 1s; ++j) ++in_window;
        CAPTURE(i);
        CHECK(in_window <= 10);
    }
}

TEST_CASE("during an outage intake keeps working and afterwards everything is sent in order per recipient") {
    test::BotHarness h;
    h.graph->set_offline(true);
    std::vector<messaging::InboundMessage> inbound;
    for (int i = 0; i < 6; ++i) {
        // A complaint gets exactly one reply (its code), which keeps the count below exact.
        inbound.push_back(whatsapp::text_message(i % 2 ? "6281234567890" : "6281234567891",
                                                 "wamid.OUT" + std::to_string(i),
                                                 "aduan lampu jalan mati di gang " + std::to_string(i), 1764200000));
    }
    CHECK(h.post_messages({inbound[0], inbound[1], inbound[2]}) == 200);
    CHECK(h.post_messages({inbound[3], inbound[4], inbound[5]}) == 200);
    // The bot's six replies are queued first, then three more for one recipient.
    REQUIRE(test::BotHarness::eventually([&] { return h.bot->processed_messages() == 6; }));
    auto ids = enqueue(h, {{"6281234567890", "urutan 1"}, {"6281234567890", "urutan 2"}, {"6281234567890", "urutan 3"}});
    REQUIRE(test::BotHarness::eventually([&] { return h.graph->requests().size() >= 2; }));
    for (int minute = 0; minute < 3; ++minute) {
        h.clock.advance(1min);
        std::this_thread::sleep_for(100ms);
    }
    CHECK(h.graph->accepted_messages().empty());
    h.graph->set_offline(false);
    h.clock.advance(10min);
    REQUIRE(test::BotHarness::eventually([&] { return h.graph->accepted_messages().size() == 9; }, 15s));
    std::vector<std::string> to_first;
    for (const auto& body : h.graph->accepted_messages()) {
        if (body["to"] != "+6281234567890") continue;
        // The complaints are asked to be confirmed with buttons; the rest are texts.
        to_first.push_back(body.contains("text") ? body["text"]["body"] : body["interactive"]["body"]["text"]);
    }
    REQUIRE(to_first.size() == 6);
    CHECK(to_first[3] == "urutan 1");
    CHECK(to_first[4] == "urutan 2");
    CHECK(to_first[5] == "urutan 3");
    CHECK(row_is(h, ids[2], "sent"));  // the last result is recorded just after Meta answers
}

TEST_CASE("backoff grows exponentially up to its cap, with jitter") {
    using namespace std::chrono;
    for (int attempt = 0; attempt < 12; ++attempt) {
        auto delay = whatsapp::backoff_delay(attempt, 1s, 5min);
        double ideal = std::min(1000.0 * std::pow(2.0, attempt), 300000.0);
        CAPTURE(attempt);
        CHECK(delay.count() >= ideal * 0.8 - 1);
        CHECK(delay.count() <= ideal * 1.2 + 1);
    }
}

TEST_SUITE_END();

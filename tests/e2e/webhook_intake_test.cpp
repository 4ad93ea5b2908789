#include <doctest/doctest.h>

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "shared/db/connection.h"
#include "shared/db/store.h"
#include "tests/support/sql_value.h"
#include "tests/support/bot_harness.h"
#include "webhooks/envelope_builder.h"
#include "webhooks/signature.h"

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using messaging::InboundKind;
using messaging::InboundMessage;

namespace {

std::int64_t count(db::Store& store, const std::string& sql) {
    db::Statement query(store.db(), sql);
    query.executeStep();
    return query.getColumn(0).getInt64();
}

db::Store open(test::BotHarness& h) { return db::Store(h.config.database.target(), 5000); }

InboundMessage text(const std::string& id, const std::string& body = "halo pak") {
    return whatsapp::text_message("6281234567890", id, body, 1764200000);
}

}  // namespace

TEST_CASE("the verification handshake answers Meta's challenge only for the right token") {
    test::BotHarness h;
    httplib::Client client("127.0.0.1", h.port);
    auto ok = client.Get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" +
                         h.config.whatsapp.verify_token);
    REQUIRE(ok);
    CHECK(ok->status == 200);
    CHECK(ok->body == "1158201444");
    CHECK(ok->get_header_value("Content-Type").find("text/plain") == 0);
    auto wrong_token = client.Get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=nope");
    REQUIRE(wrong_token);
    CHECK(wrong_token->status == 403);
    auto wrong_mode = client.Get("/webhooks/whatsapp?hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=" +
                                 h.config.whatsapp.verify_token);
    REQUIRE(wrong_mode);
    CHECK(wrong_mode->status == 403);
}

TEST_CASE("webhooks without a valid signature are refused and nothing is stored") {
    test::BotHarness h;
    const std::string body = whatsapp::build_envelope({text("wamid.SIG1")}, {}, test::kTestPhoneNumberId);
    CHECK(h.post(body, std::nullopt) == 401);
    CHECK(h.post(body, whatsapp::sign_body(body, "another-secret")) == 403);
    CHECK(h.post(body + " ", whatsapp::sign_body(body, test::kTestAppSecret)) == 403);
    CHECK(h.post(body, "sha1=abc") == 403);
    auto store = open(h);
    CHECK(count(store, "SELECT COUNT(*) FROM inbound_messages") == 0);
    CHECK(h.post_signed(body) == 200);
    CHECK(count(store, "SELECT COUNT(*) FROM inbound_messages") == 1);
}

TEST_CASE("a signed body that is not a WhatsApp envelope gets 400 and is kept for inspection") {
    test::BotHarness h;
    CHECK(h.post_signed("this is not json") == 400);
    CHECK(h.post_signed(R"({"object":"page","entry":[]})") == 400);
    CHECK(h.post_signed(R"({"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages",)"
                        R"("value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"1"},)"
                        R"("messages":[{"from":"6281","timestamp":"1","type":"text","text":{"body":"x"}}]}}]}]})") ==
          400);
    auto store = open(h);
    CHECK(store.inbound.count_rejected() == 3);
    db::Statement last(store.db(), "SELECT reason, body FROM rejected_webhooks ORDER BY id DESC LIMIT 1");
    REQUIRE(last.executeStep());
    CHECK(last.getColumn(0).getString().find("messages[0]") != std::string::npos);
    CHECK(last.getColumn(1).getString().find("\"6281\"") != std::string::npos);
    // The service keeps working after bad input.
    CHECK(h.post_messages({text("wamid.AFTERBAD")}) == 200);
}

TEST_CASE("every inbound message type is stored and answered as its kind requires") {
    test::BotHarness h;
    std::vector<InboundMessage> all;
    auto add = [&](InboundKind kind, auto fill) {
        InboundMessage m = text("wamid.KIND" + std::to_string(all.size()));
        m.sender_wa_id = "62812300000" + std::to_string(10 + all.size());
        m.kind = kind;
        fill(m);
        all.push_back(m);
    };
    add(InboundKind::text, [](InboundMessage& m) { m.text = "mau urus sktm"; });
    add(InboundKind::button_reply, [](InboundMessage& m) { m.reply_id = "kirim"; m.text = "Kirim"; });
    add(InboundKind::list_reply, [](InboundMessage& m) { m.reply_id = "type:sktm"; m.text = "SKTM"; });
    add(InboundKind::template_button, [](InboundMessage& m) { m.reply_id = "ya"; m.text = "Ya"; });
    add(InboundKind::image, [](InboundMessage& m) { m.media = messaging::MediaRef{"MEDIA1", "image/jpeg", "abc", "ktp saya", "", "", false}; });
    add(InboundKind::document, [](InboundMessage& m) { m.media = messaging::MediaRef{"MEDIA2", "application/pdf", "def", "", "kk.pdf", "", false}; });
    add(InboundKind::audio, [](InboundMessage& m) { m.media = messaging::MediaRef{"MEDIA3", "audio/ogg", "ghi", "", "", "", true}; });
    add(InboundKind::location, [](InboundMessage& m) { m.location = messaging::Location{0.13, 117.47, "Rumah", "Jl. Pelita"}; });
    add(InboundKind::contacts, [](InboundMessage& m) { m.contacts = {{"Pak RT", {"6281100000011"}}}; });
    add(InboundKind::sticker, [](InboundMessage& m) { m.media = messaging::MediaRef{"MEDIA4", "image/webp", "jkl", "", "", "", false}; });
    add(InboundKind::reaction, [](InboundMessage& m) { m.reply_id = "wamid.OURS"; m.text = "👍"; });
    add(InboundKind::unsupported, [](InboundMessage& m) { m.unsupported_type = "order"; m.error_code = 131051; });
    REQUIRE(h.post_messages(all) == 200);

    auto store = open(h);
    CHECK(count(store, "SELECT COUNT(*) FROM inbound_messages") == static_cast<std::int64_t>(all.size()));
    for (const auto& m : all) {
        db::Statement row(store.db(), "SELECT type, sender_key FROM inbound_messages WHERE wa_message_id = ?");
        row.bind(1, m.message_id);
        REQUIRE(row.executeStep());
        CAPTURE(m.message_id);
        CHECK(row.getColumn(0).getString() == std::string(messaging::to_string(m.kind)));
        CHECK(row.getColumn(1).getString() == m.sender_wa_id);
    }
    // Every message but the reaction gets exactly one answer; the unsupported one a polite one.
    REQUIRE(test::BotHarness::eventually([&] { return h.graph->accepted_messages().size() == all.size() - 1; }));
    bool polite = false;
    for (const auto& body : h.graph->accepted_messages()) {
        CHECK(body["to"] != "+" + all[10].sender_wa_id);
        if (body["to"] == "+" + all[11].sender_wa_id) {
            polite = body["text"]["body"].get<std::string>().find("Maaf, jenis pesan ini belum dapat") == 0;
        }
    }
    CHECK(polite);
    CHECK(h.graph->validation_errors().empty());
}

TEST_CASE("a duplicate delivery of the same message is acknowledged and processed once") {
    test::BotHarness h;
    const std::string body = whatsapp::build_envelope({text("wamid.DUP1")}, {}, test::kTestPhoneNumberId);
    CHECK(h.post_signed(body) == 200);
    CHECK(h.post_signed(body) == 200);
    REQUIRE(test::BotHarness::eventually([&] { return h.graph->accepted_messages().size() == 1; }));
    CHECK(h.post_signed(body) == 200);  // Meta retries even after processing
    auto store = open(h);
    CHECK(count(store, "SELECT COUNT(*) FROM inbound_messages") == 1);
    CHECK(count(store, "SELECT COUNT(*) FROM outbound_messages") == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(h.graph->accepted_messages().size() == 1);
}

TEST_CASE("one envelope with several entries, changes and messages is handled whole") {
    test::BotHarness h;
    std::string body = test::read_text_file(test::repo_path("tests/fixtures/whatsapp/batch_multi_entry.json"));
    REQUIRE(!body.empty());
    CHECK(h.post_signed(body) == 200);
    auto store = open(h);
    CHECK(count(store, "SELECT COUNT(*) FROM inbound_messages") == 4);
}

TEST_CASE("a sender with only a business-scoped user id is stored and answered by that id") {
    test::BotHarness h;
    InboundMessage m = text("wamid.BSUID1");
    m.sender_wa_id.clear();
    m.sender_user_id = "ID.1349120865221301";
    REQUIRE(h.post_messages({m}) == 200);
    auto store = open(h);
    CHECK(count(store, "SELECT COUNT(*) FROM inbound_messages WHERE sender_key = 'ID.1349120865221301'") == 1);
    REQUIRE(test::BotHarness::eventually([&] { return h.graph->accepted_messages().size() == 1; }));
    auto sent = h.graph->accepted_messages()[0];
    CHECK(sent["recipient"] == "ID.1349120865221301");
    CHECK_FALSE(sent.contains("to"));
}

TEST_CASE("delivery statuses are applied to our messages and never move backwards") {
    test::BotHarness h;
    REQUIRE(h.post_messages({text("wamid.ST1")}) == 200);
    REQUIRE(test::BotHarness::eventually([&] { return h.graph->accepted_messages().size() == 1; }));
    auto store = open(h);
    REQUIRE(test::BotHarness::eventually([&] {
        return count(store, "SELECT COUNT(*) FROM outbound_messages WHERE status = 'sent'") == 1;
    }));
    // A statement left mid-read would pin this connection to an old snapshot: read and let go.
    const std::string wamid = test::sql_value(store.db(), "SELECT wa_message_id FROM outbound_messages").getString();
    CHECK(wamid.rfind("wamid.", 0) == 0);

    messaging::StatusUpdate read{wamid, "", messaging::DeliveryStatus::read, 1764200100, "6281234567890", "", "", 0, "", ""};
    messaging::StatusUpdate delivered = read;
    delivered.status = messaging::DeliveryStatus::delivered;
    CHECK(h.post_messages({}, {read}) == 200);
    CHECK(h.post_messages({}, {delivered}) == 200);  // late and out of order
    db::Statement status(store.db(), "SELECT status, read_at IS NOT NULL, delivered_at IS NOT NULL FROM outbound_messages");
    REQUIRE(status.executeStep());
    CHECK(status.getColumn(0).getString() == "read");
    CHECK(status.getColumn(1).getInt() == 1);
    CHECK(status.getColumn(2).getInt() == 1);
}

TEST_SUITE_END();

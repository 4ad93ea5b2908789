#include "tests/support/bot_harness.h"

#include <httplib.h>

#include <thread>

#include "shared/app/bootstrap.h"
#include "shared/util/time.h"
#include "webhooks/envelope_builder.h"
#include "webhooks/signature.h"

namespace ekel::test {

BotHarness::BotHarness(int messages_per_second)
    : config(test_config(dir)), clock(*parse_utc("2026-11-27T02:00:00Z")) {
    graph = std::make_unique<FakeGraphApi>(kTestPhoneNumberId, kTestAccessToken, "v21.0");
    config.whatsapp.provider = "cloud_api";
    config.whatsapp.graph_base_url = graph->base_url();
    config.whatsapp.api_version = "v21.0";
    config.whatsapp.phone_number_id = kTestPhoneNumberId;
    config.whatsapp.access_token = kTestAccessToken;
    config.whatsapp.app_secret = kTestAppSecret;
    config.whatsapp.messages_per_second = messages_per_second;
    app::prepare_database(config, clock);
    bot = std::make_unique<bot::BotApp>(config, clock);
    port = bot->start();
}

BotHarness::~BotHarness() {
    bot->stop();
    bot.reset();
}

void BotHarness::restart() {
    bot->stop();
    bot.reset();
    bot = std::make_unique<bot::BotApp>(config, clock);
    port = bot->start();
}

int BotHarness::post(const std::string& body, const std::optional<std::string>& signature_header) {
    httplib::Client client("127.0.0.1", port);
    httplib::Headers headers;
    if (signature_header) headers.emplace("X-Hub-Signature-256", *signature_header);
    auto res = client.Post("/webhooks/whatsapp", headers, body, "application/json");
    return res ? res->status : 0;
}

int BotHarness::post_signed(const std::string& body) {
    return post(body, whatsapp::sign_body(body, kTestAppSecret));
}

int BotHarness::post_messages(const std::vector<messaging::InboundMessage>& messages,
                              const std::vector<messaging::StatusUpdate>& statuses) {
    return post_signed(whatsapp::build_envelope(messages, statuses, kTestPhoneNumberId));
}

bool BotHarness::eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return condition();
}

}  // namespace ekel::test

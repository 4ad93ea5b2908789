#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bot/bot_app.h"
#include "shared/messaging/inbound_message.h"
#include "shared/util/clock.h"
#include "tests/support/fake_graph_api.h"
#include "tests/support/test_config.h"

namespace ekel::test {

constexpr const char* kTestPhoneNumberId = "123456789012345";
constexpr const char* kTestAccessToken = "EAAG-test-token";
constexpr const char* kTestAppSecret = "test-app-secret";

/// The real ekel-bot (BotApp) on a loopback port with a fresh database, sending to a fake of
/// Meta's Graph API. The clock is manual so tests can move time for retries.
struct BotHarness {
    explicit BotHarness(int messages_per_second = 80);
    ~BotHarness();

    /// POSTs a body with a valid X-Hub-Signature-256; returns the HTTP status (0: no answer).
    int post_signed(const std::string& body);
    int post(const std::string& body, const std::optional<std::string>& signature_header);
    int post_messages(const std::vector<messaging::InboundMessage>& messages,
                      const std::vector<messaging::StatusUpdate>& statuses = {});

    /// Stops the bot and starts a new one on the same database (a restart).
    void restart();

    /// Waits until `condition` holds, polling; false on timeout.
    static bool eventually(const std::function<bool()>& condition,
                           std::chrono::milliseconds timeout = std::chrono::seconds(10));

    TempDir dir;
    config::Config config;
    ManualClock clock;
    std::unique_ptr<FakeGraphApi> graph;
    std::unique_ptr<bot::BotApp> bot;
    int port = 0;
};

}  // namespace ekel::test

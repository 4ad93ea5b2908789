#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/messaging/inbound_message.h"
#include "tests/support/bot_harness.h"

namespace ekel::test {

/// A person's phone talking to the real bot through signed webhooks. Each message moves the clock
/// 15 s, as a person types; replies are read back from the outbox.
struct Phone {
    BotHarness& h;
    std::string number;
    std::int64_t last_seen = 0;
    int sequence = 0;

    std::vector<nlohmann::json> send(messaging::InboundMessage m);
    messaging::InboundMessage base();
    std::vector<nlohmann::json> say(const std::string& text);
    std::vector<nlohmann::json> tap(const std::string& id, const std::string& title, bool list = false);
    std::vector<nlohmann::json> photo(const std::string& media_id);
    /// Answers each document question of a request in `replies` and after: "Tidak ada" for an
    /// optional document, "Bawa ke kantor" for the rest, until no such question comes. Returns
    /// `replies` and every reply after them.
    std::vector<nlohmann::json> defer_documents(std::vector<nlohmann::json> replies);
    /// Messages that reached this phone without it writing (notifications), since the last read.
    std::vector<nlohmann::json> inbox();
};

std::string all_text(const std::vector<nlohmann::json>& replies);
bool has_button(const std::vector<nlohmann::json>& replies, const std::string& id);
std::vector<std::string> list_ids(const std::vector<nlohmann::json>& replies);
/// The first request code (BLB-2611-0042) in a text, or "".
std::string find_code(const std::string& text);

/// A bot with the fixture registry: RT 1–3 (tests/fixtures/csv/rt_good.csv) and the residents of
/// tests/fixtures/csv/residents_good.csv.
struct ConversationFixture {
    ConversationFixture();
    std::int64_t count(const std::string& sql);
    BotHarness h;
};

}  // namespace ekel::test

#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "bot/nlu/message_parser.h"
#include "shared/db/store.h"
#include "shared/messaging/inbound_message.h"
#include "shared/messaging/outbound_message.h"
#include "shared/util/clock.h"

namespace ekel::bot {

/// The conversation state between flows: typed commands are read as commands only here.
constexpr const char* kIdle = "idle";

/// WhatsApp shows at most 10 rows in a list message.
constexpr std::size_t kListRows = 10;

/// One inbound message being handled: its context and the conversation it changes.
struct Turn {
    const messaging::InboundMessage& message;
    db::Store& store;
    TimePoint now;
    std::string now_text;
    db::ConversationRecord record;
    nlohmann::json data;
    std::string text;      ///< the words of the message (typed text, or the tapped title)
    std::string reply_id;  ///< the id of a tapped button or list row
    nlu::ParsedMessage parsed;

    const std::string& sender() const { return message.sender_key(); }

    /// A reply to this sender, by phone or by business-scoped id.
    messaging::OutboundMessage reply(messaging::OutboundKind kind, const std::string& body) const {
        messaging::OutboundMessage m;
        m.kind = kind;
        m.to = message.sender_wa_id;
        m.to_user_id = message.sender_user_id;
        m.text = body;
        return m;
    }
    void send(const messaging::OutboundMessage& m) { store.outbox.enqueue(m, std::nullopt, now_text); }

    void say(const std::string& body) { send(reply(messaging::OutboundKind::text, body)); }

    void buttons(const std::string& body, const std::vector<messaging::ReplyButton>& choices) {
        auto m = reply(messaging::OutboundKind::buttons, body);
        m.buttons = choices;
        send(m);
    }

    void list(const std::string& body, const std::string& button, std::vector<messaging::ListRow> rows) {
        auto m = reply(messaging::OutboundKind::list, body);
        m.list_button = button;
        if (rows.size() > kListRows) rows.resize(kListRows);
        m.sections = {{"", rows}};
        send(m);
    }

    void go(const std::string& state) { record.state = state; }
    nlohmann::json& draft() {
        if (!data.contains("draft") || !data["draft"].is_object()) data["draft"] = nlohmann::json::object();
        return data["draft"];
    }
};

}  // namespace ekel::bot

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bot/engine/conversation_state.h"
#include "bot/nlu/message_parser.h"
#include "shared/db/store.h"
#include "shared/messaging/inbound_message.h"
#include "shared/messaging/outbound_message.h"
#include "shared/messaging/reply_id.h"
#include "shared/util/clock.h"
#include "shared/util/time.h"

namespace ekel::bot {

/// WhatsApp shows at most 10 rows in a list message.
constexpr std::size_t kListRows = 10;

/// One inbound message being handled: its context and the conversation it changes.
struct Turn {
    Turn(const messaging::InboundMessage& inbound, db::Store& db, TimePoint at)
        : message(inbound), store(db), now(at), now_text(format_utc(at)) {}

    const messaging::InboundMessage& message;
    db::Store& store;
    TimePoint now;
    std::string now_text;
    State state = State::idle;
    /// The stored state was a name this version does not know: the conversation restarts politely.
    bool unknown_state = false;
    ConversationData data;
    std::string text;      ///< the words of the message (typed text, or the tapped title)
    std::string reply_id;  ///< the id of a tapped button or list row, as received
    std::optional<messaging::ReplyId> reply;  ///< reply_id decoded; nullopt when absent or malformed
    nlu::ParsedMessage parsed;

    const std::string& sender() const { return message.sender_key(); }

    /// Between flows: typed commands are read as commands only here.
    bool between_flows() const { return state == State::idle && !unknown_state; }

    /// The tapped reply when it is of `kind`.
    const messaging::ReplyId* tapped(messaging::ReplyKind kind) const {
        return reply && reply->kind == kind ? &*reply : nullptr;
    }
    bool tapped(messaging::ReplyKind kind, std::string_view arg) const {
        return reply && reply->kind == kind && reply->arg == arg;
    }

    /// A reply to this sender, by phone or by business-scoped id.
    messaging::OutboundMessage reply_message(messaging::OutboundKind kind, const std::string& body) const {
        messaging::OutboundMessage m;
        m.kind = kind;
        m.to = message.sender_wa_id;
        m.to_user_id = message.sender_user_id;
        m.text = body;
        return m;
    }

    /// Queues `m` to this sender; a list or buttons message becomes what the conversation last offered.
    void send(const messaging::OutboundMessage& m) {
        if (m.kind == messaging::OutboundKind::text) {
            // A question asked in words comes after the last list: a typed number answers it.
            data.offered.clear();
        } else if (m.kind == messaging::OutboundKind::buttons || m.kind == messaging::OutboundKind::list) {
            data.offered.clear();
            for (const auto& b : m.buttons) data.offered.push_back(b.id);
            for (const auto& section : m.sections) {
                for (const auto& row : section.rows) data.offered.push_back(row.id);
            }
        }
        store.outbox.enqueue(m, std::nullopt, now_text);
    }

    void say(const std::string& body) { send(reply_message(messaging::OutboundKind::text, body)); }

    void buttons(const std::string& body, const std::vector<messaging::ReplyButton>& choices) {
        auto m = reply_message(messaging::OutboundKind::buttons, body);
        m.buttons = choices;
        send(m);
    }

    void list(const std::string& body, const std::string& button, std::vector<messaging::ListRow> rows) {
        auto m = reply_message(messaging::OutboundKind::list, body);
        m.list_button = button;
        if (rows.size() > kListRows) rows.resize(kListRows);
        m.sections = {{"", rows}};
        send(m);
    }

    void go(State next) {
        state = next;
        unknown_state = false;
    }

    /// The letter request being filled in, started empty when there is none.
    Draft& draft() {
        if (!data.draft) data.draft.emplace();
        return *data.draft;
    }

    /// Back to idle: the draft and every open question are dropped (with the draft's
    /// attachments); who is writing, the last complaint and the last offer are kept.
    void reset() {
        store.attachments.discard_draft(sender());
        ConversationData keep;
        keep.self_id = data.self_id;
        keep.last_complaint = data.last_complaint;
        keep.offered = std::move(data.offered);
        keep.recent = std::move(data.recent);
        data = std::move(keep);
        go(State::idle);
    }

    /// The photo or document of this message, as an attachment of the sender's draft.
    db::Attachment attachment() const {
        const auto& media = *message.media;
        db::Attachment a;
        a.sender_key = sender();
        a.kind = message.kind == messaging::InboundKind::image ? "image" : "document";
        a.media_id = media.media_id;
        a.mime_type = media.mime_type;
        a.caption = media.caption;
        a.filename = media.filename;
        return a;
    }
};

}  // namespace ekel::bot

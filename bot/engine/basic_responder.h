#pragma once

#include "bot/engine/message_handler.h"

namespace ekel::bot {

/// The channel-level answers every conversation needs: a polite reply to message types the bot
/// cannot read (stickers, voice notes, unknown types), nothing for reactions, and an
/// acknowledgement with the office contact for everything else until the conversation engine
/// takes over.
class BasicResponder final : public MessageHandler {
public:
    void handle(const messaging::InboundMessage& message, db::Store& store, TimePoint now) override;
};

}  // namespace ekel::bot

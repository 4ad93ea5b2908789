#pragma once

#include "shared/messaging/inbound_message.h"
#include "shared/util/clock.h"

namespace ekel::db {
class Store;
}

namespace ekel::bot {

/// Decides what an inbound message means and what to answer. Runs inside the processor's
/// transaction: everything it writes (state, events, outbox rows) commits together with the
/// message being marked processed, or not at all. Throwing rolls the message back for a retry.
class MessageHandler {
public:
    virtual ~MessageHandler() = default;
    virtual void handle(const messaging::InboundMessage& message, db::Store& store, TimePoint now) = 0;
};

}  // namespace ekel::bot

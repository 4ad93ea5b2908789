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

    /// Handling `message` failed for good (it is set aside as failed). Runs in a transaction of
    /// its own; lets the sender know rather than leave them waiting.
    virtual void handle_failure(const messaging::InboundMessage& /*message*/, db::Store& /*store*/, TimePoint /*now*/) {}

    /// The transaction of the messages handled since the last call committed, or rolled back.
    /// In-memory state (the flood guard) changes only with it: on rollback the handler forgets
    /// what those messages taught it, so handling them again gives the same answers.
    virtual void committed() {}
    virtual void rolled_back() {}
};

}  // namespace ekel::bot

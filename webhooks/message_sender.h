#pragma once

#include <atomic>
#include <memory>

#include "shared/config/config.h"
#include "shared/messaging/outbound_message.h"
#include "webhooks/graph_client.h"

namespace ekel::whatsapp {

/// Where outbox messages go. One instance per sender thread (not shared between threads).
class MessageSender {
public:
    virtual ~MessageSender() = default;
    virtual SendResult send(const messaging::OutboundMessage& message) = 0;
};

/// Sends through Meta's Graph API; uploads local documents first.
class GraphSender final : public MessageSender {
public:
    explicit GraphSender(GraphSettings settings);
    SendResult send(const messaging::OutboundMessage& message) override;

private:
    GraphClient client_;
};

/// The demo provider: checks the payload exactly as for Meta, then records the message as sent
/// (the outbox row is the record) without any network call.
class SandboxSender final : public MessageSender {
public:
    SendResult send(const messaging::OutboundMessage& message) override;

private:
    static std::atomic<std::uint64_t> counter_;
};

/// The sender the configuration asks for (`whatsapp.provider`).
std::unique_ptr<MessageSender> make_sender(const config::WhatsAppConfig& whatsapp);

}  // namespace ekel::whatsapp

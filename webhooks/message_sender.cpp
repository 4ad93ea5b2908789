#include "webhooks/message_sender.h"

#include <chrono>

#include "webhooks/payload_builder.h"

namespace ekel::whatsapp {

namespace {

SendResult invalid_payload(const Problem& problem) {
    SendResult result;
    result.outcome = SendOutcome::permanent_failure;
    result.error_title = "payload tidak valid: " + problem.field + ": " + problem.message;
    return result;
}

std::string mime_for(const std::string& filename) {
    auto ends_with = [&](const char* suffix) {
        std::string s(suffix);
        return filename.size() >= s.size() && filename.compare(filename.size() - s.size(), s.size(), s) == 0;
    };
    if (ends_with(".pdf")) return "application/pdf";
    if (ends_with(".png")) return "image/png";
    if (ends_with(".jpg") || ends_with(".jpeg")) return "image/jpeg";
    return "application/octet-stream";
}

}  // namespace

std::atomic<std::uint64_t> SandboxSender::counter_{0};

GraphSender::GraphSender(GraphSettings settings) : client_(std::move(settings)) {}

SendResult GraphSender::send(const messaging::OutboundMessage& message) {
    std::string media_id;
    if (message.kind == messaging::OutboundKind::document && !message.document_path.empty()) {
        auto uploaded = client_.upload_media(message.document_path, mime_for(message.document_path));
        if (!uploaded) {
            SendResult result;
            result.outcome = SendOutcome::retry_later;
            result.error_title = uploaded.error().message;
            return result;
        }
        media_id = uploaded.value();
    }
    auto payload = build_send_payload(message, media_id);
    if (!payload) return invalid_payload(payload.error());
    return client_.send_message(payload.value());
}

SendResult SandboxSender::send(const messaging::OutboundMessage& message) {
    auto payload = build_send_payload(message, message.document_path.empty() ? "" : "sandbox-media");
    if (!payload) return invalid_payload(payload.error());
    SendResult result;
    result.outcome = SendOutcome::sent;
    auto stamp = std::chrono::system_clock::now().time_since_epoch().count();
    result.wa_message_id = "wamid.SANDBOX" + std::to_string(stamp) + "." + std::to_string(++counter_);
    return result;
}

std::unique_ptr<MessageSender> make_sender(const config::WhatsAppConfig& whatsapp) {
    if (whatsapp.provider == "sandbox") return std::make_unique<SandboxSender>();
    GraphSettings settings;
    settings.base_url = whatsapp.graph_base_url;
    settings.api_version = whatsapp.api_version;
    settings.phone_number_id = whatsapp.phone_number_id;
    settings.access_token = whatsapp.access_token;
    return std::make_unique<GraphSender>(std::move(settings));
}

}  // namespace ekel::whatsapp

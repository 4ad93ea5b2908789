#include "webhooks/envelope_builder.h"

#include <nlohmann/json.hpp>

namespace ekel::whatsapp {

namespace {

using nlohmann::json;
using messaging::InboundKind;

json media_json(const messaging::MediaRef& media) {
    json j = {{"id", media.media_id}, {"mime_type", media.mime_type}, {"sha256", media.sha256}};
    if (!media.caption.empty()) j["caption"] = media.caption;
    if (!media.filename.empty()) j["filename"] = media.filename;
    if (!media.url.empty()) j["url"] = media.url;
    return j;
}

json message_json(const messaging::InboundMessage& m) {
    json j = {{"id", m.message_id}, {"timestamp", std::to_string(m.timestamp)}};
    if (!m.sender_wa_id.empty()) j["from"] = m.sender_wa_id;
    if (!m.sender_user_id.empty()) j["from_user_id"] = m.sender_user_id;
    if (!m.context_message_id.empty()) j["context"] = {{"from", "6281100000000"}, {"id", m.context_message_id}};
    switch (m.kind) {
        case InboundKind::text:
            j["type"] = "text";
            j["text"] = {{"body", m.text}};
            break;
        case InboundKind::button_reply:
            j["type"] = "interactive";
            j["interactive"] = {{"type", "button_reply"}, {"button_reply", {{"id", m.reply_id}, {"title", m.text}}}};
            break;
        case InboundKind::list_reply:
            j["type"] = "interactive";
            j["interactive"] = {{"type", "list_reply"},
                                {"list_reply",
                                 {{"id", m.reply_id}, {"title", m.text}, {"description", m.reply_description}}}};
            break;
        case InboundKind::template_button:
            j["type"] = "button";
            j["button"] = {{"payload", m.reply_id}, {"text", m.text}};
            break;
        case InboundKind::image:
        case InboundKind::document:
        case InboundKind::audio:
        case InboundKind::video:
        case InboundKind::sticker: {
            std::string type(messaging::to_string(m.kind));
            j["type"] = type;
            json media = m.media ? media_json(*m.media) : json::object();
            if (m.kind == InboundKind::audio && m.media) media["voice"] = m.media->voice;
            j[type] = media;
            break;
        }
        case InboundKind::location: {
            j["type"] = "location";
            messaging::Location where = m.location.value_or(messaging::Location{});
            j["location"] = {{"latitude", where.latitude}, {"longitude", where.longitude}};
            if (!where.name.empty()) j["location"]["name"] = where.name;
            if (!where.address.empty()) j["location"]["address"] = where.address;
            break;
        }
        case InboundKind::contacts: {
            j["type"] = "contacts";
            json contacts = json::array();
            for (const auto& c : m.contacts) {
                json phones = json::array();
                for (const auto& p : c.phones) phones.push_back({{"phone", p}, {"wa_id", p}, {"type", "CELL"}});
                contacts.push_back({{"name", {{"formatted_name", c.name}}}, {"phones", phones}});
            }
            j["contacts"] = contacts;
            break;
        }
        case InboundKind::reaction:
            j["type"] = "reaction";
            j["reaction"] = {{"message_id", m.reply_id}, {"emoji", m.text}};
            break;
        case InboundKind::unsupported:
            j["type"] = "unsupported";
            j["unsupported"] = {{"type", m.unsupported_type}};
            j["errors"] = json::array({{{"code", m.error_code == 0 ? 131051 : m.error_code},
                                        {"title", "Message type unknown"},
                                        {"message", "Message type unknown"},
                                        {"error_data", {{"details", "Message type is currently not supported."}}}}});
            break;
    }
    return j;
}

json status_json(const messaging::StatusUpdate& s) {
    json j = {{"id", s.message_id},
              {"status", std::string(messaging::to_string(s.status))},
              {"timestamp", std::to_string(s.timestamp)},
              {"recipient_id", s.recipient_id}};
    if (!s.callback_data.empty()) j["biz_opaque_callback_data"] = s.callback_data;
    if (s.status == messaging::DeliveryStatus::failed) {
        j["errors"] = json::array({{{"code", s.error_code},
                                    {"title", s.error_title},
                                    {"message", s.error_title},
                                    {"error_data", {{"details", s.error_details}}}}});
    }
    return j;
}

}  // namespace

std::string build_envelope(const std::vector<messaging::InboundMessage>& messages,
                           const std::vector<messaging::StatusUpdate>& statuses, const std::string& phone_number_id) {
    json value = {{"messaging_product", "whatsapp"},
                  {"metadata", {{"display_phone_number", "6281100000000"}, {"phone_number_id", phone_number_id}}}};
    if (!messages.empty()) {
        json contacts = json::array();
        json items = json::array();
        for (const auto& m : messages) {
            json contact = {{"profile", {{"name", m.profile_name}}}};
            if (!m.sender_wa_id.empty()) contact["wa_id"] = m.sender_wa_id;
            if (!m.sender_user_id.empty()) contact["user_id"] = m.sender_user_id;
            contacts.push_back(contact);
            items.push_back(message_json(m));
        }
        value["contacts"] = contacts;
        value["messages"] = items;
    }
    if (!statuses.empty()) {
        json items = json::array();
        for (const auto& s : statuses) items.push_back(status_json(s));
        value["statuses"] = items;
    }
    json envelope = {{"object", "whatsapp_business_account"},
                     {"entry", json::array({{{"id", "102290129340398"},
                                             {"changes", json::array({{{"field", "messages"}, {"value", value}}})}}})}};
    // Meta sends non-ASCII text escaped as \uXXXX; so do we, so signatures are tested on that form.
    return envelope.dump(-1, ' ', true);
}

messaging::InboundMessage text_message(const std::string& from, const std::string& message_id, const std::string& text,
                                       std::int64_t timestamp, const std::string& profile_name) {
    messaging::InboundMessage m;
    m.sender_wa_id = from;
    m.message_id = message_id;
    m.text = text;
    m.timestamp = timestamp;
    m.profile_name = profile_name;
    m.kind = InboundKind::text;
    return m;
}

}  // namespace ekel::whatsapp

// Text forms of the message enums and the outbox storage form of OutboundMessage.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <utility>

#include "shared/messaging/inbound_message.h"
#include "shared/messaging/outbound_message.h"
#include "shared/util/error.h"

namespace ekel::messaging {

namespace {

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
    for (const auto& [v, name] : table) {
        if (v == value) return name;
    }
    return table[0].second;
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& table, std::string_view text) {
    for (const auto& [v, name] : table) {
        if (name == text) return v;
    }
    return std::nullopt;
}

using IK = InboundKind;
constexpr std::array<std::pair<IK, std::string_view>, 13> kInboundKinds = {{
    {IK::text, "text"},
    {IK::button_reply, "button_reply"},
    {IK::list_reply, "list_reply"},
    {IK::template_button, "template_button"},
    {IK::image, "image"},
    {IK::document, "document"},
    {IK::audio, "audio"},
    {IK::video, "video"},
    {IK::sticker, "sticker"},
    {IK::location, "location"},
    {IK::contacts, "contacts"},
    {IK::reaction, "reaction"},
    {IK::unsupported, "unsupported"},
}};

using DS = DeliveryStatus;
constexpr std::array<std::pair<DS, std::string_view>, 5> kDeliveryStatuses = {{
    {DS::sent, "sent"},
    {DS::delivered, "delivered"},
    {DS::read, "read"},
    {DS::played, "played"},
    {DS::failed, "failed"},
}};

using OK = OutboundKind;
constexpr std::array<std::pair<OK, std::string_view>, 5> kOutboundKinds = {{
    {OK::text, "text"},
    {OK::buttons, "buttons"},
    {OK::list, "list"},
    {OK::document, "document"},
    {OK::template_message, "template"},
}};

}  // namespace

std::string_view to_string(InboundKind kind) { return name_of(kInboundKinds, kind); }
std::optional<InboundKind> parse_inbound_kind(std::string_view text) { return value_of(kInboundKinds, text); }
std::string_view to_string(DeliveryStatus status) { return name_of(kDeliveryStatuses, status); }
std::optional<DeliveryStatus> parse_delivery_status(std::string_view text) {
    return value_of(kDeliveryStatuses, text);
}
std::string_view to_string(OutboundKind kind) { return name_of(kOutboundKinds, kind); }
std::optional<OutboundKind> parse_outbound_kind(std::string_view text) { return value_of(kOutboundKinds, text); }

int delivery_rank(DeliveryStatus status) {
    switch (status) {
        case DS::sent: return 1;
        case DS::delivered: return 2;
        case DS::read: return 3;
        case DS::played: return 4;
        case DS::failed: return 5;
    }
    return 0;
}

std::string to_json(const OutboundMessage& m) {
    nlohmann::json buttons = nlohmann::json::array();
    for (const auto& b : m.buttons) buttons.push_back({{"id", b.id}, {"title", b.title}});
    nlohmann::json sections = nlohmann::json::array();
    for (const auto& s : m.sections) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& r : s.rows) rows.push_back({{"id", r.id}, {"title", r.title}, {"description", r.description}});
        sections.push_back({{"title", s.title}, {"rows", rows}});
    }
    nlohmann::json j = {{"kind", to_string(m.kind)},
                        {"to", m.to},
                        {"to_user_id", m.to_user_id},
                        {"text", m.text},
                        {"header", m.header},
                        {"footer", m.footer},
                        {"buttons", buttons},
                        {"list_button", m.list_button},
                        {"sections", sections},
                        {"document_path", m.document_path},
                        {"document_link", m.document_link},
                        {"document_filename", m.document_filename},
                        {"template_name", m.template_name},
                        {"template_language", m.template_language},
                        {"template_parameters", m.template_parameters},
                        {"callback_data", m.callback_data},
                        {"reply_to_message_id", m.reply_to_message_id}};
    return j.dump();
}

OutboundMessage message_to(const std::string& recipient_key, OutboundKind kind, std::string text) {
    OutboundMessage m;
    m.kind = kind;
    bool phone = !recipient_key.empty() &&
                 std::all_of(recipient_key.begin(), recipient_key.end(), [](char c) { return c >= '0' && c <= '9'; });
    (phone ? m.to : m.to_user_id) = recipient_key;
    m.text = std::move(text);
    return m;
}

OutboundMessage outbound_from_json(std::string_view text) {
    try {
        nlohmann::json j = nlohmann::json::parse(text);
        OutboundMessage m;
        auto kind = parse_outbound_kind(j.at("kind").get<std::string>());
        if (!kind) throw Error("unknown outbound kind");
        m.kind = *kind;
        m.to = j.value("to", "");
        m.to_user_id = j.value("to_user_id", "");
        m.text = j.value("text", "");
        m.header = j.value("header", "");
        m.footer = j.value("footer", "");
        for (const auto& b : j.value("buttons", nlohmann::json::array())) {
            m.buttons.push_back({b.at("id").get<std::string>(), b.at("title").get<std::string>()});
        }
        m.list_button = j.value("list_button", "");
        for (const auto& s : j.value("sections", nlohmann::json::array())) {
            ListSection section{s.value("title", ""), {}};
            for (const auto& r : s.at("rows")) {
                section.rows.push_back({r.at("id").get<std::string>(), r.at("title").get<std::string>(),
                                        r.value("description", "")});
            }
            m.sections.push_back(std::move(section));
        }
        m.document_path = j.value("document_path", "");
        m.document_link = j.value("document_link", "");
        m.document_filename = j.value("document_filename", "");
        m.template_name = j.value("template_name", "");
        m.template_language = j.value("template_language", "id");
        m.template_parameters = j.value("template_parameters", std::vector<std::string>{});
        m.callback_data = j.value("callback_data", "");
        m.reply_to_message_id = j.value("reply_to_message_id", "");
        return m;
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("outbox row is not an outbound message: ") + e.what());
    }
}

}  // namespace ekel::messaging

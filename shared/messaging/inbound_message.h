#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ekel::messaging {

/// What a citizen sent, independent of WhatsApp's JSON shapes.
enum class InboundKind {
    text,
    button_reply,     ///< tap on one of our interactive reply buttons
    list_reply,       ///< choice from one of our interactive lists
    template_button,  ///< tap on a quick-reply button of a template message
    image,
    document,
    audio,  ///< voice notes included
    video,
    sticker,
    location,
    contacts,
    reaction,
    unsupported,  ///< a type we do not handle (or Meta could not deliver); answered politely
};

std::string_view to_string(InboundKind kind);
std::optional<InboundKind> parse_inbound_kind(std::string_view text);

struct MediaRef {
    std::string media_id;
    std::string mime_type;
    std::string sha256;
    std::string caption;
    std::string filename;
    std::string url;  ///< present on newer webhooks; still needs the bearer token
    bool voice = false;
};

struct Location {
    double latitude = 0;
    double longitude = 0;
    std::string name;
    std::string address;
};

struct SharedContact {
    std::string name;
    std::vector<std::string> phones;
};

struct InboundMessage {
    std::string message_id;      ///< wamid.…, the idempotency key
    std::string sender_wa_id;    ///< phone digits; may be empty for username users (2026)
    std::string sender_user_id;  ///< business-scoped user id (BSUID); may be empty
    std::string profile_name;
    std::string phone_number_id;  ///< our business number that received it
    std::int64_t timestamp = 0;   ///< Unix seconds
    InboundKind kind = InboundKind::text;
    std::string text;        ///< text body; button/list title; template button text; reaction emoji
    std::string reply_id;    ///< button/list reply id; template button payload; reacted-to message id
    std::string reply_description;
    std::optional<MediaRef> media;
    std::optional<Location> location;
    std::vector<SharedContact> contacts;
    std::string context_message_id;  ///< our message the citizen replied to
    std::string unsupported_type;    ///< the original type when kind is unsupported
    int error_code = 0;              ///< Meta's error on unsupported messages (131051 …)

    /// How we key a conversation: the phone when present, else the BSUID.
    const std::string& sender_key() const { return sender_wa_id.empty() ? sender_user_id : sender_wa_id; }
};

enum class DeliveryStatus { sent, delivered, read, played, failed };
std::string_view to_string(DeliveryStatus status);
std::optional<DeliveryStatus> parse_delivery_status(std::string_view text);
/// Later states never move back: read after delivered, never delivered after read. failed is final.
int delivery_rank(DeliveryStatus status);

/// A delivery report for a message we sent.
struct StatusUpdate {
    std::string message_id;  ///< the wamid our send returned
    std::string phone_number_id;  ///< our business number that sent it
    DeliveryStatus status = DeliveryStatus::sent;
    std::int64_t timestamp = 0;
    std::string recipient_id;
    std::string recipient_user_id;
    std::string callback_data;  ///< biz_opaque_callback_data we set when sending
    int error_code = 0;
    std::string error_title;
    std::string error_details;
};

}  // namespace ekel::messaging

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/util/result.h"

namespace ekel::messaging {

enum class OutboundKind { text, buttons, list, document, template_message };

std::string_view to_string(OutboundKind kind);
std::optional<OutboundKind> parse_outbound_kind(std::string_view text);

struct ReplyButton {
    std::string id;
    std::string title;
};

struct ListRow {
    std::string id;
    std::string title;
    std::string description;
};

struct ListSection {
    std::string title;
    std::vector<ListRow> rows;
};

/// A reply or notification as our code thinks of it. webhooks/payload_builder turns it into
/// Meta's JSON and enforces Meta's field limits there.
struct OutboundMessage {
    OutboundKind kind = OutboundKind::text;
    std::string to;          ///< recipient phone digits (62…); empty when only a BSUID is known
    std::string to_user_id;  ///< BSUID, used when `to` is empty
    std::string text;        ///< text body, interactive body, or document caption
    std::string header;      ///< interactive header text (optional)
    std::string footer;      ///< interactive footer (optional)
    std::vector<ReplyButton> buttons;  ///< kind buttons: 1 to 3
    std::string list_button;           ///< kind list: the label of the button that opens the list
    std::vector<ListSection> sections;  ///< kind list
    std::string document_path;          ///< kind document: a local file to upload
    std::string document_link;          ///< kind document: or a public URL Meta fetches
    std::string document_filename;
    std::string template_name;  ///< kind template_message
    std::string template_language = "id";
    std::vector<std::string> template_parameters;  ///< positional body parameters {{1}}, {{2}} …
    std::string callback_data;                     ///< echoed back in status webhooks
    std::string reply_to_message_id;               ///< quote a citizen's message

    const std::string& recipient_key() const { return to.empty() ? to_user_id : to; }
};

/// A message to someone known by their key: phone digits, or the business-scoped id (BSUID) of a
/// user whose phone WhatsApp does not show us.
OutboundMessage message_to(const std::string& recipient_key, OutboundKind kind, std::string text);

/// Our own storage form (outbox rows), stable across Meta API versions.
std::string to_json(const OutboundMessage& message);
/// Throws ekel::Error for a row that is not an outbound message (a corrupt outbox row).
OutboundMessage outbound_from_json(std::string_view json);

}  // namespace ekel::messaging

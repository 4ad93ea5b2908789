#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shared/messaging/inbound_message.h"
#include "shared/util/result.h"

namespace ekel::whatsapp {

/// One citizen message from a webhook, with the form we persist to rebuild it after a restart.
struct ParsedInbound {
    messaging::InboundMessage message;
    /// {"phone_number_id":…, "contact":{the matching value.contacts[] item} or null,
    ///  "message":{the raw value.messages[] item}}, UTF-8, not ASCII-escaped.
    std::string stored_json;
};

/// Everything one webhook POST carried, in the order Meta listed it (entry × change × item).
struct ParsedEnvelope {
    std::vector<ParsedInbound> messages;
    std::vector<messaging::StatusUpdate> statuses;
    /// Notes on changes and items we ignore (other fields, value.errors[], unknown statuses).
    /// They hold paths, field names and error codes only, never personal data.
    std::vector<std::string> skipped;
};

/// Parses a Meta Cloud API webhook body (already signature-checked). Rejects the whole envelope
/// on the first problem: Problem::field is the JSON path
/// ("entry[0].changes[1].value.messages[2].type", or "body" when it is not JSON) and
/// Problem::message a sentence that starts with that path. Message types we do not handle become
/// InboundKind::unsupported, not problems.
Result<ParsedEnvelope> parse_envelope(std::string_view body);

/// Rebuilds the InboundMessage from ParsedInbound::stored_json, with the same validation;
/// paths start at the stored object ("message.text.body", or "stored_json" when it is not JSON).
Result<messaging::InboundMessage> parse_stored_inbound(std::string_view stored_json);

}  // namespace ekel::whatsapp

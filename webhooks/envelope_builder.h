#pragma once

#include <string>
#include <vector>

#include "shared/messaging/inbound_message.h"

namespace ekel::whatsapp {

/// Builds the webhook body Meta would POST for these messages and statuses (one entry, one change),
/// the inverse of parse_envelope. Used by the sandbox chat, the tests and the benchmarks, so they
/// speak exactly Meta's shapes.
std::string build_envelope(const std::vector<messaging::InboundMessage>& messages,
                           const std::vector<messaging::StatusUpdate>& statuses,
                           const std::string& phone_number_id);

/// A text message from a phone, the commonest case.
messaging::InboundMessage text_message(const std::string& from, const std::string& message_id, const std::string& text,
                                       std::int64_t timestamp, const std::string& profile_name = "Warga");

}  // namespace ekel::whatsapp

// libFuzzer target: a signature-checked webhook body through parse_envelope, then every parsed
// message through its stored form (parse_stored_inbound), which must rebuild the same message,
// as the inbound processor does after a restart. A broken invariant aborts, so libFuzzer keeps
// the input as a crash.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz/fuzz_checks.h"
#include "webhooks/envelope_parser.h"

namespace {

using ekel::fuzz::fail;
using ekel::fuzz::is_valid_utf8;
using ekel::fuzz::require;
using ekel::messaging::InboundKind;
using ekel::messaging::InboundMessage;

bool is_media(InboundKind kind) {
    return kind == InboundKind::image || kind == InboundKind::document ||
           kind == InboundKind::audio || kind == InboundKind::video || kind == InboundKind::sticker;
}

/// The first field in which the rebuilt message differs from the parsed one, or nullopt.
std::optional<std::string_view> first_difference(const InboundMessage& a, const InboundMessage& b) {
    if (a.kind != b.kind) return "kind";
    if (a.message_id != b.message_id) return "message_id";
    if (a.sender_wa_id != b.sender_wa_id) return "sender_wa_id";
    if (a.sender_user_id != b.sender_user_id) return "sender_user_id";
    if (a.phone_number_id != b.phone_number_id) return "phone_number_id";
    if (a.profile_name != b.profile_name) return "profile_name";
    if (a.timestamp != b.timestamp) return "timestamp";
    if (a.text != b.text) return "text";
    if (a.reply_id != b.reply_id) return "reply_id";
    if (a.reply_description != b.reply_description) return "reply_description";
    if (a.context_message_id != b.context_message_id) return "context_message_id";
    if (a.unsupported_type != b.unsupported_type) return "unsupported_type";
    if (a.error_code != b.error_code) return "error_code";
    if (a.media.has_value() != b.media.has_value()) return "media";
    if (a.media) {
        const auto& x = *a.media;
        const auto& y = *b.media;
        if (x.media_id != y.media_id || x.mime_type != y.mime_type || x.sha256 != y.sha256 ||
            x.caption != y.caption || x.filename != y.filename || x.url != y.url ||
            x.voice != y.voice) {
            return "media";
        }
    }
    if (a.location.has_value() != b.location.has_value()) return "location";
    if (a.location) {
        const auto& x = *a.location;
        const auto& y = *b.location;
        if (x.latitude != y.latitude || x.longitude != y.longitude || x.name != y.name ||
            x.address != y.address) {
            return "location";
        }
    }
    if (a.contacts.size() != b.contacts.size()) return "contacts";
    for (std::size_t i = 0; i < a.contacts.size(); ++i) {
        if (a.contacts[i].name != b.contacts[i].name ||
            a.contacts[i].phones != b.contacts[i].phones) {
            return "contacts";
        }
    }
    return std::nullopt;
}

void check_message(const ekel::whatsapp::ParsedInbound& parsed) {
    const InboundMessage& m = parsed.message;
    require(!m.message_id.empty(), "a parsed message has no id");
    require(!m.phone_number_id.empty(), "a parsed message has no phone_number_id");
    require(!m.sender_key().empty(), "a parsed message has no sender");
    require(is_media(m.kind) == m.media.has_value(), "media present iff the kind is a media kind");
    require((m.kind == InboundKind::location) == m.location.has_value(),
            "location present iff the kind is location");
    if (m.location) {
        require(m.location->latitude >= -90 && m.location->latitude <= 90, "latitude range");
        require(m.location->longitude >= -180 && m.location->longitude <= 180, "longitude range");
    }
    if (m.kind == InboundKind::unsupported)
        require(!m.unsupported_type.empty(), "unsupported message without its type");

    require(is_valid_utf8(parsed.stored_json), "stored_json is not valid UTF-8");
    const auto rebuilt = ekel::whatsapp::parse_stored_inbound(parsed.stored_json);
    if (!rebuilt) fail("stored_json is refused: " + rebuilt.error().message);
    if (const auto field = first_difference(m, *rebuilt))
        fail("the message rebuilt from stored_json differs in " + std::string(*field));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const auto envelope = ekel::whatsapp::parse_envelope(body);
    if (!envelope) {
        const auto& problem = envelope.error();
        require(!problem.field.empty(), "a problem without a field");
        require(problem.message.starts_with(problem.field) ||
                    (problem.field == "body" && problem.message.starts_with("not valid JSON: ")),
                "a problem message that does not start with its path");
        // It is logged and kept in rejected_webhooks.
        require(is_valid_utf8(problem.message), "a problem message that is not valid UTF-8");
        return 0;
    }
    for (const auto& parsed : envelope->messages) check_message(parsed);
    for (const auto& status : envelope->statuses)
        require(!status.message_id.empty(), "a status without a message id");
    for (const auto& note : envelope->skipped)
        require(is_valid_utf8(note), "a skipped-item note that is not valid UTF-8");
    return 0;
}

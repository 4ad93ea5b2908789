#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "shared/domain/request_status.h"

namespace ekel::domain {

enum class Channel { whatsapp, walk_in };
std::string_view to_string(Channel channel);
std::optional<Channel> parse_channel(std::string_view text);

/// A citizen's letter request.
struct Request {
    std::int64_t id = 0;
    std::string code;  ///< public code, e.g. BLB-2611-0042
    std::optional<std::int64_t> resident_id;  ///< empty for newcomers not yet in the registry
    std::string applicant_name;
    std::string applicant_phone;
    std::string letter_type;
    std::string fields_json = "{}";
    std::string purpose;
    /// What was typed where it differs from the clean purpose and fields:
    /// {"purpose": "...", "fields": {"<key>": "..."}}.
    std::string original_text_json = "{}";
    RequestStatus status = RequestStatus::submitted;
    std::int64_t rt_id = 0;
    Channel channel = Channel::whatsapp;
    std::string created_at;
    std::string updated_at;
    std::optional<std::string> rt_decided_at;
    std::optional<std::string> escalated_at;
    std::optional<std::string> rt_pending_since;  ///< when it last reached the RT (filed or corrected)
    std::optional<std::string> rt_reminded_at;
    std::optional<std::string> issued_at;
    std::optional<std::string> closed_at;
};

enum class ActorKind { citizen, rt, staff, system };
std::string_view to_string(ActorKind kind);

/// Who did something: the audit trail names them.
struct Actor {
    ActorKind kind = ActorKind::system;
    std::string id;  ///< phone (masked in logs, not here), username, or "scheduler"
    std::string name = {};  ///< as shown to people, with the role then held: "Siti Rahma (Wakil Ketua RT 001)"
};

/// One line of a request's append-only audit trail.
struct RequestEvent {
    std::int64_t id = 0;
    std::int64_t request_id = 0;
    std::string at;
    Actor actor;
    std::string action;
    std::optional<RequestStatus> from_status;
    std::optional<RequestStatus> to_status;
    std::string note;
};

}  // namespace ekel::domain

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/util/error.h"

namespace ekel::domain {

/// Where a letter request stands. Text forms (to_string) are what the database stores.
///
///   submitted ──► rt_approved ──► issued ──► collected
///      │  ▲           │
///      │  └─ needs_revision ◄─┘ (RT or staff send it back; the citizen resubmits)
///      ├──► rt_rejected            rt_approved ──► rejected (by the kelurahan; also before the RT acts)
///      └──► cancelled (by the citizen, from any state before issue)
/// RT rejection is final: the citizen files a new request.
enum class RequestStatus {
    submitted,
    needs_revision,
    rt_approved,
    rt_rejected,
    rejected,
    issued,
    collected,
    cancelled,
};

std::string_view to_string(RequestStatus status);
std::optional<RequestStatus> parse_request_status(std::string_view text);
const std::vector<RequestStatus>& all_request_statuses();

/// Whether the state machine allows moving from `from` to `to`.
bool can_transition(RequestStatus from, RequestStatus to);

/// No further transition is possible.
bool is_final(RequestStatus status);

/// Citizen-facing words for a status, e.g. "menunggu persetujuan Ketua RT".
std::string_view describe_for_citizen(RequestStatus status);

/// Staff-facing words for a history entry's action ("rt_approved" -> "Disetujui RT"); an action
/// this does not know is returned as it is.
std::string_view describe_event(std::string_view action);

/// A transition the state machine forbids reached the domain: a programming error.
class InvalidTransition : public Error {
public:
    InvalidTransition(RequestStatus from, RequestStatus to);
};

}  // namespace ekel::domain

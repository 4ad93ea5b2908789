#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/config/config.h"
#include "shared/domain/request.h"
#include "shared/domain/requirement.h"
#include "shared/util/clock.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

struct NewRequest {
    std::optional<std::int64_t> resident_id;
    std::string applicant_name;
    std::string applicant_phone;
    std::string letter_type;
    std::string fields_json = "{}";
    std::string purpose;
    std::string original_text_json = "{}";  ///< what was typed where it differs (domain::Request)
    std::int64_t rt_id = 0;
    domain::Channel channel = domain::Channel::whatsapp;
    /// The checklist to store with the request (see initial_checklist); request ids are filled in.
    std::vector<domain::RequirementItem> requirements;
};

/// Files requests and moves them through the status machine. Every change and its audit event
/// are written in one transaction.
class RequestService {
public:
    RequestService(db::Store& store, const Clock& clock, const config::KelurahanProfile& kelurahan);

    /// Stores a new request in `submitted` with a fresh public code (BLB-2611-0042, month in the
    /// kelurahan's time zone), its requirement checklist and a "submitted" event.
    domain::Request submit(const NewRequest& request, const domain::Actor& actor);

    /// Moves a request to `to`, records the event with `note`, and sets the timestamps that go
    /// with the new status; an RT approval also ticks the checks it confirms (confirmed_by_rt).
    /// Throws InvalidTransition when the state machine forbids it (callers
    /// check can_transition first and answer people politely) and ekel::Error for an unknown id.
    domain::Request change_status(std::int64_t request_id, domain::RequestStatus to,
                                  const domain::Actor& actor, const std::string& note);

    /// The same two operations for callers that already hold a db::WriteTransaction (the
    /// conversation engine writes the request, its event and the reply in one transaction).
    domain::Request submit_in_transaction(const NewRequest& request, const domain::Actor& actor);
    domain::Request change_status_in_transaction(std::int64_t request_id, domain::RequestStatus to,
                                                 const domain::Actor& actor, const std::string& note);

    /// An audit event that changes no status (a refused attempt, a reminder, an escalation).
    void record_in_transaction(std::int64_t request_id, const domain::Actor& actor, const std::string& action,
                               const std::string& note);

private:
    void append_event(std::int64_t request_id, const std::string& at, const domain::Actor& actor,
                      const std::string& action, std::optional<domain::RequestStatus> from,
                      std::optional<domain::RequestStatus> to, const std::string& note);

    db::Store& store_;
    const Clock& clock_;
    const config::KelurahanProfile& kelurahan_;
};

/// "BLB-2611-0042": kelurahan code, two-digit year and month, a per-month number (4 digits,
/// more when a month passes 9999).
std::string format_request_code(const std::string& kelurahan_code, const std::string& period, int number);

}  // namespace ekel::services

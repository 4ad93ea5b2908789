#include "shared/services/request_service.h"

#include <fmt/format.h>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/requirement_checklist.h"
#include "shared/util/time.h"

namespace ekel::services {

using domain::RequestStatus;

RequestService::RequestService(db::Store& store, const Clock& clock,
                               const config::KelurahanProfile& kelurahan)
    : store_(store), clock_(clock), kelurahan_(kelurahan) {}

std::string format_request_code(const std::string& kelurahan_code, const std::string& period, int number) {
    return fmt::format("{}-{}-{:04d}", kelurahan_code, period, number);
}

void RequestService::record_in_transaction(std::int64_t request_id, const domain::Actor& actor,
                                           const std::string& action, const std::string& note) {
    append_event(request_id, format_utc(clock_.now()), actor, action, std::nullopt, std::nullopt, note);
}

void RequestService::append_event(std::int64_t request_id, const std::string& at, const domain::Actor& actor,
                                  const std::string& action, std::optional<RequestStatus> from,
                                  std::optional<RequestStatus> to, const std::string& note) {
    domain::RequestEvent event;
    event.request_id = request_id;
    event.at = at;
    event.actor = actor;
    event.action = action;
    event.from_status = from;
    event.to_status = to;
    event.note = note;
    store_.events.append(event);
}

domain::Request RequestService::submit(const NewRequest& input, const domain::Actor& actor) {
    db::WriteTransaction tx(store_.db());
    domain::Request request = submit_in_transaction(input, actor);
    tx.commit();
    return request;
}

domain::Request RequestService::change_status(std::int64_t request_id, RequestStatus to, const domain::Actor& actor,
                                              const std::string& note) {
    db::WriteTransaction tx(store_.db());
    domain::Request request = change_status_in_transaction(request_id, to, actor, note);
    tx.commit();
    return request;
}

domain::Request RequestService::submit_in_transaction(const NewRequest& input, const domain::Actor& actor) {
    const TimePoint now = clock_.now();
    const std::string now_text = format_utc(now);
    const std::string period = year_month_code(now, kelurahan_.utc_offset_minutes);

    domain::Request request;
    request.resident_id = input.resident_id;
    request.applicant_name = input.applicant_name;
    request.applicant_phone = input.applicant_phone;
    request.letter_type = input.letter_type;
    request.fields_json = input.fields_json;
    request.purpose = input.purpose;
    request.original_text_json = input.original_text_json;
    request.status = RequestStatus::submitted;
    request.rt_id = input.rt_id;
    request.channel = input.channel;
    request.created_at = now_text;
    request.updated_at = now_text;
    request.rt_pending_since = now_text;

    request.code = format_request_code(kelurahan_.code, period, store_.requests.next_code_number(period));
    store_.requests.insert(request);
    for (domain::RequirementItem item : input.requirements) {
        item.request_id = request.id;
        store_.requirements.insert(item);
    }
    append_event(request.id, now_text, actor, "submitted", std::nullopt, RequestStatus::submitted, "");
    return request;
}

domain::Request RequestService::change_status_in_transaction(std::int64_t request_id, RequestStatus to,
                                                             const domain::Actor& actor, const std::string& note) {
    const std::string now = format_utc(clock_.now());
    auto found = store_.requests.find_by_id(request_id);
    if (!found) throw Error("request " + std::to_string(request_id) + " does not exist");
    domain::Request request = *found;
    const RequestStatus from = request.status;
    if (!domain::can_transition(from, to)) throw domain::InvalidTransition(from, to);

    request.status = to;
    request.updated_at = now;
    switch (to) {
        case RequestStatus::rt_approved:
        case RequestStatus::rt_rejected:
            request.rt_decided_at = now;
            break;
        case RequestStatus::issued:
            request.issued_at = now;
            break;
        case RequestStatus::submitted:
            // Back with the RT after a correction: its clock for reminders starts again.
            request.rt_pending_since = now;
            request.rt_reminded_at.reset();
            request.escalated_at.reset();
            break;
        case RequestStatus::needs_revision:
            break;
        case RequestStatus::rejected:
        case RequestStatus::collected:
        case RequestStatus::cancelled:
            request.closed_at = now;
            break;
    }
    if (to == RequestStatus::rt_rejected) request.closed_at = now;
    store_.requests.update_status(request);
    append_event(request.id, now, actor, std::string(domain::to_string(to)), from, to, note);
    if (to == RequestStatus::rt_approved) {
        RequirementService(store_, clock_).tick_confirmed_by_rt_in_transaction(request.id, actor);
    }
    return request;
}

}  // namespace ekel::services

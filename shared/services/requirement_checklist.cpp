#include "shared/services/requirement_checklist.h"

#include <fmt/format.h>

#include "shared/db/store.h"
#include "shared/domain/request_status.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::services {

using domain::RequirementKind;
using domain::RequirementState;

namespace {

// The documents to bring share a WhatsApp list body (1024 characters) with the slot offer.
constexpr std::size_t kBringLimit = 600;

}  // namespace

std::vector<domain::RequirementItem> initial_checklist(const config::LetterType& type,
                                                       const std::map<int, RequirementAnswer>& answers) {
    std::vector<domain::RequirementItem> items;
    for (std::size_t i = 0; i < type.requirements.size(); ++i) {
        const config::LetterRequirement& requirement = type.requirements[i];
        domain::RequirementItem item;
        item.position = static_cast<int>(i);
        item.text = requirement.text;
        item.kind = requirement.kind;
        item.mandatory = requirement.mandatory;
        item.confirmed_by_rt = requirement.confirmed_by_rt;
        if (requirement.kind == RequirementKind::check) {
            item.state = RequirementState::check;
        } else if (auto answer = answers.find(item.position); answer != answers.end()) {
            item.state = answer->second.state;
            // Only what the catalogue allows: a sent document has its file, a mandatory one is not skipped.
            if (item.state == RequirementState::sent && answer->second.attachment_id) {
                item.attachment_id = answer->second.attachment_id;
            } else if (item.state == RequirementState::sent || item.state == RequirementState::check ||
                       (item.state == RequirementState::skipped && item.mandatory)) {
                item.state = RequirementState::at_office;
            }
        }
        items.push_back(std::move(item));
    }
    return items;
}

std::string checklist_lines(const std::vector<domain::RequirementItem>& items, bool documents_only) {
    std::string out;
    for (const auto& item : items) {
        if (documents_only && item.kind != RequirementKind::document) continue;
        if (!out.empty()) out += "\n";
        // The RT's approval is not something staff check by hand: say whose step it is.
        const std::string_view state = !item.confirmed_by_rt ? domain::describe(item.state)
                                       : item.is_ticked()    ? "disetujui Ketua RT"
                                                             : "menunggu persetujuan Ketua RT";
        out += fmt::format("• {}: {}", item.text, state);
    }
    return out;
}

std::vector<domain::RequirementItem> unticked_mandatory(const std::vector<domain::RequirementItem>& items) {
    std::vector<domain::RequirementItem> out;
    for (const auto& item : items) {
        if (item.mandatory && !item.is_ticked()) out.push_back(item);
    }
    return out;
}

std::string what_to_bring(const std::vector<domain::RequirementItem>& items) {
    std::string documents;
    for (const auto& item : items) {
        if (item.kind != RequirementKind::document || item.state != RequirementState::at_office || item.is_ticked()) {
            continue;
        }
        documents += "\n• " + item.text;
    }
    if (documents.empty()) return "Mohon bawa KTP-el asli.";
    return "Mohon bawa:\n• KTP-el asli" + truncate_utf8(documents, kBringLimit);
}

RequirementService::RequirementService(db::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

Result<domain::RequirementItem> RequirementService::set_ticked_in_transaction(std::int64_t request_id, int position,
                                                                              bool ticked,
                                                                              const domain::StaffUser& staff) {
    auto request = store_.requests.find_by_id(request_id);
    if (!request) return Result<domain::RequirementItem>::failure("request", "Permohonan tidak ditemukan.");
    if (domain::is_final(request->status)) {
        return Result<domain::RequirementItem>::failure(
            "requirement", fmt::format("Persyaratan tidak dapat diubah lagi: permohonan ini sudah {}.",
                                       domain::describe_for_citizen(request->status)));
    }
    auto item = store_.requirements.find(request_id, position);
    if (!item) return Result<domain::RequirementItem>::failure("requirement", "Persyaratan itu tidak ada.");
    if (item->is_ticked() == ticked) return *item;
    record_tick(*item, ticked, staff.username,
                {domain::ActorKind::staff, staff.username, staff.full_name.empty() ? staff.username : staff.full_name});
    return *item;
}

Result<std::size_t> RequirementService::tick_all_in_transaction(std::int64_t request_id,
                                                                const std::vector<int>& positions,
                                                                const domain::StaffUser& staff) {
    for (const int position : positions) {
        auto ticked = set_ticked_in_transaction(request_id, position, true, staff);
        if (!ticked) return Result<std::size_t>::failure(ticked.error().field, ticked.error().message);
    }
    return positions.size();
}

void RequirementService::tick_confirmed_by_rt_in_transaction(std::int64_t request_id, const domain::Actor& approver) {
    // The approval is on record: staff are not asked to tick what the system just recorded.
    for (auto& item : store_.requirements.for_request(request_id)) {
        if (item.confirmed_by_rt && !item.is_ticked()) {
            record_tick(item, true, approver.name.empty() ? approver.id : approver.name, approver);
        }
    }
}

void RequirementService::record_tick(domain::RequirementItem& item, bool ticked, const std::string& ticked_by,
                                     const domain::Actor& actor) {
    const std::string now = format_utc(clock_.now());
    if (ticked) {
        item.ticked_by = ticked_by;
        item.ticked_at = now;
    } else {
        item.ticked_by.reset();
        item.ticked_at.reset();
    }
    store_.requirements.set_tick(item.request_id, item.position, item.ticked_by, item.ticked_at);
    domain::RequestEvent event;
    event.request_id = item.request_id;
    event.at = now;
    event.actor = actor;
    event.action = ticked ? "requirement_ticked" : "requirement_unticked";
    event.note = item.text;
    store_.events.append(event);
}

}  // namespace ekel::services

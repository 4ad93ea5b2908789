#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/domain/request.h"
#include "shared/domain/requirement.h"
#include "shared/domain/staff.h"
#include "shared/util/clock.h"
#include "shared/util/result.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

/// The citizen's answer to one document of a letter type (from the chat or the desk form).
struct RequirementAnswer {
    domain::RequirementState state = domain::RequirementState::at_office;
    std::optional<std::int64_t> attachment_id;  ///< state sent
};

/// The checklist a new request starts with: every requirement of `type` in order; a document
/// takes its answer by position (brought to the office when unanswered), a check waits for staff.
/// request_id is left 0 for RequestService::submit to fill in.
std::vector<domain::RequirementItem> initial_checklist(const config::LetterType& type,
                                                       const std::map<int, RequirementAnswer>& answers = {});

/// "• Kartu Keluarga (KK): terkirim" per line ("menunggu persetujuan Ketua RT" / "disetujui Ketua
/// RT" for the check the RT's approval ticks); documents only when `documents_only`.
std::string checklist_lines(const std::vector<domain::RequirementItem>& items, bool documents_only = false);

/// The mandatory items no staff member has ticked yet, in order.
std::vector<domain::RequirementItem> unticked_mandatory(const std::vector<domain::RequirementItem>& items);

/// What the citizen brings when collecting the signed original: "Mohon bawa KTP-el asli." or,
/// with documents deferred to the office and not yet checked, a list that starts with the KTP-el.
std::string what_to_bring(const std::vector<domain::RequirementItem>& items);

/// Staff ticking a request's requirements as checked. Every change is a request event naming who.
class RequirementService {
public:
    RequirementService(db::Store& store, const Clock& clock);

    /// Ticks (or clears the tick of) the item at `position`. Inside the caller's write
    /// transaction. Fails politely for an unknown item or a closed request; a tick that is
    /// already so changes nothing and records nothing.
    Result<domain::RequirementItem> set_ticked_in_transaction(std::int64_t request_id, int position, bool ticked,
                                                              const domain::StaffUser& staff);

    /// Ticks every item at `positions` (the review form's boxes). Stops at the first refusal,
    /// which the caller answers by rolling the whole transaction back.
    Result<std::size_t> tick_all_in_transaction(std::int64_t request_id, const std::vector<int>& positions,
                                                const domain::StaffUser& staff);

    /// Ticks the checks an RT approval confirms (confirmed_by_rt), in the approver's name.
    void tick_confirmed_by_rt_in_transaction(std::int64_t request_id, const domain::Actor& approver);

private:
    /// Stores the tick (or its removal) of `item` and the history entry naming `actor`.
    void record_tick(domain::RequirementItem& item, bool ticked, const std::string& ticked_by,
                     const domain::Actor& actor);

    db::Store& store_;
    const Clock& clock_;
};

}  // namespace ekel::services

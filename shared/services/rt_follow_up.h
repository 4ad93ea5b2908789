#pragma once

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/util/clock.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

struct FollowUpReport {
    int reminded = 0;
    int escalated = 0;
    int digests = 0;

    int total() const { return reminded + escalated + digests; }
};

/// Keeps slow RTs moving: a reminder after workflow.rt_reminder_hours of office time without a
/// decision, escalation to the staff queue and the RW head after workflow.rt_escalation_hours,
/// and a daily digest to each RT head with requests waiting, from workflow.digest_hour on office
/// days. Nothing goes out at night, on days off or on holidays. Each step happens once: a
/// request is reminded and escalated once per time it reaches the RT, and an RT gets one digest
/// a day.
class RtFollowUp {
public:
    RtFollowUp(db::Store& store, const Clock& clock, const config::Config& config, const config::LetterCatalog& catalog);

    /// One pass at the clock's now. The caller holds the write transaction.
    FollowUpReport run();

private:
    db::Store& store_;
    const Clock& clock_;
    const config::Config& config_;
    const config::LetterCatalog& catalog_;
};

}  // namespace ekel::services

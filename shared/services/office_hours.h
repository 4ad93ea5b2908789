#pragma once

#include <optional>
#include <string>

#include "shared/config/config.h"
#include "shared/util/clock.h"
#include "shared/util/time.h"

namespace ekel::services {

/// The kelurahan's office time: days, hours and holidays from config, in its own time zone.
class OfficeHours {
public:
    OfficeHours(const config::WorkflowConfig& workflow, int utc_offset_minutes);

    bool is_open(TimePoint at) const;
    /// The next moment the office opens at or after `at` (itself when open).
    TimePoint next_opening(TimePoint at) const;
    /// "Senin, 30 November 2026 pukul 08.00 WITA".
    std::string describe(TimePoint at) const;
    /// "Senin–Jumat 08.00–16.00 WITA".
    std::string describe_schedule() const;

private:
    bool is_office_day(const LocalTime& local) const;

    const config::WorkflowConfig& workflow_;
    int utc_offset_minutes_;
    int opens_minute_;
    int closes_minute_;
};

/// "WIB", "WITA" or "WIT" for an offset in minutes.
std::string zone_abbreviation(int utc_offset_minutes);

}  // namespace ekel::services

#pragma once

#include <optional>
#include <string>
#include <vector>

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
    /// Office time that passes between two moments: nights, days off and holidays do not count.
    /// Counts at most a year of days, which is far past any reminder or escalation.
    std::chrono::minutes office_time_between(TimePoint from, TimePoint to) const;
    /// "Senin, 30 November 2026 pukul 08.00 WITA".
    std::string describe(TimePoint at) const;
    /// "Senin–Jumat 08.00–16.00 WITA".
    std::string describe_schedule() const;

    /// An office day (a working weekday that is not a holiday), in local time.
    bool is_office_day(const LocalTime& local) const;
    int utc_offset_minutes() const { return utc_offset_minutes_; }
    int opens_minute() const { return opens_minute_; }
    int closes_minute() const { return closes_minute_; }

private:
    /// Whether a local calendar day (days since 1970-01-01) is an office day; cheap, because the
    /// follow-up asks it for every day of every waiting request.
    bool is_office_day(std::chrono::sys_days local_day) const;

    const config::WorkflowConfig& workflow_;
    int utc_offset_minutes_;
    int opens_minute_;
    int closes_minute_;
    unsigned office_weekdays_ = 0;  ///< bit n set: ISO weekday n is a working day
    std::vector<std::chrono::sys_days> holidays_;  ///< sorted
};

/// "WIB", "WITA" or "WIT" for an offset in minutes.
std::string zone_abbreviation(int utc_offset_minutes);

}  // namespace ekel::services

#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "shared/domain/date.h"
#include "shared/util/clock.h"

namespace ekel {

/// "2026-11-27T21:04:07Z": how every timestamp is stored (UTC, sortable as text).
std::string format_utc(TimePoint at);
std::optional<TimePoint> parse_utc(std::string_view text);

/// Wall-clock reading in a fixed-offset zone (Indonesian zones have no daylight saving).
struct LocalTime {
    domain::CivilDate date;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int iso_weekday = 1;  ///< 1 = Monday … 7 = Sunday
};
LocalTime to_local(TimePoint at, int utc_offset_minutes);
/// The moment a local date and minute of the day happen, in a zone `utc_offset_minutes` east.
TimePoint local_to_utc(const domain::CivilDate& date, int minute_of_day, int utc_offset_minutes);
/// "08.00" for minute 480: how Indonesians write a time of day.
std::string clock_text(int minute_of_day);

/// "2611" for November 2026 in that zone: the period part of public codes (BLB-2611-0042,
/// ADU-2611-0001), whose counters restart every month.
std::string year_month_code(TimePoint at, int utc_offset_minutes);

}  // namespace ekel

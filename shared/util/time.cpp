#include "shared/util/time.h"

#include <chrono>
#include <cstdio>

namespace ekel {

using namespace std::chrono;

std::string format_utc(TimePoint at) {
    auto seconds = floor<std::chrono::seconds>(at);
    auto days = floor<std::chrono::days>(seconds);
    year_month_day ymd{days};
    hh_mm_ss hms{seconds - days};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buffer;
}

std::optional<TimePoint> parse_utc(std::string_view text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    char tail = 0;
    std::string copy(text);
    if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) != 7 ||
        tail != 'Z' || copy.size() != 20) {
        return std::nullopt;
    }
    if (!domain::is_valid_date(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) || h > 23 ||
        mi > 59 || s > 59) {
        return std::nullopt;
    }
    sys_days day = year_month_day{year(y), month(static_cast<unsigned>(mo)), std::chrono::day(static_cast<unsigned>(d))};
    return TimePoint(day) + hours(h) + minutes(mi) + seconds(s);
}

std::string year_month_code(TimePoint at, int utc_offset_minutes) {
    LocalTime local = to_local(at, utc_offset_minutes);
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%02d%02u", local.date.year % 100, local.date.month);
    return buffer;
}

TimePoint local_to_utc(const domain::CivilDate& date, int minute_of_day, int utc_offset_minutes) {
    sys_days day = year_month_day{year(date.year), month(date.month), std::chrono::day(date.day)};
    return TimePoint(day) + minutes(minute_of_day) - minutes(utc_offset_minutes);
}

std::string clock_text(int minute_of_day) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%02d.%02d", minute_of_day / 60, minute_of_day % 60);
    return buffer;
}

LocalTime to_local(TimePoint at, int utc_offset_minutes) {
    auto local = floor<seconds>(at) + minutes(utc_offset_minutes);
    auto days = floor<std::chrono::days>(local);
    year_month_day ymd{days};
    hh_mm_ss hms{local - days};
    LocalTime result;
    result.date = {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                   static_cast<unsigned>(ymd.day())};
    result.hour = static_cast<int>(hms.hours().count());
    result.minute = static_cast<int>(hms.minutes().count());
    result.second = static_cast<int>(hms.seconds().count());
    result.iso_weekday = static_cast<int>(weekday{days}.iso_encoding());
    return result;
}

}  // namespace ekel

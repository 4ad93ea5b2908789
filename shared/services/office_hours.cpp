#include "shared/services/office_hours.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "shared/util/time.h"

namespace ekel::services {

namespace {

int minutes_of(const std::string& hhmm) { return std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2)); }

std::chrono::sys_days local_day(const domain::CivilDate& date) {
    using namespace std::chrono;
    return sys_days(year(date.year) / month(date.month) / day(date.day));
}

}  // namespace

std::string zone_abbreviation(int utc_offset_minutes) {
    if (utc_offset_minutes == 7 * 60) return "WIB";
    if (utc_offset_minutes == 9 * 60) return "WIT";
    return "WITA";
}

OfficeHours::OfficeHours(const config::WorkflowConfig& workflow, int utc_offset_minutes)
    : workflow_(workflow),
      utc_offset_minutes_(utc_offset_minutes),
      opens_minute_(minutes_of(workflow.office_opens)),
      closes_minute_(minutes_of(workflow.office_closes)) {
    for (int day : workflow.office_days) office_weekdays_ |= 1u << day;
    for (const auto& text : workflow.holidays) {
        if (auto date = domain::parse_date(text)) holidays_.push_back(local_day(*date));
    }
    std::sort(holidays_.begin(), holidays_.end());
}

bool OfficeHours::is_office_day(std::chrono::sys_days day) const {
    const unsigned weekday = std::chrono::weekday(day).iso_encoding();
    return (office_weekdays_ & (1u << weekday)) != 0 && !std::binary_search(holidays_.begin(), holidays_.end(), day);
}

bool OfficeHours::is_office_day(const LocalTime& local) const { return is_office_day(local_day(local.date)); }

bool OfficeHours::is_open(TimePoint at) const {
    LocalTime local = to_local(at, utc_offset_minutes_);
    int minute = local.hour * 60 + local.minute;
    return is_office_day(local) && minute >= opens_minute_ && minute < closes_minute_;
}

TimePoint OfficeHours::next_opening(TimePoint at) const {
    if (is_open(at)) return at;
    using namespace std::chrono;
    // Walk forward day by day (holidays can chain) to that day's opening time.
    auto local_midnight = [&](TimePoint t) {
        auto shifted = floor<seconds>(t) + minutes(utc_offset_minutes_);
        return floor<days>(shifted);
    };
    auto day = local_midnight(at);
    for (int i = 0; i < 60; ++i, day += days(1)) {
        TimePoint opening = TimePoint(day) + minutes(opens_minute_) - minutes(utc_offset_minutes_);
        if (opening < at) continue;
        if (is_office_day(day)) return opening;
    }
    return at;
}

std::chrono::minutes OfficeHours::office_time_between(TimePoint from, TimePoint to) const {
    using namespace std::chrono;
    if (to <= from) return minutes(0);
    const auto offset = minutes(utc_offset_minutes_);
    auto day = floor<days>(floor<seconds>(from) + offset);
    const auto last_day = floor<days>(floor<seconds>(to) + offset);
    seconds total(0);
    for (int i = 0; day <= last_day && i < 366; ++i, day += days(1)) {
        if (!is_office_day(day)) continue;
        TimePoint opening = TimePoint(day) + minutes(opens_minute_) - offset;
        TimePoint closing = TimePoint(day) + minutes(closes_minute_) - offset;
        TimePoint start = std::max(opening, from);
        TimePoint end = std::min(closing, to);
        if (end > start) total += duration_cast<seconds>(end - start);
    }
    return duration_cast<minutes>(total);
}

std::string OfficeHours::describe(TimePoint at) const {
    LocalTime local = to_local(at, utc_offset_minutes_);
    return fmt::format("{}, {} pukul {} {}", domain::indonesian_day_name(local.iso_weekday),
                       domain::to_indonesian_long(local.date), clock_text(local.hour * 60 + local.minute),
                       zone_abbreviation(utc_offset_minutes_));
}

std::string OfficeHours::describe_schedule() const {
    std::vector<int> days = workflow_.office_days;
    std::sort(days.begin(), days.end());
    std::string day_text;
    bool contiguous = days.size() > 2 && days.back() - days.front() + 1 == static_cast<int>(days.size());
    if (contiguous) {
        day_text = std::string(domain::indonesian_day_name(days.front())) + "–" +
                   std::string(domain::indonesian_day_name(days.back()));
    } else {
        for (int d : days) day_text += (day_text.empty() ? "" : ", ") + std::string(domain::indonesian_day_name(d));
    }
    return fmt::format("{} {}–{} {}", day_text, clock_text(opens_minute_), clock_text(closes_minute_),
                       zone_abbreviation(utc_offset_minutes_));
}

}  // namespace ekel::services

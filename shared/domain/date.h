#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ekel::domain {

/// A calendar date without time zone (birth dates, event dates).
struct CivilDate {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;

    friend bool operator==(const CivilDate&, const CivilDate&) = default;
    friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

bool is_valid_date(int year, unsigned month, unsigned day);

/// Parses "1985-08-12" (ISO, as stored) and "12-08-1985" / "12/08/1985" (as Indonesians write it).
std::optional<CivilDate> parse_date(std::string_view text);

/// "1985-08-12", the storage form.
std::string to_iso(const CivilDate& date);

/// "12 Agustus 1985", the form printed on letters.
std::string to_indonesian_long(const CivilDate& date);

/// "Agustus" for 8; throws std::out_of_range outside 1..12.
std::string_view indonesian_month_name(unsigned month);

/// "Senin" for 1 … "Minggu" for 7 (ISO weekdays); throws std::out_of_range otherwise.
std::string_view indonesian_day_name(int iso_weekday);

/// 1 = Monday … 7 = Sunday.
int iso_weekday(const CivilDate& date);

/// The date `days` later (earlier when negative).
CivilDate add_days(const CivilDate& date, int days);

}  // namespace ekel::domain

#pragma once

#include <string>
#include <string_view>

#include "shared/domain/date.h"
#include "shared/util/result.h"

namespace ekel::domain {

enum class Sex { male, female };

/// The parts of a NIK (`PP RR DD TT BB YY SSSS`, domain.md §4). The region codes are the full
/// Kemendagri codes without dots, so they can be looked up directly: for 6474031208850001,
/// province "64", regency "6474", district "647403".
struct NikInfo {
    std::string province_code;
    std::string regency_code;
    std::string district_code;
    Sex sex;
    unsigned birth_day;  ///< the real day (1..31); the +40 for women is already removed
    unsigned birth_month;
    unsigned birth_year_2digit;
    unsigned serial;
};

/// Checks a NIK: exactly 16 ASCII digits (no trimming), a known province, regency and
/// district not 00, a day 01-31 (men) or 41-71 (women), a month 01-12, a date that exists in
/// 19YY or 20YY, and a serial other than 0000. Any region is accepted. Problems name "nik".
Result<NikInfo> parse_nik(std::string_view text);

/// Checks a No. KK: 16 ASCII digits, a known province, not one digit repeated, and a family
/// serial (last 4) other than 0000. Returns the digits. Problems name "kk".
Result<std::string> parse_kk(std::string_view text);

/// The birth date, in the latest century that does not put the birth year after
/// `reference_year` (YY 85 -> 1985; YY 10 with 2026 -> 2010). Throws std::invalid_argument if
/// the day and month can form no date (never for a NikInfo from parse_nik).
CivilDate nik_birth_date(const NikInfo& info, int reference_year);

/// Whether a stated birth date is the one coded in the NIK (day, month, two-digit year).
bool nik_matches_birth_date(const NikInfo& info, const CivilDate& birth_date);

}  // namespace ekel::domain

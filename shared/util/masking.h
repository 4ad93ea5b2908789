#pragma once

#include <string>
#include <string_view>

namespace ekel {

/// "************0001" for a NIK or No. KK: the last 4 of 16 or more ASCII digits stay visible.
/// Anything else (too short, spaces, letters) is masked entirely, one '*' per UTF-8 character,
/// so at most 4 characters are ever revealed.
std::string mask_nik(std::string_view text);

/// "6281*****7890": keeps the first 4 and last 4 digits of 9 or more ASCII digits (an optional
/// leading '+' is kept), so staff can tell two numbers apart. Anything else is masked entirely, one '*' per UTF-8 character.
std::string mask_phone(std::string_view text);

/// Masks each run of 12 or more ASCII digits in free text (a NIK, KK or phone number in a log
/// line), keeping the last 4 digits of the run; everything else is unchanged. Shorter runs and
/// numbers written with separators ("0812-3456-7890") are left alone.
std::string mask_digit_runs(std::string_view text);

}  // namespace ekel

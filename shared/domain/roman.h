#pragma once

#include <string>

namespace ekel::domain {

/// "MMXXVI" for 2026. Throws std::out_of_range outside 1..3999.
std::string to_roman(int value);

/// "XI" for 11, as in letter numbers (".../KEL-BLB/XI/2026"). Throws std::out_of_range outside
/// 1..12.
std::string roman_month(unsigned month);

}  // namespace ekel::domain

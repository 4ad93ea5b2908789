#pragma once

#include <string>
#include <string_view>

#include "shared/util/result.h"

namespace ekel::domain {

/// Turns an Indonesian phone number as people write it ("0812-3456-7890", "+62 812 3456 7890",
/// "(0812) 3456.7890") into E.164 digits without '+' ("6281234567890"). Separators: space, '-',
/// '.', '(' and ')'; one '+' only, before 62. The part after 62 must start with 1-9 and have 8
/// to 12 digits. Problems name "phone".
Result<std::string> normalize_phone(std::string_view text);

/// True for a normalised mobile number (62 8xx...).
bool is_mobile(std::string_view normalized);

}  // namespace ekel::domain

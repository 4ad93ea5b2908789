#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ekel {

std::string_view trim(std::string_view text);
/// ASCII lower case; other bytes (UTF-8) pass through unchanged.
std::string to_lower_ascii(std::string_view text);
std::string to_upper_ascii(std::string_view text);
bool is_all_digits(std::string_view text);
std::vector<std::string> split(std::string_view text, char separator);
/// At most max_bytes, cut before a UTF-8 character rather than inside one.
std::string truncate_utf8(const std::string& text, std::size_t max_bytes);

}  // namespace ekel

#pragma once

#include <fmt/format.h>

#include <string>

namespace ekel::bot {

/// "RT 005".
inline std::string rt_text(int number) { return fmt::format("RT {:03d}", number); }

/// A processing time in working days ("1 hari kerja", "3 hari kerja").
inline std::string duration_text(int hours) {
    if (hours <= 24) return "1 hari kerja";
    return fmt::format("{} hari kerja", (hours + 23) / 24);
}

}  // namespace ekel::bot

#pragma once

#include <string>

namespace ekel {

/// Sets up spdlog's default logger for a program ("ekel-bot", "ekel-office") at a level from config.
/// Log lines must never carry raw NIK, KK or phone numbers: pass them through shared/util/masking.h.
void init_logging(const std::string& program, const std::string& level);

}  // namespace ekel

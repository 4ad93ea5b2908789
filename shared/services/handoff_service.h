#pragma once

#include <cstdint>
#include <string>

#include "shared/config/config.h"
#include "shared/db/store.h"
#include "shared/util/clock.h"
#include "shared/util/result.h"

namespace ekel::services {

/// Staff answer a citizen who asked for a person on WhatsApp ("bicara dengan petugas"): the
/// answer goes to the citizen's phone (as the fallback template outside WhatsApp's 24-hour
/// window, like every message), the notice is closed and the answer audited. Opens its own
/// transaction. Problems name the field in Bahasa Indonesia.
Result<std::string> answer_citizen(db::Store& store, const config::Config& config, TimePoint now,
                                   std::int64_t notice_id, const std::string& staff, const std::string& answer);

}  // namespace ekel::services

#pragma once

#include <string>

#include "shared/config/config.h"
#include "shared/db/announcement_repository.h"
#include "shared/util/clock.h"
#include "shared/util/result.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

/// Publishes an announcement: stored for the bot's `info` answer until it expires, and sent to
/// every WhatsApp subscriber as the approved template (it may reach people outside the 24-hour
/// window), through the outbox and its rate limit. Opened its own transaction. Problems name the
/// field in Bahasa Indonesia.
Result<db::Announcement> publish_announcement(db::Store& store, const config::Config& config, TimePoint now,
                                              const std::string& text, const std::string& staff, int valid_days);

}  // namespace ekel::services

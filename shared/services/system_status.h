#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shared/config/config.h"
#include "shared/db/inbound_message_repository.h"
#include "shared/util/clock.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

/// What someone without IT training needs to see to know the system is healthy, and what to do
/// when it is not.
struct SystemStatus {
    std::uint64_t disk_free_bytes = 0;
    std::uint64_t disk_total_bytes = 0;
    std::uint64_t database_bytes = 0;  ///< the file plus its WAL
    std::string last_webhook_at;       ///< UTC, empty when none yet
    std::int64_t outbox_queued = 0;
    std::int64_t outbox_failed = 0;
    std::string outbox_oldest_queued_at;
    std::int64_t inbound_failed = 0;   ///< messages set aside after every attempt failed
    std::vector<db::FailedInbound> latest_inbound_failures;  ///< newest first, at most 5
    std::string token_invalid_since;   ///< empty when the WhatsApp token works
    std::string last_backup_at;        ///< UTC, empty when none yet
    int schema_version = 0;
    /// Problems, in Bahasa Indonesia with what to do; empty when all is well.
    std::vector<std::string> alerts;
};

/// Reads the status at `now`. Alerts: disk under 1 GB free, failed WhatsApp messages (in or out),
/// a rejected token, messages waiting over 15 minutes, no backup in the last 2 days.
SystemStatus read_system_status(db::Store& store, const config::Config& config, TimePoint now);

}  // namespace ekel::services

#include "shared/db/leader_lock.h"

#include <spdlog/spdlog.h>

namespace ekel::db {

LeaderLock::LeaderLock(ConnectionSettings database, std::int64_t key) : database_(std::move(database)), key_(key) {}

LeaderLock::~LeaderLock() = default;  // closing the session releases the lock

bool LeaderLock::held() {
    if (!is_postgresql_target(database_.path)) return true;
    try {
        if (!connection_) connection_ = open_connection(database_);
        if (held_) {
            // After a reconnect this is a new session without the lock.
            Statement still(*connection_,
                            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
                            " AND granted");
            still.executeStep();
            held_ = still.getColumn(0).getInt() > 0;
            if (held_) return true;
            spdlog::warn("leader lock {} was lost with the database session", key_);
        }
        Statement take(*connection_, "SELECT pg_try_advisory_lock(:key)");
        take.bind(":key", key_);
        take.executeStep();
        held_ = take.getColumn(0).getInt() == 1;
    } catch (const std::exception& e) {
        spdlog::warn("leader lock {}: {}", key_, e.what());
        connection_.reset();
        held_ = false;
    }
    return held_;
}

}  // namespace ekel::db

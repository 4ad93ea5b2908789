#pragma once

#include <cstdint>
#include <memory>

#include "shared/db/connection.h"

namespace ekel::db {

/// Lets one process of all those sharing a database do a job (the schedulers: RT follow-up,
/// collection reminders, surveys). SQLite: always held (one ekel-bot per database file).
/// PostgreSQL: a session advisory lock on a connection of its own, checked before every pass
/// and taken again after a reconnect (a new session does not have it), so when the leader dies
/// or loses the database another process takes over at its next pass.
class LeaderLock {
public:
    LeaderLock(ConnectionSettings database, std::int64_t key);
    ~LeaderLock();
    LeaderLock(const LeaderLock&) = delete;
    LeaderLock& operator=(const LeaderLock&) = delete;

    /// True when this process leads now (acquiring the lock if it is free).
    bool held();

private:
    ConnectionSettings database_;
    std::int64_t key_;
    std::unique_ptr<Connection> connection_;
    bool held_ = false;
};

/// The advisory lock keys of our jobs.
constexpr std::int64_t kSchedulerLeaderKey = 0x656b656c0001;

}  // namespace ekel::db

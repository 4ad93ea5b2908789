#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "shared/db/connection.h"

namespace ekel::db {

/// Channels on which processes sharing a PostgreSQL database wake each other.
constexpr const char* kInboundChannel = "ekel_inbound";  ///< messages stored, to be handled
constexpr const char* kOutboxChannel = "ekel_outbox";    ///< replies queued, to be sent

/// Tells the other processes about work on `channel` when the caller's transaction commits
/// (PostgreSQL NOTIFY; nothing on SQLite, where one process does the work).
void notify_on_commit(Connection& db, const char* channel);

/// Listens on a PostgreSQL database's channels from a thread of its own and calls the handler of
/// each notification. A hint only: workers still poll, since what is sent while the listener
/// reconnects is lost. Does nothing for an SQLite target.
class NotificationListener {
public:
    NotificationListener(ConnectionSettings database, std::map<std::string, std::function<void()>> handlers);
    ~NotificationListener();
    NotificationListener(const NotificationListener&) = delete;
    NotificationListener& operator=(const NotificationListener&) = delete;

private:
    void run();

    ConnectionSettings database_;
    std::map<std::string, std::function<void()>> handlers_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace ekel::db

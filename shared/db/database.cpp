#include "shared/db/database.h"

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <thread>

namespace ekel::db {

namespace {

constexpr auto kBusyPause = std::chrono::microseconds(100);

// SQLite's own busy handler sleeps in steps of up to 100 ms, so a writer waiting behind a short
// transaction of the other thread or process stalls far longer than the lock is held. Ours polls
// every 100 µs until the timeout.
int wait_briefly(void* timeout_ms, int attempts) {
    const auto limit = static_cast<std::intptr_t>(reinterpret_cast<std::uintptr_t>(timeout_ms));
    if (static_cast<std::intptr_t>(attempts) * kBusyPause.count() >= limit * 1000) return 0;
    std::this_thread::sleep_for(kBusyPause);
    return 1;
}

}  // namespace

SQLite::Database open_database(const std::string& path, int busy_timeout_ms) {
    return open_database(ConnectionSettings{path, busy_timeout_ms, true});
}

SQLite::Database open_database(const ConnectionSettings& settings) {
    const std::string& path = settings.path;
    const int busy_timeout_ms = settings.busy_timeout_ms;
    std::filesystem::path file(path);
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
                        busy_timeout_ms);
    sqlite3_busy_handler(db.getHandle(), wait_briefly,
                         reinterpret_cast<void*>(static_cast<std::uintptr_t>(busy_timeout_ms)));
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    db.exec("PRAGMA foreign_keys=ON");
    if (!settings.auto_checkpoint) db.exec("PRAGMA wal_autocheckpoint=0");
    return db;
}

}  // namespace ekel::db

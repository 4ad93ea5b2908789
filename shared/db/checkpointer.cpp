#include "shared/db/checkpointer.h"

#include <SQLiteCpp/Statement.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

namespace ekel::db {

namespace {

// Past this many WAL frames (4 KiB each) the log is restarted from its beginning, so it stops
// growing even when readers are always busy (a plain passive checkpoint can never rewind it then).
constexpr int kRestartFrames = 4096;
constexpr int kRestartPatienceMs = 10;

struct CheckpointResult {
    int log_frames = 0;
    int checkpointed_frames = 0;
};

CheckpointResult checkpoint(SQLite::Database& db, const char* mode) {
    SQLite::Statement query(db, std::string("PRAGMA wal_checkpoint(") + mode + ")");
    query.executeStep();
    return {query.getColumn(1).getInt(), query.getColumn(2).getInt()};
}

}  // namespace

Checkpointer::Checkpointer(ConnectionSettings database, std::chrono::milliseconds interval)
    : database_(std::move(database)), interval_(interval) {
    thread_ = std::thread([this] { run(); });
}

Checkpointer::~Checkpointer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void Checkpointer::run() {
    pthread_setname_np(pthread_self(), "ekel-checkpoint");
    try {
        // A short busy timeout: a RESTART that would wait long for readers is simply tried again
        // at the next interval, instead of holding up writers meanwhile.
        ConnectionSettings settings = database_;
        settings.busy_timeout_ms = kRestartPatienceMs;
        SQLite::Database db = open_database(settings);
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
            lock.unlock();
            try {
                // Copy pages while writers go on; only then, with nothing left to copy, the brief
                // RESTART that waits for readers to leave the log.
                CheckpointResult passive = checkpoint(db, "PASSIVE");
                if (passive.log_frames > kRestartFrames && passive.checkpointed_frames == passive.log_frames) {
                    checkpoint(db, "RESTART");
                }
            } catch (const std::exception& e) {
                spdlog::warn("WAL checkpoint failed: {}", e.what());
            }
            lock.lock();
        }
    } catch (const std::exception& e) {
        spdlog::error("WAL checkpointer stopped: {}", e.what());
    }
}

}  // namespace ekel::db

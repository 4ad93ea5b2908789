#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "shared/db/database.h"

namespace ekel::db {

/// Checkpoints the WAL from its own thread (PASSIVE: it never blocks writers), for processes
/// whose connections are opened with auto_checkpoint = false. Without it the WAL would grow
/// without bound; with SQLite's automatic checkpoints a webhook acknowledgement could wait for
/// a checkpoint's fsync.
class Checkpointer {
public:
    explicit Checkpointer(ConnectionSettings database,
                          std::chrono::milliseconds interval = std::chrono::milliseconds(200));
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

private:
    void run();

    ConnectionSettings database_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace ekel::db

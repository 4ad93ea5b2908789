#pragma once

#include <string>

namespace ekel::app {

/// An advisory lock beside the database file (`<db>.run.lock`). ekel-bot and ekel-office hold it
/// shared while they run; a restore needs it exclusively, so it cannot replace the database under
/// a running service. The kernel drops the lock when a process dies, so a crash never leaves it
/// stuck.
class RunLock {
public:
    enum class Mode { shared, exclusive };
    /// Tries once, without waiting; held() tells whether it was granted.
    RunLock(const std::string& database_path, Mode mode);
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

    bool held() const { return held_; }

private:
    int fd_ = -1;
    bool held_ = false;
};

}  // namespace ekel::app

#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "shared/config/config.h"
#include "shared/util/clock.h"

namespace ekel::office {

/// The daily backup inside ekel-office: once a day at database.backup_hour (local time) a
/// consistent copy goes to the backup directory and only database.backup_keep copies are kept.
/// Its time is recorded in meta (last_backup_at) for the status page and /healthz.
class BackupScheduler {
public:
    BackupScheduler(const config::Config& config, const Clock& clock);
    ~BackupScheduler();

    void start();
    void stop();

    /// Where backups go: database.backup_dir, or backups/ beside the database.
    static std::string directory(const config::Config& config);

private:
    void run();

    const config::Config& config_;
    const Clock& clock_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace ekel::office

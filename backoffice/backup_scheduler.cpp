#include "backoffice/backup_scheduler.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/backup.h"
#include "shared/util/time.h"

namespace ekel::office {

namespace {
constexpr auto kCheckEvery = std::chrono::minutes(1);
constexpr const char* kLastBackupDay = "last_backup_day";
}  // namespace

BackupScheduler::BackupScheduler(const config::Config& config, const Clock& clock) : config_(config), clock_(clock) {}

BackupScheduler::~BackupScheduler() { stop(); }

std::string BackupScheduler::directory(const config::Config& config) {
    if (!config.database.backup_dir.empty()) return config.database.backup_dir;
    return (std::filesystem::path(config.database.path).parent_path() / "backups").string();
}

void BackupScheduler::start() { thread_ = std::thread([this] { run(); }); }

void BackupScheduler::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void BackupScheduler::run() {
    pthread_setname_np(pthread_self(), "ekel-backup");
    while (true) {
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_for(lock, kCheckEvery, [this] { return stopping_; })) return;
        }
        try {
            // PostgreSQL is backed up by its cluster (pg_basebackup, WAL archiving), not by us.
            if (config_.database.on_postgresql()) return;
            const TimePoint now = clock_.now();
            const LocalTime local = to_local(now, config_.kelurahan.utc_offset_minutes);
            if (local.hour != config_.database.backup_hour) continue;
            const std::string today = domain::to_iso(local.date);
            db::Store store(config_.database.target(), config_.database.busy_timeout_ms);
            if (store.meta.get(kLastBackupDay).value_or("") == today) continue;
            const std::string dir = directory(config_);
            auto done = services::backup_database(
                config_.database.path,
                (std::filesystem::path(dir) / services::backup_file_name(now, config_.kelurahan.utc_offset_minutes)).string(),
                config_.database.busy_timeout_ms);
            auto removed = services::rotate_backups(dir, config_.database.backup_keep);
            db::WriteTransaction tx(store.db());
            store.meta.set(kLastBackupDay, today);
            store.meta.set(db::kLastBackupAtKey, format_utc(now));
            tx.commit();
            spdlog::info("daily backup {} ({} bytes, {:.1f} s), {} old backups removed", done.path, done.bytes,
                         done.seconds, removed.size());
        } catch (const std::exception& e) {
            // Tried again at the next check within the hour.
            spdlog::error("daily backup failed: {}", e.what());
        }
    }
}

}  // namespace ekel::office

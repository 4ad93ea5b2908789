#include "shared/services/backup.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "shared/app/run_lock.h"
#include "shared/db/database.h"
#include "shared/db/migrations.h"
#include "shared/util/error.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace fs = std::filesystem;

namespace {

// Pages copied per step: the source is read-locked only for a step at a time.
constexpr int kPagesPerStep = 256;

std::string integrity_of(SQLite::Database& db) {
    return db.execAndGet("PRAGMA integrity_check").getString();
}

}  // namespace

BackupResult backup_database(const std::string& database_path, const std::string& target_path, int busy_timeout_ms) {
    const auto started = std::chrono::steady_clock::now();
    const std::string partial = target_path + ".partial";
    fs::create_directories(fs::path(target_path).parent_path().empty() ? fs::path(".") : fs::path(target_path).parent_path());
    fs::remove(partial);
    BackupResult result;
    {
        SQLite::Database source = db::open_database(db::ConnectionSettings{database_path, busy_timeout_ms, false});
        SQLite::Database target(partial, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        SQLite::Backup backup(target, source);
        int rc;
        do {
            rc = backup.executeStep(kPagesPerStep);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        } while (rc != SQLITE_DONE);
        result.pages = backup.getTotalPageCount();
        // A backup file on its own: no WAL to carry around.
        target.exec("PRAGMA journal_mode=DELETE");
        const std::string check = integrity_of(target);
        if (check != "ok") throw Error("backup copy failed its integrity check: " + check);
    }
    fs::rename(partial, target_path);
    result.path = target_path;
    result.bytes = static_cast<std::int64_t>(fs::file_size(target_path));
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

std::string backup_file_name(TimePoint at, int utc_offset_minutes) {
    LocalTime local = to_local(at, utc_offset_minutes);
    return fmt::format("ekelurahan-{}-{:02d}{:02d}.db", domain::to_iso(local.date), local.hour, local.minute);
}

std::vector<std::string> rotate_backups(const std::string& dir, int keep) {
    std::vector<std::string> backups;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.rfind("ekelurahan-", 0) == 0 && entry.path().extension() == ".db") {
            backups.push_back(entry.path().string());
        }
    }
    std::sort(backups.begin(), backups.end());
    std::vector<std::string> removed;
    while (static_cast<int>(backups.size()) > std::max(keep, 1)) {
        fs::remove(backups.front());
        removed.push_back(backups.front());
        backups.erase(backups.begin());
    }
    return removed;
}

Result<int> check_backup(const std::string& path) {
    if (!fs::is_regular_file(path)) return Result<int>::failure("file", "Berkas cadangan " + path + " tidak ada.");
    try {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        const std::string check = integrity_of(db);
        if (check != "ok") return Result<int>::failure("file", "Berkas cadangan rusak: " + check);
        if (!db.tableExists("schema_migrations")) {
            return Result<int>::failure("file", "Berkas ini bukan cadangan E-Kelurahan (tidak ada tabel schema_migrations).");
        }
        const int version = db.execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").getInt();
        if (version > db::latest_schema_version()) {
            return Result<int>::failure("file", fmt::format("Cadangan ini dari versi program yang lebih baru (skema {}, "
                                                            "program ini mengenal sampai {}).",
                                                            version, db::latest_schema_version()));
        }
        return version;
    } catch (const std::exception& e) {
        return Result<int>::failure("file", std::string("Berkas cadangan tidak dapat dibaca sebagai SQLite: ") + e.what());
    }
}

Result<std::string> restore_database(const std::string& backup_path, const std::string& database_path, TimePoint now,
                                     int utc_offset_minutes) {
    auto checked = check_backup(backup_path);
    if (!checked) return Result<std::string>::failure(checked.error().field, checked.error().message);
    app::RunLock lock(database_path, app::RunLock::Mode::exclusive);
    if (!lock.held()) {
        return Result<std::string>::failure(
            "services", "ekel-bot atau ekel-office masih berjalan. Hentikan keduanya dulu, lalu jalankan restore lagi.");
    }
    std::string kept;
    if (fs::exists(database_path)) {
        kept = database_path + ".sebelum-restore-" + backup_file_name(now, utc_offset_minutes).substr(11, 15);
        backup_database(database_path, kept, 5000);
        // The WAL and shared-memory files belong to the database being replaced.
        fs::remove(database_path + "-wal");
        fs::remove(database_path + "-shm");
    }
    const std::string incoming = database_path + ".restoring";
    fs::copy_file(backup_path, incoming, fs::copy_options::overwrite_existing);
    fs::rename(incoming, database_path);
    return kept;
}

}  // namespace ekel::services

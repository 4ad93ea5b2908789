#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shared/util/clock.h"
#include "shared/util/result.h"

namespace ekel::services {

struct BackupResult {
    std::string path;
    std::int64_t bytes = 0;
    int pages = 0;
    double seconds = 0;
};

/// A consistent copy of the live database, made with SQLite's online backup API in steps of a
/// few hundred pages, so both services keep writing meanwhile. The copy is written to a
/// temporary name, checked with PRAGMA integrity_check, then renamed into place. Throws
/// ekel::Error when the copy cannot be made or is not sound.
BackupResult backup_database(const std::string& database_path, const std::string& target_path, int busy_timeout_ms);

/// "ekelurahan-2026-11-27-0200.db": sortable by name, in the kelurahan's local time.
std::string backup_file_name(TimePoint at, int utc_offset_minutes);

/// Keeps the `keep` newest backups (by name) in `dir`; returns the files removed.
std::vector<std::string> rotate_backups(const std::string& dir, int keep);

/// Checks a file before it may replace the database: it opens as SQLite, passes
/// PRAGMA integrity_check, and has our schema at a version this program knows. Returns the
/// schema version; the problem says what is wrong in Bahasa Indonesia.
Result<int> check_backup(const std::string& path);

/// Replaces the database with a checked backup. Refuses while ekel-bot or ekel-office runs (the
/// run lock). The current database is kept as `<db>.sebelum-restore-<stamp>`. Returns that path.
Result<std::string> restore_database(const std::string& backup_path, const std::string& database_path,
                                     TimePoint now, int utc_offset_minutes);

}  // namespace ekel::services

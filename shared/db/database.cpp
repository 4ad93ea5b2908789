#include "shared/db/database.h"

#include <filesystem>

namespace ekel::db {

SQLite::Database open_database(const std::string& path, int busy_timeout_ms) {
    std::filesystem::path file(path);
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX,
                        busy_timeout_ms);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    db.exec("PRAGMA foreign_keys=ON");
    return db;
}

}  // namespace ekel::db

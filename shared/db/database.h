#pragma once

#include <SQLiteCpp/Database.h>

#include <string>

namespace ekel::db {

/// How one of our connections to the database file is opened.
struct ConnectionSettings {
    std::string path;
    int busy_timeout_ms = 5000;
    /// When false, commits on this connection never checkpoint the WAL; a Checkpointer thread
    /// does it instead, so latency-sensitive writers never pay for a checkpoint.
    bool auto_checkpoint = true;
};

/// Opens (creating if needed, with its folder) the database with the settings every connection
/// of ours uses: WAL, foreign keys, a busy timeout so two processes share the file, and
/// synchronous=FULL so a committed row survives a power cut. Throws SQLite::Exception.
SQLite::Database open_database(const ConnectionSettings& settings);
SQLite::Database open_database(const std::string& path, int busy_timeout_ms = 5000);

}  // namespace ekel::db

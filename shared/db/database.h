#pragma once

#include <SQLiteCpp/Database.h>

#include <string>

#include "shared/db/connection.h"

namespace ekel::db {

/// SQLite: opens (creating if needed, with its folder) the database with the settings every connection
/// of ours uses: WAL, foreign keys, a busy timeout so two processes share the file, and
/// synchronous=FULL so a committed row survives a power cut. Throws SQLite::Exception.
SQLite::Database open_database(const ConnectionSettings& settings);
SQLite::Database open_database(const std::string& path, int busy_timeout_ms = 5000);

}  // namespace ekel::db

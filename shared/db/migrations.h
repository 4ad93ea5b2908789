#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/util/embedded_file.h"
#include "shared/util/error.h"

namespace SQLite {
class Database;
}

namespace ekel::db {

/// The migration files compiled into the binary, in file-name order (generated at build time).
std::vector<EmbeddedFile> embedded_migrations();

struct Migration {
    int version = 0;
    std::string name;
    std::string_view sql;
};

/// Migrations from files named NNNN_verb_object.sql; throws ekel::Error on a bad name or a gap.
std::vector<Migration> load_migrations(const std::vector<EmbeddedFile>& files);

/// Highest version this binary knows.
int latest_schema_version();

/// Version recorded in the database (0 for an empty one).
int schema_version(SQLite::Database& db);

/// When the first migration ran (UTC), i.e. when this database was installed; nullopt when none.
std::optional<std::string> installed_at(SQLite::Database& db);

/// Applies pending migrations in order, each in its own IMMEDIATE transaction (safe when two
/// processes start together). Returns how many were applied. Throws SchemaTooNew when the
/// database was migrated by a newer program, and SQLite::Exception when a migration fails
/// (that migration is rolled back; earlier ones stay).
int migrate(SQLite::Database& db, const std::vector<Migration>& migrations);
int migrate(SQLite::Database& db);

class SchemaTooNew : public Error {
public:
    using Error::Error;
};

}  // namespace ekel::db

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/util/embedded_file.h"
#include "shared/util/error.h"

#include "shared/db/connection.h"

namespace ekel::db {

/// The migration files compiled into the binary, in file-name order (generated at build time):
/// SQLite's from 0001, PostgreSQL's from its baseline (0017, the whole schema of that version;
/// later migrations exist once per engine with the same number).
std::vector<EmbeddedFile> embedded_migrations();
std::vector<EmbeddedFile> embedded_postgresql_migrations();

struct Migration {
    int version = 0;
    std::string name;
    std::string_view sql;
};

/// Migrations from files named NNNN_verb_object.sql, numbered from `first` without gaps; throws
/// ekel::Error on a bad name or a gap.
std::vector<Migration> load_migrations(const std::vector<EmbeddedFile>& files, int first = 1);

/// This binary's migrations for the engine.
std::vector<Migration> migrations_for(Engine engine);

/// Highest version this binary knows.
int latest_schema_version();

/// Version recorded in the database (0 for an empty one).
int schema_version(Connection& db);

/// When the first migration ran (UTC), i.e. when this database was installed; nullopt when none.
std::optional<std::string> installed_at(Connection& db);

/// Applies pending migrations in order, each in its own serialised write transaction (safe when
/// two processes start together). Returns how many were applied. Throws SchemaTooNew when the
/// database was migrated by a newer program, and DatabaseError when a migration fails (that
/// migration is rolled back; earlier ones stay). On PostgreSQL an empty database gets the
/// baseline; a database below the baseline cannot exist there.
int migrate(Connection& db, const std::vector<Migration>& migrations);
int migrate(Connection& db);

class SchemaTooNew : public Error {
public:
    using Error::Error;
};

}  // namespace ekel::db

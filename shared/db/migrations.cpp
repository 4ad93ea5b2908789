#include "shared/db/migrations.h"

#include <algorithm>
#include <chrono>

#include "shared/db/write_transaction.h"
#include "shared/util/time.h"

namespace ekel::db {

namespace {

void ensure_version_table(Connection& db) {
    db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
}

int read_version(Connection& db) {
    Statement query(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    query.executeStep();
    return query.getColumn(0).getInt();
}

}  // namespace

std::vector<Migration> load_migrations(const std::vector<EmbeddedFile>& files, int first) {
    std::vector<Migration> migrations;
    for (const EmbeddedFile& file : files) {
        std::string name(file.name);
        if (name.size() < 10 || name.substr(name.size() - 4) != ".sql" || name[4] != '_' ||
            !std::all_of(name.begin(), name.begin() + 4, [](char c) { return c >= '0' && c <= '9'; })) {
            throw Error("migration file " + name + " must be named NNNN_verb_object.sql");
        }
        migrations.push_back({std::stoi(name.substr(0, 4)), name.substr(5, name.size() - 9), file.bytes});
    }
    std::sort(migrations.begin(), migrations.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != static_cast<int>(i) + first) {
            throw Error("migrations must be numbered from " + std::to_string(first) + " without gaps; found " +
                        std::to_string(migrations[i].version) + " at position " + std::to_string(i + 1));
        }
    }
    return migrations;
}

namespace {

// The first line of a migration that copies a table to change it (see migrate()).
constexpr std::string_view kRebuildsTables = "-- rebuilds tables";

class ForeignKeysOff {
public:
    ForeignKeysOff(Connection& db, bool needed) : db_(db), needed_(needed) {
        if (needed_) db_.exec("PRAGMA foreign_keys=OFF");
    }
    ~ForeignKeysOff() {
        try {
            if (needed_) db_.exec("PRAGMA foreign_keys=ON");
        } catch (const std::exception&) {
            // The connection is closed by the caller on failure; nothing else uses it.
        }
    }
    ForeignKeysOff(const ForeignKeysOff&) = delete;
    ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

private:
    Connection& db_;
    bool needed_;
};

}  // namespace

// PostgreSQL starts at the schema SQLite reached with migration 0017 (see embedded_migrations).
constexpr int kPostgresqlBaseline = 17;

std::vector<Migration> migrations_for(Engine engine) {
    if (engine == Engine::postgresql) return load_migrations(embedded_postgresql_migrations(), kPostgresqlBaseline);
    return load_migrations(embedded_migrations());
}

int latest_schema_version() {
    static const int latest = static_cast<int>(load_migrations(embedded_migrations()).size());
    return latest;
}

std::optional<std::string> installed_at(Connection& db) {
    if (!db.tableExists("schema_migrations")) return std::nullopt;
    Statement query(db, "SELECT MIN(applied_at) FROM schema_migrations");
    if (!query.executeStep() || query.getColumn(0).isNull()) return std::nullopt;
    return query.getColumn(0).getString();
}

int schema_version(Connection& db) {
    if (!db.tableExists("schema_migrations")) return 0;
    return read_version(db);
}

int migrate(Connection& db, const std::vector<Migration>& migrations) {
    const bool sqlite = db.engine() == Engine::sqlite;
    {
        WriteTransaction tx(db);
        ensure_version_table(db);
        tx.commit();
    }
    const int known = migrations.empty() ? 0 : migrations.back().version;
    if (int current = read_version(db); current > known) {
        throw SchemaTooNew("the database is at schema version " + std::to_string(current) +
                           " but this program knows only up to " + std::to_string(known) +
                           "; use the newer program");
    }
    int applied = 0;
    for (const Migration& migration : migrations) {
        // SQLite's procedure for changing a table: foreign keys off (outside the transaction, where
        // the pragma has no effect), copy, drop, rename, and foreign_key_check before the commit.
        // With them on, dropping the old table would cascade into the rows that refer to it.
        const bool rebuilds = sqlite && migration.sql.find(kRebuildsTables) != std::string_view::npos;
        ForeignKeysOff foreign_keys_off(db, rebuilds);
        // Checked again inside the write lock: another process may have applied it meanwhile.
        WriteTransaction tx(db);
        if (migration.version <= read_version(db)) continue;
        db.exec(std::string(migration.sql));
        if (rebuilds) {
            Statement check(db, "PRAGMA foreign_key_check");
            if (check.executeStep()) {
                throw Error("migration " + std::to_string(migration.version) + " left a row of " +
                            check.getColumn(0).getString() + " pointing at a missing " +
                            check.getColumn(2).getString() + " row");
            }
        }
        Statement record(db,
                         "INSERT INTO schema_migrations (version, name, applied_at) "
                         "VALUES (:version, :name, :at)");
        record.bind(":version", migration.version);
        record.bind(":name", migration.name);
        record.bind(":at", format_utc(std::chrono::system_clock::now()));
        record.exec();
        tx.commit();
        ++applied;
    }
    return applied;
}

int migrate(Connection& db) { return migrate(db, migrations_for(db.engine())); }

}  // namespace ekel::db

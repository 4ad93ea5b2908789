#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "shared/db/connection.h"
#include "shared/db/database.h"
#include "shared/db/migrations.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("db");

using namespace ekel;

namespace {
// A new database on the engine this run tests (SQLite file, or PostgreSQL database).
std::unique_ptr<db::Connection> fresh(const test::TempDir& dir) {
    return db::open_connection({test::fresh_database(dir, "a.db"), 5000, true});
}
}  // namespace

TEST_CASE("migrating an empty database applies every migration and records the version") {
    test::TempDir dir;
    auto connection = fresh(dir);
    db::Connection& db = *connection;
    CHECK(db::schema_version(db) == 0);
    CHECK(db::migrate(db) == static_cast<int>(db::migrations_for(db.engine()).size()));
    CHECK(db::schema_version(db) == db::latest_schema_version());
    for (const char* table : {"residents", "rts", "rws", "requests", "request_events", "letters",
                              "staff_users", "inbound_messages", "outbound_messages", "kelurahan_profile"}) {
        CAPTURE(table);
        CHECK(db.tableExists(table));
    }
}

TEST_CASE("migrating an up-to-date database changes nothing") {
    test::TempDir dir;
    auto connection = fresh(dir);
    db::Connection& db = *connection;
    db::migrate(db);
    CHECK(db::migrate(db) == 0);
    db::Statement count(db, "SELECT MAX(version) FROM schema_migrations");
    REQUIRE(count.executeStep());
    CHECK(count.getColumn(0).getInt() == db::latest_schema_version());
}

TEST_CASE("a failing migration is rolled back alone and earlier ones stay") {
    test::TempDir dir;
    auto connection = fresh(dir);
    db::Connection& db = *connection;
    std::vector<EmbeddedFile> files = {
        {"0001_create_things.sql", "CREATE TABLE things (id INTEGER PRIMARY KEY);"},
        {"0002_break_things.sql", "CREATE TABLE more (id INTEGER); INSERT INTO nowhere VALUES (1);"},
    };
    auto migrations = db::load_migrations(files);
    CHECK_THROWS(db::migrate(db, migrations));
    CHECK(db::schema_version(db) == 1);
    CHECK(db.tableExists("things"));
    CHECK_FALSE(db.tableExists("more"));
}

TEST_CASE("a database from a newer program is refused") {
    test::TempDir dir;
    auto connection = fresh(dir);
    db::Connection& db = *connection;
    db::migrate(db);
    db.exec("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01T00:00:00Z')");
    CHECK_THROWS_AS(db::migrate(db), db::SchemaTooNew);
}

TEST_CASE("migration files must be numbered without gaps") {
    CHECK_THROWS_WITH(db::load_migrations({{"0001_a.sql", ""}, {"0003_c.sql", ""}}),
                      doctest::Contains("without gaps"));
    CHECK_THROWS_WITH(db::load_migrations({{"init.sql", ""}}), doctest::Contains("NNNN_verb_object.sql"));
}

TEST_CASE("the README's /healthz example shows the schema version a fresh install reports") {
    const std::string readme = test::read_text_file(test::repo_path("README.md"));
    const std::string example = "\"schema_version\":" + std::to_string(db::latest_schema_version()) + ",";
    CHECK(readme.find(example) != std::string::npos);
}

TEST_CASE("PostgreSQL's baseline is SQLite's schema at the same version") {
    // The PostgreSQL files start where SQLite's 0001-0017 end; later migrations come in pairs.
    const auto sqlite = db::migrations_for(db::Engine::sqlite);
    const auto postgresql = db::migrations_for(db::Engine::postgresql);
    REQUIRE_FALSE(postgresql.empty());
    CHECK(postgresql.back().version == sqlite.back().version);
    CHECK(postgresql.front().version == 17);
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("sqlite only: migrations");

TEST_CASE("connections use WAL, foreign keys and full synchronous writes") {
    test::TempDir dir;
    SQLite::Database db = db::open_database(dir.file("sub/folder/a.db"));
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 1);
    CHECK(db.execAndGet("PRAGMA synchronous").getInt() == 2);
}

TEST_CASE("0017 lets the city's accounts in without touching the sessions and devices of existing accounts") {
    test::TempDir dir;
    auto connection = db::open_connection({dir.file("a.db"), 5000, true});
    SQLite::Database& db = connection->sqlite();
    auto migrations = db::load_migrations(db::embedded_migrations());
    REQUIRE(migrations.size() >= 17);
    db::migrate(*connection, std::vector<db::Migration>(migrations.begin(), migrations.begin() + 16));
    db.exec("INSERT INTO staff_users (id, username, role, password_hash, created_at, updated_at)"
            " VALUES (7, 'lurah', 'lurah', 'h', 't', 't')");
    db.exec("INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, created_at, expires_at)"
            " VALUES ('s', 7, 'c', 't', 't')");
    CHECK_THROWS(db.exec("INSERT INTO staff_users (username, role, password_hash, created_at, updated_at)"
                         " VALUES ('camat', 'camat', 'h', 't', 't')"));
    db::migrate(*connection, migrations);
    // With foreign keys on, dropping the old table would have deleted the session with it.
    CHECK(db.execAndGet("SELECT COUNT(*) FROM staff_sessions WHERE staff_id = 7").getInt() == 1);
    CHECK(db.execAndGet("SELECT role FROM staff_users WHERE id = 7").getString() == "lurah");
    CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 1);
    db.exec("INSERT INTO staff_users (username, role, kecamatan, password_hash, created_at, updated_at)"
            " VALUES ('camat', 'camat', 'Bontang Barat', 'h', 't', 't')");
    CHECK_THROWS(db.exec("INSERT INTO staff_users (username, role, password_hash, created_at, updated_at)"
                         " VALUES ('camat2', 'camat', 'h', 't', 't')"));
    // The sessions still point at the (renamed) table: deleting the account ends them.
    db.exec("DELETE FROM staff_users WHERE id = 7");
    CHECK(db.execAndGet("SELECT COUNT(*) FROM staff_sessions").getInt() == 0);
}

TEST_SUITE_END();

#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "shared/db/database.h"
#include "shared/db/migrations.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("db");

using namespace ekel;

TEST_CASE("migrating an empty database applies every migration and records the version") {
    test::TempDir dir;
    SQLite::Database db = db::open_database(dir.file("a.db"));
    CHECK(db::schema_version(db) == 0);
    CHECK(db::migrate(db) == db::latest_schema_version());
    CHECK(db::schema_version(db) == db::latest_schema_version());
    for (const char* table : {"residents", "rts", "rws", "requests", "request_events", "letters",
                              "staff_users", "inbound_messages", "outbound_messages", "kelurahan_profile"}) {
        CAPTURE(table);
        CHECK(db.tableExists(table));
    }
}

TEST_CASE("migrating an up-to-date database changes nothing") {
    test::TempDir dir;
    SQLite::Database db = db::open_database(dir.file("a.db"));
    db::migrate(db);
    CHECK(db::migrate(db) == 0);
    SQLite::Statement count(db, "SELECT COUNT(*) FROM schema_migrations");
    REQUIRE(count.executeStep());
    CHECK(count.getColumn(0).getInt() == db::latest_schema_version());
}

TEST_CASE("connections use WAL, foreign keys and full synchronous writes") {
    test::TempDir dir;
    SQLite::Database db = db::open_database(dir.file("sub/folder/a.db"));
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 1);
    CHECK(db.execAndGet("PRAGMA synchronous").getInt() == 2);
}

TEST_CASE("a failing migration is rolled back alone and earlier ones stay") {
    test::TempDir dir;
    SQLite::Database db = db::open_database(dir.file("a.db"));
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
    SQLite::Database db = db::open_database(dir.file("a.db"));
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

TEST_SUITE_END();

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "shared/db/connection.h"
#include "shared/db/leader_lock.h"
#include "shared/db/migrations.h"
#include "shared/db/write_transaction.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_config.h"

// Runs on the engine of the pass: SQLite, and PostgreSQL in the "pg:" run.
TEST_SUITE_BEGIN("db");

using namespace ekel;
using namespace std::chrono_literals;

TEST_CASE("named parameters bind by name in any order, positional ones by position, quoted text untouched") {
    test::TempDir dir;
    const std::string target = test::fresh_database(dir);
    auto db = db::open_connection({target, 5000, true});
    // SQLite would read "$1" as a name in order of appearance; ours are :names on both engines.
    db::Statement named(*db, "SELECT :second || '-' || :first || ':not_a_parameter' || ' :neither'");
    named.bind(":first", "satu");
    named.bind(":second", "dua");
    REQUIRE(named.executeStep());
    CHECK(named.getColumn(0).getString() == "dua-satu:not_a_parameter :neither");

    db::Statement positional(*db, "SELECT CAST(? AS INTEGER) + CAST(? AS INTEGER), CAST(? AS TEXT) IS NULL");
    positional.bind(1, 40);
    positional.bind(2, std::int64_t{2});
    positional.bind(3);
    REQUIRE(positional.executeStep());
    CHECK(positional.getColumn(0).getInt64() == 42);
    CHECK(positional.getColumn(1).getInt() == 1);  // a boolean reads as 1 on both engines
    CHECK_FALSE(positional.executeStep());

    positional.reset();
    positional.bind(3, "x");
    REQUIRE(positional.executeStep());
    CHECK(positional.getColumn(1).getInt() == 0);
}

TEST_CASE("a failed statement is a DatabaseError naming the cause, and the transaction rolls back") {
    test::TempDir dir;
    auto db = db::open_connection({test::fresh_database(dir), 5000, true});
    db->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)");
    {
        db::WriteTransaction tx(*db);
        db->exec("INSERT INTO t (id, v) VALUES (1, 'a')");
        CHECK_THROWS_AS(db->exec("INSERT INTO t (id, v) VALUES (2, 'a')"), db::DatabaseError);
    }
    db::Statement count(*db, "SELECT COUNT(*) FROM t");
    REQUIRE(count.executeStep());
    CHECK(count.getColumn(0).getInt() == 0);
}

TEST_CASE("serialised write transactions of two connections take turns: the second sees the first's commit") {
    test::TempDir dir;
    const std::string target = test::fresh_database(dir);
    {
        auto db = db::open_connection({target, 5000, true});
        db->exec("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
        db->exec("INSERT INTO counter (id, n) VALUES (1, 0)");
    }
    // Read-then-write, the pattern of our counters and state machines: without the turns both
    // would read 0 and the counter would end at 1.
    auto increment = [&](std::chrono::milliseconds hold) {
        auto db = db::open_connection({target, 5000, true});
        db::WriteTransaction tx(*db);
        db::Statement read(*db, "SELECT n FROM counter WHERE id = 1");
        REQUIRE(read.executeStep());
        const std::int64_t n = read.getColumn(0).getInt64();
        std::this_thread::sleep_for(hold);
        db::Statement write(*db, "UPDATE counter SET n = :n WHERE id = 1");
        write.bind(":n", n + 1);
        write.exec();
        tx.commit();
    };
    std::thread first(increment, 300ms);
    std::this_thread::sleep_for(50ms);
    std::thread second(increment, 0ms);
    first.join();
    second.join();
    auto db = db::open_connection({target, 5000, true});
    db::Statement read(*db, "SELECT n FROM counter WHERE id = 1");
    REQUIRE(read.executeStep());
    CHECK(read.getColumn(0).getInt() == 2);
}

TEST_CASE("one process at a time leads the schedulers on PostgreSQL, and another takes over when it goes") {
    test::TempDir dir;
    const db::ConnectionSettings database{test::fresh_database(dir), 5000, true};
    auto first = std::make_unique<db::LeaderLock>(database, db::kSchedulerLeaderKey);
    db::LeaderLock second(database, db::kSchedulerLeaderKey);
    CHECK(first->held());
    if (!test::on_postgresql()) {
        CHECK(second.held());  // SQLite: one ekel-bot per database file, it always leads
        return;
    }
    CHECK_FALSE(second.held());
    CHECK(first->held());  // still, at its next pass
    first.reset();         // the leader's process ends: its session and lock go with it
    // The server ends the session a moment after the client goes; a scheduler asks every pass.
    bool taken_over = false;
    for (int pass = 0; pass < 50 && !taken_over; ++pass) {
        taken_over = second.held();
        if (!taken_over) std::this_thread::sleep_for(100ms);
    }
    CHECK(taken_over);
}

TEST_SUITE_END();

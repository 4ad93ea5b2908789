#include <doctest/doctest.h>

#include <thread>

#include "shared/db/store_pool.h"
#include "shared/util/error.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("db");

using namespace ekel;

TEST_CASE_FIXTURE(test::TempDatabase, "a thread holding a pooled handle is refused a second one instead of waiting") {
    db::StorePool pool(config.database.target(), 5000, 2);
    {
        auto first = pool.acquire();
        CHECK_THROWS_AS(pool.acquire(), Error);
        // Another thread may still take the second handle.
        bool other_thread_got_one = false;
        std::thread([&] {
            auto second = pool.acquire();
            other_thread_got_one = true;
        }).join();
        CHECK(other_thread_got_one);
    }
    // Once released, the same thread may borrow again, twice in a row.
    { auto again = pool.acquire(); }
    { auto and_again = pool.acquire(); }
}

TEST_SUITE_END();

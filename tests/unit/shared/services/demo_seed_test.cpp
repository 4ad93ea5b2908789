#include <doctest/doctest.h>

#include <SQLiteCpp/Statement.h>

#include "shared/db/store.h"
#include "shared/domain/nik.h"
#include "shared/services/demo_seed.h"
#include "shared/util/password.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("services");

using namespace ekel;

TEST_CASE_FIXTURE(test::TempDatabase, "demo data fills an empty registry once, with valid NIKs") {
    db::Store store(config.database.path, config.database.busy_timeout_ms);
    SystemClock clock;
    auto report = services::seed_demo(store, clock);
    CHECK(report.seeded);
    CHECK(report.rws == 3);
    CHECK(report.rts == 12);
    CHECK(report.residents >= 300);
    CHECK(report.residents < 310);
    CHECK(store.residents.count() == static_cast<std::int64_t>(report.residents));
    CHECK(store.meta.get("demo_data") == std::optional<std::string>("true"));

    SQLite::Statement all(store.db(), "SELECT nik, kk, sex, is_demo FROM residents");
    int checked = 0;
    while (all.executeStep()) {
        std::string nik = all.getColumn(0).getString();
        CAPTURE(nik);
        auto parsed = domain::parse_nik(nik);
        REQUIRE(parsed);
        CHECK((parsed->sex == domain::Sex::female) == (all.getColumn(2).getString() == "P"));
        CHECK(domain::parse_kk(all.getColumn(1).getString()));
        CHECK(all.getColumn(3).getInt() == 1);
        ++checked;
    }
    CHECK(checked == static_cast<int>(report.residents));

    auto rt1 = store.rts.find_by_number(1);
    REQUIRE(rt1);
    CHECK(rt1->head_name.find("(Demo)") != std::string::npos);
    CHECK_FALSE(rt1->head_phone.empty());

    auto admin = store.staff.find_by_username("admin");
    REQUIRE(admin);
    CHECK(verify_password(services::demo_accounts()[0].password, admin->password_hash));
    auto rt_user = store.staff.find_by_username("rt1");
    REQUIRE(rt_user);
    CHECK(rt_user->rt_id == rt1->id);

    auto again = services::seed_demo(store, clock);
    CHECK_FALSE(again.seeded);
    CHECK(store.residents.count() == static_cast<std::int64_t>(report.residents));
}

TEST_SUITE_END();

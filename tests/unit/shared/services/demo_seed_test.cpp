#include <doctest/doctest.h>

#include "backoffice/letters/letter_pdf.h"
#include "backoffice/letters/letter_signers.h"
#include "shared/config/letter_types.h"
#include "shared/db/connection.h"
#include "shared/db/store.h"
#include "shared/domain/nik.h"
#include "shared/services/demo_history.h"
#include "shared/services/demo_seed.h"
#include "shared/services/report_service.h"
#include "shared/util/password.h"
#include "shared/util/time.h"
#include "tests/support/sql_value.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("services");

using namespace ekel;

TEST_CASE_FIXTURE(test::TempDatabase, "demo data fills an empty registry once, with valid NIKs") {
    db::Store store(config.database.target(), config.database.busy_timeout_ms);
    SystemClock clock;
    auto report = services::seed_demo(store, clock);
    CHECK(report.seeded);
    CHECK(report.rws == 3);
    CHECK(report.rts == 12);
    CHECK(report.residents >= 300);
    CHECK(report.residents < 310);
    CHECK(store.residents.count() == static_cast<std::int64_t>(report.residents));
    CHECK(store.meta.get("demo_data") == std::optional<std::string>("true"));

    db::Statement all(store.db(), "SELECT nik, kk, sex, is_demo FROM residents");
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

TEST_CASE_FIXTURE(test::TempDatabase, "the demo history goes through the services: unique numbers, a PDF per letter, complete surveys, a report with figures") {
    db::Store store(config.database.target(), config.database.busy_timeout_ms);
    ManualClock clock(*parse_utc("2026-11-27T03:00:00Z"));
    REQUIRE(services::seed_demo(store, clock).seeded);
    const auto catalog = config::load_letter_types(test::repo_path("config/letter_types.toml"));
    int rendered = 0;
    const auto render = [&](const domain::LetterDocument& letter) {
        ++rendered;
        return office::render_letter_pdf(letter);
    };
    const auto signers = office::make_letter_signers(config, clock.now());
    auto history = services::seed_demo_history(store, config, catalog, render, signers, dir.file("letters"), clock.now());
    CHECK(history.requests > 80);  // those that would fall later today are left out
    CHECK(history.letters > 30);
    CHECK(history.collected > 5);
    CHECK(history.surveys > 10);
    CHECK(history.complaints == 6);
    CHECK(rendered == history.letters);

    auto count = [&](const std::string& sql) { return test::sql_value(store.db(), sql).getInt64(); };
    CHECK(count("SELECT COUNT(*) FROM letters") == history.letters);
    // Demo letters are signed like real ones.
    const std::string first_pdf = count("SELECT COUNT(*) FROM letters") > 0
                                      ? test::sql_value(store.db(), "SELECT pdf_path FROM letters LIMIT 1").getString()
                                      : "";
    CHECK(test::read_text_file(first_pdf).find("/ETSI.CAdES.detached") != std::string::npos);
    CHECK(count("SELECT COUNT(DISTINCT number) FROM letters") == history.letters);
    CHECK(count("SELECT MAX(sequence) FROM letters") == history.letters);  // one register, no gaps
    CHECK(count("SELECT COUNT(*) FROM requests WHERE status IN ('issued', 'collected')") == history.letters);
    CHECK(count("SELECT COUNT(*) FROM requests WHERE status = 'collected'") == history.collected);
    CHECK(count("SELECT COUNT(*) FROM ikm_surveys WHERE status = 'completed' AND u9 IS NOT NULL") == history.surveys);
    CHECK(count("SELECT COUNT(*) FROM requests WHERE created_at > '2026-11-27T03:00:00Z'") == 0);  // nothing in the future
    // Every step is in the audit trail at its own moment.
    CHECK(count("SELECT COUNT(*) FROM request_events WHERE to_status = 'issued'") == history.letters);
    // As in a real register, a later letter has a later number, and a later request a later code.
    CHECK(count("SELECT COUNT(*) FROM letters a JOIN letters b ON a.sequence < b.sequence"
                " WHERE a.issued_at > b.issued_at") == 0);
    CHECK(count("SELECT COUNT(*) FROM requests a JOIN requests b ON substr(a.code, 1, 8) = substr(b.code, 1, 8)"
                " AND a.code < b.code WHERE a.created_at > b.created_at") == 0);

    auto report = services::compute_report(store, config, catalog, services::month_period(2026, 11), clock.now());
    CHECK(report.types_total.filed > 0);
    CHECK(report.types_total.issued > 0);
    CHECK(report.ikm.respondents > 0);
}

TEST_SUITE_END();

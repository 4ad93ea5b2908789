#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "backoffice/office_app.h"
#include "shared/app/bootstrap.h"
#include <SQLiteCpp/SQLiteCpp.h>

#include "shared/db/store.h"
#include "shared/util/clock.h"
#include "tests/support/office_client.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_config.h"

// Upgrade in place: a database made by the release before city deployments (schema 16, the demo
// seeded by that release's own `ekel-office seed-demo`: tests/fixtures/release-16) becomes
// Kelurahan Belimbing of a city. Nothing is lost, and its letters, numbers and verification tokens
// keep working.

TEST_SUITE_BEGIN("sqlite only: city upgrade");

using namespace ekel;

namespace {

constexpr const char* kToken = "a1ff43668c065dea367394c819de538e";  // letter 400.12.2.1/001/KEL-BLB/XI/2026

std::map<std::string, std::int64_t> row_counts(const std::string& path) {
    SQLite::Database db(path);  // a plain connection: the file may still be at the old schema
    std::map<std::string, std::int64_t> counts;
    for (const char* table : {"residents", "resident_phones", "rts", "requests", "request_events", "letters",
                              "letter_sequences", "staff_users", "outbound_messages", "inbound_messages", "complaints",
                              "ikm_surveys", "collection_bookings", "request_requirements"}) {
        counts[table] = db.execAndGet(std::string("SELECT COUNT(*) FROM ") + table).getInt64();
    }
    return counts;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("a single-kelurahan database of the last release becomes one kelurahan of a city with nothing lost") {
    test::TempDir dir;
    const std::string old_db = dir.file("lama/ekelurahan.db");
    std::filesystem::create_directories(dir.file("lama"));
    std::filesystem::copy_file(test::repo_path("tests/fixtures/release-16/ekelurahan.sqlite3"), old_db);
    const auto before = row_counts(old_db);
    REQUIRE(before.at("letters") == 72);

    // Pointed at by the city file; the other kelurahan start empty.
    config::CityConfig city = test::test_city_config(dir, config::WhatsAppRouting::city_number, {{"BLB", old_db}});
    city.kelurahan[0].config.signing.trusted_certificates = {test::repo_path("tests/fixtures/release-16/sekretaris-ca.pem")};
    SystemClock clock;
    for (const auto& k : city.kelurahan) app::prepare_database(k.config, clock);
    app::prepare_database(city.city, clock);

    CHECK(row_counts(old_db) == before);
    {
        db::Store store(old_db, 5000);
        CHECK(store.db().sqlite().execAndGet("SELECT MAX(version) FROM schema_migrations").getInt() == 17);
        // The next letter continues the register: 72 were issued in the shared sequence.
        CHECK(store.db().sqlite().execAndGet("SELECT last_number FROM letter_sequences").getInt() == 72);
    }

    office::OfficeApp office(city, clock);
    const int port = office.start();
    // The QR codes printed before the upgrade point at the old address: the city's host finds them.
    for (const char* host : {"localhost", "blb.localhost"}) {
        test::OfficeClient visitor(port);
        visitor.extra_headers["Host"] = host;
        auto page = visitor.get(std::string("/verifikasi/") + kToken);
        CHECK(page.status == 200);
        CHECK(page.body.find("400.12.2.1/001/KEL-BLB/XI/2026") != std::string::npos);
    }
    // Another kelurahan's pages do not know it.
    test::OfficeClient other(port);
    other.extra_headers["Host"] = "knn.localhost";
    CHECK(other.get(std::string("/verifikasi/") + kToken).status == 404);

    // A PDF a citizen holds is still recognised byte for byte, at the city's upload check.
    test::OfficeClient citizen(port);
    citizen.extra_headers["Host"] = "localhost";
    const std::string pdf = read_file(test::repo_path(std::string("tests/fixtures/release-16/letters/") + kToken + ".pdf"));
    auto checked = citizen.upload("/verifikasi/periksa", {}, "berkas", "surat.pdf", pdf, "application/pdf");
    CHECK(checked.status == 200);
    CHECK(test::page_text(checked.body).find("sama persis") != std::string::npos);

    // The release's accounts still log in, at their kelurahan's host, and see their requests.
    test::OfficeClient lurah(port);
    lurah.extra_headers["Host"] = "blb.localhost";
    REQUIRE(lurah.login("lurah", "demo-belimbing"));
    auto list = lurah.get("/permohonan");
    CHECK(list.status == 200);
    CHECK(list.body.find("BLB-") != std::string::npos);
    office.stop();
}

TEST_CASE("a kelurahan pointed at another kelurahan's database is refused before anything is written") {
    test::TempDir dir;
    const std::string blb_db = dir.file("lama/ekelurahan.db");
    std::filesystem::create_directories(dir.file("lama"));
    std::filesystem::copy_file(test::repo_path("tests/fixtures/release-16/ekelurahan.sqlite3"), blb_db);
    config::CityConfig city = test::test_city_config(dir, config::WhatsAppRouting::city_number, {{"KNN", blb_db}});
    SystemClock clock;
    CHECK_THROWS_WITH(app::prepare_database(city.kelurahan[1].config, clock),
                      doctest::Contains("is the database of Kelurahan Belimbing (BLB), not of Kanaan (KNN)"));
    SQLite::Database db(blb_db);
    CHECK(db.execAndGet("SELECT code FROM kelurahan_profile").getString() == "BLB");
    CHECK(db.execAndGet("SELECT MAX(version) FROM schema_migrations").getInt() == 16);  // not migrated either
}

TEST_SUITE_END();

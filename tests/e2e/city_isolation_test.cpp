#include <doctest/doctest.h>

#include <filesystem>
#include <regex>

#include "backoffice/letters/letter_pdf.h"
#include "backoffice/letters/letter_signers.h"
#include "backoffice/office_app.h"
#include "shared/app/bootstrap.h"
#include "shared/config/letter_words.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/demo_history.h"
#include "shared/services/demo_seed.h"
#include "shared/services/staff_service.h"
#include "shared/util/clock.h"
#include "tests/support/sql_value.h"
#include "tests/support/office_client.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_config.h"

// The isolation matrix of a city deployment: for every route of a kelurahan's back office, a user
// of Kelurahan Belimbing (BLB) asking with Kelurahan Bontang Baru's (BTB) codes, tokens and ids
// gets nothing of Bontang Baru: the same answer as for an id nobody has, and no page, export, PDF
// or search result that shows it. Bontang Baru's own accounts see it at their own address. The
// matrix must name every route the site has: a new route fails this test until it is added.

TEST_SUITE_BEGIN("city isolation");

using namespace ekel;

namespace {

/// Markers only Bontang Baru's data carries: its codes, its unit code in letter numbers, its name.
const std::vector<std::string> kBontangBaru = {"BTB-", "KEL-BTB", "Bontang Baru", "BONTANG BARU", "ADU-BTB"};

struct CityOffice {
    CityOffice() : city(test::test_city_config(dir, config::WhatsAppRouting::city_number)) {
        for (std::size_t i = 0; i < city.kelurahan.size(); ++i) {
            const config::Config& k = city.kelurahan[i].config;
            app::prepare_database(k, clock);
            db::Store store(k.database.target(), 5000);
            REQUIRE(services::seed_demo(store, clock, static_cast<int>(i)).seeded);
            const auto letters = (std::filesystem::path(k.database.path).parent_path() / "letters").string();
            services::seed_demo_history(store, k, config::load_letter_catalog(k), office::render_letter_pdf,
                                        office::make_letter_signers(k, clock.now()), letters, clock.now(),
                                        static_cast<int>(i));
        }
        app::prepare_database(city.city, clock);
        db::Store store(city.city.database.target(), 5000);
        db::WriteTransaction tx(store.db());
        services::NewStaffUser camat;
        camat.username = "camat1";
        camat.role = "camat";
        camat.kecamatan = "Bontang Barat";
        camat.password = test::kPassword;
        camat.city_site = true;
        REQUIRE(services::add_staff_user(store, clock, camat).has_value());
        services::NewStaffUser kota = camat;
        kota.username = "kota";
        kota.role = "kota";
        kota.kecamatan.clear();
        REQUIRE(services::add_staff_user(store, clock, kota).has_value());
        tx.commit();
        office = std::make_unique<office::OfficeApp>(city, clock);
        port = office->start();
    }
    ~CityOffice() { office->stop(); }

    test::OfficeClient client(const std::string& host) {
        test::OfficeClient c(port);
        c.extra_headers["Host"] = host;
        return c;
    }

    std::string one(std::size_t kelurahan, const std::string& sql) {
        db::Store store(city.kelurahan[kelurahan].config.database.target(), 5000);
        return test::sql_value(store.db(), sql).getString();
    }

    /// What a back office may change, summed up: a POST of Belimbing's must leave it as it was.
    std::string state_of(std::size_t kelurahan) {
        return one(kelurahan,
                   "SELECT (SELECT COUNT(*) FROM request_events) || '/' || (SELECT COUNT(*) FROM requests WHERE status = "
                   "'cancelled' OR status = 'rejected') || '/' || (SELECT COUNT(*) FROM letters WHERE revoked_at IS NOT "
                   "NULL) || '/' || (SELECT COUNT(*) FROM complaint_replies) || '/' || (SELECT COUNT(*) FROM "
                   "outbound_messages) || '/' || (SELECT full_name FROM residents WHERE id = 1) || ',' || (SELECT "
                   "full_name FROM residents WHERE id = 2) || ',' || (SELECT full_name FROM residents WHERE id = 3)");
    }

    test::TempDir dir;
    config::CityConfig city;
    SystemClock clock;
    std::unique_ptr<office::OfficeApp> office;
    int port = 0;
};

bool shows_bontang_baru(const std::string& body) {
    for (const auto& marker : kBontangBaru) {
        if (body.find(marker) != std::string::npos) return true;
    }
    return false;
}

/// The page without the search words the user typed, which a search page shows back in its box.
std::string without_echo(std::string body, const std::string& path) {
    const auto q = path.find("?q=");
    if (q == std::string::npos) return body;
    const std::string typed = path.substr(q + 3);
    for (auto at = body.find(typed); at != std::string::npos; at = body.find(typed)) body.erase(at, typed.size());
    return body;
}

struct Probe {
    std::string method;
    std::string path;     ///< with Bontang Baru's identifier where the route takes one
    std::string unknown;  ///< the same route with an identifier nobody has ("" when it takes none)
};

}  // namespace

TEST_CASE("no route of one kelurahan's back office reaches another kelurahan's data") {
    CityOffice c;
    const std::string btb_request = c.one(2, "SELECT code FROM requests WHERE status = 'issued' ORDER BY id LIMIT 1");
    const std::string btb_approved = c.one(2, "SELECT code FROM requests ORDER BY id DESC LIMIT 1");
    const std::string btb_token = c.one(2, "SELECT verification_token FROM letters ORDER BY id LIMIT 1");
    const std::string btb_complaint = c.one(2, "SELECT code FROM complaints ORDER BY id LIMIT 1");
    const std::string btb_resident_name = c.one(2, "SELECT full_name FROM residents ORDER BY id LIMIT 1");
    REQUIRE(btb_request.rfind("BTB-", 0) == 0);
    REQUIRE(btb_complaint.rfind("ADU-BTB-", 0) == 0);
    REQUIRE(btb_token.size() == 32);
    // Ids that exist only in Bontang Baru's database: beyond Belimbing's last.
    const std::string btb_only_resident =
        c.one(2, "SELECT COALESCE(MAX(id), 0) + 1000000 FROM residents");  // nobody has it in Belimbing either
    const std::string unknown_token(32, 'f');

    const std::vector<Probe> probes = {
        {"GET", "/", ""},
        {"GET", "/login", ""},
        {"GET", "/static/app.css", ""},
        {"GET", "/permohonan?q=" + btb_request, ""},
        {"GET", "/permohonan?q=BTB", ""},
        {"GET", "/permohonan/" + btb_request, "/permohonan/BTB-2611-9999"},
        {"GET", "/lampiran/1", "/lampiran/999999"},
        {"GET", "/loket", ""},
        {"GET", "/loket/baru", ""},
        {"GET", "/penduduk?q=" + btb_resident_name, ""},
        {"GET", "/penduduk/" + btb_only_resident, "/penduduk/999999999"},
        {"GET", "/rt/1", ""},  // RT numbers are each kelurahan's own: this is Belimbing's RT 1
        {"GET", "/impor", ""},
        {"GET", "/status", ""},
        {"GET", "/aduan", ""},
        {"GET", "/aduan/" + btb_complaint, "/aduan/ADU-BTB-2611-9999"},
        {"GET", "/pengumuman", ""},
        {"GET", "/pengambilan", ""},
        {"GET", "/laporan", ""},
        {"GET", "/laporan/unduh?format=xlsx", ""},
        {"GET", "/laporan/unduh?format=csv&tabel=per-rt", ""},
        {"GET", "/surat/tandatangani", ""},
        {"GET", "/surat/" + btb_token + ".pdf", "/surat/" + unknown_token + ".pdf"},
        {"GET", "/verifikasi", ""},
        {"GET", "/verifikasi/" + btb_token, "/verifikasi/" + unknown_token},
        {"POST", "/permohonan/" + btb_approved + "/tolak", "/permohonan/BTB-2611-9999/tolak"},
        {"POST", "/permohonan/" + btb_approved + "/terbitkan", "/permohonan/BTB-2611-9999/terbitkan"},
        {"POST", "/permohonan/" + btb_approved + "/syarat", "/permohonan/BTB-2611-9999/syarat"},
        {"POST", "/permohonan/" + btb_request + "/diambil", "/permohonan/BTB-2611-9999/diambil"},
        {"POST", "/pengambilan/" + btb_request + "/diambil", "/pengambilan/BTB-2611-9999/diambil"},
        {"POST", "/surat/" + btb_token + "/cabut", "/surat/" + unknown_token + "/cabut"},
        {"POST", "/aduan/" + btb_complaint, "/aduan/ADU-BTB-2611-9999"},
        {"POST", "/aduan/baru", ""},
        {"POST", "/penduduk/" + btb_only_resident, "/penduduk/999999999"},
        {"POST", "/rt/1", ""},
        {"POST", "/warga-minta-petugas/1/balas", "/warga-minta-petugas/999999/balas"},
        {"POST", "/loket/baru", ""},
        {"POST", "/pengumuman", ""},
        {"POST", "/impor", ""},
        {"POST", "/surat/tandatangani", ""},
        {"POST", "/verifikasi/periksa", ""},
        {"POST", "/login", ""},
        {"POST", "/logout", ""},
    };

    // Every route of the site is probed.
    for (const auto& route : c.office->kelurahan_routes()) {
        const auto space = route.find(' ');
        const std::string method = route.substr(0, space);
        const std::regex pattern(route.substr(space + 1));
        const bool probed = std::any_of(probes.begin(), probes.end(), [&](const Probe& p) {
            return p.method == method && std::regex_match(p.path.substr(0, p.path.find('?')), pattern);
        });
        CHECK_MESSAGE(probed, "no isolation probe for ", route);
    }

    const std::string btb_before = c.state_of(2);
    for (const char* role : {"admin", "lurah"}) {
        auto blb = c.client("blb.localhost");
        REQUIRE(blb.login(role, "demo-belimbing"));
        for (const auto& probe : probes) {
            if (probe.path == "/logout") continue;  // ends the session the other probes use
            CAPTURE(role);
            CAPTURE(probe.path);
            blb.get("/");  // a fresh CSRF token for the forms
            const auto page = probe.method == "GET" ? blb.get(probe.path) : blb.post(probe.path, {{"konfirmasi", "ya"}});
            CHECK_FALSE(shows_bontang_baru(without_echo(page.body, probe.path)));
            CHECK_FALSE(shows_bontang_baru(page.location));
            if (!probe.unknown.empty()) {
                blb.get("/");
                const auto unknown =
                    probe.method == "GET" ? blb.get(probe.unknown) : blb.post(probe.unknown, {{"konfirmasi", "ya"}});
                CHECK(page.status == unknown.status);  // the same neutral answer as for an id nobody has
            }
        }
    }
    CHECK(c.state_of(2) == btb_before);

    // Belimbing's session is nothing at Bontang Baru's address.
    auto blb = c.client("blb.localhost");
    REQUIRE(blb.login("admin", "demo-belimbing"));
    auto at_btb = c.client("btb.localhost");
    at_btb.cookie = blb.cookie;
    for (const auto& probe : probes) {
        if (probe.method != "GET" || probe.path == "/login" || probe.path == "/static/app.css" ||
            probe.path.rfind("/verifikasi", 0) == 0) {
            continue;
        }
        CAPTURE(probe.path);
        const auto page = at_btb.get(probe.path);
        CHECK(page.location == "/login");
        CHECK_FALSE(shows_bontang_baru(page.body));
    }

    // Bontang Baru's own admin does see its request, at its own address.
    auto btb = c.client("btb.localhost");
    REQUIRE(btb.login("admin", "demo-belimbing"));
    CHECK(btb.get("/permohonan/" + btb_request).body.find(btb_request) != std::string::npos);
}

TEST_CASE("a camat reads the kelurahan of their kecamatan only, and only on the city's pages") {
    CityOffice c;
    auto camat = c.client("localhost");
    REQUIRE(camat.login("camat1", test::kPassword));
    const auto home = camat.get("/");
    CHECK(home.status == 200);
    CHECK(home.body.find("Belimbing") != std::string::npos);
    CHECK(home.body.find("Kanaan") != std::string::npos);
    CHECK_FALSE(shows_bontang_baru(home.body));
    CHECK_FALSE(shows_bontang_baru(camat.get("/permohonan").body));
    const auto report = camat.get("/laporan");
    CHECK(report.status == 200);
    CHECK(report.body.find("Kanaan") != std::string::npos);
    CHECK_FALSE(shows_bontang_baru(report.body));
    for (const char* table : {"per-kelurahan", "per-kecamatan"}) {
        const auto csv = camat.get(std::string("/laporan/unduh?format=csv&tabel=") + table);
        CHECK(csv.status == 200);
        CHECK(csv.body.find("Bontang Barat") != std::string::npos);
        CHECK_FALSE(shows_bontang_baru(csv.body));
        CHECK(csv.body.find("Bontang Utara") == std::string::npos);
    }
    CHECK(camat.get("/kelurahan").status == 403);  // kota_admin only

    // The city's account reads every kelurahan, pooled per kecamatan.
    auto kota = c.client("localhost");
    REQUIRE(kota.login("kota", test::kPassword));
    const auto city_csv = kota.get("/laporan/unduh?format=csv&tabel=per-kecamatan");
    CHECK(city_csv.body.find("Bontang Barat") != std::string::npos);
    CHECK(city_csv.body.find("Bontang Utara") != std::string::npos);
    CHECK(kota.get("/").body.find("Bontang Baru") != std::string::npos);

    // A city account is unknown at a kelurahan's address, even with its cookie.
    auto at_blb = c.client("blb.localhost");
    at_blb.cookie = camat.cookie;
    CHECK(at_blb.get("/permohonan").location == "/login");
    CHECK_FALSE(at_blb.login("camat1", test::kPassword));
}

TEST_SUITE_END();

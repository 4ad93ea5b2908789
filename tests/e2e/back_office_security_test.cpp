#include <httplib.h>

#include <doctest/doctest.h>

#include <string>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/request_service.h"
#include "shared/services/staff_service.h"
#include "tests/support/office_client.h"

// The back office's own guards, tried from outside as an attacker or a careless colleague would.

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using domain::RequestStatus;
using test::kPassword;
using test::OfficeClient;
using test::OfficeFixture;
using test::page_text;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// Restarts the fixture's ekel-office with `proxies` as its trusted reverse proxies.
void restart_behind(OfficeFixture& f, std::vector<std::string> proxies) {
    f.office->stop();
    f.h.config.office.trusted_proxies = std::move(proxies);
    f.office = std::make_unique<office::OfficeApp>(f.h.config, f.h.clock);
    f.port = f.office->start();
}

int login_status(OfficeClient& client, const std::string& username, const std::string& password) {
    client.login(username, password);
    return client.last.status;
}

}  // namespace

TEST_CASE_FIXTURE(OfficeFixture, "every answer of ekel-office carries the security headers, errors and health check included") {
    httplib::Client client("127.0.0.1", port);
    for (const char* path : {"/healthz", "/tidak-ada", "/verifikasi/tidak-dikenal", "/static/app.css", "/login"}) {
        CAPTURE(path);
        auto res = client.Get(path);
        REQUIRE(res);
        CHECK(contains(res->get_header_value("Content-Security-Policy"), "default-src 'none'"));
        CHECK(res->get_header_value("X-Frame-Options") == "DENY");
        CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
        CHECK(res->get_header_value_count("Cache-Control") == 1);
        CHECK(res->get_header_value("Cache-Control") ==
              (std::string(path) == "/static/app.css" ? "max-age=3600" : "no-store"));
    }
    auto failed = client.Post("/login", httplib::Params{{"username", "lurah"}, {"password", "salah-sekali-1"}});
    REQUIRE(failed);
    CHECK(failed->status == 401);
    CHECK(failed->get_header_value("X-Frame-Options") == "DENY");
}

TEST_CASE_FIXTURE(OfficeFixture, "an RT account cannot approve its own request from the web, as on WhatsApp") {
    std::string own;
    {
        db::Store store(h.config.database.path, 5000);
        services::RequestService requests(store, h.clock, h.config.kelurahan);
        services::NewRequest r;
        r.applicant_name = "Budi Santoso";
        r.applicant_phone = "628110000021";  // the head of RT 2 (tests/fixtures/csv/rt_good.csv)
        r.letter_type = "domisili";
        r.purpose = "melamar kerja";
        r.rt_id = store.rts.find_by_number(2)->id;
        own = requests.submit(r, {domain::ActorKind::citizen, r.applicant_phone}).code;
    }
    OfficeClient rt(port);
    REQUIRE(rt.login("rt2", kPassword));
    rt.get("/permohonan/" + own);
    auto refused = rt.post("/permohonan/" + own + "/setujui");
    CHECK(contains(page_text(refused.body), "ajukan sendiri"));
    CHECK(request(own).status == RequestStatus::submitted);
    db::Store store(h.config.database.path, 5000);
    auto last = store.events.list_for(request(own).id).back();
    CHECK(last.action == "rt_action_refused");
    CHECK(last.actor.id == "web:rt2");
}

TEST_CASE_FIXTURE(OfficeFixture, "a password reset ends every session of the account at once") {
    OfficeClient first(port);
    OfficeClient second(port);
    REQUIRE(first.login("operator", kPassword));
    REQUIRE(second.login("operator", kPassword));
    REQUIRE(first.get("/permohonan").status == 200);
    {
        db::Store store(h.config.database.path, 5000);  // what `ekel-office add-user operator` does
        db::WriteTransaction tx(store.db());
        REQUIRE(services::add_staff_user(store, h.clock,
                                         {"operator", "Petugas operator", "operator", std::nullopt, "kata-sandi-baru-2"})
                    .has_value());
        tx.commit();
    }
    for (OfficeClient* client : {&first, &second}) {
        auto page = client->get("/permohonan");
        CHECK(page.status == 303);
        CHECK(page.location == "/login");
    }
    OfficeClient again(port);
    CHECK_FALSE(again.login("operator", kPassword));
    CHECK(again.login("operator", "kata-sandi-baru-2"));
}

TEST_CASE_FIXTURE(OfficeFixture, "logout ends the session named ekel_session, not one whose name merely contains it") {
    OfficeClient staff(port);
    REQUIRE(staff.login("operator", kPassword));
    const std::string real = staff.cookie;
    staff.get("/permohonan");
    staff.cookie = "x_ekel_session=" + std::string(64, 'a') + "; " + real;
    CHECK(staff.post("/logout").location == "/login");
    staff.cookie = real;
    auto after = staff.get("/permohonan");
    CHECK(after.status == 303);
    CHECK(after.location == "/login");
}

TEST_CASE_FIXTURE(OfficeFixture, "behind a trusted proxy, one person's guesses lock nobody out of a browser they use") {
    // Without trusted proxies, a forwarded address is the client's own claim and is ignored.
    OfficeClient claimant(port);
    claimant.extra_headers["X-Forwarded-For"] = "203.0.113.9";
    CHECK(login_status(claimant, "operator", "salah-sekali-1") == 401);
    CHECK(audit().front().address == "127.0.0.1");

    restart_behind(*this, {"127.0.0.1"});
    OfficeClient lurah(port);  // the lurah's own browser, known from an earlier login
    lurah.extra_headers["X-Forwarded-For"] = "198.51.100.7";
    REQUIRE(lurah.login("lurah", kPassword));
    lurah.get("/");
    REQUIRE(lurah.post("/logout").location == "/login");

    // One person behind the same proxy guesses at every account.
    OfficeClient attacker(port);
    attacker.extra_headers["X-Forwarded-For"] = "203.0.113.5, 127.0.0.1";
    for (const char* username : {"lurah", "operator", "admin"}) {
        for (int i = 0; i < 5; ++i) login_status(attacker, username, "tebakan-ke-" + std::to_string(i));
        CAPTURE(username);
        CHECK(login_status(attacker, username, kPassword) == 429);  // locked for unknown browsers
    }
    CHECK(audit().front().address == "203.0.113.5");

    // The lurah still gets in from their own browser; a new browser waits for the lock to pass.
    CHECK(lurah.login("lurah", kPassword));
    OfficeClient new_browser(port);
    new_browser.extra_headers["X-Forwarded-For"] = "198.51.100.8";
    CHECK(login_status(new_browser, "operator", kPassword) == 429);
    CHECK(audit().front().address == "198.51.100.8");
}

TEST_SUITE_END();

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "shared/db/store.h"
#include "shared/services/staff_auth.h"
#include "shared/services/staff_service.h"
#include "shared/util/password.h"
#include "shared/util/time.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("services");

using namespace ekel;
using services::LoginResult;

namespace {

constexpr const char* kPassword = "kata-sandi-rahasia-1";
constexpr const char* kOffice = "10.0.0.5";
constexpr const char* kElsewhere = "10.0.0.9";

bool is_lower_hex(const std::string& text) {
    return text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

struct AuthFixture : test::TempDatabase {
    AuthFixture()
        : store(config.database.target(), config.database.busy_timeout_ms),
          clock(*parse_utc("2026-11-27T02:00:00Z")),
          auth(store, clock, recording_policy()) {
        auto added = services::add_staff_user(store, clock, {"operator1", "Rina Operator", "operator", std::nullopt,
                                                             kPassword});
        REQUIRE(added);
        user = added.value();
    }

    std::vector<db::StaffAuditEntry> audit_named(const std::string& action) {
        std::vector<db::StaffAuditEntry> out;
        for (const auto& e : store.audit.recent(200)) {
            if (e.action == action) out.push_back(e);
        }
        return out;
    }

    std::vector<std::string> stored_token_hashes() {
        std::vector<std::string> out;
        db::Statement q(store.db(), "SELECT token_hash FROM staff_sessions");
        while (q.executeStep()) out.push_back(q.getColumn(0).getString());
        return out;
    }

    int failed_logins() { return store.staff.find_by_username("operator1")->failed_logins; }

    services::AuthPolicy recording_policy() {
        services::AuthPolicy policy;
        policy.pause = [this](std::chrono::milliseconds wait) { pauses.push_back(wait); };
        return policy;
    }

    std::vector<std::chrono::milliseconds> pauses;  ///< each slowed-down try's wait

    db::Store store;
    ManualClock clock;
    services::StaffAuth auth;
    domain::StaffUser user;
};

}  // namespace

TEST_CASE_FIXTURE(AuthFixture, "a correct login returns a 64-hex session token and a CSRF token") {
    auto result = auth.login("operator1", kPassword, kOffice);
    REQUIRE(result.kind == LoginResult::Kind::ok);
    CHECK(result.token.size() == 64);
    CHECK(is_lower_hex(result.token));
    CHECK(result.csrf_token.size() == 64);
    CHECK(is_lower_hex(result.csrf_token));
    CHECK(result.csrf_token != result.token);
    REQUIRE(result.user);
    CHECK(result.user->username == "operator1");
    CHECK(result.user->role == domain::StaffRole::operator_);

    auto second = auth.login("operator1", kPassword, kOffice);
    REQUIRE(second.kind == LoginResult::Kind::ok);
    CHECK(second.token != result.token);
}

TEST_CASE_FIXTURE(AuthFixture, "the database stores only the SHA-256 of the session token") {
    auto result = auth.login("operator1", kPassword, kOffice);
    REQUIRE(result.kind == LoginResult::Kind::ok);
    auto hashes = stored_token_hashes();
    REQUIRE(hashes.size() == 1);
    CHECK(hashes[0] != result.token);
    CHECK(hashes[0] == sha256_hex(result.token));
    CHECK_FALSE(store.sessions.find(result.token).has_value());

    auto stored = store.sessions.find(sha256_hex(result.token));
    REQUIRE(stored);
    CHECK(stored->staff_id == user.id);
    CHECK(stored->csrf_token == result.csrf_token);
    CHECK(stored->address == kOffice);
    CHECK(stored->created_at == "2026-11-27T02:00:00Z");
    CHECK(stored->expires_at == "2026-11-27T10:00:00Z");
}

TEST_CASE_FIXTURE(AuthFixture, "a wrong password is invalid, counted for the user and the address, and audited") {
    auto result = auth.login("operator1", "kata-sandi-salah", kOffice);
    CHECK(result.kind == LoginResult::Kind::invalid);
    CHECK(result.token.empty());
    CHECK(result.csrf_token.empty());
    CHECK(stored_token_hashes().empty());
    CHECK(failed_logins() == 1);
    CHECK(store.sessions.address_lock(kOffice).failures == 1);

    auto failures = audit_named("login_failed");
    REQUIRE(failures.size() == 1);
    CHECK(failures[0].username == "operator1");
    CHECK(failures[0].address == kOffice);
    CHECK(audit_named("login").empty());
}

TEST_CASE_FIXTURE(AuthFixture, "a successful login resets the user's failure count") {
    auth.login("operator1", "salah-satu-1", kOffice);
    auth.login("operator1", "salah-dua-22", kOffice);
    REQUIRE(failed_logins() == 2);
    REQUIRE(auth.login("operator1", kPassword, kOffice).kind == LoginResult::Kind::ok);
    CHECK(failed_logins() == 0);
    auto logins = audit_named("login");
    REQUIRE(logins.size() == 1);
    CHECK(logins[0].username == "operator1");
    CHECK(logins[0].address == kOffice);
}

TEST_CASE_FIXTURE(AuthFixture, "five wrong passwords lock the account for 15 minutes, even against the right password") {
    for (int i = 1; i <= 4; ++i) {
        CAPTURE(i);
        CHECK(auth.login("operator1", "kata-sandi-salah", kOffice).kind == LoginResult::Kind::invalid);
    }
    auto fifth = auth.login("operator1", "kata-sandi-salah", kOffice);
    CHECK(fifth.kind == LoginResult::Kind::locked);
    CHECK(fifth.locked_until == "2026-11-27T02:15:00Z");
    CHECK(store.staff.find_by_username("operator1")->locked_until == std::optional<std::string>("2026-11-27T02:15:00Z"));

    auto right = auth.login("operator1", kPassword, kOffice);
    CHECK(right.kind == LoginResult::Kind::locked);
    CHECK(right.token.empty());
    CHECK(right.locked_until == "2026-11-27T02:15:00Z");
    // The lock is on the account, not on the address it was attacked from.
    CHECK(auth.login("operator1", kPassword, kElsewhere).kind == LoginResult::Kind::locked);

    clock.advance(std::chrono::minutes(14) + std::chrono::seconds(59));
    CHECK(auth.login("operator1", kPassword, kOffice).kind == LoginResult::Kind::locked);
    CHECK(stored_token_hashes().empty());
    CHECK_FALSE(audit_named("login_locked").empty());
}

TEST_CASE_FIXTURE(AuthFixture, "a locked account opens again once the lock has passed") {
    for (int i = 0; i < 5; ++i) auth.login("operator1", "kata-sandi-salah", kOffice);
    REQUIRE(auth.login("operator1", kPassword, kOffice).kind == LoginResult::Kind::locked);
    clock.set(*parse_utc("2026-11-27T02:15:01Z"));
    auto result = auth.login("operator1", kPassword, kOffice);
    CHECK(result.kind == LoginResult::Kind::ok);
    CHECK(result.token.size() == 64);
    CHECK(failed_logins() == 0);
    CHECK_FALSE(store.staff.find_by_username("operator1")->locked_until.has_value());
}

TEST_CASE_FIXTURE(AuthFixture, "twenty failures from one address slow it down for 15 minutes but never refuse the right password") {
    // Behind one proxy or NAT a whole office shares an address: it is slowed, not locked.
    for (int i = 0; i < 4; ++i) {
        CHECK(auth.login("operator1", "kata-sandi-salah", kOffice).kind == LoginResult::Kind::invalid);
    }
    for (int i = 0; i < 16; ++i) {
        CAPTURE(i);
        CHECK(auth.login("tamu" + std::to_string(i), "kata-sandi-salah", kOffice).kind == LoginResult::Kind::invalid);
    }
    CHECK(store.sessions.address_lock(kOffice).failures == 20);
    CHECK(pauses.empty());

    auto slowed_guess = auth.login("admin", "kata-sandi-salah", kOffice);
    CHECK(slowed_guess.kind == LoginResult::Kind::invalid);
    REQUIRE(pauses.size() == 1);
    CHECK(pauses[0] == std::chrono::milliseconds(2000));
    CHECK(audit_named("login_failed").front().detail == "percobaan ke-21, diperlambat");

    CHECK(auth.login("operator1", kPassword, kOffice).kind == LoginResult::Kind::ok);
    CHECK(pauses.size() == 2);
    CHECK(auth.login("operator1", kPassword, kElsewhere).kind == LoginResult::Kind::ok);
    CHECK(pauses.size() == 2);  // another address is not slowed

    clock.set(*parse_utc("2026-11-27T02:15:01Z"));
    CHECK(auth.login("operator1", kPassword, kOffice).kind == LoginResult::Kind::ok);
    CHECK(pauses.size() == 2);
}

TEST_CASE_FIXTURE(AuthFixture, "a browser shared by two accounts, as at the office counter, stays known to both") {
    REQUIRE(services::add_staff_user(store, clock, {"operator2", "Dewi Operator", "operator", std::nullopt, kPassword}));
    const std::string counter = auth.login("operator1", kPassword, kOffice).device_token;
    REQUIRE(counter.size() == 64);
    CHECK(auth.login("operator2", kPassword, kOffice, counter).device_token == counter);  // one cookie
    // A cookie value we did not issue is never sent back.
    CHECK(auth.login("operator1", kPassword, kOffice, "x; Secure").device_token.size() == 64);
    for (const char* username : {"operator1", "operator2"}) {
        CAPTURE(username);
        for (int i = 0; i < 5; ++i) auth.login(username, "tebakan-orang-lain", kElsewhere);
        CHECK(auth.login(username, kPassword, kOffice, counter).kind == LoginResult::Kind::ok);
    }
}

TEST_CASE_FIXTURE(AuthFixture, "a locked account still opens, with the right password, in a browser it logged in from before") {
    auto first = auth.login("operator1", kPassword, kOffice);
    REQUIRE(first.kind == LoginResult::Kind::ok);
    REQUIRE(first.device_token.size() == 64);
    for (int i = 0; i < 5; ++i) auth.login("operator1", "tebakan-orang-lain", kElsewhere);
    REQUIRE(auth.login("operator1", kPassword, kElsewhere).kind == LoginResult::Kind::locked);

    auto own_browser = auth.login("operator1", kPassword, kOffice, first.device_token);
    CHECK(own_browser.kind == LoginResult::Kind::ok);
    CHECK(own_browser.device_token == first.device_token);
    // The lock on other browsers stays; a token of another account's browser does not help.
    CHECK(auth.login("operator1", kPassword, kElsewhere, random_token_hex(32)).kind == LoginResult::Kind::locked);
    CHECK(store.staff.find_by_username("operator1")->locked_until.has_value());
    // Typos in the owner's browser count towards no lock.
    for (int i = 0; i < 6; ++i) auth.login("operator1", "salah-ketik-sendiri", kOffice, first.device_token);
    CHECK(auth.login("operator1", kPassword, kOffice, first.device_token).kind == LoginResult::Kind::ok);
}

TEST_CASE_FIXTURE(AuthFixture, "address failures older than the 15-minute window do not count") {
    for (int i = 0; i < 19; ++i) auth.login("tamu" + std::to_string(i), "kata-sandi-salah", kOffice);
    REQUIRE(store.sessions.address_lock(kOffice).failures == 19);
    clock.advance(std::chrono::minutes(16));
    auto result = auth.login("tamu-lagi", "kata-sandi-salah", kOffice);
    CHECK(result.kind == LoginResult::Kind::invalid);
    CHECK(store.sessions.address_lock(kOffice).failures == 1);
    CHECK(auth.login("operator1", kPassword, kOffice).kind == LoginResult::Kind::ok);
    CHECK(pauses.empty());
}

// AuthPolicy documents max_address_failures as "from one address within the window": twenty
// failures within 15 minutes. Ten failures at 10:00 and nine at 10:10 leave only ten within the
// window at 10:16, so the twentieth failure then must not slow the address down.
TEST_CASE_FIXTURE(AuthFixture, "only the failures within the last 15 minutes count towards the address slow-down") {
    for (int i = 0; i < 10; ++i) auth.login("tamu" + std::to_string(i), "kata-sandi-salah", kOffice);
    clock.advance(std::chrono::minutes(10));
    for (int i = 10; i < 19; ++i) auth.login("tamu" + std::to_string(i), "kata-sandi-salah", kOffice);
    clock.advance(std::chrono::minutes(6));  // the first ten are now 16 minutes old
    auto result = auth.login("tamu-lagi", "kata-sandi-salah", kOffice);
    CHECK(result.kind == LoginResult::Kind::invalid);
    CHECK(auth.login("operator1", kPassword, kOffice).kind == LoginResult::Kind::ok);
    CHECK(pauses.empty());
}

TEST_CASE_FIXTURE(AuthFixture, "an unknown username is simply invalid and is audited") {
    LoginResult result;
    CHECK_NOTHROW(result = auth.login("tidak-ada", kPassword, kOffice));
    CHECK(result.kind == LoginResult::Kind::invalid);
    CHECK_FALSE(result.user.has_value());
    CHECK(result.token.empty());
    CHECK(stored_token_hashes().empty());
    auto failures = audit_named("login_failed");
    REQUIRE(failures.size() == 1);
    CHECK(failures[0].username == "tidak-ada");
    CHECK(failed_logins() == 0);
}

TEST_CASE_FIXTURE(AuthFixture, "a live session token gives the user and the CSRF token") {
    auto login = auth.login("operator1", kPassword, kOffice);
    REQUIRE(login.kind == LoginResult::Kind::ok);
    auto view = auth.session(login.token);
    REQUIRE(view);
    CHECK(view->user.id == user.id);
    CHECK(view->user.username == "operator1");
    CHECK(view->csrf_token == login.csrf_token);
    CHECK(view->expires_at == "2026-11-27T10:00:00Z");
}

TEST_CASE_FIXTURE(AuthFixture, "session() rejects a token of the wrong length or one it never issued") {
    auto login = auth.login("operator1", kPassword, kOffice);
    REQUIRE(login.kind == LoginResult::Kind::ok);
    CHECK_FALSE(auth.session("").has_value());
    CHECK_FALSE(auth.session(login.token.substr(0, 63)).has_value());
    CHECK_FALSE(auth.session(login.token + "0").has_value());
    CHECK_FALSE(auth.session(std::string(64, 'a')).has_value());
    // The stored hash itself is no cookie.
    CHECK_FALSE(auth.session(sha256_hex(login.token)).has_value());
    CHECK(auth.session(login.token).has_value());
}

TEST_CASE_FIXTURE(AuthFixture, "a session expires eight hours after login") {
    auto login = auth.login("operator1", kPassword, kOffice);
    REQUIRE(login.kind == LoginResult::Kind::ok);
    clock.advance(std::chrono::hours(8) - std::chrono::seconds(1));
    CHECK(auth.session(login.token).has_value());
    clock.advance(std::chrono::seconds(1));
    CHECK_FALSE(auth.session(login.token).has_value());
    clock.advance(std::chrono::hours(1));
    CHECK_FALSE(auth.session(login.token).has_value());
}

TEST_CASE_FIXTURE(AuthFixture, "a logged-out session is gone and the logout is audited") {
    auto login = auth.login("operator1", kPassword, kOffice);
    auto other = auth.login("operator1", kPassword, kElsewhere);
    REQUIRE(login.kind == LoginResult::Kind::ok);
    REQUIRE(other.kind == LoginResult::Kind::ok);
    clock.advance(std::chrono::minutes(30));
    auth.logout(login.token, kOffice);
    CHECK_FALSE(auth.session(login.token).has_value());
    CHECK_FALSE(store.sessions.find(sha256_hex(login.token)).has_value());
    // Only that session ends.
    CHECK(auth.session(other.token).has_value());

    auto logouts = audit_named("logout");
    REQUIRE(logouts.size() == 1);
    CHECK(logouts[0].username == "operator1");
    CHECK(logouts[0].address == kOffice);
    CHECK(logouts[0].at == "2026-11-27T02:30:00Z");

    // Logging out again, or with a token never issued, changes nothing and audits nothing.
    auth.logout(login.token, kOffice);
    auth.logout(std::string(64, 'b'), kOffice);
    CHECK(audit_named("logout").size() == 1);
}

TEST_CASE_FIXTURE(AuthFixture, "login, failed login and logout each leave their audit entry") {
    auth.login("operator1", "kata-sandi-salah", kOffice);
    auto login = auth.login("operator1", kPassword, kOffice);
    REQUIRE(login.kind == LoginResult::Kind::ok);
    auth.logout(login.token, kOffice);
    std::vector<std::string> actions;
    for (const auto& e : store.audit.recent(10)) actions.push_back(e.action);
    CHECK(actions == std::vector<std::string>{"logout", "login", "login_failed"});
}

TEST_SUITE_END();

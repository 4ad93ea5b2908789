#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "shared/domain/staff.h"
#include "shared/util/clock.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

struct AuthPolicy {
    int max_user_failures = 5;                        ///< then the account is locked for unknown browsers
    std::chrono::minutes user_lock{15};
    int max_address_failures = 20;                    ///< from one address within the window
    std::chrono::minutes address_window{15};
    std::chrono::minutes address_slow_down{15};       ///< then each try from it waits address_delay
    std::chrono::milliseconds address_delay{2000};
    std::chrono::hours session_lifetime{8};           ///< a working day; then log in again
    /// How a slowed-down try waits; tests record the waits instead.
    std::function<void(std::chrono::milliseconds)> pause = [](std::chrono::milliseconds wait) {
        std::this_thread::sleep_for(wait);
    };
};

struct LoginResult {
    enum class Kind { ok, invalid, locked };
    Kind kind = Kind::invalid;
    std::string token;       ///< the cookie value (only when ok)
    std::string csrf_token;  ///< the session's CSRF token (only when ok)
    std::optional<domain::StaffUser> user;
    std::string locked_until;  ///< UTC, when locked
    /// The browser's device token to keep in its cookie (only when ok): the one it sent when
    /// that was already known for this account, else a new one.
    std::string device_token;
};

struct StaffSessionView {
    domain::StaffUser user;
    std::string csrf_token;
    std::string expires_at;
};

/// Staff login with Argon2id and server-side sessions whose cookie token is stored only as a
/// SHA-256. Guessing is limited twice: an account locks after max_user_failures, but only for
/// browsers it never logged in from (so nobody can lock a colleague out of their own browser),
/// and an address with many failures is slowed down, never refused (behind one proxy or NAT a
/// whole office shares it). Each call opens its own transaction; the slow password check runs
/// outside it.
class StaffAuth {
public:
    StaffAuth(db::Store& store, const Clock& clock, AuthPolicy policy = {});

    /// `device_token`: the browser's device cookie, or "".
    LoginResult login(const std::string& username, const std::string& password, const std::string& address,
                      const std::string& device_token = "");
    /// The live session behind a cookie token, or nullopt (unknown, expired, or the user disabled).
    std::optional<StaffSessionView> session(const std::string& token);
    void logout(const std::string& token, const std::string& address);
    /// Appends to the staff audit trail in its own transaction.
    void audit(const std::string& username, const std::string& action, const std::string& subject,
               const std::string& detail, const std::string& address);

private:
    db::Store& store_;
    const Clock& clock_;
    AuthPolicy policy_;
};

}  // namespace ekel::services

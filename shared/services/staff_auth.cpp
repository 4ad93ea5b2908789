#include "shared/services/staff_auth.h"

#include <mutex>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/util/password.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace {

/// 64 lower-case hex digits, as random_token_hex(32) makes them.
bool is_device_token(const std::string& token) {
    return token.size() == 64 && token.find_first_not_of("0123456789abcdef") == std::string::npos;
}

/// Checked for unknown usernames too, so the answer takes as long whether or not the user exists.
const std::string& decoy_hash() {
    static const std::string hash = hash_password(random_token_hex(16));
    return hash;
}

}  // namespace

StaffAuth::StaffAuth(db::Store& store, const Clock& clock, AuthPolicy policy)
    : store_(store), clock_(clock), policy_(policy) {}

LoginResult StaffAuth::login(const std::string& username, const std::string& password, const std::string& address,
                             const std::string& device_token) {
    const TimePoint now = clock_.now();
    const std::string now_text = format_utc(now);
    LoginResult result;

    auto address_state = store_.sessions.address_lock(address);
    auto user = store_.staff.find_by_username(username);
    const bool known_device =
        user && is_device_token(device_token) && store_.sessions.is_device_of(sha256_hex(device_token), user->id);
    const bool address_slowed = address_state.locked_until && *address_state.locked_until > now_text;
    const bool user_locked = user && !known_device && user->locked_until && *user->locked_until > now_text;
    if (address_slowed) policy_.pause(policy_.address_delay);
    bool password_ok = false;
    {
        // Argon2id (interactive) needs 64 MiB per check: one check at a time keeps a burst of
        // logins from multiplying the office's memory.
        static std::mutex one_check_at_a_time;
        std::lock_guard lock(one_check_at_a_time);
        password_ok = verify_password(password, user ? user->password_hash : decoy_hash()) && user;
    }

    db::WriteTransaction tx(store_.db());
    db::StaffAuditEntry entry{0, now_text, username, "", "", address_slowed ? "diperlambat" : "", address};
    if (user_locked) {
        result.kind = LoginResult::Kind::locked;
        result.locked_until = *user->locked_until;
        entry.action = "login_locked";
    } else if (!password_ok) {
        result.kind = LoginResult::Kind::invalid;
        entry.action = "login_failed";
        auto by_address = store_.sessions.record_address_failure(
            address, policy_.max_address_failures, format_utc(now - policy_.address_window),
            format_utc(now + policy_.address_slow_down), now_text);
        // A browser the account already logged in from is its owner's: typos there lock nothing.
        int by_user = user && !known_device ? store_.staff.record_failed_login(user->id, policy_.max_user_failures,
                                                                               format_utc(now + policy_.user_lock),
                                                                               now_text)
                                            : 0;
        if (by_user >= policy_.max_user_failures) {
            result.kind = LoginResult::Kind::locked;
            result.locked_until = format_utc(now + policy_.user_lock);
        }
        entry.detail = "percobaan ke-" + std::to_string(std::max(by_user, by_address.failures)) +
                       (address_slowed ? ", diperlambat" : "");
    } else {
        // Logging in from a known browser leaves a running lock on the others in place.
        if (!user->locked_until || *user->locked_until <= now_text) store_.staff.clear_failed_logins(user->id, now_text);
        store_.sessions.remove_expired(now_text);
        result.kind = LoginResult::Kind::ok;
        result.token = random_token_hex(32);
        result.csrf_token = random_token_hex(32);
        // The browser keeps one device cookie for every account used in it; only a value shaped
        // like ours is sent back.
        result.device_token = is_device_token(device_token) ? device_token : random_token_hex(32);
        result.user = user;
        store_.sessions.create({sha256_hex(result.token), user->id, result.csrf_token, address, now_text,
                                format_utc(now + policy_.session_lifetime)});
        store_.sessions.remember_device(sha256_hex(result.device_token), user->id, now_text);
        entry.action = "login";
    }
    store_.audit.append(entry);
    tx.commit();
    return result;
}

std::optional<StaffSessionView> StaffAuth::session(const std::string& token) {
    if (token.size() != 64) return std::nullopt;
    auto stored = store_.sessions.find(sha256_hex(token));
    if (!stored || stored->expires_at <= format_utc(clock_.now())) return std::nullopt;
    auto user = store_.staff.find_by_id(stored->staff_id);
    if (!user) return std::nullopt;
    return StaffSessionView{*user, stored->csrf_token, stored->expires_at};
}

void StaffAuth::logout(const std::string& token, const std::string& address) {
    auto current = session(token);
    db::WriteTransaction tx(store_.db());
    store_.sessions.remove(sha256_hex(token));
    if (current) {
        db::StaffAuditEntry entry{0, format_utc(clock_.now()), current->user.username, "logout", "", "", address};
        store_.audit.append(entry);
    }
    tx.commit();
}

void StaffAuth::audit(const std::string& username, const std::string& action, const std::string& subject,
                      const std::string& detail, const std::string& address) {
    db::WriteTransaction tx(store_.db());
    db::StaffAuditEntry entry{0, format_utc(clock_.now()), username, action, subject, detail, address};
    store_.audit.append(entry);
    tx.commit();
}

}  // namespace ekel::services

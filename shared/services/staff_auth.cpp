#include "shared/services/staff_auth.h"

#include <mutex>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/util/password.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace {

/// Checked for unknown usernames too, so the answer takes as long whether or not the user exists.
const std::string& decoy_hash() {
    static const std::string hash = hash_password(random_token_hex(16));
    return hash;
}

}  // namespace

StaffAuth::StaffAuth(db::Store& store, const Clock& clock, AuthPolicy policy)
    : store_(store), clock_(clock), policy_(policy) {}

LoginResult StaffAuth::login(const std::string& username, const std::string& password, const std::string& address) {
    const TimePoint now = clock_.now();
    const std::string now_text = format_utc(now);
    LoginResult result;

    auto address_lock = store_.sessions.address_lock(address);
    auto user = store_.staff.find_by_username(username);
    const bool address_locked = address_lock.locked_until && *address_lock.locked_until > now_text;
    const bool user_locked = user && user->locked_until && *user->locked_until > now_text;
    bool password_ok = false;
    {
        // Argon2id (interactive) needs 64 MiB per check: one check at a time keeps a burst of
        // logins from multiplying the office's memory.
        static std::mutex one_check_at_a_time;
        std::lock_guard lock(one_check_at_a_time);
        password_ok = verify_password(password, user ? user->password_hash : decoy_hash()) && user;
    }

    db::WriteTransaction tx(store_.db());
    db::StaffAuditEntry entry{0, now_text, username, "", "", "", address};
    if (address_locked || user_locked) {
        result.kind = LoginResult::Kind::locked;
        result.locked_until = address_locked ? *address_lock.locked_until : *user->locked_until;
        entry.action = "login_locked";
    } else if (!password_ok) {
        result.kind = LoginResult::Kind::invalid;
        entry.action = "login_failed";
        auto by_address = store_.sessions.record_address_failure(
            address, policy_.max_address_failures, format_utc(now - policy_.address_window),
            format_utc(now + policy_.address_lock), now_text);
        int by_user = user ? store_.staff.record_failed_login(user->id, policy_.max_user_failures,
                                                              format_utc(now + policy_.user_lock), now_text)
                           : 0;
        if (by_user >= policy_.max_user_failures || by_address.failures >= policy_.max_address_failures) {
            result.kind = LoginResult::Kind::locked;
            result.locked_until = format_utc(now + std::max(policy_.user_lock, policy_.address_lock));
        }
        entry.detail = "percobaan ke-" + std::to_string(std::max(by_user, by_address.failures));
    } else {
        store_.staff.clear_failed_logins(user->id, now_text);
        store_.sessions.remove_expired(now_text);
        result.kind = LoginResult::Kind::ok;
        result.token = random_token_hex(32);
        result.csrf_token = random_token_hex(32);
        result.user = user;
        store_.sessions.create({sha256_hex(result.token), user->id, result.csrf_token, address, now_text,
                                format_utc(now + policy_.session_lifetime)});
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

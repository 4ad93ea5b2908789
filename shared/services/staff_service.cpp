#include "shared/services/staff_service.h"

#include <regex>

#include "shared/db/store.h"
#include "shared/util/password.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::services {

Result<domain::StaffUser> add_staff_user(db::Store& store, const Clock& clock, const NewStaffUser& input) {
    static const std::regex username_pattern("^[a-z][a-z0-9._-]{2,31}$");
    if (!std::regex_match(input.username, username_pattern)) {
        return Result<domain::StaffUser>::failure(
            "username", "harus 3-32 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung, "
                        "diawali huruf");
    }
    // A terminal in a legacy code page would store a name no page can show, and a password no
    // browser (which always sends UTF-8) could ever match.
    constexpr const char* kUnreadable = "berisi karakter yang tidak dapat dibaca (bukan UTF-8)";
    if (!is_valid_utf8(input.full_name)) {
        return Result<domain::StaffUser>::failure("name", kUnreadable);
    }
    if (!is_valid_utf8(input.password)) {
        return Result<domain::StaffUser>::failure(
            "password", std::string(kUnreadable) + "; periksa pengaturan bahasa terminal");
    }
    auto role = domain::parse_staff_role(input.role);
    if (!role || domain::is_city_role(*role) != input.city_site) {
        return Result<domain::StaffUser>::failure("role", input.city_site
                                                              ? "akun kota harus salah satu dari camat, kota, kota_admin"
                                                              : "harus salah satu dari admin, operator, lurah, rt");
    }
    if ((*role == domain::StaffRole::camat) != !input.kecamatan.empty()) {
        return Result<domain::StaffUser>::failure(
            "kecamatan", input.kecamatan.empty() ? "peran camat memerlukan nama kecamatan" : "kecamatan hanya untuk peran camat");
    }
    domain::StaffUser user;
    user.username = input.username;
    user.full_name = input.full_name;
    user.role = *role;
    user.is_demo = input.is_demo;
    user.kecamatan = input.kecamatan;
    if (*role == domain::StaffRole::rt) {
        if (!input.rt_number) {
            return Result<domain::StaffUser>::failure("rt", "peran rt memerlukan nomor RT (--rt N)");
        }
        auto rt = store.rts.find_by_number(*input.rt_number);
        if (!rt) {
            return Result<domain::StaffUser>::failure(
                "rt", "RT " + std::to_string(*input.rt_number) + " belum terdaftar");
        }
        user.rt_id = rt->id;
    } else if (input.rt_number) {
        return Result<domain::StaffUser>::failure("rt", "nomor RT hanya untuk peran rt");
    }
    if (input.password.size() < kMinPasswordLength) {
        return Result<domain::StaffUser>::failure(
            "password", "minimal " + std::to_string(kMinPasswordLength) + " karakter");
    }
    if (input.password == input.username) {
        return Result<domain::StaffUser>::failure("password", "tidak boleh sama dengan nama pengguna");
    }
    user.password_hash = hash_password(input.password);
    store.staff.upsert(user, format_utc(clock.now()));
    store.sessions.remove_all_for(user.id);
    return user;
}

}  // namespace ekel::services

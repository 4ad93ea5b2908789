#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ekel::domain {

/// admin, operator, lurah and rt work in one kelurahan's database. camat, kota and kota_admin
/// are accounts of a city deployment's own database: camat reads the kelurahan of its
/// kecamatan, kota reads all of them, kota_admin also administers kelurahan accounts.
enum class StaffRole { admin, operator_, lurah, rt, camat, kota, kota_admin };
/// Whether `role` is one of the city's own (camat, kota, kota_admin).
bool is_city_role(StaffRole role);
std::string_view to_string(StaffRole role);
std::optional<StaffRole> parse_staff_role(std::string_view text);

/// A back-office account.
struct StaffUser {
    std::int64_t id = 0;
    std::string username;
    std::string full_name;
    StaffRole role = StaffRole::operator_;
    std::optional<std::int64_t> rt_id;  ///< set exactly for the rt role
    std::string kecamatan;              ///< set exactly for the camat role
    std::string password_hash;
    int failed_logins = 0;
    std::optional<std::string> locked_until;
    bool is_demo = false;
};

}  // namespace ekel::domain

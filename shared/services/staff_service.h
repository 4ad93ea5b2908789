#pragma once

#include <optional>
#include <string>

#include "shared/domain/staff.h"
#include "shared/util/clock.h"
#include "shared/util/result.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

struct NewStaffUser {
    std::string username;
    std::string full_name;
    std::string role;  ///< admin, operator, lurah or rt, as typed
    std::optional<int> rt_number;  ///< required for the rt role
    std::string password;
    bool is_demo = false;
    std::string kecamatan = {};  ///< required for the camat role (one of the city's kecamatan)
    /// The account goes into a city's own database: only camat, kota and kota_admin belong
    /// there, and only the others in a kelurahan's.
    bool city_site = false;
};

constexpr std::size_t kMinPasswordLength = 10;

/// Validates and stores a back-office account with an Argon2id password hash; an existing
/// username gets the new role and password, and every session it had ends (a reset password must
/// shut out whoever knew the old one). Problems name the field (username, name, role, rt,
/// password) in Bahasa Indonesia. Opens no transaction: the caller's keeps both writes together.
Result<domain::StaffUser> add_staff_user(db::Store& store, const Clock& clock, const NewStaffUser& input);

}  // namespace ekel::services

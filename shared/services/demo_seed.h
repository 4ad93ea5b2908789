#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "shared/util/clock.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

struct DemoAccount {
    std::string username;
    std::string role;
    std::string password;
};

struct DemoSeedReport {
    bool seeded = false;  ///< false when the database already had registry data
    std::size_t rws = 0;
    std::size_t rts = 0;
    std::size_t residents = 0;
    std::size_t families = 0;
    std::size_t verified_phones = 0;
    std::vector<DemoAccount> accounts;
};

/// The demo accounts seed_demo creates (printed by `make run`).
const std::vector<DemoAccount>& demo_accounts();

/// Fills an empty registry with synthetic, clearly marked demo data for Kelurahan Belimbing:
/// 3 RW, 12 RT with heads, about 300 residents in families with valid NIKs (region 647403),
/// verified phones for most heads of family, and demo staff accounts. Deterministic. Does nothing
/// when any RT or resident exists, so running it twice never duplicates. One transaction.
/// `variant` (0 to 9) gives each kelurahan of a demo city phones of its own, so the city number
/// routes each demo resident to their kelurahan; 0 is the single-kelurahan demo.
DemoSeedReport seed_demo(db::Store& store, const Clock& clock, int variant = 0);

/// The verified phone of demo family `family` in demo `variant`.
std::string demo_family_phone(int variant, int family);

}  // namespace ekel::services

#include "shared/services/newcomer_fields.h"

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

namespace ekel::services {

namespace {

using Member = std::string NewcomerFields::*;

// The stored keys; "pendatang_alamat" is the first release's.
constexpr std::array<std::pair<const char*, Member>, 9> kKeys = {{
    {"pendatang_alamat", &NewcomerFields::address},
    {"pendatang_alamat_asal", &NewcomerFields::origin_address},
    {"pendatang_nik", &NewcomerFields::nik},
    {"pendatang_tempat_lahir", &NewcomerFields::birth_place},
    {"pendatang_tanggal_lahir", &NewcomerFields::birth_date},
    {"pendatang_kk", &NewcomerFields::kk},
    {"pendatang_agama", &NewcomerFields::religion},
    {"pendatang_status_perkawinan", &NewcomerFields::marital_status},
    {"pendatang_pekerjaan", &NewcomerFields::occupation},
}};

}  // namespace

NewcomerFields read_newcomer_fields(const nlohmann::json& fields) {
    NewcomerFields out;
    if (!fields.is_object()) return out;
    for (const auto& [key, member] : kKeys) {
        auto it = fields.find(key);
        if (it != fields.end() && it->is_string()) out.*member = it->get<std::string>();
    }
    return out;
}

void write_newcomer_fields(const NewcomerFields& newcomer, nlohmann::json& fields) {
    for (const auto& [key, member] : kKeys) {
        if (!(newcomer.*member).empty()) fields[key] = newcomer.*member;
    }
}

}  // namespace ekel::services

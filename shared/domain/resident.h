#pragma once

#include <cstdint>
#include <string>

#include "shared/domain/date.h"

namespace ekel::domain {

/// A person in the kelurahan registry.
struct Resident {
    std::int64_t id = 0;
    std::string nik;
    std::string kk;
    std::string full_name;
    char sex = 'L';  ///< 'L' laki-laki or 'P' perempuan, as on the KTP
    std::string birth_place;
    CivilDate birth_date;
    std::string religion;
    std::string marital_status;
    std::string occupation;
    std::string family_role;  ///< hubungan dalam keluarga: Kepala Keluarga, Istri, Anak …
    std::string address;
    std::int64_t rt_id = 0;
    int rt_number = 0;  ///< read-only convenience, joined from rts
    int rw_number = 0;  ///< read-only convenience, joined from rws
    bool is_demo = false;
};

/// How a phone came to be trusted for a resident.
enum class PhoneVerification { registry, nik_birth_date, staff };
std::string_view to_string(PhoneVerification method);

}  // namespace ekel::domain

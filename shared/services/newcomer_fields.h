#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace ekel::services {

/// What a request of a newcomer (a citizen without a registry entry, "warga pendatang") says
/// about the applicant, kept in the request's fields JSON under "pendatang_*" keys. The keys of
/// the first release ("pendatang_alamat") are kept, so older requests read unchanged; a value not
/// given is empty. The NIK is personal data like a resident's: shown in full to staff and to the
/// request's RT on the web, masked in chat and logs.
struct NewcomerFields {
    std::string address;         ///< where they live now, in the kelurahan (without RT/RW)
    std::string origin_address;  ///< where they came from (alamat asal)
    std::string nik;             ///< 16 digits, checked like a resident's
    std::string birth_place;
    std::string birth_date;  ///< ISO "1990-08-17"
    std::string kk;          ///< asked only when the letter's body uses it
    std::string religion;
    std::string marital_status;
    std::string occupation;

    bool operator==(const NewcomerFields&) const = default;
};

/// Reads the "pendatang_*" keys of a request's fields object; other values and types are ignored.
NewcomerFields read_newcomer_fields(const nlohmann::json& fields);
/// Writes the non-empty values into `fields` (an object), leaving its other keys alone.
void write_newcomer_fields(const NewcomerFields& newcomer, nlohmann::json& fields);

}  // namespace ekel::services

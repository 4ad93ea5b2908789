#pragma once

#include <cstdint>
#include <string>

namespace ekel::domain {

/// Rukun Warga: a group of RTs, with a head told when an RT is slow.
struct Rw {
    std::int64_t id = 0;
    int number = 0;
    std::string head_name;
    std::string head_phone;  ///< normalised (62…), empty when unknown
    bool is_demo = false;
};

/// Rukun Tetangga: the RT head approves citizens' requests (the old paper cover letter).
struct Rt {
    std::int64_t id = 0;
    int number = 0;  ///< unique within the kelurahan
    std::int64_t rw_id = 0;
    int rw_number = 0;
    std::string head_name;
    std::string head_phone;
    std::string deputy_name;
    std::string deputy_phone;
    bool is_demo = false;
};

}  // namespace ekel::domain

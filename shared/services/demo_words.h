#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <string>

// Words the demo data and the back-office benchmark draw from, so both look like Kelurahan
// Belimbing: its streets and alleys, where people come from, what they do.

namespace ekel::services::demo_words {

/// Deterministic source of choices so every demo database is the same.
class DemoDice {
public:
    explicit DemoDice(std::uint32_t seed) : engine_(seed) {}
    int between(int low, int high) {
        return low + static_cast<int>(engine_() % static_cast<std::uint32_t>(high - low + 1));
    }
    template <typename Array>
    std::string pick(const Array& options) {
        return options[static_cast<std::size_t>(between(0, static_cast<int>(options.size()) - 1))];
    }

private:
    std::minstd_rand engine_;
};


inline constexpr std::array kStreets = {
    "Jl. Letjend S. Parman", "Jl. Brigjend Katamso", "Jl. Awang Long", "Jl. KS Tubun",
    "Jl. Cipto Mangunkusumo", "Jl. Pelita", "Jl. Belimbing Raya", "Jl. Kapt. Pierre Tendean"};
inline constexpr std::array kAlleys = {"Gg. Mawar", "Gg. Melati", "Gg. Anggrek", "Gg. Kenanga",
                                "Gg. Dahlia", "Gg. Flamboyan", "Gg. Cempaka", "Gg. Teratai"};
inline constexpr std::array kBirthPlaces = {"Bontang", "Bontang", "Bontang", "Samarinda", "Balikpapan",
                                     "Makassar", "Parepare", "Banjarmasin", "Surabaya", "Tenggarong"};
// District codes of birth registration; most are Bontang Barat, some moved in (NIK keeps its
// first region: people move).
inline constexpr std::array kDistricts = {"647403", "647403", "647403", "647403", "647401",
                                   "647402", "647201", "737101", "630101", "357801"};
inline constexpr std::array kOccupations = {"Karyawan Swasta", "Wiraswasta", "Pedagang", "Nelayan",
                                     "Pegawai Negeri Sipil", "Buruh Harian Lepas", "Guru",
                                     "Sopir", "Perawat", "Karyawan BUMN"};
inline constexpr std::array kReligions = {"Islam", "Islam", "Islam", "Islam", "Islam",
                                   "Kristen", "Katolik", "Hindu", "Buddha"};

}  // namespace ekel::services::demo_words

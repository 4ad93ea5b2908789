#include "shared/domain/nik.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace ekel::domain {

namespace {

constexpr std::size_t kNumberLength = 16;

// The 38 provinces of Kepmendagri 300.2.2-2138/2025. NIKs are for life, so 91 and 92 stay valid
// for people registered before the 2022 Papua split.
constexpr std::array<std::string_view, 38> kProvinceCodes = {
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33",
    "34", "35", "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72",
    "73", "74", "75", "76", "81", "82", "91", "92", "93", "94", "95", "96"};

constexpr unsigned kFemaleDayOffset = 40;

bool is_known_province(std::string_view code) {
    return std::find(kProvinceCodes.begin(), kProvinceCodes.end(), code) != kProvinceCodes.end();
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 1-based position in characters, not bytes, so a pasted "Ø" is reported where the user sees it.
std::optional<std::size_t> first_non_digit_position(std::string_view text) {
    std::size_t position = 0;
    for (char c : text) {
        const bool continuation = (static_cast<unsigned char>(c) & 0xC0) == 0x80;
        if (!continuation) ++position;
        if (!is_digit(c)) return position;
    }
    return std::nullopt;
}

unsigned two_digits(std::string_view text, std::size_t at) {
    return static_cast<unsigned>((text[at] - '0') * 10 + (text[at + 1] - '0'));
}

// The shape checks NIK and KK share; `label` starts the message ("NIK", "Nomor KK").
std::optional<std::string> check_digits(std::string_view text, std::string_view label) {
    const std::string name(label);
    if (text.empty()) return name + " belum diisi";
    if (auto position = first_non_digit_position(text)) {
        return name + " hanya boleh berisi angka (karakter ke-" + std::to_string(*position) +
               " bukan angka)";
    }
    if (text.size() != kNumberLength) {
        return name + " harus 16 angka (tertulis " + std::to_string(text.size()) + " angka)";
    }
    return std::nullopt;
}

bool exists_in_either_century(unsigned day, unsigned month, unsigned year_2digit) {
    const int yy = static_cast<int>(year_2digit);
    return is_valid_date(1900 + yy, month, day) || is_valid_date(2000 + yy, month, day);
}

}  // namespace

Result<NikInfo> parse_nik(std::string_view text) {
    const auto fail = [](std::string message) {
        return Result<NikInfo>::failure("nik", std::move(message));
    };
    if (auto message = check_digits(text, "NIK")) return fail(*message);

    const std::string_view province = text.substr(0, 2);
    if (!is_known_province(province)) {
        return fail("NIK diawali kode provinsi " + std::string(province) + " yang tidak dikenal");
    }
    if (text.substr(2, 2) == "00") return fail("Kode kabupaten/kota di NIK tidak boleh 00");
    if (text.substr(4, 2) == "00") return fail("Kode kecamatan di NIK tidak boleh 00");

    const unsigned coded_day = two_digits(text, 6);
    const bool female = coded_day > kFemaleDayOffset;
    const unsigned day = female ? coded_day - kFemaleDayOffset : coded_day;
    if (day < 1 || day > 31) {
        return fail("Tanggal lahir di NIK tidak valid (hari " + std::string(text.substr(6, 2)) +
                    ")");
    }
    const unsigned month = two_digits(text, 8);
    if (month < 1 || month > 12) {
        return fail("Bulan lahir di NIK tidak valid (bulan " + std::string(text.substr(8, 2)) +
                    ")");
    }
    const unsigned year = two_digits(text, 10);
    if (!exists_in_either_century(day, month, year)) {
        const std::string date =
            std::to_string(day) + " " + std::string(indonesian_month_name(month));
        if (!is_valid_date(2000, month, day)) {
            return fail("Tanggal lahir di NIK tidak valid (tanggal " + date + " tidak ada)");
        }
        return fail("Tanggal lahir di NIK tidak valid (" + date + ", padahal tahun " +
                    std::string(text.substr(10, 2)) + " bukan tahun kabisat)");
    }
    if (text.substr(12, 4) == "0000") return fail("Nomor urut di NIK tidak boleh 0000");

    return NikInfo{std::string(province),
                   std::string(text.substr(0, 4)),
                   std::string(text.substr(0, 6)),
                   female ? Sex::female : Sex::male,
                   day,
                   month,
                   year,
                   two_digits(text, 12) * 100 + two_digits(text, 14)};
}

Result<std::string> parse_kk(std::string_view text) {
    const auto fail = [](std::string message) {
        return Result<std::string>::failure("kk", std::move(message));
    };
    if (auto message = check_digits(text, "Nomor KK")) return fail(*message);

    // Checked before the province so "0000000000000000" gets the more telling message.
    if (std::all_of(text.begin(), text.end(), [&](char c) { return c == text.front(); })) {
        return fail("Nomor KK tidak boleh berisi satu angka yang diulang");
    }
    const std::string_view province = text.substr(0, 2);
    if (!is_known_province(province)) {
        return fail("Nomor KK diawali kode provinsi " + std::string(province) +
                    " yang tidak dikenal");
    }
    if (text.substr(12, 4) == "0000") {
        return fail("Nomor urut keluarga di Nomor KK tidak boleh 0000");
    }
    return std::string(text);
}

bool nik_matches_birth_date(const NikInfo& info, const CivilDate& birth_date) {
    return info.birth_day == birth_date.day && info.birth_month == birth_date.month &&
           info.birth_year_2digit == static_cast<unsigned>(birth_date.year % 100);
}

CivilDate nik_birth_date(const NikInfo& info, int reference_year) {
    const int yy = static_cast<int>(info.birth_year_2digit % 100);
    int year = reference_year - ((reference_year % 100 + 100) % 100) + yy;
    if (year > reference_year) year -= 100;
    // 29 Feb of a "00" year exists only in a year divisible by 400, so step back a century at a
    // time; four steps cover every case.
    for (int attempt = 0; attempt < 4; ++attempt, year -= 100) {
        if (is_valid_date(year, info.birth_month, info.birth_day)) {
            return CivilDate{year, info.birth_month, info.birth_day};
        }
    }
    throw std::invalid_argument("NIK birth day and month form no calendar date");
}

}  // namespace ekel::domain

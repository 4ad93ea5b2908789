#include "shared/domain/date.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace ekel::domain {

namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {
    "Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
    "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};

bool read_number(std::string_view text, std::size_t digits, int& out) {
    if (text.size() != digits) return false;
    out = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

}  // namespace

bool is_valid_date(int year, unsigned month, unsigned day) {
    if (year < 1 || year > 9999) return false;
    std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month),
                                    std::chrono::day(day)};
    return ymd.ok();
}

std::optional<CivilDate> parse_date(std::string_view text) {
    int a = 0, b = 0, c = 0;
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        if (!read_number(text.substr(0, 4), 4, a) || !read_number(text.substr(5, 2), 2, b) ||
            !read_number(text.substr(8, 2), 2, c)) {
            return std::nullopt;
        }
        if (!is_valid_date(a, b, c)) return std::nullopt;
        return CivilDate{a, static_cast<unsigned>(b), static_cast<unsigned>(c)};
    }
    if (text.size() == 10 && (text[2] == '-' || text[2] == '/') && text[5] == text[2]) {
        if (!read_number(text.substr(0, 2), 2, a) || !read_number(text.substr(3, 2), 2, b) ||
            !read_number(text.substr(6, 4), 4, c)) {
            return std::nullopt;
        }
        if (!is_valid_date(c, b, a)) return std::nullopt;
        return CivilDate{c, static_cast<unsigned>(b), static_cast<unsigned>(a)};
    }
    return std::nullopt;
}

std::string to_iso(const CivilDate& date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", date.year, date.month, date.day);
    return buffer;
}

std::string_view indonesian_month_name(unsigned month) {
    if (month < 1 || month > 12) throw std::out_of_range("month must be 1..12");
    return kMonthNames[month - 1];
}

std::string_view indonesian_day_name(int iso_weekday) {
    static constexpr std::array<std::string_view, 7> kDayNames = {"Senin", "Selasa", "Rabu",  "Kamis",
                                                                  "Jumat", "Sabtu",  "Minggu"};
    if (iso_weekday < 1 || iso_weekday > 7) throw std::out_of_range("iso_weekday must be 1..7");
    return kDayNames[static_cast<std::size_t>(iso_weekday - 1)];
}

namespace {

std::chrono::sys_days to_days(const CivilDate& date) {
    return std::chrono::year_month_day{std::chrono::year(date.year), std::chrono::month(date.month),
                                       std::chrono::day(date.day)};
}

}  // namespace

int iso_weekday(const CivilDate& date) {
    return static_cast<int>(std::chrono::weekday{to_days(date)}.iso_encoding());
}

CivilDate add_days(const CivilDate& date, int days) {
    std::chrono::year_month_day later{to_days(date) + std::chrono::days(days)};
    return {static_cast<int>(later.year()), static_cast<unsigned>(later.month()), static_cast<unsigned>(later.day())};
}

std::string to_indonesian_long(const CivilDate& date) {
    return std::to_string(date.day) + " " + std::string(indonesian_month_name(date.month)) + " " +
           std::to_string(date.year);
}

}  // namespace ekel::domain

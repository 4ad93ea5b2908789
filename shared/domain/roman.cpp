#include "shared/domain/roman.h"

#include <array>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace ekel::domain {

namespace {

constexpr int kMaxRoman = 3999;

constexpr std::array<std::pair<int, std::string_view>, 13> kNumerals = {{{1000, "M"},
                                                                         {900, "CM"},
                                                                         {500, "D"},
                                                                         {400, "CD"},
                                                                         {100, "C"},
                                                                         {90, "XC"},
                                                                         {50, "L"},
                                                                         {40, "XL"},
                                                                         {10, "X"},
                                                                         {9, "IX"},
                                                                         {5, "V"},
                                                                         {4, "IV"},
                                                                         {1, "I"}}};

}  // namespace

std::string to_roman(int value) {
    if (value < 1 || value > kMaxRoman) {
        throw std::out_of_range("to_roman: value " + std::to_string(value) + " is outside 1..3999");
    }
    std::string result;
    for (const auto& [amount, numeral] : kNumerals) {
        while (value >= amount) {
            result += numeral;
            value -= amount;
        }
    }
    return result;
}

std::string roman_month(unsigned month) {
    if (month < 1 || month > 12) {
        throw std::out_of_range("roman_month: month " + std::to_string(month) +
                                " is outside 1..12");
    }
    return to_roman(static_cast<int>(month));
}

}  // namespace ekel::domain

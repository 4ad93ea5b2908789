#include "shared/domain/roman.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

using ekel::domain::roman_month;
using ekel::domain::to_roman;

TEST_SUITE_BEGIN("domain");

TEST_CASE("numbers from 1 to 3999 are written as Roman numerals with subtractive pairs") {
    struct Case {
        int value;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {1, "I"},
        {3, "III"},
        {4, "IV"},
        {9, "IX"},
        {14, "XIV"},
        {40, "XL"},
        {49, "XLIX"},
        {90, "XC"},
        {400, "CD"},
        {444, "CDXLIV"},
        {900, "CM"},
        {1994, "MCMXCIV"},
        {2026, "MMXXVI"},
        {3888, "MMMDCCCLXXXVIII"},
        {3999, "MMMCMXCIX"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.value);
        CHECK(to_roman(c.value) == c.expected);
    }
}

TEST_CASE("a number outside 1..3999 has no Roman numeral and throws") {
    for (int value : {0, -1, 4000, 10000}) {
        CAPTURE(value);
        CHECK_THROWS_AS(to_roman(value), std::out_of_range);
    }
}

TEST_CASE("the twelve months are I to XII as used in letter numbers") {
    const std::vector<std::string> expected = {"I",   "II",   "III", "IV", "V",  "VI",
                                               "VII", "VIII", "IX",  "X",  "XI", "XII"};
    for (unsigned month = 1; month <= 12; ++month) {
        CAPTURE(month);
        CHECK(roman_month(month) == expected[month - 1]);
    }
}

TEST_CASE("a month outside 1..12 throws") {
    CHECK_THROWS_AS(roman_month(0), std::out_of_range);
    CHECK_THROWS_AS(roman_month(13), std::out_of_range);
}

TEST_SUITE_END();

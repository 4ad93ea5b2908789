#include "shared/util/masking.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using ekel::mask_digit_runs;
using ekel::mask_nik;
using ekel::mask_phone;

TEST_SUITE_BEGIN("util");

struct MaskCase {
    std::string input;
    std::string expected;
};

TEST_CASE("mask_nik shows only the last 4 digits of a NIK and hides anything else entirely") {
    const std::vector<MaskCase> cases = {
        {"6474031208850001", "************0001"},
        {"64740312088500012", "*************0012"},
        {"647403120885000", "***************"},  // one digit short: no tail shown
        {"6474 0312 0885 0001", "*******************"},
        {"1234", "****"},
        {"", ""},
        {"NIKÉ", "****"},  // one '*' per character, not per byte
    };
    for (const auto& c : cases) {
        CAPTURE(c.input);
        CHECK(mask_nik(c.input) == c.expected);
    }
}

TEST_CASE("mask_phone shows the first 4 and last 4 digits and hides short input entirely") {
    const std::vector<MaskCase> cases = {
        {"6281234567890", "6281*****7890"},
        {"+6281234567890", "+6281*****7890"},
        {"6254821234", "6254**1234"},
        {"628123456", "6281*3456"},
        {"62812345", "********"},
        {"0812-3456-7890", "**************"},
        {"", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.input);
        CHECK(mask_phone(c.input) == c.expected);
    }
    // Two phones of one family differ in the last digits: staff must tell them apart.
    CHECK(mask_phone("6281200000001") != mask_phone("6281200000011"));
}

TEST_CASE("mask_digit_runs hides long digit runs in a log line and leaves the rest") {
    const std::vector<MaskCase> cases = {
        {"nik=6474031208850001 status=ok", "nik=************0001 status=ok"},
        {"kk 6474031201230004, hp 6281234567890.", "kk ************0004, hp *********7890."},
        {"6474031208850001", "************0001"},
        {"id 123456789012", "id ********9012"},  // exactly 12 digits
        {"id 12345678901", "id 12345678901"},    // 11 digits: left alone
        {"request 42 on 2026-11-05", "request 42 on 2026-11-05"},
        {"hp 0812-3456-7890", "hp 0812-3456-7890"},
        {"", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.input);
        CHECK(mask_digit_runs(c.input) == c.expected);
    }
}

TEST_SUITE_END();

#include <doctest/doctest.h>

#include <stdexcept>

#include "shared/domain/date.h"

TEST_SUITE_BEGIN("domain");

using namespace ekel::domain;

TEST_CASE("dates are read in ISO and in Indonesian day-month-year order") {
    CHECK(parse_date("1985-08-12") == CivilDate{1985, 8, 12});
    CHECK(parse_date("12-08-1985") == CivilDate{1985, 8, 12});
    CHECK(parse_date("12/08/1985") == CivilDate{1985, 8, 12});
    CHECK_FALSE(parse_date("1985-02-30"));
    CHECK_FALSE(parse_date("31-04-2020"));
    CHECK_FALSE(parse_date("12-08/1985"));
    CHECK_FALSE(parse_date("1985-8-12"));
    CHECK(parse_date("29-02-2024") == CivilDate{2024, 2, 29});
    CHECK_FALSE(parse_date("29-02-2023"));
}

TEST_CASE("dates print with Indonesian month names") {
    CHECK(to_indonesian_long({1985, 8, 12}) == "12 Agustus 1985");
    CHECK(to_indonesian_long({2026, 11, 27}) == "27 November 2026");
    CHECK(to_iso({2026, 1, 5}) == "2026-01-05");
    CHECK_THROWS_AS(indonesian_month_name(13), std::out_of_range);
}

TEST_SUITE_END();

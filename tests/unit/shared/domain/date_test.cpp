#include <doctest/doctest.h>

#include <stdexcept>

#include "shared/domain/date.h"
#include "shared/util/time.h"

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

TEST_CASE("weekdays, day names and day arithmetic across months, years and a leap day") {
    CHECK(iso_weekday({2026, 11, 27}) == 5);  // a Friday
    CHECK(iso_weekday({2026, 11, 29}) == 7);
    CHECK(indonesian_day_name(5) == "Jumat");
    CHECK(indonesian_day_name(7) == "Minggu");
    CHECK_THROWS_AS(indonesian_day_name(0), std::out_of_range);
    CHECK(add_days({2026, 11, 30}, 1) == CivilDate{2026, 12, 1});
    CHECK(add_days({2026, 12, 31}, 1) == CivilDate{2027, 1, 1});
    CHECK(add_days({2028, 3, 1}, -1) == CivilDate{2028, 2, 29});
}

TEST_CASE("a local date and minute become the UTC moment, and minutes read as a time of day") {
    using ekel::format_utc;
    CHECK(format_utc(ekel::local_to_utc({2026, 11, 30}, 8 * 60, 480)) == "2026-11-30T00:00:00Z");  // 08.00 WITA
    CHECK(format_utc(ekel::local_to_utc({2026, 12, 1}, 0, 420)) == "2026-11-30T17:00:00Z");        // midnight WIB
    CHECK(ekel::clock_text(8 * 60) == "08.00");
    CHECK(ekel::clock_text(15 * 60 + 30) == "15.30");
}

TEST_SUITE_END();

#include <doctest/doctest.h>

#include "shared/services/office_hours.h"
#include "shared/util/time.h"

TEST_SUITE_BEGIN("services");

using namespace ekel;

TEST_CASE("office time follows days, hours and holidays in the kelurahan's time zone") {
    config::WorkflowConfig workflow;
    workflow.holidays = {"2026-12-25"};
    services::OfficeHours office(workflow, 480);
    // Friday 27 November 2026, 10:00 WITA = 02:00 UTC.
    CHECK(office.is_open(*parse_utc("2026-11-27T02:00:00Z")));
    // 16:30 WITA on the same day is closed; next opening is Monday 08:00 WITA.
    auto evening = *parse_utc("2026-11-27T08:30:00Z");
    CHECK_FALSE(office.is_open(evening));
    CHECK(format_utc(office.next_opening(evening)) == "2026-11-30T00:00:00Z");
    CHECK(office.describe(office.next_opening(evening)) == "Senin, 30 November 2026 pukul 08.00 WITA");
    // Christmas Day is a Friday and a holiday: closed all day, reopening on Monday the 28th.
    auto christmas = *parse_utc("2026-12-25T02:00:00Z");
    CHECK_FALSE(office.is_open(christmas));
    CHECK(format_utc(office.next_opening(christmas)) == "2026-12-28T00:00:00Z");
    CHECK(office.describe_schedule() == "Senin–Jumat 08.00–16.00 WITA");
}

TEST_SUITE_END();

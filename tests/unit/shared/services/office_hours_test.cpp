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

namespace {

TimePoint utc(const char* text) { return *parse_utc(text); }

config::WorkflowConfig christmas_workflow() {
    config::WorkflowConfig workflow;
    workflow.holidays = {"2026-12-25"};
    return workflow;
}

}  // namespace

TEST_SUITE_BEGIN("services");

TEST_CASE("office time within one office day is the plain difference, clipped to opening hours") {
    auto workflow = christmas_workflow();
    services::OfficeHours office(workflow, 480);
    // Friday 27 November 2026, 10:00 → 13:30 WITA.
    CHECK(office.office_time_between(utc("2026-11-27T02:00:00Z"), utc("2026-11-27T05:30:00Z")) ==
          std::chrono::minutes(210));
    // 06:00 → 20:00 WITA on the same day counts only 08:00–16:00.
    CHECK(office.office_time_between(utc("2026-11-26T22:00:00Z"), utc("2026-11-27T12:00:00Z")) ==
          std::chrono::hours(8));
    // Seconds below a full minute are not counted as a minute.
    CHECK(office.office_time_between(utc("2026-11-27T02:00:00Z"), utc("2026-11-27T02:00:59Z")) ==
          std::chrono::minutes(0));
}

TEST_CASE("office time skips the night and the weekend") {
    auto workflow = christmas_workflow();
    services::OfficeHours office(workflow, 480);
    // Friday 15:00 WITA → Monday 09:00 WITA: one hour on Friday and one on Monday.
    CHECK(office.office_time_between(utc("2026-11-27T07:00:00Z"), utc("2026-11-30T01:00:00Z")) ==
          std::chrono::minutes(120));
    // A whole week from Monday 08:00 to the next Monday 08:00 is five office days.
    CHECK(office.office_time_between(utc("2026-11-30T00:00:00Z"), utc("2026-12-07T00:00:00Z")) ==
          std::chrono::hours(40));
}

TEST_CASE("office time does not count a holiday") {
    auto workflow = christmas_workflow();
    services::OfficeHours office(workflow, 480);
    // Thursday 24 December 15:00 WITA → Monday 28 December 09:00 WITA; Friday the 25th is Christmas.
    CHECK(office.office_time_between(utc("2026-12-24T07:00:00Z"), utc("2026-12-28T01:00:00Z")) ==
          std::chrono::minutes(120));
    // Without the holiday the same span has a full Friday in it.
    config::WorkflowConfig no_holidays;
    services::OfficeHours ordinary(no_holidays, 480);
    CHECK(ordinary.office_time_between(utc("2026-12-24T07:00:00Z"), utc("2026-12-28T01:00:00Z")) ==
          std::chrono::minutes(120 + 480));
    // The holiday alone is worth nothing.
    CHECK(office.office_time_between(utc("2026-12-24T16:00:00Z"), utc("2026-12-25T15:59:00Z")) ==
          std::chrono::minutes(0));
}

TEST_CASE("office time between two moments outside office hours counts the office days in between") {
    auto workflow = christmas_workflow();
    services::OfficeHours office(workflow, 480);
    // Friday 20:00 WITA → Monday 07:00 WITA: nothing.
    CHECK(office.office_time_between(utc("2026-11-27T12:00:00Z"), utc("2026-11-29T23:00:00Z")) ==
          std::chrono::minutes(0));
    // Saturday 10:00 WITA → Monday 12:00 WITA: four hours on Monday.
    CHECK(office.office_time_between(utc("2026-11-28T02:00:00Z"), utc("2026-11-30T04:00:00Z")) ==
          std::chrono::hours(4));
    // Monday 18:00 WITA → Wednesday 06:00 WITA: all of Tuesday.
    CHECK(office.office_time_between(utc("2026-11-30T10:00:00Z"), utc("2026-12-01T22:00:00Z")) ==
          std::chrono::hours(8));
}

TEST_CASE("office time is zero when the end is not after the start") {
    auto workflow = christmas_workflow();
    services::OfficeHours office(workflow, 480);
    auto friday_ten = utc("2026-11-27T02:00:00Z");
    CHECK(office.office_time_between(friday_ten, friday_ten) == std::chrono::minutes(0));
    CHECK(office.office_time_between(friday_ten, utc("2026-11-26T02:00:00Z")) == std::chrono::minutes(0));
}

TEST_CASE("office time follows the kelurahan's own time zone") {
    config::WorkflowConfig workflow;
    // 01:00–09:00 UTC on Friday 27 November is 08:00–16:00 WIB: a whole office day in Java…
    services::OfficeHours wib(workflow, 420);
    CHECK(wib.office_time_between(utc("2026-11-27T01:00:00Z"), utc("2026-11-27T09:00:00Z")) ==
          std::chrono::hours(8));
    // …but 09:00–17:00 WITA in Bontang, of which 09:00–16:00 counts.
    services::OfficeHours wita(workflow, 480);
    CHECK(wita.office_time_between(utc("2026-11-27T01:00:00Z"), utc("2026-11-27T09:00:00Z")) ==
          std::chrono::hours(7));
    // In WIT the office day starts on the previous UTC date: 23:00 UTC Thursday is Friday 08:00 WIT.
    services::OfficeHours wit(workflow, 540);
    CHECK(wit.office_time_between(utc("2026-11-26T23:00:00Z"), utc("2026-11-27T07:00:00Z")) ==
          std::chrono::hours(8));
    // Friday 15:00 WIB → Monday 09:00 WIB.
    CHECK(wib.office_time_between(utc("2026-11-27T08:00:00Z"), utc("2026-11-30T02:00:00Z")) ==
          std::chrono::minutes(120));
}

TEST_CASE("office time honours configured office days and hours") {
    config::WorkflowConfig workflow;
    workflow.office_days = {1, 2, 3, 4, 5, 6};  // Saturday is an office day too
    workflow.office_opens = "07:30";
    workflow.office_closes = "12:00";
    services::OfficeHours office(workflow, 480);
    // Friday 12:00 WITA → Monday 07:30 WITA: only Saturday 07:30–12:00.
    CHECK(office.office_time_between(utc("2026-11-27T04:00:00Z"), utc("2026-11-29T23:30:00Z")) ==
          std::chrono::minutes(270));
}

TEST_SUITE_END();

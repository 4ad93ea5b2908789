#include <doctest/doctest.h>

#include "shared/db/store.h"
#include "shared/services/request_service.h"
#include "shared/util/time.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("services");

using namespace ekel;
using domain::RequestStatus;

namespace {

struct RequestFixture : test::TempDatabase {
    RequestFixture()
        : store(config.database.target(), config.database.busy_timeout_ms),
          clock(*parse_utc("2026-11-27T02:00:00Z")),
          service(store, clock, config.kelurahan) {
        rt_id = test::add_rt(store, 1);
    }

    services::NewRequest new_request() const {
        services::NewRequest r;
        r.applicant_name = "Warga Contoh";
        r.applicant_phone = "6281234567890";
        r.letter_type = "sktm";
        r.purpose = "sekolah anak";
        r.rt_id = rt_id;
        return r;
    }

    db::Store store;
    ManualClock clock;
    services::RequestService service;
    std::int64_t rt_id = 0;
    domain::Actor citizen{domain::ActorKind::citizen, "6281234567890"};
    domain::Actor rt_head{domain::ActorKind::rt, "6281100000011"};
};

}  // namespace

TEST_CASE_FIXTURE(RequestFixture, "a submitted request gets a public code for the month in WITA and an event") {
    auto first = service.submit(new_request(), citizen);
    CHECK(first.code == "BLB-2611-0001");
    CHECK(first.status == RequestStatus::submitted);
    CHECK(service.submit(new_request(), citizen).code == "BLB-2611-0002");

    // 30 November 17:00 UTC is already 1 December 01:00 in Bontang.
    clock.set(*parse_utc("2026-11-30T17:00:00Z"));
    CHECK(service.submit(new_request(), citizen).code == "BLB-2612-0001");

    auto events = store.events.list_for(first.id);
    REQUIRE(events.size() == 1);
    CHECK(events[0].action == "submitted");
    CHECK(events[0].to_status == RequestStatus::submitted);
    CHECK(events[0].actor.kind == domain::ActorKind::citizen);
}

TEST_CASE_FIXTURE(RequestFixture, "legal transitions update the request and append one event each") {
    auto request = service.submit(new_request(), citizen);
    clock.advance(std::chrono::hours(2));
    auto approved = service.change_status(request.id, RequestStatus::rt_approved, rt_head, "warga kami");
    CHECK(approved.status == RequestStatus::rt_approved);
    CHECK(approved.rt_decided_at == std::optional<std::string>("2026-11-27T04:00:00Z"));
    auto issued = service.change_status(request.id, RequestStatus::issued, {domain::ActorKind::staff, "lurah"}, "");
    CHECK(issued.issued_at.has_value());
    service.change_status(request.id, RequestStatus::collected, {domain::ActorKind::staff, "operator"}, "");

    auto stored = store.requests.find_by_id(request.id);
    REQUIRE(stored);
    CHECK(stored->status == RequestStatus::collected);
    CHECK(stored->closed_at.has_value());
    auto events = store.events.list_for(request.id);
    REQUIRE(events.size() == 4);
    CHECK(events[1].from_status == RequestStatus::submitted);
    CHECK(events[1].to_status == RequestStatus::rt_approved);
    CHECK(events[1].note == "warga kami");
    CHECK(events[1].actor.id == "6281100000011");
}

TEST_CASE_FIXTURE(RequestFixture, "an illegal transition throws and writes nothing") {
    auto request = service.submit(new_request(), citizen);
    CHECK_THROWS_AS(service.change_status(request.id, RequestStatus::issued, rt_head, ""),
                    domain::InvalidTransition);
    service.change_status(request.id, RequestStatus::cancelled, citizen, "salah pilih");
    CHECK_THROWS_AS(service.change_status(request.id, RequestStatus::rt_approved, rt_head, ""),
                    domain::InvalidTransition);
    auto stored = store.requests.find_by_id(request.id);
    CHECK(stored->status == RequestStatus::cancelled);
    CHECK(store.events.list_for(request.id).size() == 2);
}

TEST_CASE_FIXTURE(RequestFixture, "changing an unknown request is an error") {
    CHECK_THROWS_AS(service.change_status(4242, RequestStatus::rt_approved, rt_head, ""), Error);
}

TEST_CASE("request codes widen past 9999 instead of wrapping") {
    CHECK(services::format_request_code("BLB", "2611", 42) == "BLB-2611-0042");
    CHECK(services::format_request_code("BLB", "2611", 12345) == "BLB-2611-12345");
}

TEST_SUITE_END();

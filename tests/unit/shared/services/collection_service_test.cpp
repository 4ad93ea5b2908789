#include <doctest/doctest.h>

#include <latch>
#include <thread>

#include "shared/config/letter_types.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/collection_service.h"
#include "shared/services/request_service.h"
#include "shared/util/time.h"
#include "tests/support/sql_value.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("services");

using namespace ekel;
using domain::RequestStatus;
using services::BookingOutcome;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct CollectionFixture : test::TempDatabase {
    CollectionFixture()
        : store(config.database.target(), config.database.busy_timeout_ms),
          clock(*parse_utc("2026-11-27T02:00:00Z")),  // Friday 10.00 WITA
          catalog(config::load_letter_types(test::repo_path("config/letter_types.toml"))) {
        config.workflow.holidays = {"2026-11-30"};  // Monday
        config.collection.slot_minutes = 60;
        config.collection.slot_capacity = 2;
        config.collection.lead_minutes = 60;
        // The other tests here are about the clock grid, capacity and reminders: without breaks
        // their slots stay easy to count. The breaks have tests of their own, with these.
        shipped_breaks = config.collection.breaks;
        config.collection.breaks.clear();
        rt_id = test::add_rt(store, 1, "Budi Santoso", "6281100000011");
    }

    /// An issued request of `type` for `phone`.
    domain::Request issued(const std::string& phone, const std::string& type = "sktm") {
        services::RequestService requests(store, clock, config.kelurahan);
        services::NewRequest n;
        n.applicant_name = "Warga " + phone.substr(phone.size() - 3);
        n.applicant_phone = phone;
        n.letter_type = type;
        n.purpose = "sekolah anak";
        n.rt_id = rt_id;
        auto r = requests.submit(n, {domain::ActorKind::citizen, phone});
        requests.change_status(r.id, RequestStatus::rt_approved, {domain::ActorKind::rt, "62811", "Ketua"}, "");
        return requests.change_status(r.id, RequestStatus::issued, {domain::ActorKind::staff, "lurah", "Lurah"}, "");
    }

    services::BookingResult book(const domain::Request& r, const std::string& slot, TimePoint now) {
        services::CollectionService service(store, config, catalog);
        db::WriteTransaction tx(store.db());
        auto result = service.book_in_transaction(r.code, r.applicant_phone, *service.parse_slot_id(slot), now);
        tx.commit();
        return result;
    }

    db::Store store;
    ManualClock clock;
    config::LetterCatalog catalog;
    std::vector<config::CollectionBreak> shipped_breaks;
    std::int64_t rt_id = 0;
};

std::vector<std::string> slot_ids(const services::CollectionService& service,
                                  const std::vector<services::CollectionSlot>& slots) {
    std::vector<std::string> ids;
    for (const auto& slot : slots) ids.push_back(service.slot_id(slot.start));
    return ids;
}

}  // namespace

TEST_CASE_FIXTURE(CollectionFixture, "slots run in office hours after the lead time and skip weekends and holidays") {
    services::CollectionService service(store, config, catalog);
    auto slots = service.open_slots(clock.now(), std::nullopt, 100);
    REQUIRE(slots.size() >= 6);
    CHECK(service.slot_id(slots[0].start) == "202611271100");
    CHECK(service.slot_id(slots[4].start) == "202611271500");  // 15.00–16.00 is the last
    CHECK(service.slot_id(slots[5].start) == "202612010800");  // not Saturday, Sunday, or Monday's holiday
    CHECK(slots[0].free == 2);
    auto days = service.open_days(clock.now());
    REQUIRE(days.size() == static_cast<std::size_t>(config.collection.days_ahead));
    for (const auto& d : days) CHECK(domain::to_iso(d.date) != "2026-11-30");
    CHECK(days[1].free == 16);  // eight slots of two places
    CHECK(service.describe_slot(slots[0].start) == "Jumat, 27 November 2026 pukul 11.00–12.00 WITA");

    // A row of the offer names its time once, in a title WhatsApp shows whole (24 characters).
    domain::Request request;
    request.code = "BLB-2611-0001";
    auto offer = service.slot_offer(request, "6281234567890", clock.now(), "Surat sudah terbit.");
    REQUIRE_FALSE(offer.sections.empty());
    const auto& first = offer.sections[0].rows.at(0);
    CHECK(first.title == "Jum 27/11 11.00–12.00");
    CHECK(first.description == "sisa 2 tempat");
}

TEST_CASE_FIXTURE(CollectionFixture, "queue numbers follow the clock, a full slot is refused, and a move frees the place") {
    auto a = issued("6281200000001");
    auto b = issued("6281200000002");
    auto c = issued("6281200000003");
    auto first = book(a, "202612010900", clock.now());
    CHECK(first.outcome == BookingOutcome::booked);
    CHECK(first.booking.queue_number == 3);  // second slot of the day: 1 × 2 + 1
    CHECK(book(b, "202612010900", clock.now()).booking.queue_number == 4);
    CHECK(book(c, "202612010900", clock.now()).outcome == BookingOutcome::full);
    CHECK(book(a, "202612010900", clock.now()).outcome == BookingOutcome::unchanged);

    auto moved = book(a, "202612010800", clock.now());
    CHECK(moved.outcome == BookingOutcome::moved);
    CHECK(moved.booking.queue_number == 1);
    CHECK(moved.booking.moves == 1);
    auto freed = book(c, "202612010900", clock.now());
    CHECK(freed.outcome == BookingOutcome::booked);
    CHECK(freed.booking.queue_number == 3);  // the place a left
    services::CollectionService service(store, config, catalog);
    auto slots = service.open_slots(clock.now(), domain::CivilDate{2026, 12, 1}, 10);
    CHECK(service.slot_id(slots[0].start) == "202612010800");
    CHECK(slots[0].free == 1);
    CHECK(service.slot_id(slots[1].start) == "202612011000");  // 09.00 is full and not offered
}

TEST_CASE_FIXTURE(CollectionFixture, "only a slot we offer can be booked, only by the applicant, only for an issued letter to collect") {
    auto a = issued("6281200000001");
    CHECK(book(a, "202611270930", clock.now()).outcome == BookingOutcome::unavailable);  // not a slot start
    CHECK(book(a, "202611281000", clock.now()).outcome == BookingOutcome::unavailable);  // Saturday
    CHECK(book(a, "202611301000", clock.now()).outcome == BookingOutcome::unavailable);  // the holiday
    CHECK(book(a, "202611270900", clock.now()).outcome == BookingOutcome::unavailable);  // already past
    CHECK(book(a, "202701040800", clock.now()).outcome == BookingOutcome::unavailable);  // beyond days_ahead
    // A slot offered stays bookable until it starts, even inside the lead time.
    CHECK(book(a, "202611271100", clock.now() + std::chrono::minutes(30)).outcome == BookingOutcome::booked);

    auto digital = issued("6281200000002", "domisili");
    services::CollectionService service(store, config, catalog);
    db::WriteTransaction tx(store.db());
    CHECK(service.book_in_transaction(a.code, "6281299999999", *service.parse_slot_id("202611271200"), clock.now())
              .outcome == BookingOutcome::not_found);
    CHECK(service.book_in_transaction(digital.code, digital.applicant_phone, *service.parse_slot_id("202611271200"),
                                      clock.now())
              .outcome == BookingOutcome::not_needed);
    tx.commit();
    CHECK_FALSE(service.parse_slot_id("2026112712").has_value());
    CHECK_FALSE(service.parse_slot_id("202613011200").has_value());
}

TEST_CASE_FIXTURE(CollectionFixture, "two connections racing for the last place: exactly one books it") {
    config.collection.slot_capacity = 1;
    auto a = issued("6281200000001");
    auto b = issued("6281200000002");
    std::latch start(2);
    std::array<BookingOutcome, 2> outcomes{};
    auto race = [&](const domain::Request& r, std::size_t i) {
        db::Store own(config.database.target(), 5000);
        services::CollectionService service(own, config, catalog);
        start.arrive_and_wait();
        db::WriteTransaction tx(own.db());
        outcomes[i] = service.book_in_transaction(r.code, r.applicant_phone, *service.parse_slot_id("202612011000"),
                                                  clock.now())
                          .outcome;
        tx.commit();
    };
    std::thread t1(race, a, 0);
    std::thread t2(race, b, 1);
    t1.join();
    t2.join();
    CHECK((outcomes[0] == BookingOutcome::booked) != (outcomes[1] == BookingOutcome::booked));
    CHECK((outcomes[0] == BookingOutcome::full || outcomes[1] == BookingOutcome::full));
    CHECK(test::sql_value(store.db(), "SELECT COUNT(*) FROM collection_bookings").getInt() == 1);
}

TEST_CASE_FIXTURE(CollectionFixture, "the morning reminder goes once, on the slot's day from the reminder hour, only for letters not yet collected") {
    auto a = issued("6281200000001");
    auto b = issued("6281200000002");
    book(a, "202612010900", clock.now());
    book(b, "202612011400", clock.now());
    services::CollectionService service(store, config, catalog);
    {
        db::WriteTransaction tx(store.db());
        REQUIRE(service.mark_collected_in_transaction(b.id, {domain::ActorKind::staff, "operator", "Operator"}, clock.now()));
        tx.commit();
    }
    CHECK(store.requests.find_by_id(b.id)->status == RequestStatus::collected);
    CHECK(store.surveys.open_for(b.applicant_phone).has_value());  // collected: invited to the survey

    CHECK(service.send_reminders(*parse_utc("2026-11-30T22:30:00Z")) == 0);  // Tuesday 1 December 06.30 WITA
    CHECK(service.send_reminders(*parse_utc("2026-11-30T23:30:00Z")) == 1);  // 07.30: a only, b was collected
    CHECK(service.send_reminders(*parse_utc("2026-12-01T00:00:00Z")) == 0);  // once
    auto sent = store.outbox.list_for_recipient(a.applicant_phone, 0, 50);
    REQUIRE_FALSE(sent.empty());
    CHECK(contains(sent.back().payload_json, "Pengingat pengambilan surat"));
    CHECK(contains(sent.back().payload_json, "Nomor antrean: *3*"));
    CHECK(store.outbox.list_for_recipient(b.applicant_phone, 0, 50).size() == 1);  // the survey invitation only

    // A letter cannot be handed over twice.
    db::WriteTransaction tx(store.db());
    CHECK_FALSE(service.mark_collected_in_transaction(b.id, {domain::ActorKind::staff, "operator", "Operator"}, clock.now()));
}

TEST_CASE_FIXTURE(CollectionFixture, "no slot overlapping lunch or Friday prayers is offered or bookable") {
    config.collection.breaks = shipped_breaks;  // 12:00-13:00 every day, Friday 11:30-13:30
    services::CollectionService service(store, config, catalog);
    // Friday 27 November from 11.00 (the lead time): 11.00, 12.00 and 13.00 touch the prayers.
    CHECK(slot_ids(service, service.open_slots(clock.now(), domain::CivilDate{2026, 11, 27}, 20)) ==
          std::vector<std::string>{"202611271400", "202611271500"});
    // Tuesday 1 December: everything but the lunch hour.
    CHECK(slot_ids(service, service.open_slots(clock.now(), domain::CivilDate{2026, 12, 1}, 20)) ==
          std::vector<std::string>{"202612010800", "202612010900", "202612011000", "202612011100",
                                   "202612011300", "202612011400", "202612011500"});
    auto days = service.open_days(clock.now());
    REQUIRE(days.size() >= 2);
    CHECK(days[0].free == 4);   // Friday: two slots of two places
    CHECK(days[1].free == 14);  // Tuesday: seven slots

    domain::Request request;
    request.code = "BLB-2611-0001";
    auto offer = service.slot_offer(request, "6281234567890", clock.now(), "Surat sudah terbit.");
    REQUIRE_FALSE(offer.sections.empty());
    CHECK(offer.sections[0].rows.at(0).title == "Jum 27/11 14.00–15.00");
    CHECK(offer.sections[0].rows.at(2).title == "Sel 01/12 08.00–09.00");

    auto a = issued("6281200000001");
    CHECK(book(a, "202611271200", clock.now()).outcome == BookingOutcome::unavailable);  // Friday prayers
    CHECK(book(a, "202611271300", clock.now()).outcome == BookingOutcome::unavailable);  // ends them
    CHECK(book(a, "202612011200", clock.now()).outcome == BookingOutcome::unavailable);  // lunch
    auto booked = book(a, "202612011300", clock.now());
    CHECK(booked.outcome == BookingOutcome::booked);
    CHECK(booked.booking.queue_number == 11);  // the clock's sixth slot: 5 × 2 + 1, as without breaks
}

TEST_CASE_FIXTURE(CollectionFixture, "a booking in a slot that a later break covers is kept: shown, reminded and collected") {
    auto a = issued("6281200000001");
    REQUIRE(book(a, "202612011200", clock.now()).outcome == BookingOutcome::booked);  // before lunch was configured
    config.collection.breaks = shipped_breaks;
    services::CollectionService service(store, config, catalog);
    for (const auto& slot : service.open_slots(clock.now(), domain::CivilDate{2026, 12, 1}, 20)) {
        CHECK(service.slot_id(slot.start) != "202612011200");  // not offered to anyone else
    }
    // The holder's repeat tap keeps it, the description names its time once, the reminder comes.
    CHECK(book(a, "202612011200", clock.now()).outcome == BookingOutcome::unchanged);
    auto kept = store.bookings.find(a.id);
    REQUIRE(kept);
    CHECK(service.describe_slot(*parse_utc(kept->slot_start)) == "Selasa, 1 Desember 2026 pukul 12.00–13.00 WITA");
    CHECK(service.slot_hours(*parse_utc(kept->slot_start)) == "12.00–13.00");
    CHECK(service.send_reminders(*parse_utc("2026-11-30T23:30:00Z")) == 1);  // Tuesday 07.30
    auto sent = store.outbox.list_for_recipient(a.applicant_phone, 0, 50);
    REQUIRE_FALSE(sent.empty());
    CHECK(contains(sent.back().payload_json, "pukul 12.00–13.00 WITA"));
    db::WriteTransaction tx(store.db());
    CHECK(service.mark_collected_in_transaction(a.id, {domain::ActorKind::staff, "operator", "Operator"}, clock.now()));
    tx.commit();
}

TEST_SUITE_END();

#include <doctest/doctest.h>

#include "shared/db/connection.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("db");

using namespace ekel;

namespace {

domain::Rt add_rt(db::Store& store, int number, int rw_number, const std::string& head_phone = "") {
    domain::Rw rw;
    rw.number = rw_number;
    domain::Rt rt;
    rt.number = number;
    rt.rw_id = store.rts.upsert_rw(rw);
    rt.head_name = "Ketua " + std::to_string(number);
    rt.head_phone = head_phone;
    rt.id = store.rts.upsert_rt(rt, "2026-11-27T00:00:00Z");
    return rt;
}

domain::Resident resident(const std::string& nik, const std::string& kk, std::int64_t rt_id) {
    domain::Resident r;
    r.nik = nik;
    r.kk = kk;
    r.full_name = "Warga " + nik.substr(12);
    r.sex = 'L';
    r.birth_place = "Bontang";
    r.birth_date = {1985, 8, 12};
    r.religion = "Islam";
    r.marital_status = "Kawin";
    r.occupation = "Wiraswasta";
    r.address = "Jl. Pelita No. 1";
    r.rt_id = rt_id;
    return r;
}

}  // namespace

TEST_CASE_FIXTURE(test::TempDatabase, "residents are upserted by NIK and found by verified phone and KK") {
    db::Store store(config.database.target(), config.database.busy_timeout_ms);
    auto rt = add_rt(store, 3, 1);
    auto head = resident("6474031208850001", "6474030101100001", rt.id);
    head.family_role = "Kepala Keluarga";
    CHECK(store.residents.upsert(head, "2026-11-27T00:00:00Z") == db::ResidentRepository::Upserted::inserted);
    auto child = resident("6474035503100002", "6474030101100001", rt.id);
    child.family_role = "Anak";
    child.birth_date = {2010, 3, 15};
    store.residents.upsert(child, "2026-11-27T00:00:00Z");

    head.full_name = "Nama Baru";
    CHECK(store.residents.upsert(head, "2026-11-28T00:00:00Z") == db::ResidentRepository::Upserted::updated);
    CHECK(store.residents.count() == 2);
    auto found = store.residents.find_by_nik("6474031208850001");
    REQUIRE(found);
    CHECK(found->full_name == "Nama Baru");
    CHECK(found->rt_number == 3);
    CHECK(found->rw_number == 1);
    CHECK(found->birth_date == domain::CivilDate{1985, 8, 12});

    store.residents.add_verified_phone(head.id, "6281234567890", domain::PhoneVerification::registry, "t");
    store.residents.add_verified_phone(head.id, "6281234567890", domain::PhoneVerification::staff, "t");
    auto by_phone = store.residents.find_by_verified_phone("6281234567890");
    REQUIRE(by_phone.size() == 1);
    CHECK(by_phone[0].nik == "6474031208850001");
    CHECK(store.residents.find_by_verified_phone("6281200000000").empty());

    auto family = store.residents.family_of("6474030101100001");
    REQUIRE(family.size() == 2);
    CHECK(family[0].family_role == "Kepala Keluarga");
}

TEST_CASE_FIXTURE(test::TempDatabase, "RTs are found by number and by their officers' phones") {
    db::Store store(config.database.target(), config.database.busy_timeout_ms);
    add_rt(store, 5, 2, "6281100000051");
    auto rt = store.rts.find_by_number(5);
    REQUIRE(rt);
    CHECK(rt->rw_number == 2);
    CHECK(rt->deputy_phone.empty());
    CHECK(store.rts.find_by_officer_phone("6281100000051").size() == 1);
    CHECK_FALSE(store.rts.find_by_number(6));
}

TEST_CASE_FIXTURE(test::TempDatabase, "a resident cannot point at an RT that does not exist") {
    db::Store store(config.database.target(), config.database.busy_timeout_ms);
    auto orphan = resident("6474031208850001", "6474030101100001", 999);
    CHECK_THROWS_AS(store.residents.upsert(orphan, "t"), db::DatabaseError);
}

TEST_CASE_FIXTURE(test::TempDatabase, "the audit trail refuses updates and deletes") {
    db::Store store(config.database.target(), config.database.busy_timeout_ms);
    auto rt = add_rt(store, 1, 1);
    domain::Request request;
    request.code = "BLB-2611-0001";
    request.applicant_name = "Warga";
    request.letter_type = "domisili";
    request.rt_id = rt.id;
    request.created_at = request.updated_at = "2026-11-27T00:00:00Z";
    store.requests.insert(request);
    domain::RequestEvent event;
    event.request_id = request.id;
    event.at = "2026-11-27T00:00:00Z";
    event.action = "submitted";
    store.events.append(event);
    CHECK_THROWS_WITH_AS(store.db().exec("UPDATE request_events SET note = 'x'"),
                         doctest::Contains("append-only"), db::DatabaseError);
    CHECK_THROWS_WITH_AS(store.db().exec("DELETE FROM request_events"), doctest::Contains("append-only"),
                         db::DatabaseError);
    CHECK(store.events.list_for(request.id).size() == 1);
    CHECK(store.requests.find_by_code("blb-2611-0001"));
}

TEST_CASE_FIXTURE(test::TempDatabase, "request code counters run per month from 1") {
    db::Store store(config.database.target(), config.database.busy_timeout_ms);
    CHECK(store.requests.next_code_number("2611") == 1);
    CHECK(store.requests.next_code_number("2611") == 2);
    CHECK(store.requests.next_code_number("2612") == 1);
}

TEST_SUITE_END();

namespace {

/// Another connection commits a write, then `store` opens a write transaction: it fails at once
/// with "database is locked" when one of its statements still holds an older read snapshot.
void write_elsewhere_then_here(const test::TempDatabase& database, db::Store& store) {
    {
        db::Store other(database.config.database.target(), database.config.database.busy_timeout_ms);
        db::WriteTransaction tx(other.db());
        add_rt(other, 9, 9);
        tx.commit();
    }
    db::WriteTransaction tx(store.db());
    add_rt(store, 10, 9);
    tx.commit();
}

}  // namespace

TEST_CASE_FIXTURE(test::TempDatabase, "a lookup that finds its row leaves no read snapshot open on a pooled connection") {
    db::Store store(config.database.target(), config.database.busy_timeout_ms);
    domain::StaffUser user;
    user.username = "operator";
    user.full_name = "Operator";
    user.password_hash = "x";
    store.staff.upsert(user, "2026-11-27T00:00:00Z");
    user = *store.staff.find_by_username("operator");

    SUBCASE("a known session device") {
        store.sessions.remember_device(std::string(64, 'a'), user.id, "2026-11-27T00:00:00Z");
        REQUIRE(store.sessions.is_device_of(std::string(64, 'a'), user.id));
    }
    SUBCASE("an open staff notice") {
        db::StaffNotice notice;
        notice.kind = "citizen_handoff";
        notice.text = "Warga minta bicara dengan petugas";
        notice.created_at = "2026-11-27T00:00:00Z";
        notice.sender_key = "6281234567001";
        store.notices.add(notice);
        REQUIRE(store.notices.find_open(notice.id));
    }
    CHECK_NOTHROW(write_elsewhere_then_here(*this, store));
    CHECK(store.rts.find_by_number(10));
}

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "shared/db/request_repository.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("db");

using namespace ekel;
using db::RequestFilter;
using domain::Channel;
using domain::RequestStatus;

namespace {

struct SearchFixture : test::TempDatabase {
    SearchFixture() : store(config.database.target(), config.database.busy_timeout_ms) {
        domain::Rw rw;
        rw.number = 1;
        const auto rw_id = store.rts.upsert_rw(rw);
        for (int n : {1, 2}) {
            domain::Rt rt;
            rt.number = n;
            rt.rw_id = rw_id;
            rt.head_name = "Ketua " + std::to_string(n);
            (n == 1 ? rt1 : rt2) = store.rts.upsert_rt(rt, "2026-01-01T00:00:00Z");
        }
        domain::Resident r;
        r.nik = "6474031208850001";
        r.kk = "6474030101100001";
        r.full_name = "Budi Santoso";
        r.birth_date = domain::CivilDate{1985, 8, 12};
        r.rt_id = rt1;
        db::WriteTransaction tx(store.db());
        store.residents.upsert(r, "2026-01-01T00:00:00Z");
        tx.commit();
        resident_id = r.id;
    }

    struct Spec {
        std::string name = "Warga";
        std::string type = "domisili";
        std::int64_t rt = 0;
        Channel channel = Channel::whatsapp;
        std::string created_at = "2026-11-10T02:00:00Z";
        RequestStatus status = RequestStatus::submitted;
        std::optional<std::int64_t> resident = std::nullopt;
    };

    /// Inserts a request with the next code BLB-2611-NNNN.
    domain::Request add(Spec s) {
        domain::Request r;
        r.code = "BLB-2611-" + std::string(4 - std::to_string(next + 1).size(), '0') + std::to_string(next + 1);
        ++next;
        r.resident_id = s.resident;
        r.applicant_name = s.name;
        r.applicant_phone = "6281234567890";
        r.letter_type = s.type;
        r.status = s.status;
        r.rt_id = s.rt ? s.rt : rt1;
        r.channel = s.channel;
        r.created_at = s.created_at;
        r.updated_at = s.created_at;
        store.requests.insert(r);
        return r;
    }

    static std::vector<std::string> codes(const std::vector<domain::Request>& rows) {
        std::vector<std::string> out;
        for (const auto& r : rows) out.push_back(r.code);
        return out;
    }

    std::vector<std::string> search(const RequestFilter& f, int limit = 100) {
        return codes(store.requests.search(f, limit));
    }

    void set_status(domain::Request& r, RequestStatus to) {
        r.status = to;
        store.requests.update_status(r);
    }

    db::Store store;
    std::int64_t rt1 = 0;
    std::int64_t rt2 = 0;
    std::int64_t resident_id = 0;
    int next = 0;
};

}  // namespace

TEST_CASE_FIXTURE(SearchFixture, "an empty filter lists every request newest first") {
    auto a = add({.created_at = "2026-11-10T02:00:00Z"});
    auto b = add({.created_at = "2026-11-12T02:00:00Z"});
    auto c = add({.created_at = "2026-11-11T02:00:00Z"});
    CHECK(search({}) == std::vector<std::string>{b.code, c.code, a.code});
    CHECK(search({}, 2) == std::vector<std::string>{b.code, c.code});
}

TEST_CASE_FIXTURE(SearchFixture, "search filters by status, letter type, RT and channel") {
    auto a = add({.type = "domisili", .rt = rt1, .channel = Channel::whatsapp, .created_at = "2026-11-10T01:00:00Z"});
    auto b = add({.type = "sktm", .rt = rt1, .channel = Channel::walk_in, .created_at = "2026-11-10T02:00:00Z",
                  .status = RequestStatus::rt_approved});
    auto c = add({.type = "domisili", .rt = rt2, .channel = Channel::walk_in, .created_at = "2026-11-10T03:00:00Z",
                  .status = RequestStatus::rt_approved});
    auto d = add({.type = "sktm", .rt = rt2, .channel = Channel::whatsapp, .created_at = "2026-11-10T04:00:00Z",
                  .status = RequestStatus::cancelled});

    RequestFilter by_status;
    by_status.status = RequestStatus::rt_approved;
    CHECK(search(by_status) == std::vector<std::string>{c.code, b.code});

    RequestFilter by_type;
    by_type.letter_type = "sktm";
    CHECK(search(by_type) == std::vector<std::string>{d.code, b.code});

    RequestFilter by_rt;
    by_rt.rt_id = rt2;
    CHECK(search(by_rt) == std::vector<std::string>{d.code, c.code});

    RequestFilter by_channel;
    by_channel.channel = Channel::walk_in;
    CHECK(search(by_channel) == std::vector<std::string>{c.code, b.code});
    by_channel.channel = Channel::whatsapp;
    CHECK(search(by_channel) == std::vector<std::string>{d.code, a.code});

    RequestFilter combined;
    combined.status = RequestStatus::rt_approved;
    combined.rt_id = rt1;
    combined.letter_type = "sktm";
    combined.channel = Channel::walk_in;
    CHECK(search(combined) == std::vector<std::string>{b.code});
    combined.channel = Channel::whatsapp;
    CHECK(search(combined).empty());

    RequestFilter unknown_type;
    unknown_type.letter_type = "tidak_ada";
    CHECK(search(unknown_type).empty());
}

TEST_CASE_FIXTURE(SearchFixture, "a date range includes its start and excludes its end") {
    auto before = add({.created_at = "2026-10-31T23:59:59Z"});
    auto at_start = add({.created_at = "2026-11-01T00:00:00Z"});
    auto inside = add({.created_at = "2026-11-15T08:00:00Z"});
    auto at_end = add({.created_at = "2026-12-01T00:00:00Z"});

    RequestFilter november;
    november.created_from = "2026-11-01T00:00:00Z";
    november.created_to = "2026-12-01T00:00:00Z";
    CHECK(search(november) == std::vector<std::string>{inside.code, at_start.code});

    RequestFilter from_only;
    from_only.created_from = "2026-11-15T08:00:00Z";
    CHECK(search(from_only) == std::vector<std::string>{at_end.code, inside.code});

    RequestFilter to_only;
    to_only.created_to = "2026-11-01T00:00:00Z";
    CHECK(search(to_only) == std::vector<std::string>{before.code});
}

TEST_CASE_FIXTURE(SearchFixture, "an exact code is found in any case and with surrounding spaces") {
    add({});
    auto wanted = add({});
    add({});
    RequestFilter f;
    f.code = wanted.code;
    CHECK(search(f) == std::vector<std::string>{wanted.code});
    f.code = "  blb-2611-0002 ";
    CHECK(search(f) == std::vector<std::string>{wanted.code});
    f.code = "BLB-2611-000";  // a prefix is no match
    CHECK(search(f).empty());
}

TEST_CASE_FIXTURE(SearchFixture, "search by resident finds only that resident's requests") {
    auto mine = add({.name = "Budi Santoso", .created_at = "2026-11-10T01:00:00Z", .resident = resident_id});
    add({.name = "Budi Santoso", .created_at = "2026-11-10T02:00:00Z"});  // a newcomer with the same name
    auto mine_later = add({.name = "Budi Santoso", .created_at = "2026-11-10T03:00:00Z", .resident = resident_id});
    RequestFilter f;
    f.resident_id = resident_id;
    CHECK(search(f) == std::vector<std::string>{mine_later.code, mine.code});
    f.resident_id = resident_id + 1000;
    CHECK(search(f).empty());
}

TEST_CASE_FIXTURE(SearchFixture, "a name prefix matches in any case and orders by name") {
    auto budiman = add({.name = "Budiman", .created_at = "2026-11-10T01:00:00Z"});
    auto santoso = add({.name = "budi santoso", .created_at = "2026-11-10T02:00:00Z"});
    add({.name = "Bud", .created_at = "2026-11-10T03:00:00Z"});
    add({.name = "Ani Budi", .created_at = "2026-11-10T04:00:00Z"});
    add({.name = "Budj", .created_at = "2026-11-10T05:00:00Z"});
    auto ariyanto = add({.name = "BUDI Ariyanto", .created_at = "2026-11-10T06:00:00Z"});

    RequestFilter f;
    f.name_prefix = "budi";
    CHECK(search(f) == std::vector<std::string>{ariyanto.code, santoso.code, budiman.code});
    f.name_prefix = "BUDI S";
    CHECK(search(f) == std::vector<std::string>{santoso.code});
    f.name_prefix = "Budiman";
    CHECK(search(f) == std::vector<std::string>{budiman.code});
    f.name_prefix = "Siti";
    CHECK(search(f).empty());
}

TEST_CASE_FIXTURE(SearchFixture, "escalated_only lists the escalated requests still waiting for the RT") {
    auto plain = add({.created_at = "2026-11-10T01:00:00Z"});
    auto escalated = add({.created_at = "2026-11-10T02:00:00Z"});
    auto escalated_then_approved = add({.created_at = "2026-11-10T03:00:00Z"});
    escalated.escalated_at = "2026-11-12T02:00:00Z";
    store.requests.update_status(escalated);
    escalated_then_approved.escalated_at = "2026-11-12T02:00:00Z";
    escalated_then_approved.rt_decided_at = "2026-11-12T05:00:00Z";
    set_status(escalated_then_approved, RequestStatus::rt_approved);

    RequestFilter f;
    f.escalated_only = true;
    CHECK(search(f) == std::vector<std::string>{escalated.code});
    CHECK(search({}).size() == 3);
    (void)plain;
}

TEST_CASE_FIXTURE(SearchFixture, "keyset paging returns every request once, in order, across pages") {
    // Eleven requests, several sharing a creation time so the id breaks the tie.
    const std::vector<std::string> times = {
        "2026-11-10T01:00:00Z", "2026-11-10T02:00:00Z", "2026-11-10T02:00:00Z", "2026-11-10T02:00:00Z",
        "2026-11-10T03:00:00Z", "2026-11-10T04:00:00Z", "2026-11-10T04:00:00Z", "2026-11-10T05:00:00Z",
        "2026-11-10T06:00:00Z", "2026-11-10T06:00:00Z", "2026-11-10T07:00:00Z",
    };
    for (const auto& t : times) add({.created_at = t});
    const auto all = store.requests.search({}, 100);
    REQUIRE(all.size() == times.size());

    std::vector<std::string> paged;
    RequestFilter f;
    int pages = 0;
    while (true) {
        auto page = store.requests.search(f, 3);
        if (page.empty()) break;
        ++pages;
        REQUIRE(pages <= 4);
        CHECK(page.size() <= 3);
        for (const auto& r : page) paged.push_back(r.code);
        f.before = std::make_pair(page.back().created_at, page.back().id);
    }
    CHECK(pages == 4);
    CHECK(paged == codes(all));
    CHECK(std::set<std::string>(paged.begin(), paged.end()).size() == paged.size());
}

TEST_CASE_FIXTURE(SearchFixture, "keyset paging keeps the other filters") {
    for (int i = 0; i < 6; ++i) {
        add({.rt = i % 2 == 0 ? rt1 : rt2, .created_at = "2026-11-10T0" + std::to_string(i) + ":00:00Z"});
    }
    RequestFilter f;
    f.rt_id = rt2;
    auto first = store.requests.search(f, 2);
    REQUIRE(first.size() == 2);
    f.before = std::make_pair(first.back().created_at, first.back().id);
    auto second = store.requests.search(f, 2);
    REQUIRE(second.size() == 1);
    CHECK(second[0].rt_id == rt2);
    CHECK(second[0].created_at == "2026-11-10T01:00:00Z");
}

TEST_CASE_FIXTURE(SearchFixture, "the trigger-kept status counts equal a full count after inserts and updates") {
    CHECK(store.requests.status_counts() == store.requests.count_by_status());
    for (auto status : domain::all_request_statuses()) CHECK(store.requests.status_counts().at(status) == 0);

    std::vector<domain::Request> rows;
    for (int i = 0; i < 5; ++i) rows.push_back(add({}));
    rows.push_back(add({.status = RequestStatus::rt_approved}));
    rows.push_back(add({.status = RequestStatus::issued}));
    CHECK(store.requests.status_counts() == store.requests.count_by_status());
    CHECK(store.requests.status_counts().at(RequestStatus::submitted) == 5);

    set_status(rows[0], RequestStatus::rt_approved);
    set_status(rows[1], RequestStatus::cancelled);
    set_status(rows[5], RequestStatus::issued);
    set_status(rows[6], RequestStatus::collected);
    set_status(rows[2], RequestStatus::submitted);  // unchanged status: no count moves
    set_status(rows[0], RequestStatus::issued);

    auto counts = store.requests.status_counts();
    CHECK(counts == store.requests.count_by_status());
    CHECK(counts.at(RequestStatus::submitted) == 3);
    CHECK(counts.at(RequestStatus::rt_approved) == 0);
    CHECK(counts.at(RequestStatus::issued) == 2);
    CHECK(counts.at(RequestStatus::collected) == 1);
    CHECK(counts.at(RequestStatus::cancelled) == 1);
    std::int64_t total = 0;
    for (const auto& [status, n] : counts) total += n;
    CHECK(total == store.requests.count());
}

TEST_SUITE_END();

#include <doctest/doctest.h>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/request_service.h"
#include "shared/services/survey_service.h"
#include "shared/util/time.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("services");

using namespace ekel;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct SurveyFixture : test::TempDatabase {
    SurveyFixture() : store(config.database.target(), config.database.busy_timeout_ms), clock(*parse_utc("2026-11-27T02:00:00Z")) {
        rt_id = test::add_rt(store, 1, "Budi Santoso", "6281100000011");
    }

    domain::Request filed(const std::string& phone) {
        services::NewRequest n;
        n.applicant_name = "Warga";
        n.applicant_phone = phone;
        n.letter_type = "sktm";
        n.rt_id = rt_id;
        return services::RequestService(store, clock, config.kelurahan).submit(n, {domain::ActorKind::citizen, phone});
    }

    bool invite(const domain::Request& r, TimePoint at) {
        db::WriteTransaction tx(store.db());
        bool invited = services::SurveyService(store, config).invite_in_transaction(r, at);
        tx.commit();
        return invited;
    }

    /// Runs one survey step in a transaction, as the bot does, and returns the texts it sent.
    template <typename Step>
    std::string step(const std::string& phone, Step&& run) {
        const auto before = store.outbox.list_for_recipient(phone, 0, 500).size();
        db::WriteTransaction tx(store.db());
        services::SurveyService service(store, config);
        run(service);
        tx.commit();
        std::string text;
        auto all = store.outbox.list_for_recipient(phone, 0, 500);
        for (std::size_t i = before; i < all.size(); ++i) text += all[i].payload_json + "\n";
        return text;
    }

    db::Store store;
    ManualClock clock;
    std::int64_t rt_id = 0;
};

}  // namespace

TEST_CASE_FIXTURE(SurveyFixture, "a phone is invited once per request and not again within the quiet period") {
    auto first = filed("6281200000001");
    auto second = filed("6281200000001");
    CHECK(invite(first, clock.now()));
    CHECK_FALSE(invite(first, clock.now() + std::chrono::hours(24 * 40)));  // this request already has one
    CHECK_FALSE(invite(second, clock.now() + std::chrono::hours(24 * 29)));
    CHECK(invite(second, clock.now() + std::chrono::hours(24 * 31)));
    auto walk_in = filed("");
    CHECK_FALSE(invite(walk_in, clock.now()));  // no phone to ask
    config.survey.enabled = false;
    CHECK_FALSE(invite(filed("6281200000002"), clock.now()));
}

TEST_CASE_FIXTURE(SurveyFixture, "answers are stored one by one, out-of-range taps re-ask, and only the owner may answer") {
    const std::string phone = "6281200000001";
    auto r = filed(phone);
    REQUIRE(invite(r, clock.now()));
    const auto id = store.surveys.open_for(phone)->id;
    CHECK(contains(step(phone, [&](auto& s) { s.start(phone, id, clock.now()); }), "(1/9)"));
    CHECK(store.surveys.find(id)->status == "answering");
    CHECK(contains(step(phone, [&](auto& s) { s.answer(phone, id, 1, 5, clock.now()); }), "(1/9)"));  // 5 is no answer
    CHECK(store.surveys.find(id)->answers[0] == 0);
    CHECK(contains(step(phone, [&](auto& s) { s.answer(phone, id, 3, 2, clock.now()); }), "(1/9)"));  // next unanswered is 1
    CHECK(store.surveys.find(id)->answers[2] == 2);
    CHECK(contains(step("6281299999999", [&](auto& s) { s.answer("6281299999999", id, 1, 4, clock.now()); }),
                   "tidak ditemukan"));
    CHECK(store.surveys.find(id)->answers[0] == 0);
    for (int e : {1, 2, 4, 5, 6, 7, 8}) step(phone, [&](auto& s) { s.answer(phone, id, e, 3, clock.now()); });
    CHECK(contains(step(phone, [&](auto& s) { s.answer(phone, id, 9, 4, clock.now()); }), "Terima kasih atas penilaian"));
    auto done = store.surveys.find(id);
    CHECK(done->status == "completed");
    CHECK(done->answers == std::array<int, 9>{3, 3, 2, 3, 3, 3, 3, 3, 4});
    CHECK(contains(step(phone, [&](auto& s) { s.resume(phone, clock.now()); }), "Tidak ada survei"));
}

TEST_SUITE_END();

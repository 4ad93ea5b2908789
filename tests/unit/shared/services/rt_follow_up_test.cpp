#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/config/letter_types.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/request_service.h"
#include "shared/services/rt_follow_up.h"
#include "shared/services/rt_review.h"
#include "shared/util/time.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("services");

using namespace ekel;
using domain::RequestStatus;
using services::FollowUpReport;

namespace {

constexpr const char* kHeadPhone = "6281100000011";
constexpr const char* kDeputyPhone = "6281100000012";
constexpr const char* kOtherHeadPhone = "6281100000021";
constexpr const char* kRwHeadPhone = "6281100000001";
constexpr const char* kCitizenPhone = "6281234567890";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TimePoint utc(const char* text) { return *parse_utc(text); }

struct FollowUpFixture : test::TempDatabase {
    FollowUpFixture()
        : store(config.database.target(), config.database.busy_timeout_ms),
          clock(utc("2026-11-27T02:00:00Z")),
          catalog(config::load_letter_types(test::repo_path("config/letter_types.toml"))),
          requests(store, clock, config.kelurahan) {
        const std::string now = format_utc(clock.now());
        domain::Rw rw1;
        rw1.number = 1;
        rw1.head_name = "Haji Rahman";
        rw1.head_phone = kRwHeadPhone;
        domain::Rw rw2;
        rw2.number = 2;  // no head phone on record

        domain::Rt rt;
        rt.number = 1;
        rt.rw_id = store.rts.upsert_rw(rw1);
        rt.head_name = "Budi Santoso";
        rt.head_phone = kHeadPhone;
        rt.deputy_name = "Siti Rahma";
        rt.deputy_phone = kDeputyPhone;
        rt_id = store.rts.upsert_rt(rt, now);

        domain::Rt other;
        other.number = 2;
        other.rw_id = store.rts.upsert_rw(rw2);
        other.head_name = "Andi Wijaya";
        other.head_phone = kOtherHeadPhone;
        other_rt_id = store.rts.upsert_rt(other, now);
    }

    domain::Request submit_at(const char* when, std::int64_t rt) {
        clock.set(utc(when));
        services::NewRequest r;
        r.applicant_name = "Warga Contoh";
        r.applicant_phone = kCitizenPhone;
        r.letter_type = "sktm";
        r.purpose = "sekolah anak";
        r.rt_id = rt;
        return requests.submit(r, citizen);
    }

    FollowUpReport run_at(const char* when) {
        clock.set(utc(when));
        services::RtFollowUp follow_up(store, clock, config, catalog);
        db::WriteTransaction tx(store.db());
        auto report = follow_up.run();
        tx.commit();
        return report;
    }

    std::vector<nlohmann::json> messages_to(const std::string& phone) {
        std::vector<nlohmann::json> out;
        for (const auto& row : store.outbox.list_for_recipient(phone, 0, 100)) {
            out.push_back(nlohmann::json::parse(row.payload_json));
        }
        return out;
    }

    std::size_t events_named(std::int64_t request_id, const std::string& action) {
        std::size_t n = 0;
        for (const auto& e : store.events.list_for(request_id)) n += e.action == action ? 1 : 0;
        return n;
    }

    std::size_t outbox_total() {
        std::size_t n = 0;
        for (const char* phone : {kHeadPhone, kDeputyPhone, kOtherHeadPhone, kRwHeadPhone, kCitizenPhone}) {
            n += store.outbox.list_for_recipient(phone, 0, 100).size();
        }
        return n;
    }

    db::Store store;
    ManualClock clock;
    config::LetterCatalog catalog;
    services::RequestService requests;
    std::int64_t rt_id = 0;
    std::int64_t other_rt_id = 0;
    domain::Actor citizen{domain::ActorKind::citizen, kCitizenPhone, "Warga Contoh"};
};

}  // namespace

TEST_CASE_FIXTURE(FollowUpFixture, "the demo configuration has the follow-up defaults these tests rely on") {
    CHECK(config.workflow.rt_reminder_hours == 8);
    CHECK(config.workflow.rt_escalation_hours == 24);
    CHECK(config.workflow.office_opens == "08:00");
    CHECK(config.workflow.office_closes == "16:00");
    CHECK(config.workflow.digest_hour == 7);
    CHECK(config.kelurahan.utc_offset_minutes == 480);
    CHECK(std::find(config.workflow.holidays.begin(), config.workflow.holidays.end(), "2026-12-25") !=
          config.workflow.holidays.end());
}

TEST_CASE_FIXTURE(FollowUpFixture, "a request filed on Friday morning is not reminded that evening or over the weekend") {
    auto request = submit_at("2026-11-27T02:00:00Z", rt_id);  // Friday 10:00 WITA

    CHECK(run_at("2026-11-27T09:00:00Z").total() == 0);  // Friday 17:00 WITA: closed, no digest either
    CHECK(run_at("2026-11-28T02:00:00Z").total() == 0);  // Saturday 10:00 WITA
    CHECK(run_at("2026-11-29T04:00:00Z").total() == 0);  // Sunday 12:00 WITA

    auto monday_early = run_at("2026-11-29T23:30:00Z");  // Monday 07:30 WITA: office not open yet
    CHECK(monday_early.reminded == 0);
    CHECK(monday_early.escalated == 0);
    auto monday_nine = run_at("2026-11-30T01:59:00Z");  // Monday 09:59 WITA: 7h59 of office time
    CHECK(monday_nine.reminded == 0);

    auto stored = store.requests.find_by_id(request.id);
    CHECK_FALSE(stored->rt_reminded_at.has_value());
    CHECK(events_named(request.id, "rt_reminded") == 0);
    CHECK(messages_to(kDeputyPhone).empty());
}

TEST_CASE_FIXTURE(FollowUpFixture, "the reminder goes out once 8 office hours have passed, and only once") {
    auto request = submit_at("2026-11-27T02:00:00Z", rt_id);  // Friday 10:00 WITA
    run_at("2026-11-29T23:30:00Z");                           // Monday 07:30 WITA: the digest only
    const auto head_before = messages_to(kHeadPhone).size();

    // Friday 10–16 (6h) + Monday 08–10 (2h) = 8 office hours at Monday 10:00 WITA.
    auto report = run_at("2026-11-30T02:00:00Z");
    CHECK(report.reminded == 1);
    CHECK(report.escalated == 0);
    CHECK(report.digests == 0);

    auto stored = store.requests.find_by_id(request.id);
    CHECK(stored->rt_reminded_at == std::optional<std::string>("2026-11-30T02:00:00Z"));
    CHECK(stored->status == RequestStatus::submitted);
    CHECK(events_named(request.id, "rt_reminded") == 1);
    auto events = store.events.list_for(request.id);
    CHECK(events.back().actor.kind == domain::ActorKind::system);
    CHECK(events.back().actor.id == "scheduler");

    auto to_head = messages_to(kHeadPhone);
    REQUIRE(to_head.size() == head_before + 1);
    const auto& reminder = to_head.back();
    CHECK(reminder.at("kind") == "buttons");
    CHECK(reminder.at("buttons").size() == 3);
    CHECK(reminder.at("buttons")[0].at("id") == "rt:approve:" + request.code);
    const std::string text = reminder.at("text").get<std::string>();
    CHECK(contains(text, "Pengingat"));
    CHECK(contains(text, request.code));
    CHECK(contains(text, "Jumat, 27 November 2026 pukul 10.00 WITA"));
    REQUIRE(messages_to(kDeputyPhone).size() == 1);
    CHECK(messages_to(kDeputyPhone)[0].at("kind") == "buttons");

    // A second pass later the same day changes nothing.
    CHECK(run_at("2026-11-30T03:00:00Z").total() == 0);
    CHECK(events_named(request.id, "rt_reminded") == 1);
    CHECK(messages_to(kHeadPhone).size() == head_before + 1);
}

TEST_CASE_FIXTURE(FollowUpFixture, "nothing is sent at night; the reminder waits for the office to open") {
    auto request = submit_at("2026-11-27T02:00:00Z", rt_id);  // Friday 10:00 WITA
    const auto before = outbox_total();
    // Monday 22:00 WITA: 14 office hours have passed, but the office is closed.
    CHECK(run_at("2026-11-30T14:00:00Z").total() == 0);
    CHECK(outbox_total() == before);
    CHECK_FALSE(store.requests.find_by_id(request.id)->rt_reminded_at.has_value());

    // Tuesday 08:00 WITA: the office opens and the reminder goes.
    auto report = run_at("2026-12-01T00:00:00Z");
    CHECK(report.reminded == 1);
    CHECK(report.escalated == 0);
}

TEST_CASE_FIXTURE(FollowUpFixture, "a request unanswered for 24 office hours is escalated once to the RW head, the citizen and the staff queue") {
    auto request = submit_at("2026-11-27T02:00:00Z", rt_id);  // Friday 10:00 WITA
    CHECK(run_at("2026-11-30T02:00:00Z").reminded == 1);      // Monday 10:00 WITA

    // Wednesday 09:59 WITA: 6 + 8 + 8 + 1h59 = 23h59 of office time.
    auto almost = run_at("2026-12-02T01:59:00Z");
    CHECK(almost.escalated == 0);
    CHECK(almost.reminded == 0);
    CHECK(store.notices.list_open(10).empty());
    CHECK(messages_to(kRwHeadPhone).empty());

    // Wednesday 10:00 WITA: 24 office hours.
    auto report = run_at("2026-12-02T02:00:00Z");
    CHECK(report.escalated == 1);
    CHECK(report.reminded == 0);

    auto stored = store.requests.find_by_id(request.id);
    CHECK(stored->escalated_at == std::optional<std::string>("2026-12-02T02:00:00Z"));
    CHECK(stored->status == RequestStatus::submitted);

    auto to_rw = messages_to(kRwHeadPhone);
    REQUIRE(to_rw.size() == 1);
    CHECK(to_rw[0].at("kind") == "text");
    CHECK(contains(to_rw[0].at("text").get<std::string>(), "Haji Rahman"));
    CHECK(contains(to_rw[0].at("text").get<std::string>(), request.code));
    CHECK(contains(to_rw[0].at("text").get<std::string>(), "24 jam kerja"));

    auto to_citizen = messages_to(kCitizenPhone);
    REQUIRE(to_citizen.size() == 1);
    CHECK(to_citizen[0].at("kind") == "text");
    CHECK(contains(to_citizen[0].at("text").get<std::string>(), request.code));
    CHECK(contains(to_citizen[0].at("text").get<std::string>(), "petugas kelurahan"));

    auto notices = store.notices.list_open(10);
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].kind == "rt_escalation");
    CHECK(notices[0].request_id == request.id);
    CHECK(contains(notices[0].text, request.code));
    CHECK(contains(notices[0].text, "24 jam kerja"));

    CHECK(events_named(request.id, "escalated") == 1);
    auto events = store.events.list_for(request.id);
    CHECK(events.back().action == "escalated");
    CHECK(contains(events.back().note, "Ketua RW 001"));

    // The RT officers are told as well, and can still decide.
    CHECK(contains(messages_to(kDeputyPhone).back().at("text").get<std::string>(), "24 jam kerja"));

    // A later pass does not escalate again.
    auto later = run_at("2026-12-02T03:00:00Z");
    CHECK(later.escalated == 0);
    CHECK(later.reminded == 0);
    CHECK(events_named(request.id, "escalated") == 1);
    CHECK(store.notices.list_open(10).size() == 1);
    CHECK(messages_to(kRwHeadPhone).size() == 1);
    CHECK(messages_to(kCitizenPhone).size() == 1);
}

TEST_CASE_FIXTURE(FollowUpFixture, "without an RW head phone the escalation goes to the staff queue only") {
    auto request = submit_at("2026-11-27T02:00:00Z", other_rt_id);
    auto report = run_at("2026-12-02T02:00:00Z");  // Wednesday 10:00 WITA, never reminded before
    CHECK(report.escalated == 1);
    CHECK(report.reminded == 0);
    CHECK(store.notices.list_open(10).size() == 1);
    CHECK(messages_to(kRwHeadPhone).empty());
    auto events = store.events.list_for(request.id);
    CHECK(events.back().action == "escalated");
    CHECK(contains(events.back().note, "petugas kelurahan"));
    CHECK_FALSE(contains(events.back().note, "Ketua RW"));
}

TEST_CASE_FIXTURE(FollowUpFixture, "nothing is sent on a holiday even when the office time has passed before") {
    // Monday 21 December 10:00 WITA: 30 office hours by Thursday evening.
    auto old_request = submit_at("2026-12-21T02:00:00Z", rt_id);
    // Wednesday 23 December 10:00 WITA: 14 office hours by Thursday evening.
    auto new_request = submit_at("2026-12-23T02:00:00Z", rt_id);
    const auto before = outbox_total();

    CHECK(run_at("2026-12-24T14:00:00Z").total() == 0);  // Thursday 22:00 WITA
    CHECK(run_at("2026-12-24T23:30:00Z").total() == 0);  // Christmas 07:30 WITA: no digest
    CHECK(run_at("2026-12-25T02:00:00Z").total() == 0);  // Christmas 10:00 WITA
    CHECK(run_at("2026-12-26T02:00:00Z").total() == 0);  // Saturday
    CHECK(outbox_total() == before);
    CHECK(store.notices.list_open(10).empty());
    CHECK(events_named(old_request.id, "escalated") == 0);
    CHECK(events_named(new_request.id, "rt_reminded") == 0);

    // Monday 28 December 08:00 WITA: the office opens and the backlog is worked off.
    auto report = run_at("2026-12-28T00:00:00Z");
    CHECK(report.escalated == 1);
    CHECK(report.reminded == 1);
    CHECK(report.digests == 1);
    CHECK(events_named(old_request.id, "escalated") == 1);
    CHECK(events_named(new_request.id, "rt_reminded") == 1);
}

TEST_CASE_FIXTURE(FollowUpFixture, "the morning digest tells each RT head how many requests wait and how old the oldest is") {
    submit_at("2026-11-25T02:00:00Z", rt_id);  // Wednesday 10:00 WITA
    submit_at("2026-11-26T02:00:00Z", rt_id);  // Thursday 10:00 WITA
    // RT 002's only request is already decided: nothing waits there.
    auto decided = submit_at("2026-11-26T02:00:00Z", other_rt_id);
    {
        services::RtReview review(store, clock, config, catalog);
        db::WriteTransaction tx(store.db());
        review.decide(decided.code, services::RtDecision::approve, kOtherHeadPhone, "");
        tx.commit();
    }
    REQUIRE(store.requests.find_by_id(decided.id)->status == RequestStatus::rt_approved);

    CHECK(run_at("2026-11-26T22:59:00Z").total() == 0);  // Friday 06:59 WITA: too early

    auto report = run_at("2026-11-26T23:30:00Z");  // Friday 07:30 WITA
    CHECK(report.digests == 1);
    CHECK(report.reminded == 0);  // 14 office hours have passed, but the office opens at 08:00
    CHECK(report.escalated == 0);

    auto to_head = messages_to(kHeadPhone);
    REQUIRE(to_head.size() == 1);
    CHECK(to_head[0].at("kind") == "buttons");
    REQUIRE(to_head[0].at("buttons").size() == 1);
    CHECK(to_head[0].at("buttons")[0].at("id") == "rt:list");
    const std::string text = to_head[0].at("text").get<std::string>();
    CHECK(contains(text, "Selamat pagi, Bapak/Ibu Budi Santoso"));
    CHECK(contains(text, "2 permohonan menunggu"));
    CHECK(contains(text, "RT 001"));
    CHECK(contains(text, "tertua 2 hari"));
    CHECK(messages_to(kDeputyPhone).empty());
    CHECK(messages_to(kOtherHeadPhone).empty());

    // One digest a day.
    CHECK(run_at("2026-11-26T23:45:00Z").digests == 0);
    CHECK(messages_to(kHeadPhone).size() == 1);

    // None at the weekend.
    CHECK(run_at("2026-11-27T23:30:00Z").total() == 0);  // Saturday 07:30 WITA
    CHECK(run_at("2026-11-28T23:30:00Z").total() == 0);  // Sunday 07:30 WITA
    CHECK(messages_to(kHeadPhone).size() == 1);

    // Monday brings the next one, with the oldest request five days old.
    auto monday = run_at("2026-11-29T23:30:00Z");
    CHECK(monday.digests == 1);
    auto again = messages_to(kHeadPhone);
    REQUIRE(again.size() == 2);
    CHECK(contains(again[1].at("text").get<std::string>(), "tertua 5 hari"));
}

TEST_CASE_FIXTURE(FollowUpFixture, "no digest after the office closes") {
    submit_at("2026-11-27T02:00:00Z", rt_id);
    CHECK(run_at("2026-11-27T08:30:00Z").digests == 0);  // Friday 16:30 WITA
    CHECK(messages_to(kHeadPhone).empty());
}

TEST_CASE_FIXTURE(FollowUpFixture, "a digest for requests filed the same morning says so, and goes to the deputy when the head has no phone") {
    domain::Rt rt;
    rt.number = 3;
    rt.rw_id = store.rts.find_rw_by_number(1)->id;
    rt.head_name = "Tanpa Nomor";
    rt.deputy_name = "Dewi Lestari";
    rt.deputy_phone = "6281100000032";
    const auto third = store.rts.upsert_rt(rt, "2026-11-26T00:00:00Z");

    submit_at("2026-11-26T23:05:00Z", third);  // Friday 07:05 WITA
    auto report = run_at("2026-11-26T23:30:00Z");
    CHECK(report.digests == 1);
    auto to_deputy = messages_to("6281100000032");
    REQUIRE(to_deputy.size() == 1);
    const std::string text = to_deputy[0].at("text").get<std::string>();
    CHECK(contains(text, "Bapak/Ibu Dewi Lestari"));
    CHECK(contains(text, "1 permohonan menunggu"));
    CHECK(contains(text, "RT 003"));
    CHECK(contains(text, "tertua dari hari ini"));
}

TEST_CASE_FIXTURE(FollowUpFixture, "a corrected request is reminded again from the time it came back") {
    auto request = submit_at("2026-11-27T02:00:00Z", rt_id);  // Friday 10:00 WITA
    CHECK(run_at("2026-11-30T02:00:00Z").reminded == 1);      // Monday 10:00 WITA
    services::RtReview review(store, clock, config, catalog);
    {
        db::WriteTransaction tx(store.db());
        review.decide(request.code, services::RtDecision::revise, kHeadPhone, "Foto KK belum jelas");
        tx.commit();
    }
    clock.set(utc("2026-11-30T04:00:00Z"));  // Monday 12:00 WITA
    {
        db::WriteTransaction tx(store.db());
        review.resubmit(*store.requests.find_by_id(request.id), citizen, "foto baru");
        tx.commit();
    }
    // Monday 12–16 (4h) + Tuesday 08–11:59 (3h59): not yet.
    CHECK(run_at("2026-12-01T03:59:00Z").reminded == 0);
    // Tuesday 12:00 WITA: 8 office hours since the correction.
    CHECK(run_at("2026-12-01T04:00:00Z").reminded == 1);
    CHECK(events_named(request.id, "rt_reminded") == 2);
}

TEST_CASE_FIXTURE(FollowUpFixture, "due lists what needs a reminder or an escalation, longest waiting first, and nothing while closed") {
    auto oldest = submit_at("2026-11-25T02:00:00Z", rt_id);  // Wednesday 10:00 WITA
    auto middle = submit_at("2026-11-26T06:00:00Z", rt_id);  // Thursday 14:00 WITA
    submit_at("2026-11-30T01:00:00Z", rt_id);                // Monday 09:00 WITA: too fresh
    services::RtFollowUp follow_up(store, clock, config, catalog);

    clock.set(utc("2026-11-30T14:00:00Z"));  // Monday 22:00 WITA
    CHECK(follow_up.due().empty());

    clock.set(utc("2026-11-30T04:00:00Z"));  // Monday 12:00 WITA
    auto due = follow_up.due();
    REQUIRE(due.size() == 2);
    // Wed 6h + Thu 8h + Fri 8h + Mon 4h = 26h.
    CHECK(due[0].id == oldest.id);
    CHECK(due[0].step == services::DueRequest::Step::escalate);
    CHECK(due[0].waited == std::chrono::hours(26));
    // Thu 2h + Fri 8h + Mon 4h = 14h.
    CHECK(due[1].id == middle.id);
    CHECK(due[1].step == services::DueRequest::Step::remind);
    CHECK(due[1].waited == std::chrono::hours(14));
    // Finding what is due writes nothing.
    CHECK(outbox_total() == 0);
    CHECK(events_named(oldest.id, "escalated") == 0);
}

TEST_CASE_FIXTURE(FollowUpFixture, "follow_up re-checks each request and skips one the RT decided in the meantime") {
    auto decided = submit_at("2026-11-27T02:00:00Z", rt_id);
    auto waiting = submit_at("2026-11-27T02:00:00Z", rt_id);
    services::RtFollowUp follow_up(store, clock, config, catalog);
    clock.set(utc("2026-11-30T02:00:00Z"));  // Monday 10:00 WITA
    auto due = follow_up.due();
    REQUIRE(due.size() == 2);

    {
        services::RtReview review(store, clock, config, catalog);
        db::WriteTransaction tx(store.db());
        review.decide(decided.code, services::RtDecision::approve, kHeadPhone, "");
        tx.commit();
    }
    FollowUpReport report;
    {
        db::WriteTransaction tx(store.db());
        report = follow_up.follow_up(due);
        tx.commit();
    }
    CHECK(report.reminded == 1);
    CHECK(events_named(decided.id, "rt_reminded") == 0);
    CHECK(events_named(waiting.id, "rt_reminded") == 1);

    // Handing the same batch over again (a retried pass) reminds nobody twice.
    {
        db::WriteTransaction tx(store.db());
        report = follow_up.follow_up(due);
        tx.commit();
    }
    CHECK(report.total() == 0);
    CHECK(events_named(waiting.id, "rt_reminded") == 1);
}

TEST_CASE("follow-up reports add up") {
    FollowUpReport a{1, 2, 3};
    a += FollowUpReport{4, 5, 6};
    CHECK(a.reminded == 5);
    CHECK(a.escalated == 7);
    CHECK(a.digests == 9);
    CHECK(a.total() == 21);
}

TEST_CASE_FIXTURE(FollowUpFixture, "one scheduler sends one digest round a day, at digest hour") {
    submit_at("2026-11-26T02:00:00Z", rt_id);  // Thursday 10:00 WITA
    services::RtFollowUp follow_up(store, clock, config, catalog);
    auto digests_at = [&](const char* when) {
        clock.set(utc(when));
        db::WriteTransaction tx(store.db());
        auto report = follow_up.send_digests();
        tx.commit();
        return report.digests;
    };
    CHECK(digests_at("2026-11-26T22:30:00Z") == 0);  // Friday 06:30 WITA
    CHECK(digests_at("2026-11-26T23:00:00Z") == 1);  // Friday 07:00 WITA
    // RT 002's first request arrives after the round: it hears of it with the notification.
    submit_at("2026-11-27T01:00:00Z", other_rt_id);  // Friday 09:00 WITA
    CHECK(digests_at("2026-11-27T02:00:00Z") == 0);
    CHECK(messages_to(kOtherHeadPhone).empty());
    // The next office day both get one.
    CHECK(digests_at("2026-11-29T23:10:00Z") == 2);  // Monday 07:10 WITA
}

TEST_CASE_FIXTURE(FollowUpFixture, "a digest round whose transaction was rolled back is sent again at the next pass") {
    submit_at("2026-11-26T02:00:00Z", rt_id);  // Thursday 10:00 WITA
    services::RtFollowUp follow_up(store, clock, config, catalog);
    clock.set(utc("2026-11-26T23:30:00Z"));  // Friday 07:30 WITA
    {
        db::WriteTransaction tx(store.db());
        CHECK(follow_up.send_digests().digests == 1);
        // No commit: e.g. SQLITE_BUSY or a full disk at commit time. The digest row and the
        // outbox message are rolled back.
    }
    REQUIRE(messages_to(kHeadPhone).empty());

    clock.set(utc("2026-11-26T23:35:00Z"));
    int sent = 0;
    {
        db::WriteTransaction tx(store.db());
        sent = follow_up.send_digests().digests;
        tx.commit();
    }
    // "Whatever committed stays sent; the rest is due again at the next pass" (bot/rt_scheduler.cpp):
    // the scheduler's memory of today's round is trusted only when rt_digests shows it committed.
    CHECK_MESSAGE(sent == 1, "digest round lost after a rollback");
    CHECK(messages_to(kHeadPhone).size() == 1);
}

TEST_SUITE_END();

// The satisfaction survey (IKM) on WhatsApp: invited once after a letter is collected or a
// digital letter delivered, answered with list replies one question at a time, resumable, and
// declinable.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "shared/db/connection.h"
#include "shared/db/store.h"
#include "shared/domain/ikm.h"
#include "tests/support/sql_value.h"
#include "tests/support/office_client.h"

using namespace ekel;
using test::OfficeClient;
using test::OfficeFixture;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void issue(OfficeClient& lurah, const std::string& code) {
    lurah.get("/permohonan/" + code);
    REQUIRE(lurah.post("/permohonan/" + code + "/terbitkan").status == 200);
}

}  // namespace

TEST_CASE_FIXTURE(OfficeFixture, "after collection the citizen is invited once, answers nine list questions, and resumes a survey left half-way") {
    const std::string code = approved_request(2, "Siti Aminah", "sktm");
    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", test::kPassword));
    issue(lurah, code);
    test::Phone siti{h, request(code).applicant_phone};
    siti.inbox();
    lurah.get("/permohonan/" + code);
    REQUIRE(lurah.post("/permohonan/" + code + "/diambil").status == 200);

    auto invitation = siti.inbox();
    REQUIRE(test::has_button(invitation, "ikm:start:1"));
    CHECK(test::has_button(invitation, "ikm:no:1"));
    CHECK(contains(test::all_text(invitation), "survei kepuasan singkat"));

    auto first = siti.tap("ikm:start:1", "Isi survei");
    CHECK(contains(test::all_text(first), "*Survei kepuasan (1/9)*"));
    CHECK(contains(test::all_text(first), domain::ikm_elements()[0].question.data()));
    CHECK(test::list_ids(first) == std::vector<std::string>{"ikm:1:1:4", "ikm:1:1:3", "ikm:1:1:2", "ikm:1:1:1"});

    const std::array<int, 9> scores = {4, 3, 4, 4, 3, 2, 4, 3, 4};
    for (int e = 1; e <= 4; ++e) {
        auto next = siti.tap(fmt::format("ikm:1:{}:{}", e, scores[static_cast<std::size_t>(e - 1)]), "jawaban", true);
        CHECK(contains(test::all_text(next), fmt::format("*Survei kepuasan ({}/9)*", e + 1)));
    }
    // Something else in between; "survei" picks up at question 5.
    siti.say("jam buka kantor?");
    auto resumed = siti.say("survei");
    CHECK(contains(test::all_text(resumed), "*Survei kepuasan (5/9)*"));
    CHECK(test::list_ids(resumed).front() == "ikm:1:5:4");
    std::string last;
    for (int e = 5; e <= 9; ++e) {
        last = test::all_text(siti.tap(fmt::format("ikm:1:{}:{}", e, scores[static_cast<std::size_t>(e - 1)]), "jawaban", true));
    }
    CHECK(contains(last, "Terima kasih atas penilaian Anda!"));

    db::Store store(h.config.database.target(), 5000);
    db::Statement row(store.db(), "SELECT status, completed_at IS NOT NULL, u1, u2, u3, u4, u5, u6, u7, u8, u9 FROM ikm_surveys");
    REQUIRE(row.executeStep());
    CHECK(row.getColumn(0).getString() == "completed");
    CHECK(row.getColumn(1).getInt() == 1);
    for (int i = 0; i < 9; ++i) CHECK(row.getColumn(2 + i).getInt() == scores[static_cast<std::size_t>(i)]);
    row.reset();

    // A late tap on an old list changes nothing; another phone cannot answer this survey.
    CHECK(contains(test::all_text(siti.tap("ikm:1:1:1", "Tidak sesuai", true)), "sudah Anda isi"));
    test::Phone stranger{h, "6281299990000"};
    CHECK(contains(test::all_text(stranger.tap("ikm:1:2:1", "Kurang mudah", true)), "tidak ditemukan"));
    CHECK(count("SELECT u1 FROM ikm_surveys") == 4);
    CHECK(count("SELECT COUNT(*) FROM ikm_surveys") == 1);
}

TEST_CASE_FIXTURE(OfficeFixture, "a digital letter's delivery brings the invitation; a decline is honoured and the phone is not asked again soon") {
    const std::string code = approved_request(3, "Rina Marlina", "domisili");
    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", test::kPassword));
    issue(lurah, code);
    test::Phone rina{h, request(code).applicant_phone};
    std::string wamid;
    REQUIRE(test::BotHarness::eventually([&] {
        db::Store store(h.config.database.target(), 5000);
        db::Statement q(store.db(), "SELECT wa_message_id FROM outbound_messages WHERE kind = 'document' AND wa_message_id IS NOT NULL");
        if (q.executeStep()) wamid = q.getColumn(0).getString();
        return !wamid.empty();
    }));
    rina.inbox();
    h.bot->run_follow_up_now();
    CHECK(rina.inbox().empty());  // sent is not delivered

    messaging::StatusUpdate delivered{wamid, "", messaging::DeliveryStatus::delivered, 1764200100, rina.number, "", "", 0, "", ""};
    REQUIRE(h.post_messages({}, {delivered}) == 200);
    REQUIRE(test::BotHarness::eventually([&] {
        return count("SELECT COUNT(*) FROM outbound_messages WHERE kind = 'document' AND status = 'delivered'") == 1;
    }));
    h.bot->run_follow_up_now();
    auto invitation = rina.inbox();
    REQUIRE(test::has_button(invitation, "ikm:no:1"));
    h.bot->run_follow_up_now();
    CHECK(rina.inbox().empty());  // invited once

    CHECK(contains(test::all_text(rina.tap("ikm:no:1", "Tidak, terima kasih")), "tidak apa-apa"));
    CHECK(count("SELECT COUNT(*) FROM ikm_surveys WHERE status = 'declined'") == 1);
    CHECK(contains(test::all_text(rina.say("survei")), "Tidak ada survei yang menunggu jawaban Anda"));

    // A second letter to the same phone within the quiet period brings no new invitation.
    const std::string second = approved_request(3, "Rina Marlina", "domisili");
    issue(lurah, second);
    REQUIRE(test::BotHarness::eventually([&] {
        return count("SELECT COUNT(*) FROM outbound_messages WHERE kind = 'document' AND wa_message_id IS NOT NULL") == 2;
    }));
    std::string second_wamid;
    {
        db::Store store(h.config.database.target(), 5000);
        second_wamid = test::sql_value(store.db(), "SELECT wa_message_id FROM outbound_messages WHERE kind = 'document' ORDER BY id DESC LIMIT 1").getString();
    }
    delivered.message_id = second_wamid;
    REQUIRE(h.post_messages({}, {delivered}) == 200);
    REQUIRE(test::BotHarness::eventually([&] {
        return count("SELECT COUNT(*) FROM outbound_messages WHERE kind = 'document' AND status = 'delivered'") == 2;
    }));
    rina.inbox();
    h.bot->run_follow_up_now();
    CHECK_FALSE(contains(test::all_text(rina.inbox()), "survei kepuasan"));
    CHECK(count("SELECT COUNT(*) FROM ikm_surveys") == 1);
}

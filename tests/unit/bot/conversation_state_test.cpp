#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/engine/conversation_state.h"

TEST_SUITE_BEGIN("bot");

using namespace ekel;
using bot::ConversationData;
using bot::State;
using nlohmann::json;

TEST_CASE("every state is stored by its name and read back") {
    const std::vector<std::pair<State, std::string>> names = {
        {State::idle, "idle"},
        {State::identify_nik, "identify_nik"},
        {State::identify_birth_date, "identify_birth_date"},
        {State::choose_identity, "choose_identity"},
        {State::choose_letter_type, "choose_letter_type"},
        {State::choose_applicant, "choose_applicant"},
        {State::newcomer_name, "newcomer_name"},
        {State::newcomer_address, "newcomer_address"},
        {State::newcomer_rt, "newcomer_rt"},
        {State::collect_field, "collect_field"},
        {State::collect_purpose, "collect_purpose"},
        {State::confirm, "confirm"},
        {State::choose_edit, "choose_edit"},
        {State::confirm_cancel, "confirm_cancel"},
        {State::complaint_text, "complaint_text"},
        {State::choose_requirements, "choose_requirements"},
        {State::correction, "correction"},
        {State::rt_reason, "rt_reason"},
        {State::confirm_complaint, "confirm_complaint"},
        {State::clarify, "clarify"},
        {State::newcomer_nik, "newcomer_nik"},
        {State::newcomer_birth_date, "newcomer_birth_date"},
        {State::newcomer_birth_place, "newcomer_birth_place"},
        {State::newcomer_origin, "newcomer_origin"},
        {State::newcomer_detail, "newcomer_detail"},
        {State::collect_document, "collect_document"},
    };
    REQUIRE(names.size() == bot::kStateCount);
    for (const auto& [state, name] : names) {
        CAPTURE(name);
        CHECK(bot::to_string(state) == name);
        CHECK(bot::parse_state(name) == state);
    }
    CHECK_FALSE(bot::parse_state("ask_nik"));
    CHECK_FALSE(bot::parse_state(""));
    CHECK_FALSE(bot::parse_state("IDLE"));
}

TEST_CASE("conversation data in the format of the current release loads unchanged") {
    // Written by the release before typed conversations (every key it uses).
    const std::string stored = R"({
        "self_id": 12,
        "last_complaint": {"id": 5, "code": "ADU-2611-0005", "at": "2026-11-27T02:00:00Z"},
        "draft": {"letter_type": "usaha", "said": " mau urus surat usaha", "purpose": "pinjaman KUR",
                  "fields": {"nama_usaha": "Warung Barokah", "tahun_mulai": "2019"}, "applicant_id": 12},
        "pending_nik": "6474035507880002",
        "pending_birth_date": "1988-07-15",
        "cancel_code": "BLB-2611-0001",
        "correction_code": "BLB-2611-0002",
        "field": "tahun_mulai",
        "editing": true,
        "rt_pending": {"code": "BLB-2611-0003", "decision": 2},
        "rt_resume": "collect_field"
    })";
    ConversationData data = bot::read_conversation_data(stored);
    CHECK(data.self_id == 12);
    REQUIRE(data.last_complaint);
    CHECK(data.last_complaint->id == 5);
    CHECK(data.last_complaint->code == "ADU-2611-0005");
    CHECK(data.last_complaint->at == "2026-11-27T02:00:00Z");
    REQUIRE(data.draft);
    CHECK(data.draft->letter_type == "usaha");
    CHECK(data.draft->said == " mau urus surat usaha");
    CHECK(data.draft->purpose == "pinjaman KUR");
    CHECK(data.draft->fields.at("nama_usaha") == "Warung Barokah");
    CHECK(data.draft->fields.at("tahun_mulai") == "2019");
    CHECK(data.draft->applicant_id == 12);
    CHECK_FALSE(data.draft->newcomer);
    CHECK(data.pending_nik == "6474035507880002");
    CHECK(data.pending_birth_date == "1988-07-15");
    CHECK(data.cancel_code == "BLB-2611-0001");
    CHECK(data.correction_code == "BLB-2611-0002");
    CHECK(data.field == "tahun_mulai");
    CHECK(data.editing);
    REQUIRE(data.rt_pending);
    CHECK(data.rt_pending->code == "BLB-2611-0003");
    CHECK(data.rt_pending->decision == 2);
    CHECK(data.rt_resume == State::collect_field);
    CHECK(data.offered.empty());

    // Written back, it is the same JSON: the previous release can read it too.
    CHECK(json::parse(bot::write_conversation_data(data)) == json::parse(stored));
}

TEST_CASE("a newcomer's draft keeps the keys written so far") {
    for (const std::string stored : {R"({"draft":{"newcomer":{}}})", R"({"draft":{"newcomer":{"name":"Rina Wati"}}})",
                                     R"({"draft":{"newcomer":{"name":"Rina Wati","address":"Jl. Pelita 5","rt":3},)"
                                     R"("letter_type":"domisili"}})"}) {
        CAPTURE(stored);
        ConversationData data = bot::read_conversation_data(stored);
        REQUIRE(data.draft);
        REQUIRE(data.draft->newcomer);
        CHECK(json::parse(bot::write_conversation_data(data)) == json::parse(stored));
    }
    auto data = bot::read_conversation_data(R"({"draft":{"newcomer":{"name":"Rina Wati","address":"Jl. Pelita 5","rt":3}}})");
    CHECK(data.draft->newcomer->name == "Rina Wati");
    CHECK(data.draft->newcomer->address == "Jl. Pelita 5");
    CHECK(data.draft->newcomer->rt == 3);
    CHECK(data.draft->newcomer->nik.empty());
    CHECK(data.draft->newcomer->details.empty());
}

TEST_CASE("a newcomer's NIK, birth, origin address and letter details are stored under their own keys") {
    const std::string stored =
        R"({"draft":{"newcomer":{"name":"Rina Wati","address":"Jl. Pelita 5","rt":3,"nik":"3273015708900002",)"
        R"("birth_date":"1990-08-17","birth_place":"Bandung","origin_address":"Jl. Merdeka 10, Bandung",)"
        R"("details":{"marital_status":"Kawin"}}}})";
    ConversationData data = bot::read_conversation_data(stored);
    REQUIRE(data.draft);
    REQUIRE(data.draft->newcomer);
    const bot::Newcomer& n = *data.draft->newcomer;
    CHECK(n.nik == "3273015708900002");
    CHECK(n.birth_date == "1990-08-17");
    CHECK(n.birth_place == "Bandung");
    CHECK(n.origin_address == "Jl. Merdeka 10, Bandung");
    CHECK(n.details == std::map<std::string, std::string>{{"marital_status", "Kawin"}});
    CHECK(json::parse(bot::write_conversation_data(data)) == json::parse(stored));
}

TEST_CASE("typed conversation data survives writing and reading") {
    ConversationData data;
    data.self_id = 3;
    data.last_complaint = bot::LastComplaint{9, "ADU-2611-0009", "2026-11-27T03:00:00Z"};
    data.draft = bot::Draft{};
    data.draft->letter_type = "sktm";
    data.draft->said = " mau urus sktm";
    data.draft->fields["keperluan_sktm"] = "Kesehatan";
    data.draft->newcomer = bot::Newcomer{"Rina", "Jl. Pelita 5 \"A\"", 2, "3273015708900002", "1990-08-17",
                                         "Bandung", "Jl. Merdeka 10", {{"marital_status", "Kawin"}}};
    data.pending_nik = "6474035507880002";
    data.field = "keperluan_sktm";
    data.rt_resume = State::idle;
    data.offered = {"choice:0", "choice:1", "choice:2"};
    data.draft->documents[2] = bot::DocumentAnswer{"sent", 41};
    data.draft->documents[4] = bot::DocumentAnswer{"at_office", std::nullopt};
    data.document = 5;
    CHECK(bot::read_conversation_data(bot::write_conversation_data(data)) == data);
    const json written = json::parse(bot::write_conversation_data(data));
    CHECK(written["document"] == 5);
    CHECK(written["draft"]["documents"]["2"] == json{{"state", "sent"}, {"attachment", 41}});
    CHECK(written["draft"]["documents"]["4"] == json{{"state", "at_office"}});
    CHECK(bot::write_conversation_data(ConversationData{}) == "{}");
}

TEST_CASE("bad stored data gives defaults, never an exception") {
    const std::vector<std::string> cases = {
        "",
        "not json",
        "[1,2,3]",
        "null",
        "42",
        R"({"self_id":"12"})",
        R"({"self_id":1.5,"draft":[],"last_complaint":"x","rt_pending":7})",
        R"({"draft":{"letter_type":5,"fields":[1],"applicant_id":"7","newcomer":"yes","said":null}})",
        R"({"draft":{"fields":{"a":1,"b":"ok"},"newcomer":{"name":7,"rt":"3"}}})",
        R"({"editing":"true","field":["x"],"pending_nik":16,"rt_resume":"no_such_state","offered":"choice:0"})",
        R"({"offered":["choice:0",1,null]})",
        R"({"rt_pending":{"code":1,"decision":99999999999}})",
        R"({"document":-1,"draft":{"documents":{"x":{"state":"sent"},"1":"sent","99999":{"state":"sent"}}}})",
        R"({"document":"2","draft":{"documents":[1]}})",
    };
    for (const auto& text : cases) {
        CAPTURE(text);
        ConversationData data;
        CHECK_NOTHROW(data = bot::read_conversation_data(text));
        CHECK_FALSE(data.self_id);
        CHECK_FALSE(data.rt_resume);
        CHECK_FALSE(data.editing);
        CHECK(data.field.empty());
        CHECK_FALSE(data.pending_nik);
        CHECK_FALSE(data.document);
        if (data.draft) {
            CHECK(data.draft->documents.empty());
            CHECK_FALSE(data.draft->letter_type);
            CHECK_FALSE(data.draft->applicant_id);
            CHECK(data.draft->fields.count("a") == 0);
        }
        CHECK_NOTHROW(bot::write_conversation_data(data));
    }
    auto partial = bot::read_conversation_data(R"({"draft":{"fields":{"a":1,"b":"ok"},"newcomer":{"name":7,"rt":"3"}}})");
    CHECK(partial.draft->fields.at("b") == "ok");
    CHECK(partial.draft->newcomer->name.empty());
    CHECK(partial.draft->newcomer->rt == 0);
    auto offered = bot::read_conversation_data(R"({"offered":["choice:0",1,null]})");
    CHECK(offered.offered == std::vector<std::string>{"choice:0"});
    CHECK(bot::read_conversation_data(R"({"rt_pending":{"code":1,"decision":99999999999}})").rt_pending->decision == 0);
}

TEST_SUITE_END();

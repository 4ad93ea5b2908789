#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "shared/messaging/reply_id.h"

TEST_SUITE_BEGIN("messaging");

using namespace ekel;
using messaging::decode;
using messaging::encode;
using messaging::ReplyId;
using messaging::ReplyKind;

TEST_CASE("every reply id the bot and the services send decodes to what was encoded, and back") {
    const std::vector<std::pair<std::string, ReplyId>> cases = {
        {"menu:status", {ReplyKind::menu, "status"}},
        {"menu:aduan", {ReplyKind::menu, "aduan"}},
        {"menu:info", {ReplyKind::menu, "info"}},
        {"type:sktm", {ReplyKind::letter_type, "sktm"}},
        {"type:pengantar_ktp_kk", {ReplyKind::letter_type, "pengantar_ktp_kk"}},
        {"types:page:1", {ReplyKind::letter_page, "1"}},
        {"self:42", {ReplyKind::self, "42"}},
        {"applicant:7", {ReplyKind::applicant, "7"}},
        {"choice:0", {ReplyKind::choice, "0"}},
        {"edit:keperluan_sktm", {ReplyKind::edit, "keperluan_sktm"}},
        {"edit:purpose", {ReplyKind::edit, "purpose"}},
        {"confirm:send", {ReplyKind::confirm, "send"}},
        {"confirm:edit", {ReplyKind::confirm, "edit"}},
        {"confirm:cancel", {ReplyKind::confirm, "cancel"}},
        {"cancel:yes", {ReplyKind::cancel, "yes"}},
        {"cancel:no", {ReplyKind::cancel, "no"}},
        {"newcomer", {ReplyKind::newcomer}},
        {"fix:BLB-2611-0001", {ReplyKind::fix, "BLB-2611-0001"}},
        {"cancelreq:BLB-2611-0001", {ReplyKind::cancel_request, "BLB-2611-0001"}},
        {"rt:approve:BLB-2611-0001", {ReplyKind::rt_approve, "BLB-2611-0001"}},
        {"rt:reject:BLB-2611-0001", {ReplyKind::rt_reject, "BLB-2611-0001"}},
        {"rt:revise:BLB-2611-0001", {ReplyKind::rt_revise, "BLB-2611-0001"}},
        {"rt:open:BLB-2611-0001", {ReplyKind::rt_open, "BLB-2611-0001"}},
        {"rt:files:BLB-2611-0001", {ReplyKind::rt_files, "BLB-2611-0001"}},
        {"rt:list", {ReplyKind::rt_list}},
        {"slot:BLB-2611-0001:202612010900", {ReplyKind::slot, "BLB-2611-0001", "202612010900"}},
        {"slotday:BLB-2611-0001:20261201", {ReplyKind::slot_day, "BLB-2611-0001", "20261201"}},
        {"slotdays:BLB-2611-0001", {ReplyKind::slot_days, "BLB-2611-0001"}},
        {"slotmove:BLB-2611-0001", {ReplyKind::slot_move, "BLB-2611-0001"}},
        {"ikm:start:12", {ReplyKind::survey_start, "12"}},
        {"ikm:no:12", {ReplyKind::survey_decline, "12"}},
        {"ikm:12:3:4", {ReplyKind::survey_answer, "12", "3", "4"}},
        {"doc:later", {ReplyKind::document, "later"}},
        {"doc:skip", {ReplyKind::document, "skip"}},
    };
    for (const auto& [text, reply] : cases) {
        CAPTURE(text);
        auto decoded = decode(text);
        REQUIRE(decoded);
        CHECK(*decoded == reply);
        CHECK(encode(reply) == text);
    }
}

TEST_CASE("a malformed reply id is no choice") {
    const std::vector<std::string> cases = {
        "",
        "menu:",
        "menu:hapus",
        "type:",
        "type:sk tm",
        "type:<script>",
        "types:page:",
        "types:page:-1",
        "types:page:1x",
        "self:",
        "self:abc",
        "self:1234567890123",  // 13 digits
        "applicant:4.5",
        "choice:",
        "choice:١",  // not an ASCII digit
        "confirm:yes",
        "cancel:maybe",
        "doc:",
        "doc:now",
        "newcomer:1",
        "fix:",
        "fix:BLB-2611-0001-0000-0000-000",  // a code longer than 23 characters
        "cancelreq:a:b",
        "rt:approve:",
        "rt:approve:" + std::string(24, 'A'),
        "rt:list:1",
        "rt:delete:BLB-2611-0001",
        "slot:BLB-2611-0001",
        "slot:BLB-2611-0001:2026120109",
        "slot:BLB-2611-0001:20261201090x",
        "slot::202612010900",
        "slotday:BLB-2611-0001:2026120",
        "slotday:BLB-2611-0001",
        "ikm:start:",
        "ikm:no:x",
        "ikm:1:2",
        "ikm:1:2:3:4",
        "ikm:a:b:c",
        "survey:1",
        "TYPE:sktm",
    };
    for (const auto& text : cases) {
        CAPTURE(text);
        CHECK_FALSE(decode(text));
    }
}

TEST_CASE("a reply id's number is read only from digits") {
    CHECK(decode("applicant:42")->number() == 42);
    CHECK(decode("types:page:0")->number() == 0);
    CHECK(decode("self:999999999999")->number() == 999999999999);
    CHECK_FALSE(decode("type:sktm")->number());
}

TEST_CASE("only RT officers' buttons are RT replies") {
    CHECK(messaging::is_rt_reply(decode("rt:approve:BLB-2611-0001")->kind));
    CHECK(messaging::is_rt_reply(decode("rt:list")->kind));
    CHECK_FALSE(messaging::is_rt_reply(decode("fix:BLB-2611-0001")->kind));
    CHECK_FALSE(messaging::is_rt_reply(decode("type:sktm")->kind));
}

TEST_SUITE_END();

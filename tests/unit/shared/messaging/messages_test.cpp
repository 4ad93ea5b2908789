#include <doctest/doctest.h>

#include "shared/messaging/inbound_message.h"
#include "shared/messaging/outbound_message.h"
#include "shared/util/error.h"

TEST_SUITE_BEGIN("messaging");

using namespace ekel;
using namespace ekel::messaging;

TEST_CASE("an outbound message survives the outbox storage form unchanged") {
    OutboundMessage m;
    m.kind = OutboundKind::list;
    m.to = "6281234567890";
    m.text = "Pilih jenis surat 🙏";
    m.header = "Layanan";
    m.footer = "Kelurahan Belimbing";
    m.list_button = "Pilih";
    m.sections = {{"Surat keterangan", {{"type:sktm", "SKTM", "Tidak mampu"}, {"type:domisili", "Domisili", ""}}}};
    m.callback_data = "req-42";
    m.reply_to_message_id = "wamid.X";
    OutboundMessage back = outbound_from_json(to_json(m));
    CHECK(back.kind == OutboundKind::list);
    CHECK(back.to == m.to);
    CHECK(back.text == m.text);
    CHECK(back.sections.size() == 1);
    CHECK(back.sections[0].rows[0].description == "Tidak mampu");
    CHECK(back.sections[0].rows[1].id == "type:domisili");
    CHECK(back.callback_data == "req-42");
    CHECK(back.reply_to_message_id == "wamid.X");
    CHECK_THROWS_AS(outbound_from_json("{\"kind\":\"fax\"}"), Error);
    CHECK_THROWS_AS(outbound_from_json("not json"), Error);
}

TEST_CASE("delivery states are ranked so a status never moves backwards") {
    CHECK(delivery_rank(DeliveryStatus::sent) < delivery_rank(DeliveryStatus::delivered));
    CHECK(delivery_rank(DeliveryStatus::delivered) < delivery_rank(DeliveryStatus::read));
    CHECK(delivery_rank(DeliveryStatus::read) < delivery_rank(DeliveryStatus::failed));
    for (auto kind : {InboundKind::text, InboundKind::list_reply, InboundKind::unsupported}) {
        CHECK(parse_inbound_kind(to_string(kind)) == kind);
    }
}

TEST_SUITE_END();

#include "webhooks/envelope_parser.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

using ekel::messaging::DeliveryStatus;
using ekel::messaging::InboundKind;
using ekel::messaging::InboundMessage;
using ekel::messaging::StatusUpdate;
using ekel::whatsapp::parse_envelope;
using ekel::whatsapp::parse_stored_inbound;
using ekel::whatsapp::ParsedEnvelope;
using nlohmann::json;

namespace {

constexpr const char* kPhoneNumberId = "123456789012345";
constexpr const char* kWaId = "6281234567890";
constexpr const char* kName = "Siti Rahmawati";
constexpr const char* kOurMessage =
    "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjQ1RjBBMkIzQzRENUU2RjcwOAA=";

const std::vector<std::string> kMessageFixtures = {
    "text.json",        "button_reply.json",       "list_reply.json",        "template_button.json",
    "image.json",       "document.json",           "audio_voice.json",       "video.json",
    "sticker.json",     "location.json",           "contacts.json",          "reaction.json",
    "unsupported.json", "unknown_type_order.json", "batch_multi_entry.json", "bsuid_only.json",
    "non_ascii.json",
};

std::string read_fixture(const std::string& name) {
    std::ifstream in(std::string(EKEL_REPO_DIR) + "/tests/fixtures/whatsapp/" + name,
                     std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing fixture " << name);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

ParsedEnvelope parsed(const std::string& body) {
    auto envelope = parse_envelope(body);
    REQUIRE_MESSAGE(envelope, (envelope ? "" : envelope.error().message));
    return std::move(envelope).value();
}

ParsedEnvelope parsed_fixture(const std::string& name) { return parsed(read_fixture(name)); }

InboundMessage only_message(const std::string& body) {
    const auto envelope = parsed(body);
    REQUIRE(envelope.messages.size() == 1);
    return envelope.messages.front().message;
}

/// A fixture with one edit applied: how the malformed and variant bodies are made.
std::string edited(const std::string& fixture, const std::function<void(json&)>& edit) {
    json document = json::parse(read_fixture(fixture));
    edit(document);
    return document.dump();
}

json& value_of(json& document, std::size_t entry = 0, std::size_t change = 0) {
    return document["entry"][entry]["changes"][change]["value"];
}

json& message_of(json& document, std::size_t index = 0) {
    return value_of(document)["messages"][index];
}

bool is_media(InboundKind kind) {
    return kind == InboundKind::image || kind == InboundKind::document ||
           kind == InboundKind::audio || kind == InboundKind::video || kind == InboundKind::sticker;
}

void check_same(const InboundMessage& a, const InboundMessage& b) {
    CHECK(a.message_id == b.message_id);
    CHECK(a.sender_wa_id == b.sender_wa_id);
    CHECK(a.sender_user_id == b.sender_user_id);
    CHECK(a.profile_name == b.profile_name);
    CHECK(a.phone_number_id == b.phone_number_id);
    CHECK(a.timestamp == b.timestamp);
    CHECK(a.kind == b.kind);
    CHECK(a.text == b.text);
    CHECK(a.reply_id == b.reply_id);
    CHECK(a.reply_description == b.reply_description);
    CHECK(a.context_message_id == b.context_message_id);
    CHECK(a.unsupported_type == b.unsupported_type);
    CHECK(a.error_code == b.error_code);
    REQUIRE(a.media.has_value() == b.media.has_value());
    if (a.media) {
        CHECK(a.media->media_id == b.media->media_id);
        CHECK(a.media->mime_type == b.media->mime_type);
        CHECK(a.media->sha256 == b.media->sha256);
        CHECK(a.media->caption == b.media->caption);
        CHECK(a.media->filename == b.media->filename);
        CHECK(a.media->url == b.media->url);
        CHECK(a.media->voice == b.media->voice);
    }
    REQUIRE(a.location.has_value() == b.location.has_value());
    if (a.location) {
        CHECK(a.location->latitude == b.location->latitude);
        CHECK(a.location->longitude == b.location->longitude);
        CHECK(a.location->name == b.location->name);
        CHECK(a.location->address == b.location->address);
    }
    REQUIRE(a.contacts.size() == b.contacts.size());
    for (std::size_t i = 0; i < a.contacts.size(); ++i) {
        CHECK(a.contacts[i].name == b.contacts[i].name);
        CHECK(a.contacts[i].phones == b.contacts[i].phones);
    }
}

}  // namespace

TEST_SUITE_BEGIN("webhooks");

TEST_CASE("every inbound message type is parsed to its kind and fields") {
    struct Case {
        std::string fixture;
        InboundKind kind;
        std::int64_t timestamp;
        std::function<void(const InboundMessage&)> check;
    };
    const std::vector<Case> cases = {
        {"text.json", InboundKind::text, 1767841200,
         [](const InboundMessage& m) {
             CHECK(m.text == "Selamat pagi, saya mau mengurus surat keterangan domisili.");
             CHECK(m.reply_id.empty());
             CHECK(m.context_message_id.empty());
         }},
        {"button_reply.json", InboundKind::button_reply, 1767841385,
         [](const InboundMessage& m) {
             CHECK(m.reply_id == "confirm_yes");
             CHECK(m.text == "Ya, data benar");
             CHECK(m.context_message_id == kOurMessage);
         }},
        {"list_reply.json", InboundKind::list_reply, 1767841290,
         [](const InboundMessage& m) {
             CHECK(m.reply_id == "svc_sktm");
             CHECK(m.text == "SKTM");
             CHECK(m.reply_description == "Surat Keterangan Tidak Mampu");
             CHECK(m.context_message_id ==
                   "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjlDMUQyRTNGNEE1QjZDN0Q4RQA=");
         }},
        {"template_button.json", InboundKind::template_button, 1768100520,
         [](const InboundMessage& m) {
             CHECK(m.text == "Cek status");
             CHECK(m.reply_id == "CEK_STATUS_REQ-2026-0042");
             CHECK(m.context_message_id ==
                   "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEkE3QjhDOUQwRTFGMkEzQjRDNQA=");
         }},
        {"image.json", InboundKind::image, 1767841502,
         [](const InboundMessage& m) {
             CHECK(m.media->media_id == "1486203957731904");
             CHECK(m.media->mime_type == "image/jpeg");
             CHECK(m.media->sha256 == "q3Xz1kP0N7mYc2bLr8e5VnH4tWj6aDg9sFuK0oIiM1E=");
             CHECK(m.media->caption == "Foto KTP saya");
             CHECK(m.media->url.starts_with(
                 "https://lookaside.fbsbx.com/whatsapp_business/attachments/"));
             CHECK(m.media->filename.empty());
             CHECK_FALSE(m.media->voice);
         }},
        {"document.json", InboundKind::document, 1767841620,
         [](const InboundMessage& m) {
             CHECK(m.media->media_id == "822170945561378");
             CHECK(m.media->mime_type == "application/pdf");
             CHECK(m.media->filename == "KK_Siti_Rahmawati.pdf");
             CHECK(m.media->caption == "Kartu Keluarga");
             CHECK(m.media->url.empty());
         }},
        {"audio_voice.json", InboundKind::audio, 1767841700,
         [](const InboundMessage& m) {
             CHECK(m.media->media_id == "1023456789012345");
             CHECK(m.media->mime_type == "audio/ogg; codecs=opus");
             CHECK(m.media->voice);
         }},
        {"video.json", InboundKind::video, 1767841760,
         [](const InboundMessage& m) {
             CHECK(m.media->media_id == "2093847561029384");
             CHECK(m.media->mime_type == "video/mp4");
             CHECK(m.media->caption == "Video jalan rusak di RT 003");
             CHECK_FALSE(m.media->voice);
         }},
        {"sticker.json", InboundKind::sticker, 1767841790,
         [](const InboundMessage& m) {
             CHECK(m.media->media_id == "3141592653589793");
             CHECK(m.media->mime_type == "image/webp");
         }},
        {"location.json", InboundKind::location, 1767841744,
         [](const InboundMessage& m) {
             CHECK(m.location->latitude == doctest::Approx(-6.2297465));
             CHECK(m.location->longitude == doctest::Approx(106.8295189));
             CHECK(m.location->name == "Rumah");
             CHECK(m.location->address == "Jl. Melati No. 12 RT 003/RW 005, Jakarta Selatan");
         }},
        {"contacts.json", InboundKind::contacts, 1767841820,
         [](const InboundMessage& m) {
             REQUIRE(m.contacts.size() == 2);
             CHECK(m.contacts[0].name == "Budi Santoso");
             CHECK(m.contacts[0].phones ==
                   std::vector<std::string>{"+62 812-1111-2222", "6281333334444"});
             CHECK(m.contacts[1].name == "Ketua RT 003");
             CHECK(m.contacts[1].phones == std::vector<std::string>{"+62 21 555 0101"});
         }},
        {"reaction.json", InboundKind::reaction, 1767841900,
         [](const InboundMessage& m) {
             CHECK(m.reply_id == kOurMessage);
             CHECK(m.text == "\xF0\x9F\x91\x8D");  // U+1F44D, sent as \ud83d\udc4d
         }},
        {"unsupported.json", InboundKind::unsupported, 1767842000,
         [](const InboundMessage& m) {
             CHECK(m.unsupported_type == "edit");
             CHECK(m.error_code == 131051);
         }},
        {"unknown_type_order.json", InboundKind::unsupported, 1767842100,
         [](const InboundMessage& m) {
             CHECK(m.unsupported_type == "order");
             CHECK(m.error_code == 0);
         }},
    };
    for (const auto& c : cases) {
        CAPTURE(c.fixture);
        const auto envelope = parsed_fixture(c.fixture);
        CHECK(envelope.statuses.empty());
        CHECK(envelope.skipped.empty());
        REQUIRE(envelope.messages.size() == 1);
        const InboundMessage& m = envelope.messages.front().message;
        CHECK(m.kind == c.kind);
        CHECK(m.message_id.starts_with("wamid."));
        CHECK(m.sender_wa_id == kWaId);
        CHECK(m.sender_user_id.empty());
        CHECK(m.sender_key() == kWaId);
        CHECK(m.profile_name == kName);
        CHECK(m.phone_number_id == kPhoneNumberId);
        CHECK(m.timestamp == c.timestamp);
        REQUIRE(m.media.has_value() == is_media(c.kind));
        REQUIRE(m.location.has_value() == (c.kind == InboundKind::location));
        CHECK(m.contacts.empty() == (c.kind != InboundKind::contacts));
        CHECK(m.unsupported_type.empty() == (c.kind != InboundKind::unsupported));
        c.check(m);
    }
}

TEST_CASE("stored_json rebuilds the same message field by field for every fixture") {
    std::size_t checked = 0;
    for (const auto& fixture : kMessageFixtures) {
        CAPTURE(fixture);
        json raw = json::parse(read_fixture(fixture));
        const auto envelope = parsed(raw.dump());
        REQUIRE_FALSE(envelope.messages.empty());
        for (const auto& inbound : envelope.messages) {
            CAPTURE(inbound.message.message_id);
            const auto rebuilt = parse_stored_inbound(inbound.stored_json);
            REQUIRE_MESSAGE(rebuilt, (rebuilt ? "" : rebuilt.error().message));
            check_same(*rebuilt, inbound.message);

            // The stored form is what the brief promises: our number, the contact, the raw item.
            const json stored = json::parse(inbound.stored_json);
            CHECK(stored.at("phone_number_id") == inbound.message.phone_number_id);
            bool found = false;
            for (const auto& entry : raw["entry"]) {
                for (const auto& change : entry["changes"]) {
                    for (const auto& item : change["value"].value("messages", json::array())) {
                        if (item["id"] != inbound.message.message_id) continue;
                        found = true;
                        CHECK(stored.at("message") == item);
                        CHECK(stored.at("contact").is_object());
                        CHECK(stored.at("contact").at("profile").at("name") ==
                              inbound.message.profile_name);
                    }
                }
            }
            CHECK(found);
            ++checked;
        }
    }
    CHECK(checked == 21);
}

TEST_CASE("stored_json keeps a null contact when no contact matched, and still round-trips") {
    const auto body = edited("text.json", [](json& d) { value_of(d).erase("contacts"); });
    const auto envelope = parsed(body);
    REQUIRE(envelope.messages.size() == 1);
    CHECK(json::parse(envelope.messages[0].stored_json).at("contact").is_null());
    const auto rebuilt = parse_stored_inbound(envelope.messages[0].stored_json);
    REQUIRE(rebuilt);
    check_same(*rebuilt, envelope.messages[0].message);
    CHECK(rebuilt->profile_name.empty());
}

TEST_CASE("a batch of two entries yields its four messages and two statuses in order") {
    const auto envelope = parsed_fixture("batch_multi_entry.json");
    CHECK(envelope.skipped.empty());
    REQUIRE(envelope.messages.size() == 4);
    struct Expected {
        std::string id_tail;
        std::string wa_id;
        std::string name;
        std::string phone_number_id;
        InboundKind kind;
    };
    const std::vector<Expected> expected = {
        {"MDAxAA==", kWaId, kName, kPhoneNumberId, InboundKind::text},
        {"MDAyAA==", "6281211112222", "Budi Santoso", kPhoneNumberId, InboundKind::text},
        {"MDAzAA==", kWaId, kName, "543210987654321", InboundKind::button_reply},
        {"MDA0AA==", kWaId, kName, "543210987654321", InboundKind::document},
    };
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        const auto& m = envelope.messages[i].message;
        CHECK(m.message_id.ends_with(expected[i].id_tail));
        CHECK(m.sender_wa_id == expected[i].wa_id);
        CHECK(m.profile_name == expected[i].name);
        CHECK(m.phone_number_id == expected[i].phone_number_id);
        CHECK(m.kind == expected[i].kind);
        CHECK(m.timestamp == 1767841200 + static_cast<std::int64_t>(i < 2 ? i : i + 2));
    }
    REQUIRE(envelope.statuses.size() == 2);
    CHECK(envelope.statuses[0].status == DeliveryStatus::sent);
    CHECK(envelope.statuses[0].recipient_id == kWaId);
    CHECK(envelope.statuses[0].timestamp == 1767841202);
    CHECK(envelope.statuses[1].status == DeliveryStatus::read);
    CHECK(envelope.statuses[1].recipient_id == "6281211112222");
    CHECK(envelope.statuses[1].timestamp == 1767841203);
}

TEST_CASE("a username user without a phone number is keyed by the business-scoped user id") {
    const auto m = only_message(read_fixture("bsuid_only.json"));
    CHECK(m.sender_wa_id.empty());
    CHECK(m.sender_user_id == "ID.1349120865098765432");
    CHECK(m.sender_key() == "ID.1349120865098765432");
    CHECK(m.profile_name == "Dewi Kartika");
    CHECK(m.kind == InboundKind::text);
    CHECK(m.text == "Halo, saya mau tanya syarat surat pindah.");
}

TEST_CASE("the sender comes from the message first and from its matching contact otherwise") {
    struct Case {
        std::string what;
        std::function<void(json&)> edit;
        std::string wa_id;
        std::string user_id;
        std::string name;
        bool stored_contact;
    };
    const json budi = {{"profile", {{"name", "Budi Santoso"}}}, {"wa_id", "6281211112222"}};
    const json dewi = {
        {"profile", {{"name", "Dewi Kartika"}}}, {"wa_id", "6281299990000"}, {"user_id", "ID.77"}};
    const std::vector<Case> cases = {
        {"as sent", [](json&) {}, kWaId, "", kName, true},
        {"a leading + on from is dropped",
         [](json& d) { message_of(d)["from"] = "+6281234567890"; }, kWaId, "", kName, true},
        {"from and from_user_id both kept",
         [](json& d) { message_of(d)["from_user_id"] = "ID.1349120865012345678"; }, kWaId,
         "ID.1349120865012345678", kName, true},
        {"the matching contact among several is found by wa_id",
         [&](json& d) {
             value_of(d)["contacts"] = json::array({budi, value_of(d)["contacts"][0], dewi});
         },
         kWaId, "", kName, true},
        {"the contact matched by wa_id adds its user id",
         [](json& d) { value_of(d)["contacts"][0]["user_id"] = "ID.42"; }, kWaId, "ID.42", kName,
         true},
        {"the contact matched by user id adds its wa_id",
         [&](json& d) {
             value_of(d)["contacts"] = json::array({budi, dewi});
             message_of(d).erase("from");
             message_of(d)["from_user_id"] = "ID.77";
         },
         "6281299990000", "ID.77", "Dewi Kartika", true},
        {"without from the only contact names the sender",
         [](json& d) { message_of(d).erase("from"); }, kWaId, "", kName, true},
        {"an empty from counts as absent", [](json& d) { message_of(d)["from"] = ""; }, kWaId, "",
         kName, true},
        {"a null from counts as absent", [](json& d) { message_of(d)["from"] = nullptr; }, kWaId,
         "", kName, true},
        {"the only contact gives its name but not its ids to another sender",
         [](json& d) {
             message_of(d)["from"] = "6281211112222";
             value_of(d)["contacts"][0]["user_id"] = "ID.42";
         },
         "6281211112222", "", kName, true},
        {"no contact matches among several",
         [&](json& d) {
             value_of(d)["contacts"] = json::array({budi, dewi});
         },
         kWaId, "", "", false},
        {"no contacts at all", [](json& d) { value_of(d).erase("contacts"); }, kWaId, "", "",
         false},
        {"a contact without a profile",
         [](json& d) { value_of(d)["contacts"][0].erase("profile"); }, kWaId, "", "", true},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        const auto envelope = parsed(edited("text.json", c.edit));
        REQUIRE(envelope.messages.size() == 1);
        const auto& m = envelope.messages[0].message;
        CHECK(m.sender_wa_id == c.wa_id);
        CHECK(m.sender_user_id == c.user_id);
        CHECK(m.profile_name == c.name);
        CHECK(json::parse(envelope.messages[0].stored_json).at("contact").is_object() ==
              c.stored_contact);
        const auto rebuilt = parse_stored_inbound(envelope.messages[0].stored_json);
        REQUIRE(rebuilt);
        check_same(*rebuilt, m);
    }
}

TEST_CASE("timestamps are read from digit strings and from whole numbers") {
    struct Case {
        json timestamp;
        std::int64_t expected;
    };
    const std::vector<Case> cases = {
        {"1767841200", 1767841200},
        {1767841200, 1767841200},
        {"0", 0},
        {"4102444799", 4102444799},  // the last second of 2099
    };
    for (const auto& c : cases) {
        CAPTURE(c.timestamp.dump());
        const auto m = only_message(
            edited("text.json", [&](json& d) { message_of(d)["timestamp"] = c.timestamp; }));
        CHECK(m.timestamp == c.expected);
    }
}

TEST_CASE("types we do not handle become unsupported with their type, not errors") {
    struct Case {
        std::string what;
        std::function<void(json&)> edit;
        std::string unsupported_type;
        int error_code;
    };
    const auto retype = [](std::string type) {
        return [type](json& d) {
            message_of(d)["type"] = type;
            message_of(d).erase("text");
            message_of(d)[type] = json::object();
        };
    };
    const std::vector<Case> cases = {
        {"order", retype("order"), "order", 0},
        {"system", retype("system"), "system", 0},
        {"request_welcome", retype("request_welcome"), "request_welcome", 0},
        {"ephemeral", retype("ephemeral"), "ephemeral", 0},
        {"edit", retype("edit"), "edit", 0},
        {"a type with no sub-object", [](json& d) { message_of(d)["type"] = "revoke"; }, "revoke",
         0},
        {"a flow reply",
         [](json& d) {
             message_of(d)["type"] = "interactive";
             message_of(d)["interactive"] = {
                 {"type", "nfm_reply"}, {"nfm_reply", {{"response_json", "{}"}, {"name", "flow"}}}};
         },
         "interactive.nfm_reply", 0},
        {"unsupported without an unsupported object",
         [](json& d) {
             message_of(d)["type"] = "unsupported";
             message_of(d)["errors"] =
                 json::array({{{"code", 131060}, {"title", "message unavailable"}}});
         },
         "unsupported", 131060},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        const auto m = only_message(edited("text.json", c.edit));
        CHECK(m.kind == InboundKind::unsupported);
        CHECK(m.unsupported_type == c.unsupported_type);
        CHECK(m.error_code == c.error_code);
        CHECK(m.sender_wa_id == kWaId);
    }
}

TEST_CASE("a removed reaction is kept with empty text") {
    const std::vector<std::function<void(json&)>> removals = {
        [](json& d) { message_of(d)["reaction"]["emoji"] = ""; },
        [](json& d) { message_of(d)["reaction"].erase("emoji"); },
    };
    for (std::size_t i = 0; i < removals.size(); ++i) {
        CAPTURE(i);
        const auto m = only_message(edited("reaction.json", removals[i]));
        CHECK(m.kind == InboundKind::reaction);
        CHECK(m.text.empty());
        CHECK(m.reply_id == kOurMessage);
    }
}

TEST_CASE("non-ASCII text comes out as UTF-8 whether Meta escaped it or not") {
    const std::string name = "Bu Hajjah \xC3\x91ur \xF0\x9F\x8C\xB8";
    const std::string text =
        "Terima kasih \xF0\x9F\x99\x8F surat \xE2\x80\x9C"
        "domisili\xE2\x80\x9D sudah saya terima, caf\xC3\xA9 depan kantor ramai";
    const auto envelope = parsed_fixture("non_ascii.json");
    REQUIRE(envelope.messages.size() == 2);
    for (const auto& inbound : envelope.messages) {
        CAPTURE(inbound.message.message_id);
        CHECK(inbound.message.profile_name == name);
        CHECK(inbound.message.text == text);
        // Stored as UTF-8, not re-escaped.
        CHECK(inbound.stored_json.find("\xC3\x91ur") != std::string::npos);
        CHECK(inbound.stored_json.find("\\u") == std::string::npos);
        const auto rebuilt = parse_stored_inbound(inbound.stored_json);
        REQUIRE(rebuilt);
        CHECK(rebuilt->text == text);
        CHECK(rebuilt->profile_name == name);
    }
}

TEST_CASE("a delivered status carries its recipient ids and our callback data") {
    const auto envelope = parsed_fixture("status_delivered.json");
    CHECK(envelope.messages.empty());
    CHECK(envelope.skipped.empty());
    REQUIRE(envelope.statuses.size() == 1);
    const StatusUpdate& s = envelope.statuses[0];
    CHECK(s.message_id == kOurMessage);
    CHECK(s.status == DeliveryStatus::delivered);
    CHECK(s.timestamp == 1767841331);
    CHECK(s.recipient_id == kWaId);
    CHECK(s.recipient_user_id == "ID.1349120865012345678");
    CHECK(s.callback_data == "req-2026-0042");
    CHECK(s.error_code == 0);
    CHECK(s.error_title.empty());
    CHECK(s.error_details.empty());
}

TEST_CASE("a failed status carries Meta's error code, title and details") {
    const auto envelope = parsed_fixture("status_failed_131047.json");
    REQUIRE(envelope.statuses.size() == 1);
    const StatusUpdate& s = envelope.statuses[0];
    CHECK(s.status == DeliveryStatus::failed);
    CHECK(s.timestamp == 1768100400);
    CHECK(s.error_code == 131047);
    CHECK(s.error_title == "Re-engagement message");
    CHECK(s.error_details.starts_with("Message failed to send because more than 24 hours"));
    CHECK(s.recipient_user_id.empty());
    CHECK(s.callback_data.empty());
}

TEST_CASE("every known status word is read, and a status without a timestamp is kept") {
    for (const std::string word : {"sent", "delivered", "read", "played", "failed"}) {
        CAPTURE(word);
        const auto envelope = parsed(edited("status_delivered.json", [&](json& d) {
            value_of(d)["statuses"][0]["status"] = word;
            value_of(d)["statuses"][0].erase("timestamp");
        }));
        REQUIRE(envelope.statuses.size() == 1);
        CHECK(to_string(envelope.statuses[0].status) == word);
        CHECK(envelope.statuses[0].timestamp == 0);
    }
}

TEST_CASE("an unknown status word is skipped with a note, not rejected") {
    const auto envelope = parsed(edited("status_delivered.json", [](json& d) {
        value_of(d)["statuses"][0]["status"] = "deleted";
    }));
    CHECK(envelope.statuses.empty());
    REQUIRE(envelope.skipped.size() == 1);
    CHECK(envelope.skipped[0] ==
          "entry[0].changes[0].value.statuses[0]: unknown status \"deleted\" ignored");
}

TEST_CASE("changes other than messages are skipped with a note that holds no personal data") {
    const auto envelope = parsed_fixture("account_update.json");
    CHECK(envelope.messages.empty());
    CHECK(envelope.statuses.empty());
    REQUIRE(envelope.skipped.size() == 1);
    CHECK(envelope.skipped[0] == "entry[0].changes[0]: field \"account_update\" ignored");
    CHECK(envelope.skipped[0].find("6281234500000") == std::string::npos);
}

TEST_CASE("value.errors is skipped with a note that lists only the codes") {
    const auto envelope = parsed(edited("text.json", [](json& d) {
        value_of(d)["errors"] = json::array({
            {{"code", 131000},
             {"title", "Something went wrong"},
             {"error_data", {{"details", "Pesan ke 6281234567890 gagal"}}}},
            {{"code", 131026}, {"title", "Message undeliverable"}},
        });
    }));
    CHECK(envelope.messages.size() == 1);
    REQUIRE(envelope.skipped.size() == 1);
    CHECK(envelope.skipped[0] ==
          "entry[0].changes[0].value.errors ignored: Meta reported error codes 131000, 131026");
}

TEST_CASE("an empty entry array is an empty result") {
    const auto envelope = parsed(R"({"object":"whatsapp_business_account","entry":[]})");
    CHECK(envelope.messages.empty());
    CHECK(envelope.statuses.empty());
    CHECK(envelope.skipped.empty());
}

TEST_CASE("a malformed envelope is rejected naming the JSON path of its first problem") {
    struct Case {
        std::string what;
        std::string body;
        std::string field;
        std::string message;  ///< the whole message, or its start for "not valid JSON"
    };
    const std::string m0 = "entry[0].changes[0].value.messages[0]";
    const std::string v0 = "entry[0].changes[0].value";
    const auto text = [](const std::function<void(json&)>& edit) {
        return edited("text.json", edit);
    };
    const auto msg = [&](const std::function<void(json&)>& edit) {
        return text([&](json& d) { edit(message_of(d)); });
    };
    const auto status = [](const std::function<void(json&)>& edit) {
        return edited("status_failed_131047.json",
                      [&](json& d) { edit(value_of(d)["statuses"][0]); });
    };
    const auto in = [](const std::string& fixture, const std::function<void(json&)>& edit) {
        return edited(fixture, [&](json& d) { edit(message_of(d)); });
    };
    const std::vector<Case> cases = {
        {"not JSON", R"({"object": "whatsapp_business_account", )", "body", "not valid JSON: "},
        {"an empty body", "", "body", "not valid JSON: "},
        {"an HTML error page", "<html>502</html>", "body", "not valid JSON: "},
        {"a lone surrogate escape", R"({"object":"\ud83d"})", "body", "not valid JSON: "},
        {"a JSON array", "[]", "body", "body must be a JSON object"},
        {"the wrong object", text([](json& d) { d["object"] = "page"; }), "object",
         "object must be \"whatsapp_business_account\""},
        {"no object", text([](json& d) { d.erase("object"); }), "object", "object is required"},
        {"entry an object", text([](json& d) { d["entry"] = json::object(); }), "entry",
         "entry must be an array"},
        {"no entry", text([](json& d) { d.erase("entry"); }), "entry", "entry is required"},
        {"an entry that is a string", text([](json& d) { d["entry"] = json::array({"x"}); }),
         "entry[0]", "entry[0] must be an object"},
        {"an entry without changes", text([](json& d) { d["entry"][0].erase("changes"); }),
         "entry[0].changes", "entry[0].changes is required"},
        {"a change without field",
         text([](json& d) { d["entry"][0]["changes"][0].erase("field"); }),
         "entry[0].changes[0].field", "entry[0].changes[0].field is required"},
        {"a field that is a number",
         text([](json& d) { d["entry"][0]["changes"][0]["field"] = 7; }),
         "entry[0].changes[0].field", "entry[0].changes[0].field must be a string"},
        {"a value that is a string", text([](json& d) { value_of(d) = "messages"; }), v0,
         v0 + " must be an object"},
        {"another messaging product",
         text([](json& d) { value_of(d)["messaging_product"] = "instagram"; }),
         v0 + ".messaging_product", v0 + ".messaging_product must be \"whatsapp\""},
        {"no metadata", text([](json& d) { value_of(d).erase("metadata"); }), v0 + ".metadata",
         v0 + ".metadata is required"},
        {"a numeric phone_number_id",
         text([](json& d) { value_of(d)["metadata"]["phone_number_id"] = 123456789012345; }),
         v0 + ".metadata.phone_number_id", v0 + ".metadata.phone_number_id must be a string"},
        {"messages an object", text([](json& d) { value_of(d)["messages"] = json::object(); }),
         v0 + ".messages", v0 + ".messages must be an array"},
        {"a message that is a string", text([](json& d) { value_of(d)["messages"][0] = "hi"; }), m0,
         m0 + " must be an object"},
        {"a contact wa_id that is a number",
         text([](json& d) { value_of(d)["contacts"][0]["wa_id"] = 62812; }),
         v0 + ".contacts[0].wa_id", v0 + ".contacts[0].wa_id must be a string"},
        {"a message without id", msg([](json& m) { m.erase("id"); }), m0 + ".id",
         m0 + ".id is required"},
        {"an empty message id", msg([](json& m) { m["id"] = ""; }), m0 + ".id",
         m0 + ".id must not be empty"},
        {"a message without type", msg([](json& m) { m.erase("type"); }), m0 + ".type",
         m0 + ".type is required"},
        {"a numeric type", msg([](json& m) { m["type"] = 1; }), m0 + ".type",
         m0 + ".type must be a string"},
        {"a message without timestamp", msg([](json& m) { m.erase("timestamp"); }),
         m0 + ".timestamp", m0 + ".timestamp is required"},
        {"a timestamp with letters", msg([](json& m) { m["timestamp"] = "17678412OO"; }),
         m0 + ".timestamp",
         m0 + ".timestamp must be Unix seconds (a string of digits or a whole number)"},
        {"a negative timestamp", msg([](json& m) { m["timestamp"] = -5; }), m0 + ".timestamp",
         m0 + ".timestamp must be Unix seconds (a string of digits or a whole number)"},
        {"a fractional timestamp", msg([](json& m) { m["timestamp"] = 1767841200.5; }),
         m0 + ".timestamp",
         m0 + ".timestamp must be Unix seconds (a string of digits or a whole number)"},
        {"a timestamp beyond int64", msg([](json& m) { m["timestamp"] = "99999999999999999999"; }),
         m0 + ".timestamp",
         m0 + ".timestamp must be Unix seconds (a string of digits or a whole number)"},
        {"a timestamp in the year 2539", msg([](json& m) { m["timestamp"] = "17963005612"; }),
         m0 + ".timestamp", m0 + ".timestamp must be Unix seconds before the year 2100"},
        {"a whole-number timestamp in 2100", msg([](json& m) { m["timestamp"] = 4102444800; }),
         m0 + ".timestamp", m0 + ".timestamp must be Unix seconds before the year 2100"},
        {"int64's largest timestamp", msg([](json& m) { m["timestamp"] = "9223372036854775807"; }),
         m0 + ".timestamp", m0 + ".timestamp must be Unix seconds before the year 2100"},
        {"a from with letters", msg([](json& m) { m["from"] = "62812abc"; }), m0 + ".from",
         m0 + ".from must be a phone number written in digits"},
        {"a numeric from_user_id", msg([](json& m) { m["from_user_id"] = 77; }),
         m0 + ".from_user_id", m0 + ".from_user_id must be a string"},
        {"no sender and no contacts", text([](json& d) {
             message_of(d).erase("from");
             value_of(d).erase("contacts");
         }),
         m0, m0 + " has neither from nor from_user_id, and no contact names the sender"},
        {"no sender and two contacts", text([](json& d) {
             message_of(d).erase("from");
             value_of(d)["contacts"].push_back({{"wa_id", "6281211112222"}});
         }),
         m0, m0 + " has neither from nor from_user_id, and no contact names the sender"},
        {"a context that is a string", msg([](json& m) { m["context"] = "wamid.x"; }),
         m0 + ".context", m0 + ".context must be an object"},
        {"a text message without text", msg([](json& m) { m.erase("text"); }), m0 + ".text",
         m0 + ".text is required"},
        {"a text body that is a number", msg([](json& m) { m["text"]["body"] = 42; }),
         m0 + ".text.body", m0 + ".text.body must be a string"},
        {"a button reply without interactive.type",
         in("button_reply.json", [](json& m) { m["interactive"].erase("type"); }),
         m0 + ".interactive.type", m0 + ".interactive.type is required"},
        {"a button reply without title",
         in("button_reply.json", [](json& m) { m["interactive"]["button_reply"].erase("title"); }),
         m0 + ".interactive.button_reply.title",
         m0 + ".interactive.button_reply.title is required"},
        {"a list reply with a numeric id",
         in("list_reply.json", [](json& m) { m["interactive"]["list_reply"]["id"] = 3; }),
         m0 + ".interactive.list_reply.id", m0 + ".interactive.list_reply.id must be a string"},
        {"a template button without payload",
         in("template_button.json", [](json& m) { m["button"].erase("payload"); }),
         m0 + ".button.payload", m0 + ".button.payload is required"},
        {"an image without id", in("image.json", [](json& m) { m["image"].erase("id"); }),
         m0 + ".image.id", m0 + ".image.id is required"},
        {"an image caption that is an array",
         in("image.json", [](json& m) { m["image"]["caption"] = json::array(); }),
         m0 + ".image.caption", m0 + ".image.caption must be a string"},
        {"a voice flag that is a string",
         in("audio_voice.json", [](json& m) { m["audio"]["voice"] = "yes"; }), m0 + ".audio.voice",
         m0 + ".audio.voice must be true or false"},
        {"a location without latitude",
         in("location.json", [](json& m) { m["location"].erase("latitude"); }),
         m0 + ".location.latitude", m0 + ".location.latitude is required"},
        {"a latitude written as a string",
         in("location.json", [](json& m) { m["location"]["latitude"] = "-6.2"; }),
         m0 + ".location.latitude", m0 + ".location.latitude must be a number"},
        {"a latitude off the globe",
         in("location.json", [](json& m) { m["location"]["latitude"] = 106.8; }),
         m0 + ".location.latitude", m0 + ".location.latitude must be between -90 and 90"},
        {"a longitude off the globe",
         in("location.json", [](json& m) { m["location"]["longitude"] = -181; }),
         m0 + ".location.longitude", m0 + ".location.longitude must be between -180 and 180"},
        {"shared contacts that are an object",
         in("contacts.json", [](json& m) { m["contacts"] = json::object(); }), m0 + ".contacts",
         m0 + ".contacts must be an array"},
        {"a shared contact phone that is a string",
         in("contacts.json", [](json& m) { m["contacts"][1]["phones"][0] = "+62 21 555 0101"; }),
         m0 + ".contacts[1].phones[0]", m0 + ".contacts[1].phones[0] must be an object"},
        {"a reaction without message_id",
         in("reaction.json", [](json& m) { m["reaction"].erase("message_id"); }),
         m0 + ".reaction.message_id", m0 + ".reaction.message_id is required"},
        {"an error code that is a string",
         in("unsupported.json", [](json& m) { m["errors"][0]["code"] = "131051"; }),
         m0 + ".errors[0].code", m0 + ".errors[0].code must be a whole number"},
        {"a status without id", status([](json& s) { s.erase("id"); }), v0 + ".statuses[0].id",
         v0 + ".statuses[0].id is required"},
        {"a status without status", status([](json& s) { s.erase("status"); }),
         v0 + ".statuses[0].status", v0 + ".statuses[0].status is required"},
        {"a status word that is a number", status([](json& s) { s["status"] = 2; }),
         v0 + ".statuses[0].status", v0 + ".statuses[0].status must be a string"},
        {"a status timestamp with letters", status([](json& s) { s["timestamp"] = "yesterday"; }),
         v0 + ".statuses[0].timestamp",
         v0 + ".statuses[0].timestamp must be Unix seconds (a string of digits or a whole number)"},
        {"a status error code that is a string",
         status([](json& s) { s["errors"][0]["code"] = "131047"; }),
         v0 + ".statuses[0].errors[0].code",
         v0 + ".statuses[0].errors[0].code must be a whole number"},
        {"the fourth message of a batch",
         edited("batch_multi_entry.json",
                [](json& d) { value_of(d, 1, 0)["messages"][1]["document"].erase("id"); }),
         "entry[1].changes[0].value.messages[1].document.id",
         "entry[1].changes[0].value.messages[1].document.id is required"},
        {"the second status of a batch",
         edited("batch_multi_entry.json",
                [](json& d) { value_of(d, 0, 1)["statuses"][1].erase("id"); }),
         "entry[0].changes[1].value.statuses[1].id",
         "entry[0].changes[1].value.statuses[1].id is required"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        const auto envelope = parse_envelope(c.body);
        REQUIRE_FALSE(envelope);
        CHECK(envelope.error().field == c.field);
        CHECK(envelope.error().message.starts_with(c.message));
        if (c.field != "body") CHECK(envelope.error().message == c.message);
    }
}

TEST_CASE("a text or name that is not UTF-8 is rejected as not JSON, which the webhook answers with 400") {
    // nlohmann's parser validates UTF-8 strictly, so nothing that is not UTF-8 gets past intake.
    const auto with = [](const std::string& at, const std::string& bytes) {
        std::string body = read_fixture("text.json");
        body.insert(body.find(at) + at.size(), bytes);
        return body;
    };
    REQUIRE(parse_envelope(with("Selamat pagi", "")));
    struct Case {
        std::string what;
        std::string body;
    };
    const std::vector<Case> cases = {
        {"a Windows-1252 apostrophe in the text", with("Selamat pagi", ", Ma\x92ruf")},
        {"a stray 0xFF in the text", with("Selamat pagi", " \xFF")},
        {"an overlong '/' in the text", with("Selamat pagi", "\xC0\xAF")},
        {"a raw surrogate in the text", with("Selamat pagi", "\xED\xA0\x80")},
        {"beyond U+10FFFF in the text", with("Selamat pagi", "\xF4\x90\x80\x80")},
        {"a cut sequence in the profile name", with("Siti Rahmawati", "\xE2\x80")},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        const auto envelope = parse_envelope(c.body);
        REQUIRE_FALSE(envelope);
        CHECK(envelope.error().field == "body");
        CHECK(envelope.error().message.starts_with("not valid JSON: "));
    }
}

TEST_CASE("a JSON error names the position but does not echo the body") {
    const auto envelope =
        parse_envelope(R"({"object": "whatsapp_business_account", "nama": "Siti Rahmawati)");
    REQUIRE_FALSE(envelope);
    CHECK(envelope.error().message.find("column") != std::string::npos);
    CHECK(envelope.error().message.find("Rahmawati") == std::string::npos);
}

TEST_CASE("a deeply nested body is refused instead of being recursed into") {
    const std::string body = read_fixture("text.json");
    const auto with_nesting = [&](std::size_t depth) {
        std::string nested = body;
        const auto at = nested.find("\"type\": \"text\"");
        REQUIRE(at != std::string::npos);
        nested.insert(at, "\"extra\": " + std::string(depth, '[') + std::string(depth, ']') + ", ");
        return nested;
    };
    CHECK(parse_envelope(with_nesting(20)));
    const auto deep = parse_envelope(with_nesting(200000));
    REQUIRE_FALSE(deep);
    CHECK(deep.error().field == "body");
    CHECK(deep.error().message == "body nests deeper than 64 levels");
}

TEST_CASE("strings longer than Meta ever sends and bodies of too many values are refused while being read") {
    const std::string body = read_fixture("text.json");
    const auto with = [&](const std::string& extra) {
        std::string changed = body;
        const auto at = changed.find("\"type\": \"text\"");
        REQUIRE(at != std::string::npos);
        changed.insert(at, "\"extra\": " + extra + ", ");
        return changed;
    };
    CHECK(parse_envelope(with("\"" + std::string(65536, 'a') + "\"")));
    const auto long_string = parse_envelope(with("\"" + std::string(65537, 'a') + "\""));
    REQUIRE_FALSE(long_string);
    CHECK(long_string.error().field == "body");
    CHECK(long_string.error().message == "body holds a string longer than 65536 bytes");

    std::string many = "[0";
    for (int i = 1; i < 50'001; ++i) many += ",0";
    many += "]";
    const auto too_many = parse_envelope(with(many));
    REQUIRE_FALSE(too_many);
    CHECK(too_many.error().message == "body holds more than 50000 values");

    // The parser's reason quotes the number it choked on; the problem keeps only its start.
    const auto overflow = parse_envelope(with(std::string(100000, '9')));
    REQUIRE_FALSE(overflow);
    CHECK(overflow.error().message.rfind("not valid JSON: number overflow parsing '999", 0) == 0);
    CHECK(overflow.error().message.size() < 250);
}

TEST_CASE("a broken stored_json is rejected naming the path inside it") {
    const std::string good = parsed_fixture("text.json").messages.at(0).stored_json;
    const auto stored = [&](const std::function<void(json&)>& edit) {
        json document = json::parse(good);
        edit(document);
        return document.dump();
    };
    struct Case {
        std::string what;
        std::string text;
        std::string field;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"not JSON", "{\"phone_number_id\":", "stored_json", "not valid JSON: "},
        {"an array", "[]", "stored_json", "stored_json must be a JSON object"},
        {"no phone_number_id", stored([](json& d) { d.erase("phone_number_id"); }),
         "phone_number_id", "phone_number_id is required"},
        {"no message", stored([](json& d) { d.erase("message"); }), "message",
         "message is required"},
        {"a contact that is a string", stored([](json& d) { d["contact"] = "Siti"; }), "contact",
         "contact must be an object"},
        {"a text body that is a number", stored([](json& d) { d["message"]["text"]["body"] = 1; }),
         "message.text.body", "message.text.body must be a string"},
        {"no sender anywhere", stored([](json& d) {
             d["message"].erase("from");
             d["contact"] = nullptr;
         }),
         "message", "message has neither from nor from_user_id, and no contact names the sender"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        const auto result = parse_stored_inbound(c.text);
        REQUIRE_FALSE(result);
        CHECK(result.error().field == c.field);
        CHECK(result.error().message.starts_with(c.message));
    }
}

TEST_SUITE_END();

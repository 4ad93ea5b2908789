#include "webhooks/payload_builder.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "webhooks/graph_client.h"

using ekel::messaging::ListRow;
using ekel::messaging::ListSection;
using ekel::messaging::OutboundKind;
using ekel::messaging::OutboundMessage;
using ekel::messaging::ReplyButton;
using ekel::whatsapp::build_send_payload;
using ekel::whatsapp::classify_graph_error;
using ekel::whatsapp::SendOutcome;
using ekel::whatsapp::split_text;
using nlohmann::json;

TEST_SUITE_BEGIN("webhooks");

namespace {

const std::string kPray = "\xF0\x9F\x99\x8F";  // 🙏, one code point, four bytes
const std::string kEllipsis = "\xE2\x80\xA6";  // …

std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    }
    return n;
}

/// nlohmann refuses to serialise invalid UTF-8 with the default (strict) handler.
bool is_valid_utf8(const std::string& s) {
    try {
        (void)json(s).dump();
        return true;
    } catch (const json::type_error&) {
        return false;
    }
}

std::string repeat(const std::string& piece, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i) out += piece;
    return out;
}

OutboundMessage to_siti(OutboundKind kind) {
    OutboundMessage m;
    m.kind = kind;
    m.to = "6281298765432";
    return m;
}

json built(const OutboundMessage& m, const std::string& media_id = "") {
    auto payload = build_send_payload(m, media_id);
    REQUIRE_MESSAGE(payload, (payload ? "" : payload.error().field + ": " + payload.error().message));
    return json::parse(*payload);
}

OutboundMessage confirmation_buttons() {
    auto m = to_siti(OutboundKind::buttons);
    m.header = "Konfirmasi Data";
    m.text =
        "Nama: Siti Rahmawati\nNIK: 3174xxxxxxxx0001\nLayanan: Surat Keterangan Domisili\n\nApakah data di atas "
        "sudah benar?";
    m.footer = "Kelurahan Sukamaju";
    m.buttons = {{"confirm_yes", "Ya, data benar"}, {"confirm_edit", "Ubah data"}, {"confirm_cancel", "Batal"}};
    return m;
}

OutboundMessage service_list() {
    auto m = to_siti(OutboundKind::list);
    m.header = "Layanan Kelurahan";
    m.text = "Silakan pilih jenis surat yang ingin Anda ajukan.";
    m.footer = "Senin-Jumat 08.00-15.00 WIB";
    m.list_button = "Pilih Layanan";
    m.sections = {
        {"Surat Keterangan",
         {{"svc_domisili", "Ket. Domisili", "Surat Keterangan Domisili"},
          {"svc_sktm", "SKTM", "Surat Keterangan Tidak Mampu"},
          {"svc_usaha", "Ket. Usaha", "Surat Keterangan Usaha (SKU)"},
          {"svc_skck", "Pengantar SKCK", "Surat pengantar ke Polsek/Polres"}}},
        {"Lainnya", {{"status_check", "Cek Status Surat", ""}, {"talk_officer", "Hubungi Petugas", ""}}},
    };
    return m;
}

}  // namespace

// ---- exact shapes (whatsapp.md §4.9-4.13) -----------------------------------------------------------

TEST_CASE("a text reply is exactly Meta's send body of §4.9") {
    auto m = to_siti(OutboundKind::text);
    m.reply_to_message_id = "wamid.HBgNNjI4MTI5ODc2NTQzMhUCABIYFDNBQjE4QzI5RDBFMUYyMzQ1Njc4AA==";
    m.callback_data = "req-2026-0042";
    m.text =
        "Terima kasih, Bu Siti. Permohonan Surat Keterangan Domisili Anda tercatat dengan nomor REQ-2026-0042.";
    CHECK(built(m) == json::parse(R"json({
      "messaging_product": "whatsapp",
      "recipient_type": "individual",
      "to": "+6281298765432",
      "context": { "message_id": "wamid.HBgNNjI4MTI5ODc2NTQzMhUCABIYFDNBQjE4QzI5RDBFMUYyMzQ1Njc4AA==" },
      "biz_opaque_callback_data": "req-2026-0042",
      "type": "text",
      "text": {
        "preview_url": false,
        "body": "Terima kasih, Bu Siti. Permohonan Surat Keterangan Domisili Anda tercatat dengan nomor REQ-2026-0042."
      }
    })json"));
}

TEST_CASE("reply buttons are exactly Meta's send body of §4.10") {
    CHECK(built(confirmation_buttons()) == json::parse(R"json({
      "messaging_product": "whatsapp",
      "recipient_type": "individual",
      "to": "+6281298765432",
      "type": "interactive",
      "interactive": {
        "type": "button",
        "header": { "type": "text", "text": "Konfirmasi Data" },
        "body": {
          "text": "Nama: Siti Rahmawati\nNIK: 3174xxxxxxxx0001\nLayanan: Surat Keterangan Domisili\n\nApakah data di atas sudah benar?"
        },
        "footer": { "text": "Kelurahan Sukamaju" },
        "action": {
          "buttons": [
            { "type": "reply", "reply": { "id": "confirm_yes", "title": "Ya, data benar" } },
            { "type": "reply", "reply": { "id": "confirm_edit", "title": "Ubah data" } },
            { "type": "reply", "reply": { "id": "confirm_cancel", "title": "Batal" } }
          ]
        }
      }
    })json"));
}

TEST_CASE("a list is exactly Meta's send body of §4.11") {
    CHECK(built(service_list()) == json::parse(R"json({
      "messaging_product": "whatsapp",
      "recipient_type": "individual",
      "to": "+6281298765432",
      "type": "interactive",
      "interactive": {
        "type": "list",
        "header": { "type": "text", "text": "Layanan Kelurahan" },
        "body": { "text": "Silakan pilih jenis surat yang ingin Anda ajukan." },
        "footer": { "text": "Senin-Jumat 08.00-15.00 WIB" },
        "action": {
          "button": "Pilih Layanan",
          "sections": [
            {
              "title": "Surat Keterangan",
              "rows": [
                { "id": "svc_domisili", "title": "Ket. Domisili", "description": "Surat Keterangan Domisili" },
                { "id": "svc_sktm", "title": "SKTM", "description": "Surat Keterangan Tidak Mampu" },
                { "id": "svc_usaha", "title": "Ket. Usaha", "description": "Surat Keterangan Usaha (SKU)" },
                { "id": "svc_skck", "title": "Pengantar SKCK", "description": "Surat pengantar ke Polsek/Polres" }
              ]
            },
            {
              "title": "Lainnya",
              "rows": [
                { "id": "status_check", "title": "Cek Status Surat" },
                { "id": "talk_officer", "title": "Hubungi Petugas" }
              ]
            }
          ]
        }
      }
    })json"));
}

TEST_CASE("a document by link is exactly Meta's send body of §4.12, and an uploaded one goes by id") {
    auto m = to_siti(OutboundKind::document);
    m.document_link = "https://layanan.kel-sukamaju.example.go.id/surat/REQ-2026-0042.pdf";
    m.document_filename = "Surat_Keterangan_Domisili_REQ-2026-0042.pdf";
    m.text = "Surat Keterangan Domisili Anda sudah terbit. Simpan file ini.";
    CHECK(built(m) == json::parse(R"json({
      "messaging_product": "whatsapp",
      "recipient_type": "individual",
      "to": "+6281298765432",
      "type": "document",
      "document": {
        "link": "https://layanan.kel-sukamaju.example.go.id/surat/REQ-2026-0042.pdf",
        "filename": "Surat_Keterangan_Domisili_REQ-2026-0042.pdf",
        "caption": "Surat Keterangan Domisili Anda sudah terbit. Simpan file ini."
      }
    })json"));

    SUBCASE("the uploaded media id wins over the link") {
        const json body = built(m, "1234567890123456");
        CHECK(body["document"]["id"] == "1234567890123456");
        CHECK_FALSE(body["document"].contains("link"));
    }
    SUBCASE("a local file goes by id and is named after the file when no filename is given") {
        m.document_link.clear();
        m.document_filename.clear();
        m.document_path = "/var/lib/ekelurahan/surat/REQ-2026-0042.pdf";
        const json body = built(m, "1234567890123456");
        CHECK(body["document"] == json::parse(R"json({"id": "1234567890123456", "filename": "REQ-2026-0042.pdf",
            "caption": "Surat Keterangan Domisili Anda sudah terbit. Simpan file ini."})json"));
    }
    SUBCASE("no caption without a text") {
        m.text.clear();
        CHECK_FALSE(built(m)["document"].contains("caption"));
    }
}

TEST_CASE("a template notification is exactly Meta's send body of §4.13") {
    auto m = to_siti(OutboundKind::template_message);
    m.template_name = "status_surat_selesai";
    m.template_parameters = {"Siti Rahmawati", "Surat Keterangan Domisili", "REQ-2026-0042"};
    CHECK(built(m) == json::parse(R"json({
      "messaging_product": "whatsapp",
      "recipient_type": "individual",
      "to": "+6281298765432",
      "type": "template",
      "template": {
        "name": "status_surat_selesai",
        "language": { "code": "id" },
        "components": [
          {
            "type": "body",
            "parameters": [
              { "type": "text", "text": "Siti Rahmawati" },
              { "type": "text", "text": "Surat Keterangan Domisili" },
              { "type": "text", "text": "REQ-2026-0042" }
            ]
          }
        ]
      }
    })json"));

    SUBCASE("a template without parameters has no components") {
        m.template_parameters.clear();
        CHECK_FALSE(built(m)["template"].contains("components"));
    }
}

TEST_CASE("the recipient is +digits for a phone number and `recipient` for a BSUID") {
    auto m = to_siti(OutboundKind::text);
    m.text = "Halo";
    SUBCASE("separators and a leading + are accepted") {
        m.to = "+62 812-9876-5432";
        CHECK(built(m)["to"] == "+6281298765432");
    }
    SUBCASE("a BSUID when no phone number is known") {
        m.to.clear();
        m.to_user_id = "ID.1349120865abcDEF";
        const json body = built(m);
        CHECK(body["recipient"] == "ID.1349120865abcDEF");
        CHECK_FALSE(body.contains("to"));
    }
    SUBCASE("the phone number wins when both are known") {
        m.to_user_id = "ID.1349120865";
        const json body = built(m);
        CHECK(body["to"] == "+6281298765432");
        CHECK_FALSE(body.contains("recipient"));
    }
}

// ---- truncation on code points --------------------------------------------------------------------

TEST_CASE("over-long titles, labels and descriptions are cut on code points and end in an ellipsis") {
    const std::string sktm = "Surat Keterangan Tidak Mampu " + kPray;  // 30 code points, 33 bytes

    SUBCASE("a button title keeps 19 code points and the ellipsis") {
        auto m = confirmation_buttons();
        m.buttons[0].title = sktm;
        const std::string title = built(m)["interactive"]["action"]["buttons"][0]["reply"]["title"];
        CHECK(title == "Surat Keterangan Ti" + kEllipsis);
        CHECK(code_points(title) == 20);
    }
    SUBCASE("a cut right after a four-byte emoji keeps the emoji whole") {
        auto m = service_list();
        m.sections[0].rows[0].title = "Surat Keterangan Tidak" + kPray + kPray + " Mampu";  // 30 code points
        const std::string title = built(m)["interactive"]["action"]["sections"][0]["rows"][0]["title"];
        CHECK(title == "Surat Keterangan Tidak" + kPray + kEllipsis);
        CHECK(code_points(title) == 24);
        CHECK(is_valid_utf8(title));
    }
    SUBCASE("emoji-only text is never cut inside a character") {
        auto m = service_list();
        m.sections[0].title = repeat(kPray, 30);
        m.sections[0].rows[1].description = repeat("\xC3\xA9", 100);  // é × 100
        m.list_button = repeat(kPray, 21);
        const json body = built(m);
        const std::string section_title = body["interactive"]["action"]["sections"][0]["title"];
        const std::string description = body["interactive"]["action"]["sections"][0]["rows"][1]["description"];
        const std::string button = body["interactive"]["action"]["button"];
        CHECK(section_title == repeat(kPray, 23) + kEllipsis);
        CHECK(description == repeat("\xC3\xA9", 71) + kEllipsis);
        CHECK(button == repeat(kPray, 19) + kEllipsis);
    }
    SUBCASE("text exactly at a limit is left alone, even when it is longer in bytes") {
        auto m = confirmation_buttons();
        m.buttons[0].title = repeat(kPray, 20);  // 80 bytes
        m.header = repeat(kPray, 60);
        m.footer = repeat("a", 60);
        const json body = built(m);
        CHECK(body["interactive"]["action"]["buttons"][0]["reply"]["title"] == repeat(kPray, 20));
        CHECK(body["interactive"]["header"]["text"] == repeat(kPray, 60));
        CHECK(body["interactive"]["footer"]["text"] == repeat("a", 60));
    }
    SUBCASE("header and footer are cut at 60") {
        auto m = confirmation_buttons();
        m.header = repeat("H", 61);
        m.footer = repeat(kPray, 70);
        const json body = built(m);
        CHECK(body["interactive"]["header"]["text"] == repeat("H", 59) + kEllipsis);
        CHECK(body["interactive"]["footer"]["text"] == repeat(kPray, 59) + kEllipsis);
    }
    SUBCASE("a space before the cut is not left dangling before the ellipsis") {
        auto m = confirmation_buttons();
        m.buttons[0].title = "Ya data benar seka ya lagi";  // the 19th code point is a space
        CHECK(built(m)["interactive"]["action"]["buttons"][0]["reply"]["title"] == "Ya data benar seka" + kEllipsis);
        m.buttons[0].title = "Ya data benar sekal ya";  // 19 code points before a space
        CHECK(built(m)["interactive"]["action"]["buttons"][0]["reply"]["title"] == "Ya data benar sekal" + kEllipsis);
    }
}

TEST_CASE("over-long bodies are cut to Meta's limit with an ellipsis") {
    SUBCASE("text body at 4096 code points") {
        auto m = to_siti(OutboundKind::text);
        m.text = repeat(kPray, 5000);
        const std::string body = built(m)["text"]["body"];
        CHECK(body == repeat(kPray, 4095) + kEllipsis);
        m.text = repeat(kPray, 4096);
        CHECK(built(m)["text"]["body"] == m.text);
    }
    SUBCASE("button body at 1024, list body at 4096") {
        auto buttons = confirmation_buttons();
        buttons.text = repeat("x", 2000);
        CHECK(code_points(built(buttons)["interactive"]["body"]["text"]) == 1024);
        auto list = service_list();
        list.text = repeat("x", 5000);
        CHECK(code_points(built(list)["interactive"]["body"]["text"]) == 4096);
        list.text = repeat("x", 2000);
        CHECK(code_points(built(list)["interactive"]["body"]["text"]) == 2000);
    }
    SUBCASE("document caption at 1024") {
        auto m = to_siti(OutboundKind::document);
        m.document_link = "https://example.go.id/a.pdf";
        m.text = repeat("\xC3\xA9", 1500);
        CHECK(built(m)["document"]["caption"] == repeat("\xC3\xA9", 1023) + kEllipsis);
    }
    SUBCASE("template parameters at 1024") {
        auto m = to_siti(OutboundKind::template_message);
        m.template_name = "status_surat_selesai";
        m.template_parameters = {repeat(kPray, 1100)};
        CHECK(built(m)["template"]["components"][0]["parameters"][0]["text"] == repeat(kPray, 1023) + kEllipsis);
    }
}

TEST_CASE("template parameters lose newlines, tabs and long runs of spaces") {
    auto m = to_siti(OutboundKind::template_message);
    m.template_name = "status_surat_selesai";
    m.template_parameters = {"Jl. Merdeka No. 5\nRT 01/RW 02", "Siti\t\tRahmawati", "A     B", "A    B",
                             "  Domisili\r\n", "a \n b"};
    const json parameters = built(m)["template"]["components"][0]["parameters"];
    REQUIRE(parameters.size() == 6);
    CHECK(parameters[0]["text"] == "Jl. Merdeka No. 5 RT 01/RW 02");
    CHECK(parameters[1]["text"] == "Siti Rahmawati");
    CHECK(parameters[2]["text"] == "A B");
    CHECK(parameters[3]["text"] == "A    B");  // four spaces are allowed
    CHECK(parameters[4]["text"] == "Domisili");
    CHECK(parameters[5]["text"] == "a b");
}

TEST_CASE("invalid UTF-8 becomes U+FFFD instead of failing or sending broken JSON") {
    auto m = to_siti(OutboundKind::text);
    m.text = "Nama: Siti \xFF\xC3 Rahma";
    auto payload = build_send_payload(m);
    REQUIRE(payload);
    CHECK(json::parse(*payload)["text"]["body"] == "Nama: Siti \xEF\xBF\xBD\xEF\xBF\xBD Rahma");
}

// ---- structural problems ---------------------------------------------------------------------------

TEST_CASE("a message that truncation cannot fix is a Problem naming the field") {
    struct Case {
        std::string name;
        OutboundMessage message;
        std::string field;
    };
    std::vector<Case> cases;
    auto add = [&](std::string name, OutboundMessage m, std::string field) {
        cases.push_back({std::move(name), std::move(m), std::move(field)});
    };
    {
        auto m = to_siti(OutboundKind::text);
        m.text = "Halo";
        m.to.clear();
        add("no recipient", m, "to");
        m.to = "081298765432";
        add("local number with a leading 0", m, "to");
        m.to = "62812abc5432";
        add("letters in the phone number", m, "to");
        m.to = "6281";
        add("too few digits", m, "to");
        m.to.clear();
        m.to_user_id = "6281298765432";
        add("a BSUID that is not one", m, "to_user_id");
        m = to_siti(OutboundKind::text);
        add("empty text", m, "text");
        m.text = " \n\t ";
        add("blank text", m, "text");
        m.text = "Halo";
        m.callback_data = repeat("x", 513);
        add("callback data over 512", m, "callback_data");
    }
    {
        auto m = confirmation_buttons();
        m.buttons.clear();
        add("no buttons", m, "buttons");
        m = confirmation_buttons();
        m.buttons.push_back({"confirm_later", "Nanti"});
        add("four buttons", m, "buttons");
        m = confirmation_buttons();
        m.buttons[0].title = "Surat Keterangan Tidak Mampu";
        m.buttons[1].title = "Surat Keterangan Tidak Mampu " + kPray;
        add("titles equal after truncation", m, "buttons[1].title");
        m = confirmation_buttons();
        m.buttons[2].title = "Ya, data benar";
        add("duplicate titles", m, "buttons[2].title");
        m = confirmation_buttons();
        m.buttons[1].id = "confirm_yes";
        add("duplicate ids", m, "buttons[1].id");
        m = confirmation_buttons();
        m.buttons[0].id = "";
        add("empty id", m, "buttons[0].id");
        m = confirmation_buttons();
        m.buttons[0].id = repeat("x", 257);
        add("id over 256", m, "buttons[0].id");
        m = confirmation_buttons();
        m.buttons[1].title = "  ";
        add("blank title", m, "buttons[1].title");
        m = confirmation_buttons();
        m.text.clear();
        add("buttons without a body", m, "text");
    }
    {
        auto m = service_list();
        m.sections.clear();
        add("empty list", m, "sections");
        m = service_list();
        m.sections[0].rows.clear();
        add("a section without rows", m, "sections[0].rows");
        m = service_list();
        m.sections[1].rows.push_back({"a", "A", ""});
        m.sections[1].rows.push_back({"b", "B", ""});
        m.sections[1].rows.push_back({"c", "C", ""});
        m.sections[1].rows.push_back({"d", "D", ""});
        m.sections[1].rows.push_back({"e", "E", ""});
        add("eleven rows", m, "sections");
        m = service_list();
        m.sections.clear();
        for (int i = 0; i < 11; ++i) m.sections.push_back({"S" + std::to_string(i), {{"r" + std::to_string(i), "R", ""}}});
        add("eleven sections", m, "sections");
        m = service_list();
        m.sections[1].title.clear();
        add("untitled section among two", m, "sections[1].title");
        m = service_list();
        m.list_button.clear();
        add("no list button", m, "list_button");
        m = service_list();
        m.sections[1].rows[0].id = "svc_sktm";
        add("duplicate row id across sections", m, "sections[1].rows[0].id");
        m = service_list();
        m.sections[0].rows[2].id = repeat("r", 201);
        add("row id over 200", m, "sections[0].rows[2].id");
        m = service_list();
        m.sections[0].rows[3].title.clear();
        add("row without title", m, "sections[0].rows[3].title");
        m = service_list();
        m.text = "";
        add("list without a body", m, "text");
    }
    {
        auto m = to_siti(OutboundKind::document);
        add("document without anything", m, "document");
        m.document_path = "/tmp/surat.pdf";
        add("local document not uploaded", m, "document_path");
        m = to_siti(OutboundKind::document);
        m.document_link = "ftp://example.go.id/a.pdf";
        add("document link that is not http(s)", m, "document_link");
    }
    {
        auto m = to_siti(OutboundKind::template_message);
        add("template without a name", m, "template_name");
        m.template_name = "status_surat_selesai";
        m.template_language = "";
        add("template without a language", m, "template_language");
        m.template_language = "id";
        m.template_parameters = {"Siti", " \n\t "};
        add("blank template parameter", m, "template_parameters[1]");
    }
    for (const auto& c : cases) {
        CAPTURE(c.name);
        auto payload = build_send_payload(c.message);
        REQUIRE_FALSE(payload);
        CHECK(payload.error().field == c.field);
        CHECK_FALSE(payload.error().message.empty());
    }
}

TEST_CASE("a single untitled section is allowed and sent without a title") {
    auto m = service_list();
    m.sections.resize(1);
    m.sections[0].title.clear();
    CHECK_FALSE(built(m)["interactive"]["action"]["sections"][0].contains("title"));
}

TEST_CASE("ten rows in total and three buttons are still fine") {
    auto list = service_list();
    for (int i = 0; i < 4; ++i) list.sections[1].rows.push_back({"more" + std::to_string(i), "Lagi", ""});
    CHECK(built(list)["interactive"]["action"]["sections"][1]["rows"].size() == 6);
    CHECK(built(confirmation_buttons())["interactive"]["action"]["buttons"].size() == 3);
}

// ---- split_text --------------------------------------------------------------------------------------

TEST_CASE("split_text keeps a short text whole and gives nothing for an empty one") {
    CHECK(split_text("Halo, Bu Siti.") == std::vector<std::string>{"Halo, Bu Siti."});
    CHECK(split_text("") == std::vector<std::string>{});
    CHECK(split_text(" \n ") == std::vector<std::string>{});
    CHECK(split_text(repeat(kPray, 4096)) == std::vector<std::string>{repeat(kPray, 4096)});
}

TEST_CASE("split_text prefers paragraphs, then lines, then spaces") {
    SUBCASE("paragraphs") {
        CHECK(split_text("Satu dua.\n\nTiga empat.", 15) == std::vector<std::string>{"Satu dua.", "Tiga empat."});
    }
    SUBCASE("a paragraph break wins over a later line break in the second half") {
        CHECK(split_text("aaaaaaaa\n\nbb\ncc dd", 15) == std::vector<std::string>{"aaaaaaaa", "bb\ncc dd"});
    }
    SUBCASE("lines") {
        CHECK(split_text("baris satu\nbaris dua\nbaris tiga", 15) ==
              std::vector<std::string>{"baris satu", "baris dua", "baris tiga"});
        CHECK(split_text("baris satu\nbaris dua\nbaris tiga", 20) ==
              std::vector<std::string>{"baris satu\nbaris dua", "baris tiga"});
    }
    SUBCASE("spaces") {
        CHECK(split_text("satu dua tiga empat lima", 10) == std::vector<std::string>{"satu dua", "tiga empat", "lima"});
    }
    SUBCASE("a break right after the limit still counts") {
        CHECK(split_text("abcde fghij", 5) == std::vector<std::string>{"abcde", "fghij"});
    }
}

TEST_CASE("split_text cuts a word longer than the limit on code points") {
    const std::string word = repeat(kPray, 10) + repeat("\xC3\xA9", 5);  // 15 code points
    const auto pieces = split_text(word, 4);
    REQUIRE(pieces.size() == 4);
    CHECK(pieces[0] == repeat(kPray, 4));
    CHECK(pieces[2] == repeat(kPray, 2) + repeat("\xC3\xA9", 2));
    CHECK(pieces[3] == repeat("\xC3\xA9", 3));
    std::string joined;
    for (const auto& piece : pieces) {
        CHECK(is_valid_utf8(piece));
        CHECK(code_points(piece) <= 4);
        joined += piece;
    }
    CHECK(joined == word);
}

TEST_CASE("split_text pieces of a long letter notice each fit 4096 code points and keep every word") {
    std::string text;
    for (int paragraph = 0; paragraph < 40; ++paragraph) {
        for (int word = 0; word < 60; ++word) text += "Keterangan" + kPray + " ";
        text += "\n\n";
    }
    const auto pieces = split_text(text);
    REQUIRE(pieces.size() > 1);
    std::size_t words = 0;
    for (const auto& piece : pieces) {
        CHECK(code_points(piece) <= 4096);
        CHECK(is_valid_utf8(piece));
        CHECK(piece.front() != ' ');
        CHECK(piece.back() != '\n');
        for (std::size_t at = piece.find("Keterangan"); at != std::string::npos; at = piece.find("Keterangan", at + 1)) {
            ++words;
        }
    }
    CHECK(words == 40 * 60);
}

// ---- classify_graph_error ----------------------------------------------------------------------------

TEST_CASE("Graph errors map to send outcomes as in whatsapp.md §2.4") {
    using ekel::whatsapp::kNoGraphErrorCode;
    struct Case {
        long status;
        int code;
        SendOutcome outcome;
    };
    const std::vector<Case> cases = {
        {0, kNoGraphErrorCode, SendOutcome::retry_later},  // no answer at all
        {500, kNoGraphErrorCode, SendOutcome::retry_later},
        {502, kNoGraphErrorCode, SendOutcome::retry_later},
        {503, kNoGraphErrorCode, SendOutcome::retry_later},
        {500, 1, SendOutcome::retry_later},
        {400, 2, SendOutcome::retry_later},
        {500, 131000, SendOutcome::retry_later},
        {400, 131016, SendOutcome::retry_later},
        {400, 131057, SendOutcome::retry_later},
        {500, 100, SendOutcome::retry_later},  // Meta's side failed even if the code looks permanent
        {400, 4, SendOutcome::rate_limited},
        {400, 80007, SendOutcome::rate_limited},
        {400, 130429, SendOutcome::rate_limited},
        {429, 130429, SendOutcome::rate_limited},
        {400, 131056, SendOutcome::rate_limited},
        {429, kNoGraphErrorCode, SendOutcome::rate_limited},
        {400, 131047, SendOutcome::outside_window},
        {401, 190, SendOutcome::token_invalid},
        {400, 190, SendOutcome::token_invalid},
        {401, 0, SendOutcome::token_invalid},
        {400, 0, SendOutcome::token_invalid},
        {401, kNoGraphErrorCode, SendOutcome::token_invalid},
        {400, 100, SendOutcome::permanent_failure},
        {400, 131008, SendOutcome::permanent_failure},
        {400, 131009, SendOutcome::permanent_failure},
        {400, 131026, SendOutcome::permanent_failure},
        {400, 131021, SendOutcome::permanent_failure},
        {400, 131048, SendOutcome::permanent_failure},
        {400, 131062, SendOutcome::permanent_failure},
        {400, 132000, SendOutcome::permanent_failure},
        {400, 132001, SendOutcome::permanent_failure},
        {400, 132012, SendOutcome::permanent_failure},
        {403, 10, SendOutcome::permanent_failure},
        {403, 200, SendOutcome::permanent_failure},
        {404, 100, SendOutcome::permanent_failure},
        {400, kNoGraphErrorCode, SendOutcome::permanent_failure},
        {404, kNoGraphErrorCode, SendOutcome::permanent_failure},
    };
    for (const auto& c : cases) {
        CAPTURE(c.status);
        CAPTURE(c.code);
        CHECK(classify_graph_error(c.status, c.code) == c.outcome);
    }
}

TEST_CASE("send outcomes have stable text forms") {
    CHECK(to_string(SendOutcome::sent) == "sent");
    CHECK(to_string(SendOutcome::retry_later) == "retry_later");
    CHECK(to_string(SendOutcome::rate_limited) == "rate_limited");
    CHECK(to_string(SendOutcome::outside_window) == "outside_window");
    CHECK(to_string(SendOutcome::token_invalid) == "token_invalid");
    CHECK(to_string(SendOutcome::permanent_failure) == "permanent_failure");
}

TEST_SUITE_END();

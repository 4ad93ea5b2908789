#include "webhooks/graph_client.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/fake_graph_api.h"
#include "tests/support/temp_dir.h"
#include "webhooks/payload_builder.h"

using ekel::messaging::OutboundKind;
using ekel::messaging::OutboundMessage;
using ekel::test::FakeGraphApi;
using ekel::whatsapp::build_send_payload;
using ekel::whatsapp::GraphClient;
using ekel::whatsapp::GraphSettings;
using ekel::whatsapp::SendOutcome;
using ekel::whatsapp::SendResult;
using nlohmann::json;

TEST_SUITE_BEGIN("e2e");

namespace {

const std::string kPhoneId = "109876543210987";
const std::string kToken = "EAAG-test-token";
const std::string kPray = "\xF0\x9F\x99\x8F";

std::string repeat(const std::string& piece, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i) out += piece;
    return out;
}

GraphSettings settings_for(const FakeGraphApi& fake, std::string token = kToken) {
    GraphSettings settings;
    settings.base_url = fake.base_url();
    settings.api_version = "v21.0";
    settings.phone_number_id = kPhoneId;
    settings.access_token = std::move(token);
    settings.connect_timeout_ms = 2000;
    settings.timeout_ms = 5000;
    return settings;
}

struct GraphFixture {
    FakeGraphApi fake{kPhoneId, kToken};
    GraphClient client{settings_for(fake)};
};

OutboundMessage text_to_siti(std::string text = "Permohonan Anda tercatat dengan nomor REQ-2026-0042.") {
    OutboundMessage m;
    m.kind = OutboundKind::text;
    m.to = "6281298765432";
    m.text = std::move(text);
    return m;
}

std::string payload(const OutboundMessage& m, const std::string& media_id = "") {
    auto built = build_send_payload(m, media_id);
    REQUIRE_MESSAGE(built, (built ? "" : built.error().field + ": " + built.error().message));
    return *built;
}

std::string joined(const std::vector<std::string>& errors) {
    std::string out;
    for (const auto& error : errors) out += error + "\n";
    return out;
}

/// Every kind the builder makes, including its truncation edge cases.
std::vector<std::pair<std::string, OutboundMessage>> builder_samples() {
    std::vector<std::pair<std::string, OutboundMessage>> samples;
    {
        auto m = text_to_siti();
        m.reply_to_message_id = "wamid.HBgNNjI4MTI5ODc2NTQzMhUCABIYFDNBQjE4QzI5RDBFMUYyMzQ1Njc4AA==";
        m.callback_data = "req-2026-0042";
        samples.emplace_back("text with context and callback data", m);
        m.text = repeat(kPray, 5000);
        samples.emplace_back("text cut to 4096 code points of emoji", m);
        m.text = repeat("x", 4096);
        samples.emplace_back("text of exactly 4096", m);
        m.to.clear();
        m.to_user_id = "ID.1349120865ABCdef";
        m.text = "Halo";
        samples.emplace_back("text to a BSUID", m);
    }
    {
        auto m = text_to_siti("Nama: Siti Rahmawati\nLayanan: Surat Keterangan Tidak Mampu " + kPray + "\n\nSudah benar?");
        m.kind = OutboundKind::buttons;
        m.header = "Konfirmasi Data";
        m.footer = "Kelurahan Sukamaju";
        m.buttons = {{"confirm_yes", "Ya, data benar"}, {"confirm_edit", "Ubah data"}, {"confirm_cancel", "Batal"}};
        samples.emplace_back("reply buttons", m);
        m.buttons = {{"sktm", "Surat Keterangan Tidak Mampu " + kPray}, {"emoji", repeat(kPray, 20)}};
        m.header = repeat(kPray, 61);
        m.footer = repeat("f", 61);
        m.text = repeat("b", 1500);
        samples.emplace_back("reply buttons cut to Meta's limits", m);
        m.buttons = {{repeat("i", 256), "Satu"}};
        m.header.clear();
        m.footer.clear();
        samples.emplace_back("one button with a 256-character id", m);
    }
    {
        auto m = text_to_siti("Silakan pilih jenis surat yang ingin Anda ajukan.");
        m.kind = OutboundKind::list;
        m.header = "Layanan Kelurahan";
        m.footer = "Senin-Jumat 08.00-15.00 WIB";
        m.list_button = "Pilih Layanan";
        m.sections = {{"Surat Keterangan",
                       {{"svc_domisili", "Ket. Domisili", "Surat Keterangan Domisili"},
                        {"svc_sktm", "SKTM", "Surat Keterangan Tidak Mampu"},
                        {"svc_usaha", "Ket. Usaha", "Surat Keterangan Usaha (SKU)"},
                        {"svc_skck", "Pengantar SKCK", "Surat pengantar ke Polsek/Polres"}}},
                      {"Lainnya", {{"status_check", "Cek Status Surat", ""}, {"talk_officer", "Hubungi Petugas", ""}}}};
        samples.emplace_back("list of §4.11", m);
        m.list_button = "Pilih Layanan Surat Keterangan " + kPray;
        m.sections[0].title = "Surat Keterangan Kependudukan " + kPray;
        m.sections[0].rows[1].title = "Surat Keterangan Tidak Mampu " + kPray;
        m.sections[0].rows[1].description = repeat("Surat Keterangan Tidak Mampu " + kPray + " ", 4);
        m.sections[0].rows[2].id = repeat("r", 200);
        for (int i = 0; i < 4; ++i) m.sections[1].rows.push_back({"more" + std::to_string(i), repeat(kPray, 24), ""});
        m.text = repeat(kPray, 5000);
        m.header = repeat("h", 100);
        samples.emplace_back("list with ten rows cut to Meta's limits", m);
        m.sections.resize(1);
        m.sections[0].title.clear();
        samples.emplace_back("list with one untitled section", m);
    }
    {
        auto m = text_to_siti("Surat Keterangan Domisili Anda sudah terbit. Simpan file ini.");
        m.kind = OutboundKind::document;
        m.document_link = "https://layanan.kel-sukamaju.example.go.id/surat/REQ-2026-0042.pdf";
        m.document_filename = "Surat_Keterangan_Domisili_REQ-2026-0042.pdf";
        samples.emplace_back("document by link", m);
        m.text = repeat(kPray, 2000);
        samples.emplace_back("document with a caption cut to 1024", m);
    }
    {
        auto m = text_to_siti("");
        m.kind = OutboundKind::template_message;
        m.template_name = "status_surat_selesai";
        m.template_parameters = {"Siti Rahmawati", "Surat Keterangan Domisili", "REQ-2026-0042"};
        samples.emplace_back("template of §4.13", m);
        m.template_parameters = {"Jl. Merdeka No. 5\nRT 01/RW 02", "Siti\t\tRahmawati     (Bu RT)", repeat(kPray, 1500)};
        samples.emplace_back("template with messy parameters", m);
    }
    return samples;
}

}  // namespace

TEST_CASE_FIXTURE(GraphFixture, "a text message is accepted and its wamid returned") {
    const SendResult result = client.send_message(payload(text_to_siti()));
    CHECK(result.outcome == SendOutcome::sent);
    CHECK(result.wa_message_id == "wamid.FAKE1");
    CHECK(result.http_status == 200);
    CHECK(result.error_code == 0);

    const auto requests = fake.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].method == "POST");
    CHECK(requests[0].path == "/v21.0/" + kPhoneId + "/messages");
    CHECK(requests[0].authorization == "Bearer " + kToken);
    CHECK(requests[0].content_type == "application/json");
    const auto accepted = fake.accepted_messages();
    REQUIRE(accepted.size() == 1);
    CHECK(accepted[0]["to"] == "+6281298765432");
    CHECK(accepted[0]["text"]["body"] == "Permohonan Anda tercatat dengan nomor REQ-2026-0042.");

    CHECK(client.send_message(payload(text_to_siti("Kedua"))).wa_message_id == "wamid.FAKE2");
}

TEST_CASE_FIXTURE(GraphFixture, "every kind the payload builder makes passes the fake's checks of Meta's limits") {
    const auto samples = builder_samples();
    for (const auto& [name, message] : samples) {
        CAPTURE(name);
        const SendResult result = client.send_message(payload(message));
        CHECK_MESSAGE(result.outcome == SendOutcome::sent, result.error_details);
        CHECK(result.wa_message_id.starts_with("wamid.FAKE"));
    }
    CHECK_MESSAGE(fake.validation_errors().empty(), joined(fake.validation_errors()));
    CHECK(fake.accepted_messages().size() == samples.size());
}

TEST_CASE_FIXTURE(GraphFixture, "the fake rejects what Meta would reject, naming the JSON path") {
    const std::string head = R"({"messaging_product":"whatsapp","recipient_type":"individual","to":"+6281298765432",)";
    auto button = [](const std::string& id, const std::string& title) {
        return R"({"type":"reply","reply":{"id":")" + id + R"(","title":")" + title + R"("}})";
    };
    auto buttons = [&](const std::string& list) {
        return head + R"("type":"interactive","interactive":{"type":"button","body":{"text":"Pilih"},"action":{"buttons":[)" +
               list + "]}}}";
    };
    auto rows = [](int n, const std::string& title = "Baris", const std::string& description = "") {
        std::string out;
        for (int i = 0; i < n; ++i) {
            out += std::string(i ? "," : "") + R"({"id":"r)" + std::to_string(i) + R"(","title":")" + title + "\"" +
                   (description.empty() ? "" : R"(,"description":")" + description + "\"") + "}";
        }
        return out;
    };
    auto list = [&](const std::string& sections, const std::string& label = "Pilih") {
        return head + R"("type":"interactive","interactive":{"type":"list","body":{"text":"Pilih"},"action":{"button":")" +
               label + R"(","sections":[)" + sections + "]}}}";
    };
    auto tmpl = [&](const std::string& parameter) {
        return head + R"("type":"template","template":{"name":"status_surat_selesai","language":{"code":"id"},)" +
               R"("components":[{"type":"body","parameters":[{"type":"text","text":")" + parameter + R"("}]}]}})";
    };
    struct Case {
        std::string name;
        std::string body;
        std::string path;
    };
    const std::vector<Case> cases = {
        {"four buttons", buttons(button("a", "A") + "," + button("b", "B") + "," + button("c", "C") + "," + button("d", "D")),
         "interactive.action.buttons"},
        {"no buttons", buttons(""), "interactive.action.buttons"},
        {"button title of 21 code points", buttons(button("a", repeat(kPray, 21))), "interactive.action.buttons[0].reply.title"},
        {"duplicate button titles", buttons(button("a", "Ya") + "," + button("b", "Ya")), "interactive.action.buttons[1].reply.title"},
        {"duplicate button ids", buttons(button("a", "Ya") + "," + button("a", "Tidak")), "interactive.action.buttons[1].reply.id"},
        {"button id of 257", buttons(button(repeat("i", 257), "Ya")), "interactive.action.buttons[0].reply.id"},
        {"eleven rows", list(R"({"title":"A","rows":[)" + rows(6) + R"(]},{"title":"B","rows":[{"id":"x","title":"X"},{"id":"y","title":"Y"},{"id":"z","title":"Z"},{"id":"w","title":"W"},{"id":"v","title":"V"}]})"),
         "interactive.action.sections"},
        {"row title of 25", list(R"({"rows":[)" + rows(1, repeat("t", 25)) + "]}"), "interactive.action.sections[0].rows[0].title"},
        {"row description of 73", list(R"({"rows":[)" + rows(1, "T", repeat(kPray, 73)) + "]}"),
         "interactive.action.sections[0].rows[0].description"},
        {"untitled section among two", list(R"({"title":"A","rows":[{"id":"a","title":"A"}]},{"rows":[{"id":"b","title":"B"}]})"),
         "interactive.action.sections[1].title"},
        {"section title of 25", list(R"({"title":")" + repeat("s", 25) + R"(","rows":[{"id":"a","title":"A"}]})"),
         "interactive.action.sections[0].title"},
        {"list button of 21", list(R"({"rows":[{"id":"a","title":"A"}]})", repeat("b", 21)), "interactive.action.button"},
        {"duplicate row ids", list(R"({"title":"A","rows":[{"id":"a","title":"A"}]},{"title":"B","rows":[{"id":"a","title":"B"}]})"),
         "interactive.action.sections[1].rows[0].id"},
        {"empty text", head + R"("type":"text","text":{"body":""}})", "text.body"},
        {"text of 4097", head + R"("type":"text","text":{"body":")" + repeat("x", 4097) + R"("}})", "text.body"},
        {"phone without +", R"({"messaging_product":"whatsapp","to":"6281298765432","type":"text","text":{"body":"Hi"}})", "to"},
        {"no messaging_product", R"({"to":"+6281298765432","type":"text","text":{"body":"Hi"}})", "messaging_product"},
        {"no recipient", R"({"messaging_product":"whatsapp","type":"text","text":{"body":"Hi"}})", "to"},
        {"document with id and link", head + R"("type":"document","document":{"id":"1","link":"https://a.b/c.pdf"}})", "document"},
        {"document with an unknown id", head + R"("type":"document","document":{"id":"999"}})", "document.id"},
        {"caption of 1025", head + R"("type":"document","document":{"link":"https://a.b/c.pdf","caption":")" + repeat("c", 1025) + R"("}})",
         "document.caption"},
        {"template parameter with a newline", tmpl("Jl. Merdeka\\nNo. 5"), "template.components[0].parameters[0].text"},
        {"template parameter with a tab", tmpl("Siti\\tRahma"), "template.components[0].parameters[0].text"},
        {"template parameter with five spaces", tmpl("A     B"), "template.components[0].parameters[0].text"},
        {"unsupported type", head + R"("type":"sticker","sticker":{"id":"1"}})", "type"},
        {"a typo in a key", head + R"("type":"text","text":{"bdy":"Hi"}})", "text.bdy"},
        {"not JSON", "{\"messaging_product\":", "(body)"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        const auto before = fake.validation_errors().size();
        const SendResult result = client.send_message(c.body);
        CHECK(result.outcome == SendOutcome::permanent_failure);
        CHECK(result.http_status == 400);
        CHECK(result.error_code == 100);
        CHECK(result.error_title == "Invalid parameter");
        CHECK_MESSAGE(result.error_details.find(c.path + ":") != std::string::npos, result.error_details);
        const auto errors = fake.validation_errors();
        REQUIRE(errors.size() > before);
        CHECK_MESSAGE(errors[before].starts_with(c.path + ":"), errors[before]);
    }
    CHECK(fake.accepted_messages().empty());

    SUBCASE("limits are code points: 20 emoji in a title and 4096 emoji in a text pass") {
        CHECK(client.send_message(buttons(button("a", repeat(kPray, 20)))).outcome == SendOutcome::sent);
        CHECK(client.send_message(head + R"("type":"text","text":{"body":")" + repeat(kPray, 4096) + R"("}})").outcome ==
              SendOutcome::sent);
    }
}

TEST_CASE_FIXTURE(GraphFixture, "scripted Graph errors map to the right send outcome") {
    struct Case {
        int status;
        int code;
        SendOutcome outcome;
        std::string title;
    };
    const std::vector<Case> cases = {
        {500, 131000, SendOutcome::retry_later, "Something went wrong"},
        {503, -1, SendOutcome::retry_later, "HTTP 503 without a Graph error body"},
        {400, 130429, SendOutcome::rate_limited, "Rate limit hit"},
        {400, 131056, SendOutcome::rate_limited, "(Business Account, Consumer Account) pair rate limit hit"},
        {400, 131047, SendOutcome::outside_window, "Re-engagement message"},
        {401, 190, SendOutcome::token_invalid, "Invalid OAuth access token"},
        {400, 131026, SendOutcome::permanent_failure, "Message undeliverable"},
        {400, 132001, SendOutcome::permanent_failure, "Scripted failure"},
    };
    for (const auto& c : cases) fake.fail_next(c.status, c.code);
    for (const auto& c : cases) {
        CAPTURE(c.code);
        const SendResult result = client.send_message(payload(text_to_siti()));
        CHECK(result.outcome == c.outcome);
        CHECK(result.http_status == c.status);
        CHECK(result.error_code == (c.code < 0 ? ekel::whatsapp::kNoGraphErrorCode : c.code));
        CHECK(result.error_title == c.title);
        CHECK(result.wa_message_id.empty());
    }
    // The queue is empty again: the next send goes through.
    CHECK(client.send_message(payload(text_to_siti())).outcome == SendOutcome::sent);
    CHECK(fake.requests().size() == cases.size() + 1);
}

TEST_CASE_FIXTURE(GraphFixture, "a repeated scripted failure is consumed once per request, in order") {
    fake.fail_next(400, 130429, "", 2);
    fake.fail_next(400, 131047);
    CHECK(client.send_message(payload(text_to_siti())).outcome == SendOutcome::rate_limited);
    CHECK(client.send_message(payload(text_to_siti())).outcome == SendOutcome::rate_limited);
    CHECK(client.send_message(payload(text_to_siti())).outcome == SendOutcome::outside_window);
    CHECK(client.send_message(payload(text_to_siti())).outcome == SendOutcome::sent);
}

TEST_CASE_FIXTURE(GraphFixture, "libcurl resends once on a fresh connection when a reused connection dies unanswered") {
    REQUIRE(client.send_message(payload(text_to_siti())).outcome == SendOutcome::sent);  // keeps the connection
    SUBCASE("one drop is invisible to the caller") {
        fake.drop_next_connections(1);
        CHECK(client.send_message(payload(text_to_siti())).outcome == SendOutcome::sent);
        CHECK(fake.requests().size() == 3);
    }
    SUBCASE("a second drop on the fresh connection is retry_later") {
        fake.drop_next_connections(2);
        CHECK(client.send_message(payload(text_to_siti())).outcome == SendOutcome::retry_later);
        CHECK(fake.requests().size() == 3);
        CHECK(client.send_message(payload(text_to_siti())).outcome == SendOutcome::sent);
    }
}

TEST_CASE_FIXTURE(GraphFixture, "a 200 answer without messages[0].id is a permanent failure") {
    fake.fail_next(200, 100, "Not a send answer");
    const SendResult result = client.send_message(payload(text_to_siti()));
    CHECK(result.outcome == SendOutcome::permanent_failure);
    CHECK(result.http_status == 200);
    CHECK(result.error_title.find("messages[0].id") != std::string::npos);
}

TEST_CASE_FIXTURE(GraphFixture, "a dropped connection is retried later, and the next request succeeds") {
    fake.drop_next_connections(1);
    const SendResult dropped = client.send_message(payload(text_to_siti()));
    CHECK(dropped.outcome == SendOutcome::retry_later);
    CHECK(dropped.http_status == 0);
    CHECK(dropped.error_code == ekel::whatsapp::kNoGraphErrorCode);
    CHECK_MESSAGE(dropped.error_title.starts_with("network error"), dropped.error_title);
    CHECK(client.send_message(payload(text_to_siti())).outcome == SendOutcome::sent);
    CHECK(fake.requests().size() == 2);
}

TEST_CASE_FIXTURE(GraphFixture, "while the API is offline every send is retried later") {
    fake.set_offline(true);
    for (int i = 0; i < 3; ++i) {
        const SendResult result = client.send_message(payload(text_to_siti()));
        CHECK(result.outcome == SendOutcome::retry_later);
        CHECK(result.http_status == 0);
    }
    fake.set_offline(false);
    CHECK(client.send_message(payload(text_to_siti())).outcome == SendOutcome::sent);
    CHECK(fake.accepted_messages().size() == 1);
}

TEST_CASE("nothing listening on the Graph address is retried later") {
    GraphSettings settings;
    {
        FakeGraphApi gone(kPhoneId, kToken);
        settings = settings_for(gone);
    }
    GraphClient client(settings);
    const SendResult result = client.send_message(payload(text_to_siti()));
    CHECK(result.outcome == SendOutcome::retry_later);
    CHECK(result.http_status == 0);
    CHECK(result.error_title.starts_with("network error"));
}

TEST_CASE("a wrong access token is token_invalid and a wrong phone number id is permanent") {
    FakeGraphApi fake(kPhoneId, kToken);
    SUBCASE("wrong token") {
        GraphClient client(settings_for(fake, "EAAG-expired"));
        const SendResult result = client.send_message(payload(text_to_siti()));
        CHECK(result.outcome == SendOutcome::token_invalid);
        CHECK(result.http_status == 401);
        CHECK(result.error_code == 190);
        CHECK(fake.requests().at(0).authorization == "Bearer EAAG-expired");
    }
    SUBCASE("no token at all") {
        GraphClient client(settings_for(fake, ""));
        CHECK(client.send_message(payload(text_to_siti())).outcome == SendOutcome::token_invalid);
    }
    SUBCASE("wrong phone number id") {
        auto settings = settings_for(fake);
        settings.phone_number_id = "111";
        GraphClient client(settings);
        const SendResult result = client.send_message(payload(text_to_siti()));
        CHECK(result.outcome == SendOutcome::permanent_failure);
        CHECK(result.http_status == 404);
        CHECK(result.error_code == 100);
    }
    SUBCASE("wrong API version") {
        auto settings = settings_for(fake);
        settings.api_version = "v19.0";
        GraphClient client(settings);
        CHECK(client.send_message(payload(text_to_siti())).http_status == 404);
    }
    CHECK(fake.accepted_messages().empty());
    CHECK_FALSE(fake.validation_errors().empty());
}

TEST_CASE_FIXTURE(GraphFixture, "a letter is uploaded and then sent as a document by its media id") {
    ekel::test::TempDir dir;
    const std::string pdf = dir.write("REQ-2026-0042.pdf", std::string("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\nendobj\n"));
    auto media_id = client.upload_media(pdf, "application/pdf");
    REQUIRE_MESSAGE(media_id, (media_id ? "" : media_id.error().message));
    CHECK(fake.uploaded_media() == std::vector<std::string>{*media_id});
    const auto upload = fake.requests().back();
    CHECK(upload.path == "/v21.0/" + kPhoneId + "/media");
    CHECK(upload.content_type.starts_with("multipart/form-data"));
    CHECK(upload.authorization == "Bearer " + kToken);

    OutboundMessage m = text_to_siti("Surat Keterangan Domisili Anda sudah terbit.");
    m.kind = OutboundKind::document;
    m.document_path = pdf;
    const SendResult result = client.send_message(payload(m, *media_id));
    CHECK_MESSAGE(result.outcome == SendOutcome::sent, result.error_details);
    REQUIRE(fake.accepted_messages().size() == 1);
    CHECK(fake.accepted_messages()[0]["document"]["id"] == *media_id);
    CHECK(fake.accepted_messages()[0]["document"]["filename"] == "REQ-2026-0042.pdf");

    SUBCASE("the uploaded bytes come back unchanged") {
        const std::string target = dir.file("back.pdf");
        auto mime = client.download_media(*media_id, target);
        REQUIRE_MESSAGE(mime, (mime ? "" : mime.error().message));
        CHECK(*mime == "application/pdf");
        CHECK(ekel::test::read_text_file(target) == ekel::test::read_text_file(pdf));
    }
}

TEST_CASE_FIXTURE(GraphFixture, "an upload that Meta would refuse is a Problem naming media") {
    ekel::test::TempDir dir;
    SUBCASE("missing file") {
        auto result = client.upload_media(dir.file("missing.pdf"), "application/pdf");
        REQUIRE_FALSE(result);
        CHECK(result.error().field == "media");
        CHECK(fake.requests().empty());
    }
    SUBCASE("unsupported type") {
        auto result = client.upload_media(dir.write("virus.exe", "MZ"), "application/x-msdownload");
        REQUIRE_FALSE(result);
        CHECK(result.error().field == "media");
        CHECK_MESSAGE(result.error().message.find("131053") != std::string::npos, result.error().message);
    }
    SUBCASE("wrong token") {
        GraphClient stale(settings_for(fake, "EAAG-expired"));
        auto result = stale.upload_media(dir.write("a.pdf", "%PDF-1.4"), "application/pdf");
        REQUIRE_FALSE(result);
        CHECK(result.error().field == "media");
        CHECK(result.error().message.find("190") != std::string::npos);
        CHECK(result.error().message.find("EAAG") == std::string::npos);
    }
    CHECK(fake.uploaded_media().empty());
}

TEST_CASE_FIXTURE(GraphFixture, "download_media writes the bytes atomically and returns the MIME type") {
    ekel::test::TempDir dir;
    std::string photo("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11);
    photo += repeat(std::string("\x01\x02\x00\xFE", 4), 50000);
    fake.add_media("7654321098765432", "image/jpeg", photo);
    const std::string target = dir.file("ktp.jpg");
    auto mime = client.download_media("7654321098765432", target);
    REQUIRE_MESSAGE(mime, (mime ? "" : mime.error().message));
    CHECK(*mime == "image/jpeg");
    CHECK(ekel::test::read_text_file(target) == photo);

    const auto requests = fake.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].path == "/v21.0/7654321098765432");
    CHECK(requests[1].path == "/media-download/7654321098765432");
    CHECK(requests[1].authorization == "Bearer " + kToken);
    // Only the target is left: no temp file next to it.
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        (void)entry;
        ++files;
    }
    CHECK(files == 1);
}

TEST_CASE_FIXTURE(GraphFixture, "a failed download is a Problem and leaves no file behind") {
    ekel::test::TempDir dir;
    fake.add_media("7654321098765432", "image/jpeg", "jpeg bytes");
    const std::string target = dir.file("ktp.jpg");
    SUBCASE("wrong token") {
        GraphClient stale(settings_for(fake, "EAAG-expired"));
        auto result = stale.download_media("7654321098765432", target);
        REQUIRE_FALSE(result);
        CHECK(result.error().field == "media");
        CHECK(result.error().message.find("190") != std::string::npos);
    }
    SUBCASE("unknown media id") {
        auto result = client.download_media("1111", target);
        REQUIRE_FALSE(result);
        CHECK(result.error().field == "media");
    }
    SUBCASE("not a media id") {
        auto result = client.download_media("../v21.0/me", target);
        REQUIRE_FALSE(result);
        CHECK(fake.requests().empty());
    }
    SUBCASE("offline") {
        fake.set_offline(true);
        auto result = client.download_media("7654321098765432", target);
        REQUIRE_FALSE(result);
        CHECK(result.error().message.find("network error") != std::string::npos);
    }
    CHECK_FALSE(std::filesystem::exists(target));
    CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_SUITE_END();

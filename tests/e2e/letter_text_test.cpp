#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "shared/db/store.h"
#include "tests/support/chat_phone.h"
#include "tests/support/office_client.h"
#include "tests/support/temp_dir.h"

// Chat text on its way to an official letter: the citizen sees the clean text before sending,
// staff see what was typed beside it, and the issued PDF says the clean text.

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using domain::RequestStatus;
using test::kPassword;
using test::OfficeClient;
using test::OfficeFixture;
using test::page_text;

namespace {

constexpr const char* kBudi = "6281299990000";    // citizen, RT 2
constexpr const char* kRt2Head = "628110000021";  // Budi Santoso

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    char buffer[4096];
    while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    pclose(pipe);
    return out;
}

/// pdftotext -layout breaks lines and pads with spaces; one space between words is enough.
std::string single_spaced(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n';
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    return out;
}

}  // namespace

TEST_CASE_FIXTURE(OfficeFixture, "a request written in chat text is summarised, filed and printed in clean official text") {
    test::Phone budi{h, kBudi};
    test::Phone head{h, kRt2Head};
    const std::string summary = test::all_text(budi.say("mau sktm buat sekolah anak sy 🙏"));
    CAPTURE(summary);
    // The summary before Kirim shows what the letter will say.
    CHECK(contains(summary, "Keperluan: Sekolah anak saya"));
    CHECK_FALSE(contains(summary, "anak sy"));
    CHECK_FALSE(contains(summary, "🙏"));

    std::string code = test::find_code(test::all_text(budi.tap("confirm:send", "Kirim")));
    REQUIRE(!code.empty());
    CHECK(request(code).purpose == "Sekolah anak saya");
    head.say("setuju " + code);
    REQUIRE(request(code).status == RequestStatus::rt_approved);

    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    auto detail = lurah.get("/permohonan/" + code);
    CHECK(contains(detail.body, R"(id="purpose-typed")"));
    const std::string page = page_text(detail.body);
    CHECK(contains(page, "Sekolah anak saya"));
    CHECK(contains(page, "Ditulis warga:"));
    CHECK(contains(page, "anak sy"));  // what the citizen typed, for staff

    REQUIRE(lurah.post("/permohonan/" + code + "/terbitkan").status == 200);
    db::Store store(h.config.database.path, 5000);
    auto letter = store.letters.find_by_request(request(code).id);
    REQUIRE(letter);
    auto pdf = lurah.get("/surat/" + letter->verification_token + ".pdf");
    REQUIRE(pdf.status == 200);
    test::TempDir dir;
    {
        std::ofstream(dir.file("surat.pdf"), std::ios::binary) << pdf.body;
    }
    const std::string text = single_spaced(run("pdftotext -layout " + dir.file("surat.pdf") + " -"));
    CAPTURE(text);
    CHECK(contains(text, "untuk keperluan: Sekolah anak saya"));
    CHECK_FALSE(contains(text, "anak sy"));
    CHECK_FALSE(contains(text, "??"));
}

TEST_SUITE_END();

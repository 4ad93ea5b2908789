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
    const std::string summary = test::all_text(budi.defer_documents(budi.say("mau sktm buat sekolah anak sy 🙏")));
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
    CHECK(contains(detail.body, R"(id="typed-keperluan")"));  // beside the purpose on the review form
    const std::string page = page_text(detail.body);
    CHECK(contains(page, "Sekolah anak saya"));
    CHECK(contains(page, "Ditulis warga:"));
    CHECK(contains(page, "anak sy"));  // what the citizen typed, for staff

    REQUIRE(lurah.post("/permohonan/" + code + "/terbitkan", {{"alasan_syarat", "Persyaratan diperiksa di loket"}}).status == 200);
    db::Store store(h.config.database.target(), 5000);
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

TEST_CASE_FIXTURE(OfficeFixture, "a purpose corrected after Perbaiki is stored clean, with what was typed kept for staff") {
    test::Phone budi{h, kBudi};
    test::Phone head{h, kRt2Head};
    budi.defer_documents(budi.say("mau urus surat domisili untuk melamar kerja"));
    const std::string code = test::find_code(test::all_text(budi.tap("confirm:send", "Kirim")));
    REQUIRE(!code.empty());
    head.say("PERBAIKI " + code + " keperluannya kurang jelas");
    budi.inbox();
    budi.tap("fix:" + code, "Kirim perbaikan");
    budi.tap("fixfield:purpose", "Keperluan", true);
    auto sent = test::all_text(budi.say("minjam duit di bank bri 🙏"));
    CAPTURE(sent);
    auto r = request(code);
    CHECK(r.purpose == "Meminjam uang di bank BRI");
    CHECK(contains(r.original_text_json, "minjam duit di bank bri"));
    CHECK(contains(test::all_text(head.inbox()), "→ Meminjam uang di bank BRI"));
}

TEST_CASE_FIXTURE(OfficeFixture, "what staff type at the desk is put in the same official form, and the page shows what they typed") {
    OfficeClient desk(port);
    REQUIRE(desk.login("operator", kPassword));
    db::Store store(h.config.database.target(), 5000);
    const std::string budi_id = std::to_string(store.residents.find_by_nik("6474030203900004")->id);
    desk.get("/loket/baru?penduduk=" + budi_id + "&jenis=usaha");
    auto done = desk.post("/loket/baru", {{"jenis", "usaha"},
                                          {"penduduk", budi_id},
                                          {"f_nama_usaha", "warung  makan berkah 🙏"},
                                          {"f_jenis_usaha", "warung makan"},
                                          {"f_alamat_usaha", "jl. pattimura no 5 rt 3"},
                                          {"f_tahun_mulai_usaha", "2019"},
                                          {"keperluan", "pinjam modal di bank bri"},
                                          {"rt_kertas", "1"},
                                          {"alasan_rt", "Pengantar Ketua RT 002 Budi Santoso, 26 November 2026"}});
    REQUIRE(done.status == 303);
    const std::string code = done.location.substr(std::string("/permohonan/").size());
    auto r = request(code);
    CHECK(r.purpose == "Pinjam modal di bank BRI");
    CHECK(contains(r.fields_json, "\"nama_usaha\":\"Warung Makan Berkah\""));
    CHECK(contains(r.fields_json, "\"alamat_usaha\":\"Jl. Pattimura No. 5 RT 3\""));
    CHECK(contains(r.fields_json, "\"jenis_usaha\":\"warung makan\""));

    auto page = desk.get("/permohonan/" + code).body;
    CHECK((contains(page, R"(id="typed-alamat_usaha")") || contains(page, R"(id="typed-isian.alamat_usaha")")));
    CHECK(contains(page_text(page), "Diketik di loket: jl. pattimura no 5 rt 3"));
    CHECK_FALSE(contains(page, R"(id="typed-jenis_usaha")"));  // typed as it stands
}

TEST_SUITE_END();

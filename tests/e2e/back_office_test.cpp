#include <httplib.h>

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <nlohmann/json.hpp>
#include <thread>

#include "backoffice/office_app.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/newcomer_fields.h"
#include "shared/services/request_service.h"
#include "shared/services/staff_service.h"
#include "shared/util/text.h"
#include "tests/support/chat_phone.h"
#include "tests/support/office_client.h"

// The back office over HTTP on loopback, on the same database as the real bot: login and
// sessions, CSRF, roles, and the whole path from a WhatsApp request to a verified letter.

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using domain::RequestStatus;
using test::kPassword;
using test::OfficeClient;
using test::OfficeFixture;
using test::page_text;

namespace {

constexpr const char* kImage = "<img src=\"/lampiran/";

/// The path of the first attachment image on a page ("/lampiran/12").
std::string first_image_path(const std::string& page) {
    const auto at = page.find(kImage) + 10;
    return page.substr(at, page.find('"', at) - at);
}

constexpr const char* kBudi = "6281299990000";    // citizen, RT 2
constexpr const char* kRt2Head = "628110000021";  // Budi Santoso

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// Restarts the fixture's ekel-office with `proxies` as its trusted reverse proxies.
void restart_behind(OfficeFixture& f, std::vector<std::string> proxies) {
    f.office->stop();
    f.h.config.office.trusted_proxies = std::move(proxies);
    f.office = std::make_unique<office::OfficeApp>(f.h.config, f.h.clock);
    f.port = f.office->start();
}

int login_status(OfficeClient& client, const std::string& username, const std::string& password) {
    client.login(username, password);
    return client.last.status;
}

std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    char buffer[4096];
    while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    pclose(pipe);
    return out;
}

}  // namespace

TEST_CASE_FIXTURE(OfficeFixture, "staff log in and out, a wrong password is refused, and five failures lock the account") {
    OfficeClient anonymous(port);
    auto start = anonymous.get("/");
    CHECK(start.status == 303);
    CHECK(start.location == "/login");

    OfficeClient lurah(port);
    CHECK_FALSE(lurah.login("lurah", "salah"));
    CHECK(lurah.last.status == 401);
    CHECK(contains(page_text(lurah.last.body), "Nama pengguna atau kata sandi salah."));
    REQUIRE(lurah.login("lurah", kPassword));
    auto home = lurah.get("/");
    CHECK(home.status == 200);
    CHECK(contains(page_text(home.body), "Beranda"));
    CHECK(contains(home.body, "Content-Security-Policy") == false);  // a header, not in the page
    auto logout = lurah.post("/logout");
    CHECK(logout.status == 303);
    CHECK(lurah.get("/").status == 303);  // the old cookie is dead on the server too

    OfficeClient attacker(port);
    for (int i = 0; i < 5; ++i) CHECK_FALSE(attacker.login("operator", "tebakan-" + std::to_string(i)));
    CHECK(attacker.last.status == 429);
    CHECK_FALSE(attacker.login("operator", kPassword));  // locked even with the right password
    CHECK(contains(page_text(attacker.last.body), "Terlalu banyak percobaan"));
    h.clock.advance(std::chrono::minutes(16));
    CHECK(attacker.login("operator", kPassword));
    int failures = 0;
    for (const auto& e : audit()) failures += e.action == "login_failed" ? 1 : 0;
    CHECK(failures == 6);
}

TEST_CASE_FIXTURE(OfficeFixture, "a form without the session's CSRF token is refused and changes nothing") {
    std::string code = approved_request(1, "Warga Satu");
    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    lurah.get("/permohonan/" + code);
    auto forged = lurah.post("/permohonan/" + code + "/terbitkan", {{"csrf", std::string(64, 'a')}});
    CHECK(forged.status == 403);
    CHECK(request(code).status == RequestStatus::rt_approved);
    CHECK(audit().front().action == "csrf_rejected");
    auto genuine = lurah.post("/permohonan/" + code + "/terbitkan");
    CHECK(genuine.status == 200);
    CHECK(request(code).status == RequestStatus::issued);
}

TEST_CASE_FIXTURE(OfficeFixture, "each role does only what it may, and an RT account sees only its own RT") {
    std::string rt1 = approved_request(1, "Warga Rt Satu");
    std::string rt2 = approved_request(2, "Warga Rt Dua");

    OfficeClient operator_(port);
    REQUIRE(operator_.login("operator", kPassword));
    operator_.get("/permohonan/" + rt1);
    CHECK_FALSE(contains(operator_.last.body, "/terbitkan"));  // no issue button for an operator
    auto refused = operator_.post("/permohonan/" + rt1 + "/terbitkan");
    CHECK(refused.status == 403);
    CHECK(request(rt1).status == RequestStatus::rt_approved);
    CHECK(audit().front().action == "forbidden");

    OfficeClient rt(port);
    REQUIRE(rt.login("rt2", kPassword));
    CHECK(rt.last.location == "/permohonan");
    auto list = page_text(rt.get("/permohonan").body);
    CHECK(contains(list, rt2));
    CHECK_FALSE(contains(list, rt1));
    auto other = rt.get("/permohonan/" + rt1);
    CHECK(other.status == 403);
    CHECK_FALSE(contains(other.body, "Warga Rt Satu"));
    CHECK(rt.get("/").status == 303);  // the dashboard is for kelurahan staff

    // The RT head approves on screen with the same rules and audit as on WhatsApp.
    std::string waiting;
    {
        db::Store store(h.config.database.target(), 5000);
        services::RequestService requests(store, h.clock, h.config.kelurahan);
        services::NewRequest r;
        r.applicant_name = "Warga Menunggu";
        r.applicant_phone = "6281355500999";
        r.letter_type = "domisili";
        r.purpose = "melamar kerja";
        r.rt_id = store.rts.find_by_number(2)->id;
        waiting = requests.submit(r, {domain::ActorKind::citizen, r.applicant_phone}).code;
    }
    rt.get("/permohonan/" + waiting);
    auto approved = rt.post("/permohonan/" + waiting + "/setujui");
    CHECK(approved.status == 200);
    // Answered in a page's words, not WhatsApp's.
    CHECK(contains(page_text(approved.body), "Permohonan " + waiting + " disetujui; pemohon sudah diberi tahu"));
    CHECK_FALSE(contains(page_text(approved.body), "*" + waiting + "*"));
    CHECK_FALSE(contains(page_text(approved.body), "DAFTAR"));
    CHECK(request(waiting).status == RequestStatus::rt_approved);
    {
        db::Store store(h.config.database.target(), 5000);
        auto decided = store.events.list_for(request(waiting).id).back();
        CHECK(decided.actor.kind == domain::ActorKind::rt);
        CHECK(decided.actor.name == "Budi Santoso (Ketua RT 002)");
    }

    // The list filters validate their input and name the field.
    auto bad = page_text(operator_.get("/permohonan?status=selesai").body);
    CHECK(contains(bad, "Status \"selesai\" tidak dikenal."));
    auto by_rt = page_text(operator_.get("/permohonan?rt=2").body);
    CHECK(contains(by_rt, rt2));
    CHECK_FALSE(contains(by_rt, rt1));
}

TEST_CASE_FIXTURE(OfficeFixture, "a WhatsApp request approved by the RT is issued as a verified PDF, revoked, and sent to the citizen") {
    test::Phone budi{h, kBudi};
    test::Phone head{h, kRt2Head};
    budi.say("pagi pak, mau urus surat domisili untuk melamar kerja");
    h.graph->add_media("media-ktp-budi", "image/jpeg", "\xFF\xD8\xFF\xE0 foto ktp");
    budi.photo("media-ktp-budi");  // answers the first document asked for, the KK
    budi.tap("doc:skip", "Tidak ada");  // not a newcomer: no letter from the area of origin
    std::string code = test::find_code(test::all_text(budi.tap("confirm:send", "Kirim")));
    REQUIRE(!code.empty());
    head.say("setuju " + code);
    REQUIRE(request(code).status == RequestStatus::rt_approved);

    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    auto detail = lurah.get("/permohonan/" + code);
    CHECK(contains(page_text(detail.body), "Budi Santoso (Ketua RT 002)"));  // the RT's approval in the timeline
    // The photo sent on WhatsApp is shown inline, served only to staff.
    REQUIRE(test::BotHarness::eventually([&] {
        return contains(lurah.get("/permohonan/" + code).body, "<img src=\"/lampiran/");
    }));
    const std::string image_path = first_image_path(lurah.last.body);
    auto image = lurah.get(image_path);
    CHECK(image.status == 200);
    CHECK(image.content_type == "image/jpeg");
    CHECK(image.body == "\xFF\xD8\xFF\xE0 foto ktp");
    CHECK(OfficeClient(port).get(image_path).status == 303);  // not without a login
    // The RT's approval, the KTP-el and the KK photo are checked and ticked.
    for (const char* position : {"0", "1", "2"}) {
        lurah.get("/permohonan/" + code);
        REQUIRE(lurah.post("/permohonan/" + code + "/syarat", {{"posisi", position}, {"centang", "1"}}).status == 200);
    }
    lurah.get("/permohonan/" + code);
    auto issued = lurah.post("/permohonan/" + code + "/terbitkan");
    REQUIRE(issued.status == 200);
    db::Store store(h.config.database.target(), 5000);
    auto letter = store.letters.find_by_request(request(code).id);
    REQUIRE(letter);
    CHECK(letter->number == "400.12.2.1/001/KEL-BLB/XI/2026");
    CHECK(contains(page_text(issued.body), letter->number));
    CHECK(letter->verification_token.size() == 32);

    // The PDF read back: number and name, and the stored hash is the file's.
    auto pdf = lurah.get("/surat/" + letter->verification_token + ".pdf");
    REQUIRE(pdf.status == 200);
    CHECK(pdf.content_type == "application/pdf");
    CHECK(pdf.body.rfind("%PDF-", 0) == 0);
    test::TempDir dir;
    {
        std::ofstream(dir.file("surat.pdf"), std::ios::binary) << pdf.body;
    }
    std::string text = run("pdftotext -layout " + dir.file("surat.pdf") + " -");
    CHECK(contains(text, "Nomor: " + letter->number));
    CHECK(contains(text, "Budi Santoso"));
    CHECK(contains(text, "SURAT KETERANGAN DOMISILI"));
    CHECK(run("sha256sum " + dir.file("surat.pdf")).substr(0, 64) == letter->pdf_sha256);

    // The public verification page: no login, partly masked name, the hash.
    OfficeClient citizen(port);
    auto verify = page_text(citizen.get("/verifikasi/" + letter->verification_token).body);
    CHECK(contains(verify, "SAH"));
    CHECK(contains(verify, letter->number));
    CHECK(contains(verify, "Budi S******"));
    CHECK_FALSE(contains(verify, "Santoso"));
    CHECK(contains(verify, letter->pdf_sha256));

    lurah.get("/permohonan/" + code);
    CHECK(contains(lurah.last.body, R"(class="danger" id="action-revoke")"));  // styled as destructive
    // Revoking asks once more, naming the reason; nothing happens until it is confirmed.
    auto asked = lurah.post("/surat/" + letter->verification_token + "/cabut", {{"alasan", "Salah ketik alamat"}});
    CHECK(asked.status == 200);
    CHECK(contains(page_text(asked.body), "Cabut surat " + letter->number + "?"));
    CHECK(contains(page_text(asked.body), "Alasan: Salah ketik alamat"));
    CHECK(contains(page_text(citizen.get("/verifikasi/" + letter->verification_token).body), "SAH"));
    auto revoked = lurah.post("/surat/" + letter->verification_token + "/cabut",
                              {{"alasan", "Salah ketik alamat"}, {"konfirmasi", "ya"}});
    CHECK(revoked.status == 303);
    auto after = page_text(citizen.get("/verifikasi/" + letter->verification_token).body);
    CHECK(contains(after, "DICABUT"));
    CHECK_FALSE(contains(after, "SAH:"));

    // The citizen received the PDF as a WhatsApp document, uploaded to Meta first.
    CHECK(test::BotHarness::eventually([&] {
        for (const auto& m : h.graph->accepted_messages()) {
            if (m.value("type", "") == "document" && m.value("to", "") == std::string("+") + kBudi) return true;
        }
        return false;
    }));
    CHECK_FALSE(h.graph->uploaded_media().empty());
    CHECK(h.graph->validation_errors().empty());
    auto told = test::all_text(budi.inbox());
    CHECK(contains(told, "Nomor: " + letter->number));
    CHECK(contains(told, "telah dicabut oleh Kelurahan Belimbing dan tidak berlaku lagi.\nAlasan: Salah ketik alamat"));
}

TEST_CASE_FIXTURE(OfficeFixture, "a newcomer's letter carries NIK and birth, and the RT sees the number to call") {
    constexpr const char* kRina = "6281366660000";
    test::Phone rina{h, kRina};
    test::Phone head{h, kRt2Head};
    rina.say("mau urus surat domisili untuk melamar kerja");
    rina.tap("newcomer", "Saya warga pendatang");
    rina.say("Rina Marlina");
    rina.say("3273015708900002");
    rina.say("Bandung, 17-08-1990");
    rina.say("Jl. Pelita Gg. Melati No. 9");
    rina.say("RT 2");
    auto summary = rina.defer_documents(rina.say("Jl. Merdeka No. 10, Kel. Sukajadi, Kota Bandung"));
    REQUIRE(test::has_button(summary, "confirm:send"));
    std::string code = test::find_code(test::all_text(rina.tap("confirm:send", "Kirim")));
    REQUIRE(!code.empty());

    // The RT head's notice: the NIK masked, the full number to call, tappable.
    const std::string notice = test::all_text(head.inbox());
    CHECK(contains(notice, "Rina Marlina"));
    CHECK(contains(notice, "NIK: ************0002"));
    CHECK_FALSE(contains(notice, "3273015708900002"));
    CHECK(contains(notice, "Alamat asal: Jl. Merdeka No. 10"));
    CHECK(contains(notice, "Telepon pemohon: +6281366660000 (https://wa.me/6281366660000)"));

    // The RT's own web page shows the number as a link.
    OfficeClient rt(port);
    REQUIRE(rt.login("rt2", kPassword));
    auto rt_page = rt.get("/permohonan/" + code);
    REQUIRE(rt_page.status == 200);
    CHECK(contains(rt_page.body, R"(href="tel:+6281366660000")"));
    CHECK(contains(rt_page.body, R"(href="https://wa.me/6281366660000")"));

    head.say("setuju " + code);
    REQUIRE(request(code).status == RequestStatus::rt_approved);
    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    const std::string detail = page_text(lurah.get("/permohonan/" + code).body);
    CHECK(contains(detail, "NIK 3273015708900002"));
    CHECK(contains(detail, "Tempat/Tgl. Lahir Bandung, 17 Agustus 1990"));
    CHECK(contains(detail, "Alamat asal Jl. Merdeka No. 10, Kel. Sukajadi, Kota Bandung"));
    auto issued = lurah.post("/permohonan/" + code + "/terbitkan", {{"alasan_syarat", "Persyaratan diperiksa di loket"}});
    REQUIRE(issued.status == 200);
    db::Store store(h.config.database.target(), 5000);
    auto letter = store.letters.find_by_request(request(code).id);
    REQUIRE(letter);
    auto pdf = lurah.get("/surat/" + letter->verification_token + ".pdf");
    REQUIRE(pdf.status == 200);
    test::TempDir dir;
    {
        std::ofstream(dir.file("surat.pdf"), std::ios::binary) << pdf.body;
    }
    const std::string text = run("pdftotext -layout " + dir.file("surat.pdf") + " -");
    // Each value on its own row of the identity table.
    const auto row = [&](const std::string& label, const std::string& value) {
        for (const auto& line : split(text, '\n')) {
            if (contains(line, label) && contains(line, value)) return true;
        }
        return false;
    };
    CHECK(row("Nama", "Rina Marlina"));
    CHECK(row("NIK", "3273015708900002"));
    CHECK(row("Tempat/Tgl. Lahir", "Bandung, 17 Agustus 1990"));
    CHECK(row("Jenis Kelamin", "Perempuan"));
    CHECK(row("Alamat Asal", "Jl. Merdeka No. 10, Kel. Sukajadi, Kota Bandung"));
    CHECK_FALSE(contains(text, "[resident."));
}

TEST_CASE_FIXTURE(OfficeFixture, "two letters issued at the same moment get distinct consecutive numbers") {
    std::string first = approved_request(1, "Warga Pertama");
    std::string second = approved_request(2, "Warga Kedua");
    OfficeClient a(port);
    OfficeClient b(port);
    REQUIRE(a.login("lurah", kPassword));
    REQUIRE(b.login("lurah", kPassword));
    a.get("/permohonan/" + first);
    b.get("/permohonan/" + second);
    std::thread t1([&] { a.post("/permohonan/" + first + "/terbitkan"); });
    std::thread t2([&] { b.post("/permohonan/" + second + "/terbitkan"); });
    t1.join();
    t2.join();
    CHECK(a.last.status == 200);
    CHECK(b.last.status == 200);
    db::Store store(h.config.database.target(), 5000);
    auto l1 = store.letters.find_by_request(request(first).id);
    auto l2 = store.letters.find_by_request(request(second).id);
    REQUIRE(l1);
    REQUIRE(l2);
    std::set<int> sequences = {l1->sequence, l2->sequence};
    CHECK(sequences == std::set<int>{1, 2});
}

TEST_CASE_FIXTURE(OfficeFixture, "a citizen at the desk gets a request with the same code and audit trail, and bad input is named per field") {
    OfficeClient desk(port);
    REQUIRE(desk.login("operator", kPassword));
    auto found = page_text(desk.get("/loket?q=6474030203900004&jenis=sktm").body);
    CHECK(contains(found, "Budi Santoso"));
    db::Store store(h.config.database.target(), 5000);
    const std::string budi_id = std::to_string(store.residents.find_by_nik("6474030203900004")->id);
    auto form = desk.get("/loket/baru?penduduk=" + budi_id + "&jenis=sktm");
    REQUIRE(form.status == 200);
    CHECK(contains(form.body, "f_keperluan_sktm"));

    auto bad = desk.post("/loket/baru", {{"jenis", "sktm"}, {"penduduk", budi_id}, {"f_keperluan_sktm", "Rekreasi"},
                                         {"keperluan", ""}, {"hp", "12"}, {"rt_kertas", "1"}});
    CHECK(bad.status == 400);
    auto problems = page_text(bad.body);
    CHECK(contains(problems, "Keperluan: tuliskan untuk apa surat ini."));
    CHECK(contains(problems, "Mohon pilih salah satu pilihan yang tersedia."));
    CHECK(contains(problems, "Nomor WhatsApp:"));
    CHECK(contains(problems, "Keterangan pengantar kertas:"));
    CHECK(store.requests.count() == 0);

    auto done = desk.post("/loket/baru", {{"jenis", "sktm"}, {"penduduk", budi_id}, {"f_keperluan_sktm", "Pendidikan"},
                                          {"keperluan", "beasiswa anak"}, {"hp", "0812-9999-0000"}, {"rt_kertas", "1"},
                                          {"alasan_rt", "Pengantar Ketua RT 002 Budi Santoso, 26 November 2026"}});
    REQUIRE(done.status == 303);
    const std::string code = done.location.substr(std::string("/permohonan/").size());
    auto r = request(code);
    CHECK(r.channel == domain::Channel::walk_in);
    CHECK(r.status == RequestStatus::rt_approved);  // the paper cover letter stands in for the RT
    CHECK(r.code.rfind("BLB-2611-", 0) == 0);
    auto events = store.events.list_for(r.id);
    REQUIRE(events.size() == 3);
    CHECK(events[0].actor.kind == domain::ActorKind::staff);
    CHECK(events[1].note == "pengantar RT kertas: Pengantar Ketua RT 002 Budi Santoso, 26 November 2026");
    // The paper cover letter is the RT's approval: its requirement is ticked by the staff member.
    CHECK(events[2].action == "requirement_ticked");
    CHECK(events[2].note == "Persetujuan Ketua RT setempat");
    CHECK(events[2].actor.id == "operator");

    // A newcomer's identity is checked at the desk as on WhatsApp: NIK, the birth date it
    // codes, birth place and origin address; nothing is filed until all of it is right.
    std::map<std::string, std::string> yohanes = {{"jenis", "domisili"},      {"nama", "Yohanes Tandi"},
                                                  {"alamat", "Jl. Cendana No. 4"}, {"rt", "2"},
                                                  {"keperluan", "buka rekening"}};
    desk.get("/loket/baru?jenis=domisili");
    CHECK(contains(desk.last.body, "name=\"nik\""));
    const auto requests_before = store.requests.count();
    auto incomplete = desk.post("/loket/baru", yohanes);
    CHECK(incomplete.status == 400);
    const std::string missing = page_text(incomplete.body);
    CHECK(contains(missing, "NIK:"));
    CHECK(contains(missing, "Tanggal lahir: tulis seperti 17-08-1990."));
    CHECK(contains(missing, "Tempat lahir:"));
    CHECK(contains(missing, "Alamat asal:"));
    yohanes.insert({{"nik", "6474031708900003"}, {"tgl_lahir", "18-08-1990"}, {"tempat_lahir", "Makale"},
                    {"alamat_asal", "Jl. Pongtiku No. 7, Kel. Bombongan, Kab. Tana Toraja"}});
    auto mismatched = desk.post("/loket/baru", yohanes);
    CHECK(mismatched.status == 400);
    CHECK(contains(page_text(mismatched.body), "Tanggal lahir: tidak sesuai dengan NIK"));
    CHECK(store.requests.count() == requests_before);

    // Right, and without a paper cover letter: to the RT on WhatsApp like any request.
    yohanes["tgl_lahir"] = "17-08-1990";
    auto newcomer = desk.post("/loket/baru", yohanes);
    REQUIRE(newcomer.status == 303);
    auto filed = request(newcomer.location.substr(std::string("/permohonan/").size()));
    CHECK(filed.status == RequestStatus::submitted);
    CHECK_FALSE(filed.resident_id.has_value());
    const auto identity = services::read_newcomer_fields(nlohmann::json::parse(filed.fields_json));
    CHECK(identity.nik == "6474031708900003");
    CHECK(identity.birth_date == "1990-08-17");
    CHECK(identity.birth_place == "Makale");
    CHECK(identity.origin_address == "Jl. Pongtiku No. 7, Kel. Bombongan, Kab. Tana Toraja");
    CHECK(identity.address == "Jl. Cendana No. 4");
    test::Phone head{h, kRt2Head};
    CHECK(contains(test::all_text(head.inbox()), "Yohanes Tandi"));
}

TEST_CASE_FIXTURE(OfficeFixture, "admins edit residents with an audit entry and import CSV files all or nothing, with errors per row") {
    db::Store store(h.config.database.target(), 5000);
    const auto budi = *store.residents.find_by_nik("6474030203900004");
    const std::string path = "/penduduk/" + std::to_string(budi.id);

    OfficeClient operator_(port);
    REQUIRE(operator_.login("operator", kPassword));
    CHECK(contains(page_text(operator_.get("/penduduk?q=Budi").body), "6474030203900004"));
    operator_.get(path);
    auto refused = operator_.post(path, {{"nama", "Budi Santoso"}, {"alamat", "Jl. Baru No. 1"}, {"rt", "2"},
                                         {"pekerjaan", "Wiraswasta"}, {"status_kawin", "Kawin"}});
    CHECK(refused.status == 403);

    OfficeClient admin(port);
    REQUIRE(admin.login("admin", kPassword));
    admin.get(path);
    auto bad = admin.post(path, {{"nama", "Budi Santoso"}, {"alamat", "Jl"}, {"rt", "99"}, {"pekerjaan", "Wiraswasta"},
                                 {"status_kawin", "Kawin"}});
    CHECK(bad.status == 400);
    CHECK(contains(page_text(bad.body), "Nomor RT: RT \"99\" tidak ada di kelurahan ini."));
    CHECK(contains(page_text(bad.body), "Alamat:"));
    auto saved = admin.post(path, {{"nama", "Budi Santoso"}, {"alamat", "Jl. Cendrawasih No. 12"}, {"rt", "3"},
                                   {"pekerjaan", "Wiraswasta"}, {"status_kawin", "Kawin"}});
    CHECK(saved.status == 200);
    auto after = *store.residents.find_by_id(budi.id);
    CHECK(after.address == "Jl. Cendrawasih No. 12");
    CHECK(after.rt_number == 3);
    auto entry = audit().front();
    CHECK(entry.action == "resident_updated");
    CHECK(entry.subject == "************0004");
    CHECK(contains(entry.detail, "alamat"));
    CHECK(contains(entry.detail, "RT 2 → 3"));

    // An RT's officers are edited here too; the new deputy is the one the bot recognises.
    admin.get("/rt/2");
    auto bad_rt = admin.post("/rt/2", {{"ketua", "Budi Santoso"}, {"hp_ketua", "0811-0000-021"}, {"wakil", "Rina"},
                                       {"hp_wakil", "123"}});
    CHECK(bad_rt.status == 400);
    CHECK(contains(page_text(bad_rt.body), "WhatsApp Wakil:"));
    auto good_rt = admin.post("/rt/2", {{"ketua", "Budi Santoso"}, {"hp_ketua", "0811-0000-021"}, {"wakil", "Rina Marlina"},
                                        {"hp_wakil", "0812-7777-2222"}});
    CHECK(good_rt.status == 200);
    CHECK(store.rts.find_by_number(2)->deputy_phone == "6281277772222");
    CHECK(audit().front().action == "rt_updated");

    const std::int64_t before = store.residents.count();
    admin.get("/impor");
    auto broken = admin.upload("/impor", {{"jenis", "penduduk"}}, "berkas", "warga.csv",
                               test::read_text_file(test::repo_path("tests/fixtures/csv/residents_bad.csv")));
    CHECK(broken.status == 400);
    CHECK(contains(page_text(broken.body), "baris "));
    CHECK(store.residents.count() == before);
    auto rts = admin.upload("/impor", {{"jenis", "rt"}}, "berkas", "rt.csv",
                            test::read_text_file(test::repo_path("tests/fixtures/csv/rt_good.csv")));
    CHECK(rts.status == 200);
    CHECK(contains(page_text(rts.body), "3 baris diimpor"));
}

TEST_CASE_FIXTURE(OfficeFixture, "the status page tells an admin in plain words when WhatsApp's token is rejected and no backup exists") {
    // Installed just now (the migrations ran at the real time): no backup is overdue yet.
    h.clock.set(std::chrono::system_clock::now() + std::chrono::hours(47));
    OfficeClient admin(port);
    REQUIRE(admin.login("admin", kPassword));
    auto fresh = page_text(admin.get("/status").body);
    CHECK_FALSE(contains(fresh, "cadangan data"));
    h.clock.set(std::chrono::system_clock::now() + std::chrono::hours(49));
    auto first = page_text(admin.get("/status").body);
    CHECK(contains(first, "Belum ada cadangan data dalam 2 hari terakhir."));
    CHECK_FALSE(contains(first, "Token WhatsApp ditolak"));

    // Meta rejects the token on the next send: the bot's outbox records it for the office.
    h.graph->fail_next(401, 190, "", 5);
    test::Phone budi{h, kBudi};
    budi.say("halo");
    REQUIRE(test::BotHarness::eventually([&] { return contains(page_text(admin.get("/status").body), "Token WhatsApp ditolak"); }));
    CHECK(contains(page_text(admin.get("/status").body), "melanjutkan sendiri begitu token diterima"));
    auto health = nlohmann::json::parse(OfficeClient(port).get("/healthz").body);
    CHECK_FALSE(health["whatsapp_token_invalid_since"].get<std::string>().empty());
    CHECK(health["alerts"].size() >= 2);

    OfficeClient operator_(port);
    REQUIRE(operator_.login("operator", kPassword));
    CHECK(operator_.get("/status").status == 403);
}

TEST_CASE_FIXTURE(OfficeFixture, "a WhatsApp complaint is categorised, answered on WhatsApp, closed, and highlighted when overdue") {
    test::Phone budi{h, kBudi};
    budi.say("aduan lampu jalan di gang mawar mati sudah seminggu");
    const std::string code = test::find_code(test::all_text(budi.tap("complaint:yes", "Kirim aduan")));
    CHECK(code.empty());  // complaint codes are ADU-…, not request codes
    db::Store store(h.config.database.target(), 5000);
    auto listed = store.complaints.list("", 10);
    REQUIRE(listed.size() == 1);
    const std::string adu = listed[0].code;
    CHECK(adu.rfind("ADU-2611-", 0) == 0);
    CHECK(listed[0].due_at == "2026-12-11T02:00:30Z");  // 14 days from the confirming tap, from config

    OfficeClient operator_(port);
    REQUIRE(operator_.login("operator", kPassword));
    CHECK(contains(page_text(operator_.get("/aduan").body), adu));
    operator_.get("/aduan/" + adu);
    auto bad = operator_.post("/aduan/" + adu, {{"kategori", "infrastruktur"}, {"status", "selesai"}, {"tanggapan", ""}});
    CHECK(bad.status == 400);
    CHECK(contains(page_text(bad.body), "Aduan yang selesai perlu tanggapan untuk pelapor."));
    auto answered = operator_.post("/aduan/" + adu, {{"kategori", "infrastruktur"}, {"status", "diproses"},
                                                     {"tanggapan", "Sudah kami teruskan ke Dinas PUPR, jadwal perbaikan Senin."}});
    CHECK(answered.status == 200);
    auto told = test::all_text(budi.inbox());
    CHECK(contains(told, "Tanggapan Kelurahan Belimbing atas aduan Anda *" + adu + "*"));
    CHECK(contains(told, "Sudah kami teruskan ke Dinas PUPR, jadwal perbaikan Senin."));
    CHECK(contains(told, "Status aduan: Diproses."));
    CHECK(store.complaints.find_by_code(adu)->category == "infrastruktur");

    // Past the deadline and still open: highlighted in the list.
    h.clock.advance(std::chrono::days(15));
    REQUIRE(operator_.login("operator", kPassword));  // a new working day, a new session
    CHECK(contains(page_text(operator_.get("/aduan").body), "(terlambat)"));
    operator_.get("/aduan/" + adu);
    // Already answered: it can be closed without typing another reply, and the citizen is told.
    auto closed = operator_.post("/aduan/" + adu, {{"kategori", "infrastruktur"}, {"status", "selesai"}, {"tanggapan", ""}});
    CHECK(closed.status == 200);
    CHECK(store.complaints.find_by_code(adu)->status == "selesai");
    CHECK(contains(test::all_text(budi.inbox()), "Aduan Anda *" + adu + "* kami nyatakan selesai."));
    CHECK_FALSE(contains(page_text(operator_.get("/aduan").body), "(terlambat)"));

    // A complaint at the desk.
    operator_.get("/aduan");
    auto desk = operator_.post("/aduan/baru", {{"isi", "Antrean loket terlalu lama pagi ini"}, {"kategori", "layanan_surat"}});
    CHECK(desk.status == 303);
    CHECK(store.complaints.list("", 10).front().channel == "walk_in");
}

TEST_CASE_FIXTURE(OfficeFixture, "photos sent with a WhatsApp complaint are attached to it and shown to staff, not to an RT account") {
    test::Phone budi{h, kBudi};
    auto photo = [&](const std::string& media_id, const std::string& caption) {
        h.graph->add_media(media_id, "image/jpeg", "\xFF\xD8\xFF\xE0 " + media_id);
        auto m = budi.base();
        m.kind = messaging::InboundKind::image;
        m.media = messaging::MediaRef{media_id, "image/jpeg", "c2hh", caption, "", "", false};
        return test::all_text(budi.send(m));
    };
    // The complaint written as the photo's caption, then one more photo just after.
    auto filed = photo("media-got-1", "aduan got depan rumah tersumbat sampah");
    CHECK(contains(filed, "(1 lampiran)"));
    db::Store store(h.config.database.target(), 5000);
    const std::string first = store.complaints.list("", 10).front().code;
    CHECK(contains(photo("media-got-2", ""), "dilampirkan pada aduan *" + first + "*"));
    // A photo first, then the text.
    budi.say("aduan");
    CHECK(contains(photo("media-lampu", ""), "Sekarang tuliskan aduannya"));
    CHECK(contains(test::all_text(budi.say("Lampu jalan gang mawar mati")), "(1 lampiran)"));
    const std::string second = store.complaints.list("", 10).front().code;
    CHECK(second != first);
    CHECK(count("SELECT COUNT(*) FROM request_attachments WHERE complaint_id IS NOT NULL") == 3);
    // A later letter request does not pick them up as its own attachments.
    budi.say("mau urus surat domisili");
    CHECK(store.attachments.draft(kBudi).empty());

    OfficeClient operator_(port);
    REQUIRE(operator_.login("operator", kPassword));
    REQUIRE(test::BotHarness::eventually([&] {
        const std::string body = operator_.get("/aduan/" + first).body;
        std::size_t images = 0;
        for (auto at = body.find(kImage); at != std::string::npos; at = body.find(kImage, at + 1)) ++images;
        return images == 2;
    }));
    const std::string image_path = first_image_path(operator_.last.body);
    auto image = operator_.get(image_path);
    CHECK(image.status == 200);
    CHECK(image.body == "\xFF\xD8\xFF\xE0 media-got-1");
    OfficeClient rt(port);
    REQUIRE(rt.login("rt2", kPassword));
    CHECK(rt.get(image_path).status == 404);
}

TEST_CASE_FIXTURE(OfficeFixture, "announcements reach only subscribers as a template, opting out is honoured, and info shows them") {
    test::Phone budi{h, kBudi};
    test::Phone ahmad{h, "6281234567890"};
    CHECK(test::all_text(budi.say("langganan")).find("Anda akan menerima pengumuman") != std::string::npos);
    ahmad.say("langganan");
    CHECK(test::all_text(ahmad.say("BERHENTI")).find("tidak akan menerima pengumuman lagi") != std::string::npos);

    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    lurah.get("/pengumuman");
    auto too_short = lurah.post("/pengumuman", {{"isi", "Tutup"}, {"berlaku", "3"}});
    CHECK(too_short.status == 400);
    auto sent = lurah.post("/pengumuman", {{"isi", "Kantor kelurahan tutup Jumat 4 Desember untuk rapat kerja."},
                                           {"berlaku", "3"}});
    CHECK(sent.status == 200);
    CHECK(contains(page_text(sent.body), "Pengumuman dikirim ke 1 pelanggan."));

    auto to_budi = budi.inbox();
    REQUIRE(to_budi.size() == 1);
    CHECK(to_budi[0]["kind"] == "template");
    CHECK(contains(to_budi[0]["template_parameters"][0].get<std::string>(), "Kantor kelurahan tutup Jumat 4 Desember"));
    CHECK(ahmad.inbox().empty());  // opted out: nothing
    CHECK(test::BotHarness::eventually([&] {
        for (const auto& m : h.graph->accepted_messages()) {
            if (m.value("type", "") == "template" && m.value("to", "") == std::string("+") + kBudi) return true;
        }
        return false;
    }));
    CHECK(contains(test::all_text(ahmad.say("jam buka kantor?")), "📢 Pengumuman: Kantor kelurahan tutup Jumat 4 Desember"));
}

TEST_CASE_FIXTURE(OfficeFixture, "an unknown or malformed verification token is a plain 404") {
    OfficeClient citizen(port);
    CHECK(citizen.get("/verifikasi/0123456789abcdef0123456789abcdef").status == 404);
    CHECK(citizen.get("/verifikasi/../../etc/passwd").status == 404);
    CHECK(citizen.get("/verifikasi/BLB-2611-0001").status == 404);
}

TEST_CASE_FIXTURE(OfficeFixture, "the documents asked on WhatsApp reach the RT and the request page, staff tick them, and Terbitkan needs the ticks or a reason") {
    h.graph->add_media("media-kk-budi", "image/jpeg", "\xFF\xD8\xFF\xE0 foto kk");
    test::Phone budi{h, kBudi};
    test::Phone head{h, kRt2Head};
    budi.say("saya mau urus sktm untuk berobat ibu saya di rumah sakit");
    budi.photo("media-kk-budi");                 // Kartu Keluarga (KK)
    budi.say("nanti saya bawa ke kantor");       // the signed statement
    budi.tap("doc:later", "Bawa ke kantor");     // the photo of the house
    budi.tap("doc:skip", "Tidak ada");           // the hospital's letter
    const std::string code = test::find_code(test::all_text(budi.tap("confirm:send", "Kirim")));
    REQUIRE(!code.empty());
    const std::string to_rt = test::all_text(head.inbox());
    CAPTURE(to_rt);
    CHECK(contains(to_rt, "Dokumen persyaratan:\n• Kartu Keluarga (KK): terkirim\n"
                          "• Surat pernyataan tidak mampu bermeterai Rp10.000: dibawa ke kantor"));
    head.say("setuju " + code);
    REQUIRE(request(code).status == RequestStatus::rt_approved);

    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    // The checklist names every requirement with its state and links the file sent for the KK.
    REQUIRE(test::BotHarness::eventually([&] {
        return contains(lurah.get("/permohonan/" + code).body, "class=\"requirement-file\"");
    }));
    const std::string page = lurah.last.body;
    CHECK(contains(page, "<section class=\"card\" id=\"requirements\">"));
    const std::string text = page_text(page);
    CHECK(contains(text, "Kartu Keluarga (KK) · dokumen · terkirim · lihat berkas"));
    CHECK(contains(text, "Surat pernyataan tidak mampu bermeterai Rp10.000 · dokumen · dibawa ke kantor"));
    CHECK(contains(text, "Surat dari sekolah/rumah sakit tujuan (tidak wajib) · dokumen · tidak ada"));
    // The RT's approval on WhatsApp ticked the check it confirms, in the RT head's name.
    CHECK(contains(text, "Persetujuan Ketua RT setempat · dicentang saat RT menyetujui"));
    CHECK(contains(text, "✔ diperiksa oleh Budi Santoso (Ketua RT 002)"));
    const auto link_at = page.find("<a href=\"/lampiran/", page.find("id=\"requirement-2\""));
    const std::string file_path = page.substr(link_at + 9, page.find('"', link_at + 9) - link_at - 9);
    auto file = lurah.get(file_path);
    CHECK(file.status == 200);
    CHECK(file.body == "\xFF\xD8\xFF\xE0 foto kk");

    // Nothing is issued while a mandatory item is unticked and no reason is given.
    lurah.get("/permohonan/" + code);
    CHECK(contains(lurah.last.body, "id=\"requirements-override\""));
    auto refused = lurah.post("/permohonan/" + code + "/terbitkan");
    CHECK(refused.status == 409);
    CHECK(contains(page_text(refused.body), "persyaratan wajib belum dicentang"));
    db::Store store(h.config.database.target(), 5000);
    CHECK_FALSE(store.letters.find_by_request(request(code).id));

    CHECK(store.requirements.find(request(code).id, 0)->ticked_by == "Budi Santoso (Ketua RT 002)");

    // A tick needs the session's CSRF token; with it, it is recorded with who ticked.
    CHECK(lurah.post("/permohonan/" + code + "/syarat", {{"posisi", "1"}, {"centang", "1"}, {"csrf", "salah"}}).status == 403);
    CHECK_FALSE(store.requirements.find(request(code).id, 1)->is_ticked());
    lurah.get("/permohonan/" + code);
    auto ticked = lurah.post("/permohonan/" + code + "/syarat", {{"posisi", "1"}, {"centang", "1"}});
    CHECK(ticked.status == 200);
    CHECK(contains(page_text(ticked.body), "Dicentang: KTP-el pemohon"));
    CHECK(contains(page_text(ticked.body), "diperiksa oleh lurah"));
    CHECK(contains(page_text(ticked.body), "Persyaratan diperiksa oleh Petugas lurah: KTP-el pemohon"));
    CHECK(store.requirements.find(request(code).id, 1)->ticked_by == "lurah");
    CHECK(lurah.post("/permohonan/" + code + "/syarat", {{"posisi", "99"}, {"centang", "1"}}).status == 409);

    // The items still open are tick boxes in the review form, sent with Terbitkan; a box that
    // names no item refuses the whole submit and keeps nothing of it.
    lurah.get("/permohonan/" + code);
    CHECK(contains(lurah.last.body, "name=\"syarat_2\""));
    CHECK_FALSE(contains(lurah.last.body, "name=\"syarat_1\""));  // ticked already
    CHECK_FALSE(contains(lurah.last.body, "id=\"tick-2\""));       // no second way to tick it
    auto bad_box = lurah.post("/permohonan/" + code + "/terbitkan", {{"syarat_2", "1"}, {"syarat_x", "1"}});
    CHECK(bad_box.status == 400);
    CHECK(contains(page_text(bad_box.body), "Persyaratan tidak dikenal"));
    CHECK_FALSE(store.requirements.find(request(code).id, 2)->is_ticked());
    lurah.get("/permohonan/" + code);
    auto unknown_box = lurah.post("/permohonan/" + code + "/terbitkan", {{"syarat_2", "1"}, {"syarat_99", "1"}});
    CHECK(unknown_box.status == 409);
    CHECK_FALSE(store.requirements.find(request(code).id, 2)->is_ticked());
    CHECK_FALSE(store.letters.find_by_request(request(code).id));

    // With the KK ticked in the form and a reason for the rest, one Terbitkan issues the letter,
    // and the reason stays in the history.
    lurah.get("/permohonan/" + code);
    auto issued = lurah.post("/permohonan/" + code + "/terbitkan",
                             {{"syarat_2", "1"}, {"alasan_syarat", "Pernyataan dan foto rumah diperiksa saat pengambilan"}});
    CHECK(issued.status == 200);
    REQUIRE(store.letters.find_by_request(request(code).id));
    CHECK(store.requirements.find(request(code).id, 2)->ticked_by == "lurah");
    CHECK(contains(page_text(issued.body), "1 persyaratan dicentang."));
    CHECK(contains(page_text(issued.body), "Diterbitkan tanpa kelengkapan persyaratan oleh Petugas lurah: belum dicentang: "
                                           "Surat pernyataan tidak mampu bermeterai Rp10.000; Foto rumah tampak depan. "
                                           "Alasan: Pernyataan dan foto rumah diperiksa saat pengambilan"));

    // The collection offer says what to bring: the KTP-el and the documents deferred to the office.
    const std::string told = test::all_text(budi.inbox());
    CAPTURE(told);
    CHECK(contains(told, "Mohon bawa:\n• KTP-el asli\n• Surat pernyataan tidak mampu bermeterai Rp10.000\n"
                         "• Foto rumah tampak depan\n"));
}

TEST_CASE_FIXTURE(OfficeFixture, "at the desk staff tick the requirements they checked, in their name") {
    OfficeClient desk(port);
    REQUIRE(desk.login("operator", kPassword));
    db::Store store(h.config.database.target(), 5000);
    const std::string budi_id = std::to_string(store.residents.find_by_nik("6474030203900004")->id);
    auto form = desk.get("/loket/baru?penduduk=" + budi_id + "&jenis=sktm");
    CHECK(contains(page_text(form.body), "Persyaratan yang sudah diperiksa di loket"));
    CHECK(contains(form.body, "name=\"syarat_3\""));
    auto done = desk.post("/loket/baru", {{"jenis", "sktm"}, {"penduduk", budi_id}, {"f_keperluan_sktm", "Pendidikan"},
                                          {"keperluan", "beasiswa anak"}, {"syarat_1", "1"}, {"syarat_2", "1"}});
    REQUIRE(done.status == 303);
    auto r = request(done.location.substr(std::string("/permohonan/").size()));
    auto checklist = store.requirements.for_request(r.id);
    REQUIRE(checklist.size() == 6);
    CHECK_FALSE(checklist[0].is_ticked());  // the RT's approval is still to come
    CHECK(checklist[1].ticked_by == "operator");
    CHECK(checklist[2].ticked_by == "operator");
    CHECK(checklist[2].state == domain::RequirementState::at_office);
    CHECK_FALSE(checklist[3].is_ticked());
    CHECK(checklist[5].state == domain::RequirementState::skipped);  // optional and not brought
    int ticks = 0;
    for (const auto& e : store.events.list_for(r.id)) ticks += e.action == "requirement_ticked" && e.actor.id == "operator";
    CHECK(ticks == 2);
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("e2e");

TEST_CASE_FIXTURE(OfficeFixture, "a citizen who asks for a person is answered by staff from the dashboard on WhatsApp") {
    test::Phone budi{h, kBudi};
    budi.say("pagi pak, sktm saya kok belum jadi");
    CHECK(contains(test::all_text(budi.say("bisa bicara dengan petugas?")), "sudah kami teruskan ke petugas"));
    OfficeClient operator_(port);
    REQUIRE(operator_.login("operator", kPassword));
    const std::string dashboard = page_text(operator_.get("/").body);
    CHECK(contains(dashboard, "Warga minta dihubungi petugas"));
    CHECK(contains(dashboard, "sktm saya kok belum jadi"));  // the recent messages come along
    db::Store store(h.config.database.target(), 5000);
    auto notices = store.notices.list_open(10);
    REQUIRE(notices.size() == 1);
    const std::string path = "/warga-minta-petugas/" + std::to_string(notices[0].id) + "/balas";

    auto empty = operator_.post(path, {{"balasan", "  "}});
    CHECK(empty.status == 400);
    CHECK(contains(page_text(empty.body), "Tuliskan balasan untuk warga"));
    auto sent = operator_.post(path, {{"balasan", "Selamat pagi Pak Budi, SKTM Anda sedang kami periksa hari ini."}});
    CHECK(sent.status == 200);
    CHECK(test::BotHarness::eventually([&] {
        return contains(test::all_text(budi.inbox()), "Balasan petugas Kelurahan Belimbing:\nSelamat pagi Pak Budi");
    }));
    CHECK(store.notices.list_open(10).empty());
    CHECK(count("SELECT COUNT(*) FROM staff_audit WHERE action = 'citizen_answered'") == 1);
    // Answered once: a second answer to the closed request is refused.
    CHECK(operator_.post(path, {{"balasan", "Sekali lagi"}}).status == 400);
}

TEST_CASE_FIXTURE(OfficeFixture, "a request's page speaks the office's words: its history in Indonesian, its RT once, phones told apart") {
    const std::string code = approved_request(2, "Warga Rt Dua");
    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    const std::string text = page_text(lurah.get("/permohonan/" + code).body);
    CHECK(contains(text, "Diajukan oleh 6281*****0102"));  // the citizen's phone, last 4 digits shown
    CHECK(contains(text, "Disetujui RT"));
    CHECK(contains(text, "Wilayah RT 002 / RW 001"));
    for (const char* code_word : {"submitted", "rt_approved", "RT RT"}) {
        CAPTURE(code_word);
        CHECK_FALSE(contains(text, code_word));
    }
}

TEST_CASE_FIXTURE(OfficeFixture, "rejecting a request asks once more with the reason, and only the confirmed form rejects it") {
    const std::string code = approved_request(1, "Warga Ditolak");
    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    lurah.get("/permohonan/" + code);
    CHECK(contains(lurah.last.body, R"(class="danger" id="action-reject")"));
    auto asked = lurah.post("/permohonan/" + code + "/tolak", {{"catatan", "Bukan warga kelurahan ini"}});
    CHECK(asked.status == 200);
    CHECK(contains(page_text(asked.body), "Tolak permohonan " + code + "?"));
    CHECK(contains(page_text(asked.body), "Alasan: Bukan warga kelurahan ini"));
    CHECK(contains(asked.body, R"(class="danger" id="confirm-destructive")"));
    CHECK(request(code).status == RequestStatus::rt_approved);
    lurah.post("/permohonan/" + code + "/tolak", {{"catatan", "Bukan warga kelurahan ini"}, {"konfirmasi", "ya"}});
    CHECK(request(code).status == RequestStatus::rejected);
}

// The back office's own guards, tried from outside as an attacker or a careless colleague would.

TEST_CASE_FIXTURE(OfficeFixture, "every answer of ekel-office carries the security headers, errors and health check included") {
    httplib::Client client("127.0.0.1", port);
    for (const char* path : {"/healthz", "/tidak-ada", "/verifikasi/tidak-dikenal", "/static/app.css", "/login"}) {
        CAPTURE(path);
        auto res = client.Get(path);
        REQUIRE(res);
        CHECK(contains(res->get_header_value("Content-Security-Policy"), "default-src 'none'"));
        CHECK(res->get_header_value("X-Frame-Options") == "DENY");
        CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
        CHECK(res->get_header_value_count("Cache-Control") == 1);
        CHECK(res->get_header_value("Cache-Control") ==
              (std::string(path) == "/static/app.css" ? "max-age=3600" : "no-store"));
    }
    auto failed = client.Post("/login", httplib::Params{{"username", "lurah"}, {"password", "salah-sekali-1"}});
    REQUIRE(failed);
    CHECK(failed->status == 401);
    CHECK(failed->get_header_value("X-Frame-Options") == "DENY");
}

TEST_CASE_FIXTURE(OfficeFixture, "an RT account cannot approve its own request from the web, as on WhatsApp") {
    std::string own;
    {
        db::Store store(h.config.database.target(), 5000);
        services::RequestService requests(store, h.clock, h.config.kelurahan);
        services::NewRequest r;
        r.applicant_name = "Budi Santoso";
        r.applicant_phone = "628110000021";  // the head of RT 2 (tests/fixtures/csv/rt_good.csv)
        r.letter_type = "domisili";
        r.purpose = "melamar kerja";
        r.rt_id = store.rts.find_by_number(2)->id;
        own = requests.submit(r, {domain::ActorKind::citizen, r.applicant_phone}).code;
    }
    OfficeClient rt(port);
    REQUIRE(rt.login("rt2", kPassword));
    rt.get("/permohonan/" + own);
    auto refused = rt.post("/permohonan/" + own + "/setujui");
    CHECK(contains(page_text(refused.body), "ajukan sendiri"));
    CHECK(request(own).status == RequestStatus::submitted);
    db::Store store(h.config.database.target(), 5000);
    auto last = store.events.list_for(request(own).id).back();
    CHECK(last.action == "rt_action_refused");
    CHECK(last.actor.id == "web:rt2");
}

TEST_CASE_FIXTURE(OfficeFixture, "a password reset ends every session of the account at once") {
    OfficeClient first(port);
    OfficeClient second(port);
    REQUIRE(first.login("operator", kPassword));
    REQUIRE(second.login("operator", kPassword));
    REQUIRE(first.get("/permohonan").status == 200);
    {
        db::Store store(h.config.database.target(), 5000);  // what `ekel-office add-user operator` does
        db::WriteTransaction tx(store.db());
        REQUIRE(services::add_staff_user(store, h.clock,
                                         {"operator", "Petugas operator", "operator", std::nullopt, "kata-sandi-baru-2"})
                    .has_value());
        tx.commit();
    }
    for (OfficeClient* client : {&first, &second}) {
        auto page = client->get("/permohonan");
        CHECK(page.status == 303);
        CHECK(page.location == "/login");
    }
    OfficeClient again(port);
    CHECK_FALSE(again.login("operator", kPassword));
    CHECK(again.login("operator", "kata-sandi-baru-2"));
}

TEST_CASE_FIXTURE(OfficeFixture, "logout ends the session named ekel_session, not one whose name merely contains it") {
    OfficeClient staff(port);
    REQUIRE(staff.login("operator", kPassword));
    const std::string real = staff.cookie;
    staff.get("/permohonan");
    staff.cookie = "x_ekel_session=" + std::string(64, 'a') + "; " + real;
    CHECK(staff.post("/logout").location == "/login");
    staff.cookie = real;
    auto after = staff.get("/permohonan");
    CHECK(after.status == 303);
    CHECK(after.location == "/login");
}

TEST_CASE_FIXTURE(OfficeFixture, "behind a trusted proxy, one person's guesses lock nobody out of a browser they use") {
    // Without trusted proxies, a forwarded address is the client's own claim and is ignored.
    OfficeClient claimant(port);
    claimant.extra_headers["X-Forwarded-For"] = "203.0.113.9";
    CHECK(login_status(claimant, "operator", "salah-sekali-1") == 401);
    CHECK(audit().front().address == "127.0.0.1");

    restart_behind(*this, {"127.0.0.1"});
    OfficeClient lurah(port);  // the lurah's own browser, known from an earlier login
    lurah.extra_headers["X-Forwarded-For"] = "198.51.100.7";
    REQUIRE(lurah.login("lurah", kPassword));
    lurah.get("/");
    REQUIRE(lurah.post("/logout").location == "/login");

    // One person behind the same proxy guesses at every account.
    OfficeClient attacker(port);
    attacker.extra_headers["X-Forwarded-For"] = "203.0.113.5, 127.0.0.1";
    for (const char* username : {"lurah", "operator", "admin"}) {
        for (int i = 0; i < 5; ++i) login_status(attacker, username, "tebakan-ke-" + std::to_string(i));
        CAPTURE(username);
        CHECK(login_status(attacker, username, kPassword) == 429);  // locked for unknown browsers
    }
    CHECK(audit().front().address == "203.0.113.5");

    // The lurah still gets in from their own browser; a new browser waits for the lock to pass.
    CHECK(lurah.login("lurah", kPassword));
    OfficeClient new_browser(port);
    new_browser.extra_headers["X-Forwarded-For"] = "198.51.100.8";
    CHECK(login_status(new_browser, "operator", kPassword) == 429);
    CHECK(audit().front().address == "198.51.100.8");
}

TEST_CASE_FIXTURE(OfficeFixture, "the lurah reviews a letter's contents, corrects and previews it, then issues it signed a.n. Lurah") {
    const std::string code = approved_request(1, "Siti Rahma Wati");
    const std::string before = request(code).purpose;
    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    auto page = lurah.get("/permohonan/" + code);
    CHECK(contains(page.body, R"(id="review-form")"));
    CHECK(contains(page.body, R"(name="keperluan")"));
    CHECK(contains(page.body, R"(formaction="/permohonan/)" + code + R"(/pratinjau" formtarget="_blank")"));
    CHECK(contains(page.body, R"(<option value="sekretaris">a.n. Lurah — Sekretaris Kelurahan)"));

    // A wrong correction names the field and keeps what was typed; nothing is stored.
    auto refused = lurah.post("/permohonan/" + code + "/isi", {{"keperluan", "   "}});
    CHECK(refused.status == 422);
    CHECK(contains(page_text(refused.body), "Keperluan tidak boleh kosong."));
    CHECK(request(code).purpose == before);

    auto saved = lurah.post("/permohonan/" + code + "/isi", {{"keperluan", "Melamar pekerjaan"}});
    REQUIRE(saved.status == 200);
    CHECK(contains(page_text(saved.body), "Perubahan isi surat disimpan."));
    CHECK(request(code).purpose == "Melamar pekerjaan");
    CHECK(contains(page_text(saved.body), "Isi surat diubah oleh Petugas lurah: Keperluan: " + before + " → Melamar pekerjaan"));

    // The preview: the PDF as it would be issued with the form's values, marked DRAF, stored nowhere.
    auto preview = lurah.post("/permohonan/" + code + "/pratinjau",
                              {{"keperluan", "Melamar pekerjaan di Bontang"}, {"penandatangan", "sekretaris"}});
    REQUIRE(preview.status == 200);
    CHECK(preview.content_type == "application/pdf");
    test::TempDir dir;
    auto pdf_text = [&](const std::string& bytes) {
        std::ofstream(dir.file("surat.pdf"), std::ios::binary | std::ios::trunc) << bytes;
        return run("pdftotext -raw " + dir.file("surat.pdf") + " -");
    };
    const std::string draft = pdf_text(preview.body);
    CHECK(draft.rfind("D\nR\nA\nF\n", 0) == 0);  // the rotated mark, one letter per line
    CHECK(contains(draft, "Melamar pekerjaan di Bontang"));
    CHECK(contains(draft, "a.n. Lurah Belimbing"));
    CHECK(contains(draft, "Sekretaris Kelurahan"));
    CHECK_FALSE(contains(draft, "/verifikasi/"));
    CHECK_FALSE(contains(draft, "KEL-BLB/"));  // no number
    CHECK(request(code).purpose == "Melamar pekerjaan");
    CHECK(request(code).status == RequestStatus::rt_approved);
    db::Store store(h.config.database.target(), 5000);
    CHECK_FALSE(store.letters.find_by_request(request(code).id));

    // An operator may correct and preview, not issue.
    OfficeClient operator_(port);
    REQUIRE(operator_.login("operator", kPassword));
    operator_.get("/permohonan/" + code);
    CHECK(operator_.post("/permohonan/" + code + "/pratinjau").content_type == "application/pdf");

    // Issue, with the sekretaris signing for the lurah: the second click after the preview.
    lurah.get("/permohonan/" + code);
    auto issued = lurah.post("/permohonan/" + code + "/terbitkan",
                             {{"keperluan", "Melamar pekerjaan"}, {"penandatangan", "sekretaris"}});
    REQUIRE(issued.status == 200);
    auto letter = store.letters.find_by_request(request(code).id);
    REQUIRE(letter);
    CHECK(letter->signer_position == "a.n. Lurah Belimbing, Sekretaris Kelurahan");
    const std::string final_text = pdf_text(lurah.get("/surat/" + letter->verification_token + ".pdf").body);
    CHECK(final_text.rfind("D\nR\nA\nF\n", 0) != 0);
    CHECK(contains(final_text, "a.n. Lurah Belimbing"));
    CHECK(contains(final_text, "Melamar pekerjaan"));
    CHECK(contains(final_text, letter->number));

    // After the issue the contents are the letter's: no more corrections.
    CHECK_FALSE(contains(issued.body, R"(id="review-form")"));
    CHECK(lurah.post("/permohonan/" + code + "/isi", {{"keperluan", "Lain"}}).status == 409);
    CHECK(request(code).purpose == "Melamar pekerjaan");
}

TEST_SUITE_END();

#include <doctest/doctest.h>

#include <string>

#include "shared/db/store.h"
#include "shared/util/time.h"
#include "tests/support/chat_phone.h"
#include "tests/support/office_client.h"

// Text that is not UTF-8 never gets into the back office: every query parameter, form field and
// multipart text field is checked before a handler runs. (The client percent-encodes each byte,
// so "\xFF" below travels as %FF, which decodes to the byte 0xFF.)

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using test::kPassword;
using test::OfficeClient;
using test::OfficeFixture;
using test::page_text;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string refusal(const std::string& field) {
    return "Isian «" + field + "» berisi karakter yang tidak dapat dibaca (bukan UTF-8). Periksa isinya lalu kirim lagi.";
}

/// A 400 in the normal layout with its security headers, naming the field.
void check_refused(const OfficeClient::Page& page, const std::string& field) {
    CHECK(page.status == 400);
    CHECK(contains(page_text(page.body), refusal(field)));
    CHECK(contains(page.body, "</html>"));
    CHECK(contains(page.security_policy, "default-src 'none'"));
}

}  // namespace

TEST_CASE_FIXTURE(OfficeFixture, "a resident edit with a name that is not UTF-8 is refused naming the field, and nothing changes") {
    db::Store store(h.config.database.target(), 5000);
    const auto budi = *store.residents.find_by_nik("6474030203900004");
    const std::string path = "/penduduk/" + std::to_string(budi.id);

    OfficeClient admin(port);
    REQUIRE(admin.login("admin", kPassword));
    admin.get(path);
    const std::size_t audit_entries = audit().size();
    auto refused = admin.post(path, {{"nama", "Budi \xFF Santoso"}, {"alamat", "Jl. Baru No. 1"}, {"rt", "2"},
                                     {"pekerjaan", "Wiraswasta"}, {"status_kawin", "Kawin"}});
    check_refused(refused, "nama");
    CHECK(contains(refused.body, "Keluar"));  // the staff member's own layout, still logged in

    const auto after = *store.residents.find_by_id(budi.id);
    CHECK(after.full_name == budi.full_name);
    CHECK(after.address == budi.address);
    CHECK(audit().size() == audit_entries);
}

TEST_CASE_FIXTURE(OfficeFixture, "an announcement whose text is not UTF-8 is refused, and nothing is published or sent") {
    test::Phone budi{h, "6281299990000"};
    budi.say("langganan");

    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    lurah.get("/pengumuman");
    auto refused = lurah.post("/pengumuman", {{"isi", "Kantor kelurahan tutup Jumat \x93rapat kerja\x94."},
                                              {"berlaku", "3"}});
    check_refused(refused, "isi");

    db::Store store(h.config.database.target(), 5000);
    CHECK(store.announcements.current(format_utc(h.clock.now()), 20).empty());
    CHECK(budi.inbox().empty());
}

TEST_CASE_FIXTURE(OfficeFixture, "a complaint reply with %FF is refused naming the field instead of failing with a 500") {
    test::Phone budi{h, "6281299990000"};
    budi.say("aduan lampu jalan di gang mawar mati sudah seminggu");
    budi.tap("complaint:yes", "Kirim aduan");
    db::Store store(h.config.database.target(), 5000);
    const auto before = store.complaints.list("", 10).at(0);

    OfficeClient operator_(port);
    REQUIRE(operator_.login("operator", kPassword));
    operator_.get("/aduan/" + before.code);
    auto refused = operator_.post("/aduan/" + before.code, {{"kategori", "infrastruktur"}, {"status", "diproses"},
                                                           {"tanggapan", "Sudah kami teruskan \xFF"}});
    check_refused(refused, "tanggapan");

    const auto after = *store.complaints.find_by_code(before.code);
    CHECK(after.category == before.category);
    CHECK(after.status == before.status);
    CHECK(store.complaints.replies(before.id).empty());
    CHECK(budi.inbox().empty());
}

TEST_CASE_FIXTURE(OfficeFixture, "query parameters, multipart text fields and field names are checked too, on public and staff pages") {
    OfficeClient anonymous(port);
    auto login = anonymous.get("/login?kembali=%C0%AF");  // an overlong '/'
    check_refused(login, "kembali");
    auto verify = anonymous.get("/verifikasi/0123456789abcdef0123456789abcdef?utm=%ED%A0%80");  // a surrogate
    check_refused(verify, "utm");

    OfficeClient admin(port);
    REQUIRE(admin.login("admin", kPassword));
    check_refused(admin.get("/penduduk?q=Ma%92ruf"), "q");
    admin.get("/impor");
    const std::int64_t residents = count("SELECT COUNT(*) FROM residents");
    auto upload = admin.upload("/impor", {{"jenis", "penduduk\xFF"}}, "berkas", "warga.csv",
                               test::read_text_file(test::repo_path("tests/fixtures/csv/residents_good.csv")));
    check_refused(upload, "jenis");
    CHECK(count("SELECT COUNT(*) FROM residents") == residents);
    // File contents are the importer's to judge: a Windows-1252 export is converted, and said so.
    auto converted = admin.upload("/impor", {{"jenis", "penduduk"}}, "berkas", "warga.csv",
                                  test::read_text_file(test::repo_path("tests/fixtures/csv/residents_windows1252.csv")));
    CHECK(converted.status == 200);
    CHECK(contains(page_text(converted.body), "Berkas dibaca sebagai Windows-1252 dan diubah ke UTF-8."));
    CHECK(contains(page_text(converted.body), "2 baris diimpor"));
    admin.get("/penduduk");
    check_refused(admin.post("/aduan/baru", {{"isi\xFF", "Antrean loket terlalu lama"}, {"kategori", "layanan_surat"}}),
                  "isi\xEF\xBF\xBD");
    CHECK(count("SELECT COUNT(*) FROM complaints") == 0);
}

TEST_SUITE_END();

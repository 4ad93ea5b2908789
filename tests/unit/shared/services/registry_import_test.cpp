#include <doctest/doctest.h>

#include <algorithm>

#include "shared/db/store.h"
#include "shared/services/registry_import.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("services");

using namespace ekel;

namespace {

std::string fixture(const std::string& name) { return test::read_text_file(test::repo_path("tests/fixtures/csv/" + name)); }

bool has_error(const services::ImportReport& report, std::size_t line, const std::string& column,
               const std::string& words) {
    return std::any_of(report.errors.begin(), report.errors.end(), [&](const services::RowError& e) {
        return e.line == line && e.column == column && e.message.find(words) != std::string::npos;
    });
}

struct ImportFixture : test::TempDatabase {
    ImportFixture() : store(config.database.target(), config.database.busy_timeout_ms) {}
    db::Store store;
    SystemClock clock;
};

}  // namespace

TEST_CASE_FIXTURE(ImportFixture, "a good RT file is imported with normalised phones and RW heads") {
    auto report = services::import_rts(store, fixture("rt_good.csv"), clock);
    REQUIRE(report.ok());
    CHECK(report.rows == 3);
    CHECK(report.inserted == 3);
    auto rt1 = store.rts.find_by_number(1);
    REQUIRE(rt1);
    CHECK(rt1->head_phone == "6281100000011");
    CHECK(rt1->deputy_name == "Siti Rahma");
    CHECK(rt1->deputy_phone == "6281100000012");
    auto rt3 = store.rts.find_by_number(3);
    REQUIRE(rt3);
    CHECK(rt3->head_name == "Daeng Baso, S.Pd.");
    CHECK(rt3->rw_number == 2);
    auto rw1 = store.rts.find_rw_by_number(1);
    REQUIRE(rw1);
    CHECK(rw1->head_phone == "6281100000100");

    auto again = services::import_rts(store, fixture("rt_good.csv"), clock);
    CHECK(again.ok());
    CHECK(again.updated == 3);
    CHECK(store.rts.count() == 3);
}

TEST_CASE_FIXTURE(ImportFixture, "a bad RT file reports every bad row and imports nothing") {
    auto report = services::import_rts(store, fixture("rt_bad.csv"), clock);
    CHECK_FALSE(report.ok());
    CHECK(has_error(report, 2, "nama_wakil", "wajib diisi bila hp_wakil diisi"));
    CHECK(has_error(report, 3, "rt", "harus berupa angka"));
    CHECK(has_error(report, 4, "nama_ketua", "tidak boleh kosong"));
    CHECK(has_error(report, 4, "hp_ketua", ""));
    CHECK(has_error(report, 5, "rt", "sudah ada di baris 2"));
    CHECK(has_error(report, 6, "hp_ketua_rw", "berbeda dengan nomor ketua RW 1 di baris 2"));
    CHECK(store.rts.count() == 0);
}

TEST_CASE_FIXTURE(ImportFixture, "a good residents file upserts by NIK and verifies the listed phones") {
    REQUIRE(services::import_rts(store, fixture("rt_good.csv"), clock).ok());
    auto report = services::import_residents(store, fixture("residents_good.csv"), clock);
    for (const auto& e : report.errors) CAPTURE(services::format_row_error(e));
    REQUIRE(report.ok());
    CHECK(report.rows == 4);
    CHECK(report.inserted == 4);
    CHECK(report.phones_added == 3);
    auto siti = store.residents.find_by_nik("6474035507880002");
    REQUIRE(siti);
    CHECK(siti->sex == 'P');
    CHECK(siti->religion == "Islam");
    CHECK(siti->marital_status == "Kawin");
    CHECK(siti->birth_date == domain::CivilDate{1988, 7, 15});
    auto aisyah = store.residents.find_by_nik("7371014404100003");
    REQUIRE(aisyah);  // born in Makassar: a NIK from another region is fine
    CHECK(aisyah->rt_number == 1);
    CHECK(store.residents.find_by_verified_phone("6281234567890").size() == 1);
    CHECK(store.residents.find_by_verified_phone("6281311112222").size() == 1);

    auto again = services::import_residents(store, fixture("residents_good.csv"), clock);
    CHECK(again.ok());
    CHECK(again.updated == 4);
    CHECK(store.residents.count() == 4);
}

TEST_CASE_FIXTURE(ImportFixture, "a residents file with bad rows names each row and keeps earlier data intact") {
    REQUIRE(services::import_rts(store, fixture("rt_good.csv"), clock).ok());
    REQUIRE(services::import_residents(store, fixture("residents_good.csv"), clock).ok());
    auto before = store.residents.find_by_nik("6474031208850001");

    auto report = services::import_residents(store, fixture("residents_bad.csv"), clock);
    CHECK_FALSE(report.ok());
    CHECK(has_error(report, 3, "nik", "16 angka"));
    CHECK(has_error(report, 4, "jenis_kelamin", "tidak cocok dengan NIK"));
    CHECK(has_error(report, 5, "tanggal_lahir", "31-02-1990"));
    CHECK(has_error(report, 6, "rt", "RT 9 belum terdaftar"));
    CHECK(has_error(report, 7, "agama", "Jedi"));
    CHECK(has_error(report, 8, "no_hp", "Indonesia"));
    CHECK(has_error(report, 9, "nik", "sudah ada di baris 2"));
    CHECK(has_error(report, 10, "nama", "tidak boleh kosong"));
    CHECK(has_error(report, 11, "rw", "terdaftar di RW 1, bukan RW 3"));
    CHECK_FALSE(has_error(report, 2, "nik", ""));

    // All or nothing: row 2 was valid but nothing changed, and the earlier import is untouched.
    CHECK(store.residents.count() == 4);
    auto after = store.residents.find_by_nik("6474031208850001");
    CHECK(after->full_name == before->full_name);
    CHECK(after->address == before->address);
}

TEST_CASE_FIXTURE(ImportFixture, "a Windows-1252 file from Excel is converted to UTF-8, and the report says so") {
    REQUIRE(services::import_rts(store, fixture("rt_good.csv"), clock).ok());
    auto report = services::import_residents(store, fixture("residents_windows1252.csv"), clock);
    for (const auto& e : report.errors) CAPTURE(services::format_row_error(e));
    REQUIRE(report.ok());
    CHECK(report.inserted == 2);
    CHECK(report.note == "Berkas dibaca sebagai Windows-1252 dan diubah ke UTF-8.");
    CHECK(store.residents.find_by_nik("6474031507800005")->full_name == "Ma\u2019ruf Hidayat");
    CHECK(store.residents.find_by_nik("6474035003920006")->full_name == "Andr\u00E9a Lestari");

    CHECK(services::import_rts(store, fixture("rt_good.csv"), clock).note.empty());  // UTF-8: nothing to say
}

TEST_CASE_FIXTURE(ImportFixture, "a file mixing UTF-8 with other bytes is refused naming the cell, and nothing is written") {
    REQUIRE(services::import_rts(store, fixture("rt_good.csv"), clock).ok());
    auto report = services::import_residents(store, fixture("residents_mixed_encoding.csv"), clock);
    CHECK_FALSE(report.ok());
    REQUIRE(report.errors.size() == 1);
    CHECK(has_error(report, 0, "", "bukan UTF-8"));
    CHECK(has_error(report, 0, "", "baris 3, kolom alamat."));
    CHECK(report.note.empty());
    CHECK(store.residents.count() == 0);
}

TEST_CASE_FIXTURE(ImportFixture, "header problems are reported before any row") {
    auto unknown = services::import_rts(store, "rt,rw,nama_ketua,warna\n1,1,A,biru\n", clock);
    CHECK(has_error(unknown, 1, "warna", "kolom tidak dikenal"));
    auto missing = services::import_residents(store, "nik,nama\n6474031208850001,A\n", clock);
    CHECK(has_error(missing, 1, "kk", "kolom wajib"));
    auto empty = services::import_rts(store, "rt,rw,nama_ketua\n", clock);
    CHECK(has_error(empty, 0, "", "tidak berisi data"));
    CHECK(services::format_row_error({5, "nik", "NIK harus 16 angka"}) == "baris 5, kolom nik: NIK harus 16 angka");
}

TEST_SUITE_END();

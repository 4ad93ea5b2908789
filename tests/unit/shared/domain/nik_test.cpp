#include "shared/domain/nik.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

using ekel::domain::CivilDate;
using ekel::domain::nik_birth_date;
using ekel::domain::parse_kk;
using ekel::domain::parse_nik;
using ekel::domain::Sex;

TEST_SUITE_BEGIN("domain");

TEST_CASE("a male NIK from Belimbing is split into region, birth date and serial") {
    const auto nik = parse_nik("6474031208850001");
    REQUIRE(nik);
    CHECK(nik->province_code == "64");
    CHECK(nik->regency_code == "6474");
    CHECK(nik->district_code == "647403");
    CHECK(nik->sex == Sex::male);
    CHECK(nik->birth_day == 12);
    CHECK(nik->birth_month == 8);
    CHECK(nik->birth_year_2digit == 85);
    CHECK(nik->serial == 1);
}

TEST_CASE("a female NIK has 40 added to the birth day, which parse_nik removes") {
    const auto nik = parse_nik("6474035208850002");
    REQUIRE(nik);
    CHECK(nik->sex == Sex::female);
    CHECK(nik->birth_day == 12);
    CHECK(nik->birth_month == 8);
    CHECK(nik->serial == 2);
}

TEST_CASE("NIKs from every part of Indonesia are accepted, not only Bontang") {
    struct Case {
        std::string nik;
        std::string province;
        Sex sex;
        unsigned day;
        unsigned month;
        unsigned year;
        unsigned serial;
    };
    const std::vector<Case> cases = {
        {"1171022902040005", "11", Sex::male, 29, 2, 4, 5},        // Aceh, 29 Feb of a leap year
        {"3174054101000003", "31", Sex::female, 1, 1, 0, 3},       // DKI Jakarta, day 41
        {"3273017112990123", "32", Sex::female, 31, 12, 99, 123},  // Jawa Barat, day 71
        {"5171013112629999", "51", Sex::male, 31, 12, 62, 9999},   // Bali
        {"6571010307150010", "65", Sex::male, 3, 7, 15, 10},       // Kalimantan Utara
        {"9171012902000001", "91", Sex::male, 29, 2, 0, 1},        // Papua, 29 Feb 2000
        {"9671015703100001", "96", Sex::female, 17, 3, 10, 1},     // Papua Barat Daya
    };
    for (const auto& c : cases) {
        CAPTURE(c.nik);
        const auto nik = parse_nik(c.nik);
        REQUIRE_MESSAGE(nik, (nik ? "" : nik.error().message));
        CHECK(nik->province_code == c.province);
        CHECK(nik->sex == c.sex);
        CHECK(nik->birth_day == c.day);
        CHECK(nik->birth_month == c.month);
        CHECK(nik->birth_year_2digit == c.year);
        CHECK(nik->serial == c.serial);
    }
}

TEST_CASE("an invalid NIK is rejected with a message that names the reason") {
    struct Case {
        std::string nik;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"", "NIK belum diisi"},
        {"647403120885000", "NIK harus 16 angka (tertulis 15 angka)"},
        {"64740312088500011", "NIK harus 16 angka (tertulis 17 angka)"},
        {"6474O31208850001", "NIK hanya boleh berisi angka (karakter ke-5 bukan angka)"},
        {" 6474031208850001", "NIK hanya boleh berisi angka (karakter ke-1 bukan angka)"},
        {"6474-0312-0885-0001", "NIK hanya boleh berisi angka"},
        {"9974031208850001", "NIK diawali kode provinsi 99 yang tidak dikenal"},
        {"9774031208850001", "NIK diawali kode provinsi 97 yang tidak dikenal"},
        {"2074031208850001", "NIK diawali kode provinsi 20 yang tidak dikenal"},
        {"0074031208850001", "NIK diawali kode provinsi 00 yang tidak dikenal"},
        {"6400031208850001", "Kode kabupaten/kota di NIK tidak boleh 00"},
        {"6474001208850001", "Kode kecamatan di NIK tidak boleh 00"},
        {"6474030008850001", "Tanggal lahir di NIK tidak valid (hari 00)"},
        {"6474033208850001", "Tanggal lahir di NIK tidak valid (hari 32)"},
        {"6474034008850001", "Tanggal lahir di NIK tidak valid (hari 40)"},
        {"6474037208850001", "Tanggal lahir di NIK tidak valid (hari 72)"},
        {"6474031200850001", "Bulan lahir di NIK tidak valid (bulan 00)"},
        {"6474031213850001", "Bulan lahir di NIK tidak valid (bulan 13)"},
        {"6474033104850001", "Tanggal lahir di NIK tidak valid (tanggal 31 April tidak ada)"},
        {"6474037104850001", "Tanggal lahir di NIK tidak valid (tanggal 31 April tidak ada)"},
        {"6474033002840001", "Tanggal lahir di NIK tidak valid (tanggal 30 Februari tidak ada)"},
        {"6474032902850001", "29 Februari, padahal tahun 85 bukan tahun kabisat"},
        {"6474036902850001", "29 Februari, padahal tahun 85 bukan tahun kabisat"},
        {"6474031208850000", "Nomor urut di NIK tidak boleh 0000"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.nik);
        const auto nik = parse_nik(c.nik);
        REQUIRE_FALSE(nik);
        CHECK(nik.error().field == "nik");
        CAPTURE(nik.error().message);
        CHECK(nik.error().message.find(c.message) != std::string::npos);
    }
}

TEST_CASE("the birth date century is the latest one not after the reference year") {
    struct Case {
        std::string nik;
        int reference_year;
        CivilDate expected;
    };
    const std::vector<Case> cases = {
        {"6474031208850001", 2026, {1985, 8, 12}}, {"6474035208100002", 2026, {2010, 8, 12}},
        {"6474031208260001", 2026, {2026, 8, 12}}, {"6474031208270001", 2026, {1927, 8, 12}},
        {"6474031208990001", 2000, {1999, 8, 12}}, {"6474031208000001", 2000, {2000, 8, 12}},
        {"9171012902000001", 2026, {2000, 2, 29}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.nik);
        CAPTURE(c.reference_year);
        const auto nik = parse_nik(c.nik);
        REQUIRE(nik);
        CHECK(nik_birth_date(*nik, c.reference_year) == c.expected);
    }
}

TEST_CASE("a birth day and month that form no date make nik_birth_date throw") {
    ekel::domain::NikInfo info{"64", "6474", "647403", Sex::male, 31, 4, 85, 1};
    CHECK_THROWS_AS(nik_birth_date(info, 2026), std::invalid_argument);
}

TEST_CASE("a valid No. KK is returned as its 16 digits") {
    for (const std::string kk : {"6474031201230004", "3174020101100123", "9601010101220001"}) {
        CAPTURE(kk);
        const auto result = parse_kk(kk);
        REQUIRE(result);
        CHECK(*result == kk);
    }
}

TEST_CASE("an invalid No. KK is rejected with a message that names the reason") {
    struct Case {
        std::string kk;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"", "Nomor KK belum diisi"},
        {"647403120123000", "Nomor KK harus 16 angka (tertulis 15 angka)"},
        {"6474 0312 0123 0004", "Nomor KK hanya boleh berisi angka (karakter ke-5 bukan angka)"},
        {"9974031201230004", "Nomor KK diawali kode provinsi 99 yang tidak dikenal"},
        {"6474031201230000", "Nomor urut keluarga di Nomor KK tidak boleh 0000"},
        {"1111111111111111", "Nomor KK tidak boleh berisi satu angka yang diulang"},
        {"0000000000000000", "Nomor KK tidak boleh berisi satu angka yang diulang"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.kk);
        const auto result = parse_kk(c.kk);
        REQUIRE_FALSE(result);
        CHECK(result.error().field == "kk");
        CAPTURE(result.error().message);
        CHECK(result.error().message.find(c.message) != std::string::npos);
    }
}

TEST_SUITE_END();

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "shared/config/letter_types.h"
#include "shared/services/letter_fields.h"

TEST_SUITE_BEGIN("services");

using ekel::config::FieldKind;
using ekel::config::LetterField;
using ekel::services::check_field_answer;

namespace {

LetterField field(const std::string& key, FieldKind kind, std::vector<std::string> choices = {},
                  int max_length = ekel::config::kDefaultFieldMaxLength) {
    LetterField f;
    f.key = key;
    f.label = "Label " + key;
    f.prompt = "Pertanyaan " + key + "?";
    f.kind = kind;
    f.choices = std::move(choices);
    f.choice_hints.assign(f.choices.size(), {});
    f.max_length = max_length;
    return f;
}

/// The stored value of an accepted answer, or "ERROR(<field>)" for a refused one.
std::string answer(const LetterField& f, const std::string& text) {
    auto result = check_field_answer(f, text);
    if (result) return result.value();
    return "ERROR(" + result.error().field + ")";
}

std::string refusal_message(const LetterField& f, const std::string& text) {
    auto result = check_field_answer(f, text);
    return result ? "" : result.error().message;
}

}  // namespace

TEST_CASE("a text answer is trimmed and must be neither empty nor longer than the field's limit") {
    const auto f = field("nama_bayi", FieldKind::text, {}, 10);
    CHECK(answer(f, "  Ahmad  ") == "Ahmad");
    CHECK(answer(f, "0123456789") == "0123456789");
    CHECK(answer(f, "01234567890") == "ERROR(nama_bayi)");
    CHECK(answer(f, "") == "ERROR(nama_bayi)");
    CHECK(answer(f, "   \t ") == "ERROR(nama_bayi)");
    CHECK(refusal_message(f, "") == "Jawaban tidak boleh kosong.");
    CHECK(refusal_message(f, "01234567890") == "Jawaban terlalu panjang.");
    // Surrounding spaces do not count towards the limit.
    CHECK(answer(f, "   0123456789   ") == "0123456789");
}

TEST_CASE("a date answer in Indonesian or ISO order is stored in the long Indonesian form") {
    const auto f = field("tanggal_lahir_bayi", FieldKind::date);
    CHECK(answer(f, "17-08-2026") == "17 Agustus 2026");
    CHECK(answer(f, "2026-08-17") == "17 Agustus 2026");
    CHECK(answer(f, "17/08/2026") == "17 Agustus 2026");
    CHECK(answer(f, " 03-11-2026 ") == "3 November 2026");
}

TEST_CASE("a date that is malformed or does not exist is refused with an example") {
    const auto f = field("tanggal_nikah", FieldKind::date);
    CHECK(answer(f, "31-02-2026") == "ERROR(tanggal_nikah)");
    CHECK(answer(f, "17-13-2026") == "ERROR(tanggal_nikah)");
    CHECK(answer(f, "besok") == "ERROR(tanggal_nikah)");
    CHECK(answer(f, "") == "ERROR(tanggal_nikah)");
    CHECK(refusal_message(f, "besok") == "Format tanggal belum tepat, contoh: 17-08-2026.");
}

TEST_CASE("a number answer keeps only its digits, allowing dots, commas and spaces as separators") {
    const auto f = field("penghasilan_per_bulan", FieldKind::number, {}, 12);
    CHECK(answer(f, "2500000") == "2500000");
    CHECK(answer(f, "2.500.000") == "2500000");
    CHECK(answer(f, "2 500 000") == "2500000");
    CHECK(answer(f, "2,500,000") == "2500000");
    CHECK(answer(f, " 0 ") == "0");
}

TEST_CASE("a number answer with letters, without digits or with more than twelve digits is refused") {
    const auto f = field("jumlah_undangan", FieldKind::number, {}, 20);
    CHECK(answer(f, "2 juta") == "ERROR(jumlah_undangan)");
    CHECK(answer(f, "Rp2500000") == "ERROR(jumlah_undangan)");
    CHECK(answer(f, "-5") == "ERROR(jumlah_undangan)");
    CHECK(answer(f, "") == "ERROR(jumlah_undangan)");
    CHECK(answer(f, " . , ") == "ERROR(jumlah_undangan)");
    CHECK(answer(f, "123456789012") == "123456789012");
    CHECK(answer(f, "1234567890123") == "ERROR(jumlah_undangan)");
    CHECK(refusal_message(f, "2 juta") == "Mohon jawab dengan angka saja.");
}

// config/letter_types.toml sets max_length = 2 on "anak_ke" and "jumlah_pengikut" and 5 on
// "jumlah_undangan": the limit is meant for number fields too.
TEST_CASE("a number answer longer than the field's max_length is refused") {
    const auto f = field("anak_ke", FieldKind::number, {}, 2);
    CHECK(answer(f, "12") == "12");
    CHECK(answer(f, "123") == "ERROR(anak_ke)");
}

TEST_CASE("a phone answer is normalised to 62 digits") {
    const auto f = field("no_hp_saksi", FieldKind::phone);
    CHECK(answer(f, "0812-3456-7890") == "6281234567890");
    CHECK(answer(f, "+62 812 3456 7890") == "6281234567890");
    CHECK(answer(f, " 081234567890 ") == "6281234567890");
}

TEST_CASE("a phone answer that is no Indonesian number is refused under the field's key") {
    const auto f = field("no_hp_saksi", FieldKind::phone);
    CHECK(answer(f, "12345") == "ERROR(no_hp_saksi)");
    CHECK(answer(f, "nomor saya") == "ERROR(no_hp_saksi)");
    CHECK(answer(f, "") == "ERROR(no_hp_saksi)");
    const std::string message = refusal_message(f, "12345");
    REQUIRE_FALSE(message.empty());
    CHECK(message.back() == '.');
}

TEST_CASE("a NIK answer is stored as its sixteen digits") {
    const auto f = field("nik_almarhum", FieldKind::nik);
    CHECK(answer(f, "6474031208850001") == "6474031208850001");
    CHECK(answer(f, "6474 0352 0885 0002") == "6474035208850002");
    CHECK(answer(f, "6474.0312.0885.0001") == "6474031208850001");
}

TEST_CASE("a NIK answer that is not a valid NIK is refused under the field's key") {
    const auto f = field("nik_almarhum", FieldKind::nik);
    CHECK(answer(f, "647403120885000") == "ERROR(nik_almarhum)");    // 15 digits
    CHECK(answer(f, "64740312088500011") == "ERROR(nik_almarhum)");  // 17 digits
    CHECK(answer(f, "6474031213850001") == "ERROR(nik_almarhum)");   // month 13
    CHECK(answer(f, "") == "ERROR(nik_almarhum)");
    const std::string message = refusal_message(f, "12345");
    REQUIRE_FALSE(message.empty());
    CHECK(message.back() == '.');
}

TEST_CASE("a choice is picked by its 1-based number or by its text in any case") {
    const auto f = field("keperluan_sktm", FieldKind::choice, {"Pendidikan", "Kesehatan", "Bantuan sosial", "Lainnya"});
    CHECK(answer(f, "1") == "Pendidikan");
    CHECK(answer(f, "4") == "Lainnya");
    CHECK(answer(f, " 2 ") == "Kesehatan");
    CHECK(answer(f, "02") == "Kesehatan");
    CHECK(answer(f, "kesehatan") == "Kesehatan");
    CHECK(answer(f, "BANTUAN SOSIAL") == "Bantuan sosial");
    CHECK(answer(f, "  pendidikan ") == "Pendidikan");
}

TEST_CASE("a choice out of range or not among the options is refused under the field's key") {
    const auto f = field("keperluan_sktm", FieldKind::choice, {"Pendidikan", "Kesehatan", "Bantuan sosial", "Lainnya"});
    CHECK(answer(f, "0") == "ERROR(keperluan_sktm)");
    CHECK(answer(f, "5") == "ERROR(keperluan_sktm)");
    CHECK(answer(f, "99") == "ERROR(keperluan_sktm)");
    CHECK(answer(f, "12345") == "ERROR(keperluan_sktm)");
    CHECK(answer(f, "Pendidikan tinggi") == "ERROR(keperluan_sktm)");
    CHECK(answer(f, "") == "ERROR(keperluan_sktm)");
    CHECK(refusal_message(f, "5") == "Mohon pilih salah satu pilihan yang tersedia.");
}

TEST_SUITE_END();

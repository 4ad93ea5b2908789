#include "shared/domain/phone.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using ekel::domain::is_mobile;
using ekel::domain::normalize_phone;

TEST_SUITE_BEGIN("domain");

TEST_CASE("the usual ways of writing an Indonesian number all normalise to E.164 digits") {
    struct Case {
        std::string input;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {"0812-3456-7890", "6281234567890"},
        {"+62 812 3456 7890", "6281234567890"},
        {"62812 3456 7890", "6281234567890"},
        {"(0812) 3456.7890", "6281234567890"},
        {"+62-812-3456-7890", "6281234567890"},
        {"081234567890", "6281234567890"},
        {"  0812 3456 7890  ", "6281234567890"},
        {"+(62) 812-3456-7890", "6281234567890"},
        {"0548 21234", "6254821234"},           // Bontang landline: 8 national digits
        {"0812 345 678", "62812345678"},        // shortest mobile: 9 national digits
        {"0812 3456 78901", "62812345678901"},  // longest: 12 national digits
        {"6281234567890", "6281234567890"},     // already normalised
    };
    for (const auto& c : cases) {
        CAPTURE(c.input);
        const auto phone = normalize_phone(c.input);
        REQUIRE_MESSAGE(phone, (phone ? "" : phone.error().message));
        CHECK(*phone == c.expected);
    }
}

TEST_CASE("a number that is not a usable Indonesian number is rejected with a reason") {
    struct Case {
        std::string input;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"", "Nomor HP belum diisi"},
        {" - ", "Nomor HP belum diisi"},
        {"0812-ABCD-7890", "Nomor HP hanya boleh berisi angka"},
        {"0812/3456/7890", "Nomor HP hanya boleh berisi angka"},
        {"+60 12 345 6789", "Nomor HP harus nomor Indonesia (diawali 08 atau +62)"},
        {"+0812 3456 7890", "Nomor HP harus nomor Indonesia (diawali 08 atau +62)"},
        {"812 3456 7890", "Nomor HP harus nomor Indonesia (diawali 08 atau +62)"},
        {"0062 812 3456 7890", "Nomor HP harus nomor Indonesia (diawali 08 atau +62)"},
        {"++62 812 3456 7890", "Tanda + hanya boleh satu kali, di depan kode negara 62"},
        {"0812+3456+7890", "Tanda + hanya boleh satu kali, di depan kode negara 62"},
        {"+62 0812 3456 7890", "Setelah kode negara 62 jangan tulis 0"},
        {"0812 3456", "Nomor HP terlalu pendek"},
        {"0548 2123", "Nomor HP terlalu pendek"},
        {"62", "Nomor HP terlalu pendek"},
        {"0", "Nomor HP terlalu pendek"},
        {"0812 3456 7890 12", "Nomor HP terlalu panjang"},
        {"+62 812 3456 7890 12", "Nomor HP terlalu panjang"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.input);
        const auto phone = normalize_phone(c.input);
        REQUIRE_FALSE(phone);
        CHECK(phone.error().field == "phone");
        CAPTURE(phone.error().message);
        CHECK(phone.error().message.find(c.message) != std::string::npos);
    }
}

TEST_CASE("only numbers starting with 628 count as mobile") {
    CHECK(is_mobile("6281234567890"));
    CHECK(is_mobile("62852123456"));
    CHECK_FALSE(is_mobile("6254821234"));
    CHECK_FALSE(is_mobile("081234567890"));
    CHECK_FALSE(is_mobile(""));
}

TEST_SUITE_END();

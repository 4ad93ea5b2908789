#include "shared/util/text.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace ekel;

TEST_SUITE_BEGIN("util");

TEST_CASE("UTF-8 is checked strictly: no overlong forms, no surrogates, nothing above U+10FFFF") {
    struct Case {
        std::string what;
        std::string text;
        bool valid;
    };
    const std::vector<Case> cases = {
        {"empty", "", true},
        {"ASCII with controls", "Budi\tSantoso\r\n", true},
        {"a NUL byte", std::string("a\0b", 3), true},
        {"two bytes", "Ma\xE2\x80\x99ruf caf\xC3\xA9", true},
        {"the smallest two-byte character", "\xC2\x80", true},
        {"the largest three-byte character", "\xEF\xBF\xBF", true},
        {"just below the surrogates", "\xED\x9F\xBF", true},
        {"just above the surrogates", "\xEE\x80\x80", true},
        {"four bytes (emoji)", "\xF0\x9F\x8C\xB8", true},
        {"U+10FFFF", "\xF4\x8F\xBF\xBF", true},
        {"a Windows-1252 apostrophe", "Ma\x92ruf", false},
        {"a lone 0xFF", "\xFF", false},
        {"a stray continuation byte", "a\x80" "b", false},
        {"a lead byte at the end", "caf\xC3", false},
        {"a three-byte character cut short", "\xE2\x80", false},
        {"a lead byte before ASCII", "\xC3(", false},
        {"overlong '/' in two bytes", "\xC0\xAF", false},
        {"overlong NUL", "\xC0\x80", false},
        {"overlong in three bytes", "\xE0\x80\xAF", false},
        {"overlong in four bytes", "\xF0\x80\x80\xAF", false},
        {"the first surrogate", "\xED\xA0\x80", false},
        {"the last surrogate", "\xED\xBF\xBF", false},
        {"U+110000", "\xF4\x90\x80\x80", false},
        {"a five-byte lead", "\xF8\x88\x80\x80\x80", false},
        {"0xFE", "\xFE", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        CHECK(is_valid_utf8(c.text) == c.valid);
    }
}

TEST_CASE("decoding gives the code point and its length, or length 0 for bytes that are not UTF-8") {
    struct Case {
        std::string text;
        char32_t code_point;
        std::size_t length;
    };
    const std::vector<Case> cases = {
        {"A", U'A', 1},        {"\xC3\xA9", U'\u00E9', 2},     {"\xE2\x80\x99", U'\u2019', 3},
        {"\xF0\x9F\x8C\xB8", U'\U0001F338', 4}, {"\xC0\xAF", 0, 0}, {"\xED\xA0\x80", 0, 0},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const Utf8Char decoded = decode_utf8(c.text, 0);
        CHECK(decoded.length == c.length);
        if (c.length > 0) CHECK(decoded.code_point == c.code_point);
    }
    for (char32_t code_point : {U'A', U'\u00E9', U'\u2019', U'\uFFFD', U'\U0001F338', U'\U0010FFFF'}) {
        std::string encoded;
        append_utf8(encoded, code_point);
        CAPTURE(encoded);
        CHECK(decode_utf8(encoded, 0).code_point == code_point);
        CHECK(decode_utf8(encoded, 0).length == encoded.size());
    }
}

TEST_CASE("bytes that are not UTF-8 are replaced one by one with U+FFFD, the rest is kept") {
    CHECK(replace_invalid_utf8("Ma\x92ruf") == "Ma\xEF\xBF\xBDruf");
    CHECK(replace_invalid_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(replace_invalid_utf8("caf\xC3\xA9 \xF0\x9F\x8C\xB8") == "caf\xC3\xA9 \xF0\x9F\x8C\xB8");
}

TEST_CASE("Windows-1252 text is recognised and converted, and UTF-8 with stray bytes is not taken for it") {
    struct Case {
        std::string what;
        std::string text;
        bool windows1252;
    };
    const std::vector<Case> cases = {
        {"a curly apostrophe", "Ma\x92ruf", true},
        {"Latin-1 letters", "Jos\xE9 M\xFCller", true},
        {"plain ASCII", "Budi Santoso", true},
        {"valid UTF-8 beside a stray byte", "Ma\xE2\x80\x99ruf \xFF", false},
        {"an undefined byte 0x81", "a\x81" "b", false},
        {"an undefined byte 0x8D", "a\x8D" "b", false},
        {"an undefined byte 0x8F", "a\x8F" "b", false},
        {"an undefined byte 0x90", "a\x90" "b", false},
        {"an undefined byte 0x9D", "a\x9D" "b", false},
        {"a UTF-8 BOM before a stray byte", "\xEF\xBB\xBFMa\x92ruf", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        CHECK(looks_like_windows1252(c.text) == c.windows1252);
    }
    CHECK(windows1252_to_utf8("Ma\x92ruf") == "Ma\xE2\x80\x99ruf");
    CHECK(windows1252_to_utf8("\x80 \x9F \xE9 \xFF") == "\xE2\x82\xAC \xC5\xB8 \xC3\xA9 \xC3\xBF");
    CHECK(windows1252_to_utf8("Budi") == "Budi");
    CHECK_FALSE(windows1252_code_point(0x81));
    CHECK(windows1252_code_point(0x92) == U'\u2019');
    CHECK(windows1252_code_point(0xA0) == U'\u00A0');
}

TEST_CASE("a code point's Windows-1252 byte is the inverse of the byte's code point") {
    for (unsigned byte = 0; byte < 256; ++byte) {
        CAPTURE(byte);
        const auto code_point = windows1252_code_point(static_cast<unsigned char>(byte));
        if (code_point) CHECK(windows1252_byte(*code_point) == byte);
    }
    CHECK(windows1252_byte(U'\u20AC') == 0x80);
    CHECK(windows1252_byte(U'\u201C') == 0x93);
    CHECK_FALSE(windows1252_byte(U'\u0141'));  // Ł
    CHECK_FALSE(windows1252_byte(U'\U0001F64F'));
}

TEST_CASE("fullwidth forms and mathematical letters and digits stand for plain ASCII") {
    CHECK(plain_ascii(U'\uFF21') == U'A');       // fullwidth A
    CHECK(plain_ascii(U'\uFF5E') == U'~');
    CHECK(plain_ascii(U'\U0001D401') == U'B');   // bold B
    CHECK(plain_ascii(U'\U0001D42E') == U'u');   // bold u
    CHECK(plain_ascii(U'\U0001D460') == U's');   // italic s
    CHECK(plain_ascii(U'\U0001D6A4') == U'i');   // dotless italic i
    CHECK(plain_ascii(U'\U0001D7CF') == U'1');   // bold 1
    CHECK(plain_ascii(U'\U0001D7FF') == U'9');   // monospace 9
    CHECK_FALSE(plain_ascii(U'A'));
    CHECK_FALSE(plain_ascii(U'\U0001D6A8'));     // bold capital alpha
    CHECK_FALSE(plain_ascii(U'\uFF61'));         // halfwidth ideographic full stop
}

TEST_CASE("truncation cuts before a UTF-8 character, never inside one") {
    CHECK(truncate_utf8("caf\xC3\xA9", 4) == "caf");
    CHECK(truncate_utf8("caf\xC3\xA9", 5) == "caf\xC3\xA9");
    CHECK(truncate_utf8("Budi", 10) == "Budi");
}

TEST_SUITE_END();

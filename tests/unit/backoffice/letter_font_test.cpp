#include "backoffice/letters/letter_font.h"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "shared/util/error.h"
#include "tests/support/temp_dir.h"

using ekel::office::letter_fonts;
using ekel::office::load_letter_fonts;
using ekel::office::read_glyph_coverage;

TEST_SUITE_BEGIN("office");

TEST_CASE("Liberation Serif covers Latin, Greek, Cyrillic and typography, but no emoji or Han") {
    const auto& fonts = letter_fonts();
    CHECK(fonts.regular_path == "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf");
    CHECK(fonts.bold_path == "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf");
    for (char32_t covered :
         {U'A', U'é', U'Ł', U'Ş', U'Ω', U'Ж', U'“', U'’', U'–', U'—', U'€', U'…', U'\u00A0'}) {
        CAPTURE(static_cast<unsigned>(covered));
        CHECK(fonts.coverage.has(covered));
    }
    for (char32_t missing : {U'\u200D', U'\uFE0F', U'李', U'\U0001F64F', U'\U0001F468'}) {
        CAPTURE(static_cast<unsigned>(missing));
        CHECK_FALSE(fonts.coverage.has(missing));
    }
}

TEST_CASE("a missing letter font is an error naming the file and the Debian package") {
    ekel::test::TempDir dir;
    CHECK_THROWS_WITH_AS(load_letter_fonts(dir.path().string()),
                         doctest::Contains("LiberationSerif-Regular.ttf is missing: install the "
                                           "Debian package fonts-liberation"),
                         ekel::Error);
}

TEST_CASE("a file that is not a whole TrueType font is an error naming it, not a crash") {
    ekel::test::TempDir dir;
    std::ifstream real(letter_fonts().regular_path, std::ios::binary);
    const std::string font(std::istreambuf_iterator<char>(real), {});
    REQUIRE(font.size() > 4096);
    // Cut inside the table directory, then right after it (the tables themselves are gone).
    const std::size_t tables =
        static_cast<unsigned char>(font[4]) * 256u + static_cast<unsigned char>(font[5]);
    const std::size_t directory = 12 + 16 * tables;
    for (const std::string& bytes :
         {std::string("not a font"), font.substr(0, directory - 7), font.substr(0, directory)}) {
        const std::string path = dir.write("broken.ttf", bytes);
        CAPTURE(bytes.size());
        CHECK_THROWS_WITH_AS(read_glyph_coverage(path), doctest::Contains(path.c_str()),
                             ekel::Error);
    }
    CHECK_THROWS_WITH_AS(read_glyph_coverage(dir.file("absent.ttf")),
                         doctest::Contains("cannot be read"), ekel::Error);
}

TEST_SUITE_END();
